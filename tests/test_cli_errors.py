"""How the command line answers a hurried user's mistakes: exit 2, a message that says what to do, no traceback,
and nothing written to ``-o``.

Each case here was found wrong in a review of every command (a missing folder, a file where a folder should be, an
output that would replace the register, ...). The tests run ``wijkassets.cli.main`` in-process on the real files in
``data/`` and ``tests/data/``.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from wijkassets._data import data_path
from wijkassets.cli import main

REPO = Path(__file__).resolve().parent.parent
ZUIDWEST = data_path("geo", "denhaag_zuidwest_buurten", "Neighb_marginals_ArcGIS.shp")
KWB_2019 = data_path("cbs", "kwb-2019-84583NED-statline-denhaag-GM0518.csv")


def run_cli(args: Sequence[object], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run the command line in-process; return its exit code, stdout and stderr."""
    with pytest.raises(SystemExit) as exc:
        main([str(a) for a in args])
    captured = capsys.readouterr()
    code = exc.value.code
    return (code if isinstance(code, int) else 0), captured.out, captured.err


def assert_user_error(code: int, err: str, *needles: str) -> None:
    """A user error: exit 2, a 'Fout:' line, no traceback, no 'this is a bug', and the expected words."""
    assert code == 2, err
    assert "Fout:" in err, err
    assert "Traceback" not in err
    assert "This is a bug" not in err
    flat = " ".join(err.split())
    for needle in needles:
        assert needle in flat, flat


@pytest.fixture
def register(tmp_path: Path) -> Path:
    """A copy of the fictional example register, safe to change."""
    from wijkassets.assets import example_register_path

    path = tmp_path / "mijn buurt.gpkg"
    shutil.copy(example_register_path(), path)
    return path


@pytest.fixture
def a_file(tmp_path: Path) -> Path:
    """A plain file, used where a folder is expected."""
    path = tmp_path / "notities.txt"
    path.write_text("hallo\n", encoding="utf-8")
    return path


# --- -o into a "folder" that is a file: FileExistsError escaped as "This is a bug" -------------------------------

OUTPUT_COMMANDS = [
    pytest.param(["kwb", "tables", "-o"], "t.csv", id="kwb-tables"),
    pytest.param(["kwb", "load", "2019", "-g", "GM0518", "-o"], "l.csv", id="kwb-load"),
    pytest.param(["areas", "find", "Overvecht", "-o"], "f.csv", id="areas-find"),
    pytest.param(["assets", "template", "-o"], "t.xlsx", id="assets-template"),
    pytest.param(["assets", "xlsform", "-o"], "f.xlsx", id="assets-xlsform"),
    pytest.param(["assets", "new"], "b.gpkg", id="assets-new"),
]


