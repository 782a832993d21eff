"""Read a file residents or community builders made into rows of text, one reader per format.

Formats: CSV (``;``, ``,`` or tab; UTF-8 or Windows-1252, as Excel writes them), Excel (``.xlsx``), GeoJSON
(also uMap's exports), GeoPackage (a layer, or a whole wijkassets register), and KoboToolbox/ODK CSV exports
(recognised by their form metadata columns). A reader only reads: it keeps every value as text and leaves the
checking to :mod:`wijkassets.assets.validate`. Problems that stop a file from being read at all (empty, not a
table, one column only, a header without rows) raise :class:`~wijkassets._errors.ValidationError` at once.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wijkassets._errors import ValidationError
from wijkassets.assets import schema

if TYPE_CHECKING:
    import pandas as pd

FORMATS = ("csv", "xlsx", "geojson", "umap", "gpkg", "kobo", "odk")
_MAGIC = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG photo",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a zipped file (an Excel .xlsx or Word .docx file?)",
    b"\xd0\xcf\x11\xe0": "an old Office file (.xls or .doc)",
    b"SQLite format 3": "a SQLite/GeoPackage file",
}
_KOBO_MARKERS = {
    "_uuid",
    "_submission_time",
    "_id",
    "_validation_status",
    "formhub/uuid",
    "__version__",
}
_ODK_MARKERS = {"submissiondate", "meta-instanceid", "key", "reviewstate", "submitterid"}


@dataclass
class RawTable:
    """What a reader found: text rows, optional geometries, and how to name each row in a message."""

    kind: str
    rows: pd.DataFrame
    labels: list[str]
    geometries: list[Any] | None = None
    crs: str | None = None
    links: pd.DataFrame | None = None
    notes: list[str] = field(default_factory=list)
    source: str = ""
    suspicious: list[str] = field(default_factory=list)


def _refuse(path: Path, problem: str, hint: str | None = None) -> ValidationError:
    return ValidationError([problem], source=path.name, hint=hint)


def detect_format(path: Path, data: bytes) -> str:
    """Return the reader to use for ``path``: by its suffix, then by its first bytes."""
    suffix = path.suffix.lower()
    if suffix in (".geojson", ".json", ".umap"):
        return "geojson"
    if suffix in (".gpkg",):
        return "gpkg"
    if suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    head = data.lstrip()[:1]
    if head in (b"{", b"["):
        return "geojson"
    if data.startswith(b"SQLite format 3"):
        return "gpkg"
    return "csv"


def read_raw(
    path: str | Path,
    *,
    fmt: str | None = None,
    sep: str | None = None,
    layer: str | None = None,
) -> RawTable:
    """Read ``path`` into a :class:`RawTable` (every value as text).

    Parameters
    ----------
    path
        The file to read.
    fmt
        Force a reader: ``csv``, ``xlsx``, ``geojson``, ``umap``, ``gpkg``, ``kobo`` or ``odk``
        (default: by suffix and content).
    sep
        CSV column separator (default: the one of ``;``, ``,`` or tab that the header uses).
    layer
        GeoPackage layer (default: the only one, or the register's assets).
    """
    src = Path(path)
    if not src.exists():
        raise _refuse(src, f"the file {src} does not exist", "Check the path and the file name.")
    if src.is_dir():
        raise _refuse(src, f"{src} is a folder, not a file", "Give the file inside it.")
    data = src.read_bytes()
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise _refuse(
            src,
            "the file is empty (0 rows, no header)",
            "Export the table again, or start from the template: wijkassets assets template -o assets.csv",
        )
    kind = fmt or detect_format(src, data)
    if kind not in FORMATS:
        raise _refuse(src, f"unknown format {kind!r}", f"Use one of: {', '.join(FORMATS)}.")
    if kind in ("geojson", "umap"):
        return _read_geojson(src, data)
    if kind == "gpkg":
        return _read_gpkg(src, layer=layer)
    if kind == "xlsx":
        return _read_xlsx(src, data)
    return _read_csv(src, data, sep=sep, kind=None if kind == "csv" else kind)


def _not_a_table(src: Path, data: bytes) -> None:
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            hint = (
                "Rename it to .xlsx, or save it as CSV."
                if magic == b"PK\x03\x04"
                else "Give a table: CSV, Excel (.xlsx), GeoJSON or GeoPackage."
            )
            raise _refuse(src, f"this is not a table but {what}", hint)
    sample = data[:4096]
    if b"\x00" in sample:
        raise _refuse(
            src,
            "this is not a table: the file holds binary data",
            "Give a table: CSV, Excel (.xlsx), GeoJSON or GeoPackage.",
        )


def _decode(src: Path, data: bytes, notes: list[str]) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        notes.append(
            f"{src.name} is not UTF-8; it was read as Windows-1252 (as older Excel versions save CSV)."
        )
        return data.decode("cp1252", errors="replace")


def _sniff_separator(header: str) -> str | None:
    counts = {s: _count_outside_quotes(header, s) for s in (";", ",", "\t")}
    best = max(counts, key=lambda s: counts[s])
    return best if counts[best] > 0 else None


def _count_outside_quotes(line: str, sep: str) -> int:
    n, quoted = 0, False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch == sep and not quoted:
            n += 1
    return n


def _read_csv(src: Path, data: bytes, *, sep: str | None, kind: str | None) -> RawTable:
    import pandas as pd

    _not_a_table(src, data)
    notes: list[str] = []
    suspicious: list[str] = []
    text = _decode(src, data, suspicious)
    lines = text.splitlines()
    header_line = next((ln for ln in lines if ln.strip()), "")
    used = sep or _sniff_separator(header_line)
    if sep and _count_outside_quotes(header_line, sep) == 0:
        sniffed = _sniff_separator(header_line)
        if sniffed is not None and _count_outside_quotes(header_line, sniffed) > 0:
            raise _refuse(
                src,
                f"--sep {sep!r} is not in line 1, which is separated by {sniffed!r}: "
                f"{header_line[:80]!r}",
                f"Leave out --sep (the separator is found by itself), or use --sep '{sniffed}'.",
            )
    if used is None or _count_outside_quotes(header_line, used) == 0:
        others = [s for s in ("|", ":", "/") if s in header_line]
        found = f"one column, named {header_line[:80]!r}"
        if others:
            raise _refuse(
                src,
                f"line 1: found {found}; the columns seem separated by {others[0]!r}",
                "Save the file as CSV with ; or , between the columns (in Excel: Save as > CSV), "
                f"or name the separator with --sep '{others[0]}'.",
            )
        raise _refuse(
            src,
            f"this is not a table: line 1 holds {found}, with no ; or , between columns",
            "Give a table with a header row such as: naam;categorie;lat;lon (CSV, Excel, GeoJSON or "
            "GeoPackage).",
        )
    reader = csv.reader(io.StringIO(text), delimiter=used)
    header: list[str] | None = None
    records: list[list[str]] = []
    labels: list[str] = []
    problems: list[str] = []
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        if header is None:
            header = [h.strip() for h in row]
            continue
        line = reader.line_num
        if len(row) > len(header):
            extra = [c for c in row[len(header) :] if c.strip()]
            if extra:
                problems.append(
                    f"row {line}: {len(row)} values where the header has {len(header)} columns "
                    f"(extra: {', '.join(repr(e) for e in extra[:3])}); a value with {used!r} in it "
                    "needs quotes around it"
                )
                continue
            row = row[: len(header)]
        records.append(row + [""] * (len(header) - len(row)))
        labels.append(f"row {line}")
    assert header is not None
    if problems:
        raise ValidationError(problems, source=src.name, hint="Fix these rows and import again.")
    dupes = sorted({h for h in header if h and header.count(h) > 1})
    if dupes:
        raise _refuse(
            src,
            f"line 1: the column name(s) {', '.join(repr(d) for d in dupes)} appear more than once",
            "Give each column its own name.",
        )
    rows = pd.DataFrame(records, columns=header, dtype="object")
    if rows.empty:
        raise _refuse(
            src,
            "no assets found: the file has a header but no rows",
            "Add one row per asset under the header, then import again.",
        )
    lower = {h.strip().lower() for h in header}
    if kind is None:
        kind = "kobo" if lower & _KOBO_MARKERS else ("odk" if lower & _ODK_MARKERS else "csv")
    return RawTable(kind, rows, labels, notes=notes, source=src.name, suspicious=suspicious)


def _read_xlsx(src: Path, data: bytes) -> RawTable:
    import pandas as pd

    from wijkassets._io import describe_file

    try:
        frame = pd.read_excel(io.BytesIO(data), sheet_name=0, dtype=str, keep_default_na=False)
    except Exception as exc:
        raise _refuse(
            src,
            f"this cannot be read as an Excel workbook: {describe_file(src)}",
            "Open it in Excel and save it again as .xlsx, or save the sheet as CSV.",
        ) from exc
    frame = frame.dropna(how="all")
    frame.columns = [str(c).strip() for c in frame.columns]
    if frame.empty:
        raise _refuse(
            src,
            "no assets found: the first sheet has a header but no rows",
            "Put one row per asset on the first sheet, then import again.",
        )
    frame = frame.astype("object").where(frame.notna(), "")
    labels = [f"row {i + 2}" for i in range(len(frame))]
    lower = {c.lower() for c in frame.columns}
    kind = "kobo" if lower & _KOBO_MARKERS else ("odk" if lower & _ODK_MARKERS else "xlsx")
    return RawTable(kind, frame.reset_index(drop=True), labels, source=src.name)


def _read_geojson(src: Path, data: bytes) -> RawTable:
    import pandas as pd
    import shapely.geometry

    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        _not_a_table(src, data)
        raise _refuse(src, "this is not GeoJSON: the file is not UTF-8 text", None) from exc
    except json.JSONDecodeError as exc:
        _not_a_table(src, data)
        raise _refuse(
            src,
            f"this is not valid GeoJSON: line {exc.lineno}, column {exc.colno}: {exc.msg}",
            "Export the file again from uMap/QGIS, or check it at https://geojson.io.",
        ) from exc
    kind = "geojson"
    layers: list[tuple[str | None, list[Any]]] = []
    if isinstance(doc, dict) and doc.get("type") == "umap":
        kind = "umap"
        for lyr in doc.get("layers") or []:
            name = (lyr.get("_umap_options") or {}).get("name") if isinstance(lyr, dict) else None
            layers.append((name, (lyr or {}).get("features") or []))
    elif isinstance(doc, dict) and doc.get("type") == "FeatureCollection":
        name = (doc.get("_umap_options") or {}).get("name")
        if "_umap_options" in doc or "_storage" in doc:
            kind = "umap"
        layers.append((name, doc.get("features") or []))
    elif isinstance(doc, dict) and doc.get("type") == "Feature":
        layers.append((None, [doc]))
    else:
        what = doc.get("type") if isinstance(doc, dict) else type(doc).__name__
        raise _refuse(
            src,
            f"this is not a GeoJSON FeatureCollection (found type {what!r})",
            "Export a FeatureCollection (in uMap: Share > Download > GeoJSON).",
        )
    crs = None
    crs_name = str(((doc.get("crs") or {}).get("properties") or {}).get("name", ""))
    if "28992" in crs_name:
        crs = "EPSG:28992"
    records: list[dict[str, Any]] = []
    geoms: list[Any] = []
    labels: list[str] = []
    problems: list[str] = []
    n = 0
    for layer_name, features in layers:
        for feat in features:
            n += 1
            label = f"feature {n}"
            if not isinstance(feat, dict):
                problems.append(f"{label}: not a GeoJSON feature")
                continue
            props = dict(feat.get("properties") or {})
            if any(isinstance(v, dict) for v in props.values()) and "_umap_options" in props:
                kind = "umap"
            props = {
                k: v
                for k, v in props.items()
                if not str(k).startswith("_umap") and k != "_storage_options"
            }
            if layer_name and kind == "umap":
                props.setdefault("_layer", layer_name)
            geom_doc = feat.get("geometry")
            geom = None
            if geom_doc:
                try:
                    geom = shapely.geometry.shape(geom_doc)
                except Exception as exc:
                    problems.append(
                        f"{label}, geometry: not a valid GeoJSON geometry ({exc}); draw it again"
                    )
                    continue
            records.append({k: "" if v is None else _as_text(v) for k, v in props.items()})
            geoms.append(geom)
            labels.append(label)
    if problems:
        raise ValidationError(problems, source=src.name, hint="Fix these features and try again.")
    if not records:
        raise _refuse(
            src,
            "no assets found: the GeoJSON has no features",
            "Draw or add the assets first, then export again.",
        )
    rows = pd.DataFrame(records, dtype="object").fillna("")
    return RawTable(kind, rows, labels, geometries=geoms, crs=crs, source=src.name)


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, (list, tuple)):
        return ";".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _read_gpkg(src: Path, *, layer: str | None) -> RawTable:
    import pandas as pd
    import pyogrio

    from wijkassets.assets.register import is_register, open_register

    try:
        layers = [str(name) for name, _ in pyogrio.list_layers(src)]
    except Exception as exc:
        data = src.read_bytes()[:64]
        _not_a_table(src, data)
        raise _refuse(
            src,
            f"this GeoPackage cannot be read ({exc})",
            "Check the file, or export it again from QGIS.",
        ) from exc
    if is_register(src) and layer in (None, "assets"):
        reg = open_register(src)
        assets = reg.assets
        if assets.empty:
            raise _refuse(src, "no assets found: the register is empty", None)
        rows = pd.DataFrame(assets.drop(columns="geometry")).astype("object")
        rows = rows.where(rows.notna(), "")
        rows["toestemming"] = [("ja" if v else "nee") for v in assets["toestemming"]]
        return RawTable(
            "register",
            rows.reset_index(drop=True),
            [f"asset {i}" for i in assets["id"]],
            geometries=list(assets.geometry),
            crs=schema.CRS,
            links=reg.links,
            source=src.name,
        )
    if layer is None:
        if len(layers) != 1:
            raise _refuse(
                src,
                f"the GeoPackage has {len(layers)} layers ({', '.join(layers)})",
                "Choose one with --layer NAME.",
            )
        layer = layers[0]
    elif layer not in layers:
        raise _refuse(
            src, f"there is no layer {layer!r}", f"Choose one of: {', '.join(layers)} (--layer)."
        )
    frame = pyogrio.read_dataframe(src, layer=layer, fid_as_index=True)
    if len(frame) == 0:
        raise _refuse(src, f"no assets found: layer {layer!r} is empty", None)
    geoms = list(frame.geometry) if "geometry" in frame.columns else None
    crs = frame.crs.to_string() if getattr(frame, "crs", None) is not None else None
    plain = pd.DataFrame(frame.drop(columns=["geometry"], errors="ignore")).astype("object")
    plain = plain.where(plain.notna(), "").astype(str)
    labels = [f"feature {fid}" for fid in frame.index]
    return RawTable(
        "gpkg", plain.reset_index(drop=True), labels, geometries=geoms, crs=crs, source=src.name
    )
