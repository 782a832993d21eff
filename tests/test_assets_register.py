"""The register file: the example register, saving, history, erasure, and the public view."""

from __future__ import annotations

import warnings
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from wijkassets._errors import WijkassetsError
from wijkassets.assets import (
    CATEGORIES,
    category_key,
    example_register_path,
    merge_assets,
    new_register,
    open_register,
    public_view,
    remove_assets,
    save_register,
    schema,
)
from wijkassets.assets.register import Register


def _example() -> Register:
    return open_register(example_register_path())


def test_categories_and_keys_are_the_contract() -> None:
    assert CATEGORIES == (
        "individu",
        "vereniging of netwerk",
        "instelling",
        "fysieke plek",
        "economie en ruil",
        "cultuur en verhaal",
    )
    assert [category_key(c) for c in CATEGORIES] == [
        "individu",
        "vereniging_of_netwerk",
        "instelling",
        "fysieke_plek",
        "economie_en_ruil",
        "cultuur_en_verhaal",
    ]
    assert schema.normalise_category("Association or network") == "vereniging of netwerk"
    assert schema.normalise_category("Fysieke_plek") == "fysieke plek"
    assert schema.normalise_category("culture and story") == "cultuur en verhaal"
    assert schema.normalise_category("spaceship") is None
    with pytest.raises(ValueError, match="Unknown category"):
        category_key("spaceship")


def test_example_register_is_fictional_and_has_all_categories() -> None:
    reg = _example()
    assert reg.fictional
    assert "FICTIEF" in reg.name and "FICTIEF" in reg.source
    assert reg.updated is not None
    a = reg.assets
    assert list(a.columns) == list(schema.COLUMNS)
    assert a.crs.to_epsg() == 28992
    assert set(a["categorie"]) == set(CATEGORIES)
    assert a["id"].is_unique
    assert set(a.geometry.geom_type) == {"Point", "Polygon"}
    assert len(reg.links) >= 5
    assert set(reg.links["van"]) | set(reg.links["naar"]) <= set(a["id"])
    # the real schools keep their source per asset, the invented assets say they are fictional
    duo = a[a["id"].str.startswith("duo-")]
    assert len(duo) == 13
    assert duo["bron"].str.contains("DUO").all()
    assert a.loc[~a["id"].str.startswith("duo-"), "bron"].str.contains("FICTIEF").all()
    # every asset lies in the Schildersbuurt (CBS buurten 2015)
    buurten = gpd.read_file(
        Path(__file__).parent.parent / "data" / "geo" / "haaglanden_buurt_2015.geojson"
    ).to_crs(28992)
    wijk = buurten[buurten["WK_CODE"] == "WK051829"].union_all()
    assert a.within(wijk).all()
    # resident text kept as typed
    assert a["beschrijving"].str.contains("☕ Çay ve kahve. مرحبا").any()


def test_public_view_of_example_register_publishes_nothing_personal() -> None:
    reg = _example()
    with pytest.warns(UserWarning, match="1 individu.*fewer than 3"):
        pub, links = public_view(reg)
    assert "vastgelegd_door" not in pub.columns
    assert "toestemming" not in pub.columns
    assert not {"_uuid", "_submission_time", "start", "end"} & set(pub.columns)
    # no prive or buurt asset in the openbaar view
    private_ids = set(reg.assets.loc[reg.assets["privacy"] != "openbaar", "id"])
    assert not private_ids & set(pub["id"])
    people = pub[pub["categorie"] == "individu"]
    # only consenting individuals, none at their own place, none under the minimum count
    assert sorted(people["naam"]) == ["Fatima B.", "Meneer Yilmaz", "Priya", "Samir"]
    own = reg.assets[reg.assets["categorie"] == "individu"].geometry
    for geom in people.geometry:
        assert min(geom.distance(g) for g in own) > 10
        assert geom.x % 500 == 250 and geom.y % 500 == 250
    assert people.groupby("gebied").size().min() >= 3
    assert not set(people["id"]) & set(reg.assets["id"])
    assert (people["locatie"] != "exact").all()
    assert (pub.loc[pub["categorie"] != "individu", "locatie"] == "exact").all()
    # links never touch an individual, only published assets
    individual_ids = set(reg.assets.loc[reg.assets["categorie"] == "individu", "id"])
    assert len(links) > 0
    assert not (set(links["van"]) | set(links["naar"])) & individual_ids
    assert set(links["van"]) | set(links["naar"]) <= set(pub["id"])
    assert pub.attrs["fictional"] is True
    assert "FICTIEF" in pub.attrs["source"]


def test_public_view_options_buurt_audience_and_minimum() -> None:
    reg = _example()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        buurt, _ = public_view(reg, audience="buurt", min_individuals=1, grid_m=1000)
    assert "Oma Riet" in set(buurt["naam"])  # privacy buurt, consent given
    assert "App-groep Portiek 12" in set(buurt["naam"])
    assert "Binnentuin Portiekflat" not in set(buurt["naam"])  # prive never
    assert "Buurvrouw met de sleutels" not in set(buurt["naam"])  # no consent
    assert "Anoniem (naaister)" not in set(buurt["naam"])
    with pytest.raises(WijkassetsError, match="100"):
        public_view(reg, grid_m=10)
    # buurt aggregation with given boundaries: each individual at a point inside its buurt
    areas = gpd.read_file(
        Path(__file__).parent.parent / "data" / "geo" / "haaglanden_buurt_2015.geojson"
    ).to_crs(28992)
    areas = areas[areas["GM_CODE"] == "GM0518"].rename(columns={"BU_CODE": "code"})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pub, _ = public_view(reg, individuals="buurt", areas=areas[["code", "geometry"]])
    people = pub[pub["categorie"] == "individu"]
    assert len(people) >= 3
    assert set(people["gebied"]) <= set(areas["code"])
    for code, geom in zip(people["gebied"], people.geometry, strict=True):
        assert geom.within(areas.set_index("code").geometry[code])
    assert people.groupby("gebied").size().min() >= 3


