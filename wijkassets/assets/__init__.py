"""The ABCD asset register: schema, import, validation, privacy, export.

What residents record (people's gifts, associations and networks, institutions, places, local economy and
exchange, culture and stories) is kept in a register file that belongs to the neighbourhood: a GeoPackage with
the layers ``assets``, ``links``, ``history`` and ``metadata`` (see :mod:`wijkassets.assets.schema` for the
columns). It holds personal data, so:

- :func:`public_view` returns exactly what may be published (the same rule for exports and maps);
- saves are atomic, edits keep history, :func:`remove_assets` erases an asset, its history and its links.

Main entry points: :func:`open_register`, :func:`new_register`, :func:`import_file`, :func:`read_assets`,
:func:`public_view`, :func:`example_register_path`.
"""

from __future__ import annotations

from typing import Any

from wijkassets.assets.example import example_register_path
from wijkassets.assets.privacy import public_view
from wijkassets.assets.register import (
    Register,
    merge_assets,
    new_register,
    open_register,
    remove_assets,
    save_register,
)
from wijkassets.assets.schema import CATEGORIES, category_key

__all__ = [
    "CATEGORIES",
    "Register",
    "category_key",
    "example_register_path",
    "import_file",
    "merge_assets",
    "new_register",
    "open_register",
    "public_view",
    "read_assets",
    "remove_assets",
    "save_register",
]


def __getattr__(name: str) -> Any:
    # The importers pull in pandas/pyogrio; load them on first use.
    if name in ("import_file", "read_assets"):
        from wijkassets.assets import importing

        return getattr(importing, name)
    raise AttributeError(f"module 'wijkassets.assets' has no attribute {name!r}")
