"""Areas: boundaries of gemeenten, wijken and buurten, their names, named sets, and crosswalks between years.

Public functions (imported lazily, so ``import wijkassets.areas`` stays quick):

- :func:`load_boundaries`, :func:`read_boundaries` (module :mod:`~wijkassets.areas.boundaries`);
  :func:`embedded_maps`, :func:`read_embedded` for the maps shipped with wijkassets
- :func:`attach` (module :mod:`~wijkassets.areas.join`)
- :func:`find` (module :mod:`~wijkassets.areas.names`)
- :func:`get_set`, :func:`list_sets`, :func:`read_set`, :func:`register_set`, :func:`register_derived`
  (module :mod:`~wijkassets.areas.sets`)
- :func:`interpolate` (module :mod:`~wijkassets.areas.crosswalk`, with ``crosswalk.crosswalk``); ``compare`` is
  ``wijkassets.compare`` (the function and its module share a name, so it is not re-exported here)
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "load_boundaries": "boundaries",
    "read_boundaries": "boundaries",
    "normalise_gemeente": "boundaries",
    "embedded_maps": "_embedded",
    "read_embedded": "_embedded",
    "attach": "join",
    "find": "names",
    "AreaSet": "sets",
    "get_set": "sets",
    "list_sets": "sets",
    "read_set": "sets",
    "register_set": "sets",
    "register_derived": "sets",
    "interpolate": "crosswalk",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'wijkassets.areas' has no attribute {name!r}")
    return getattr(import_module(f"wijkassets.areas.{module}"), name)


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
