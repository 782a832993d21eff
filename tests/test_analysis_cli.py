"""`wijkassets profile` on the embedded Den Haag default and the fictional example register, offline."""

from __future__ import annotations

import time
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from tests._analysis_helpers import BUURT_2015
from wijkassets.cli import main


def _run(args: list[str]) -> int:
    with pytest.raises(SystemExit) as exc:
        main(args)
    return int(exc.value.code or 0)


@pytest.fixture(scope="module")
def register_path() -> str:
    from wijkassets.assets import example_register_path

    return str(example_register_path())


def test_profile_of_the_embedded_default_in_seconds(
    tmp_path: Path, register_path: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "profiel.csv"
    started = time.perf_counter()
    code = _run(
        [
            "profile",
            "--assets",
            register_path,
            "--boundaries",
            "2015",
            "--gemeente",
            "GM0518",
            "-o",
            str(out),
        ]
    )
    seconds = time.perf_counter() - started
    assert code == 0
    assert seconds < 15
    table = pd.read_csv(out, dtype={"code": str})
    assert len(table) == 114
    assert list(table.columns[:10]) == [
        "code",
        "naam",
        "inwoners",
        "n_assets",
        "n_individu",
        "n_vereniging_of_netwerk",
        "n_instelling",
        "n_fysieke_plek",
        "n_economie_en_ruil",
        "n_cultuur_en_verhaal",
    ]
    noord = table.set_index("code").loc["BU05182916"]
    assert noord["inwoners"] == 9990  # the 2015 map's own AANT_INW
    assert noord["n_assets"] > 0
    assert "geometry" not in table.columns
    columns = pd.read_csv(tmp_path / "profiel-kolommen.csv")
    assert set(table.columns) <= set(columns["kolom"])
    assert "pct_laag_inkomen" in set(columns["kolom"])  # listed as absent
    captured = capsys.readouterr()
    assert str(out) in captured.out
    assert "ontbreken" in captured.err and "pct_laag_inkomen" in captured.err
    assert "Bron: CBS" in captured.err


def test_gpkg_keeps_the_outlines(tmp_path: Path, register_path: str) -> None:
    out = tmp_path / "profiel.gpkg"
    code = _run(
        [
            "profile",
            "--assets",
            register_path,
            "--boundaries",
            "2015",
            "--gemeente",
            "GM0518",
            "-o",
            str(out),
        ]
    )
    assert code == 0
    gdf = gpd.read_file(out)
    assert len(gdf) == 114
    assert gdf.crs.to_epsg() == 28992
    assert gdf.geom_type.isin(["Polygon", "MultiPolygon"]).all()
    assert {"code", "n_assets", "pctl_assets_per_1000", "reden_leeg"} <= set(gdf.columns)


def test_kwb_year_and_boundary_file(tmp_path: Path, register_path: str) -> None:
    out = tmp_path / "p2019.xlsx"
    code = _run(
        [
            "profile",
            "--assets",
            register_path,
            "--boundaries",
            str(BUURT_2015),
            "--gemeente",
            "GM0518",
            "--kwb",
            "2019",
            "-o",
            str(out),
        ]
    )
    assert code == 0
    table = pd.read_excel(out, dtype={"code": str}).set_index("code")
    assert table.loc["BU05182916", "inwoners"] == 9980  # KWB 2019
    assert table.loc["BU05182916", "pct_opleiding_laag"] == pytest.approx(
        100 * 4090 / (4090 + 2360 + 1200)
    )


def test_user_errors_exit_2_and_write_nothing(
    tmp_path: Path, register_path: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "p.csv"
    assert (
        _run(
            [
                "profile",
                "--assets",
                str(tmp_path / "nope.gpkg"),
                "--boundaries",
                "2015",
                "-o",
                str(out),
            ]
        )
        == 2
    )
    err = capsys.readouterr().err
    assert "Fout" in err and "nope.gpkg" in err and "Traceback" not in err
    assert _run(["profile", "--assets", register_path, "--boundaries", "elf", "-o", str(out)]) == 2
    assert "neither a year" in capsys.readouterr().err
    assert (
        _run(
            [
                "profile",
                "--assets",
                register_path,
                "--boundaries",
                "2015",
                "-o",
                str(tmp_path / "p.txt"),
            ]
        )
        == 2
    )
    assert not list(tmp_path.iterdir())


def test_help_in_plain_words(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(["profile", "--help"]) == 0
    text = capsys.readouterr().out
    assert "strengths" in text and "--boundaries" in text and "--kwb" in text


def test_a_plain_file_of_assets_works_too(tmp_path: Path) -> None:
    """A CSV with lat/lon (30 real DUO school locations written by the test) instead of a register."""
    from tests._analysis_helpers import SCHOLEN

    raw = gpd.read_file(SCHOLEN)
    raw = raw[raw["GEMEENTENUMMER"].astype(str).str.strip() == "0518"].head(30)
    csv = tmp_path / "scholen.csv"
    pd.DataFrame(
        {
            "naam": raw["VESTIGINGSNAAM "].str.strip(),
            "categorie": "instelling",
            "tags": "school",
            "lat": raw.geometry.y,
            "lon": raw.geometry.x,
        }
    ).to_csv(csv, index=False)
    out = tmp_path / "p.csv"
    assert (
        _run(
            [
                "profile",
                "--assets",
                str(csv),
                "--boundaries",
                "2015",
                "--gemeente",
                "GM0518",
                "-o",
                str(out),
            ]
        )
        == 0
    )
    table = pd.read_csv(out)
    assert table["n_assets"].sum() == 30 and table["n_instelling"].sum() == 30
    sources = pd.read_csv(tmp_path / "p-kolommen.csv").set_index("kolom")["bron"]
    assert "scholen.csv" in sources["n_assets"]


def test_english_on_request(
    tmp_path: Path, register_path: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "profile.csv"
    args = ["--lang", "en", "profile", "--assets", register_path, "--boundaries", "2015"]
    assert _run([*args, "--gemeente", "GM0518", "-o", str(out)]) == 0
    columns = pd.read_csv(tmp_path / "profile-columns.csv")
    assert list(columns.columns) == ["column", "meaning", "unit", "source", "direction"]
    reasons = pd.read_csv(out, dtype={"code": str}).set_index("code")["reden_leeg"]
    assert reasons["BU05180170"].startswith("0 inwoners: no rates")
    assert "Deficit figures not in these statistics" in capsys.readouterr().err
