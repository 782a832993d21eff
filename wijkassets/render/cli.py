"""Commands of the ``render`` step, added to the root ``wijkassets`` command by :func:`register`."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this step's commands to the root command."""
