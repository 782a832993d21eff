"""Test helpers for the compare tests: real boundaries and figures in the contracted shapes.

Boundaries come through ``wijkassets.areas.read_boundaries`` (repaired, EPSG:28992). Figures are read straight
from the real files' own attributes (the 2015 map's ``AANT_INW`` style, the Ermelo 2021 PDOK style), with CBS's
``-99999999`` (secret/unknown) turned into NaN, in the ``load_kwb`` shape: index ``code``, columns ``level``,
``naam``, ``gemeentecode``, ``year``, then indicators. Bron: CBS.
"""

from __future__ import annotations

import functools
import warnings
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
TESTDATA = ROOT / "tests" / "data"
ROTTERDAM_2015 = DATA / "geo" / "rotterdam-rijnmond_buurt_2015.geojson"
ROTTERDAM_2024 = DATA / "geo" / "rotterdam_buurten_2024_wgs84.geojson"
ERMELO_2021 = TESTDATA / "geo" / "ermelo_buurten_2021_pdok.gpkg"

#: The Hoek van Holland buurten of 2015, missing from the 2024 file (Bron: CBS, map attributes 2015).
HOEK_VAN_HOLLAND = {"BU05991701": 2030.0, "BU05991702": 8000.0}


def _num(s: pd.Series) -> pd.Series:
    v = pd.to_numeric(s, errors="coerce").astype(float)
    return v.where(v > -99999990)


@functools.cache
def _boundaries(path: str, year: int, gemeente: str | None) -> gpd.GeoDataFrame:
    from wijkassets.areas import read_boundaries

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        b = read_boundaries(path, year=year)
    if gemeente:
        b = b[b["gemeentecode"] == gemeente].reset_index(drop=True)
    return b


def rotterdam_2015() -> gpd.GeoDataFrame:
    """Rotterdam's 92 buurten of 2015 (EPSG:28992, read_boundaries shape)."""
    return _boundaries(str(ROTTERDAM_2015), 2015, "GM0599").copy()


def rotterdam_2024() -> gpd.GeoDataFrame:
    """Rotterdam's 88 buurten of the 2024 file (13 invalid geometries repaired by read_boundaries)."""
    b = _boundaries(str(ROTTERDAM_2024), 2024, None).copy()
    b["gemeentecode"] = "GM0599"
    return b


@functools.cache
def _rotterdam_kwb_2015() -> pd.DataFrame:
    raw = gpd.read_file(ROTTERDAM_2015)
    raw = raw[raw["GM_CODE"] == "GM0599"]
    df = pd.DataFrame(
        {
            "code": raw["BU_CODE"].astype(str).str.strip().to_numpy(),
            "level": "buurt",
            "naam": raw["BU_NAAM"].astype(str).to_numpy(),
            "gemeentecode": "GM0599",
            "year": 2015,
            "inwoners": _num(raw["AANT_INW"]).to_numpy(),
            "huishoudens": _num(raw["AANTAL_HH"]).to_numpy(),
            "gem_huishoudensgrootte": _num(raw["GEM_HH_GR"]).to_numpy(),
        }
    ).set_index("code")
    df.attrs["source"] = (
        "CBS, Kerncijfers wijken en buurten 2015 (kenmerken van de Wijk- en buurtkaart 2015)"
    )
    return df


def rotterdam_kwb_2015() -> pd.DataFrame:
    """KWB 2015 figures of Rotterdam's buurten from the map's own attributes (AANT_INW, AANTAL_HH, GEM_HH_GR)."""
    df = _rotterdam_kwb_2015().copy()
    df.attrs = dict(_rotterdam_kwb_2015().attrs)
    return df


def ermelo_2021() -> gpd.GeoDataFrame:
    """The 17 buurten of Ermelo 2021 (PDOK early release), read_boundaries shape."""
    return _boundaries(str(ERMELO_2021), 2021, None).copy()


def ermelo_kwb_2021() -> pd.DataFrame:
    """Ermelo's 2021 figures from the PDOK attributes: inwoners all NaN, mannen/vrouwen present, water secret."""
    raw = gpd.read_file(ERMELO_2021)
    df = pd.DataFrame(
        {
            "code": raw["buurtcode"].astype(str).str.strip().to_numpy(),
            "level": "buurt",
            "naam": raw["buurtnaam"].astype(str).to_numpy(),
            "gemeentecode": "GM0233",
            "year": 2021,
            "inwoners": _num(raw["aantal_inwoners"]).to_numpy(),
            "mannen": _num(raw["mannen"]).to_numpy(),
            "vrouwen": _num(raw["vrouwen"]).to_numpy(),
            "huishoudens": _num(raw["aantal_huishoudens"]).to_numpy(),
            "gem_huishoudensgrootte": _num(raw["gemiddelde_huishoudsgrootte"]).to_numpy(),
        }
    ).set_index("code")
    df.attrs["source"] = (
        "CBS, Kerncijfers wijken en buurten 2021 (kenmerken van de Wijk- en buurtkaart 2021)"
    )
    return df


def square(x: float, y: float, size: float) -> object:
    """A square polygon in RD metres (for synthetic cases, made here and labelled as such)."""
    from shapely.geometry import box

    return box(x, y, x + size, y + size)


def grid(
    codes: list[str], n: int, *, size: float = 100.0, x0: float = 100000.0, y0: float = 400000.0
):  # type: ignore[no-untyped-def]
    """A SYNTHETIC n x n grid of squares with the given codes (row by row), EPSG:28992."""
    geoms = [square(x0 + (i % n) * size, y0 + (i // n) * size, size) for i in range(n * n)]
    return gpd.GeoDataFrame({"code": codes}, geometry=geoms, crs="EPSG:28992")


def nan_count(a: np.ndarray | pd.Series) -> int:
    return int(pd.isna(np.asarray(a, dtype=float)).sum())
