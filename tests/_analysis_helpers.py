"""Real test data for the analysis tests: Den Haag's 2015 buurten, their CBS figures, DUO's schools.

Everything is read from the real files in ``data/`` (Bron: CBS; schools: DUO), through the project's own readers
where they exist. Nothing here invents a figure: hand-made assets (a point on a border, a polygon across two
buurten) are built from the real geometries and say so.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
BUURT_2015 = DATA / "geo" / "haaglanden_buurt_2015.geojson"
SCHOLEN = DATA / "assets" / "haaglanden_scholen_basisonderwijs_DUO2016.geojson"
RD = "EPSG:28992"


@functools.cache
def _buurten() -> gpd.GeoDataFrame:
    from wijkassets.areas import load_boundaries

    return load_boundaries(2015, "buurt", gemeente="GM0518")


def denhaag_buurten() -> gpd.GeoDataFrame:
    """Return Den Haag's 114 buurten of 2015 (the project's boundary reader, embedded map). Bron: CBS."""
    gdf = _buurten().copy()
    gdf.attrs = dict(_buurten().attrs)
    return gdf


@functools.cache
def _kwb_2015() -> pd.DataFrame:
    from wijkassets.cbs import read_kwb

    return read_kwb(BUURT_2015)


def denhaag_kwb_2015() -> pd.DataFrame:
    """Return the 2015 figures of Den Haag's buurten, from the map's own attributes (read_kwb). Bron: CBS."""
    kwb = _kwb_2015()
    out = kwb[kwb["gemeentecode"] == "GM0518"].copy()
    out.attrs = dict(kwb.attrs)
    return out


def raw_buurt_attributes() -> pd.DataFrame:
    """Return the raw 2015 attributes of Den Haag's buurten straight from the file (AANT_INW, WWB_UITTOT, ...)."""
    raw = gpd.read_file(BUURT_2015)
    raw = raw[raw["GM_CODE"] == "GM0518"]
    return pd.DataFrame(raw.drop(columns="geometry")).set_index("BU_CODE")


@functools.cache
def _schools() -> gpd.GeoDataFrame:
    raw = gpd.read_file(SCHOLEN)
    raw = raw[raw["GEMEENTENUMMER"].astype(str).str.strip() == "0518"]
    gdf = gpd.GeoDataFrame(
        {
            "id": (raw["VESTIGINGSNUMMER"].astype(str).str.strip()).to_numpy(),
            "naam": raw["VESTIGINGSNAAM "].astype(str).str.strip().to_numpy(),
            "categorie": "instelling",
            "tags": "school",
        },
        geometry=raw.geometry.to_crs(RD).to_numpy(),
        crs=RD,
    )
    gdf.attrs["source"] = "DUO, vestigingen basisonderwijs mei 2016 (Bron: DUO)"
    return gdf


def denhaag_schools() -> gpd.GeoDataFrame:
    """Return DUO's 125 primary-school locations in Den Haag (May 2016) as instelling assets, in RD."""
    gdf = _schools().copy()
    gdf.attrs = dict(_schools().attrs)
    return gdf


def duckdb_counts(points: gpd.GeoDataFrame, areas: gpd.GeoDataFrame) -> pd.Series:
    """Count points per area code with DuckDB's spatial extension (ST_Contains), loaded from its local file."""
    con = duckdb_connect()
    try:
        con.register(
            "pts_df",
            pd.DataFrame(
                {
                    "x": shapely.get_x(points.geometry.array),
                    "y": shapely.get_y(points.geometry.array),
                }
            ),
        )
        con.register(
            "areas_df",
            pd.DataFrame(
                {
                    "code": areas["code"].astype(str).to_numpy(),
                    "wkb": shapely.to_wkb(np.asarray(areas.geometry.array)),
                }
            ),
        )
        result = con.execute(
            "SELECT a.code, count(*) AS n FROM "
            "(SELECT ST_Point(x, y) AS g FROM pts_df) p JOIN "
            "(SELECT code, ST_GeomFromWKB(wkb) AS g FROM areas_df) a ON ST_Contains(a.g, p.g) "
            "GROUP BY a.code"
        ).df()
    finally:
        con.close()
    return result.set_index("code")["n"].astype("int64")


def duckdb_connect():  # type: ignore[no-untyped-def]
    """Return a DuckDB connection with the spatial extension loaded from the duckdb-ext-spatial file (offline)."""
    import duckdb

    version = duckdb.__version__
    for base in map(Path, sys.path):
        hits = sorted(
            (base / "duckdb_ext" / "extensions").glob(f"v{version}/*/spatial.duckdb_extension")
        )
        if hits:
            con = duckdb.connect(
                config={"autoinstall_known_extensions": False, "autoload_known_extensions": False}
            )
            con.execute(f"LOAD '{hits[0]}'")
            return con
    raise FileNotFoundError("spatial.duckdb_extension not found: pip install duckdb-ext-spatial")
