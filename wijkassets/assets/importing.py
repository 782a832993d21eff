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
    categorie: str | None = None,
    columns: dict[str, str] | None = None,
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
    categorie
        Category for rows that give none, e.g. ``"fysieke plek"`` for a layer of playgrounds from BGT.
    columns
        File column per register column where the names differ, e.g. ``{"naam": "VESTIGINGSNAAM"}``.

    Raises
    ------
    ValidationError
        Listing every problem in the file, each with row, column, what was found and how to fix it.
    """
    reg = None
    if isinstance(register, Register):
        reg = register
    elif register is not None:
        # a register named but missing is a typo to report, not a check to skip silently
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
        categorie=categorie,
        columns=columns,
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
    categorie: str | None = None,
    columns: dict[str, str] | None = None,
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
        categorie=categorie,
        columns=columns,
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


def edit_asset(
    register: Register, asset_id: str, **changes: str | None
) -> tuple[Register, list[str]]:
    """Return a copy of ``register`` with fields of one asset changed, and the names of the fields changed.

    ``changes`` maps column names (``naam``, ``categorie``, ``tags``, ``beschrijving``, ``vastgelegd_door``,
    ``bron``, ``laatst_gezien``, ``beeindigd``, ``privacy``, ``toestemming``) to typed text; ``None`` leaves a
    field alone, ``""`` empties it. Values are checked like an import; the old values go to the history.

    Raises
    ------
    ValidationError
        Listing every value that is not allowed.
    WijkassetsError
        When the id is not in the register.
    """
    from wijkassets._errors import ValidationError, WijkassetsError
    from wijkassets.assets import schema
    from wijkassets.assets.validate import _parse_date, _split_tags

    rows = register.assets[register.assets["id"] == asset_id]
    if rows.empty:
        raise WijkassetsError(
            f"No asset {asset_id!r} in register {register.name}. List the ids with: "
            "wijkassets assets list --register REGISTER.gpkg"
        )
    row = rows.iloc[[0]].copy()
    problems: list[str] = []
    given: set[str] = set()
    for col, text in changes.items():
        if text is None:
            continue
        if col not in schema.COLUMNS or col in ("id", "geometry"):
            problems.append(f"{col}: not a field that can be edited")
            continue
        value: object = text.strip() or None
        if col == "categorie":
            value = schema.normalise_category(text)
            if value is None:
                problems.append(
                    f"categorie: found {text!r}: use one of: {schema.allowed_categories_text()}"
                )
        elif col == "privacy":
            value = schema.normalise_privacy(text)
            if value is None:
                problems.append(f"privacy: found {text!r}: use openbaar, buurt or prive")
        elif col == "toestemming":
            value = schema.parse_bool(text)
            if value is None:
                problems.append(f"toestemming: found {text!r}: write ja or nee")
        elif col in schema.DATE_COLUMNS and text.strip():
            value = _parse_date(text)
            if not value:
                problems.append(f"{col}: found {text!r}: write a date as 2024-05-17")
        elif col == "tags":
            value = _split_tags(text, "csv")
        elif col == "naam" and not value:
            problems.append("naam: an asset needs a name")
        row[col] = value
        given.add(col)
    if problems:
        raise ValidationError(problems, source=f"asset {asset_id}")
    merged, summary = merge_assets(register, row, given={asset_id: given}, bestand="(edit)")
    return merged, summary.updated.get(asset_id, [])
