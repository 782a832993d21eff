"""Commands of ``render.print_cli``, added to the root ``wijkassets`` command by :func:`register`."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add these commands to the root command."""
