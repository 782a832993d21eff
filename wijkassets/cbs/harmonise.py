"""Turn a raw KWB table (any year, any form) into the harmonised wide table, and the wide table into long form.

The wide table: index ``code`` (stripped CBS code, a string), columns ``level`` (gemeente, wijk, buurt), ``naam``,
``gemeentecode``, ``year``, then the indicators by their stable names as floats. Missing or secret is NaN:
never 0, never a sentinel.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from wijkassets._errors import ValidationError
from wijkassets.cbs import indicators as cat

ID_COLUMNS = ["level", "naam", "gemeentecode", "year"]
# CBS's own flag for a change of area since the previous year (1 unchanged, 2 new code for the same area, 3
# boundary changed): not a figure, but what comparisons over time need to tell a recode from a redraw. Kept as a
# float column after the indicators and left out of the long form.
FLAG_COLUMN = "indelingswijziging"
_FLAG_KEYS = {"IndelingswijzigingWijkenEnBuurten", "IndelingswijzigingGemeenteWijkBuurt"}
_FLAG_MAP_ATTRIBUTES = {"ind_wbi", "indelingswijziging_wijken_en_buurten", "indelingswijziging"}
LEVELS = {"GM": "gemeente", "WK": "wijk", "BU": "buurt"}
LEVEL_NAMES = ("gemeente", "wijk", "buurt")

# Wijk- en buurtkaart and PDOK files write -99999999 (secret), -99999997 (not applicable) and similar codes.
SENTINEL_LIMIT = -99_999_000

_CODE = re.compile(r"^(GM|WK|BU)[0-9A-Z]{4,8}$")


def level_of(code: str) -> str | None:
    """Return gemeente/wijk/buurt for a CBS code by its prefix, or None (NL00, unknown)."""
    return LEVELS.get(code[:2].upper()) if isinstance(code, str) else None


def gemeentecode_of(code: str) -> str | None:
    """Return the gemeente code (``GM0518``) a gemeente, wijk or buurt code belongs to."""
    if not isinstance(code, str) or level_of(code) is None or len(code) < 6:
        return None
    return "GM" + code[2:6]


def clean_code(value: Any) -> str:
    """Return a CBS code stripped of its padding (``"GM0518    "`` -> ``"GM0518"``)."""
    return str(value).strip().upper() if value is not None else ""


def to_number(values: pd.Series, *, sentinels: str = "extreme") -> pd.Series:
    """Convert raw cells to float: padded strings stripped, ``.``/empty/None to NaN, sentinels to NaN.

    ``sentinels="extreme"`` turns the map codes (-99999999, -99999997, ...) into NaN; ``"negative"`` turns every
    negative value into NaN (map attributes, where no figure can be negative).
    """
    fast: pd.Series | None = None
    if pd.api.types.is_float_dtype(values.dtype) or pd.api.types.is_integer_dtype(values.dtype):
        fast = values.astype("float64")
    elif not pd.api.types.is_bool_dtype(values.dtype):
        try:  # numbers, None, and padded numeric strings: all parse here, quickly
            fast = pd.to_numeric(values, errors="raise").astype("float64")
        except (ValueError, TypeError):
            fast = None
    if fast is not None:
        out = fast
    elif values.dtype == object or pd.api.types.is_string_dtype(values.dtype):
        text = values.astype("string").str.strip()
        text = text.mask(text.isin([".", "", "-", "x", "?"]))
        # Dutch decimal commas in a StatLine CSV ("1,9"): only when there is no dot as well.
        text = text.str.replace(r"^(-?\d+),(\d+)$", r"\1.\2", regex=True)
        out = pd.to_numeric(text, errors="coerce").astype("float64")
    else:
        out = pd.to_numeric(values, errors="coerce").astype("float64")
    if sentinels == "negative":
        out = out.mask(out < 0)
    else:
        out = out.mask(out <= SENTINEL_LIMIT)
    return out


def _source_line(table_id: str | None, year: int | None) -> str:
    from wijkassets.cbs.tables import TABLES

    if table_id and year in TABLES and TABLES[year].table_id == table_id:
        line = TABLES[year].source
    elif table_id:
        line = f"CBS, Kerncijfers wijken en buurten {year or ''} ({table_id})".replace("  ", " ")
    else:
        line = f"CBS, Kerncijfers wijken en buurten {year}" if year else "CBS"
    return line


def finish(
    frame: pd.DataFrame,
    *,
    source: str,
    year: int | None,
    table_id: str | None,
    origin: str,
    sources: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Order the columns (ids, then indicators in catalogue order) and set the provenance attrs."""
    order = cat.indicator_names()
    indicators = [c for c in order if c in frame.columns]
    extra = [c for c in frame.columns if c not in ID_COLUMNS and c not in indicators]
    out = frame[[*ID_COLUMNS, *indicators, *extra]].copy()
    out.index = pd.Index(out.index.astype(str), name="code")
    out["year"] = out["year"].astype("int64")
    out["level"] = out["level"].astype("string")
    out["gemeentecode"] = out["gemeentecode"].astype("string")
    out["naam"] = out["naam"].astype("string")
    floats = {c: out[c].astype("float64") for c in indicators if out[c].dtype != "float64"}
    if floats:
        out = out.assign(**floats)
    out.attrs["source"] = source
    out.attrs["sources"] = dict(sources) if sources else dict.fromkeys(indicators, source)
    out.attrs["year"] = year
    out.attrs["table_id"] = table_id
    out.attrs["origin"] = origin
    return out


