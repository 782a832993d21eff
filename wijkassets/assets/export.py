"""Write a register, or its public view, for the tools community builders already use.

- :func:`to_geojson`: GeoJSON (EPSG:4326, RFC 7946), e.g. for uMap, QGIS or geojson.io; ``umap=True`` adds uMap's
  ``name``/``description`` properties and a colour per category.
- :func:`to_kumu`: Kumu's import layout: *Elements* (``ID, Label, Type, Description, Tags``) and *Connections*
  (``From, To, Type, Description``), as two sheets of one ``.xlsx`` or two ``.csv`` files.
- :func:`xlsform`: an XLSForm for KoboToolbox/ODK Collect, so a walk can be recorded on a phone; its CSV export
  imports straight back with ``wijkassets assets import``.

Text is written as typed: nothing here renders HTML, and the exports declare no HTML either.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wijkassets._errors import WijkassetsError
from wijkassets.assets import schema

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd


def _clean(value: Any) -> Any:
    import pandas as pd

    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def _colour(categorie: str) -> str | None:
    try:
        from wijkassets.render.style import category_style
    except ImportError:  # pragma: no cover - the render step is optional for exports
        return None
    try:
        return str(category_style(categorie).colour)
    except Exception:
        return None


def geojson_dict(
    assets: gpd.GeoDataFrame, *, umap: bool = False, name: str | None = None
) -> dict[str, Any]:
    """Return ``assets`` as a GeoJSON FeatureCollection (EPSG:4326, coordinates rounded to 7 decimals)."""
    import shapely

    wgs = assets.to_crs(4326) if assets.crs is not None else assets
    features = []
    props_cols = [c for c in wgs.columns if c != wgs.geometry.name]
    for _, row in wgs.iterrows():
        geom = shapely.set_precision(row.geometry, 1e-7) if row.geometry is not None else None
        props = {c: _clean(row[c]) for c in props_cols}
        if umap:
            props = {
                "name": props.get("naam"),
                "description": props.get("beschrijving"),
                **props,
                "_umap_options": {"color": _colour(str(props.get("categorie")))},
            }
        features.append(
            {
                "type": "Feature",
                "properties": props,
                "geometry": json.loads(shapely.to_geojson(geom)) if geom is not None else None,
            }
        )
    doc: dict[str, Any] = {"type": "FeatureCollection", "features": features}
    # where it came from and which privacy rule made it (foreign members, ignored by map tools)
    for key, attr in (("bron", "source"), ("privacy", "privacy"), ("fictief", "fictional")):
        if attr in assets.attrs:
            doc[key] = assets.attrs[attr]
    if umap:
        doc["_umap_options"] = {"name": name or "wijkassets"}
    return doc


def to_geojson(
    assets: gpd.GeoDataFrame,
    path: str | os.PathLike[str],
    *,
    umap: bool = False,
    name: str | None = None,
) -> Path:
    """Write ``assets`` as GeoJSON (EPSG:4326) atomically and return the path."""
    from wijkassets._io import atomic_write_text

    out = Path(path)
    if out.suffix.lower() not in (".geojson", ".json", ".umap"):
        raise WijkassetsError(
            f"Cannot write GeoJSON to {out.name!r}: use a name ending in .geojson."
        )
    doc = geojson_dict(assets, umap=umap, name=name)
    atomic_write_text(out, json.dumps(doc, ensure_ascii=False, indent=1))
    return out


def kumu_tables(
    assets: gpd.GeoDataFrame | pd.DataFrame, links: pd.DataFrame, *, language: str | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return Kumu's Elements and Connections tables for ``assets`` and the links between them."""
    import pandas as pd

    ids = set(assets["id"])
    elements = pd.DataFrame(
        {
            "ID": assets["id"].astype(str),
            "Label": assets["naam"],
            "Type": [schema.category_label(c, language=language) for c in assets["categorie"]],
            "Description": assets["beschrijving"],
            "Tags": assets["tags"].fillna("").str.replace(";", "|"),
        }
    )
    usable = links[links["van"].isin(ids) & links["naar"].isin(ids)]
    connections = pd.DataFrame(
        {
            "From": usable["van"],
            "To": usable["naar"],
            "Type": usable["soort"],
            "Description": usable["notitie"],
        }
    )
    return elements.reset_index(drop=True), connections.reset_index(drop=True)


