"""A national-size recorded KWB 2024 response, built honestly from the real files in ``data/cbs/``.

What is real (Bron: CBS, KWB 2024, 85984NED):

- the 172 ``DataProperties`` (every Topic becomes a column, in the real order, with its real key and type),
- the ``TableInfos``,
- the values of the 8 real indicators (AantalInwoners_5, Mannen_6, Vrouwen_7, Bevolkingsdichtheid_34,
  Woningvoorraad_35, OppervlakteTotaal_122, OppervlakteLand_123, OppervlakteWater_124) for all 342 gemeenten
  and 3,393 wijken, and the names of gemeenten and wijken from the real 2024/2023 maps.

What is SYNTHETIC (so the response has the size and shape of a national year, about 17,000 rows):

- about 13,500 buurt rows: each real wijk's row repeated under four made-up buurt codes
  (``BU`` + the wijk's six characters + ``90``..``93``), named "<wijk> (synthetic buurt n)";
- the other numeric Topic columns, which the repository has no real national values for: each is filled with
  one of the row's own real values (cycled over the 8), so the JSON has realistic numbers in every cell.
  **These are placeholders for size, not CBS figures**; nothing outside the benchmark reads them.

The files are written the way ``cbsodata.download_data`` writes them (bare JSON lists: ``TableInfos.json``,
``DataProperties.json``, ``WijkenEnBuurten.json``,
``TypedDataSet.json``), and :func:`odata_pages` serves the same rows as OData v3
pages (``value`` + ``odata.nextLink``) for a fake server.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bench._harness import ROOT, WORK

TABLE = "85984NED"
CBS = ROOT / "data" / "cbs"
REAL_KEYS = (
    "AantalInwoners_5",
    "Mannen_6",
    "Vrouwen_7",
    "Bevolkingsdichtheid_34",
    "Woningvoorraad_35",
    "OppervlakteTotaal_122",
    "OppervlakteLand_123",
    "OppervlakteWater_124",
)
BUURTEN_PER_WIJK = 4


def _names() -> dict[str, str]:
    """Return real names by code: gemeenten 2023 and wijken 2024 (Bron: CBS)."""
    import geopandas as gpd

    names: dict[str, str] = {}
    gm = gpd.read_file(
        ROOT / "data" / "geo" / "gemeenten_2023_wgs84_simplified.geojson", ignore_geometry=True
    )
    names.update(zip(gm["gemeentecode"].astype(str), gm["gemeentenaam"].astype(str), strict=True))
    wk = gpd.read_file(ROOT / "data" / "geo" / "nl_wijken_2024_cartomap.topojson")
    names.update(zip(wk["statcode"].astype(str), wk["statnaam"].astype(str), strict=True))
    return names


def build_rows(
    buurten_per_wijk: int = BUURTEN_PER_WIJK,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Return (TableInfos, DataProperties, TypedDataSet rows, WijkenEnBuurten dimension) of the response."""
    infos = json.loads((CBS / f"kwb-2024-{TABLE}-TableInfos.json").read_text(encoding="utf-8"))
    props = json.loads((CBS / f"kwb-2024-{TABLE}-DataProperties.json").read_text(encoding="utf-8"))
    values = json.loads(
        (CBS / f"kwb-2024-{TABLE}-gemeenten-wijken-8-indicators.json").read_text(encoding="utf-8")
    )
    names = _names()
    topics = [p for p in props if p.get("Type") == "Topic"]
    numeric = [p for p in topics if p.get("Datatype") in ("Long", "Double")]
    gm_names = {code: names.get(code, code) for code in values if code.startswith("GM")}

    def row(code: str, kind: str, naam_gm: str, real: dict[str, Any], ident: int) -> dict[str, Any]:
        r: dict[str, Any] = {
            "ID": ident,
            "WijkenEnBuurten": code.ljust(10),
            "Gemeentenaam_1": naam_gm.ljust(40),
            "SoortRegio_2": kind.ljust(10),
            "Codering_3": code.ljust(10),
            "IndelingswijzigingGemeenteWijkBuurt_4": "1",
        }
        real_vals = [real.get(k) for k in REAL_KEYS]
        for i, p in enumerate(numeric):
            key = p["Key"]
            if key in real:
                r[key] = real[key]
            else:  # SYNTHETIC placeholder: one of the row's own real values, for size only
                v = real_vals[i % len(real_vals)]
                if v is not None and p.get("Datatype") == "Double":
                    v = float(v) / 10
                r[key] = v
        r["MeestVoorkomendePostcode_125"] = "    "
        return r

    rows: list[dict[str, Any]] = []
    dimension: list[dict[str, Any]] = []
    ident = 0
    for code, real in values.items():
        gm = "GM" + code[2:6]
        naam_gm = gm_names.get(gm, gm)
        if code.startswith("GM"):
            rows.append(row(code, "Gemeente", naam_gm, real, ident))
            dimension.append(_dim(code, naam_gm))
            ident += 1
            continue
        rows.append(row(code, "Wijk", naam_gm, real, ident))
        dimension.append(_dim(code, names.get(code, code)))
        ident += 1
        for n in range(buurten_per_wijk):
            bu = f"BU{code[2:]}{90 + n}"
            rows.append(row(bu, "Buurt", naam_gm, real, ident))
            dimension.append(_dim(bu, f"{names.get(code, code)} (synthetic buurt {n + 1})"))
            ident += 1
    return infos, props, rows, dimension


def _dim(code: str, title: str) -> dict[str, Any]:
    return {"Key": code.ljust(10), "Title": title, "Description": "", "DetailRegionCode": ""}


def write_download_dir(buurten_per_wijk: int = BUURTEN_PER_WIJK) -> Path:
    """Write the response as ``cbsodata.download_data`` does; return the folder (cached in bench/_work)."""
    folder = WORK / f"kwb-2024-{TABLE}-national-{buurten_per_wijk}"
    done = folder / "TypedDataSet.json"
    if done.exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    infos, props, rows, dimension = build_rows(buurten_per_wijk)
    (folder / "WijkenEnBuurten.json").write_text(json.dumps(dimension, ensure_ascii=False), "utf-8")
    (folder / "TableInfos.json").write_text(json.dumps(infos, ensure_ascii=False), "utf-8")
    (folder / "DataProperties.json").write_text(json.dumps(props, ensure_ascii=False), "utf-8")
    tmp = folder / "TypedDataSet.json.tmp"
    tmp.write_text(json.dumps(rows, ensure_ascii=False), "utf-8")
    tmp.replace(done)
    return folder


def odata_pages(rows: list[dict[str, Any]], base: str, *, page: int = 10_000) -> list[bytes]:
    """Return the rows as OData v3 JSON pages of ``page`` rows linked by ``odata.nextLink``."""
    out = []
    for start in range(0, len(rows), page):
        body: dict[str, Any] = {
            "odata.metadata": f"{base}/$metadata#Cbs.OData.WebAPI.TypedDataSet",
            "value": rows[start : start + page],
        }
        if start + page < len(rows):
            body["odata.nextLink"] = f"{base}/TypedDataSet?$format=json&$skip={start + page}"
        out.append(json.dumps(body, ensure_ascii=False).encode("utf-8"))
    return out
