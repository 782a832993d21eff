"""Benchmark data, made honestly: real boundaries where the repository has them, synthetic beyond that.

Real (Bron: CBS, see ``data/SOURCES.md``):

- the 3,393 wijken of 2024 (``data/geo/nl_wijken_2024_cartomap.topojson``),
- the 342 gemeenten of 2023 (``data/geo/gemeenten_2023_wgs84_simplified.geojson``), whose union is the outline
  of the Netherlands used below.

Synthetic (said so wherever a figure uses it):

- a tessellation of the Netherlands into about 15,000 polygons: the Voronoi cells of seeded random points inside
  the outline, clipped to it. Buurten number about 14,500 a year; these polygons have that count, not their shapes.
- a second tessellation "redrawn" from the first: the same seeds moved by up to ``shift`` metres, clipped the
  same way, so boundaries move against each other as they do between two years.
- up to 1,000,000 seeded random points, uniform over the land inside the outline.

Generated files are kept in ``bench/_work/`` (ignored by git) so a second run does not rebuild them; their
building is never part of a timed figure.
"""

from __future__ import annotations

import functools
import warnings
from typing import TYPE_CHECKING

import numpy as np

from bench._harness import ROOT, WORK

if TYPE_CHECKING:
    import geopandas as gpd

RD = "EPSG:28992"
DATA = ROOT / "data"


def _fix(geoms: gpd.GeoSeries) -> gpd.GeoSeries:
    """Repair invalid geometries, keeping only their polygonal parts."""
    import shapely

    fixed = shapely.make_valid(geoms.values)
    fixed = np.array(
        [
            g
            if g.geom_type in ("Polygon", "MultiPolygon")
            else shapely.unary_union(
                [p for p in shapely.get_parts(g) if p.geom_type in ("Polygon", "MultiPolygon")]
            )
            for g in fixed
        ],
        dtype=object,
    )
    return geoms.__class__(fixed, index=geoms.index, crs=geoms.crs)


@functools.cache
def real_wijken() -> gpd.GeoDataFrame:
    """Return the 3,393 real wijken of 2024 in RD (code, naam, gemeentecode, geometry). Bron: CBS."""
    import geopandas as gpd

    raw = gpd.read_file(DATA / "geo" / "nl_wijken_2024_cartomap.topojson")
    raw = raw.set_crs("EPSG:4326", allow_override=True).to_crs(RD)
    gdf = gpd.GeoDataFrame(
        {
            "code": raw["statcode"].astype(str).str.strip(),
            "naam": raw["statnaam"].astype(str),
            "gemeentecode": "GM" + raw["statcode"].astype(str).str[2:6],
        },
        geometry=_fix(raw.geometry).values,
        crs=RD,
    )
    return gdf


@functools.cache
def real_gemeenten() -> gpd.GeoDataFrame:
    """Return the 342 real gemeenten of 2023 in RD (code, naam, geometry), without GM0998 Buitenland."""
    import geopandas as gpd

    raw = gpd.read_file(DATA / "geo" / "gemeenten_2023_wgs84_simplified.geojson").to_crs(RD)
    raw = raw[raw["gemeentecode"].astype(str).str.strip() != "GM0998"]
    return gpd.GeoDataFrame(
        {
            "code": raw["gemeentecode"].astype(str).str.strip().values,
            "naam": raw["gemeentenaam"].astype(str).values,
        },
        geometry=_fix(raw.geometry).values,
        crs=RD,
    )


@functools.cache
def outline() -> object:
    """Return the land outline of the Netherlands (union of the real gemeenten, RD) as one geometry."""
    import shapely

    return shapely.union_all(real_gemeenten().geometry.values, grid_size=1.0)


def _random_inside(n: int, rng: np.random.Generator) -> np.ndarray:
    """Return ``n`` x/y pairs uniform over the outline (rejection sampling on its bounding box)."""
    import shapely

    shape = outline()
    shapely.prepare(shape)
    xmin, ymin, xmax, ymax = shapely.bounds(shape)
    out: list[np.ndarray] = []
    have = 0
    while have < n:
        batch = int((n - have) * 2.2) + 1000
        xy = np.column_stack([rng.uniform(xmin, xmax, batch), rng.uniform(ymin, ymax, batch)])
        keep = xy[shapely.contains_xy(shape, xy[:, 0], xy[:, 1])]
        out.append(keep)
        have += len(keep)
    return np.concatenate(out)[:n]


def _voronoi(seeds: np.ndarray, prefix: str) -> gpd.GeoDataFrame:
    import geopandas as gpd
    import shapely

    shape = outline()
    cells = shapely.get_parts(shapely.voronoi_polygons(shapely.multipoints(seeds), extend_to=shape))
    # order cells like their seeds, so codes are stable between the original and the redrawn tessellation
    tree = shapely.STRtree(cells)
    idx = tree.query(shapely.points(seeds), predicate="within")
    order = np.empty(len(seeds), dtype=np.int64)
    order[idx[0]] = idx[1]
    cells = cells[order]
    clipped = shapely.intersection(cells, shape, grid_size=0.01)
    gdf = gpd.GeoDataFrame(
        {"code": [f"{prefix}{i:05d}" for i in range(len(seeds))]}, geometry=clipped, crs=RD
    )
    gdf = gdf[~gdf.geometry.is_empty & (gdf.geometry.area > 0)].reset_index(drop=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        gdf["geometry"] = gdf.geometry.make_valid()
    return gdf


def tessellation(n: int = 15_000, *, seed: int = 2024, shift: float = 0.0) -> gpd.GeoDataFrame:
    """Return a synthetic tessellation of the Netherlands into about ``n`` polygons (RD; SYNTHETIC).

    With ``shift`` > 0 each seed moves by a random offset of up to ``shift`` metres in x and y before the
    cells are drawn: the same areas "redrawn", as boundaries move between two years.
    """
    import geopandas as gpd

    WORK.mkdir(parents=True, exist_ok=True)
    path = WORK / f"tessellation-{n}-{seed}-{shift:g}.parquet"
    if path.exists():
        return gpd.read_parquet(path)
    rng = np.random.default_rng(seed)
    seeds = _random_inside(n, rng)
    if shift:
        seeds = seeds + np.random.default_rng(seed + 1).uniform(-shift, shift, seeds.shape)
    gdf = _voronoi(seeds, "SY" if not shift else "SZ")
    gdf["inwoners"] = np.random.default_rng(seed + 2).integers(0, 5000, len(gdf)).astype(float)
    gdf.to_parquet(path)
    return gdf


def points(n: int = 1_000_000, *, seed: int = 7) -> gpd.GeoDataFrame:
    """Return ``n`` seeded random points uniform over the land of the Netherlands (RD; SYNTHETIC)."""
    import geopandas as gpd

    WORK.mkdir(parents=True, exist_ok=True)
    path = WORK / f"points-{n}-{seed}.parquet"
    if path.exists():
        return gpd.read_parquet(path)
    xy = _random_inside(n, np.random.default_rng(seed))
    gdf = gpd.GeoDataFrame(
        {"id": np.arange(n, dtype=np.int64)},
        geometry=gpd.points_from_xy(xy[:, 0], xy[:, 1]),
        crs=RD,
    )
    gdf.to_parquet(path)
    return gdf
