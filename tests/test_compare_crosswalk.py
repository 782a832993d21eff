"""Crosswalks between years on real maps: Rotterdam 2015 -> 2024, Ermelo 2021, and synthetic recodes."""

from __future__ import annotations

import warnings

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
import shapely.affinity

from tests._compare_helpers import (
    HOEK_VAN_HOLLAND,
    ermelo_2021,
    ermelo_kwb_2021,
    grid,
    rotterdam_2015,
    rotterdam_2024,
    rotterdam_kwb_2015,
)
from wijkassets.areas.crosswalk import crosswalk, interpolate


@pytest.fixture(scope="module")
def rotterdam_cw():  # type: ignore[no-untyped-def]
    return crosswalk(rotterdam_2015(), rotterdam_2024())


def test_rotterdam_unchanged_buurten_keep_their_figures(rotterdam_cw) -> None:  # type: ignore[no-untyped-def]
    kwb = rotterdam_kwb_2015()
    out = rotterdam_cw.interpolate(
        kwb, counts=["inwoners", "huishoudens"], rates={"gem_huishoudensgrootte": "huishoudens"}
    )
    same = rotterdam_cw.targets.index[rotterdam_cw.targets["status"] == "same"]
    # About 72 of the 88 buurten of 2024 are the buurt of 2015 under the same code (two differently generalised
    # maps; the exact count depends on how read_boundaries resolves the overlaps in the 2024 file) ...
    assert 70 <= len(same) <= 76
    # ... and the real redraws are not among them: merged, enlarged or cut
    assert not {"BU05990454", "BU05991575", "BU05990321", "BU05991086", "BU05990836"} & set(same)
    for col in ("inwoners", "huishoudens", "gem_huishoudensgrootte"):
        pd.testing.assert_series_equal(
            out.loc[same, col], kwb.loc[same, col], check_names=False, check_exact=True
        )
    # Published figures (Bron: CBS, Wijk- en buurtkaart 2015): Stadsdriehoek 14,425, Ommoord 25,005
    assert out.loc["BU05990110", "inwoners"] == 14425
    assert out.loc["BU05991463", "inwoners"] == 25005
    assert out.loc["BU05990110", "gem_huishoudensgrootte"] == 1.5


def test_rotterdam_real_changes_are_interpolated_and_add_up(rotterdam_cw) -> None:  # type: ignore[no-untyped-def]
    kwb = rotterdam_kwb_2015()
    out = rotterdam_cw.interpolate(kwb, counts=["inwoners"])
    t = rotterdam_cw.targets
    # Bedrijventerrein Schieveen (BU05992650) was merged into Schieveen (BU05990454)
    w = rotterdam_cw.weights.set_index("source")
    assert w.loc["BU05992650", "target"] == "BU05990454"
    assert w.loc["BU05992650", "weight"] == pytest.approx(1.0)
    assert t.loc["BU05990454", "status"] == "changed"
    # Wielewaal (BU05991575) took about a fifth of Zuiderpark (BU05991578)
    wl = rotterdam_cw.weights.query("target == 'BU05991575'").set_index("source")["weight"]
    assert set(wl.index) == {"BU05991575", "BU05991578"}
    assert wl["BU05991578"] == pytest.approx(0.22, abs=0.01)
    assert out.loc["BU05991575", "inwoners"] == pytest.approx(930 + 970 * wl["BU05991578"])
    # Nobody is lost but the people of the areas that have no counterpart
    lost = sum(HOEK_VAN_HOLLAND.values())  # Maasvlakte has 0 inwoners
    assert out["inwoners"].sum() == pytest.approx(kwb["inwoners"].sum() - lost)


