"""join_assets on Den Haag's real 2015 buurten: equal to DuckDB's spatial join, the border rule, outside assets."""

from __future__ import annotations

import warnings

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from tests._analysis_helpers import (
    RD,
    SCHOLEN,
    denhaag_buurten,
    denhaag_schools,
    duckdb_connect,
    duckdb_counts,
)
from wijkassets._errors import WijkassetsError
from wijkassets.analysis import join as join_mod
from wijkassets.analysis import join_assets, locate_points


def _counts(joined: gpd.GeoDataFrame, areas: gpd.GeoDataFrame) -> pd.Series:
    counts = joined["code"].astype(str)[joined["code"].notna()].value_counts()
    return counts.reindex(areas["code"]).fillna(0).astype("int64")


def _off_border_points(areas: gpd.GeoDataFrame, n: int, seed: int) -> gpd.GeoDataFrame:
    """Seeded random points over Den Haag's extent, kept only when more than 1 m from any buurt boundary."""
    rng = np.random.default_rng(seed)
    xmin, ymin, xmax, ymax = areas.total_bounds
    pts = shapely.points(rng.uniform(xmin, xmax, n), rng.uniform(ymin, ymax, n))
    edges = shapely.union_all(shapely.boundary(np.asarray(areas.geometry.array)))
    far = shapely.distance(pts, edges) > 1.0
    return gpd.GeoDataFrame(
        {"id": [f"p{i}" for i in np.flatnonzero(far)], "categorie": "fysieke plek"},
        geometry=pts[far],
        crs=RD,
    )


def _shared_vertices(areas: gpd.GeoDataFrame) -> list[tuple[shapely.Point, list[str]]]:
    """Return real vertices that two or more buurten share, with the codes of the buurten they touch."""
    geoms = np.asarray(areas.geometry.array)
    codes = areas["code"].to_numpy()
    seen: dict[tuple[float, float], set[str]] = {}
    for code, geom in zip(codes, geoms, strict=True):
        for x, y in shapely.get_coordinates(geom):
            seen.setdefault((x, y), set()).add(code)
    out = []
    for (x, y), owners in seen.items():
        if len(owners) >= 2:
            pt = shapely.Point(x, y)
            touching = sorted(codes[shapely.intersects(geoms, pt)])
            out.append((pt, touching))
    return out


def test_counts_equal_duckdb_for_real_schools() -> None:
    """DUO's 125 Den Haag schools: per-buurt counts equal DuckDB's, buurten without a school show 0."""
    areas = denhaag_buurten()
    schools = denhaag_schools()
    edges = shapely.union_all(shapely.boundary(np.asarray(areas.geometry.array)))
    assert (shapely.distance(np.asarray(schools.geometry.array), edges) > 0.01).all()

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no asset may be outside or on a border here
        joined = join_assets(schools, areas)
    ours = _counts(joined, areas)
    theirs = duckdb_counts(schools, areas).reindex(areas["code"]).fillna(0).astype("int64")
    pd.testing.assert_series_equal(ours, theirs, check_names=False)
    assert ours.sum() == 125
    assert (ours == 0).sum() > 10  # buurten without a school are there, with 0
    assert len(joined) == len(schools)
    assert joined.index.equals(schools.index)


def test_counts_equal_duckdb_for_many_points_off_the_borders() -> None:
    areas = denhaag_buurten()
    points = _off_border_points(areas, 20_000, seed=518)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # points in the sea around Den Haag are outside, on purpose
        joined = join_assets(points, areas)
    ours = _counts(joined, areas)
    theirs = duckdb_counts(points, areas).reindex(areas["code"]).fillna(0).astype("int64")
    pd.testing.assert_series_equal(ours, theirs, check_names=False)
    assert joined["code"].isna().sum() == len(points) - theirs.sum()


