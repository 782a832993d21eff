"""Geometry repair for boundary maps: invalid rings, stray fragments, overlapping neighbours.

Three steps, each counted and reported with one warning (never silent):

1. **Invalid geometries** are repaired with :func:`shapely.make_valid`. That can return a GeometryCollection
   (a polygon plus a dangling line or point where a ring crossed itself); only its polygonal parts are kept.
2. **Fragments that are not polygons** (lines and points, e.g. a tiny buurt collapsed by simplification) are
   dropped. A feature left with no polygon at all is dropped too, and the warning names its code.
3. **Overlaps between neighbours.** Rule: *the lower code keeps the overlap*. Areas are taken in code order and
   each one loses whatever an earlier (lower-coded) area already covers. Overlaps of less than
   :data:`OVERLAP_TOLERANCE_M2` are left alone (rounding noise of a simplified map). The rule is arbitrary but
   deterministic, so the same file always gives the same areas, and every overlap is counted in the warning.
   An area wholly inside a lower-coded one (an enclave drawn twice) would vanish, so it is left as it is.
   Overlaps are only resolved between areas of the same level and year.

All of this runs in EPSG:28992, so areas are in square metres.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import geopandas as gpd

OVERLAP_TOLERANCE_M2 = 1.0
"""Overlaps smaller than this (square metres) are left as they are."""

_POLYGONAL = ("Polygon", "MultiPolygon")


def polygonal_part(geom: object) -> object:
    """Return the polygonal part of ``geom`` (a Polygon, MultiPolygon or None when there is none)."""
    import shapely
    from shapely.geometry import MultiPolygon, Polygon

    if geom is None or shapely.is_empty(geom):
        return None
    kind = shapely.get_type_id(geom)
    if kind in (3, 6):  # Polygon, MultiPolygon
        return geom
    if kind == 7:  # GeometryCollection
        polys: list[Polygon] = []
        for part in shapely.get_parts(geom):
            sub = polygonal_part(part)
            if sub is None:
                continue
            if isinstance(sub, Polygon):
                polys.append(sub)
            elif isinstance(sub, MultiPolygon):
                polys.extend(sub.geoms)
        if not polys:
            return None
        return polys[0] if len(polys) == 1 else MultiPolygon(polys)
    return None


def from_geojson(items: Sequence[Mapping[str, Any] | None]) -> np.ndarray:
    """Return shapely geometries for GeoJSON geometry objects, as :func:`shapely.geometry.shape` makes them.

    Polygons and MultiPolygons (every ring two-dimensional, closed, at least four positions) are built in one
    call (:func:`shapely.from_ragged_array`) instead of one Python object per ring and position, which is what
    makes ``GeoDataFrame.from_features`` slow on a national map. Anything else (points, lines, collections,
    3-D or unclosed rings, a ring too short) goes through ``shape`` itself, so it fails or succeeds as before.
    An empty or missing geometry gives None.
    """
    import shapely
    from shapely.geometry import shape

    out = np.empty(len(items), dtype=object)
    rings: list[np.ndarray] = []
    rings_per_polygon: list[int] = []
    owner: list[int] = []
    multi: list[bool] = []
    for i, item in enumerate(items):
        if not item:
            continue
        kind = item.get("type")
        coords = item.get("coordinates")
        parts = (
            _polygon_rings([coords] if kind == "Polygon" else coords)
            if kind in _POLYGONAL
            else None
        )
        if parts is None:
            out[i] = shape(item)
            continue
        for polygon in parts:
            rings.extend(polygon)
            rings_per_polygon.append(len(polygon))
            owner.append(i)
            multi.append(kind == "MultiPolygon")
    if not rings:
        return out
    ring_offsets = np.zeros(len(rings) + 1, dtype=np.int64)
    np.cumsum([len(r) for r in rings], out=ring_offsets[1:])
    polygon_offsets = np.zeros(len(rings_per_polygon) + 1, dtype=np.int64)
    np.cumsum(rings_per_polygon, out=polygon_offsets[1:])
    polygons = shapely.from_ragged_array(
        shapely.GeometryType.POLYGON, np.concatenate(rings), (ring_offsets, polygon_offsets)
    )
    where = np.asarray(owner, dtype=np.int64)
    is_multi = np.asarray(multi, dtype=bool)
    out[where[~is_multi]] = polygons[~is_multi]
    if is_multi.any():
        features, position = np.unique(where[is_multi], return_inverse=True)
        out[features] = shapely.multipolygons(polygons[is_multi], indices=position)
    return out


def _polygon_rings(polygons: object) -> list[list[np.ndarray]] | None:
    """Return each polygon's rings as (n, 2) arrays, or None when any is not a plain closed 2-D ring."""
    if not isinstance(polygons, list) or not polygons:
        return None
    result: list[list[np.ndarray]] = []
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            return None
        arrays: list[np.ndarray] = []
        for ring in polygon:
            try:
                arr = np.asarray(ring, dtype=np.float64)
            except (TypeError, ValueError):
                return None
            if arr.ndim != 2 or arr.shape[1] != 2 or len(arr) < 4 or not (arr[0] == arr[-1]).all():
                return None
            arrays.append(arr)
        result.append(arrays)
    return result