def test_hoek_van_holland_is_reported_not_spread(rotterdam_cw) -> None:  # type: ignore[no-untyped-def]
    s = rotterdam_cw.sources
    for code in HOEK_VAN_HOLLAND:
        assert s.loc[code, "status"] == "unmatched"
        assert s.loc[code, "flag"]
        assert s.loc[code, "matched"] < 0.01
        assert s.loc[code, "allocated"] == 0
    assert (
        s.loc["BU05992308", "status"] == "unmatched"
    )  # Maasvlakte, also missing from the 2024 file
    assert set(rotterdam_cw.flagged()["code"]) == {*HOEK_VAN_HOLLAND, "BU05992308"}
    out = rotterdam_cw.interpolate(rotterdam_kwb_2015(), counts=["inwoners"])
    # Rijnpoort (75 inwoners in 2015) borders Hoek van Holland and keeps exactly its own people
    assert out.loc["BU05991703", "inwoners"] == 75


def test_tobler_default_would_spread_hoek_van_holland() -> None:
    """The trap this module avoids: tobler's allocate_total=True moves 10,030 people into slivers."""
    from tobler.area_weighted import area_interpolate

    src = rotterdam_2015().merge(
        rotterdam_kwb_2015()[["inwoners"]], left_on="code", right_index=True
    )
    tgt = rotterdam_2024()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        spread = area_interpolate(
            src[["inwoners", "geometry"]], tgt, extensive_variables=["inwoners"]
        )
    spread.index = tgt["code"]
    assert spread["inwoners"].sum() == pytest.approx(src["inwoners"].sum(), rel=1e-6)
    assert spread.loc["BU05991703", "inwoners"] > 75 + 1000  # Rijnpoort swollen by Hoek van Holland


def test_ermelo_missing_figures_stay_nan() -> None:
    b = ermelo_2021()
    kwb = ermelo_kwb_2021()
    assert kwb["inwoners"].isna().all()  # an early release: no inwoners at all
    assert np.isnan(kwb.loc["BU02339997", "mannen"])  # the water buurt: -99999999 = secret
    # target: Ermelo and Ermelo-Oost merged into one area (SYNTHETIC), the other buurten as they are
    merged = b.copy()
    merged.loc[merged["code"].isin(["BU02330000", "BU02330001"]), "code"] = "XX_MERGED"
    merged = merged.dissolve("code", as_index=False)
    cw = crosswalk(b, merged)
    out = cw.interpolate(
        kwb,
        counts=["inwoners", "mannen", "vrouwen", "huishoudens"],
        rates={"gem_huishoudensgrootte": "huishoudens"},
    )
    assert out["inwoners"].isna().all()
    assert out["huishoudens"].isna().all()
    assert out["gem_huishoudensgrootte"].isna().all()
    assert out.loc["XX_MERGED", "mannen"] == 5215 + 1850
    assert out.loc["BU02330005", "mannen"] == 250
    assert np.isnan(out.loc["BU02339997", "mannen"])  # not 0
    assert (out["mannen"].dropna() > 0).all()


def test_recode_identical_geometry_new_code() -> None:
    """SYNTHETIC recode: the Ermelo map of 2021 with two buurten under new codes."""
    b = ermelo_2021()
    kwb = ermelo_kwb_2021()
    new = b.copy()
    new["code"] = new["code"].replace({"BU02330005": "BU02330055", "BU02330100": "BU02330199"})
    cw = crosswalk(b, new, changes={"BU02330055": 2, "BU02330199": 2, "BU02330001": 1})
    assert cw.targets.loc["BU02330055", "status"] == "recode"
    assert cw.targets.loc["BU02330055", "source"] == "BU02330005"
    assert cw.sources.loc["BU02330100", "target"] == "BU02330199"
    assert cw.targets.loc["BU02330001", "status"] == "same"
    out = cw.interpolate(kwb, counts=["mannen", "vrouwen"])
    assert out.loc["BU02330055", "mannen"] == 250  # Horst's men, now under its new code
    assert out.loc["BU02330199", "vrouwen"] == 210  # Speuld
    assert set(cw.weights.loc[cw.weights["method"] == "recode", "target"]) == {
        "BU02330055",
        "BU02330199",
    }