def harmonise_rows(
    rows: pd.DataFrame,
    *,
    year: int,
    table_id: str | None,
    origin: str,
    dataproperties: Sequence[Mapping[str, Any]] | None = None,
    names: Mapping[str, str] | None = None,
    warn_unknown: bool = True,
) -> pd.DataFrame:
    """Harmonise a KWB table given with its CBS column keys (OData rows, StatLine CSV).

    Parameters
    ----------
    rows
        One row per region, columns the table's keys (``WijkenEnBuurten``, ``AantalInwoners_5``, ...), values
        as CBS gives them (numbers, padded strings, ``.`` or None for missing).
    year, table_id
        The table's year and CBS id (the id may be None when unknown).
    origin
        What the rows came from (a file name, a URL), named in messages.
    dataproperties
        The table's DataProperties, when known: keys are then matched by base name, TopicGroup and unit.
    names
        Region code -> name (the ``WijkenEnBuurten`` dimension's Titles).
    """
    cols = [str(c) for c in rows.columns]
    code_col = next(
        (c for c in cols if c.strip() == "WijkenEnBuurten"),
        next((c for c in cols if cat.base_name(c) == "Codering"), None),
    )
    if code_col is None:
        raise ValidationError(
            [
                "no region column: expected 'WijkenEnBuurten' or 'Codering_N' "
                f"among the columns {', '.join(cols[:12])}{' ...' if len(cols) > 12 else ''}"
            ],
            source=origin,
            hint="This does not look like a CBS Kerncijfers wijken en buurten table.",
        )
    if dataproperties:
        found, unmatched, problems = cat.match_dataproperties(dataproperties, columns=cols)
    else:
        found, unmatched, problems = cat.match_keys(cols)
    unmatched = [c for c in unmatched if c != code_col]
    codes = rows[code_col].map(clean_code)
    keep = codes.map(lambda c: level_of(c) is not None).to_numpy()
    rows = rows.loc[keep]
    codes = codes[keep]
    out = pd.DataFrame(index=pd.Index(codes.to_numpy(), name="code"))
    out["level"] = [level_of(c) for c in codes]
    out["gemeentecode"] = [gemeentecode_of(c) for c in codes]
    out["year"] = int(year)
    naam = pd.Series([None] * len(codes), index=out.index, dtype="object")
    if names:
        naam = pd.Series([names.get(c) for c in codes], index=out.index, dtype="object")
    gm_name_col = next((c for c in cols if cat.base_name(c) == "Gemeentenaam"), None)
    if gm_name_col is not None:
        gm_names = rows[gm_name_col].astype("string").str.strip().to_numpy()
        is_gm = (out["level"] == "gemeente").to_numpy()
        fill = naam.isna().to_numpy() & is_gm
        naam[fill] = gm_names[fill]
    out["naam"] = naam.to_numpy()
    values = {name: to_number(rows[key]).to_numpy() for name, key in found.items()}
    flag_col = next((c for c in cols if cat.base_name(c) in _FLAG_KEYS), None)
    if flag_col is not None:
        values[FLAG_COLUMN] = to_number(rows[flag_col]).to_numpy()
    out = pd.concat([out, pd.DataFrame(values, index=out.index)], axis=1)
    if out.index.duplicated().any():
        dups = sorted(set(out.index[out.index.duplicated()]))
        raise ValidationError(
            [f"code {c} occurs more than once" for c in dups[:20]],
            source=origin,
            hint="A KWB table has one row per region; pass a file with one year only.",
        )
    if warn_unknown and (unmatched or problems):
        _warn_unknown(origin, unmatched, problems)
    if warn_unknown and not dataproperties and found and int(year) not in cat.recorded_years():
        warnings.warn(
            f"{origin}: no DataProperties of the {year} table are recorded, so {len(found)} column(s) were "
            "matched by their CBS key alone and their units were not checked (some early tables give a "
            f"percentage under a name that later holds a count). To be sure: wijkassets kwb fetch {year}.",
            UserWarning,
            stacklevel=2,
        )
    source = _source_line(table_id, year)
    return finish(out, source=source, year=year, table_id=table_id, origin=origin)


