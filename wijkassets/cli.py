"""The ``wijkassets`` command. ``python -m wijkassets`` runs the same.

Each step of the data flow adds its own commands from its package's ``cli`` module (``cbs.cli``, ``areas.cli``,
``assets.cli``, ``analysis.cli``, ``render.cli``); this module only sets up the root command, the global options
and the way errors reach the user: a :class:`~wijkassets._errors.WijkassetsError` prints its message and exits with
code 2, no traceback unless ``--debug``.
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from wijkassets import __version__, settings
from wijkassets._errors import WijkassetsError

err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)

app = typer.Typer(
    name="wijkassets",
    help=(
        "wijkassets: map what a Dutch neighbourhood has, not only what it lacks.\n\n"
        "CBS figures per gemeente, wijk and buurt, a register of what residents record (ABCD assets), "
        "and maps that put strengths next to the usual deficit figures. Start with: wijkassets demo"
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        out.print(f"wijkassets {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    debug: Annotated[
        bool,
        typer.Option("--debug", help="Show the full technical details (traceback) of an error."),
    ] = False,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang", help="Language of labels and maps: nl (Dutch, default) or en (English)."
        ),
    ] = None,
    offline: Annotated[
        bool,
        typer.Option(
            "--offline", help="Never use the internet: work from the cache and the embedded data."
        ),
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and stop."
        ),
    ] = False,
) -> None:
    """Global options, given before the command: wijkassets --lang en demo."""
    if lang:
        settings.language = lang
        settings.get_language()  # fail early on an unknown language
    if offline:
        settings.offline = True


@app.command()
def demo(
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Folder to write the maps and tables to.")
    ] = Path("maps"),
) -> None:
    """Run the main job on the embedded Den Haag data and the fictional example register, offline.

    Writes the strengths map, the strengths-next-to-deficits map, a printable walk and the profile table to the
    output folder (default: maps/) and prints their paths.
    """
    from wijkassets.demo import run_demo

    paths = run_demo(output)
    for path in paths:
        out.print(str(path))


def _register_subcommands() -> None:
    from wijkassets.analysis import cli as analysis_cli
    from wijkassets.areas import cli as areas_cli
    from wijkassets.areas import compare_cli
    from wijkassets.assets import cli as assets_cli
    from wijkassets.cbs import cli as cbs_cli
    from wijkassets.render import cli as render_cli
    from wijkassets.render import print_cli

    for module in (
        cbs_cli,
        areas_cli,
        compare_cli,
        assets_cli,
        analysis_cli,
        render_cli,
        print_cli,
    ):
        module.register(app)


_register_subcommands()


def _word(nl: str, en: str) -> str:
    """Return the Dutch or English word, by the language setting (Dutch when the setting itself is wrong)."""
    try:
        return en if settings.get_language() == "en" else nl
    except WijkassetsError:
        return nl


def _show_warning(
    message: Any, category: Any, filename: str, lineno: int, file: Any = None, line: Any = None
) -> None:
    err.print(f"[yellow]{_word('Let op', 'Note')}:[/yellow] {message}", markup=True)


def main(argv: Sequence[str] | None = None) -> None:
    """Run the command line; exit 2 with a short message on a user error."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    if not debug:
        warnings.showwarning = _show_warning
    code: Any = 0
    try:
        code = app(args=args, prog_name="wijkassets", standalone_mode=False)
    except typer.Exit as exc:
        code = exc.exit_code
    except typer.Abort:
        err.print("Afgebroken (aborted).")
        code = 1
    except typer.TyperException as exc:  # click's usage errors (typer vendors click)
        exc.show()  # type: ignore[attr-defined]
        code = getattr(exc, "exit_code", 2)
    except WijkassetsError as exc:
        if debug:
            raise
        err.print(f"{_word('Fout', 'Error')}: {exc}", markup=False)
        code = exc.exit_code
    except (FileNotFoundError, IsADirectoryError, PermissionError) as exc:
        if debug:
            raise
        err.print(
            f"{_word('Fout', 'Error')}: {exc.strerror or exc}: {exc.filename}. Check the path and try again.",
            markup=False,
        )
        code = 2
    except KeyboardInterrupt:
        err.print("Afgebroken (aborted).")
        code = 130
    except Exception as exc:
        if debug:
            raise
        err.print(
            f"Unexpected error ({type(exc).__name__}: {exc}). This is a bug in wijkassets: run the same command "
            "with --debug and report what it prints.",
            markup=False,
        )
        code = 1
    sys.exit(code if isinstance(code, int) else 0)