@pytest.mark.parametrize(("args", "name"), OUTPUT_COMMANDS)
def test_output_inside_a_file_is_a_user_error(
    args: list[str], name: str, a_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = a_file / "sub" / name
    code, _, err = run_cli([*args, str(target)], capsys)
    assert_user_error(code, err, "is a file, not a folder")
    assert a_file.read_text(encoding="utf-8") == "hallo\n"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc is Linux's")
@pytest.mark.parametrize(("args", "name"), OUTPUT_COMMANDS[:3])
def test_output_in_an_unwritable_folder_names_the_target_not_a_temporary_file(
    args: list[str], name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_cli([*args, f"/proc/{name}"], capsys)
    assert_user_error(code, err, f"Cannot write /proc/{name}", "Choose a folder you can write to")
    assert ".tmp" not in err


def test_output_into_a_missing_folder_with_spaces_is_made(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "Mijn Documenten" / "kwb 2019" / "tabellen.xlsx"
    code, _, err = run_cli(["kwb", "tables", "-o", target], capsys)
    assert code == 0, err
    assert target.is_file()


# --- -o onto the register itself: the export/list/profile replaced the register (links, history lost) ----------


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["assets", "export", "--all", "-r", "{reg}", "-o", "{reg}"], id="export-all"),
        pytest.param(["assets", "export", "-r", "{reg}", "-o", "{reg}"], id="export-public"),
        pytest.param(["assets", "list", "-r", "{reg}", "-o", "{reg}"], id="list"),
    ],
)
def test_output_never_replaces_the_register(
    args: list[str], register: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from wijkassets.assets import open_register

    before = register.read_bytes()
    code, _, err = run_cli([a.replace("{reg}", str(register)) for a in args], capsys)
    assert_user_error(code, err, "is an asset register", "Choose another file name")
    assert register.read_bytes() == before
    assert len(open_register(register).assets) == 40


def test_the_register_still_saves_over_itself(
    register: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from wijkassets.assets import open_register

    code, out, err = run_cli(
        ["assets", "edit", "sw-020", "-r", register, "--naam", "Buurthuis"], capsys
    )
    assert code == 0, err
    assert open_register(register).assets.set_index("id").loc["sw-020", "naam"] == "Buurthuis"


# --- map: wrote sterktekaart.html and then failed on --kwb/--deficit; a file or a year given as folder/map ------


@pytest.mark.parametrize(
    ("extra", "needles"),
    [
        pytest.param(["--kwb", "{tmp}/bestaat-niet.csv"], ["file not found"], id="kwb-missing"),
        pytest.param(
            ["--kwb", str(KWB_2019), "--deficit", "pct_laag_inkomn"],
            ["pct_laag_inkomn"],
            id="deficit-typo",
        ),
        pytest.param(["--kwb", "2019"], ["not a year", "wijkassets kwb load 2019"], id="kwb-year"),
    ],
)
def test_map_writes_nothing_when_it_fails(
    extra: list[str],
    needles: list[str],
    register: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    maps = tmp_path / "kaarten"
    args = ["map", "-r", register, "-b", ZUIDWEST, "-o", maps]
    code, _, err = run_cli([*args, *(e.replace("{tmp}", str(tmp_path)) for e in extra)], capsys)
    assert_user_error(code, err, *needles)
    assert not maps.exists() or not any(maps.iterdir())


@pytest.mark.parametrize("output", ["notities.txt", "kaart.html", "notities.txt/kaarten"])
def test_map_output_must_be_a_folder(
    output: str, register: Path, a_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = a_file.parent / output
    code, _, err = run_cli(["map", "-r", register, "-b", ZUIDWEST, "-o", target], capsys)
    assert_user_error(code, err, "folder")
    assert a_file.read_text(encoding="utf-8") == "hallo\n"
    assert not (a_file.parent / "kaart.html").exists()


def test_map_boundaries_given_as_a_year_says_how_to_get_the_file(
    register: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_cli(["map", "-r", register, "-b", "2015", "-o", tmp_path / "m"], capsys)
    assert_user_error(code, err, "not a year", "wijkassets areas boundaries 2015 buurt")


# --- files of the wrong kind: GDAL/pandas jargon ("prefix the path with '<DRIVER>:'", "specify an engine") -------


@pytest.fixture
def png(tmp_path: Path) -> Path:
    """A small real PNG image (the first bytes of every PNG, then an IHDR chunk)."""
    path = tmp_path / "foto.png"
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    )
    return path


@pytest.mark.parametrize(
    ("command", "suffix", "needles"),
    [
        pytest.param(
            ["areas", "read"], ".gpkg", ["as a map: it is a PNG image"], id="areas-read-png"
        ),
        pytest.param(["areas", "read"], "", ["as a map: it is a folder"], id="areas-read-folder"),
        pytest.param(
            ["kwb", "read"],
            ".gpkg",
            ["Wijk- en buurtkaart file: it is a PNG image"],
            id="kwb-read-gpkg",
        ),
        pytest.param(["kwb", "read"], ".geojson", ["it is a PNG image"], id="kwb-read-geojson"),
        pytest.param(
            ["kwb", "read"], ".csv", ["it is a PNG image, not a CSV table"], id="kwb-read-csv"
        ),
        pytest.param(
            ["kwb", "read"], ".xlsx", ["Excel workbook: it is a PNG image"], id="kwb-read-xlsx"
        ),
    ],
)
def test_a_file_of_the_wrong_kind_is_named_in_plain_words(
    command: list[str],
    suffix: str,
    needles: list[str],
    png: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    if suffix:
        given = png.with_suffix(suffix)
        shutil.copy(png, given)
    else:
        given = tmp_path / "map"
        given.mkdir()
    out = tmp_path / "uit.csv"
    code, _, err = run_cli([*command, given, "-o", out], capsys)
    assert_user_error(code, err, *needles)
    assert "<DRIVER>" not in err and "engine manually" not in err
    assert not out.exists()


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".gpkg"])
def test_an_empty_file_says_it_is_empty(
    suffix: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / f"leeg{suffix}"
    empty.write_bytes(b"")
    code, _, err = run_cli(["kwb", "read", empty, "-o", tmp_path / "uit.csv"], capsys)
    assert_user_error(code, err, "empty (0 bytes)")


def test_assets_import_with_the_wrong_format_says_what_the_file_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = tmp_path / "assets.csv"
    table.write_text("naam,categorie,lat,lon\nBuurthuis,instelling,52.07,4.30\n", encoding="utf-8")
    reg = tmp_path / "buurt.gpkg"
    code, _, err = run_cli(["assets", "import", table, "-r", reg, "--format", "xlsx"], capsys)
    assert_user_error(code, err, "Excel workbook: it is a plain text file")
    assert "engine manually" not in err
    assert not reg.exists()


# --- registers: a folder given as register; a missing register skipped silently by check -r ---------------------


@pytest.mark.parametrize("command", [["assets", "list"], ["assets", "show", "sw-001"]])
def test_a_folder_given_as_register_is_not_told_to_start_a_register(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "Mijn buurt"
    folder.mkdir()
    code, _, err = run_cli([*command, "-r", folder], capsys)
    assert_user_error(code, err, "it is a folder", "ending in .gpkg")
    assert "assets new" not in err


def test_check_against_a_missing_register_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = tmp_path / "assets.csv"
    table.write_text("naam,categorie,lat,lon\nBuurthuis,instelling,52.07,4.30\n", encoding="utf-8")
    code, out, err = run_cli(["assets", "check", table, "-r", tmp_path / "regsiter.gpkg"], capsys)
    assert_user_error(code, err, "regsiter.gpkg does not exist")
    assert "no problems found" not in out


def test_a_register_given_as_boundaries_says_so(
    register: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_cli(["areas", "read", register], capsys)
    assert_user_error(code, err, "is an asset register, not a map", "wijkassets areas boundaries")
    assert "level='buurt'" not in err


# --- typos that gave an empty answer or a misleading one ----------------------------------------------------------


def test_an_unknown_theme_lists_the_themes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "i.csv"
    code, _, err = run_cli(["kwb", "indicators", "--theme", "inkomn", "-o", out], capsys)
    assert_user_error(code, err, "'inkomn' is not a theme", "inkomen", "wonen")
    assert not out.exists()


@pytest.mark.parametrize(
    "name", ["{tmp}/mijn set.csv", "{tmp}", "C:\\Users\\Jan de Vries\\set.yaml"]
)
def test_a_missing_set_file_is_not_called_an_unknown_set(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_cli(["areas", "set", name.replace("{tmp}", str(tmp_path))], capsys)
    assert_user_error(code, err, "Set file", "Check the path")
    assert "Unknown area set" not in err


@pytest.mark.parametrize("limit", ["0", "-3"])
def test_find_limit_below_one_is_a_usage_error(
    limit: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_cli(["areas", "find", "Centrum", "-n", limit], capsys)
    assert code == 2
    assert "--limit" in err and "Traceback" not in err


# --- --gemeente by name: profile passed 'Den Haag' on to load_kwb (codes only) and lost every CBS figure --------


def test_kwb_load_with_a_gemeente_name_says_how_to_find_the_code(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run_cli(["kwb", "load", "2019", "-g", "Den Haga"], capsys)
    assert_user_error(code, err, "GM0518", "wijkassets areas find")


def test_profile_with_a_gemeente_name_keeps_the_cbs_figures(
    register: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import pandas as pd

    out = tmp_path / "profiel.csv"
    args = ["profile", "--assets", register, "--boundaries", "2015", "--gemeente", "Den Haag"]
    code, _, err = run_cli([*args, "-o", out], capsys)
    assert code == 0, err
    assert "no CBS figures" not in err
    profile = pd.read_csv(out).set_index("code")
    assert len(profile) == 114
    assert profile["inwoners"].notna().all()


# --- a --sep that is not in the file: was told "no ; or , between columns" for a file full of commas -------------


@pytest.mark.parametrize("sep", [";", "komma"])
def test_a_wrong_sep_names_the_separator_the_file_uses(
    sep: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = tmp_path / "assets.csv"
    table.write_text("naam,categorie,lat,lon\nBuurthuis,instelling,52.07,4.30\n", encoding="utf-8")
    code, _, err = run_cli(["assets", "check", table, "--sep", sep], capsys)
    assert_user_error(code, err, f"--sep '{sep}' is not in line 1", "use --sep ','")
    assert "no ; or , between columns" not in err


# --- --lang en: the kwb commands printed their titles, yes/no and counts in Dutch only ---------------------------


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        pytest.param(
            [], ["tabellen per jaar (Bron: CBS)", "ja", "NEE (niet geverifieerd)"], id="nl"
        ),
        pytest.param(
            ["--lang", "en"], ["tables per year (Source: CBS)", "yes", "NO (not verified)"], id="en"
        ),
    ],
)
def test_kwb_tables_speaks_the_chosen_language(
    lang: list[str], words: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    from wijkassets import settings

    try:
        code, out, err = run_cli([*lang, "kwb", "tables"], capsys)
    finally:
        settings.language = None
    assert code == 0, err
    flat = " ".join(out.split())
    for word in words:
        assert word in flat


def test_kwb_load_summary_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    from wijkassets import settings

    try:
        code, out, err = run_cli(["--lang", "en", "kwb", "load", "2019", "-g", "GM0518"], capsys)
    finally:
        settings.language = None
    assert code == 0, err
    assert (
        "159 areas, 18 indicators. Source: CBS, Kerncijfers wijken en buurten 2019 (84583NED)"
        in " ".join(out.split())
    )
    assert "gebieden" not in out


# --- kwb read of a register (GDAL's layer warning, then "cannot tell which year") or of a shapefile's folder ------


def test_kwb_read_of_a_register_says_it_is_a_register(
    register: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_cli(["kwb", "read", register], capsys)
    assert_user_error(
        code, err, "is an asset register, not a file of CBS figures", "wijkassets kwb load"
    )
    assert "Specify layer parameter" not in err


def test_kwb_read_of_a_shapefile_folder_names_the_file_inside(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run_cli(["kwb", "read", ZUIDWEST.parent], capsys)
    assert_user_error(code, err, "give the path of one file, e.g.", "Neighb_marginals_ArcGIS.shp")
