"""The command line: help in plain words, user errors exit 2 without a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from wijkassets.cli import app, main


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wijkassets", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
    )


def _commands(command: object, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, cmd in getattr(command, "commands", {}).items():
        found.append((*prefix, name))
        found += _commands(cmd, (*prefix, name))
    return found


def test_every_command_has_help_in_plain_words(capsys: pytest.CaptureFixture[str]) -> None:
    import typer.main

    commands = _commands(typer.main.get_command(app))
    assert ("demo",) in commands
    for path in [(), *commands]:
        with pytest.raises(SystemExit) as exc:
            main([*path, "--help"])
        assert exc.value.code == 0, path
        text = capsys.readouterr().out
        assert "Usage" in text, path
        # a one-line description beyond the usage line
        assert len([line for line in text.splitlines() if line.strip()]) > 3, path


def test_unknown_command_is_a_usage_error() -> None:
    result = run("no-such-command")
    assert result.returncode == 2
    assert "No such command" in result.stderr
    assert "Traceback" not in result.stderr


def test_user_error_exits_2_without_traceback_and_debug_shows_it() -> None:
    result = run("--lang", "fr", "--help")
    assert result.returncode == 0  # --help wins
    result = run("--lang", "fr", "demo", "-o", "x")
    assert result.returncode == 2
    assert "Unknown language 'fr'" in result.stderr
    assert "Traceback" not in result.stderr
    result = run("--debug", "--lang", "fr", "demo")
    assert "Traceback" in result.stderr


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("wijkassets ")


def test_demo_writes_under_the_output_folder(tmp_path: Path) -> None:
    result = run("demo", "-o", str(tmp_path / "maps"))
    assert result.returncode == 0, result.stderr
    paths = [Path(line) for line in result.stdout.splitlines() if line.strip()]
    assert paths
    for path in paths:
        assert path.is_file()
        assert path.resolve().is_relative_to((tmp_path / "maps").resolve())


def test_demo_into_a_file_is_a_user_error_in_either_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "kaarten"
    blocker.write_text("not a folder")
    for args, prefix in (([], "Fout: "), (["--lang", "en"], "Error: ")):
        with pytest.raises(SystemExit) as exc:
            main([*args, "demo", "-o", str(blocker / "maps")])
        assert exc.value.code == 2
        err = capsys.readouterr().err
        assert err.startswith(prefix) and "is a file, not a folder" in err
        assert "Traceback" not in err
    assert blocker.read_text() == "not a folder"
