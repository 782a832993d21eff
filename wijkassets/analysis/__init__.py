"""Analysis: join assets to areas, strength and deficit indicators, profiles, walk routes.

- :func:`join_assets`: the area code of every asset (points by containment, a documented border rule, polygons by
  representative point or share of area, assets outside every area reported);
- :mod:`~wijkassets.analysis.strengths`: strength indicators, pure functions returning Series per area;
- :mod:`~wijkassets.analysis.deficits`: CBS deficit figures made comparable (rates per 1,000, shares);
- :func:`profile`: strengths next to deficits per area, with percentiles within the gemeente and sources;
- :func:`plan_walk`: a walking route past chosen assets.
"""

from __future__ import annotations

from typing import Any

__all__ = ["describe_profile", "join_assets", "locate_points", "plan_walk", "profile"]

_WHERE = {
    "join_assets": "wijkassets.analysis.join",
    "locate_points": "wijkassets.analysis.join",
    "profile": "wijkassets.analysis.profiles",
    "describe_profile": "wijkassets.analysis.profiles",
    "plan_walk": "wijkassets.analysis.walk",
}


def __getattr__(name: str) -> Any:
    # Load on first use, so `import wijkassets.analysis` (and the CLI) stays quick.
    if name in _WHERE:
        import importlib

        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'wijkassets.analysis' has no attribute {name!r}")
