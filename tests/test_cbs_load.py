"""load_kwb offline from the embedded Den Haag default: the published figures per year, long form, errors."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pytest

from wijkassets._errors import CacheMissError, WijkassetsError
from wijkassets.cbs import load_kwb, tables_frame, to_long

# Published CBS figures (Kerncijfers wijken en buurten), inwoners on 1 January.
GM0518 = {2015: 514861, 2019: 537833, 2021: 548320, 2024: 566221}
WK051838 = {2015: 39960, 2019: 42265, 2021: 43520, 2024: 44735}


@pytest.mark.parametrize("year", sorted(GM0518))
def test_den_haag_inwoners_per_year(year: int) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # 2024 embedded has no buurten: warned, tested below
        df = load_kwb(year, gemeente="GM0518")
    assert df.loc["GM0518", "inwoners"] == GM0518[year]
    assert df.loc["WK051838", "inwoners"] == WK051838[year]
    assert df.loc["GM0518", "year"] == year
    assert set(df["gemeentecode"]) == {"GM0518"}
    assert df.attrs["source"].startswith("CBS, Kerncijfers wijken en buurten")
    assert str(year) in df.attrs["source"]


def test_series_of_years_for_one_wijk() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        df = load_kwb([2015, 2019, 2021, 2024], gemeente="GM0518", level="wijk")
    series = df.loc["WK051838"].set_index("year")["inwoners"].to_dict()
    assert series == WK051838
    long = to_long(df)
    assert list(long.columns) == ["code", "year", "indicator", "value", "source"]
    row = long[(long.code == "WK051838") & (long.indicator == "inwoners") & (long.year == 2019)]
    assert row["value"].item() == 42265
    assert row["source"].item() == "CBS, Kerncijfers wijken en buurten 2019 (84583NED)"


def test_oostduinen_2019_zero_inwoners_nan_education() -> None:
    df = load_kwb(2019, gemeente="GM0518", level="buurt")
    assert len(df) == 114
    oost = df.loc["BU05180170"]
    assert oost["inwoners"] == 0
    assert np.isnan(oost["opleiding_laag"]) and np.isnan(oost["opleiding_hoog"])
    long = to_long(df.loc[["BU05180170"]])
    assert long.loc[long.indicator == "opleiding_laag", "value"].isna().all()
    assert len(to_long(df.loc[["BU05180170"]], dropna=True)) < len(long)


def test_gemeente_code_forms_and_levels() -> None:
    a = load_kwb(2019, gemeente="0518", level="gemeente")
    b = load_kwb(2019, gemeente=518, level="gemeente")
    assert a.index.tolist() == b.index.tolist() == ["GM0518"]
    with pytest.raises(WijkassetsError, match="GM0518"):
        load_kwb(2019, gemeente="Den Haag")
    assert len(load_kwb(2019, gemeente="GM0518", level="buurten")) == 114
    with pytest.raises(WijkassetsError, match="level must be one of gemeente, wijk, buurt"):
        load_kwb(2019, gemeente="GM0518", level="straat")


def test_unknown_year_lists_the_known_ones() -> None:
    with pytest.raises(WijkassetsError, match=r"2012.*2013\.\.2024.*kwb tables"):
        load_kwb(2012)
    frame = tables_frame()
    assert frame.loc[2019, "table_id"] == "84583NED"
    assert frame.loc[2024, "table_id"] == "85984NED"
    assert frame.loc[2022, "table_id"] == "85318NED"
    assert frame.loc[2023, "table_id"] == "85618NED"
    assert not frame.loc[2015, "verified"]
    assert list(frame.index) == list(range(2013, 2025))


def test_offline_miss_and_partial_embedded() -> None:
    with pytest.raises(CacheMissError, match="wijkassets kwb fetch 2024 --gemeente GM0518"):
        load_kwb(2024, gemeente="GM0518", level="buurt")
    with pytest.raises(CacheMissError, match="wijkassets kwb fetch 2019$"):
        load_kwb(2019)  # the whole country is not embedded for 2019
    with pytest.warns(UserWarning, match="no buurt rows.*wijkassets kwb fetch 2024"):
        df = load_kwb(2024)
    assert df["level"].value_counts().to_dict() == {"wijk": 3393, "gemeente": 342}
    assert load_kwb(2024, level="gemeente").shape[0] == 342  # fully covered: no warning


def test_2015_map_attributes_kinds() -> None:
    df = load_kwb(2015, gemeente="GM0518")
    assert len(df) == 1 + 44 + 114
    assert "inwoners_0_15" not in df.columns and "pct_inwoners_0_15" in df.columns
    assert "bijstand" not in df.columns and df.loc["GM0518", "bijstand_uitkeringen"] > 0
    assert df["naam"].notna().all()


def test_cli_tables(capsys: pytest.CaptureFixture[str]) -> None:
    from wijkassets.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["kwb", "tables"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert "84583NED" in out and "niet geverifieerd" in out


def test_2015_rotterdam_buurten_embedded_without_wijk_rows() -> None:
    df = load_kwb(2015, gemeente="GM0599", level="buurt")
    assert len(df) == 92
    assert set(df["gemeentecode"]) == {"GM0599"}
    with pytest.warns(UserWarning, match="no gemeente or wijk rows"):
        load_kwb(2015, gemeente="GM0599")


def test_cli_load_offline_writes_xlsx_and_long(tmp_path: Path) -> None:
    import pandas as pd

    from wijkassets.cli import main

    out = tmp_path / "denhaag.xlsx"
    with pytest.raises(SystemExit) as exc:
        main(["kwb", "load", "2019", "--gemeente", "GM0518", "--level", "wijk", "-o", str(out)])
    assert exc.value.code == 0
    back = pd.read_excel(out, index_col=0)
    assert back.loc["WK051838", "inwoners"] == 42265
    long = tmp_path / "long.csv"
    with pytest.raises(SystemExit):
        main(["kwb", "load", "2021", "-g", "0518", "--long", "-o", str(long)])
    assert "Kerncijfers wijken en buurten 2021" in long.read_text(encoding="utf-8")
    with pytest.raises(SystemExit) as exc:
        main(["kwb", "load", "2022", "-g", "GM0518", "-o", str(tmp_path / "x.csv")])
    assert exc.value.code == 2
    assert not (tmp_path / "x.csv").exists()


def test_2024_wijk_names_from_the_same_years_map() -> None:
    df = load_kwb(2024, gemeente="GM0518", level="wijk")
    assert df.loc["WK051838", "naam"].startswith("Wijk 38")
    assert df["naam"].notna().all()
    assert "nl_wijken_2024" in df.attrs["naam_source"]
