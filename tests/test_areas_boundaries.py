"""Boundaries: every column style on real maps, geometry repair, the embedded default offline."""

from __future__ import annotations

import warnings
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import box

from wijkassets._errors import CacheMissError, ValidationError, WijkassetsError
from wijkassets.areas import load_boundaries, read_boundaries
from wijkassets.areas._geometry import repair

COLUMNS = ["code", "level", "naam", "gemeentecode", "wijkcode", "year", "water", "geometry"]


def _check_shape(gdf: gpd.GeoDataFrame) -> None:
    assert list(gdf.columns) == COLUMNS
    assert gdf.crs.to_epsg() == 28992
    assert gdf.is_valid.all()
    assert set(gdf.geom_type) <= {"Polygon", "MultiPolygon"}
    assert gdf.index.equals(gdf.index.__class__(range(len(gdf))))
    assert gdf["code"].is_unique


def test_rotterdam_2024_invalid_geometries_repaired_and_counted(data_dir: Path) -> None:
    with pytest.warns(UserWarning, match="13 invalid geometries were repaired") as record:
        gdf = read_boundaries(data_dir / "geo" / "rotterdam_buurten_2024_wgs84.geojson")
    messages = " ".join(str(w.message) for w in record)
    assert "overlaps between neighbouring areas" in messages
    assert "lower code keeps the overlap" in messages
    _check_shape(gdf)
    assert len(gdf) == 88
    assert gdf.attrs["repairs"]["invalid"] == 13
    assert gdf.attrs["repairs"]["overlaps"] > 0
    # plain code/name style; year from the file name
    row = gdf.set_index("code").loc["BU05990110"]
    assert row["naam"] == "Stadsdriehoek"
    assert row["gemeentecode"] == "GM0599"
    assert row["wijkcode"] == "WK059901"
    assert row["year"] == 2024
    # After resolving, neighbours no longer overlap by more than the tolerance.
    left, right = gdf.sindex.query(gdf.geometry.to_numpy(), predicate="overlaps")
    geoms = gdf.geometry.to_numpy()
    overlap = shapely.area(shapely.intersection(geoms[left], geoms[right]))
    assert max(overlap, default=0.0) <= 1.0
    # Metric CRS: Rotterdam (324 km^2 with water) less the Hoek van Holland area missing from this file.
    assert 200e6 < gdf.area.sum() < 330e6


def test_ermelo_2021_pdok_columns(testdata_dir: Path) -> None:
    gdf = read_boundaries(testdata_dir / "geo" / "ermelo_buurten_2021_pdok.gpkg")
    _check_shape(gdf)
    assert len(gdf) == 17
    assert set(gdf["level"]) == {"buurt"}
    assert set(gdf["gemeentecode"]) == {"GM0233"}
    assert (gdf["year"] == 2021).all()
    raw = gpd.read_file(testdata_dir / "geo" / "ermelo_buurten_2021_pdok.gpkg")
    expected_water = set(raw.loc[raw["water"] == "JA", "buurtcode"])
    assert set(gdf.loc[gdf["water"], "code"]) == expected_water
    assert expected_water == {"BU02339997"}  # the one buurt PDOK marks water = JA
    assert gdf.set_index("code").loc["BU02330001", "naam"] == "Ermelo-Oost"


def test_cartomap_topojson_wijken_2024(data_dir: Path) -> None:
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        gdf = read_boundaries(
            data_dir / "geo" / "nl_wijken_2024_cartomap.topojson", crs="EPSG:4326"
        )
    _check_shape(gdf)
    assert len(gdf) == 3393
    assert (gdf["year"] == 2024).all()  # from jrstatcode
    by_code = gdf.set_index("code")
    assert "Overvecht" in by_code.loc["WK034403", "naam"]
    assert by_code.loc["WK034403", "gemeentecode"] == "GM0344"
    assert "WK0363AA" in by_code.index  # Amsterdam's letter codes survive
    assert any("invalid geometr" in str(w.message) for w in record)


def test_old_bu_code_style_drops_collapsed_buurten(data_dir: Path) -> None:
    with pytest.warns(UserWarning, match="3 areas have no polygon geometry") as record:
        gdf = read_boundaries(data_dir / "geo" / "haaglanden_buurt_2015.geojson")
    assert any("BU05460505" in str(w.message) for w in record)
    _check_shape(gdf)
    den_haag = gdf[gdf["gemeentecode"] == "GM0518"]
    assert len(den_haag) == 114
    row = den_haag.set_index("code").loc["BU05182916"]
    assert row["wijkcode"] == "WK051829"
    assert row["year"] == 2015


