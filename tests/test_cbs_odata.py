"""Loading KWB from the CBS OData v3 feed through cbsodata, against a fake feed on 127.0.0.1.

The fake feed serves the real 2024 figures of Den Haag (data/cbs) in the OData v3 shapes, in pages, and
misbehaves on purpose: 5xx answers, connection resets, bodies cut off mid-way.
"""

from __future__ import annotations

import pytest

from tests._cbs_helpers import FEED, TABLE, install_fake_cbs, paths_asked
from tests.fakeserver import Answer, FakeServer
from wijkassets import settings
from wijkassets._errors import CacheMissError, OfflineError, SourceError
from wijkassets.cbs import load_kwb, odata


@pytest.fixture
def cbs(fake_server: FakeServer, monkeypatch: pytest.MonkeyPatch, online: None) -> FakeServer:
    monkeypatch.setattr(odata, "CBS_ODATA_URL", fake_server.url)
    monkeypatch.setattr(settings, "retries", 2)
    monkeypatch.setattr(settings, "timeout", 5)
    return fake_server


def _go_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WIJKASSETS_OFFLINE", "1")


def test_load_follows_pages_keeps_codes_and_drops_substring_matches(cbs: FakeServer) -> None:
    install_fake_cbs(cbs, page_size=10)
    df = load_kwb(2024, gemeente="GM0518", source="cbs")
    # published 2024 figures, read through the whole OData path
    assert df.loc["GM0518", "inwoners"] == 566221
    assert df.loc["WK051838", "inwoners"] == 44735
    assert df.loc["WK051838", "woningvoorraad"] == 20926
    # codes kept (not swapped for titles), stripped of padding, strings
    assert all(isinstance(c, str) and c == c.strip() for c in df.index)
    assert "BU03440518" not in df.index  # substringof('0518', ...) over-match is dropped
    assert set(df["gemeentecode"]) == {"GM0518"}
    assert df.loc["GM0518", "naam"] == "'s-Gravenhage"
    assert df.attrs["source"] == "CBS, Kerncijfers wijken en buurten 2024 (85984NED)"
    # 45 Den Haag rows + 1 decoy over pages of 10 -> 5 pages
    assert cbs.count(f"{FEED}/TypedDataSet") == 5
    first = next(r for r in cbs.requests if r.path == f"{FEED}/TypedDataSet")
    flt = first.query["$filter"][0]
    assert "substringof('GM0518',WijkenEnBuurten)" in flt
    assert "'0518'" not in flt


def test_cbsodata_typed_flag_works_the_other_way_round(cbs: FakeServer) -> None:
    """Pin cbsodata 1.3.5: download_data(typed=False) fetches TypedDataSet, typed=True the UntypedDataSet."""
    import cbsodata

    install_fake_cbs(cbs)
    with odata._through_our_session() as netloc:
        data = cbsodata.download_data(TABLE, typed=False, catalog_url=netloc)
    assert "TypedDataSet" in data and "UntypedDataSet" not in data
    assert isinstance(data["TypedDataSet"][0]["AantalInwoners_5"], int)
    with odata._through_our_session() as netloc:
        data = cbsodata.download_data(TABLE, typed=True, catalog_url=netloc)
    assert "UntypedDataSet" in data and "TypedDataSet" not in data
    assert f"{FEED}/UntypedDataSet" in paths_asked(cbs)


