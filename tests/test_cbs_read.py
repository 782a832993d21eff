"""read_kwb on every real format: published figures, codes kept, NaN never 0, clear errors on bad input."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from wijkassets._errors import ValidationError, WijkassetsError
from wijkassets.cbs import read_kwb, to_long

ROOT = Path(__file__).resolve().parent.parent
CSV_2019 = ROOT / "data/cbs/kwb-2019-84583NED-statline-denhaag-GM0518.csv"
CSV_2021 = ROOT / "data/cbs/kwb-2021-statline-denhaag-GM0518.csv"
JSON_2024 = ROOT / "data/cbs/kwb-2024-85984NED-gemeenten-wijken-8-indicators.json"
ROTTERDAM = ROOT / "tests/data/cbs/rotterdam-stadsdriehoek-2022-2023-TypedDataSet-rows.json"
HAAGLANDEN = {
    lv: ROOT / f"data/geo/haaglanden_{lv}_2015.geojson" for lv in ("gemeente", "wijk", "buurt")
}
WIJK_2017_DBF = ROOT / "tests/data/geo/cbs_2017/wijk_2017.dbf"
GEM_2017_DBF = ROOT / "tests/data/geo/cbs_2017/gem_2017.dbf"
ERMELO_GPKG = ROOT / "tests/data/geo/ermelo_buurten_2021_pdok.gpkg"
AMSTERDAM_2015 = ROOT / "tests/data/geo/amsterdam-amstelland_buurt_2015.geojson"
GEMEENTEN_2023 = ROOT / "data/geo/gemeenten_2023_wgs84_simplified.geojson"
ZUIDWEST_SHP = ROOT / "data/geo/denhaag_zuidwest_buurten/Neighb_marginals_ArcGIS.shp"

CONTRACT = ["level", "naam", "gemeentecode", "year"]


def _check_shape(df: pd.DataFrame) -> None:
    assert list(df.columns[:4]) == CONTRACT
    assert df.index.name == "code"
    assert all(
        isinstance(c, str) and c == c.strip() and c[:2] in ("GM", "WK", "BU") for c in df.index
    )
    assert set(df["level"]) <= {"gemeente", "wijk", "buurt"}
    for c in df.columns[4:]:
        assert df[c].dtype == np.float64, c
        assert not (df[c] < 0).any(), f"{c} holds a negative value (a sentinel?)"
    assert df.attrs["source"].startswith("CBS")


def test_statline_csv_2019_published_figures() -> None:
    df = read_kwb(CSV_2019)
    _check_shape(df)
    assert df["level"].value_counts().to_dict() == {"buurt": 114, "wijk": 44, "gemeente": 1}
    assert df.loc["GM0518", "inwoners"] == 537833
    assert df.loc["WK051838", "inwoners"] == 42265
    assert df.loc["GM0518", "gem_huishoudensgrootte"] == 2.0
    # Oostduinen: nobody lives there; education is secret ('.'), so NaN, never 0
    assert df.loc["BU05180170", "inwoners"] == 0
    assert np.isnan(
        df.loc["BU05180170", ["opleiding_laag", "opleiding_middelbaar", "opleiding_hoog"]].astype(
            float
        )
    ).all()
    assert df.loc["GM0518", "opleiding_hoog"] == 144220
    assert df.attrs["source"] == "CBS, Kerncijfers wijken en buurten 2019 (84583NED)"
    assert df["year"].unique().tolist() == [2019]


def test_statline_csv_2021_year_from_name_and_all_secret_education() -> None:
    df = read_kwb(CSV_2021)
    _check_shape(df)
    assert df.loc["GM0518", "inwoners"] == 548320
    assert df.loc["WK051838", "inwoners"] == 43520
    assert df["opleiding_laag"].isna().all()
    assert "85039NED" in df.attrs["source"]


def test_extract_of_typed_values_2024() -> None:
    df = read_kwb(JSON_2024)
    _check_shape(df)
    assert df.loc["GM0518", "inwoners"] == 566221
    assert df.loc["WK051838", "inwoners"] == 44735
    assert df["level"].value_counts().to_dict() == {"wijk": 3393, "gemeente": 342}


def test_typed_rows_per_year_woz_from_35_then_36() -> None:
    both = read_kwb(ROTTERDAM)
    assert sorted(both["year"]) == [2022, 2023]
    d22 = read_kwb(ROTTERDAM, year=2022)
    d23 = read_kwb(ROTTERDAM, year=2023)
    # GemiddeldeWOZWaardeVanWoningen_35 (2022) and _36 (2023): one name, both years
    assert d22.loc["BU05990110", "gem_woz"] == 371
    assert d23.loc["BU05990110", "gem_woz"] == 413
    # bijstand moved from _83 to _92
    assert d22.loc["BU05990110", "bijstand"] == 610
    assert d23.loc["BU05990110", "bijstand"] == 590
    assert d22.loc["BU05990110", "naam"] == "Stadsdriehoek"
    assert d22.loc["BU05990110", "gemeentecode"] == "GM0599"
    assert d22.attrs["source"] == "CBS, Kerncijfers wijken en buurten 2022 (85318NED)"
    assert d23.attrs["source"] == "CBS, Kerncijfers wijken en buurten 2023 (85618NED)"
    # education was renamed in the 2023 table (BasisonderwijsVmboMbo1_70): same indicator
    assert d22.loc["BU05990110", "opleiding_laag"] == 2140
    assert d23.loc["BU05990110", "opleiding_laag"] == 2680
    # CBS's change flag (IndelingswijzigingGemeenteWijkBuurt_4 = "1": unchanged) is kept for comparisons
    assert d22.loc["BU05990110", "indelingswijziging"] == 1
    assert "indelingswijziging" not in set(to_long(d22)["indicator"])
    with pytest.raises(WijkassetsError, match="holds the years 2022, 2023, not 2019"):
        read_kwb(ROTTERDAM, year=2019)


def _rows_2023() -> list[dict]:
    return json.loads(ROTTERDAM.read_text(encoding="utf-8"))["2023"]["rows"]


def test_odata_envelope_typed_and_untyped(tmp_path: Path) -> None:
    rows = _rows_2023()
    meta = (
        "https://opendata.cbs.nl/ODataFeed/odata/85618NED/$metadata#Cbs.OData.WebAPI.TypedDataSet"
    )
    typed = tmp_path / "answer.json"
    typed.write_text(json.dumps({"odata.metadata": meta, "value": rows}), encoding="utf-8")
    # UntypedDataSet gives every value as a padded string and '.' for missing (built from the same rows)
    untyped_rows = [
        {k: ("." if v is None else str(v).rjust(12)) for k, v in r.items()} for r in rows
    ]
    untyped = tmp_path / "untyped.json"
    untyped.write_text(
        json.dumps({"odata.metadata": meta.replace("Typed", "Untyped"), "value": untyped_rows}),
        encoding="utf-8",
    )
    a = read_kwb(typed)
    b = read_kwb(untyped)
    assert a.loc["BU05990110", "year"] == 2023  # year from the table id in odata.metadata
    assert a.loc["BU05990110", "gem_woz"] == 413
    pd.testing.assert_frame_equal(a, b, check_dtype=False)
    # null (typed) and '.' (untyped) both become NaN: the row has nulls in mapped columns
    nulls = [k for k, v in rows[0].items() if v is None]
    assert nulls
    assert b.isna().sum().sum() == a.isna().sum().sum() > 0


def test_cbsodata_bare_list_in_table_folder(tmp_path: Path) -> None:
    folder = tmp_path / "85618NED"
    folder.mkdir()
    path = folder / "TypedDataSet.json"
    path.write_text(json.dumps(_rows_2023(), indent=2), encoding="utf-8")
    df = read_kwb(path)
    assert df.loc["BU05990110", "inwoners"] == 19400
    assert df.attrs["year"] == 2023


def test_map_attributes_2015_counts_percentages_and_benefits() -> None:
    frames = [read_kwb(p) for p in HAAGLANDEN.values()]
    df = pd.concat(frames)
    assert df.loc["GM0518", "inwoners"] == 514861
    assert df.loc["WK051838", "inwoners"] == 39960
    # P_00_14_JR is a percentage: its own indicator, never the count column
    assert "inwoners_0_15" not in df.columns
    assert df.loc["GM0518", "pct_inwoners_0_15"] <= 100
    # WWB_UITTOT counts benefits, not persons
    assert "bijstand" not in df.columns
    assert df.loc["GM0518", "bijstand_uitkeringen"] > 0
    # -99999999 (secret) becomes NaN
    assert np.isnan(frames[2].loc["BU05031100", "bevolkingsdichtheid"])
    assert frames[2].loc["BU05031100", "naam"] == "Bedrijventerrein Wateringseweg"
    # IND_WBI is the map's change flag: 436 areas unchanged (1), 3 with changed boundaries (3)
    assert frames[2]["indelingswijziging"].value_counts().to_dict() == {1.0: 436, 3.0: 3}
    for f in frames:
        _check_shape(f)


def test_bare_dbf_old_style_2017() -> None:
    gem = read_kwb(GEM_2017_DBF)
    _check_shape(gem)
    assert gem.index.is_unique  # the water parts under the same code are dropped
    assert gem.loc["GM0518", "inwoners"] == 524882
    wijk = read_kwb(WIJK_2017_DBF)
    assert len(wijk) == 3159
    assert np.isnan(wijk.loc["WK001099", "inwoners"])  # a water wijk: -99999999 -> NaN
    assert wijk.loc["WK051838", "naam"].startswith("Wijk 38")


def test_pdok_geopackage_early_release() -> None:
    df = read_kwb(ERMELO_GPKG)
    _check_shape(df)
    assert len(df) == 17
    assert set(df["gemeentecode"]) == {"GM0233"}
    assert df["year"].unique().tolist() == [2021]  # from jaarstatcode, not from the name
    assert df.loc["BU02330000", "mannen"] == 5215
    assert np.isnan(df.loc["BU02330000", "inwoners"])  # not yet published in this release


def test_shapefile_written_from_real_map(tmp_path: Path) -> None:
    import geopandas as gpd

    gdf = gpd.read_file(HAAGLANDEN["wijk"])
    gdf = gdf[gdf["GM_CODE"] == "GM0518"]  # Den Haag's wijken are all polygons
    path = tmp_path / "wijken_2015.shp"
    gdf.to_file(path)
    df = read_kwb(path)
    assert df.loc["WK051838", "inwoners"] == 39960


def test_files_it_was_not_tuned_on() -> None:
    ams = read_kwb(AMSTERDAM_2015)
    _check_shape(ams)
    a = ams[ams["gemeentecode"] == "GM0363"]
    assert len(a) == 97
    # mannen + vrouwen = inwoners up to CBS's rounding to 5
    diff = (a["mannen"] + a["vrouwen"] - a["inwoners"]).abs().dropna()
    assert (diff <= 10).all()
    gm = read_kwb(GEMEENTEN_2023)
    _check_shape(gm)
    assert gm.loc["GM0518", "inwoners"] == 562839
    assert gm["year"].unique().tolist() == [2023]


def test_no_year_anywhere_says_so(tmp_path: Path) -> None:
    path = tmp_path / "denhaag.csv"
    path.write_bytes(CSV_2019.read_bytes())
    with pytest.raises(WijkassetsError, match=r"denhaag.csv: cannot tell which year.*--year 2019"):
        read_kwb(path)
    assert read_kwb(path, year=2019).loc["GM0518", "inwoners"] == 537833


def test_wrong_delimiter_names_file(tmp_path: Path) -> None:
    path = tmp_path / "kwb-2019.csv"
    path.write_text(CSV_2019.read_text(encoding="utf-8-sig").replace(";", "|"), encoding="utf-8")
    with pytest.raises(ValidationError, match=r"(?s)kwb-2019.csv.*no ';', ','"):
        read_kwb(path)


def test_not_a_cbs_table_names_file_and_columns() -> None:
    with pytest.raises(
        ValidationError, match=r"(?s)nplv_2022_focusgebieden.csv.*no region column.*gm_code"
    ):
        read_kwb(ROOT / "data/areas/nplv_2022_focusgebieden.csv", year=2022)
    # edited attributes of a real map, without CBS codes
    with pytest.raises(ValidationError, match=r"(?s)Neighb_marginals_ArcGIS.shp.*nghb_cd"):
        read_kwb(ZUIDWEST_SHP, year=2019)
    with pytest.raises(ValidationError, match="DataProperties"):
        read_kwb(ROOT / "data/cbs/kwb-2024-85984NED-DataProperties.json")


def test_cut_off_json_and_unknown_type(tmp_path: Path) -> None:
    path = tmp_path / "kwb-2023.json"
    text = json.dumps(_rows_2023())
    path.write_text(text[: len(text) // 2], encoding="utf-8")
    with pytest.raises(ValidationError, match="(?s)not valid JSON.*cut off"):
        read_kwb(path)
    other = tmp_path / "kwb-2023.xls"
    other.write_bytes(b"x")
    with pytest.raises(WijkassetsError, match="unknown file type '.xls'"):
        read_kwb(other)
    with pytest.raises(WijkassetsError, match="file not found"):
        read_kwb(tmp_path / "nope.csv")


def test_unknown_columns_warn_with_file_and_names() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        read_kwb(ROTTERDAM, year=2023)
    text = " ".join(str(w.message) for w in caught)
    assert "rotterdam-stadsdriehoek" in text
    # Nederland_17 and Nederland_20 repeat a base name: without DataProperties they are not guessed
    assert "Nederland_17" in text and "Nederland_20" in text


def test_cli_read_writes_the_wide_table(tmp_path: Path) -> None:
    from wijkassets.cli import main

    out = tmp_path / "out.csv"
    with pytest.raises(SystemExit) as exc:
        main(["kwb", "read", str(CSV_2019), "-o", str(out)])
    assert exc.value.code == 0
    back = pd.read_csv(out, index_col="code")
    assert back.loc["WK051838", "inwoners"] == 42265
    assert np.isnan(back.loc["BU05180170", "opleiding_laag"])
    longout = tmp_path / "long.csv"
    with pytest.raises(SystemExit):
        main(["kwb", "read", str(GEM_2017_DBF), "--long", "-o", str(longout)])
    long = pd.read_csv(longout)
    assert list(long.columns) == ["code", "year", "indicator", "value", "source"]
    row = long[(long["code"] == "GM0518") & (long["indicator"] == "inwoners")]
    assert row["value"].item() == 524882


def test_cli_read_without_year_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from wijkassets.cli import main

    path = tmp_path / "denhaag.csv"
    path.write_bytes(CSV_2019.read_bytes())
    with pytest.raises(SystemExit) as exc:
        main(["kwb", "read", str(path), "-o", str(tmp_path / "x.csv")])
    assert exc.value.code == 2
    assert "--year" in capsys.readouterr().err
    assert not (tmp_path / "x.csv").exists()


def test_year_outside_the_registry_warns_or_refuses(tmp_path: Path) -> None:
    path = tmp_path / "denhaag.csv"
    path.write_bytes(CSV_2019.read_bytes())
    with pytest.warns(UserWarning, match="2011 is not a year in the KWB registry"):
        read_kwb(path, year=2011)
    with pytest.raises(WijkassetsError, match="--year must be a year"):
        read_kwb(path, year=19)


def test_key_only_year_without_recorded_dataproperties_warns(tmp_path: Path) -> None:
    # the 2019 CSV presented as a 2016 download: its keys cannot be unit-checked for that year
    path = tmp_path / "kwb-2016-83487NED.csv"
    path.write_bytes(CSV_2019.read_bytes())
    with pytest.warns(UserWarning, match=r"2016 table are recorded.*units were not checked"):
        df = read_kwb(path)
    assert df.attrs["source"] == "CBS, Kerncijfers wijken en buurten 2016 (83487NED)"


def test_folder_saved_by_cbsodata_uses_its_tableinfos_dataproperties_and_names(
    tmp_path: Path,
) -> None:
    """cbsodata.download_data(table, dir=...) writes bare lists side by side; read them together."""
    from tests._cbs_helpers import (
        dataproperties_2024,
        denhaag_rows_2024,
        names_2024,
        tableinfos_2024,
    )

    folder = tmp_path / "download"  # a name without the table id or the year
    folder.mkdir()
    rows = denhaag_rows_2024(decoy=False)
    for name, value in {
        "TypedDataSet": rows,
        "TableInfos": tableinfos_2024(),
        "DataProperties": dataproperties_2024(),
        "WijkenEnBuurten": names_2024(rows),
    }.items():
        (folder / f"{name}.json").write_text(json.dumps(value, indent=2), encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matched with DataProperties: nothing to warn about
        df = read_kwb(folder)
    assert df.attrs["year"] == 2024
    assert df.attrs["source"] == "CBS, Kerncijfers wijken en buurten 2024 (85984NED)"
    assert df.loc["WK051838", "inwoners"] == 44735
    assert df.loc["GM0518", "naam"] == "'s-Gravenhage"
    assert read_kwb(folder / "TypedDataSet.json").equals(df)


def test_statline_csv_saved_from_excel_as_xlsx(tmp_path: Path) -> None:
    raw = pd.read_csv(CSV_2019, sep=";", dtype=str, encoding="utf-8-sig", keep_default_na=False)
    path = tmp_path / "kwb-2019-denhaag.xlsx"
    raw.to_excel(path, index=False)
    df = read_kwb(path)
    assert df.loc["WK051838", "inwoners"] == 42265
    assert np.isnan(df.loc["BU05180170", "opleiding_laag"])
    pd.testing.assert_frame_equal(df, read_kwb(CSV_2019), check_like=True, check_exact=False)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
def test_what_wijkassets_writes_reads_back(tmp_path: Path, suffix: str) -> None:
    # `wijkassets kwb load 2019 -o FILE` and then `--kwb FILE` / read_kwb(FILE): the published figures survive
    from wijkassets._io import write_table
    from wijkassets.cbs import load_kwb

    written = write_table(load_kwb(2019, gemeente="GM0518"), tmp_path / f"denhaag-2019{suffix}")
    back = read_kwb(written)
    assert back.loc["WK051838", "inwoners"] == 42265
    assert back.loc["GM0518", "inwoners"] == 537833
    assert np.isnan(
        back.loc["BU05180170", "opleiding_laag"]
    )  # Oostduinen: secret stays NaN, never 0
    assert back.loc["WK051838", "level"] == "wijk" and back.attrs["year"] == 2019
    assert "84583NED" in back.attrs["source"]
