"""profile(): strengths next to deficits per buurt, on Den Haag's real 2015 buurten and CBS figures."""

from __future__ import annotations

import math
import warnings

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from tests._analysis_helpers import (
    denhaag_buurten,
    denhaag_kwb_2015,
    denhaag_schools,
    raw_buurt_attributes,
)
from wijkassets import settings
from wijkassets.analysis import describe_profile, profile

SIX = [
    "n_individu",
    "n_vereniging_of_netwerk",
    "n_instelling",
    "n_fysieke_plek",
    "n_economie_en_ruil",
    "n_cultuur_en_verhaal",
]
NOORD = "BU05182916"  # Schildersbuurt-Noord
OOSTDUINEN = "BU05180170"  # 0 inwoners in 2015 and 2019


@pytest.fixture(scope="module")
def schools_profile() -> gpd.GeoDataFrame:
    return profile(denhaag_buurten(), denhaag_schools(), denhaag_kwb_2015())


@pytest.fixture(scope="module")
def example_register():  # type: ignore[no-untyped-def]
    from wijkassets.assets import example_register_path, open_register

    return open_register(example_register_path())


def test_columns_in_the_documented_order(schools_profile: gpd.GeoDataFrame) -> None:
    cols = list(schools_profile.columns)
    assert cols[:10] == ["code", "naam", "inwoners", "n_assets", *SIX]
    strengths = [
        "assets_per_1000",
        "assets_per_km2",
        "categorieen",
        "diversiteit",
        "links_binnen",
        "netwerkgroepen",
        "meest_verbonden",
        "bereik_ontmoeting_pct",
    ]
    assert cols[10:18] == strengths
    deficits = [
        "bijstand_uitkeringen_per_1000",
        "ao_uitkeringen_per_1000",
        "ww_uitkeringen_per_1000",
    ]
    assert cols[18:21] == deficits
    first_pctl = cols.index("pctl_assets_per_1000")
    assert first_pctl == 21
    assert all(c.startswith("pctl_") for c in cols[first_pctl : cols.index("reden_leeg")])
    assert cols[-3:] == ["reden_leeg", "gemeentecode", "geometry"]
    assert schools_profile.crs.to_epsg() == 28992
    assert len(schools_profile) == 114


def test_inwoners_are_the_published_2015_figures(schools_profile: gpd.GeoDataFrame) -> None:
    raw = raw_buurt_attributes()
    got = schools_profile.set_index("code")["inwoners"]
    expected = raw["AANT_INW"].reindex(got.index)
    assert (got.astype(float) == expected.astype(float)).all()
    assert got[NOORD] == 9990


def test_buurten_without_assets_show_zero(schools_profile: gpd.GeoDataFrame) -> None:
    none = schools_profile[schools_profile["n_assets"] == 0]
    assert len(none) > 10
    assert (none[SIX] == 0).all().all()
    assert (none["categorieen"] == 0).all()
    assert schools_profile["n_instelling"].sum() == 125
    assert schools_profile["n_assets"].sum() == 125
    assert (schools_profile[SIX].sum(axis=1) == schools_profile["n_assets"]).all()


def test_rates_use_the_same_years_inwoners(schools_profile: gpd.GeoDataFrame) -> None:
    raw = raw_buurt_attributes()
    row = schools_profile.set_index("code").loc[NOORD]
    assert row["assets_per_1000"] == pytest.approx(row["n_assets"] / 9990 * 1000)
    # bijstand benefits per 1,000: the map's WWB_UITTOT over the map's AANT_INW (both 2015)
    assert row["bijstand_uitkeringen_per_1000"] == pytest.approx(
        raw.loc[NOORD, "WWB_UITTOT"] / raw.loc[NOORD, "AANT_INW"] * 1000
    )