def test_then_offline_from_cache_without_network(
    cbs: FakeServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    install_fake_cbs(cbs)
    load_kwb(2024, gemeente="GM0518", source="cbs")
    asked = len(cbs.requests)
    _go_offline(monkeypatch)
    df = load_kwb(2024, gemeente="GM0518")
    assert len(cbs.requests) == asked
    assert df.attrs["origin"].startswith("cache")
    assert df.loc["WK051838", "inwoners"] == 44735
    assert df.loc["WK051838", "oppervlakte_land_ha"] == 268


def test_retries_5xx_resets_and_cut_off_pages(cbs: FakeServer) -> None:
    install_fake_cbs(
        cbs,
        page_size=10,
        faults={
            0: [Answer("busy", status=503)],
            1: [Answer("", fault="reset")],
            2: [Answer({"value": list(range(2000))}, fault="cut")],
        },
    )
    df = load_kwb(2024, gemeente="GM0518", source="cbs")
    assert df.loc["GM0518", "inwoners"] == 566221
    assert len(df) == 45
    assert cbs.count(f"{FEED}/TypedDataSet") == 5 + 3


def test_cut_off_body_without_end_is_never_cached(
    cbs: FakeServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = install_fake_cbs(cbs, page_size=10, faults={3: [Answer(fault="always")]})
    with pytest.raises(SourceError, match="incomplete answer.*nothing was cached"):
        load_kwb(2024, gemeente="GM0518", source="cbs")
    assert odata.cached_download(TABLE, "GM0518") is None
    # offline now: the partial download must not be served
    _go_offline(monkeypatch)
    with pytest.raises(CacheMissError, match="wijkassets kwb fetch 2024 --gemeente GM0518"):
        load_kwb(2024, gemeente="GM0518", source="cache")
    # the feed recovers: a complete answer is fetched and cached
    monkeypatch.setenv("WIJKASSETS_OFFLINE", "0")
    state["faults"].clear()
    assert load_kwb(2024, gemeente="GM0518", source="cbs").loc["GM0518", "inwoners"] == 566221
    assert odata.cached_download(TABLE, "GM0518") is not None


def test_gives_up_on_5xx_with_clear_message(cbs: FakeServer) -> None:
    install_fake_cbs(cbs)
    cbs.routes[f"{FEED}/TypedDataSet"] = Answer("down", status=500)
    with pytest.raises(SourceError, match="HTTP 500.*2 retries.*kwb fetch 2024 --gemeente GM0518"):
        load_kwb(2024, gemeente="GM0518", source="cbs")
    assert cbs.count(f"{FEED}/TypedDataSet") == 3
    assert odata.cached_download(TABLE, "GM0518") is None


def test_revised_table_is_downloaded_again(
    cbs: FakeServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = install_fake_cbs(cbs)
    load_kwb(2024, gemeente="GM0518", source="cbs")
    pages = cbs.count(f"{FEED}/TypedDataSet")
    infos = cbs.count(f"{FEED}/TableInfos")
    load_kwb(2024, gemeente="GM0518", source="cbs")  # unchanged: served from the cache
    assert cbs.count(f"{FEED}/TypedDataSet") == pages
    assert cbs.count(f"{FEED}/TableInfos") == infos + 1  # only the table's Modified was checked
    state["infos"] = [{**state["infos"][0], "Modified": "2025-07-01T02:00:00"}]
    df = load_kwb(2024, gemeente="GM0518", source="cbs")
    assert cbs.count(f"{FEED}/TypedDataSet") == 2 * pages
    assert df.attrs["modified"] == "2025-07-01T02:00:00"
    _go_offline(monkeypatch)
    assert load_kwb(2024, gemeente="GM0518").attrs["modified"] == "2025-07-01T02:00:00"


def test_offline_miss_names_the_command() -> None:
    with pytest.raises(CacheMissError) as exc:
        load_kwb(2022, gemeente="GM0518")
    assert "wijkassets kwb fetch 2022 --gemeente GM0518" in str(exc.value)
    with pytest.raises(OfflineError, match="wijkassets kwb fetch 2023"):
        odata.download("85618NED", year=2023)


def test_fetch_command_fills_the_cache(cbs: FakeServer, monkeypatch: pytest.MonkeyPatch) -> None:
    from wijkassets.cli import main

    install_fake_cbs(cbs)
    with pytest.raises(SystemExit) as exc:
        main(["kwb", "fetch", "2024", "--gemeente", "GM0518"])
    assert exc.value.code == 0
    _go_offline(monkeypatch)
    assert load_kwb(2024, gemeente="0518", level="wijk").shape[0] == 44


def test_year_after_the_registry_is_looked_up_in_the_cbs_catalogue(
    cbs: FakeServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wijkassets._errors import WijkassetsError
    from wijkassets.cbs.tables import resolve_table

    # Hand-made catalogue answer in the ODataCatalog shape; "99999NED" is a test id, not a CBS table.
    cbs.routes["/ODataCatalog/Tables"] = Answer(
        {
            "odata.metadata": f"{cbs.url}/ODataCatalog/$metadata#Tables",
            "value": [{"Identifier": "99999NED", "Title": "Kerncijfers wijken en buurten 2031"}],
        }
    )
    table = resolve_table(2031)
    assert table.table_id == "99999NED" and not table.verified
    assert "niet geverifieerd" in table.source
    asked = cbs.requests[-1]
    assert asked.query["$filter"] == ["Title eq 'Kerncijfers wijken en buurten 2031'"]
    _go_offline(monkeypatch)
    assert resolve_table(2031).table_id == "99999NED"  # cached
    with pytest.raises(WijkassetsError, match=r"2032.*Known years: 2013\.\.2024"):
        resolve_table(2032)


def test_untyped_download_gives_the_same_figures(cbs: FakeServer) -> None:
    """Should cbsodata ever fix its typed flag, the UntypedDataSet (padded strings, '.') reads the same."""
    import cbsodata

    from wijkassets.cbs.load import _from_download

    install_fake_cbs(cbs)
    with odata._through_our_session() as netloc:
        untyped = cbsodata.download_data(TABLE, typed=True, catalog_url=netloc)
        typed = cbsodata.download_data(TABLE, typed=False, catalog_url=netloc)
    assert isinstance(untyped["UntypedDataSet"][0]["AantalInwoners_5"], str)
    a = _from_download(typed, year=2024, table_id=TABLE, origin="typed")
    b = _from_download(untyped, year=2024, table_id=TABLE, origin="untyped")
    assert b.loc["GM0518", "inwoners"] == 566221
    assert a.drop(columns="naam").equals(b.drop(columns="naam"))


def test_country_download_serves_a_gemeente_offline(
    cbs: FakeServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    install_fake_cbs(cbs)
    country = load_kwb(2024, source="cbs")
    assert "BU03440518" in country.index  # the whole country: every row kept
    _go_offline(monkeypatch)
    df = load_kwb(2024, gemeente="GM0518", level="wijk")
    assert df.attrs["origin"].startswith("cache")
    assert len(df) == 44 and "BU03440518" not in df.index


def test_corrupt_cache_entry_is_a_miss(cbs: FakeServer, monkeypatch: pytest.MonkeyPatch) -> None:
    install_fake_cbs(cbs)
    load_kwb(2024, gemeente="GM0518", source="cbs")
    from wijkassets.cbs.load import WIDE_NAMESPACE

    folder = settings.get_cache_folder()
    raw = sorted((folder / odata.NAMESPACE).glob("*.cache"))
    wide = sorted((folder / WIDE_NAMESPACE).glob("*.cache"))
    assert raw and wide
    # cut off, as by a crash or a full disk: the raw answer and the harmonised table kept beside it
    for entry in [max(raw, key=lambda p: p.stat().st_size), *wide]:
        entry.write_bytes(entry.read_bytes()[:-100])
    _go_offline(monkeypatch)
    with pytest.raises(CacheMissError, match="kwb fetch 2024 --gemeente GM0518"):
        load_kwb(2024, gemeente="GM0518", level="buurt")


def test_timeouts_are_retried_then_reported(
    cbs: FakeServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    install_fake_cbs(cbs)
    monkeypatch.setattr(settings, "timeout", 0.3)
    monkeypatch.setattr(settings, "retries", 1)
    cbs.routes[f"{FEED}/TypedDataSet"] = Answer(b"{}", fault="stall", stall_seconds=1.0)
    with pytest.raises(
        SourceError, match=r"did not answer.*TypedDataSet, also after 1 retries.*kwb fetch 2024"
    ):
        load_kwb(2024, gemeente="GM0518", source="cbs")
    assert cbs.count(f"{FEED}/TypedDataSet") == 2
    assert odata.cached_download(TABLE, "GM0518") is None


def test_revision_that_renumbers_columns_still_maps_by_dataproperties(
    cbs: FakeServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """CBS can revise a table in place and number its columns differently: map by DataProperties."""
    import re

    from tests._cbs_helpers import dataproperties_2024, envelope

    def bump(key: str) -> str:  # hand-made renumbering: every _N becomes _N+1
        m = re.fullmatch(r"(.+)_(\d+)", key)
        return f"{m.group(1)}_{int(m.group(2)) + 1}" if m else key

    state = install_fake_cbs(cbs)
    load_kwb(2024, gemeente="GM0518", source="cbs")
    props = [
        {**p, "Key": bump(p["Key"])} if p["Type"] == "Topic" else p for p in dataproperties_2024()
    ]
    state["rows"] = [{bump(k): v for k, v in r.items()} for r in state["rows"]]
    state["infos"] = [{**state["infos"][0], "Modified": "2025-09-01T02:00:00"}]
    cbs.routes[f"{FEED}/DataProperties"] = lambda req: Answer(
        envelope(cbs.url, "DataProperties", props)
    )
    df = load_kwb(2024, gemeente="GM0518", source="cbs")
    assert "AantalInwoners_6" in state["rows"][0]
    assert df.loc["GM0518", "inwoners"] == 566221
    assert df.loc["WK051838", "woningvoorraad"] == 20926


def test_cbsodata_get_data_swaps_codes_for_titles_so_we_do_not_use_it(cbs: FakeServer) -> None:
    """Pin the trap: get_data puts the region *titles* where the codes were; download_data keeps codes."""
    import cbsodata

    install_fake_cbs(cbs)
    with odata._through_our_session() as netloc:
        rows = cbsodata.get_data(TABLE, catalog_url=netloc)
    regions = {r["WijkenEnBuurten"] for r in rows}
    assert "'s-Gravenhage" in regions
    assert not any(str(r).strip() == "GM0518" for r in regions)
    df = load_kwb(2024, gemeente="GM0518", source="cbs")
    assert "GM0518" in df.index


def test_unverified_id_unknown_at_cbs_is_found_by_title(cbs: FakeServer) -> None:
    """The 2015 id is unverified: if CBS answers 404 for it, the table is looked up by its title."""
    # Hand-made: the recorded 2024 answer served as "2015" under the test id 99998NED (not a CBS table).
    install_fake_cbs(cbs, table="99998NED", period="2015")
    cbs.routes["/ODataCatalog/Tables"] = Answer(
        {"value": [{"Identifier": "99998NED", "Title": "Kerncijfers wijken en buurten 2015"}]}
    )
    with pytest.warns(UserWarning, match="CBS does not know 83220NED.*using 99998NED"):
        df = load_kwb(2015, gemeente="GM0518", source="cbs")
    assert df.loc["GM0518", "inwoners"] == 566221  # the served (2024) figures, read through
    assert df.attrs["table_id"] == "99998NED"
    assert "/ODataFeed/odata/83220NED/TableInfos" in paths_asked(cbs)