def _polygons_only(gdf: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, int, int]:
    """Make geometries valid and polygonal; return (copy, number repaired, number of fragments dropped)."""
    import shapely

    geoms = gdf.geometry.to_numpy().copy()
    missing = np.array([g is None or shapely.is_empty(g) for g in geoms], dtype=bool)
    invalid = ~missing & ~shapely.is_valid(np.where(missing, None, geoms))
    if invalid.any():
        geoms[invalid] = shapely.make_valid(geoms[invalid])
    fragments = 0
    new: list[object] = []
    for g in geoms:
        if g is None or shapely.is_empty(g):
            new.append(None)
            continue
        kind = shapely.get_type_id(g)
        if kind in (3, 6):
            new.append(g)
            continue
        if kind == 7:
            fragments += sum(
                1 for p in shapely.get_parts(g) if shapely.get_type_id(p) not in (3, 6)
            )
        else:
            fragments += 1
        new.append(polygonal_part(g))
    out = gdf.set_geometry(np.array(new, dtype=object), crs=gdf.crs)
    return out, int(invalid.sum()), fragments


def repair(
    gdf: gpd.GeoDataFrame, *, source: str = "the map", to_crs: str = "EPSG:28992"
) -> gpd.GeoDataFrame:
    """Repair invalid geometries, drop non-polygon fragments, reproject and resolve overlaps, with warnings.

    Validity is checked in the file's own coordinate system (so the count matches what other tools report
    for the file) and again after reprojecting to ``to_crs``; overlaps are measured in ``to_crs``.

    Parameters
    ----------
    gdf
        Boundaries with at least ``code`` and ``geometry``, in any CRS.
    source
        Name of the file or service, used in the warnings.
    to_crs
        The metric CRS to return (EPSG:28992).

    Returns
    -------
    geopandas.GeoDataFrame
        A copy in ``to_crs`` with valid (Multi)Polygon geometries; rows without any polygon are removed.
        ``attrs["repairs"]`` holds the counts: ``invalid``, ``fragments``, ``dropped`` (codes), ``overlaps``,
        ``overlap_m2``.
    """
    out, n_invalid, fragments = _polygons_only(gdf)
    if out.crs is not None and str(out.crs).upper() != to_crs.upper():
        out = out.to_crs(to_crs)
        out, n2, f2 = _polygons_only(out)
        n_invalid += n2
        fragments += f2
    if n_invalid:
        warnings.warn(
            f"{source}: {n_invalid} invalid geometr{'y was' if n_invalid == 1 else 'ies were'} repaired "
            "with make_valid (only polygonal parts kept).",
            stacklevel=4,
        )
    if fragments:
        warnings.warn(
            f"{source}: {fragments} non-polygon fragment{'s' if fragments != 1 else ''} (lines or points) "
            "dropped from the geometries.",
            stacklevel=4,
        )
    empty = out.geometry.isna() | out.geometry.is_empty
    dropped = [str(c) for c in out.loc[empty, "code"]] if "code" in out.columns else []
    if empty.any():
        n = int(empty.sum())
        shown = ", ".join(dropped[:10]) + (" ..." if len(dropped) > 10 else "")
        warnings.warn(
            f"{source}: {n} area{'s have' if n != 1 else ' has'} no polygon geometry (collapsed or empty) "
            f"and {'were' if n != 1 else 'was'} left out: {shown}.",
            stacklevel=4,
        )
        out = out.loc[~empty]
    out, n_overlaps, overlap_m2 = resolve_overlaps(out)
    if n_overlaps:
        warnings.warn(
            f"{source}: {n_overlaps} overlap{'s' if n_overlaps != 1 else ''} between neighbouring areas "
            f"({overlap_m2:,.0f} m\u00b2 in all) resolved: the area with the lower code keeps the overlap.",
            stacklevel=4,
        )
    out.attrs["repairs"] = {
        "invalid": n_invalid,
        "fragments": fragments,
        "dropped": dropped,
        "overlaps": n_overlaps,
        "overlap_m2": overlap_m2,
    }
    return out