def to_kumu(
    assets: gpd.GeoDataFrame | pd.DataFrame,
    links: pd.DataFrame,
    path: str | os.PathLike[str],
    *,
    language: str | None = None,
) -> list[Path]:
    """Write Kumu's import files: one ``.xlsx`` with sheets Elements and Connections, or two ``.csv`` files.

    For ``OUT.csv`` the files are ``OUT-elements.csv`` and ``OUT-connections.csv``.
    """
    import pandas as pd

    from wijkassets._io import atomic_path, write_table

    out = Path(path)
    elements, connections = kumu_tables(assets, links, language=language)
    suffix = out.suffix.lower()
    if suffix == ".xlsx":
        with atomic_path(out) as tmp, pd.ExcelWriter(tmp, engine="openpyxl") as writer:
            elements.to_excel(writer, sheet_name="Elements", index=False)
            connections.to_excel(writer, sheet_name="Connections", index=False)
        return [out]
    if suffix == ".csv":
        a = write_table(elements, out.with_name(f"{out.stem}-elements.csv"), index=False)
        b = write_table(connections, out.with_name(f"{out.stem}-connections.csv"), index=False)
        return [a, b]
    raise WijkassetsError(
        f"Cannot write Kumu files to {out.name!r}: use a name ending in .xlsx (two sheets) or .csv."
    )


def xlsform(path: str | os.PathLike[str], *, title: str = "Wat heeft onze buurt?") -> Path:
    """Write an XLSForm (KoboToolbox / ODK Collect) to record assets on a phone during a walk.

    The form's field names are the register's column names (``naam``, ``categorie``, ``tags``,
    ``beschrijving``, ``privacy``, ``toestemming``, ``vastgelegd_door``) plus a geopoint ``locatie``, so the
    form's CSV export imports straight back. Labels are in Dutch and English.
    """
    from openpyxl import Workbook

    from wijkassets._io import atomic_path

    out = Path(path)
    if out.suffix.lower() != ".xlsx":
        raise WijkassetsError(
            f"An XLSForm is an Excel file: use a name ending in .xlsx, not {out.name!r}."
        )
    nl, en = "label::Nederlands (nl)", "label::English (en)"
    hnl, hen = "hint::Nederlands (nl)", "hint::English (en)"
    survey_head = ["type", "name", nl, en, hnl, hen, "required", "relevant", "appearance"]
    survey = [
        ["start", "start", "", "", "", "", "", "", ""],
        ["end", "end", "", "", "", "", "", "", ""],
        ["today", "today", "", "", "", "", "", "", ""],
        [
            "text",
            "naam",
            "Naam van de asset",
            "Name of the asset",
            "Wat is het? Bijv. 'Buurtmoestuin'",
            "What is it?",
            "yes",
            "",
            "",
        ],
        [
            "select_one categorie",
            "categorie",
            "Soort asset",
            "Kind of asset",
            "",
            "",
            "yes",
            "",
            "",
        ],
        ["select_multiple tags", "tags", "Trefwoorden", "Tags", "", "", "", "", "minimal"],
        [
            "text",
            "beschrijving",
            "Beschrijving",
            "Description",
            "Wat maakt het waardevol voor de buurt?",
            "Why does it matter to the neighbourhood?",
            "",
            "",
            "multiline",
        ],
        [
            "geopoint",
            "locatie",
            "Waar is het?",
            "Where is it?",
            "Wacht tot de nauwkeurigheid onder 10 m is",
            "Wait until the accuracy is below 10 m",
            "yes",
            "",
            "",
        ],
        [
            "select_one privacy",
            "privacy",
            "Wie mag dit zien?",
            "Who may see this?",
            "",
            "",
            "yes",
            "",
            "",
        ],
        [
            "select_one ja_nee",
            "toestemming",
            "Heeft de persoon toestemming gegeven om op de kaart te staan?",
            "Did the person agree to be on the map?",
            "Zonder toestemming komt een persoon nooit op een openbare kaart",
            "Without consent a person never appears on a public map",
            "yes",
            "${categorie} = 'individu'",
            "",
        ],
        [
            "text",
            "vastgelegd_door",
            "Uw naam (alleen voor het register)",
            "Your name (kept in the register only)",
            "",
            "",
            "",
            "",
            "",
        ],
    ]
    choices_head = ["list_name", "name", nl, en]
    choices: list[list[str]] = []
    for cat in schema.CATEGORIES:
        choices.append(
            [
                "categorie",
                schema.category_key(cat),
                schema.CATEGORY_LABELS_NL[cat],
                schema.CATEGORY_LABELS_EN[cat],
            ]
        )
    for tag in schema.SUGGESTED_TAGS:
        choices.append(["tags", tag, tag, tag])
    choices += [
        ["privacy", "openbaar", "Iedereen (openbaar)", "Everyone (public)"],
        ["privacy", "buurt", "Alleen de buurt", "The neighbourhood only"],
        ["privacy", "prive", "Alleen het register (privé)", "The register only (private)"],
        ["ja_nee", "ja", "Ja", "Yes"],
        ["ja_nee", "nee", "Nee", "No"],
    ]
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "survey"
    ws.append(survey_head)
    for row in survey:
        ws.append(row)
    wc = wb.create_sheet("choices")
    wc.append(choices_head)
    for row in choices:
        wc.append(row)
    wsettings = wb.create_sheet("settings")
    wsettings.append(["form_title", "form_id", "version", "default_language"])
    wsettings.append([title, "wijkassets_abcd", "1", "Nederlands (nl)"])
    with atomic_path(out) as tmp:
        wb.save(tmp)
    return out