def _warn_unknown(origin: str, unmatched: Iterable[str], problems: Iterable[str]) -> None:
    unmatched = list(unmatched)
    problems = list(problems)
    ambiguous = [p for p in problems if "cannot be told apart" in p]
    other = [p for p in problems if p not in ambiguous]
    parts = []
    if unmatched:
        parts.append(
            f"{len(unmatched)} column(s) left out: "
            + ", ".join(unmatched[:12])
            + (" ..." if len(unmatched) > 12 else "")
            + "."
        )
    if ambiguous:
        parts.append(
            "Base names that repeat in one table (such as Huurwoning_*: electricity or gas) are not guessed "
            "without the table's DataProperties; load_kwb/kwb fetch read them with their DataProperties."
        )
    if other:
        parts.append("Refused: " + "; ".join(other[:5]) + ".")
    if not parts:
        return
    warnings.warn(f"{origin}: " + " ".join(parts), UserWarning, stacklevel=3)


def harmonise_map_attributes(
    attrs: pd.DataFrame, *, year: int, origin: str, warn_unknown: bool = True
) -> pd.DataFrame:
    """Harmonise the attribute table of a Wijk- en buurtkaart (``AANT_INW`` or PDOK ``aantal_inwoners`` style).

    Negative values are the map's codes for secret or missing (``-99999999``) and become NaN. Percentage
    attributes (``P_00_14_JR``) go to their own percentage indicators, never into count columns.
    """
    cols = {c.strip(): c for c in attrs.columns}
    lower = {c.lower(): c for c in cols}
    code_col = name_col = None
    for code_name, naam_name in [
        ("bu_code", "bu_naam"),
        ("buurtcode", "buurtnaam"),
        ("wk_code", "wk_naam"),
        ("wijkcode", "wijknaam"),
        ("gm_code", "gm_naam"),
        ("gemeentecode", "gemeentenaam"),
        ("statcode", "statnaam"),
    ]:
        if code_name in lower:
            code_col = cols[lower[code_name]]
            name_col = cols[lower[naam_name]] if naam_name in lower else None
            break
    if code_col is None:
        raise ValidationError(
            [
                "no area code column: expected BU_CODE/WK_CODE/GM_CODE (Wijk- en buurtkaart) or "
                "buurtcode/wijkcode/gemeentecode (PDOK) among the columns "
                + ", ".join(list(cols)[:15])
            ],
            source=origin,
            hint="This does not look like the attribute table of a CBS Wijk- en buurtkaart.",
        )
    codes = attrs[code_col].map(clean_code)
    keep = codes.map(lambda c: level_of(c) is not None)
    water_col = next((cols[c] for c in cols if c.lower() == "water"), None)
    if water_col is not None:
        # Old gemeente maps add a water part under the same code, with no figures: keep the land part.
        is_water = attrs[water_col].astype("string").str.strip().str.upper().eq("JA").fillna(False)
        keep &= ~(is_water & codes.duplicated(keep=False))
    keep_arr = keep.to_numpy(dtype=bool)
    attrs = attrs.loc[keep_arr]
    codes = codes[keep_arr]
    out = pd.DataFrame(index=pd.Index(codes.to_numpy(), name="code"))
    out["level"] = [level_of(c) for c in codes]
    out["gemeentecode"] = [gemeentecode_of(c) for c in codes]
    out["year"] = int(year)
    out["naam"] = (
        attrs[name_col].astype("string").str.strip().to_numpy() if name_col is not None else None
    )
    found = cat.match_map_attributes(cols)
    values = {
        name: to_number(attrs[cols[col]], sentinels="negative").to_numpy()
        for name, col in found.items()
    }
    flag_col = next((cols[c] for c in cols if c.lower() in _FLAG_MAP_ATTRIBUTES), None)
    if flag_col is not None:
        values[FLAG_COLUMN] = to_number(attrs[flag_col], sentinels="negative").to_numpy()
    out = pd.concat([out, pd.DataFrame(values, index=out.index)], axis=1)
    if out.index.duplicated().any():
        out = out[~out.index.duplicated(keep="first")]
        warnings.warn(
            f"{origin}: duplicate area codes; kept the first row of each.",
            UserWarning,
            stacklevel=2,
        )
    if warn_unknown:
        known = set(cat.map_attribute_names()) | _MAP_NOT_FIGURES
        unknown = [
            c
            for c in cols
            if c not in known
            and c.lower() not in _MAP_NOT_FIGURES_LOWER
            and cols[c] != code_col
            and cols[c] != name_col
        ]
        if unknown:
            _warn_unknown(origin, unknown, [])
    source = (
        f"CBS, Kerncijfers wijken en buurten {year} (kenmerken van de Wijk- en buurtkaart {year})"
    )
    return finish(out, source=source, year=year, table_id=None, origin=origin)


