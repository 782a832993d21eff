"""The areas commands, offline: find, sets, set, boundaries, read, fetch."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from wijkassets.cli import main


@pytest.fixture(autouse=True)
def _no_user_sets(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("WIJKASSETS_SETS", str(tmp_path / "no-sets"))


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        main(args)
    captured = capsys.readouterr()
    return int(exc.value.code or 0), captured.out, captured.err


def test_find_overvecht_offline(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["areas", "find", "overvecht"], capsys)
    assert code == 0
    assert "WK034403" in out and "Utrecht" in out and "2024" in out


def test_find_nothing_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["areas", "find", "qqzzxx"], capsys)
    assert code == 2
    assert "No area found" in err and "Traceback" not in err


def test_find_to_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "laak.csv"
    code, _, _ = run(["areas", "find", "laakkwartier", "-o", str(path)], capsys)
    assert code == 0
    df = pd.read_csv(path)
    assert df["code"].iloc[0] == "WK051838"


def test_sets_and_set(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(["areas", "sets"], capsys)
    assert code == 0
    assert "nplv-2022" in out and "krachtwijken" in out
    code, out, _ = run(["areas", "set", "nplv-2022"], capsys)
    assert code == 0
    assert "WK034403" in out and "unmapped" in out and "2 exact" in out
    path = tmp_path / "nplv.xlsx"
    code, _, _ = run(["areas", "set", "nplv-2022", "-o", str(path)], capsys)
    assert code == 0
    assert len(pd.read_excel(path)) == 20


def test_unknown_set_exits_2_without_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["areas", "set", "top-130-fantasie"], capsys)
    assert code == 2
    assert "Unknown area set" in err and "Traceback" not in err


def test_boundaries_to_gpkg_and_read_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "denhaag.gpkg"
    code, out, _ = run(
        ["areas", "boundaries", "2015", "wijk", "--gemeente", "Den Haag", "-o", str(path)], capsys
    )
    assert code == 0
    gdf = gpd.read_file(path)
    assert len(gdf) == 44 and gdf.crs.to_epsg() == 28992
    code, out, _ = run(["areas", "read", str(path)], capsys)
    assert code == 0
    assert "44 areas (44 wijk), year 2015" in out


def test_boundaries_offline_miss_names_fetch(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "x.gpkg"
    code, _, err = run(
        ["areas", "boundaries", "2019", "buurt", "-g", "GM0518", "-o", str(path)], capsys
    )
    assert code == 2
    assert "wijkassets areas fetch 2019 buurt --gemeente GM0518" in err
    assert not path.exists()


def test_fetch_offline_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["areas", "fetch", "2024", "buurt"], capsys)
    assert code == 2
    assert "needs the internet" in err


def test_set_options_are_checked(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["areas", "set", "nplv-2022", "--option", "n"], capsys)
    assert code == 2 and "KEY=VALUE" in err
    code, _, err = run(["areas", "set", "nplv-2022", "--option", "n=5"], capsys)
    assert code == 2 and "takes no options" in err


def test_add_set_keeps_a_checked_user_set(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "onze-wijken.csv"
    path.write_text("code;naam\nWK051829;Schilderswijk\nWK051838;\n", encoding="utf-8")
    code, out, _ = run(["areas", "add-set", str(path)], capsys)
    assert code == 0 and "2 members (2 exact" in out
    code, out, _ = run(["areas", "set", "onze-wijken"], capsys)
    assert code == 0 and "WK051838" in out
    bad = tmp_path / "fout.csv"
    bad.write_text("code\nhallo\n", encoding="utf-8")
    code, _, err = run(["areas", "add-set", str(bad)], capsys)
    assert code == 2 and "'HALLO' is not a CBS code" in err
    assert not (tmp_path / "no-sets" / "fout.csv").exists()