def test_rates_with_2019_figures_use_2019_inwoners() -> None:
    from wijkassets.cbs import load_kwb

    kwb19 = load_kwb(2019, gemeente="GM0518", level="buurt")
    with pytest.warns(UserWarning, match=r"boundaries are of \[2015\].*figures of \[2019\]"):
        prof = profile(denhaag_buurten(), denhaag_schools(), kwb19)
    row = prof.set_index("code").loc[NOORD]
    assert row["inwoners"] == 9980  # KWB 2019 (84583NED), not the 9990 of 2015
    assert row["assets_per_1000"] == pytest.approx(row["n_assets"] / 9980 * 1000)
    # education: 4090 laag, 2360 middelbaar, 1200 hoog in 2019
    assert row["pct_opleiding_laag"] == pytest.approx(100 * 4090 / (4090 + 2360 + 1200))
    assert "84583NED" in prof.attrs["sources"]["inwoners"]
    assert "84583NED" in prof.attrs["sources"]["pct_opleiding_laag"]
    absent = {a["column"] for a in prof.attrs["absent"]}
    assert "pct_laag_inkomen" in absent and "pct_opleiding_laag" not in absent
    # CBS publishes '.' for education in two small buurten (55 and 95 inwoners in 2019): said, not hidden
    secret = prof.set_index("code").loc[["BU05181785", "BU05184110"]]
    assert secret["inwoners"].tolist() == [55, 95]
    assert secret["pct_opleiding_laag"].isna().all()
    assert (secret["reden_leeg"] == "geheim of onbekend bij CBS: pct_opleiding_laag").all()
    assert secret["assets_per_1000"].notna().all()  # the other figures stay


def test_zero_inwoners_gives_nan_with_a_reason_never_inf(schools_profile: gpd.GeoDataFrame) -> None:
    row = schools_profile.set_index("code").loc[OOSTDUINEN]
    assert row["inwoners"] == 0
    for column in ("assets_per_1000", "bijstand_uitkeringen_per_1000", "pctl_assets_per_1000"):
        assert pd.isna(row[column])
    assert "0 inwoners" in row["reden_leeg"]
    numbers = schools_profile.select_dtypes("number").to_numpy(dtype=float)
    assert not np.isinf(numbers).any()


def test_small_areas_get_no_rates_or_percentiles(schools_profile: gpd.GeoDataFrame) -> None:
    small = schools_profile[
        schools_profile["inwoners"].astype(float).between(1, 49, inclusive="both")
    ]
    assert len(small) >= 1  # real: a Den Haag buurt of 25 inwoners in 2015
    pctl = [c for c in schools_profile.columns if c.startswith("pctl_")]
    assert small[["assets_per_1000", *pctl]].isna().all().all()
    assert small["reden_leeg"].str.contains("minder dan 50 inwoners").all()
    loose = profile(denhaag_buurten(), denhaag_schools(), denhaag_kwb_2015(), min_inwoners=1)
    assert loose.loc[small.index, "assets_per_1000"].notna().all()


def test_percentiles_within_the_gemeente_with_direction(schools_profile: gpd.GeoDataFrame) -> None:
    prof = schools_profile
    ok = prof["inwoners"].astype(float) >= 50
    p = prof.loc[ok, "pctl_bijstand_uitkeringen_per_1000"].dropna()
    assert p.between(0, 100).all() and p.max() == 100.0
    worst = prof.loc[ok, "bijstand_uitkeringen_per_1000"].idxmax()
    assert prof.loc[worst, "pctl_bijstand_uitkeringen_per_1000"] == 100.0
    best = prof.loc[ok, "assets_per_1000"].idxmax()
    assert prof.loc[best, "pctl_assets_per_1000"] == 100.0
    directions = prof.attrs["directions"]
    assert "grootste tekort" in directions["pctl_bijstand_uitkeringen_per_1000"]
    assert "sterkste" in directions["pctl_assets_per_1000"]
    assert set(prof["gemeentecode"]) == {"GM0518"}


def test_percentiles_are_taken_per_gemeente() -> None:
    """Two gemeenten of Haaglanden in one profile: each has its own 100."""
    from tests._analysis_helpers import BUURT_2015
    from wijkassets.areas import load_boundaries
    from wijkassets.cbs import read_kwb

    areas = load_boundaries(2015, "buurt", gemeente="GM0518")
    rijswijk = load_boundaries(2015, "buurt", gemeente="GM0603")
    both = pd.concat([areas, rijswijk], ignore_index=True)
    both.attrs = dict(areas.attrs)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        prof = profile(both, denhaag_schools(), read_kwb(BUURT_2015))
    for _, group in prof.groupby("gemeentecode"):
        assert group["pctl_bijstand_uitkeringen_per_1000"].max() == 100.0


