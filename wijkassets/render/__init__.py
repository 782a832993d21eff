"""Render: interactive maps (folium), print maps (matplotlib) and charts over time.

Public functions (imported lazily, so ``import wijkassets.render`` stays quick):

- :func:`strengths_map`, :func:`side_by_side_map`, :func:`save_map`, :func:`to_html`
  (module :mod:`~wijkassets.render.web`): web maps that work without internet;
- :func:`walk_map`, :func:`two_panel_figure` (module :mod:`~wijkassets.render.print_map`): print maps;
- :func:`show_map` (module :mod:`~wijkassets.render.notebook`): a web map inside a notebook, offline;
- :mod:`~wijkassets.render.style`: one colour, symbol and label per ABCD category, and the choropleth palettes.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "strengths_map": "web",
    "side_by_side_map": "web",
    "save_map": "web",
    "to_html": "web",
    "walk_map": "print_map",
    "two_panel_figure": "print_map",
    "show_map": "notebook",
}

__all__ = sorted([*_EXPORTS, "style"])


def __getattr__(name: str) -> Any:
    if name == "style":
        return import_module("wijkassets.render.style")
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'wijkassets.render' has no attribute {name!r}")
    return getattr(import_module(f"wijkassets.render.{module}"), name)


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