def test_statcode_style_gemeenten_2017(testdata_dir: Path) -> None:
    gdf = read_boundaries(testdata_dir / "geo" / "cbs_2017" / "gemeenten2017.geojson")
    _check_shape(gdf)
    assert len(gdf) == 388
    assert (gdf["level"] == "gemeente").all()
    assert (gdf["year"] == 2017).all()
    assert gdf["wijkcode"].isna().all()
    assert gdf.set_index("code").loc["GM0003", "naam"] == "Appingedam"


def test_code_column_found_by_its_values(data_dir: Path) -> None:
    path = data_dir / "geo" / "denhaag_zuidwest_buurten" / "Neighb_marginals_ArcGIS.shp"
    with pytest.warns(UserWarning, match="year of this map is not in the file"):
        gdf = read_boundaries(path)
    assert len(gdf) == 14
    assert gdf["year"].isna().all()
    assert read_boundaries(path, year=2019)["year"].eq(2019).all()


def test_geojson_roundtrip_plain_code_name(tmp_path: Path, data_dir: Path) -> None:
    src = gpd.read_file(data_dir / "geo" / "haaglanden_wijk_2015.geojson")
    src = src[src["GM_CODE"] == "GM0518"][["WK_CODE", "WK_NAAM", "geometry"]]
    src = src.rename(columns={"WK_CODE": "code", "WK_NAAM": "name"}).to_crs(28992)
    path = tmp_path / "wijken_denhaag.gpkg"
    src.to_file(path)
    gdf = read_boundaries(path, year=2015)
    assert len(gdf) == 44
    assert set(gdf["level"]) == {"wijk"}
    assert gdf.set_index("code").loc["WK051829", "naam"] == "Wijk 29 Schildersbuurt"


def test_bare_dbf_is_not_a_map(testdata_dir: Path) -> None:
    with pytest.raises(WijkassetsError, match="no geometries"):
        read_boundaries(testdata_dir / "geo" / "cbs_2017" / "wijk_2017.dbf")


def test_no_code_column_lists_the_problem(tmp_path: Path) -> None:
    path = tmp_path / "x.geojson"
    gpd.GeoDataFrame({"foo": ["a"]}, geometry=[box(0, 0, 1, 1)], crs=28992).to_file(path)
    with pytest.raises(ValidationError, match="no column with area codes"):
        read_boundaries(path)


def test_bad_codes_are_all_listed(tmp_path: Path) -> None:
    path = tmp_path / "x.geojson"
    gdf = gpd.GeoDataFrame(
        {"code": ["BU05182916", "nonsense", "XX12"]},
        geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1), box(2, 0, 3, 1)],
        crs=28992,
    )
    gdf.to_file(path)
    with pytest.raises(ValidationError) as err:
        read_boundaries(path, year=2020)
    assert "feature 2" in str(err.value) and "feature 3" in str(err.value)
    assert err.value.problems and len(err.value.problems) == 2


def test_overlap_rule_lower_code_keeps() -> None:
    gdf = gpd.GeoDataFrame(
        {"code": ["BU00000002", "BU00000001"], "level": "buurt", "year": 2020},
        geometry=[box(0, 0, 100, 100), box(90, 0, 190, 100)],
        crs=28992,
    )
    with pytest.warns(UserWarning, match="1 overlap between neighbouring areas"):
        out = repair(gdf)
    by_code = out.set_index("code").geometry
    assert by_code["BU00000001"].area == pytest.approx(100 * 100)
    assert by_code["BU00000002"].area == pytest.approx(90 * 100)


def test_geometry_collection_keeps_polygonal_parts() -> None:
    from shapely.geometry import Polygon

    bowtie = Polygon([(0, 0), (10, 10), (10, 0), (0, 10), (0, 0)])  # self-crossing ring
    gdf = gpd.GeoDataFrame({"code": ["BU00000001"]}, geometry=[bowtie], crs=28992)
    with pytest.warns(UserWarning, match="1 invalid geometry was repaired"):
        out = repair(gdf)
    assert out.geometry.iloc[0].geom_type == "MultiPolygon"
    assert out.geometry.iloc[0].area == pytest.approx(50)


def test_load_offline_serves_embedded_den_haag() -> None:
    buurten = load_boundaries(2015, "buurt", gemeente="GM0518")
    _check_shape(buurten)
    assert len(buurten) == 114
    assert "embedded" in buurten.attrs["source"] and "Bron: CBS" in buurten.attrs["source"]
    wijken = load_boundaries(2015, "wijken", gemeente=518)
    assert len(wijken) == 44
    gemeente = load_boundaries(2015, "gemeente", gemeente="GM0518")
    assert list(gemeente["code"]) == ["GM0518"]


