"""wijkassets.compare: tidy frames in constant boundaries, on real data, with missing figures listed."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd
import pytest

import wijkassets
from tests._compare_helpers import (
    DATA,
    ermelo_2021,
    ermelo_kwb_2021,
    rotterdam_2015,
    rotterdam_2024,
    rotterdam_kwb_2015,
)
from wijkassets._errors import ValidationError, WijkassetsError

TIDY_COLUMNS = [
    "area",
    "naam",
    "gemeentecode",
    "level",
    "codes",
    "indicator",
    "label",
    "unit",
    "year",
    "value",
    "gemeente_value",
    "nederland_value",
    "reference_year",
    "method",
    "coverage",
    "bron",
    "note",
]


def _quiet_compare(*args, **kwargs) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return wijkassets.compare(*args, **kwargs)


def _value(df: pd.DataFrame, area: str, year: int, indicator: str = "inwoners") -> pd.Series:
    row = df[(df["area"] == area) & (df["year"] == year) & (df["indicator"] == indicator)]
    assert len(row) == 1, (area, year, indicator)
    return row.iloc[0]


def _kwb_2024() -> dict[str, dict[str, float]]:
    with open(DATA / "cbs" / "kwb-2024-85984NED-gemeenten-wijken-8-indicators.json") as fh:
        return json.load(fh)


def test_rotterdam_2015_in_2024_boundaries() -> None:
    df = _quiet_compare(
        ["BU05990110", "BU05991575", "BU05991703"],
        ["inwoners", "gem_huishoudensgrootte"],
        [2015],
        reference_year=2024,
        data={2015: rotterdam_kwb_2015()},
        boundaries={2015: rotterdam_2015(), 2024: rotterdam_2024()},
    )
    assert list(df.columns) == TIDY_COLUMNS
    assert df.attrs["reference_year"] == 2024
    stad = _value(df, "BU05990110", 2015)
    assert stad["value"] == 14425 and stad["method"] == "same"  # unchanged buurt: as published
    assert "Kerncijfers wijken en buurten 2015" in stad["bron"]
    assert _value(df, "BU05990110", 2015, "gem_huishoudensgrootte")["value"] == 1.5
    # Wielewaal grew by part of Zuiderpark: interpolated, square on the chart
    wiel = _value(df, "BU05991575", 2015)
    assert wiel["method"] == "changed"
    assert 930 < wiel["value"] < 930 + 970 * 0.3
    # Rijnpoort, next to Hoek van Holland, keeps only its own 75 inwoners
    assert _value(df, "BU05991703", 2015)["value"] == 75
    # Hoek van Holland's loss is reported by the crosswalk, but bears on none of these three areas
    assert len(df.attrs["crosswalks"]) == 0


def test_area_with_no_geometry_is_a_clear_error() -> None:
    with pytest.raises(ValidationError) as exc:
        _quiet_compare(
            ["BU05991701"],  # Hoek van Holland, Strand en Duin: not on the 2024 map
            "inwoners",
            [2015],
            reference_year=2024,
            data={2015: rotterdam_kwb_2015()},
            boundaries={2015: rotterdam_2015(), 2024: rotterdam_2024()},
        )
    assert "BU05991701 has no geometry on the buurt map of 2024" in str(exc.value)
    assert "wijkassets areas find" in str(exc.value)


def test_area_codes_added_up_with_rates_recomputed() -> None:
    kwb = rotterdam_kwb_2015()
    df = _quiet_compare(
        {"Centrum-noord": ["BU05990110", "BU05990111"]},
        ["inwoners", "huishoudens", "gem_huishoudensgrootte"],
        [2015],
        reference_year=2024,
        data={2015: kwb},
        boundaries={2015: rotterdam_2015(), 2024: rotterdam_2024()},
    )
    a, b = kwb.loc["BU05990110"], kwb.loc["BU05990111"]
    assert _value(df, "Centrum-noord", 2015)["value"] == a["inwoners"] + b["inwoners"]
    expected = (
        a["gem_huishoudensgrootte"] * a["huishoudens"]
        + b["gem_huishoudensgrootte"] * b["huishoudens"]
    ) / (a["huishoudens"] + b["huishoudens"])
    got = _value(df, "Centrum-noord", 2015, "gem_huishoudensgrootte")["value"]
    assert got == pytest.approx(expected)


def test_ermelo_missing_figures_stay_nan_through_compare() -> None:
    """SYNTHETIC reference map: Ermelo's 2021 buurten with Ermelo and Ermelo-Oost merged as BU02330090."""
    b = ermelo_2021()
    merged = b.copy()
    merged.loc[merged["code"].isin(["BU02330000", "BU02330001"]), "code"] = "BU02330090"
    merged = merged.dissolve("code", as_index=False)
    merged["year"] = 2024
    df = _quiet_compare(
        ["BU02330090", "BU02330005", "BU02339997"],
        ["inwoners", "mannen", "gem_huishoudensgrootte"],
        [2021],
        reference_year=2024,
        data={2021: ermelo_kwb_2021()},
        boundaries={2021: b, 2024: merged},
    )
    inw = df[df["indicator"] == "inwoners"]
    assert inw["value"].isna().all()  # never 0
    assert (inw["method"] == "missing").all()
    assert _value(df, "BU02330090", 2021, "mannen")["value"] == 5215 + 1850
    assert _value(df, "BU02330005", 2021, "mannen")["value"] == 250
    assert np.isnan(_value(df, "BU02339997", 2021, "mannen")["value"])  # secret for the water buurt
    assert df[df["indicator"] == "gem_huishoudensgrootte"]["value"].isna().all()
    missing = df.attrs["missing"]
    assert set(missing.loc[missing["indicator"] == "inwoners", "area"]) == {
        "BU02330090",
        "BU02330005",
        "BU02339997",
    }
    assert missing["reason"].str.len().gt(0).all()


