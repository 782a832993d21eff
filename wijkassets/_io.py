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
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; move it onto ``path`` only if the block succeeds.

    Examples
    --------
    >>> with atomic_path("out.gpkg") as tmp:  # doctest: +SKIP
    ...     gdf.to_file(tmp)
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=f".tmp{target.suffix}", dir=target.parent
    )
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
