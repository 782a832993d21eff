"""Recognise the column styles of Wijk- en buurtkaart files and turn them into one shape.

Styles met in the wild (all handled by :func:`normalise`):

=============================  ===========================================================================
style                          columns
=============================  ===========================================================================
old CBS shapefile (until 2020)  ``BU_CODE, BU_NAAM, WK_CODE, WK_NAAM, GM_CODE, GM_NAAM, WATER, OPP_LAND...``
PDOK (2021 on)                  ``buurtcode, buurtnaam, wijkcode, wijknaam, gemeentecode, gemeentenaam, water``
CBS gebiedsindelingen/cartomap  ``statcode, statnaam, jrstatcode, rubriek``
plain                           ``code, name`` (or ``naam``)
anything else                   the first text column whose values all look like CBS codes
=============================  ===========================================================================
"""

from __future__ import annotations

import re
import warnings
from typing import TYPE_CHECKING

import numpy as np

from wijkassets._errors import ValidationError

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

LEVELS = ("gemeente", "wijk", "buurt")
PREFIX_LEVEL = {"GM": "gemeente", "WK": "wijk", "BU": "buurt"}
LEVEL_PREFIX = {v: k for k, v in PREFIX_LEVEL.items()}
CODE_RE = re.compile(r"^(GM|WK|BU)[0-9]{4}[0-9A-Z]{0,4}$")
OUT_COLUMNS = ["code", "level", "naam", "gemeentecode", "wijkcode", "year", "water", "geometry"]

# Per level, the candidate columns for code and name, most specific first (compared case-insensitively).
_CODE_COLS = {
    "buurt": ["bu_code", "buurtcode"],
    "wijk": ["wk_code", "wijkcode"],
    "gemeente": ["gm_code", "gemeentecode"],
}
_NAME_COLS = {
    "buurt": ["bu_naam", "buurtnaam"],
    "wijk": ["wk_naam", "wijknaam"],
    "gemeente": ["gm_naam", "gemeentenaam"],
}
_GENERIC_CODE = ["statcode", "code", "regiocode", "id_code"]
_GENERIC_NAME = ["statnaam", "naam", "name", "regionaam"]
_WATER = ["water"]
_LAND = ["opp_land", "oppervlakte_land_in_ha", "oppervlakte_land"]
_WATER_AREA = ["opp_water", "oppervlakte_water_in_ha", "oppervlakte_water"]
_YEAR = ["jaar", "jaarcode", "year"]