def test_sources_for_every_figure(schools_profile: gpd.GeoDataFrame) -> None:
    sources = schools_profile.attrs["sources"]
    for column in schools_profile.columns:
        assert sources.get(column), f"no source for {column}"
    assert "DUO" in sources["n_assets"] and "lowest code" in sources["n_assets"]
    assert "Wijk- en buurtkaart 2015" in sources["inwoners"]
    assert "Bron: CBS" in sources["code"]
    table = describe_profile(schools_profile)
    assert list(table.columns) == ["kolom", "betekenis", "eenheid", "bron", "richting"]
    assert table.loc[table["kolom"] == "pct_laag_inkomen", "richting"].item() == "ontbreekt"


def test_without_kwb_the_boundary_files_attributes_are_used() -> None:
    """Areas that carry their own figures (as attach() or a map file gives them) need no kwb."""
    areas = denhaag_buurten()
    kwb = denhaag_kwb_2015()
    with_stats = areas.merge(
        kwb[["inwoners", "bijstand_uitkeringen"]], left_on="code", right_index=True, how="left"
    )
    with_stats.attrs = {"source": "Wijk- en buurtkaart 2015 (test: figures attached). Bron: CBS"}
    prof = profile(with_stats, denhaag_schools())
    assert prof.set_index("code").loc[NOORD, "inwoners"] == 9990
    assert "grensbestand" in prof.attrs["sources"]["inwoners"]
    assert "bijstand_uitkeringen_per_1000" in prof.columns


def test_register_links_private_names_and_ended_assets(example_register) -> None:  # type: ignore[no-untyped-def]
    from wijkassets.assets import public_view

    reg = example_register
    prof = profile(denhaag_buurten(), reg, denhaag_kwb_2015())
    assert prof["n_assets"].sum() <= len(reg.assets)
    assert prof["links_binnen"].sum() > 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the public view says what it leaves out; not tested here
        public, _ = public_view(reg)
    hidden = reg.assets[~reg.assets["id"].isin(public["id"])]
    linked = set(reg.links["van"]) | set(reg.links["naar"])
    assert hidden["id"].isin(linked).any(), "the example has linked assets that are not public"
    every = profile(denhaag_buurten(), reg, denhaag_kwb_2015(), top_connected=100)
    shown = " ".join(every["meest_verbonden"])
    for name in hidden["naam"]:
        assert f"{name} (" not in shown
    for name in public.loc[public["id"].isin(linked), "naam"]:
        assert f"{name} (" in shown

    ended = reg.copy()
    first = ended.assets.index[0]
    ended.assets.loc[first, "beeindigd"] = "2020-01-01"
    before = prof["n_assets"].sum()
    later = profile(denhaag_buurten(), ended, denhaag_kwb_2015())
    already = pd.to_datetime(reg.assets["beeindigd"], errors="coerce").notna().iloc[0]
    assert later["n_assets"].sum() == before - (0 if already else 1)
    assert any("beëindigd" in note for note in later.attrs["notes"])


def test_english_labels() -> None:
    settings.language = "en"
    try:
        prof = profile(denhaag_buurten(), denhaag_schools(), denhaag_kwb_2015())
        table = describe_profile(prof)
    finally:
        settings.language = None
    assert list(table.columns) == ["column", "meaning", "unit", "source", "direction"]
    assert "largest deficit" in prof.attrs["directions"]["pctl_bijstand_uitkeringen_per_1000"]
    assert prof.set_index("code").loc[OOSTDUINEN, "reden_leeg"].startswith("0 inwoners")
    assert not math.isnan(prof["assets_per_km2"].iloc[0])


