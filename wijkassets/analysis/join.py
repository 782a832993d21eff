"""Join assets to areas: which buurt (or wijk, gemeente) holds each asset.

The rules, in plain words:

- **Points** belong to the area that contains them. A point exactly on the border between two (or more) areas is
  counted in exactly one of them: the one with the **lowest code** (string order, e.g. ``BU05180170`` before
  ``BU05180171``) among the areas whose geometry touches the point (GEOS ``intersects``). Points on the outer edge
  of the areas count as inside.
- **Polygon assets** (a park, a community garden) count by default as one asset in the area that holds their
  *representative point* (``shapely.point_on_surface``: a point guaranteed to lie inside the polygon, unlike the
  centroid of a crescent-shaped park). With ``polygons="share"`` they are split over the areas they overlap by
  their share of the asset's own area, so a park half in one buurt and half in the next counts 0.5 in each.
  Lines are always joined by their representative point.
- **Assets outside every area** (the gemeente outline and its buurten differ by hectares; a register can hold an
  asset just over the border) are kept in the result with an empty ``code``, listed in
  ``result.attrs["outside_ids"]`` and reported with a warning. Assets without a location are reported the same
  way (``attrs["no_location_ids"]``). Nothing is dropped silently.

Everything is computed in EPSG:28992 (RD New); assets or areas in another CRS are reprojected first.

Speed: points are located with one vectorised query of a shapely ``STRtree`` of the areas with the
``intersects`` predicate (GEOS prepared geometry per area), split over threads for large inputs (shapely releases
the GIL), so a million points against fifteen thousand areas takes well under a second per core.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Literal

import numpy as np

from wijkassets._errors import WijkassetsError

if TYPE_CHECKING:
    import geopandas as gpd
    import numpy.typing as npt

RD = "EPSG:28992"
#: Inputs with more points than this are split over threads.
THREAD_MIN_POINTS = 50_000


class Ids(tuple):  # type: ignore[type-arg]
    """An immutable list of asset ids kept in ``attrs``.

    pandas deep-copies ``attrs`` on nearly every operation; a plain list of a hundred thousand ids would be copied
    each time. A tuple cannot change, so a deep copy may safely return the same object.
    """

    __slots__ = ()

    def __deepcopy__(self, memo: dict[int, object]) -> Ids:
        return self


def join_assets(
    assets: gpd.GeoDataFrame,
    areas: gpd.GeoDataFrame,
    *,
    polygons: Literal["point", "share"] = "point",
    threads: int | None = None,
) -> gpd.GeoDataFrame:
    """Return the assets with the code of the area that holds each one.

    Parameters
    ----------
    assets
        Assets with a geometry (points, polygons or lines) and, ideally, an ``id`` column (used in reports).
    areas
        Areas with a ``code`` column (or an index named ``code``) and polygon geometries.
    polygons
        ``"point"`` (default): a polygon asset counts once, in the area of its representative point.
        ``"share"``: a polygon asset is split over the areas it overlaps by its share of area; it then appears
        once per area it overlaps, with that share in ``weight``.
    threads
        Threads for large point sets; default: the number of CPUs (at most 8).

    Returns
    -------
    geopandas.GeoDataFrame
        The assets (same index, same columns, in EPSG:28992) plus ``code`` (the area's code as a categorical
        over all area codes, missing when the asset lies outside every area or has no location) and ``weight`` (1.0, or the share with
        ``polygons="share"``). ``attrs["outside_ids"]`` and ``attrs["no_location_ids"]`` list the assets not in
        any area (as a tuple, see :class:`Ids`); ``attrs["join_rule"]`` states the rules above in one line.

    Warns
    -----
    UserWarning
        When assets lie outside every area or have no location, with their count and ids.
    """
    import geopandas as gpd
    import pandas as pd
    import shapely

    if polygons not in ("point", "share"):
        raise WijkassetsError(
            f"polygons={polygons!r} is not a join rule. Use 'point' (representative point) or 'share' "
            "(split by share of area)."
        )
    assets = _to_rd(assets, "assets")
    codes, area_geoms = _area_geometries(areas)

    geoms = np.asarray(assets.geometry.array, dtype=object)
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    kinds = shapely.get_type_id(geoms)
    is_point = kinds == 0
    is_polygon = (kinds == 3) | (kinds == 6)
    spread = is_polygon & ~missing if polygons == "share" else np.zeros(len(geoms), dtype=bool)

    # One location per asset: the point itself, or a representative point of a polygon or line.
    located = geoms.copy()
    other = ~is_point & ~missing
    if other.any():
        located[other] = shapely.point_on_surface(geoms[other])
    use_point = ~missing & ~spread
    pos = np.full(len(geoms), -1, dtype=np.intp)
    if use_point.any():
        pos[use_point] = locate_points(located[use_point], area_geoms, codes, threads=threads)

    # The code column is categorical over all area codes: cheap for a million assets, and counts per area
    # (value_counts, groupby with observed=False) include the areas without assets.
    code_ids, categories = pd.factorize(pd.Index(codes), sort=True)
    found = pos >= 0
    cat = np.full(len(geoms), -1, dtype=np.intp)
    cat[found] = code_ids[pos[found]]

    result = assets.copy()
    result["code"] = pd.Categorical.from_codes(cat, categories=categories)
    result["weight"] = np.ones(len(geoms), dtype="float64")

    if spread.any():
        shares = _polygon_shares(geoms, np.flatnonzero(spread), area_geoms)
        rows, area_pos, share = shares
        spread_rows = result.iloc[rows].copy()
        spread_rows["code"] = pd.Categorical.from_codes(code_ids[area_pos], categories=categories)
        spread_rows["weight"] = share
        # polygons that overlap no area stay as one row with an empty code
        none_hit = np.setdiff1d(np.flatnonzero(spread), rows)
        keep = ~spread
        keep[none_hit] = True
        result = pd.concat([result[keep], spread_rows])
        result = gpd.GeoDataFrame(result, geometry=assets.geometry.name, crs=RD)
        outside_mask = np.zeros(len(geoms), dtype=bool)
        outside_mask[none_hit] = True
        outside_mask |= use_point & ~found
    else:
        outside_mask = use_point & ~found

    outside_ids = _ids(assets, np.flatnonzero(outside_mask))
    no_location_ids = _ids(assets, np.flatnonzero(missing))
    result.attrs["outside_ids"] = outside_ids
    result.attrs["no_location_ids"] = no_location_ids
    result.attrs["join_rule"] = (
        "points by containment, a point on a shared border in the area with the lowest code; "
        + (
            "polygon assets by representative point"
            if polygons == "point"
            else "polygon assets split by share of area"
        )
        + "; computed in EPSG:28992"
    )
    if outside_ids:
        warnings.warn(
            f"{len(outside_ids)} asset(s) lie outside every area and are counted in none "
            f"(kept with an empty code): {_show(outside_ids)}",
            UserWarning,
            stacklevel=2,
        )
    if no_location_ids:
        warnings.warn(
            f"{len(no_location_ids)} asset(s) have no location and are counted in no area "
            f"(kept with an empty code): {_show(no_location_ids)}",
            UserWarning,
            stacklevel=2,
        )
    return result


def locate_points(
    points: npt.ArrayLike,
    areas: npt.ArrayLike,
    codes: npt.ArrayLike | None = None,
    *,
    threads: int | None = None,
) -> npt.NDArray[np.intp]:
    """Return, per point, the position of the area that holds it, or -1 when none does.

    A point on the border of several areas goes to the one with the lowest code (or, without ``codes``, the
    lowest position). This is the engine behind :func:`join_assets`; it takes and returns plain arrays.

    Parameters
    ----------
    points
        Shapely points (an array or a GeoSeries), in the same CRS as ``areas``.
    areas
        Shapely polygons.
    codes
        The areas' codes, for the border rule; default: the areas' positions.
    threads
        Threads for large point sets; default: the number of CPUs (at most 8).
    """
    import shapely

    pts = np.asarray(getattr(points, "array", points), dtype=object)
    polys = np.asarray(getattr(areas, "array", areas), dtype=object)
    n = len(pts)
    if n == 0 or len(polys) == 0:
        return np.full(n, -1, dtype=np.intp)
    # Order the areas by code, so "lowest code" is "lowest position in the tree".
    if codes is None:
        order = np.arange(len(polys))
    else:
        order = np.argsort(np.asarray(codes, dtype=str), kind="stable")
    tree = shapely.STRtree(polys[order])

    workers = threads or min(os.cpu_count() or 1, 8)
    if workers > 1 and n >= THREAD_MIN_POINTS:
        bounds = np.linspace(0, n, workers + 1).astype(np.intp)
        chunks = list(zip(bounds[:-1], bounds[1:], strict=True))

        def _query(chunk: tuple[int, int]) -> npt.NDArray[np.intp]:
            lo, hi = chunk
            pairs = tree.query(pts[lo:hi], predicate="intersects")
            pairs[0] += lo
            return np.asarray(pairs, dtype=np.intp)

        with ThreadPoolExecutor(workers) as pool:
            pairs = np.concatenate(list(pool.map(_query, chunks)), axis=1)
    else:
        pairs = np.asarray(tree.query(pts, predicate="intersects"), dtype=np.intp)
    point_i, tree_i = pairs[0], pairs[1]

    result = np.full(n, -1, dtype=np.intp)
    result[point_i] = tree_i
    hits = np.bincount(point_i, minlength=n)
    on_border = hits[point_i] > 1
    if on_border.any():
        np.minimum.at(result, point_i[on_border], tree_i[on_border])
    found = result >= 0
    result[found] = order[result[found]]
    return result


def _polygon_shares(
    geoms: npt.NDArray[np.object_], rows: npt.NDArray[np.intp], area_geoms: npt.NDArray[np.object_]
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp], npt.NDArray[np.float64]]:
    """Return (asset row, area position, share of the asset's area) for every overlap of a polygon asset."""
    import shapely

    tree = shapely.STRtree(area_geoms)
    pair_asset, pair_area = tree.query(geoms[rows], predicate="intersects")
    asset_rows = rows[pair_asset]
    overlap = shapely.area(shapely.intersection(geoms[asset_rows], area_geoms[pair_area]))
    total = shapely.area(geoms[asset_rows])
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(total > 0, overlap / total, 0.0)
    keep = share > 0
    return asset_rows[keep], pair_area[keep], share[keep]


def _to_rd(gdf: gpd.GeoDataFrame, name: str) -> gpd.GeoDataFrame:
    import geopandas as gpd

    if not isinstance(gdf, gpd.GeoDataFrame):
        raise WijkassetsError(
            f"{name} must be a GeoDataFrame with a geometry column, not {type(gdf).__name__}."
        )
    if gdf.crs is None:
        raise WijkassetsError(
            f"{name} has no coordinate reference system (CRS). Set it first, e.g. "
            f"{name}.set_crs('EPSG:28992') for RD coordinates or 'EPSG:4326' for longitude/latitude."
        )
    if gdf.crs.to_epsg() != 28992:
        gdf = gdf.to_crs(RD)
    return gdf


def _area_geometries(
    areas: gpd.GeoDataFrame,
) -> tuple[npt.NDArray[np.str_], npt.NDArray[np.object_]]:
    """Return the areas' codes and valid polygon geometries in RD."""
    import shapely

    areas = _to_rd(areas, "areas")
    if "code" in areas.columns:
        codes = areas["code"]
    elif areas.index.name == "code":
        codes = areas.index.to_series()
    else:
        raise WijkassetsError(
            "areas has no 'code' column. Load boundaries with wijkassets.areas.load_boundaries or "
            "read_boundaries, or name the column with the area codes 'code'."
        )
    if codes.isna().any():
        raise WijkassetsError(
            f"areas has {int(codes.isna().sum())} row(s) without a code; every area needs one."
        )
    geoms = np.asarray(areas.geometry.array, dtype=object)
    invalid = ~shapely.is_valid(geoms) & ~shapely.is_missing(geoms)
    if invalid.any():
        geoms = geoms.copy()
        geoms[invalid] = shapely.make_valid(geoms[invalid])
        warnings.warn(
            f"{int(invalid.sum())} area geometry(ies) were invalid and were repaired (make_valid) for the join.",
            UserWarning,
            stacklevel=3,
        )
    return np.asarray(codes.astype(str).str.strip(), dtype=str), geoms


def _ids(assets: gpd.GeoDataFrame, rows: npt.NDArray[np.intp]) -> Ids:
    """Return the ids (the ``id`` column, else the index) of the assets at ``rows``."""
    if "id" in assets.columns:
        return Ids(assets["id"].to_numpy()[rows].tolist())
    return Ids(assets.index.to_numpy()[rows].tolist())


def _show(ids: Sequence[object], limit: int = 20) -> str:
    shown = ", ".join(str(i) for i in ids[:limit])
    return shown + (f", ... ({len(ids) - limit} more)" if len(ids) > limit else "")