def test_den_haag_embedded_published_figures_and_references() -> None:
    with pytest.warns(UserWarning, match="figure") as record:
        df = wijkassets.compare(["WK051838"], "inwoners", [2015, 2019, 2021, 2024])
    said = " ".join(str(w.message) for w in record)
    assert "2 figure(s) of 2019, 2021 were matched on area code only" in said
    assert "maps of different detail" in said
    # Published CBS figures for Laakkwartier en Spoorwijk and Den Haag (Bron: CBS)
    assert _value(df, "WK051838", 2019)["value"] == 42265
    assert _value(df, "WK051838", 2021)["value"] == 43520
    assert _value(df, "WK051838", 2024)["value"] == 44735
    assert _value(df, "WK051838", 2024)["method"] == "same"
    # no 2019/2021 maps offline: matched on code, and said so
    r19 = _value(df, "WK051838", 2019)
    assert r19["method"] == "code" and "code" in r19["note"]
    refs = df.set_index("year")["gemeente_value"].to_dict()
    assert refs == {2015: 514861, 2019: 537833, 2021: 548320, 2024: 566221}
    # 2015 is carried from the 2015 map to the generalised 2024 map: interpolated and flagged as approximate
    r15 = _value(df, "WK051838", 2015)
    assert r15["method"] == "changed"
    assert "detail" in r15["note"]
    assert 0.9 * 39960 < r15["value"] < 1.05 * 39960


def test_set_members_without_data_are_listed_not_an_error() -> None:
    df = _quiet_compare("nplv-2022", "inwoners", [2024])
    kwb = _kwb_2024()
    zw = _value(df, "Den Haag Zuidwest", 2024)
    expected = sum(kwb[c]["AantalInwoners_5"] for c in ("WK051833", "WK051834", "WK051836"))
    assert zw["value"] == expected
    assert _value(df, "Utrecht Overvecht", 2024)["value"] == kwb["WK034403"]["AantalInwoners_5"]
    missing = df.attrs["missing"]
    unmapped = set(missing.loc[missing["reason"].str.contains("unmapped"), "area"])
    assert {"Arnhem Oost", "Heerlen Noord", "Roosendaal-stad"} <= unmapped
    assert len(df["area"].unique()) == 20
    assert "NPLV" in df.attrs["title"]