def test_threaded_query_gives_the_same_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    areas = denhaag_buurten()
    points = _off_border_points(areas, 6_000, seed=7)
    single = locate_points(points.geometry, areas.geometry, areas["code"], threads=1)
    monkeypatch.setattr(join_mod, "THREAD_MIN_POINTS", 10)
    threaded = locate_points(points.geometry, areas.geometry, areas["code"], threads=3)
    np.testing.assert_array_equal(single, threaded)


def test_point_on_a_shared_border_counts_once_in_the_lowest_code() -> None:
    areas = denhaag_buurten()
    shared = _shared_vertices(areas)
    two = [(pt, codes) for pt, codes in shared if len(codes) == 2]
    three = [(pt, codes) for pt, codes in shared if len(codes) >= 3]
    assert two and three, "Den Haag's buurten share vertices between two and among three buurten"
    cases = two[:25] + three[:10]
    pts = gpd.GeoDataFrame(
        {"id": [f"b{i}" for i in range(len(cases))], "categorie": "fysieke plek"},
        geometry=[pt for pt, _ in cases],
        crs=RD,
    )
    expected = [min(codes) for _, codes in cases]
    for shuffled in (areas, areas.iloc[::-1], areas.sample(frac=1.0, random_state=1)):
        joined = join_assets(pts, shuffled)
        assert joined["code"].astype(str).tolist() == expected
        assert _counts(joined, shuffled).sum() == len(
            cases
        )  # each border point counted exactly once


def test_border_points_are_why_a_rule_is_needed() -> None:
    """DuckDB on the same border points: ST_Contains counts them nowhere, ST_Intersects in several buurten."""
    areas = denhaag_buurten()
    cases = [c for c in _shared_vertices(areas) if len(c[1]) == 2][:10]
    pts = gpd.GeoDataFrame(geometry=[pt for pt, _ in cases], crs=RD)
    assert duckdb_counts(pts, areas).sum() == 0
    con = duckdb_connect()
    try:
        con.register("p", pd.DataFrame({"wkb": shapely.to_wkb(np.asarray(pts.geometry.array))}))
        con.register(
            "a",
            pd.DataFrame(
                {"code": areas["code"], "wkb": shapely.to_wkb(np.asarray(areas.geometry.array))}
            ),
        )
        n = con.execute(
            "SELECT count(*) FROM p JOIN a ON ST_Intersects(ST_GeomFromWKB(a.wkb), ST_GeomFromWKB(p.wkb))"
        ).fetchone()
    finally:
        con.close()
    assert n is not None and n[0] == 2 * len(cases)
    assert join_assets(pts.assign(id=range(len(pts))), areas)["code"].notna().all()


def test_assets_outside_every_area_are_reported_not_dropped() -> None:
    areas = denhaag_buurten()
    schools = denhaag_schools()
    sea = gpd.GeoDataFrame(
        {"id": ["zee-1", "zee-2"], "naam": ["boei", "boot"], "categorie": "fysieke plek"},
        geometry=[shapely.Point(70_000, 460_000), shapely.Point(71_000, 461_000)],
        crs=RD,
    )
    assets = pd.concat([schools, sea], ignore_index=True)
    with pytest.warns(UserWarning, match=r"2 asset\(s\) lie outside every area.*zee-1, zee-2"):
        joined = join_assets(assets, areas)
    assert len(joined) == len(assets)
    assert list(joined.attrs["outside_ids"]) == ["zee-1", "zee-2"]
    # kept through pandas operations without being deep-copied each time (a register can hold many)
    assert joined[["id"]].attrs["outside_ids"] is joined.attrs["outside_ids"]
    assert joined.loc[joined["id"].isin(["zee-1", "zee-2"]), "code"].isna().all()
    assert joined["code"].notna().sum() == 125


