"""The register file: a GeoPackage with the layers ``assets``, ``links``, ``history`` and ``metadata``.

The register belongs to the neighbourhood and holds personal data (the AVG applies), so it is kept safe:

- every save writes a new file beside the register and moves it into place only when it is complete
  (:func:`wijkassets._io.atomic_path`, ``os.replace``): a crash or a kill during a save leaves the old
  register, never half of one;
- the new file is compacted (SQLite ``VACUUM``) before the move, so no text of a removed asset lingers in
  free pages of the file;
- an edit keeps the earlier value in the ``history`` layer with the time of the change; :func:`remove_assets`
  (the AVG's right to erasure) purges an asset, its history and its links.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import sqlite3
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wijkassets._errors import WijkassetsError
from wijkassets.assets import schema

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

FORMAT = "wijkassets-register"
FORMAT_VERSION = "1"
LAYERS = ("assets", "links", "history", "metadata")


def _now() -> str:
    return datetime.now(UTC).astimezone().isoformat(timespec="seconds")


@dataclass
class Register:
    """An ABCD asset register in memory.

    Attributes
    ----------
    path
        The GeoPackage it was read from (or will be saved to).
    assets
        GeoDataFrame in EPSG:28992 with the columns of :data:`wijkassets.assets.schema.COLUMNS`.
    links
        DataFrame ``van, naar, soort, notitie``.
    history
        DataFrame ``id, actie, veld, oude_waarde, nieuwe_waarde, gewijzigd_op, bestand``.
    metadata
        Key/value text: ``naam``, ``beschrijving``, ``fictief`` ("ja"/"nee"), ``aangemaakt_op``,
        ``bijgewerkt_op``, ...
    """

    path: Path | None
    assets: gpd.GeoDataFrame
    links: pd.DataFrame
    history: pd.DataFrame
    metadata: dict[str, str] = field(default_factory=dict)
    loaded: tuple[int, int] | None = field(default=None, repr=False, compare=False)
    """(modification time in ns, size) of the file when it was read: a save refuses to overwrite changes
    someone else saved in between."""

    @property
    def updated(self) -> date | None:
        """Return the date of the last change (from the metadata), or None for a register never saved."""
        stamp = self.metadata.get("bijgewerkt_op") or self.metadata.get("aangemaakt_op")
        if not stamp:
            return None
        return datetime.fromisoformat(stamp).date()

    @property
    def name(self) -> str:
        """Return the register's name (its metadata ``naam``, else the file name)."""
        return self.metadata.get("naam") or (self.path.stem if self.path else "register")

    @property
    def fictional(self) -> bool:
        """Return True when the register is labelled fictional (example data)."""
        return self.metadata.get("fictief", "nee") == "ja"

    @property
    def source(self) -> str:
        """Return the line that says where figures from this register come from."""
        when = self.updated.isoformat() if self.updated else "nooit opgeslagen"
        label = " (FICTIEF voorbeeld)" if self.fictional and "FICTIEF" not in self.name else ""
        return f"ABCD-register {self.name}{label}, bijgewerkt {when}"

    def copy(self) -> Register:
        """Return a deep copy."""
        return Register(
            self.path,
            self.assets.copy(),
            self.links.copy(),
            self.history.copy(),
            dict(self.metadata),
            self.loaded,
        )

    def asset_ids(self) -> set[str]:
        """Return the ids of the assets in the register."""
        return set(self.assets["id"].dropna().astype(str))

    def __repr__(self) -> str:
        return (
            f"<Register {self.name!r}: {len(self.assets)} assets, {len(self.links)} links, "
            f"updated {self.updated}>"
        )


def new_register(
    path: str | os.PathLike[str] | None = None,
    *,
    naam: str | None = None,
    beschrijving: str = "",
    fictief: bool = False,
    overwrite: bool = False,
) -> Register:
    """Create an empty register; save it when ``path`` is given.

    Raises
    ------
    WijkassetsError
        When ``path`` exists and ``overwrite`` is False.
    """
    target = Path(path) if path is not None else None
    if target is not None and target.exists() and not overwrite:
        raise WijkassetsError(
            f"{target} already exists. Choose another file name, or use this register with --register."
        )
    now = _now()
    reg = Register(
        target,
        schema.empty_assets(),
        schema.empty_links(),
        schema.empty_history(),
        {
            "formaat": FORMAT,
            "versie": FORMAT_VERSION,
            "naam": naam or (target.stem if target else "register"),
            "beschrijving": beschrijving,
            "fictief": "ja" if fictief else "nee",
            "aangemaakt_op": now,
            "bijgewerkt_op": now,
            "id_salt": secrets.token_hex(8),
            "schema": "wijkassets.assets.schema",
        },
    )
    if target is not None:
        save_register(reg, target)
    return reg