def test_recode_with_small_redraw_uses_cbs_field() -> None:
    """SYNTHETIC: a recoded buurt whose outline was redrawn a little (scaled to 105% about its centre).

    Geometry alone calls it changed; CBS's IndelingswijzigingWijkenEnBuurten = 2 (new code, same boundary) says
    it is the same land, and the crosswalk follows CBS.
    """
    b = ermelo_2021()
    new = b.copy()
    i = new.index[new["code"] == "BU02330003"][0]
    new.loc[i, "geometry"] = shapely.affinity.scale(new.loc[i, "geometry"], 1.05, 1.05)
    new.loc[i, "code"] = "BU02330033"
    plain = crosswalk(b, new)
    assert plain.targets.loc["BU02330033", "status"] != "recode"
    told = crosswalk(b, new, changes={"BU02330033": "2"})
    assert told.targets.loc["BU02330033", "status"] == "recode"
    out = told.interpolate(ermelo_kwb_2021(), counts=["mannen"])
    assert out.loc["BU02330033", "mannen"] == 1065


def test_rates_go_through_counts_not_area() -> None:
    """SYNTHETIC: two buurten of equal area merge. 10% of 100 households and 50% of 300 households is 40%."""
    from tests._compare_helpers import square

    src = gpd.GeoDataFrame(
        {"code": ["A", "B"]},
        geometry=[square(100000, 400000, 100), square(100100, 400000, 100)],
        crs="EPSG:28992",
    )
    tgt = gpd.GeoDataFrame(
        {"code": ["AB"]}, geometry=[shapely.union_all(src.geometry.to_numpy())], crs="EPSG:28992"
    )
    vals = pd.DataFrame(
        {"huishoudens": [100.0, 300.0], "pct_laag_inkomen": [10.0, 50.0]}, index=["A", "B"]
    )
    out = interpolate(
        vals, crosswalk(src, tgt), counts=["huishoudens"], rates={"pct_laag_inkomen": "huishoudens"}
    )
    assert out.loc["AB", "pct_laag_inkomen"] == pytest.approx(40.0)  # tobler's intensive: 30.0
    # without a denominator a changed area gets no figure rather than an area average
    out2 = interpolate(vals, crosswalk(src, tgt), rates={"pct_laag_inkomen": None})
    assert np.isnan(out2.loc["AB", "pct_laag_inkomen"])


def test_same_result_as_tobler_where_nothing_is_lost() -> None:
    """SYNTHETIC: a 6x6 grid redrawn as a 4x4 grid over the same extent; tobler is the reference."""
    from tobler.area_weighted import area_interpolate

    src = grid([f"S{i:02d}" for i in range(36)], 6, size=100.0)
    tgt = grid([f"T{i:02d}" for i in range(16)], 4, size=150.0)
    rng = np.random.default_rng(1)
    src["inwoners"] = rng.integers(0, 3000, len(src)).astype(float)
    ref = area_interpolate(src, tgt, extensive_variables=["inwoners"], allocate_total=False)
    cw = crosswalk(src, tgt)
    out = cw.interpolate(src.set_index("code")[["inwoners"]], counts=["inwoners"])
    np.testing.assert_allclose(out["inwoners"].to_numpy(), ref["inwoners"].to_numpy(), rtol=1e-9)
    assert not cw.sources["flag"].any() and not cw.targets["flag"].any()


def test_errors_are_clear() -> None:
    from wijkassets._errors import WijkassetsError

    b = ermelo_2021()
    with pytest.raises(WijkassetsError, match="no coordinate reference system"):
        crosswalk(b.set_crs(None, allow_override=True), b)
    dup = pd.concat([b, b.iloc[:1]], ignore_index=True)
    with pytest.raises(WijkassetsError, match="more than once"):
        crosswalk(dup, b)
    with pytest.raises(WijkassetsError, match="not in the figures"):
        interpolate(ermelo_kwb_2021(), crosswalk(b, b), counts=["no_such_column"])


def test_reprojects_and_repairs_with_a_warning() -> None:
    import geopandas as gpd

    from tests._compare_helpers import ROTTERDAM_2024

    raw = gpd.read_file(ROTTERDAM_2024)  # EPSG:4326, 13 invalid geometries
    with pytest.warns(UserWarning, match=r"1[23] invalid geometries in the target"):
        cw = crosswalk(rotterdam_2015(), raw)
    assert (cw.targets["status"] == "same").sum() >= 70