def test_unknown_indicator_and_set_are_clear_errors() -> None:
    with pytest.raises(ValidationError, match="did you mean inwoners"):
        wijkassets.compare(["WK051838"], "inwonres", [2024])
    with pytest.raises(WijkassetsError, match="Unknown area set 'no-such-set'"):
        wijkassets.compare("no-such-set", "inwoners", [2024])
    with pytest.raises(ValidationError, match="not a CBS area code"):
        wijkassets.compare(["XX12"], "inwoners", [2024])
    with pytest.raises(WijkassetsError, match="years"):
        wijkassets.compare(["WK051838"], "inwoners", [])


def test_english_labels(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WIJKASSETS_LANG", "en")
    df = _quiet_compare(["WK051838"], "inwoners", [2019, 2024])
    assert "matched on code" in _value(df, "WK051838", 2019)["note"]
    assert df["label"].iloc[0] != "inwoners"


def test_cbs_boundary_flag_decides_where_no_map_is_available() -> None:
    """SYNTHETIC 2022 figures: Ermelo 2021 plus CBS's IndelingswijzigingWijkenEnBuurten, made here.

    Without the 2021 map (offline), the flag says which codes are the same area in 2022: 1 -> compared as
    published, 3 -> no figure (the boundary changed and cannot be checked).
    """
    k21 = ermelo_kwb_2021()
    k22 = k21.copy()
    k22["year"] = 2022
    k22["indelingswijziging"] = "1"
    k22.loc["BU02330005", "indelingswijziging"] = "3"
    b22 = ermelo_2021()
    b22["year"] = 2022
    df = _quiet_compare(
        ["BU02330001", "BU02330005"],
        "mannen",
        [2021, 2022],
        data={2021: k21, 2022: k22},
        boundaries={2022: b22},  # no 2021 map, and offline none can be fetched
    )
    oost = _value(df, "BU02330001", 2021, "mannen")
    assert oost["value"] == 1850 and oost["method"] == "same"
    assert "CBS" in oost["note"]
    horst = _value(df, "BU02330005", 2021, "mannen")
    assert np.isnan(horst["value"]) and "2022" in horst["note"]
    assert "BU02330005" in set(df.attrs["missing"]["area"])


def test_cbs_recode_flag_in_a_crosswalk_between_consecutive_years() -> None:
    """SYNTHETIC: Ermelo 2021 -> 2022 where Horst is redrawn slightly and recoded, CBS flag 2 (made here)."""
    import shapely.affinity

    b21 = ermelo_2021()
    b22 = b21.copy()
    i = b22.index[b22["code"] == "BU02330005"][0]
    b22.loc[i, "geometry"] = shapely.affinity.scale(b22.loc[i, "geometry"], 1.05, 1.05)
    b22.loc[i, "code"] = "BU02330055"
    k22 = ermelo_kwb_2021().rename(index={"BU02330005": "BU02330055"})
    k22["indelingswijziging"] = "1"
    k22.loc["BU02330055", "indelingswijziging"] = "2"
    df = _quiet_compare(
        ["BU02330055"],
        "mannen",
        [2021, 2022],
        data={2021: ermelo_kwb_2021(), 2022: k22},
        boundaries={2021: b21, 2022: b22},
    )
    r = _value(df, "BU02330055", 2021, "mannen")
    assert r["method"] == "recode" and r["value"] == 250
    assert "BU02330005" in r["note"]


def test_national_reference_from_all_gemeenten() -> None:
    """No NL00 row offline: counts are summed over all 342 gemeenten of 2024, densities weighted by land."""
    kwb = _kwb_2024()
    gms = {c: v for c, v in kwb.items() if c.startswith("GM")}
    assert len(gms) == 342
    df = _quiet_compare(["WK034403"], ["inwoners", "bevolkingsdichtheid"], [2024])
    inw = _value(df, "WK034403", 2024)
    assert inw["nederland_value"] == sum(v["AantalInwoners_5"] for v in gms.values()) == 17942942
    assert inw["gemeente_value"] == kwb["GM0344"]["AantalInwoners_5"]
    dens = _value(df, "WK034403", 2024, "bevolkingsdichtheid")
    land_km2 = sum(v["OppervlakteLand_123"] for v in gms.values()) / 100
    assert dens["nederland_value"] == pytest.approx(17942942 / land_km2, rel=0.01)
