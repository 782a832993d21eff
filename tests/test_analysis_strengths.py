"""Strength indicators: pure functions, Series aligned to the areas' index, on real Den Haag buurten."""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from tests._analysis_helpers import RD, denhaag_buurten, denhaag_schools
from wijkassets.analysis import join_assets
from wijkassets.analysis import strengths as s

SIX = [
    "n_individu",
    "n_vereniging_of_netwerk",
    "n_instelling",
    "n_fysieke_plek",
    "n_economie_en_ruil",
    "n_cultuur_en_verhaal",
]


def _assets_in(areas: gpd.GeoDataFrame, plan: dict[str, list[str]]) -> gpd.GeoDataFrame:
    """Place assets at the representative point of real buurten: {code: [categorie, ...]} (hand-made)."""
    rows = []
    by_code = areas.set_index("code").geometry
    for code, cats in plan.items():
        base = by_code.loc[code].representative_point()
        for k, cat in enumerate(cats):
            rows.append(
                {
                    "id": f"{code}-{k}",
                    "naam": f"asset {k} in {code}",
                    "categorie": cat,
                    "tags": "",
                    "geometry": shapely.Point(base.x + k, base.y),
                }
            )
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=RD)


@pytest.fixture(scope="module")
def areas() -> gpd.GeoDataFrame:
    # a non-default index, shuffled, to prove every Series aligns to the areas' own index
    gdf = denhaag_buurten().sample(frac=1.0, random_state=3)
    gdf.index = [f"row{i}" for i in range(len(gdf))]
    return gdf


def test_counts_per_category_all_six_aligned_and_zero_where_none(areas: gpd.GeoDataFrame) -> None:
    joined = join_assets(denhaag_schools(), areas)
    table = s.count_by_category(joined, areas)
    assert list(table.columns) == SIX
    assert table.index.equals(areas.index)
    assert table["n_instelling"].sum() == 125
    assert (table.drop(columns="n_instelling") == 0).all().all()
    total = s.count_assets(joined, areas)
    assert total.index.equals(areas.index)
    assert total.dtype == "int64"
    # the same figure as counting the join by hand, buurt by buurt
    by_hand = joined["code"].astype(str).value_counts()
    for idx, code in areas["code"].items():
        assert total[idx] == by_hand.get(code, 0)


def test_per_1000_needs_enough_inwoners_and_is_never_infinite() -> None:
    counts = pd.Series([5, 5, 5, 5, 0], index=list("abcde"))
    inwoners = pd.Series([1000.0, 0.0, 49.0, np.nan, 2000.0], index=list("abcde"))
    rate = s.per_1000(counts, inwoners)
    assert rate["a"] == 5.0
    assert math.isnan(rate["b"]) and math.isnan(rate["c"]) and math.isnan(rate["d"])
    assert rate["e"] == 0.0
    assert not np.isinf(rate).any()
    assert s.per_1000(counts, inwoners, min_inwoners=10)["c"] == pytest.approx(5 / 49 * 1000)


def test_per_km2_uses_cbs_land_area_else_the_polygon(areas: gpd.GeoDataFrame) -> None:
    land = pd.Series(np.nan, index=areas.index)
    first = areas.index[0]
    land[first] = 200.0  # ha
    km2 = s.land_km2(areas, land)
    assert km2[first] == 2.0
    assert km2[areas.index[1]] == pytest.approx(areas.geometry.area.iloc[1] / 1e6)
    dens = s.per_km2(pd.Series(4, index=areas.index), km2)
    assert dens[first] == 2.0
    assert np.isnan(s.per_km2(pd.Series([1]), pd.Series([0.0]))[0])