def test_nabijheid_on_the_strength_side_with_real_2023_figures() -> None:
    """Rotterdam's Stadsdriehoek (KWB 2023, 85618NED, recorded TypedDataSet row): distances read as strengths."""
    from tests._analysis_helpers import ROOT
    from wijkassets.areas import load_boundaries
    from wijkassets.cbs import read_kwb

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the reader says which columns it leaves out
        kwb = read_kwb(
            ROOT
            / "tests"
            / "data"
            / "cbs"
            / "rotterdam-stadsdriehoek-2022-2023-TypedDataSet-rows.json",
            year=2023,
        )
    areas = load_boundaries(2024, "buurt", gemeente="GM0599")
    no_assets = gpd.GeoDataFrame(
        {"id": [], "naam": [], "categorie": [], "tags": []}, geometry=[], crs="EPSG:28992"
    )
    with (
        pytest.warns(UserWarning, match="87 area"),
        pytest.warns(UserWarning, match=r"boundaries are of \[2024\].*figures of \[2023\]"),
    ):
        prof = profile(areas, no_assets, kwb)
    row = prof.set_index("code").loc["BU05990110"]
    assert row["inwoners"] == 19400
    assert row["afstand_huisarts"] == 0.5
    assert row["pct_laag_inkomen"] == 4.6
    assert row["bijstand_per_1000"] == pytest.approx(590 / 19400 * 1000)
    assert row["n_assets"] == 0 and row["assets_per_1000"] == 0.0
    cols = list(prof.columns)
    assert cols.index("afstand_huisarts") < cols.index("pct_laag_inkomen")  # strength side first
    assert "kortste afstand" in prof.attrs["directions"]["pctl_afstand_huisarts"]
    assert "85618NED" in prof.attrs["sources"]["afstand_huisarts"]
    others = prof[prof["code"] != "BU05990110"]
    assert others["reden_leeg"].str.contains("geen CBS-cijfers").all()
    assert others["inwoners"].isna().all()


def test_percentile_direction_for_distances() -> None:
    """The ranking itself (values made up for the arithmetic): the shortest distance ranks 100."""
    from wijkassets.analysis.profiles import _percentile

    values = pd.Series([0.5, 1.0, 2.0, 9.0], index=list("abcd"))
    groups = pd.Series(["GM1", "GM1", "GM1", "GM2"], index=list("abcd"))
    eligible = pd.Series(True, index=list("abcd"))
    near = _percentile(values, groups, eligible, higher_is_better=False)
    assert near.round(1).tolist() == [100.0, 66.7, 33.3, 100.0]
    far = _percentile(values, groups, eligible.where(values < 2, False), higher_is_better=True)
    assert far.tolist()[:2] == [50.0, 100.0] and far[["c", "d"]].isna().all()


def test_assets_in_degrees_give_the_same_profile(schools_profile: gpd.GeoDataFrame) -> None:
    wgs84 = denhaag_schools().to_crs("EPSG:4326")
    wgs84.loc[wgs84.index[:10], "tags"] = "ontmoetingsplek"
    wgs84["categorie"] = wgs84["categorie"].where(
        wgs84["tags"] != "ontmoetingsplek", "fysieke plek"
    )
    rd = wgs84.to_crs("EPSG:28992")
    a = profile(denhaag_buurten(), wgs84, denhaag_kwb_2015())
    b = profile(denhaag_buurten(), rd, denhaag_kwb_2015())
    assert a["bereik_ontmoeting_pct"].max() > 0
    pd.testing.assert_series_equal(
        a["bereik_ontmoeting_pct"], b["bereik_ontmoeting_pct"], atol=1e-6
    )
    pd.testing.assert_series_equal(a["n_assets"], schools_profile["n_assets"])


def test_categories_in_english_are_accepted_and_unknown_ones_refused() -> None:
    from wijkassets._errors import ValidationError

    schools = denhaag_schools()
    english = schools.assign(categorie="institution")
    prof = profile(denhaag_buurten(), english, denhaag_kwb_2015())
    assert prof["n_instelling"].sum() == 125
    wrong = schools.assign(categorie=["school"] * 2 + ["instelling"] * (len(schools) - 2))
    with pytest.raises(ValidationError, match=r"(?s)2 problems.*row 1 .*'school'") as info:
        profile(denhaag_buurten(), wrong, denhaag_kwb_2015())
    assert len(info.value.problems) == 2
