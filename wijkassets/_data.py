"""Find the embedded default data.

In a source checkout the data lives in the top-level ``data/`` folder; an installed wheel carries the same files
as ``wijkassets/_data/``.
"""

from __future__ import annotations

from pathlib import Path

from wijkassets._errors import WijkassetsError

_HERE = Path(__file__).resolve().parent


def data_dir() -> Path:
    """Return the folder with the embedded default data."""
    for candidate in (_HERE / "_data", _HERE.parent / "data"):
        if (candidate / "SOURCES.md").is_file():
            return candidate
    raise WijkassetsError(
        "The embedded data folder is missing. Reinstall wijkassets (pip install --force-reinstall wijkassets) "
        "or run from a full clone of the repository."
    )


def data_path(*parts: str) -> Path:
    """Return the path of one embedded data file, checking that it exists."""
    path = data_dir().joinpath(*parts)
    if not path.exists():
        raise WijkassetsError(f"Embedded data file {'/'.join(parts)} is missing from {data_dir()}.")
    return path