def clean_code(value: object) -> str | None:
    """Return a CBS code stripped of padding and upper-cased, or None for an empty value."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    text = str(value).strip().upper()
    return text or None


def normalise_level(level: str) -> str:
    """Return ``"gemeente"``, ``"wijk"`` or ``"buurt"`` for a level given in singular, plural or English."""
    aliases = {
        "gemeente": "gemeente",
        "gemeenten": "gemeente",
        "gm": "gemeente",
        "municipality": "gemeente",
        "municipalities": "gemeente",
        "wijk": "wijk",
        "wijken": "wijk",
        "wk": "wijk",
        "district": "wijk",
        "districts": "wijk",
        "buurt": "buurt",
        "buurten": "buurt",
        "bu": "buurt",
        "neighbourhood": "buurt",
        "neighbourhoods": "buurt",
    }
    key = str(level).strip().lower()
    if key not in aliases:
        from wijkassets._errors import WijkassetsError

        raise WijkassetsError(
            f"Unknown level {level!r}. Use one of: gemeente, wijk, buurt (plurals are fine too)."
        )
    return aliases[key]


def _find(columns: dict[str, str], names: list[str]) -> str | None:
    for n in names:
        if n in columns:
            return columns[n]
    return None


def _code_like_column(df: pd.DataFrame) -> str | None:
    for col in df.columns:
        if col == "geometry" or df[col].dtype.kind in "fiub":
            continue
        values = df[col].dropna().astype(str).str.strip().str.upper()
        if len(values) and values.map(lambda v: bool(CODE_RE.match(v))).all():
            return str(col)
    return None


def _detect_level(columns: dict[str, str], df: pd.DataFrame) -> tuple[str | None, str | None]:
    """Return (level, code column) for a file of a single level, or (None, generic column)."""
    if "code" in columns and "level" in columns:
        # wijkassets' own shape (written by `areas boundaries -o`): its wijkcode/gemeentecode columns are
        # parents of each area, not the areas' own codes
        return None, columns["code"]
    for level in ("buurt", "wijk", "gemeente"):
        col = _find(columns, _CODE_COLS[level])
        if col is not None:
            return level, col
    col = _find(columns, _GENERIC_CODE)
    if col is None:
        col = _code_like_column(df)
    return None, col


def _water_flag(df: pd.DataFrame, columns: dict[str, str]) -> np.ndarray:
    col = _find(columns, _WATER)
    if col is not None:
        values = df[col]
        if values.dtype.kind == "b":
            return values.fillna(False).to_numpy(dtype=bool)
        text = values.astype(str).str.strip().str.upper()
        return text.isin(["JA", "J", "TRUE", "1", "YES", "WATER"]).to_numpy(dtype=bool)
    land = _find(columns, _LAND)
    water = _find(columns, _WATER_AREA)
    if land is not None and water is not None:
        import pandas as pd

        land_v = pd.to_numeric(df[land], errors="coerce")
        water_v = pd.to_numeric(df[water], errors="coerce")
        return ((land_v == 0) & (water_v > 0)).fillna(False).to_numpy(dtype=bool)
    return np.zeros(len(df), dtype=bool)


def _year_from(df: pd.DataFrame, columns: dict[str, str]) -> pd.Series | None:
    import pandas as pd

    col = columns.get("jrstatcode")
    if col is not None:
        years = df[col].astype(str).str.extract(r"^(\d{4})")[0]
        return pd.to_numeric(years, errors="coerce").astype("Int64")
    col = _find(columns, _YEAR)
    if col is not None:
        years = df[col].astype(str).str.extract(r"(\d{4})")[0]
        return pd.to_numeric(years, errors="coerce").astype("Int64")
    return None


def normalise(
    raw: gpd.GeoDataFrame, *, year: int | None, source: str, year_hint: int | None = None
) -> gpd.GeoDataFrame:
    """Return ``raw`` in the wijkassets shape: ``code, level, naam, gemeentecode, wijkcode, year, water, geometry``.

    ``year`` (given by the caller) wins over a year found in the data (``jrstatcode``, ``jaar``), which wins
    over ``year_hint`` (e.g. a year in the file name). Geometry is returned as found (no CRS change, no repair).
    """
    import geopandas as gpd
    import pandas as pd

    columns = {str(c).strip().lower(): c for c in raw.columns if c != raw.geometry.name}
    file_level, code_col = _detect_level(columns, raw)
    if code_col is None:
        raise ValidationError(
            [
                "no column with area codes found; looked for BU_CODE/WK_CODE/GM_CODE, buurtcode/wijkcode/"
                "gemeentecode, statcode, code, or any column whose values all look like GM0518/WK051838/"
                f"BU05182916 (columns present: {', '.join(map(str, columns.values())) or 'none'})"
            ],
            source=source,
            hint="Add a column 'code' with the CBS codes, or use a Wijk- en buurtkaart file.",
        )
    codes = raw[code_col].map(clean_code)
    # Numeric codes without prefix (e.g. 518 for a gemeente) are turned into CBS codes.
    if file_level is not None:
        prefix = LEVEL_PREFIX[file_level]
        width = {"gemeente": 4, "wijk": 6, "buurt": 8}[file_level]
        codes = codes.map(
            lambda c: f"{prefix}{c.zfill(width)}" if c is not None and c.isdigit() else c
        )
    problems = []
    bad = [(i, c) for i, c in enumerate(codes) if c is None or not CODE_RE.match(c)]
    for i, c in bad[:20]:
        problems.append(
            f"feature {i + 1}, column {code_col!r}: {c!r} is not a CBS code like GM0518, WK051838 or BU05182916"
        )
    if len(bad) > 20:
        problems.append(f"... and {len(bad) - 20} more features with the same problem")
    if problems:
        raise ValidationError(
            problems, source=source, hint="Fix or remove these rows, then read the file again."
        )
    levels = codes.str[:2].map(PREFIX_LEVEL)

    name_col = _find(columns, _NAME_COLS[file_level]) if file_level else None
    if name_col is None:
        name_col = _find(columns, _GENERIC_NAME)
    if name_col is None and file_level is None:
        # A plain code column next to e.g. buurtnaam: the level of the codes says which name column.
        only = set(levels.dropna())
        if len(only) == 1:
            name_col = _find(columns, _NAME_COLS[only.pop()])
    naam = (
        raw[name_col].astype("string").str.strip()
        if name_col is not None
        else pd.Series(pd.NA, index=raw.index, dtype="string")
    )

    gm_col = _find(columns, _CODE_COLS["gemeente"]) if file_level != "gemeente" else None
    wk_col = _find(columns, _CODE_COLS["wijk"]) if file_level == "buurt" else None
    gemeentecode = "GM" + codes.str[2:6]
    if gm_col is not None:
        given = raw[gm_col].map(clean_code)
        gemeentecode = given.where(given.notna(), gemeentecode)
    wijkcode = pd.Series(pd.NA, index=raw.index, dtype="string")
    is_buurt = levels == "buurt"
    wijkcode[is_buurt] = "WK" + codes[is_buurt].str[2:8]
    if wk_col is not None:
        given = raw[wk_col].map(clean_code)
        wijkcode[is_buurt] = given[is_buurt].where(given[is_buurt].notna(), wijkcode[is_buurt])
    is_wijk = levels == "wijk"
    wijkcode[is_wijk] = codes[is_wijk]

    found_year = _year_from(raw, columns)
    if year is not None:
        years = pd.Series(int(year), index=raw.index, dtype="Int64")
    elif found_year is not None and found_year.notna().all():
        years = found_year
    elif year_hint is not None:
        years = pd.Series(int(year_hint), index=raw.index, dtype="Int64")
    else:
        years = pd.Series(pd.NA, index=raw.index, dtype="Int64")
        warnings.warn(
            f"{source}: the year of this map is not in the file; pass year=... (CBS redraws boundaries "
            "every year, so comparisons need it). The column 'year' is left empty.",
            stacklevel=3,
        )

    out = gpd.GeoDataFrame(
        {
            "code": codes.astype("string"),
            "level": levels.astype("string"),
            "naam": naam,
            "gemeentecode": gemeentecode.astype("string"),
            "wijkcode": wijkcode.astype("string"),
            "year": years,
            "water": _water_flag(raw, columns),
        },
        geometry=raw.geometry.to_numpy(),
        crs=raw.crs,
    )
    out = out.reset_index(drop=True)
    dupes = out["code"][out["code"].duplicated(keep=False)]
    if len(dupes) and out["year"].nunique(dropna=False) <= 1:
        dup_codes = sorted(set(dupes))
        # The same code twice in one map: merge the parts into one area (a multipart feature stored split).
        warnings.warn(
            f"{source}: {len(dup_codes)} code{'s appear' if len(dup_codes) != 1 else ' appears'} more than once "
            f"({', '.join(dup_codes[:5])}{' ...' if len(dup_codes) > 5 else ''}); their parts were merged into "
            "one area each.",
            stacklevel=3,
        )
        out = _merge_duplicates(out)
    return out


def _merge_duplicates(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    import geopandas as gpd

    first = gdf.drop(columns="geometry").groupby("code", sort=False).first()
    geoms = gdf.dissolve(by="code", sort=False).geometry
    merged = gpd.GeoDataFrame(first, geometry=geoms.reindex(first.index).to_numpy(), crs=gdf.crs)
    return merged.reset_index()
