"""load_boundaries against a fake PDOK OGC API: paging, the crs parameter, cache, offline, faults.

The pages are built from a real PDOK extract (tests/data/geo/ermelo_buurten_2021_pdok.gpkg: 17 buurten of
Ermelo, PDOK 2021 column names, EPSG:28992), cut into pages of 6 features linked the way OGC API Features
links them (``links`` with ``rel: next``).
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

import geopandas as gpd
import pytest

from tests.fakeserver import Answer, FakeServer, Request
from wijkassets import settings
from wijkassets._errors import CacheMissError, SourceError
from wijkassets.areas import _pdok, load_boundaries

HIST = "/cbs/wijken-en-buurten-historisch/ogc/v1"
ITEMS = f"{HIST}/collections/buurten/items"
PAGE = 6


@pytest.fixture(scope="module")
def ermelo_features(testdata_dir: Path) -> list[dict[str, Any]]:
    gdf = gpd.read_file(testdata_dir / "geo" / "ermelo_buurten_2021_pdok.gpkg")
    return json.loads(gdf.to_json(drop_id=True, na="null"))["features"]


def _pages(server: FakeServer, features: list[dict[str, Any]], faults: dict[int, list[str]]):  # type: ignore[no-untyped-def]
    """A route serving ``features`` in pages; ``faults[page]`` ("503", "500", "cut", "reset") come first."""
    served: dict[int, int] = {}

    def route(req: Request) -> Answer:
        page = int(req.query.get("cursor", ["0"])[0])
        n = served.get(page, 0)
        served[page] = n + 1
        start = page * PAGE
        body: dict[str, Any] = {
            "type": "FeatureCollection",
            "numberMatched": len(features),
            "features": features[start : start + PAGE],
            "links": [{"rel": "self", "href": server.url + req.raw_path}],
        }
        if start + PAGE < len(features):
            body["links"].append(
                {
                    "rel": "next",
                    "type": "application/geo+json",
                    "href": f"{server.url}{ITEMS}?f=json&limit=1000&crs={_pdok.RD_NEW_URI}"
                    f"&gemeentecode=GM0233&jaarcode=2021&cursor={page + 1}",
                }
            )
        headers = {"Content-Crs": f"<{_pdok.RD_NEW_URI}>"}
        if n < len(faults.get(page, [])):
            fault = faults[page][n]
            if fault.isdigit():
                return Answer({"error": "unavailable"}, status=int(fault))
            return Answer(body, headers=headers, fault=fault)  # the real page, cut off or reset
        return Answer(body, headers=headers)

    return route


@pytest.fixture
def pdok(fake_server: FakeServer, monkeypatch: pytest.MonkeyPatch, online: None) -> FakeServer:
    monkeypatch.setattr(_pdok, "BASE_URL", fake_server.url + "/cbs")
    monkeypatch.setattr(settings, "retries", 2)
    fake_server.routes[f"{HIST}/collections"] = Answer(
        {"collections": [{"id": "buurten"}, {"id": "wijken"}, {"id": "gemeenten"}]}
    )
    return fake_server


def test_pages_crs_and_cache(
    pdok: FakeServer, ermelo_features: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    pdok.routes[ITEMS] = _pages(pdok, ermelo_features, {})
    gdf = load_boundaries(2021, "buurt", gemeente="GM0233")
    assert len(gdf) == 17
    assert gdf.crs.to_epsg() == 28992
    assert set(gdf["gemeentecode"]) == {"GM0233"}
    assert (gdf["year"] == 2021).all()
    assert gdf.set_index("code").loc["BU02330001", "naam"] == "Ermelo-Oost"
    assert "PDOK" in gdf.attrs["source"] and "Bron: CBS" in gdf.attrs["source"]
    items = [r for r in pdok.requests if r.path == ITEMS]
    assert len(items) == 3  # 17 features in pages of 6
    first = items[0].query
    assert first["crs"] == [_pdok.RD_NEW_URI]
    assert first["limit"] == ["1000"]
    assert first["gemeentecode"] == ["GM0233"]
    assert first["jaarcode"] == ["2021"]
    # The real coordinates are RD New metres (Ermelo lies around x=175 km, y=475 km).
    minx, miny, maxx, maxy = gdf.total_bounds
    assert 160_000 < minx < maxx < 190_000 and 460_000 < miny < maxy < 490_000

    # Offline now: served from the cache, no new request.
    monkeypatch.setenv("WIJKASSETS_OFFLINE", "1")
    before = len(pdok.requests)
    again = load_boundaries(2021, "buurt", gemeente="GM0233")
    assert len(pdok.requests) == before
    assert again["code"].tolist() == gdf["code"].tolist()


def _overlapping(features: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The Ermelo features with the first one grown by 50 m, so it overlaps its neighbours (a repair)."""
    import shapely
    from shapely.geometry import mapping, shape

    grown = mapping(shapely.buffer(shape(features[0]["geometry"]), 50.0))
    return [{**features[0], "geometry": grown}, *features[1:]]


