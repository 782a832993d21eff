"""Plan a neighbourhood walk past chosen assets.

The route is a good order, not a street route: stops are joined by **straight lines in RD (EPSG:28992)**, as the
crow flies, so the real walk along streets is longer (in a Dutch city typically by a fifth to a third). The order
is found by the nearest-neighbour rule (from the start, always walk to the closest stop not yet visited) and then
improved by 2-opt (reverse any stretch of the route that makes it shorter, until none does). Walking time is the
length at 4.5 km/h, without time spent at the stops.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any

import numpy as np

from wijkassets._errors import WijkassetsError

if TYPE_CHECKING:
    import geopandas as gpd
    import numpy.typing as npt

#: Walking speed used for the time, km/h.
WALKING_KMH = 4.5


def plan_walk(
    assets: gpd.GeoDataFrame,
    *,
    start: Any = None,
    max_km: float | None = None,
    loop: bool = False,
    speed_kmh: float = WALKING_KMH,
) -> gpd.GeoDataFrame:
    """Order assets into a walking route: nearest neighbour, improved by 2-opt, straight lines in RD.

    Parameters
    ----------
    assets
        The assets to visit (points or polygons; a polygon is visited at its representative point).
    start
        Where the walk begins: an asset ``id`` (or index label) among ``assets``, a shapely Point or an
        ``(x, y)`` pair in RD. Default: the first asset as given.
    max_km
        The longest walk wanted (straight-line km, including the way back with ``loop=True``). Stops that do not
        fit are left out from the end of the route, reported with a warning and in ``attrs["left_out"]``.
    loop
        End where the walk began (a round walk back to the start).
    speed_kmh
        Walking speed for the time (default 4.5 km/h).

    Returns
    -------
    geopandas.GeoDataFrame
        The stops in walking order, EPSG:28992: ``stop`` (1, 2, ...), the assets' own columns,
        ``afstand_m`` (metres from the previous stop, 0 for the first), ``cumulatief_m`` and ``minuten``
        (walking minutes from the start), geometry = the point visited. ``attrs``: ``length_m``, ``length_km``,
        ``minutes``, ``speed_kmh``, ``loop``, ``route`` (a LineString in RD, the way back included with
        ``loop=True``), ``left_out`` (ids not visited because of ``max_km``), ``method`` (the simplification, in
        words).
    """
    import geopandas as gpd
    import shapely

    if not isinstance(assets, gpd.GeoDataFrame):
        raise WijkassetsError(
            f"plan_walk needs a GeoDataFrame of assets, not {type(assets).__name__}."
        )
    if assets.crs is None:
        raise WijkassetsError(
            "The assets have no coordinate reference system; set it (e.g. .set_crs('EPSG:28992'))."
        )
    if max_km is not None and not max_km > 0:
        raise WijkassetsError(f"max_km must be a positive number of kilometres, not {max_km!r}.")
    if not speed_kmh > 0:
        raise WijkassetsError(f"speed_kmh must be positive, not {speed_kmh!r}.")
    stops = assets.to_crs("EPSG:28992") if assets.crs.to_epsg() != 28992 else assets
    geoms = np.asarray(stops.geometry.array, dtype=object)
    no_place = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    if no_place.any():
        ids = _ids(stops)
        warnings.warn(
            f"{int(no_place.sum())} asset(s) have no location and are left out of the walk: "
            f"{', '.join(str(ids[i]) for i in np.flatnonzero(no_place)[:20])}",
            UserWarning,
            stacklevel=2,
        )
        stops = stops[~no_place]
        geoms = geoms[~no_place]
    if len(stops) == 0:
        raise WijkassetsError(
            "There are no assets with a location to walk past. Choose some first."
        )
    points = np.where(shapely.get_type_id(geoms) == 0, geoms, shapely.point_on_surface(geoms))
    xy = shapely.get_coordinates(points)

    origin, first = _start(stops, xy, start)
    # index_of: position in ``coords`` -> row in ``stops`` (-1 for a start point that is not an asset)
    if origin is None:
        index_of = np.asarray([first, *[i for i in range(len(xy)) if i != first]], dtype=np.intp)
        coords = xy[index_of]
    else:
        index_of = np.concatenate([[-1], np.arange(len(xy))]).astype(np.intp)
        coords = np.vstack([origin, xy])
    dist = np.hypot(
        coords[:, None, 0] - coords[None, :, 0], coords[:, None, 1] - coords[None, :, 1]
    )
    tour = _two_opt(_nearest_neighbour(dist, 0), dist, loop=loop)

    legs = dist[tour[:-1], tour[1:]]
    cumulative = np.concatenate([[0.0], np.cumsum(legs)])
    back = dist[tour[-1], tour[0]] if loop else 0.0
    left_out: list[Any] = []
    if max_km is not None:
        budget = max_km * 1000.0
        total_with_back = cumulative + (dist[tour, tour[0]] if loop else 0.0)
        fits = total_with_back <= budget + 1e-6
        # keep a prefix: the route is walked in this order, so the stops that do not fit come last
        keep = len(tour) if fits.all() else max(int(np.argmin(fits)), 1)
        dropped = [index_of[t] for t in tour[keep:] if index_of[t] >= 0]
        ids = _ids(stops)
        left_out = [ids[i] for i in dropped]
        tour = tour[:keep]
        cumulative = cumulative[:keep]
        back = dist[tour[-1], tour[0]] if loop else 0.0
        if left_out:
            warnings.warn(
                f"{len(left_out)} stop(s) do not fit in {max_km:g} km and are left out of the walk: "
                f"{', '.join(map(str, left_out[:20]))}",
                UserWarning,
                stacklevel=2,
            )

    asset_rows = [index_of[t] for t in tour if index_of[t] >= 0]
    result = stops.iloc[asset_rows].copy()
    visit_points = points[asset_rows]
    asset_positions = [k for k, t in enumerate(tour) if index_of[t] >= 0]
    steps = np.diff(np.concatenate([[0.0], cumulative]))
    result["stop"] = np.arange(1, len(result) + 1)
    result["afstand_m"] = np.round(steps[asset_positions], 1)
    result["cumulatief_m"] = np.round(cumulative[asset_positions], 1)
    result["minuten"] = np.round(cumulative[asset_positions] / 1000.0 / speed_kmh * 60.0, 1)
    result = result.set_geometry(gpd.GeoSeries(visit_points, index=result.index, crs="EPSG:28992"))
    if result.geometry.name != "geometry":
        result = result.rename_geometry("geometry")
    first_cols = ["stop"]
    result = result[first_cols + [c for c in result.columns if c not in first_cols]]

    length = float(cumulative[-1] + back)
    route_xy = coords[tour]
    if loop:
        route_xy = np.vstack([route_xy, route_xy[:1]])
    route = shapely.linestrings(route_xy) if len(route_xy) >= 2 else shapely.points(route_xy[0])
    result.attrs.update(
        {
            "length_m": round(length, 1),
            "length_km": round(length / 1000.0, 3),
            "minutes": round(length / 1000.0 / speed_kmh * 60.0, 1),
            "speed_kmh": speed_kmh,
            "loop": loop,
            "route": route,
            "left_out": left_out,
            "start": None if origin is None else (float(origin[0]), float(origin[1])),
            "method": (
                "volgorde: dichtstbijzijnde buur + 2-opt; afstanden in rechte lijn (hemelsbreed, RD), "
                f"tijd bij {speed_kmh:g} km/u zonder stoptijd"
            ),
        }
    )
    return result


def _ids(stops: gpd.GeoDataFrame) -> list[Any]:
    return list(stops["id"] if "id" in stops.columns else stops.index)


def _start(
    stops: gpd.GeoDataFrame, xy: npt.NDArray[np.float64], start: Any
) -> tuple[npt.NDArray[np.float64] | None, int]:
    """Return (a start point that is not an asset, or None; position of the first asset)."""
    import shapely

    if start is None:
        return None, 0
    if isinstance(start, shapely.Geometry):
        if start.geom_type != "Point" or start.is_empty:
            raise WijkassetsError(
                "start must be a Point (in RD, EPSG:28992), an asset id or (x, y)."
            )
        return np.array([start.x, start.y]), 0
    if isinstance(start, tuple | list) and len(start) == 2 and not isinstance(start, str):
        try:
            return np.array([float(start[0]), float(start[1])]), 0
        except (TypeError, ValueError):
            pass
    if "id" in stops.columns:
        hits = np.flatnonzero(stops["id"].astype(str).to_numpy() == str(start))
        if len(hits):
            return None, int(hits[0])
    if start in stops.index:
        return None, int(stops.index.get_loc(start))  # type: ignore[arg-type]
    raise WijkassetsError(
        f"start={start!r} is not among the assets of this walk. Give one of their ids, a Point or (x, y) in RD."
    )


def _nearest_neighbour(dist: npt.NDArray[np.float64], first: int) -> npt.NDArray[np.intp]:
    """Return the nearest-neighbour order from ``first`` (ties: the lower position)."""
    n = len(dist)
    seen = np.zeros(n, dtype=bool)
    order = [first]
    seen[first] = True
    current = first
    for _ in range(n - 1):
        d = np.where(seen, np.inf, dist[current])
        current = int(np.argmin(d))
        order.append(current)
        seen[current] = True
    return np.asarray(order, dtype=np.intp)


def _two_opt(
    tour: npt.NDArray[np.intp], dist: npt.NDArray[np.float64], *, loop: bool
) -> npt.NDArray[np.intp]:
    """Improve ``tour`` by 2-opt moves until none shortens it; the first stop stays first.

    For each position ``i`` all reversals ``tour[i..j]`` are scored at once (numpy) and the best is taken.
    """
    tour = tour.copy()
    n = len(tour)
    if n < 3:
        return tour
    improved = True
    while improved:
        improved = False
        for i in range(1, n - 1):
            a, b = tour[i - 1], tour[i]
            js = np.arange(i + 1, n)
            c = tour[js]
            delta = dist[a, c] - dist[a, b]
            if loop:
                d = tour[(js + 1) % n]
                delta = delta + dist[b, d] - dist[c, d]
            else:
                has_next = js + 1 < n
                d = tour[js[has_next] + 1]
                delta[has_next] += dist[b, d] - dist[c[has_next], d]
            k = int(np.argmin(delta))
            if delta[k] < -1e-9:
                j = int(js[k])
                tour[i : j + 1] = tour[i : j + 1][::-1].copy()
                improved = True
    return tour