def is_register(path: str | os.PathLike[str]) -> bool:
    """Return True when ``path`` is a GeoPackage written as a wijkassets register."""
    import pyogrio

    try:
        layers = {str(name) for name, _ in pyogrio.list_layers(path)}
    except Exception:
        return False
    return {"assets", "metadata"} <= layers


def open_register(path: str | os.PathLike[str]) -> Register:
    """Read a register (GeoPackage) into memory.

    Parameters
    ----------
    path
        The register file, e.g. ``buurt.gpkg``. Start one with ``wijkassets assets new buurt.gpkg``.

    Raises
    ------
    WijkassetsError
        When the file is missing or is not a wijkassets register.
    """
    import geopandas as gpd
    import pandas as pd
    import pyogrio

    src = Path(path)
    if src.is_dir():
        from wijkassets._io import describe_file

        raise WijkassetsError(
            f"Register {src}: {describe_file(src)}. A register is one file ending in .gpkg, e.g. "
            f"{src / 'buurt.gpkg'}."
        )
    if not src.is_file():
        raise WijkassetsError(
            f"Register {src} does not exist. Start one with: wijkassets assets new {src}"
        )
    if not is_register(src):
        raise WijkassetsError(
            f"{src} is not a wijkassets register (a GeoPackage with the layers {', '.join(LAYERS)}). "
            f"To add its contents to a register, use: wijkassets assets import {src} --register REGISTER.gpkg"
        )
    assets = pyogrio.read_dataframe(src, layer="assets")
    if not isinstance(
        assets, gpd.GeoDataFrame
    ):  # pragma: no cover - a register's assets have geometry
        raise WijkassetsError(f"{src}: the assets layer has no geometry; the register is damaged.")
    if assets.crs is None:
        assets = assets.set_crs(schema.CRS)
    layers = {str(name) for name, _ in pyogrio.list_layers(src)}
    links = (
        pd.DataFrame(pyogrio.read_dataframe(src, layer="links"))
        if "links" in layers
        else schema.empty_links()
    )
    history = (
        pd.DataFrame(pyogrio.read_dataframe(src, layer="history"))
        if "history" in layers
        else schema.empty_history()
    )
    meta_df = pyogrio.read_dataframe(src, layer="metadata")
    metadata = {
        str(k): ("" if v is None or v is pd.NA else str(v))
        for k, v in zip(meta_df["key"], meta_df["value"], strict=True)
    }
    return Register(
        src,
        schema.conform_assets(assets),
        schema.conform_links(links),
        _conform_history(history),
        metadata,
        _stamp(src),
    )


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size)


def _conform_history(history: pd.DataFrame) -> pd.DataFrame:
    import pandas as pd

    out = {}
    for col in schema.HISTORY_COLUMNS:
        series = (
            history[col]
            if col in history.columns
            else pd.Series([pd.NA] * len(history), dtype="object")
        )
        out[col] = schema.text_series(series)
    return pd.DataFrame(out).reset_index(drop=True)


def save_register(register: Register, path: str | os.PathLike[str] | None = None) -> Path:
    """Write the register atomically to ``path`` (default: ``register.path``) and return the path.

    The file is written beside the target, compacted with ``VACUUM`` and moved into place with
    ``os.replace``; a crash or kill at any moment leaves either the old or the new register.
    """
    import pandas as pd
    import pyogrio

    target = Path(path) if path is not None else register.path
    if target is None:
        raise WijkassetsError("Say where to save the register (a .gpkg file).")
    if target.suffix.lower() != ".gpkg":
        raise WijkassetsError(
            f"A register is a GeoPackage: give it a name ending in .gpkg, not {target.name!r}."
        )
    if (
        register.loaded is not None
        and register.path is not None
        and register.path.resolve() == target.resolve()
        and _stamp(target) != register.loaded
    ):
        raise WijkassetsError(
            f"{target} was changed by someone else since it was read; nothing was saved. "
            "Run the command again (it reads the new version)."
        )
    register.metadata.setdefault("formaat", FORMAT)
    register.metadata.setdefault("versie", FORMAT_VERSION)
    register.metadata.setdefault("id_salt", secrets.token_hex(8))
    register.metadata["bijgewerkt_op"] = _now()
    assets = schema.conform_assets(register.assets)
    links = schema.conform_links(register.links)
    history = _conform_history(register.history)
    meta = pd.DataFrame(
        {
            "key": pd.Series(list(register.metadata), dtype="str"),
            "value": pd.Series(list(register.metadata.values()), dtype="str"),
        }
    )
    # SQLite's own syncing is switched off while the temporary file is written: atomic_path fsyncs the
    # finished file before it replaces the register, and a crash before that only loses the temporary file.
    # This makes a save about four times faster.
    previous = pyogrio.get_gdal_config_option("OGR_SQLITE_SYNCHRONOUS")
    pyogrio.set_gdal_config_options({"OGR_SQLITE_SYNCHRONOUS": "OFF"})
    try:
        _write_layers(target, assets, links, history, meta)
    finally:
        pyogrio.set_gdal_config_options({"OGR_SQLITE_SYNCHRONOUS": previous or None})
    register.path = target
    register.loaded = _stamp(target)
    register.assets = assets
    register.links = links
    register.history = history
    _remove_stale_temporaries(target)
    return target