def resolve_overlaps(gdf: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, int, float]:
    """Give every overlap between two areas to the one with the lower code (see the module docstring).

    Returns the corrected copy, the number of overlapping pairs above the tolerance and their total area.
    """
    import shapely

    if len(gdf) < 2:
        return gdf, 0, 0.0
    geoms = gdf.geometry.to_numpy()
    codes = gdf["code"].astype(str).to_numpy() if "code" in gdf.columns else np.arange(len(gdf))
    groups = (
        (gdf["level"].astype(str) + "|" + gdf["year"].astype(str)).to_numpy()
        if {"level", "year"} <= set(gdf.columns)
        else np.zeros(len(gdf))
    )
    # Partial overlaps, and areas lying wholly inside (or equal to) another. Only areas with an edge that is
    # not shared cleanly with a neighbour can take part in one (shapely.coverage_invalid_edges, one linear
    # pass); the costly DE-9IM queries are asked for those few areas only, from both sides.
    suspects = _overlap_suspects(geoms)
    if len(suspects) == 0:
        return gdf, 0, 0.0
    tree = gdf.sindex
    pairs = [tree.query(geoms[suspects], predicate=p) for p in ("overlaps", "contains", "within")]
    for p in pairs:
        p[0] = suspects[p[0]]
    both = np.concatenate([np.sort(np.vstack(p), axis=0) for p in pairs], axis=1)
    both = np.unique(both[:, both[0] != both[1]], axis=1)
    left, right = both[0], both[1]
    if len(left) == 0:
        return gdf, 0, 0.0
    same = groups[left] == groups[right]
    left, right = left[same], right[same]
    inter = shapely.intersection(geoms[left], geoms[right])
    area = shapely.area(inter)
    big = area > OVERLAP_TOLERANCE_M2
    left, right, area = left[big], right[big], area[big]
    if len(left) == 0:
        return gdf, 0, 0.0
    # The higher code loses the overlap to the lower code.
    lower_is_left = codes[left] <= codes[right]
    keeper = np.where(lower_is_left, left, right)
    loser = np.where(lower_is_left, right, left)
    geoms = geoms.copy()
    kept: list[str] = []
    for idx in np.unique(loser):
        takers = keeper[loser == idx]
        cut = shapely.difference(geoms[idx], shapely.union_all(geoms[takers]))
        cut = polygonal_part(shapely.make_valid(cut))
        if cut is not None:
            geoms[idx] = cut
        else:  # an area wholly covered by lower codes is left as it is
            kept.append(str(codes[idx]))
    if kept:
        warnings.warn(
            f"{len(kept)} area(s) lie wholly inside lower-coded areas and were left as they are "
            f"(they would vanish otherwise): {', '.join(kept[:10])}. Check the map.",
            stacklevel=5,
        )
    out = gdf.set_geometry(geoms, crs=gdf.crs)
    return out, len(left), float(area.sum())


def _overlap_suspects(geoms: np.ndarray) -> np.ndarray:
    """Return the positions of the areas that may overlap another (an edge not matched by a neighbour's).

    Two areas whose interiors overlap, one inside the other or two equal areas all have edges that
    :func:`shapely.coverage_invalid_edges` reports; areas that only touch along matching edges do not.
    """
    import shapely

    try:
        invalid = shapely.coverage_invalid_edges(geoms)
    except Exception:  # GEOS could not validate the coverage: ask about every area
        return np.arange(len(geoms))
    return np.flatnonzero(~shapely.is_empty(invalid))
