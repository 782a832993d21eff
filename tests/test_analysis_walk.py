"""plan_walk: a good order past real school locations in the Schilderswijk and around, length and time."""

from __future__ import annotations

import itertools
import warnings

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from tests._analysis_helpers import RD, denhaag_buurten, denhaag_schools
from wijkassets._errors import WijkassetsError
from wijkassets.analysis import join_assets, plan_walk
from wijkassets.analysis.walk import _nearest_neighbour

SCHILDERSWIJK = ("BU05182915", "BU05182916", "BU05182917")


def _schools_near_schilderswijk(n: int) -> gpd.GeoDataFrame:
    """The n real Den Haag schools nearest to Schildersbuurt-Noord (DUO 2016)."""
    areas = denhaag_buurten().set_index("code")
    centre = areas.loc["BU05182916"].geometry.representative_point()
    schools = denhaag_schools()
    order = schools.geometry.distance(centre).sort_values().index[:n]
    return schools.loc[order].reset_index(drop=True)


def _length(xy: np.ndarray, loop: bool = False) -> float:
    path = np.vstack([xy, xy[:1]]) if loop else xy
    return float(np.hypot(*np.diff(path, axis=0).T).sum())


def test_walk_visits_every_stop_with_straight_line_length_and_time() -> None:
    stops = _schools_near_schilderswijk(12)
    walk = plan_walk(stops)
    assert sorted(walk["id"]) == sorted(stops["id"])
    assert walk["stop"].tolist() == list(range(1, 13))
    assert walk["id"].iloc[0] == stops["id"].iloc[0]  # default start: the first asset given
    xy = shapely.get_coordinates(np.asarray(walk.geometry.array))
    assert walk.attrs["length_m"] == pytest.approx(_length(xy), abs=0.1)
    assert walk["cumulatief_m"].iloc[-1] == pytest.approx(walk.attrs["length_m"], abs=0.2)
    assert walk.attrs["minutes"] == pytest.approx(walk.attrs["length_km"] / 4.5 * 60, abs=0.1)
    assert walk["minuten"].is_monotonic_increasing
    assert walk["afstand_m"].iloc[0] == 0.0
    assert "rechte lijn" in walk.attrs["method"]
    assert walk.crs.to_epsg() == 28992
    route = walk.attrs["route"]
    assert route.length == pytest.approx(walk.attrs["length_m"], abs=0.5)


def test_two_opt_improves_on_nearest_neighbour_and_is_near_optimal() -> None:
    stops = _schools_near_schilderswijk(8)
    xy = shapely.get_coordinates(np.asarray(stops.geometry.array))
    dist = np.hypot(xy[:, None, 0] - xy[None, :, 0], xy[:, None, 1] - xy[None, :, 1])
    nn = _length(xy[_nearest_neighbour(dist, 0)])
    best = min(_length(xy[[0, *perm]]) for perm in itertools.permutations(range(1, len(xy))))
    walk = plan_walk(stops)
    assert walk.attrs["length_m"] <= nn + 0.1
    assert (
        walk.attrs["length_m"] <= best * 1.05
    )  # brute force over all 5,040 orders from the same start

    # on 25 stops the nearest-neighbour walk strands itself far out; 2-opt undoes its crossings
    many = _schools_near_schilderswijk(25)
    xy = shapely.get_coordinates(np.asarray(many.geometry.array))
    dist = np.hypot(xy[:, None, 0] - xy[None, :, 0], xy[:, None, 1] - xy[None, :, 1])
    nn = _length(xy[_nearest_neighbour(dist, 0)])
    improved = plan_walk(many).attrs["length_m"]
    assert improved < 0.9 * nn
    route = plan_walk(many).attrs["route"]
    segments = [shapely.LineString(route.coords[i : i + 2]) for i in range(len(route.coords) - 1)]
    crossings = sum(a.crosses(b) for i, a in enumerate(segments) for b in segments[i + 2 :])
    assert crossings == 0  # a 2-opt optimum never crosses itself


def test_start_at_an_asset_or_a_point() -> None:
    stops = _schools_near_schilderswijk(6)
    chosen = stops["id"].iloc[3]
    walk = plan_walk(stops, start=chosen)
    assert walk["id"].iloc[0] == chosen
    point = shapely.Point(81_000, 453_500)
    from_point = plan_walk(stops, start=point)
    first = from_point.geometry.iloc[0]
    assert from_point["afstand_m"].iloc[0] == pytest.approx(first.distance(point), abs=0.1)
    assert from_point.attrs["start"] == (81_000.0, 453_500.0)
    with pytest.raises(WijkassetsError, match="not among the assets"):
        plan_walk(stops, start="no-such-id")


def test_max_km_leaves_out_the_last_stops_with_a_warning() -> None:
    stops = _schools_near_schilderswijk(15)
    full = plan_walk(stops)
    limit = full.attrs["length_km"] / 2
    with pytest.warns(UserWarning, match="do not fit"):
        short = plan_walk(stops, max_km=limit)
    assert short.attrs["length_km"] <= limit
    assert len(short) + len(short.attrs["left_out"]) == 15
    assert set(short.attrs["left_out"]).isdisjoint(short["id"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert len(plan_walk(stops, max_km=full.attrs["length_km"] + 1)) == 15


def test_round_walk_returns_to_the_start() -> None:
    stops = _schools_near_schilderswijk(10)
    walk = plan_walk(stops, loop=True)
    xy = shapely.get_coordinates(np.asarray(walk.geometry.array))
    assert walk.attrs["length_m"] == pytest.approx(_length(xy, loop=True), abs=0.1)
    route = walk.attrs["route"]
    assert route.coords[0] == route.coords[-1]


def test_polygons_are_visited_at_a_point_inside_and_missing_places_are_skipped() -> None:
    areas = denhaag_buurten().set_index("code")
    parks = gpd.GeoDataFrame(
        {"id": list(SCHILDERSWIJK), "naam": ["west", "noord", "oost"]},
        geometry=[areas.loc[c].geometry for c in SCHILDERSWIJK],
        crs=RD,
    )
    walk = plan_walk(parks)
    assert (walk.geom_type == "Point").all()
    assert all(
        areas.loc[code].geometry.contains(pt)
        for code, pt in zip(walk["id"], walk.geometry, strict=True)
    )
    extra = pd.concat(
        [parks, gpd.GeoDataFrame({"id": ["nowhere"]}, geometry=[None], crs=RD)],
        ignore_index=True,
    )
    with pytest.warns(UserWarning, match="no location"):
        assert len(plan_walk(extra)) == 3
    # the joined register works as input too (its extra columns are kept)
    joined = join_assets(_schools_near_schilderswijk(4), denhaag_buurten())
    assert "code" in plan_walk(joined).columns


def test_bad_input() -> None:
    with pytest.raises(WijkassetsError, match="GeoDataFrame"):
        plan_walk(pd.DataFrame({"x": [1]}))  # type: ignore[arg-type]
    stops = _schools_near_schilderswijk(3)
    with pytest.raises(WijkassetsError, match="max_km"):
        plan_walk(stops, max_km=0)
    with pytest.raises(WijkassetsError, match="no assets"):
        plan_walk(stops.iloc[0:0])
