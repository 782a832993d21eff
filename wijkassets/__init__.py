"""wijkassets: map what Dutch neighbourhoods have, not only what they lack.

The data flow, one subpackage per step:

``cbs``  CBS Kerncijfers wijken en buurten -> ``areas`` boundaries, names, sets, crosswalks ->
``assets`` the ABCD register -> ``analysis`` join and indicators -> ``render`` maps and charts.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