def _write_layers(
    target: Path,
    assets: gpd.GeoDataFrame,
    links: pd.DataFrame,
    history: pd.DataFrame,
    meta: pd.DataFrame,
) -> None:
    import pyogrio

    from wijkassets._io import atomic_path

    with atomic_path(target, replace_register=True) as tmp:
        pyogrio.write_dataframe(
            assets,
            tmp,
            layer="assets",
            driver="GPKG",
            geometry_type="Unknown",
            promote_to_multi=False,
        )
        for name, table in (("links", links), ("history", history), ("metadata", meta)):
            pyogrio.write_dataframe(table, tmp, layer=name, driver="GPKG")
        _vacuum(tmp)


def _vacuum(path: Path) -> None:
    """Rebuild the SQLite file so no deleted text remains in free pages."""
    con = sqlite3.connect(path)
    try:
        con.execute(
            "PRAGMA synchronous = OFF"
        )  # the whole file is fsynced before it is moved into place
        con.execute("VACUUM")
    finally:
        con.close()


def _remove_stale_temporaries(target: Path, *, older_than: float = 60.0) -> None:
    """Remove temporary files a killed save left beside the register (they may hold personal data)."""
    now = time.time()
    for stale in target.parent.glob(f".{target.name}.*.tmp{target.suffix}*"):
        with contextlib.suppress(OSError):
            if now - stale.stat().st_mtime > older_than:
                stale.unlink()


def generated_id(naam: str, categorie: str, geometry: Any, *, salt: str = "") -> str:
    """Return a stable id for an asset from its name, category and place (rounded to 1 m).

    The register's secret ``salt`` makes the id impossible to turn back into the place (which matters for
    individuals, who are never shown at their own location).
    """
    import shapely

    geom = shapely.set_precision(geometry, 1.0) if geometry is not None else None
    wkt = geom.wkt if geom is not None else ""
    text = "\x1f".join([salt, naam.strip().casefold(), categorie, wkt])
    return "a-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


@dataclass
class MergeSummary:
    """What an import changed: ids added, updated (with the fields), unchanged, links added."""

    added: list[str] = field(default_factory=list)
    updated: dict[str, list[str]] = field(default_factory=dict)
    unchanged: list[str] = field(default_factory=list)
    links_added: int = 0

    @property
    def changed(self) -> bool:
        """Return True when anything changed."""
        return bool(self.added or self.updated or self.links_added)


def _text(value: Any) -> str | None:
    import pandas as pd

    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and value != value:
        return None
    if hasattr(value, "wkt"):
        return str(value.wkt)
    text = str(value)
    return text if text != "" else None