@pytest.mark.parametrize(
    ("year", "level", "gemeente", "n"),
    [
        (2015, "buurt", "GM0599", 92),
        (2024, "buurt", "GM0599", 88),
        (2023, "gemeente", None, 343),
        (2024, "wijk", None, 3393),
    ],
)
def test_load_offline_embedded_counts(year: int, level: str, gemeente: str | None, n: int) -> None:
    gdf = load_boundaries(year, level, gemeente=gemeente)
    assert len(gdf) == n
    assert (gdf["year"] == year).all()


def test_load_offline_partial_embedded_warns() -> None:
    with pytest.warns(UserWarning, match="not all of the Netherlands"):
        gdf = load_boundaries(2015, "buurt")
    assert {"GM0518", "GM0599"} <= set(gdf["gemeentecode"])


def test_load_offline_miss_names_the_command() -> None:
    with pytest.raises(CacheMissError, match="wijkassets areas fetch 2019 buurt --gemeente GM0518"):
        load_boundaries(2019, "buurt", gemeente="GM0518")


def test_load_bad_arguments() -> None:
    with pytest.raises(WijkassetsError, match="Unknown level"):
        load_boundaries(2015, "straat")
    with pytest.raises(WijkassetsError, match="out of range"):
        load_boundaries(1850, "buurt")


def test_multilayer_geopackage_needs_a_level(tmp_path: Path, data_dir: Path) -> None:
    path = tmp_path / "wijkenbuurtkaart_2015.gpkg"
    for layer, file in (("buurten", "haaglanden_buurt_2015"), ("wijken", "haaglanden_wijk_2015")):
        gdf = gpd.read_file(data_dir / "geo" / f"{file}.geojson").to_crs(28992)
        gdf = gdf[gdf["GM_CODE"] == "GM0518"]
        gdf.to_file(path, layer=layer, driver="GPKG")
    with pytest.raises(WijkassetsError, match="2 layers.*buurten, wijken"):
        read_boundaries(path)
    wijken = read_boundaries(path, level="wijk")
    assert len(wijken) == 44 and (wijken["year"] == 2015).all()  # year from the file name
    assert len(read_boundaries(path, layer="buurten")) == 114


def test_topojson_without_crs_is_guessed_with_a_warning(data_dir: Path) -> None:
    with pytest.warns(UserWarning, match="no coordinate system in the file.*EPSG:4326"):
        gdf = read_boundaries(data_dir / "geo" / "nl_wijken_2024_cartomap.topojson")
    assert gdf.crs.to_epsg() == 28992
    utrecht = gdf[gdf["gemeentecode"] == "GM0344"]
    # Utrecht lies around RD x=136 km, y=456 km
    x, y = utrecht.union_all().centroid.coords[0]
    assert 125_000 < x < 145_000 and 445_000 < y < 465_000


def test_gemeente_by_name_or_code() -> None:
    from wijkassets.areas import normalise_gemeente

    assert normalise_gemeente("Den Haag") == "GM0518"
    assert normalise_gemeente("gm518") == "GM0518"
    assert normalise_gemeente(344) == "GM0344"
    with pytest.raises(WijkassetsError, match="Unknown gemeente 'Atlantis'"):
        normalise_gemeente("Atlantis")


def test_enclave_inside_lower_code_is_kept_and_reported() -> None:
    gdf = gpd.GeoDataFrame(
        {"code": ["BU00000001", "BU00000002"], "level": "buurt", "year": 2020},
        geometry=[box(0, 0, 100, 100), box(40, 40, 60, 60)],
        crs=28992,
    )
    with pytest.warns(UserWarning, match="wholly inside lower-coded areas.*BU00000002"):
        out = repair(gdf)
    assert out.set_index("code").geometry["BU00000002"].area == pytest.approx(400)
    # the other way round the enclave is cut out of the higher-coded area
    gdf["code"] = ["BU00000002", "BU00000001"]
    out = repair(gdf)
    assert out.set_index("code").geometry["BU00000002"].area == pytest.approx(9600)


