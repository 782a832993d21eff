"""The indicator catalogue: built from DataProperties, complete for 2024, never filled from look-alikes."""

from __future__ import annotations

import copy
import json

import pytest

from tests._cbs_helpers import dataproperties_2024
from wijkassets import settings
from wijkassets.cbs import build_catalogue, catalogue
from wijkassets.cbs import indicators as cat

REQUIRED = [
    "inwoners",
    "mannen",
    "vrouwen",
    "inwoners_0_15",
    "inwoners_15_25",
    "inwoners_25_45",
    "inwoners_45_65",
    "inwoners_65_plus",
    "huishoudens",
    "eenpersoonshuishoudens",
    "huishoudens_met_kinderen",
    "gem_huishoudensgrootte",
    "bevolkingsdichtheid",
    "woningvoorraad",
    "gem_woz",
    "pct_koopwoningen",
    "pct_corporatiewoningen",
    "opleiding_laag",
    "opleiding_middelbaar",
    "opleiding_hoog",
    "gem_inkomen_per_inwoner",
    "pct_laag_inkomen",
    "pct_sociaal_minimum",
    "bijstand",
    "bijstand_uitkeringen",
    "ao_uitkering",
    "ww_uitkering",
    "wmo_clienten",
    "pct_jeugdzorg",
    "afstand_huisarts",
    "afstand_supermarkt",
    "afstand_school",
    "oppervlakte_land_ha",
]


def test_contract_columns_and_names() -> None:
    df = catalogue()
    for col in ("label", "label_nl", "label_en", "unit", "kind", "theme", "polarity", "notes"):
        assert col in df.columns
    assert df.index.is_unique
    assert set(REQUIRED) <= set(df.index)
    assert set(df["kind"]) <= {
        "count",
        "percentage",
        "mean",
        "distance",
        "rate",
        "density",
        "area",
        "code",
    }
    assert set(df["polarity"]) <= {"strength", "deficit", "neutral"}
    assert df.loc["gem_woz", "unit"] == "x 1 000 euro"
    assert df.loc["pct_laag_inkomen", "polarity"] == "deficit"
    assert df.loc["inwoners", "label"] == "Aantal inwoners"


def test_labels_follow_the_language(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "language", "en")
    assert catalogue().loc["inwoners", "label"] == "Residents"


def test_committed_catalogue_is_what_the_build_script_makes() -> None:
    built = json.dumps(build_catalogue.build(), ensure_ascii=False, indent=1) + "\n"
    assert cat.CATALOGUE_FILE.read_text(encoding="utf-8") == built, (
        "catalogue.json is out of date: run python -m wijkassets.cbs.build_catalogue"
    )


def test_every_2024_topic_is_mapped_or_deliberately_left_out() -> None:
    props = dataproperties_2024()
    topics = [p for p in props if p["Type"] == "Topic"]
    assert len(topics) == 128
    found, unmatched, problems = cat.match_dataproperties(props)
    assert unmatched == [] and problems == []
    left = cat.left_out()
    for t in topics:
        assert t["Key"] in found.values() or cat.base_name(t["Key"]) in left, t["Key"]
    assert cat.recorded_keys(2024) == found


def test_repeated_base_names_are_told_apart_by_group_and_unit() -> None:
    keys = cat.recorded_keys(2024)
    assert keys["elektriciteit_huurwoning"] == "Huurwoning_59"  # kWh
    assert keys["aardgas_huurwoning"] == "Huurwoning_67"  # m3
    assert keys["herkomst_nederland"] == "Nederland_17"  # under Herkomstland
    assert keys["geboren_nl_herkomst_nederland"] == "Nederland_20"  # under Geboren in Nederland


def test_renames_and_moving_suffixes_across_years() -> None:
    woz = {y: cat.recorded_keys(y).get("gem_woz") for y in (2022, 2023, 2024)}
    assert woz == {
        2022: "GemiddeldeWOZWaardeVanWoningen_35",
        2023: "GemiddeldeWOZWaardeVanWoningen_36",
        2024: "GemiddeldeWOZWaardeVanWoningen_39",
    }
    assert cat.recorded_keys(2019)["opleiding_laag"] == "OpleidingsniveauLaag_64"
    assert cat.recorded_keys(2024)["opleiding_laag"] == "BasisonderwijsVmboMbo1_75"
    assert "GemiddeldeWoningwaarde" in catalogue().loc["gem_woz", "cbs_keys"]
    assert cat.recorded_keys(2022)["bijstand"] == "PersonenPerSoortUitkeringBijstand_83"
    assert cat.recorded_keys(2023)["bijstand"] == "PersonenPerSoortUitkeringBijstand_92"


def test_a_look_alike_never_stands_in() -> None:
    """The latest 2024 release drops HuishoudensMetEenLaagInkomen; PersonenInArmoede is another measure."""
    props = copy.deepcopy(dataproperties_2024())
    low = next(p for p in props if p.get("Key", "").startswith("HuishoudensMetEenLaagInkomen"))
    low["Key"] = "PersonenInArmoede_89"
    low["Title"] = "Personen in armoede"
    found, unmatched, _ = cat.match_dataproperties(props)
    assert "pct_laag_inkomen" not in found
    assert "PersonenInArmoede_89" in unmatched


def test_a_percentage_never_lands_in_a_count_column() -> None:
    props = copy.deepcopy(dataproperties_2024())
    # as in the 2013/2014 tables, where this base name held a percentage
    props.append(
        {"ID": 999, "ParentID": 6, "Type": "Topic", "Key": "WestersTotaal_17", "Title": "Westers totaal",
         "Unit": "%"}
    )  # fmt: skip
    found, _, problems = cat.match_dataproperties(props)
    assert "westers" not in found
    assert any("WestersTotaal_17" in p and "%" in p for p in problems)
    # map attributes: percentages only in percentage indicators, WWB_UITTOT apart from bijstand
    df = catalogue()
    for name, row in df.iterrows():
        for attr in filter(None, row["map_attributes"].split(";")):
            is_pct = attr.startswith(("P_", "percentage", "perc"))
            assert is_pct == (row["kind"] == "percentage"), (name, attr)
    assert df.loc["bijstand_uitkeringen", "map_attributes"] == "WWB_UITTOT"
    assert df.loc["bijstand", "map_attributes"] == ""


def test_cli_indicators_prints_the_catalogue(capsys: pytest.CaptureFixture[str]) -> None:
    from wijkassets.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["kwb", "indicators", "--theme", "inkomen"])
    assert exc.value.code == 0
    text = capsys.readouterr().out
    assert "pct_laag_inkomen" in text and "gem_inkomen_per_inwoner" in text
    assert "woningvoorraad" not in text
