"""Writing files safely: atomic replace, and tables written with ``-o``.

Every write goes to a temporary file in the target's folder first and replaces the target only when complete
(``os.replace`` is atomic on POSIX and Windows). A crash, a kill or an error mid-way leaves the old file, or no
file, never half of one.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from wijkassets._errors import WijkassetsError

if TYPE_CHECKING:
    import pandas as pd

TABLE_SUFFIXES = (".csv", ".xlsx", ".parquet", ".gpkg")


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str], *, replace_register: bool = False) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; move it onto ``path`` only if the block succeeds.

    The folder is made when missing. A folder that cannot be made or written to, and an existing asset
    register at ``path`` (unless ``replace_register``, which only the register's own save passes), raise a
    :class:`WijkassetsError` that says what to do, before anything is written.

    Examples
    --------
    >>> with atomic_path("out.gpkg") as tmp:  # doctest: +SKIP
    ...     gdf.to_file(tmp)
    """
    target = Path(path)
    if target.is_dir():
        raise WijkassetsError(
            f"Cannot write {target}: that is a folder. Give a file name inside it, e.g. "
            f"{target / ('uitvoer' + (target.suffix or '.csv'))}."
        )
    if not replace_register and is_register_file(target):
        raise WijkassetsError(
            f"Cannot write {target}: it is an asset register, and writing there would replace it (and "
            "its links and history). Choose another file name."
        )
    ensure_folder(target.parent)
    try:
        fd, name = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=f".tmp{target.suffix}", dir=target.parent
        )
    except OSError as exc:
        raise WijkassetsError(
            f"Cannot write {target}: the folder {target.parent} does not accept new files "
            f"({exc.strerror or exc}). Choose a folder you can write to, e.g. in your Documents."
        ) from exc
    os.close(fd)
    tmp = Path(name)
    # Some writers (GDAL) refuse to write over an existing empty file.
    tmp.unlink()
    try:
        yield tmp
        if not tmp.exists():
            raise WijkassetsError(f"Nothing was written for {target}.")
        _fsync(tmp)
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def ensure_folder(folder: str | os.PathLike[str]) -> Path:
    """Make ``folder`` (and its parents) if missing; raise a user error when it cannot be a folder."""
    path = Path(folder)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError) as exc:
        blocker = next((p for p in (path, *path.parents) if p.exists() and not p.is_dir()), path)
        raise WijkassetsError(
            f"Cannot make the folder {path}: {blocker} is a file, not a folder. "
            "Choose another folder or file name."
        ) from exc
    except OSError as exc:
        raise WijkassetsError(
            f"Cannot make the folder {path} ({exc.strerror or exc}). "
            "Choose a folder you can write to, e.g. in your Documents."
        ) from exc
    return path