def test_overlaps_sharing_every_edge_are_still_found() -> None:
    # Areas whose edges all match a neighbour's exactly still overlap: a copy of an area, and an area equal
    # to one part of a multipart area. Only areas with an edge not shared cleanly are asked about overlaps,
    # so these must count as such.
    from shapely.geometry import MultiPolygon

    gdf = gpd.GeoDataFrame(
        {
            "code": ["BU00000001", "BU00000002", "BU00000003", "BU00000004", "BU00000005"],
            "level": "buurt",
            "year": 2020,
        },
        geometry=[
            box(0, 0, 100, 100),
            box(0, 0, 100, 100),  # a copy of BU00000001
            MultiPolygon([box(200, 0, 300, 100), box(400, 0, 500, 100)]),
            box(400, 0, 500, 100),  # one part of BU00000003
            box(100, 0, 200, 100),  # a plain neighbour of 1 and 3: touches only
        ],
        crs=28992,
    )
    with pytest.warns(UserWarning, match="2 overlaps between") as record:
        out = repair(gdf)
    messages = " ".join(str(w.message) for w in record)
    assert "BU00000002" in messages and "BU00000004" in messages  # would vanish: kept as they are
    assert out.attrs["repairs"]["overlaps"] == 2
    assert out.attrs["repairs"]["overlap_m2"] == pytest.approx(2 * 100 * 100)


def test_geojson_geometries_built_as_shape_builds_them(testdata_dir: Path) -> None:
    import json

    import numpy as np
    from shapely.geometry import shape

    from wijkassets.areas._geometry import from_geojson

    real = gpd.read_file(testdata_dir / "geo" / "ermelo_buurten_2021_pdok.gpkg")
    items = [f["geometry"] for f in json.loads(real.to_json())["features"]]
    square = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]
    hole = [[0.2, 0.2], [0.4, 0.2], [0.4, 0.4], [0.2, 0.2]]
    items += [
        None,
        {"type": "Polygon", "coordinates": []},
        {"type": "Polygon", "coordinates": [square, hole]},
        {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1]]]},  # not closed
        {
            "type": "Polygon",
            "coordinates": [[[0, 0], [1, 0], [0, 0]]],
        },  # too short: padded by shapely
        {"type": "Polygon", "coordinates": [[[*p, 5.0] for p in square]]},  # 3-D
        {
            "type": "MultiPolygon",
            "coordinates": [[square], [[[x + 5, y] for x, y in square], hole]],
        },
        {"type": "Point", "coordinates": [1.0, 2.0]},
        {"type": "GeometryCollection", "geometries": [{"type": "Point", "coordinates": [1, 2]}]},
    ]
    ours = from_geojson(items)
    theirs = np.array([shape(g) if g else None for g in items], dtype=object)
    assert len(ours) == len(theirs)
    for a, b in zip(ours, theirs, strict=True):
        if b is None:
            assert a is None
            continue
        assert a.geom_type == b.geom_type
        assert shapely.has_z(a) == shapely.has_z(b)
        assert shapely.equals_exact(a, b, tolerance=0.0)


def test_crosswalk_intersections_on_threads_equal_one_thread() -> None:
    # The crosswalk's area table splits the pairwise intersections over threads for large inputs; the areas
    # must be the same, pair for pair, as on one thread.
    import numpy as np

    from wijkassets.areas import crosswalk as cw

    rng = np.random.default_rng(1)
    xy = rng.uniform(0, 10_000, (3000, 2))
    left = shapely.buffer(shapely.points(xy), 200.0, quad_segs=16)
    right = shapely.buffer(
        shapely.points(xy + rng.uniform(-150, 150, xy.shape)), 180.0, quad_segs=16
    )
    assert int(shapely.get_num_coordinates(left).sum()) * 2 > cw.THREAD_MIN_VERTICES
    one = shapely.area(shapely.intersection(left, right))
    for threads in (1, 2, 3):
        got = cw._intersection_areas(left, right, threads=threads)
        assert got.dtype == np.float64
        assert np.array_equal(got, one)
    assert len(cw._intersection_areas(left[:0], right[:0], threads=2)) == 0


def test_own_output_reads_back_as_the_same_areas(tmp_path: Path) -> None:
    # `wijkassets areas boundaries 2015 buurt -o buurten.gpkg` and then `--boundaries buurten.gpkg`: its
    # wijkcode/gemeentecode columns are the parents, not the areas' own codes
    from wijkassets._io import write_table

    buurten = load_boundaries(2015, "buurt", gemeente="GM0518")
    back = read_boundaries(write_table(buurten, tmp_path / "buurten.gpkg", index=False))
    assert len(back) == 114 and set(back["level"]) == {"buurt"}
    assert sorted(back["code"]) == sorted(buurten["code"])