def test_assets_without_location_are_reported() -> None:
    areas = denhaag_buurten()
    assets = denhaag_schools().head(3).copy()
    assets.loc[assets.index[1], "geometry"] = None
    with pytest.warns(UserWarning, match="no location"):
        joined = join_assets(assets, areas)
    assert list(joined.attrs["no_location_ids"]) == [assets["id"].iloc[1]]
    assert joined["code"].notna().sum() == 2


def test_points_in_another_crs_are_reprojected() -> None:
    areas = denhaag_buurten()
    wgs84 = gpd.read_file(SCHOLEN)
    wgs84 = wgs84[wgs84["GEMEENTENUMMER"].astype(str).str.strip() == "0518"]
    assert wgs84.crs.to_epsg() == 4326
    joined = join_assets(wgs84, areas)
    assert joined.crs.to_epsg() == 28992
    expected = _counts(join_assets(denhaag_schools(), areas), areas)
    pd.testing.assert_series_equal(_counts(joined, areas), expected)


def test_polygon_assets_by_representative_point_or_by_share() -> None:
    """Real BAG contours of school buildings, and a polygon laid across a real shared border."""
    areas = denhaag_buurten()
    raw = gpd.read_file(SCHOLEN)
    raw = raw[raw["GEMEENTENUMMER"].astype(str).str.strip() == "0518"].head(20)
    polys = gpd.GeoSeries(
        [shapely.from_geojson(text) for text in raw["_bag_contour"]], crs="EPSG:4326"
    ).to_crs(RD)
    buildings = gpd.GeoDataFrame(
        {"id": raw["VESTIGINGSNUMMER"].to_numpy(), "categorie": "instelling"},
        geometry=polys.to_numpy(),
        crs=RD,
    )
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        by_point = join_assets(buildings, areas)
    assert by_point["weight"].eq(1.0).all()
    reps = shapely.point_on_surface(np.asarray(buildings.geometry.array))
    covered = shapely.intersects(shapely.union_all(np.asarray(areas.geometry.array)), reps)
    # a building whose representative point lies outside the (simplified) buurten is reported, not guessed
    assert by_point["code"].notna().to_numpy().tolist() == covered.tolist()
    assert list(by_point.attrs["outside_ids"]) == buildings["id"][~covered].tolist()
    found = by_point["code"].notna().to_numpy()
    inside = shapely.contains(
        np.asarray(
            areas.set_index("code").loc[by_point["code"][found].astype(str), "geometry"].array
        ),
        reps[found],
    )
    assert found.sum() >= 15 and inside.all()

    by_code = areas.set_index("code").geometry
    # a round "park" of 60 m around a vertex two buurten share, lying wholly in those two buurten
    pt, codes = next(
        (pt, codes)
        for pt, codes in _shared_vertices(areas)
        if len(codes) == 2
        and shapely.union_all(by_code.loc[codes].to_numpy()).contains(pt.buffer(60))
        and by_code.intersects(pt.buffer(60)).sum() == 2
    )
    park = gpd.GeoDataFrame(
        {"id": ["park"], "categorie": "fysieke plek"}, geometry=[pt.buffer(60)], crs=RD
    )
    shares = join_assets(park, areas, polygons="share")
    assert sorted(shares["code"].astype(str)) == codes
    assert shares["weight"].sum() == pytest.approx(1.0, abs=1e-6)
    assert (shares["weight"] > 0.05).all()
    single = join_assets(park, areas)
    assert len(single) == 1 and single["code"].iloc[0] in codes


def test_bad_input_is_a_user_error() -> None:
    areas = denhaag_buurten()
    with pytest.raises(WijkassetsError, match="no coordinate reference system"):
        join_assets(gpd.GeoDataFrame(geometry=[shapely.Point(0, 0)]), areas)
    with pytest.raises(WijkassetsError, match="'code'"):
        join_assets(denhaag_schools(), areas.rename(columns={"code": "c"}))
    with pytest.raises(WijkassetsError, match="join rule"):
        join_assets(denhaag_schools(), areas, polygons="centroid")  # type: ignore[arg-type]
