"""wijkassets: map what Dutch neighbourhoods have, not only what they lack.

The data flow, one subpackage per step:

``cbs``  CBS Kerncijfers wijken en buurten -> ``areas`` boundaries, names, sets, crosswalks ->
``assets`` the ABCD register -> ``analysis`` join and indicators -> ``render`` maps and charts.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "compare"]


def __getattr__(name: str) -> object:
    # Heavy parts load on first use, so `import wijkassets` and the CLI stay quick.
    if name == "compare":
        from wijkassets.areas.compare import compare

        return compare
    raise AttributeError(f"module 'wijkassets' has no attribute {name!r}")
