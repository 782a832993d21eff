"""The peers: what users would pick instead of wijkassets, called the way their documentation shows.

- DuckDB with its spatial extension, loaded offline from the file that the ``duckdb-ext-spatial`` package puts
  in the environment (never ``INSTALL spatial`` from the internet).
- Plain geopandas ``sjoin``.
- tobler's ``area_interpolate``, called directly.
- ``GeoDataFrame.explore()`` (folium), with the same local Leaflet assets as wijkassets' maps.
- One plain ``requests`` loop over the pages of an OGC API Features collection.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import duckdb
    import geopandas as gpd
    import pandas as pd


def spatial_extension_path() -> Path:
    """Return the DuckDB spatial extension file that the ``duckdb-ext-spatial`` package installed."""
    import duckdb

    version = duckdb.__version__
    for base in map(Path, sys.path):
        root = base / "duckdb_ext" / "extensions"
        if root.is_dir():
            hits = sorted(root.glob(f"v{version}/*/spatial.duckdb_extension"))
            if hits:
                return hits[0]
    raise FileNotFoundError(
        f"No spatial.duckdb_extension for DuckDB {version}: pip install duckdb-ext-spatial "
        "(the version that matches duckdb)"
    )


def duckdb_connect(threads: int | None = None) -> duckdb.DuckDBPyConnection:
    """Return a DuckDB connection with the spatial extension loaded from its file (no internet)."""
    import duckdb

    con = duckdb.connect(
        config={"autoinstall_known_extensions": False, "autoload_known_extensions": False}
    )
    con.execute(f"LOAD '{spatial_extension_path()}'")
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    return con


def duckdb_load(
    con: duckdb.DuckDBPyConnection, points: gpd.GeoDataFrame, areas: gpd.GeoDataFrame
) -> None:
    """Copy points (as x/y) and areas (as WKB) from GeoDataFrames into DuckDB tables ``pts`` and ``areas``."""
    import pyarrow as pa
    import shapely

    pts_tbl = pa.table(
        {
            "id": np.arange(len(points), dtype=np.int64),
            "x": shapely.get_x(points.geometry.values),
            "y": shapely.get_y(points.geometry.values),
        }
    )
    area_tbl = pa.table(
        {
            "code": pa.array(areas["code"].astype(str).tolist()),
            "wkb": pa.array(shapely.to_wkb(areas.geometry.values).tolist(), type=pa.binary()),
        }
    )
    con.register("pts_arrow", pts_tbl)
    con.register("areas_arrow", area_tbl)
    con.execute("CREATE OR REPLACE TABLE pts AS SELECT id, ST_Point(x, y) AS geom FROM pts_arrow")
    con.execute(
        "CREATE OR REPLACE TABLE areas AS SELECT code, ST_GeomFromWKB(wkb) AS geom FROM areas_arrow"
    )
    con.unregister("pts_arrow")
    con.unregister("areas_arrow")


def duckdb_join_sql(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Return (id, code) for every point inside an area: DuckDB's spatial join on tables already loaded."""
    return con.execute(
        "SELECT p.id, a.code FROM pts p JOIN areas a ON ST_Contains(a.geom, p.geom)"
    ).df()


def duckdb_join(points: gpd.GeoDataFrame, areas: gpd.GeoDataFrame) -> pd.DataFrame:
    """Return (id, code) per point, end to end: from GeoDataFrames into DuckDB, join, back to pandas."""
    con = duckdb_connect()
    try:
        duckdb_load(con, points, areas)
        return duckdb_join_sql(con)
    finally:
        con.close()


def sjoin(points: gpd.GeoDataFrame, areas: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return points with the code of the area that contains them: plain ``geopandas.sjoin``."""
    import geopandas as gpd

    return gpd.sjoin(points, areas[["code", "geometry"]], how="left", predicate="within")


def tobler_interpolate(
    source: gpd.GeoDataFrame, target: gpd.GeoDataFrame, extensive: list[str]
) -> gpd.GeoDataFrame:
    """Return tobler's ``area_interpolate`` of ``extensive`` columns, called directly with its defaults."""
    from tobler.area_weighted import area_interpolate

    return area_interpolate(source, target, extensive_variables=extensive)


def explore_html(gdf: gpd.GeoDataFrame, column: str, **kwargs: Any) -> str:
    """Return the HTML of ``gdf.explore(column)``: a plain choropleth, no tiles (as wijkassets' default)."""
    m = gdf.explore(column=column, tiles=None, **kwargs)
    html: str = m.get_root().render()
    return html


def plain_paging(url: str, params: dict[str, str]) -> list[dict[str, Any]]:
    """Return every feature of an OGC API Features collection: one requests loop following ``next`` links."""
    import requests

    features: list[dict[str, Any]] = []
    with requests.Session() as s:
        next_url: str | None = url
        next_params: dict[str, str] | None = params
        while next_url:
            r = s.get(next_url, params=next_params, timeout=30)
            r.raise_for_status()
            page = r.json()
            features.extend(page["features"])
            next_url = next(
                (ln["href"] for ln in page.get("links", []) if ln.get("rel") == "next"), None
            )
            next_params = None
    return features