TEMPLATE_ROWS: list[dict[str, str]] = [
    {
        "id": "",
        "naam": "Buurtmoestuin",
        "categorie": "fysieke plek",
        "tags": "natuur;ontmoetingsplek",
        "beschrijving": "Iedereen mag helpen en oogsten",
        "lat": "52.0705",
        "lon": "4.3007",
        "privacy": "openbaar",
        "toestemming": "",
        "vastgelegd_door": "",
        "vastgelegd_op": "",
        "bron": "wandeling",
        "laatst_gezien": "",
        "beeindigd": "",
    },
    {
        "id": "",
        "naam": "Buurvrouw die kookt",
        "categorie": "individu",
        "tags": "eten",
        "beschrijving": "Kookt voor buren die ziek zijn",
        "lat": "52.0712",
        "lon": "4.2995",
        "privacy": "prive",
        "toestemming": "nee",
        "vastgelegd_door": "",
        "vastgelegd_op": "",
        "bron": "workshop",
        "laatst_gezien": "",
        "beeindigd": "",
    },
]


def template(path: str | os.PathLike[str]) -> Path:
    """Write an example table to fill in (``.csv`` with ``;`` as Dutch Excel expects, or ``.xlsx``)."""
    import pandas as pd

    from wijkassets._io import atomic_write_text, write_table

    out = Path(path)
    frame = pd.DataFrame(TEMPLATE_ROWS)
    if out.suffix.lower() == ".csv":
        # with a byte-order mark, so Excel on Windows opens it as UTF-8
        atomic_write_text(out, "\ufeff" + frame.to_csv(sep=";", index=False, lineterminator="\n"))
        return out
    if out.suffix.lower() == ".xlsx":
        return write_table(frame, out, index=False, sheet="assets")
    raise WijkassetsError(f"Write the template as .csv or .xlsx, not {out.name!r}.")