def is_register_file(path: str | os.PathLike[str]) -> bool:
    """Tell whether ``path`` is an existing asset register (a GeoPackage with assets and metadata tables)."""
    import sqlite3

    target = Path(path)
    if target.suffix.lower() != ".gpkg" or not target.is_file():
        return False
    try:
        uri = target.resolve().as_uri() + "?mode=ro"
        with contextlib.closing(sqlite3.connect(uri, uri=True)) as con:
            names = {str(row[0]) for row in con.execute("SELECT table_name FROM gpkg_contents")}
    except (sqlite3.Error, ValueError, OSError):
        return False
    return {"assets", "metadata"} <= names


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` atomically."""
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write UTF-8 ``text`` to ``path`` atomically."""
    atomic_write_bytes(path, text.encode("utf-8"))


def _fsync(path: Path) -> None:
    with contextlib.suppress(OSError), open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def check_output_path(
    path: str | os.PathLike[str], allowed: tuple[str, ...] = TABLE_SUFFIXES
) -> Path:
    """Check that ``path`` ends in a suffix we can write; raise a user error that lists them if not."""
    out = Path(path)
    if out.suffix.lower() not in allowed:
        raise WijkassetsError(
            f"Cannot write {out.name!r}: unknown file type {out.suffix or '(none)'!r}. "
            f"Use one of: {', '.join(allowed)}."
        )
    return out


def write_table(
    df: pd.DataFrame, path: str | os.PathLike[str], *, index: bool = True, sheet: str = "data"
) -> Path:
    """Write a table by the suffix of ``path``, atomically.

    ``.csv``: plain CSV (comma, dot decimal, UTF-8, header row). ``.xlsx``: an Excel workbook (numbers stay
    numbers, so Dutch Excel shows them with its own decimal comma; header frozen, columns widened).
    ``.parquet``: typed (GeoParquet when there is geometry). ``.gpkg``: GeoPackage, needs a geometry column.
    Nothing is written when anything fails.
    """
    import geopandas as gpd
    import pandas as pd

    out = check_output_path(path)
    suffix = out.suffix.lower()
    is_geo = isinstance(df, gpd.GeoDataFrame) and df.geometry.name in df.columns
    with atomic_path(out) as tmp:
        if suffix == ".csv":
            plain = pd.DataFrame(df.drop(columns=df.geometry.name)) if is_geo else df
            plain.to_csv(tmp, index=index, encoding="utf-8", lineterminator="\n")
        elif suffix == ".xlsx":
            plain = pd.DataFrame(df.drop(columns=df.geometry.name)) if is_geo else df
            _write_xlsx(plain, tmp, index=index, sheet=sheet)
        elif suffix == ".parquet":
            df.to_parquet(tmp, index=index)
        else:  # .gpkg
            if not is_geo:
                raise WijkassetsError(
                    f"Cannot write {out.name}: a GeoPackage needs geometry and this table has none. "
                    "Use .csv, .xlsx or .parquet."
                )
            geo = gpd.GeoDataFrame(df.reset_index() if index and df.index.name else df)
            geo.to_file(tmp, driver="GPKG", layer=out.stem)
    return out


def _write_xlsx(df: pd.DataFrame, path: Path, *, index: bool, sheet: str) -> None:
    import pandas as pd

    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        df.to_excel(writer, sheet_name=sheet[:31], index=index, freeze_panes=(1, 1 if index else 0))
        ws = writer.sheets[sheet[:31]]
        for column in ws.columns:
            cells = [c for c in column if c.value is not None]
            width = max((len(str(c.value)) for c in cells), default=8)
            ws.column_dimensions[column[0].column_letter].width = min(max(width + 2, 8), 60)


_SIGNATURES = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"%PDF", "a PDF document"),
    (b"GIF8", "a GIF image"),
    (b"SQLite format 3\x00", "a SQLite database (a GeoPackage without the expected content?)"),
    (b"PK\x03\x04", "a zip archive (an Excel workbook, a Word document or a .zip)"),
    (b"\xd0\xcf\x11\xe0", "an old Office file (.xls or .doc)"),
)


def describe_file(path: str | os.PathLike[str]) -> str:
    """Say in plain words what ``path`` really is, for an error message about a file that could not be read.

    Examples
    --------
    >>> describe_file("foto.gpkg")  # doctest: +SKIP
    'it is a PNG image'
    """
    target = Path(path)
    if not target.exists():
        return "the file does not exist"
    if target.is_dir():
        inside = sorted(
            p.name
            for p in target.iterdir()
            if p.suffix.lower()
            in (".gpkg", ".shp", ".geojson", ".json", ".topojson", ".csv", ".xlsx")
        )
        if inside:
            return f"it is a folder; give one file in it, e.g. {target / inside[0]}"
        return "it is a folder, not a file"
    try:
        with open(target, "rb") as fh:
            head = fh.read(512)
    except OSError as exc:
        return f"it cannot be opened ({exc.strerror or exc})"
    if not head:
        return "the file is empty (0 bytes)"
    for magic, what in _SIGNATURES:
        if head.startswith(magic):
            return f"it is {what}"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text[:1] in (b"{", b"["):
        return "it is a JSON text file of another kind"
    if b"\x00" not in head:
        return "it is a plain text file (CSV or similar)"
    return "its content is of an unknown kind"
