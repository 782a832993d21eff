"""Import a file into a register: read, check every row, merge, save atomically; or check without writing.

:func:`read_assets` reads and checks a file and returns the assets it holds (nothing is written).
:func:`import_file` merges them into a register: new ids are added, known ids updated (the earlier values go to
the history), identical rows change nothing, so re-importing a file never duplicates. A file with any problem
raises one :class:`~wijkassets._errors.ValidationError` listing all of them, and the register stays
byte-identical.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from wijkassets.assets.readers import read_raw
from wijkassets.assets.register import (
    MergeSummary,
    Register,
    merge_assets,
    new_register,
    open_register,
    save_register,
)
from wijkassets.assets.validate import Checked, check_rows

if TYPE_CHECKING:
    from wijkassets.assets.geocode import Geocoded


@dataclass
class ImportReport:
    """What an import did: the register file, the changes, and the defaults and notes to tell the user."""

    register: Path
    summary: MergeSummary
    notes: list[str] = field(default_factory=list)
    created: bool = False
    saved: bool = False
    n_rows: int = 0

    def lines(self) -> list[str]:
        """Return the report as short lines for the terminal."""
        s = self.summary
        head = (
            f"{self.register}: {len(s.added)} added, {len(s.updated)} updated, "
            f"{len(s.unchanged)} unchanged"
            + (f", {s.links_added} link(s) added" if s.links_added else "")
        )
        out = [head]
        if self.created:
            out.append(f"new register created: {self.register}")
        if not self.saved:
            out.append("nothing changed; the register file was not rewritten")
        return out + self.notes


def read_assets(
    path: str | os.PathLike[str],
    *,
    register: Register | str | os.PathLike[str] | None = None,
    fmt: str | None = None,
    sep: str | None = None,
    layer: str | None = None,
    crs: str | None = None,
    bron: str | None = None,
    today: date | None = None,
    geocoder: Callable[[str], Geocoded | None] | None = None,
) -> Checked:
    """Read and check a file of assets (or links); return them without writing anything.

    Parameters
    ----------
    path
        CSV, Excel, GeoJSON (also uMap), GeoPackage or a KoboToolbox/ODK CSV export.
    register
        The register the file is meant for: its ids are known to links, its secret makes generated ids.
    fmt, sep, layer
        Force the reader, the CSV separator, the GeoPackage layer (see :func:`~wijkassets.assets.readers.read_raw`).
    crs
        The coordinates' reference system when the column names do not say it: ``EPSG:4326`` (degrees) or
        ``EPSG:28992`` (RD New).
    bron
        Value for ``bron`` where the file gives none (default: the kind of file, e.g. ``kobo``).
    today
        The import date (default: today).
    geocoder
        Address lookup (default: PDOK Locatieserver, cached).

    Raises
    ------
    ValidationError
        Listing every problem in the file, each with row, column, what was found and how to fix it.
    """
    reg = None
    if isinstance(register, Register):
        reg = register
    elif register is not None and Path(register).exists():
        reg = open_register(register)
    raw = read_raw(Path(path), fmt=fmt, sep=sep, layer=layer)
    return check_rows(
        raw,
        crs=crs,
        salt=reg.metadata.get("id_salt", "") if reg else "",
        today=today,
        bron=bron,
        known_ids=reg.asset_ids() if reg else None,
        geocoder=geocoder,
    )


def import_file(
    path: str | os.PathLike[str],
    register: str | os.PathLike[str],
    *,
    fmt: str | None = None,
    sep: str | None = None,
    layer: str | None = None,
    crs: str | None = None,
    bron: str | None = None,
    today: date | None = None,
    geocoder: Callable[[str], Geocoded | None] | None = None,
) -> ImportReport:
    """Add the assets (or links) in ``path`` to the register file ``register`` and save it atomically.

    A missing register is created. Nothing is written when the file has a problem or changes nothing.
    See :func:`read_assets` for the parameters.
    """
    target = Path(register)
    created = not target.exists()
    reg = new_register(None, naam=target.stem) if created else open_register(target)
    reg.path = target
    checked = read_assets(
        path,
        register=reg,
        fmt=fmt,
        sep=sep,
        layer=layer,
        crs=crs,
        bron=bron,
        today=today,
        geocoder=geocoder,
    )
    merged, summary = merge_assets(
        reg, checked.assets, given=checked.given, links=checked.links, bestand=Path(path).name
    )
    saved = False
    if summary.changed or created:
        save_register(merged, target)
        saved = True
    return ImportReport(
        target,
        summary,
        checked.notes,
        created=created,
        saved=saved,
        n_rows=len(checked.assets),
    )