def _point_asset(aid: str, naam: str, cat: str = "fysieke plek", **kw: object) -> dict:
    row = {"id": aid, "naam": naam, "categorie": cat, "geometry": shapely.Point(80800, 453700)}
    row.update(kw)
    return row


def test_save_reopen_history_and_erasure(tmp_path: Path) -> None:
    path = tmp_path / "buurt.gpkg"
    reg = new_register(path, naam="Mijn buurt")
    assert open_register(path).assets.empty
    with pytest.raises(WijkassetsError, match="already exists"):
        new_register(path)
    first = gpd.GeoDataFrame(
        [
            _point_asset("p1", "Bankje 🌳 <script>alert(1)</script>", beschrijving="eerste"),
            _point_asset(
                "p2",
                "Zeynep Uniekenaam",
                "individu",
                beschrijving="Naait gordijnen voor de hele straat",
                vastgelegd_door="Buurtwerker X",
                toestemming=True,
                privacy="prive",
            ),
        ],
        crs=28992,
    )
    reg, summary = merge_assets(
        reg, first, links=_links([("p2", "p1", "komt samen in", "samen koffie")])
    )
    assert summary.added == ["p1", "p2"] and summary.links_added == 1
    save_register(reg)
    again = open_register(path)
    assert again.assets.loc[again.assets["id"] == "p1", "naam"].item() == (
        "Bankje 🌳 <script>alert(1)</script>"
    )
    assert bool(again.assets.loc[again.assets["id"] == "p2", "toestemming"].item()) is True
    # an edit keeps the old value in the history, with a stamp
    edit = gpd.GeoDataFrame([_point_asset("p1", "Bankje 🌳", beschrijving="tweede")], crs=28992)
    reg2, summary = merge_assets(again, edit, given={"p1": {"naam", "beschrijving"}})
    assert summary.updated == {"p1": ["naam", "beschrijving"]}
    save_register(reg2)
    hist = open_register(path).history
    old = hist[(hist["id"] == "p1") & (hist["veld"] == "beschrijving")]
    assert old["oude_waarde"].item() == "eerste" and old["nieuwe_waarde"].item() == "tweede"
    assert old["gewijzigd_op"].notna().all()
    # re-merging the same rows changes nothing
    reg3, summary = merge_assets(open_register(path), edit, given={"p1": {"naam", "beschrijving"}})
    assert not summary.changed
    # erasure: the asset, its history and its links are gone, also from the file's bytes
    before = path.read_bytes()
    assert b"Zeynep Uniekenaam" in before and b"Naait gordijnen" in before
    reg4 = remove_assets(open_register(path), ["p2"])
    save_register(reg4)
    after = open_register(path)
    assert set(after.assets["id"]) == {"p1"}
    assert after.links.empty
    assert "p2" not in set(after.history["id"].dropna())
    assert (after.history["actie"] == "verwijderd").sum() == 1
    raw = path.read_bytes()
    for text in ("Zeynep Uniekenaam", "Naait gordijnen", "Buurtwerker X", "samen koffie"):
        assert text.encode() not in raw, text
    assert not list(tmp_path.glob(".buurt.gpkg.*"))
    with pytest.raises(WijkassetsError, match="Not in register"):
        remove_assets(after, ["p9"])


def _links(rows: list[tuple[str, str, str, str | None]]):  # type: ignore[no-untyped-def]
    import pandas as pd

    return pd.DataFrame(rows, columns=["van", "naar", "soort", "notitie"])


def test_open_register_refuses_what_is_not_a_register(tmp_path: Path, testdata_dir: Path) -> None:
    with pytest.raises(WijkassetsError, match="does not exist.*assets new"):
        open_register(tmp_path / "nope.gpkg")
    with pytest.raises(WijkassetsError, match="not a wijkassets register"):
        open_register(testdata_dir / "assets" / "bgt_functioneelgebied_harderwijk.gpkg")


def test_save_refuses_to_overwrite_changes_saved_in_between(tmp_path: Path) -> None:
    path = tmp_path / "gedeeld.gpkg"
    new_register(path)
    mine, theirs = open_register(path), open_register(path)
    point = gpd.GeoDataFrame([_point_asset("t1", "Hun bankje")], crs=28992)
    theirs, _ = merge_assets(theirs, point)
    save_register(theirs)
    mine, _ = merge_assets(mine, point.assign(id="m1", naam="Mijn bankje"))
    with pytest.raises(WijkassetsError, match="changed by someone else"):
        save_register(mine)
    assert set(open_register(path).assets["id"]) == {"t1"}
    # saved once, a register can be saved again (its own save is no conflict)
    theirs.metadata["naam"] = "Gedeeld"
    save_register(theirs)
    assert open_register(path).name == "Gedeeld"


def test_public_view_per_buurt_uses_the_embedded_cbs_buurten() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pub, _ = public_view(example_register_path(), individuals="buurt")
    people = pub[pub["categorie"] == "individu"]
    # Fatima, Priya and Samir live (fictionally) in Schildersbuurt-Noord; the two in -West are too few
    assert sorted(people["naam"]) == ["Fatima B.", "Priya", "Samir"]
    assert set(people["gebied"]) == {"BU05182916"}
    assert people.geometry.nunique() == 1
    assert set(people["locatie"]) == {"midden van de buurt"}