def test_diversity_and_categories_present(areas: gpd.GeoDataFrame) -> None:
    codes = areas["code"].tolist()
    plan = {
        codes[0]: ["individu", "instelling"],  # two equal: ln 2
        codes[1]: ["instelling"] * 3,  # one kind: 0
        codes[2]: [
            "individu",
            "vereniging of netwerk",
            "instelling",
            "fysieke plek",
            "economie en ruil",
            "cultuur en verhaal",
        ],  # all six equal: ln 6
    }
    joined = join_assets(_assets_in(areas, plan), areas)
    h = s.shannon_diversity(joined, areas)
    present = s.categories_present(joined, areas)
    idx = areas.index
    assert h[idx[0]] == pytest.approx(math.log(2))
    assert h[idx[1]] == 0.0
    assert h[idx[2]] == pytest.approx(math.log(6))
    assert np.isnan(h[idx[3]])  # no assets: undefined, not zero
    assert present[idx[0]] == 2 and present[idx[1]] == 1 and present[idx[2]] == 6
    assert present[idx[3]] == 0


def test_networks_links_groups_most_connected(areas: gpd.GeoDataFrame) -> None:
    codes = areas["code"].tolist()
    assets = _assets_in(areas, {codes[0]: ["instelling"] * 4, codes[1]: ["individu"] * 2})
    a = [f"{codes[0]}-{k}" for k in range(4)]
    b = [f"{codes[1]}-{k}" for k in range(2)]
    links = pd.DataFrame(
        {
            "van": [a[0], a[0], a[2], b[0], a[0]],
            "naar": [a[1], a[3], a[3], b[1], b[0]],  # the last link crosses two buurten
            "soort": "werkt samen met",
        }
    )
    joined = join_assets(assets, areas)
    inside = s.links_inside(joined, links, areas)
    groups = s.network_groups(joined, links, areas)
    idx = areas.index
    assert inside[idx[0]] == 3 and inside[idx[1]] == 1 and inside.sum() == 4
    assert groups[idx[0]] == 1 and groups[idx[1]] == 1 and groups.sum() == 2
    top = s.most_connected(joined, links, areas, top=2)
    assert top[idx[0]] == f"asset 0 in {codes[0]} (3); asset 3 in {codes[0]} (2)"
    assert top[idx[2]] == ""
    # names not allowed to be shown are left out
    shown = pd.Series({a[3]: "Buurthuis"})
    assert s.most_connected(joined, links, areas, names=shown)[idx[0]] == "Buurthuis (2)"
    assert inside.index.equals(areas.index) and groups.index.equals(areas.index)


def test_meeting_places_by_tag_or_category() -> None:
    assets = gpd.GeoDataFrame(
        {
            "id": ["a", "b", "c", "d"],
            "categorie": ["fysieke plek", "fysieke plek", "instelling", "fysieke plek"],
            "tags": ["natuur; Ontmoetingsplek", "natuur", "ontmoetingsplek", None],
        },
        geometry=[shapely.Point(i, 0) for i in range(4)],
        crs=RD,
    )
    assert s.meeting_places(assets)["id"].tolist() == ["a"]
    assert s.meeting_places(assets, categories=["instelling"])["id"].tolist() == ["c"]


def test_reach_share_circle_in_a_square() -> None:
    """An 800 m square with one meeting place in the middle: a 400 m circle covers pi/4 of it."""
    square = gpd.GeoDataFrame(
        {"code": ["X"]}, geometry=[shapely.box(0, 0, 800, 800)], crs=RD, index=["sq"]
    )
    place = gpd.GeoDataFrame(geometry=[shapely.Point(400, 400)], crs=RD)
    share = s.reach_share(square, place)
    assert share.index.tolist() == ["sq"]
    assert share["sq"] == pytest.approx(100 * math.pi / 4, abs=0.05)
    none = s.reach_share(square, place.iloc[0:0])
    assert none["sq"] == 0.0


def test_reach_counts_places_across_the_border(areas: gpd.GeoDataFrame) -> None:
    """A meeting place in one real buurt reaches into its neighbours, and nowhere far away."""
    by_code = areas.set_index("code").geometry
    code = "BU05182916"  # Schildersbuurt-Noord
    place = gpd.GeoDataFrame(geometry=[by_code[code].representative_point()], crs=RD)
    share = s.reach_share(areas, place)
    assert share.index.equals(areas.index)
    reached = areas.loc[share > 0, "code"].tolist()
    assert code in reached and len(reached) >= 2
    far = areas.geometry.distance(place.geometry.iloc[0]) > 400
    assert (share[far] == 0).all()
    assert (share.between(0, 100)).all()