def merge_assets(
    register: Register,
    incoming: gpd.GeoDataFrame,
    *,
    given: dict[str, set[str]] | None = None,
    links: pd.DataFrame | None = None,
    bestand: str = "",
) -> tuple[Register, MergeSummary]:
    """Return a copy of ``register`` with ``incoming`` assets and links merged in.

    An asset with a new id is added. For an id already in the register, each column the file *gave*
    (``given[id]``; all columns when ``given`` is None) replaces the stored value, and the stored value goes to
    the history with the time of the change. Defaults the import filled in never overwrite stored values.
    A link is added once (same ``van``, ``naar`` and ``soort``).
    """
    import geopandas as gpd
    import pandas as pd

    reg = register.copy()
    summary = MergeSummary()
    now = _now()
    incoming = schema.conform_assets(incoming)
    assets = reg.assets.set_index("id", drop=False)
    history_rows: list[dict[str, Any]] = []
    new_rows = []
    editable = [c for c in schema.COLUMNS if c != "id"]
    for _, row in incoming.iterrows():
        aid = str(row["id"])
        if aid not in assets.index:
            new_rows.append(row)
            summary.added.append(aid)
            history_rows.append(
                {"id": aid, "actie": "toegevoegd", "gewijzigd_op": now, "bestand": bestand}
            )
            continue
        cols = given.get(aid, set(editable)) if given is not None else set(editable)
        changed = []
        for col in editable:
            if col not in cols:
                continue
            old, new = assets.at[aid, col], row[col]
            if col == "geometry":
                same = old is not None and new is not None and old.equals_exact(new, 0.01)
            elif col == "toestemming":
                same = bool(old) == bool(new)
            else:
                same = _text(old) == _text(new)
            if same:
                continue
            history_rows.append(
                {
                    "id": aid,
                    "actie": "gewijzigd",
                    "veld": col,
                    "oude_waarde": _text(old) if col != "toestemming" else str(bool(old)),
                    "nieuwe_waarde": _text(new) if col != "toestemming" else str(bool(new)),
                    "gewijzigd_op": now,
                    "bestand": bestand,
                }
            )
            assets.at[aid, col] = new
            changed.append(col)
        if changed:
            summary.updated[aid] = changed
        else:
            summary.unchanged.append(aid)
    merged = assets.reset_index(drop=True)
    if new_rows:
        added = gpd.GeoDataFrame(new_rows, geometry="geometry", crs=schema.CRS)
        merged = pd.concat([merged, added], ignore_index=True)
    reg.assets = schema.conform_assets(
        gpd.GeoDataFrame(merged, geometry="geometry", crs=schema.CRS)
    )
    if links is not None and len(links):
        links = schema.conform_links(links)
        existing = {
            (r.van, r.naar, _text(r.soort) or "") for r in reg.links.itertuples(index=False)
        }
        fresh = []
        for rec in links.to_dict("records"):
            key = (rec["van"], rec["naar"], _text(rec["soort"]) or "")
            if key not in existing:
                existing.add(key)
                fresh.append(rec)
        if fresh:
            reg.links = schema.conform_links(
                pd.concat([reg.links, pd.DataFrame(fresh)], ignore_index=True)
            )
            summary.links_added = len(fresh)
    if history_rows:
        reg.history = _conform_history(
            pd.concat([reg.history, pd.DataFrame(history_rows)], ignore_index=True)
        )
    return reg, summary


def remove_assets(register: Register, ids: list[str] | set[str]) -> Register:
    """Return a copy of ``register`` without the assets ``ids``, their history and their links.

    This is the AVG's right to erasure: nothing of the asset stays, except one history line that says an asset
    was removed on this date (without its id or any of its text).

    Raises
    ------
    WijkassetsError
        When an id is not in the register (naming the ids that are close).
    """
    import pandas as pd

    wanted = {str(i) for i in ids}
    missing = sorted(wanted - register.asset_ids())
    if missing:
        from rapidfuzz import process

        known = sorted(register.asset_ids())
        hints = []
        for m in missing:
            near = process.extract(m, known, limit=3, score_cutoff=60)
            hints.append(
                f"{m!r}" + (f" (did you mean {', '.join(n[0] for n in near)}?)" if near else "")
            )
        raise WijkassetsError(
            f"Not in register {register.name}: {'; '.join(hints)}. "
            "List the ids with: wijkassets assets list --register REGISTER.gpkg"
        )
    reg = register.copy()
    reg.assets = reg.assets[~reg.assets["id"].isin(wanted)].reset_index(drop=True)
    reg.links = reg.links[
        ~(reg.links["van"].isin(wanted) | reg.links["naar"].isin(wanted))
    ].reset_index(drop=True)
    kept = reg.history[~reg.history["id"].isin(wanted)]
    stamp = pd.DataFrame(
        [
            {
                "id": pd.NA,
                "actie": "verwijderd",
                "veld": pd.NA,
                "oude_waarde": pd.NA,
                "nieuwe_waarde": f"{len(wanted)} asset(s) verwijderd op verzoek (AVG)",
                "gewijzigd_op": _now(),
                "bestand": pd.NA,
            }
        ]
    )
    reg.history = _conform_history(pd.concat([kept, stamp], ignore_index=True))
    return reg
