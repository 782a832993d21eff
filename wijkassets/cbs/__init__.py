"""CBS statistics: Kerncijfers wijken en buurten per year, harmonised to stable indicator names.

- :func:`load_kwb` (cache, embedded Den Haag default, or CBS through ``cbsodata``), :func:`read_kwb` (files on
  disk: StatLine CSV, cbsodata/OData JSON, Wijk- en buurtkaart attributes);
- :func:`catalogue`: the indicator catalogue (one data file, built from the tables' DataProperties);
- :func:`to_long`: the long form (code, year, indicator, value, source);
- :func:`tables_frame`, :func:`table_id`: the registry of KWB table ids per year.

Bron: CBS. Every table carries its source in ``df.attrs["source"]``.
"""

from __future__ import annotations

from wijkassets.cbs.harmonise import to_long
from wijkassets.cbs.indicators import catalogue
from wijkassets.cbs.load import load_kwb
from wijkassets.cbs.readers import read_kwb
from wijkassets.cbs.tables import table_id, tables_frame

__all__ = ["catalogue", "load_kwb", "read_kwb", "table_id", "tables_frame", "to_long"]
