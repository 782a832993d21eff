"""The ``wijkassets walk`` command, run as a user would, on the fictional example register (offline)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from tests._print_helpers import pdf_pages_to_png, pdf_text


def _run(args: list[str]) -> int:
    from wijkassets.cli import main

    with pytest.raises(SystemExit) as info:
        main(args)
    return int(info.value.code or 0)


@pytest.mark.pdf
def test_walk_command_writes_pdf_and_png(tmp_path: Path, pdftoppm: str, capsys) -> None:  # type: ignore[no-untyped-def]
    from wijkassets.assets import example_register_path

    pdf, png = tmp_path / "maps" / "wandeling.pdf", tmp_path / "maps" / "wandeling.png"
    code = _run(
        [
            "walk",
            "--register",
            str(example_register_path()),
            "--buurt",
            "BU05182916",
            "-o",
            str(pdf),
            "-o",
            str(png),
            "--lang",
            "en",
        ]
    )
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "Schildersbuurt-Noord (BU05182916):" in captured.out
    assert "No street map" in captured.out  # offline, empty cache: the user is told
    assert str(pdf) in captured.out and str(png) in captured.out
    pages = pdf_pages_to_png(pdftoppm, pdf, tmp_path / "check", dpi=20)
    assert len(pages) >= 2
    assert "A walk through Schildersbuurt-Noord" in pdf_text(pdftoppm, pdf)
    w, h = Image.open(png).size  # A4 at 150 dpi: 1240 x 1754 (matplotlib truncates, so 1753)
    assert w == 1240 and h in (1753, 1754)


def test_walk_command_unknown_buurt_is_a_short_error(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from wijkassets.assets import example_register_path

    out = tmp_path / "w.pdf"
    code = _run(
        [
            "walk",
            "--register",
            str(example_register_path()),
            "--buurt",
            "BU05189999",
            "-o",
            str(out),
        ]
    )
    err = capsys.readouterr().err
    assert code == 2
    assert "No buurt 'BU05189999'" in err and "Traceback" not in err
    assert not out.exists()


def test_walk_help_is_plain() -> None:
    from typer.testing import CliRunner

    from wijkassets.cli import app

    result = CliRunner().invoke(app, ["walk", "--help"])
    assert result.exit_code == 0
    for words in ("--register", "--buurt", "--paper", "A3", "--lang", "offline"):
        assert words in result.output