# Map attributes that identify or describe the area rather than give a figure.
_MAP_NOT_FIGURES = {
    "BU_CODE", "BU_NAAM", "WK_CODE", "WK_NAAM", "GM_CODE", "GM_NAAM", "IND_WBI", "WATER", "POSTCODE",
    "DEK_PERC", "id", "FID", "jrstatcode", "jaarstatcode", "jaar", "rubriek", "statcode", "statnaam",
}  # fmt: skip
_MAP_NOT_FIGURES_LOWER = {c.lower() for c in _MAP_NOT_FIGURES} | {
    "buurtcode", "buurtnaam", "wijkcode", "wijknaam", "gemeentecode", "gemeentenaam",
    "indelingswijziging_wijken_en_buurten", "water", "meest_voorkomende_postcode", "dekkingspercentage",
    "objectid", "shape_length", "shape_area", "geometry",
}  # fmt: skip


def to_long(wide: pd.DataFrame, *, dropna: bool = False) -> pd.DataFrame:
    """Return the long form of a wide KWB table: columns ``code, year, indicator, value, source``.

    ``source`` is the CBS table of each figure (from ``attrs["sources"]``, else ``attrs["source"]``). Missing
    figures stay as NaN rows unless ``dropna`` is True.
    """
    indicators = [c for c in wide.columns if c not in ID_COLUMNS and c != FLAG_COLUMN]
    base = wide.reset_index()
    long = base.melt(
        id_vars=["code", "year"], value_vars=indicators, var_name="indicator", value_name="value"
    )
    sources = wide.attrs.get("sources") or {}
    by_year = wide.attrs.get("sources_by_year") or {}
    default = wide.attrs.get("source", "CBS")
    if by_year:
        long["source"] = long["year"].map(lambda y: by_year.get(int(y), default)).astype("string")
    else:
        long["source"] = long["indicator"].map(lambda n: sources.get(n, default)).astype("string")
    long["value"] = long["value"].astype("float64")
    if dropna:
        long = long[long["value"].notna()]
    long = long.sort_values(["code", "year"], kind="stable").reset_index(drop=True)
    long.attrs = {"source": default}
    return long


def concat_years(frames: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Stack wide tables of several years (index ``code`` repeats, one row per code and year)."""
    if len(frames) == 1:
        return frames[0]
    per_column: dict[str, list[str]] = {}
    for f in frames:
        for k, v in (f.attrs.get("sources") or {}).items():
            per_column.setdefault(k, [])
            if v not in per_column[k]:
                per_column[k].append(v)
    sources = {k: "; ".join(v) for k, v in per_column.items()}
    order = cat.indicator_names()
    out = pd.concat(frames, axis=0, sort=False)
    indicators = [c for c in order if c in out.columns]
    out = out[[*ID_COLUMNS, *indicators]]
    out.attrs = {
        "source": "; ".join(dict.fromkeys(str(f.attrs.get("source")) for f in frames)),
        "sources": sources,
        "sources_by_year": {int(f.attrs["year"]): str(f.attrs.get("source")) for f in frames},
    }
    return out