def test_offline_after_online_gives_the_identical_frame_and_warnings(
    pdok: FakeServer, ermelo_features: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    from geopandas.testing import assert_geodataframe_equal

    pdok.routes[ITEMS] = _pages(pdok, _overlapping(ermelo_features), {})
    with pytest.warns(UserWarning, match="overlaps? between neighbouring areas") as first:
        online_gdf = load_boundaries(2021, "buurt", gemeente="GM0233")
    assert online_gdf.attrs["repairs"]["overlaps"] > 0
    # The raw pages and the finished map are both cached.
    assert _pdok.is_cached(2021, "buurt", "GM0233")
    assert _pdok.cached_frame(2021, "buurt", "GM0233") is not None
    monkeypatch.setenv("WIJKASSETS_OFFLINE", "1")
    before = len(pdok.requests)
    with pytest.warns(UserWarning, match="overlaps? between neighbouring areas") as again:
        offline_gdf = load_boundaries(2021, "buurt", gemeente="GM0233")
    assert len(pdok.requests) == before
    assert_geodataframe_equal(offline_gdf, online_gdf)
    assert offline_gdf.attrs == online_gdf.attrs
    # The warnings of the repair are given again, word for word.
    assert [str(w.message) for w in again] == [str(w.message) for w in first]
    # ... and the finished map equals one built from the cached pages themselves.
    from wijkassets.areas.boundaries import _from_features

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rebuilt = _from_features(
            _pdok.cached_features(2021, "buurt", "GM0233") or {},
            year=2021,
            level="buurt",
            gemeente="GM0233",
        )
    assert_geodataframe_equal(rebuilt, online_gdf)


@pytest.mark.parametrize("damage", ["truncate", "bad parquet"])
def test_corrupt_cached_frame_is_a_miss(
    pdok: FakeServer,
    ermelo_features: list[dict[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
    damage: str,
) -> None:
    from geopandas.testing import assert_geodataframe_equal

    from wijkassets import _cache

    pdok.routes[ITEMS] = _pages(pdok, ermelo_features, {})
    gdf = load_boundaries(2021, "buurt", gemeente="GM0233")
    key = _pdok._frame_key(2021, "buurt", "GM0233")
    path = _cache.entry_path(_pdok.NAMESPACE, key)
    if damage == "truncate":  # a crash mid-write on another tool, a full disk: the checksum fails
        path.write_bytes(path.read_bytes()[:-100])
    else:  # a complete entry whose Parquet cannot be read
        _cache.put(_pdok.NAMESPACE, key, b'{"attrs": {}, "warnings": []}\nnot parquet')
    assert _pdok.cached_frame(2021, "buurt", "GM0233") is None
    monkeypatch.setenv("WIJKASSETS_OFFLINE", "1")
    before = len(pdok.requests)
    again = load_boundaries(2021, "buurt", gemeente="GM0233")  # rebuilt from the cached pages
    assert len(pdok.requests) == before
    assert_geodataframe_equal(again, gdf)
    assert again.attrs == gdf.attrs
    assert _pdok.cached_frame(2021, "buurt", "GM0233") is not None  # and cached again


def test_pages_cached_in_the_earlier_form_are_read(
    ermelo_features: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    from wijkassets import _cache

    # One FeatureCollection, as wijkassets stored PDOK's answer before it kept the pages as sent.
    _cache.put_json(
        _pdok.NAMESPACE,
        _pdok._key(2021, "buurt", "GM0233"),
        {"type": "FeatureCollection", "features": ermelo_features},
    )
    gdf = load_boundaries(2021, "buurt", gemeente="GM0233")
    assert len(gdf) == 17
    assert gdf.set_index("code").loc["BU02330001", "naam"] == "Ermelo-Oost"


def test_collection_per_year_is_found(
    pdok: FakeServer, ermelo_features: list[dict[str, Any]]
) -> None:
    pdok.routes[f"{HIST}/collections"] = Answer(
        {"collections": [{"id": "buurten_2020"}, {"id": "buurten_2021"}, {"id": "wijken_2021"}]}
    )
    path = f"{HIST}/collections/buurten_2021/items"
    pdok.routes[path] = Answer(
        {"type": "FeatureCollection", "features": ermelo_features, "links": []}
    )
    gdf = load_boundaries(2021, "buurt", gemeente="GM0233")
    assert len(gdf) == 17
    assert "jaarcode" not in pdok.requests[-1].query


def test_recent_year_has_its_own_api(
    pdok: FakeServer, ermelo_features: list[dict[str, Any]]
) -> None:
    path = "/cbs/wijken-en-buurten-2024/ogc/v1/collections/buurten/items"
    # Only the URL is under test here; the features are the 2021 recording.
    pdok.routes[path] = Answer({"type": "FeatureCollection", "features": ermelo_features[:3]})
    gdf = load_boundaries(2024, "buurten", gemeente="GM0233")
    assert len(gdf) == 3
    assert pdok.count(path) == 1
    assert pdok.count(f"{HIST}/collections") == 0


def test_faults_are_retried(pdok: FakeServer, ermelo_features: list[dict[str, Any]]) -> None:
    faults = {0: ["503"], 1: ["cut", "reset"]}
    pdok.routes[ITEMS] = _pages(pdok, ermelo_features, faults)
    gdf = load_boundaries(2021, "buurt", gemeente="GM0233")
    assert len(gdf) == 17
    assert len([r for r in pdok.requests if r.path == ITEMS]) == 3 + 3


def test_persistent_failure_caches_nothing(
    pdok: FakeServer, ermelo_features: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    faults = {1: ["500"] * 10}
    pdok.routes[ITEMS] = _pages(pdok, ermelo_features, faults)
    with pytest.raises(SourceError, match="no complete answer"):
        load_boundaries(2021, "buurt", gemeente="GM0233")
    assert _pdok.cached_features(2021, "buurt", "GM0233") is None
    monkeypatch.setenv("WIJKASSETS_OFFLINE", "1")
    with pytest.raises(CacheMissError, match="wijkassets areas fetch 2021 buurt --gemeente GM0233"):
        load_boundaries(2021, "buurt", gemeente="GM0233")


def test_failure_falls_back_to_embedded_with_warning(pdok: FakeServer) -> None:
    pdok.routes[f"{HIST}/collections"] = Answer({"error": "down"}, status=503)
    with pytest.warns(UserWarning, match="PDOK could not be reached"):
        gdf = load_boundaries(2015, "buurt", gemeente="GM0518")
    assert len(gdf) == 114
    assert "embedded" in gdf.attrs["source"]


def test_not_geojson_is_a_source_error(pdok: FakeServer) -> None:
    pdok.routes[ITEMS] = Answer("<html>maintenance</html>", headers={"Content-Type": "text/html"})
    with pytest.raises(SourceError, match="not a GeoJSON FeatureCollection"):
        load_boundaries(2021, "buurt", gemeente="GM0233")


def test_next_link_loop_is_stopped(pdok: FakeServer, ermelo_features: list[dict[str, Any]]) -> None:
    def route(req: Request) -> Answer:
        return Answer(
            {
                "type": "FeatureCollection",
                "features": ermelo_features[:2],
                "links": [{"rel": "next", "href": f"{pdok.url}{ITEMS}?cursor=1"}],
            }
        )

    pdok.routes[ITEMS] = route
    with pytest.raises(SourceError, match="link back"):
        load_boundaries(2021, "buurt", gemeente="GM0233")


def test_cli_fetch_warms_the_cache(
    pdok: FakeServer, ermelo_features: list[dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    from wijkassets.cli import main

    pdok.routes[ITEMS] = _pages(pdok, ermelo_features, {})
    with pytest.raises(SystemExit) as exc:
        main(["areas", "fetch", "2021", "buurt", "--gemeente", "GM0233"])
    assert exc.value.code == 0
    assert "17 buurten downloaded into the cache" in capsys.readouterr().out
    assert _pdok.cached_features(2021, "buurt", "GM0233") is not None


def test_other_years_in_the_answer_are_left_out(
    pdok: FakeServer, ermelo_features: list[dict[str, Any]]
) -> None:
    # A server that ignores the jaarcode filter: the same buurten for 2020 and 2021 in one answer.
    both = []
    for year in (2020, 2021):
        for f in ermelo_features:
            both.append({**f, "properties": {**f["properties"], "jaarcode": year}})
    pdok.routes[ITEMS] = Answer({"type": "FeatureCollection", "features": both})
    gdf = load_boundaries(2021, "buurt", gemeente="GM0233")
    assert len(gdf) == 17
    assert gdf["code"].is_unique


def test_embedded_zuidwest_gets_cbs_names() -> None:
    from wijkassets.areas import embedded_maps, read_embedded

    assert "denhaag-zuidwest" in set(embedded_maps()["key"])
    gdf = read_embedded("denhaag-zuidwest")
    assert len(gdf) == 14
    assert gdf.set_index("code").loc["BU05183620", "naam"] == "Moerwijk-Oost"


@pytest.mark.network
def test_live_pdok_wijken_utrecht_2024(online: None) -> None:
    """Against the real PDOK service (run with --run-network): Utrecht's wijken of 2024."""
    gdf = load_boundaries(2024, "wijk", gemeente="GM0344")
    assert "WK034403" in set(gdf["code"])
    assert gdf.crs.to_epsg() == 28992
    assert (gdf["gemeentecode"] == "GM0344").all()
