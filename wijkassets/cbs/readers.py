"""Read KWB figures that users already have on disk: :func:`read_kwb`.

Formats, told apart by content rather than by name alone:

- a StatLine CSV download: UTF-8 with BOM, ``;``, quoted, space-padded values, ``.`` for secret/unknown (also
  after Excel saved it as ``.xlsx``);
- JSON saved by ``cbsodata`` (a bare list of rows), an OData v3 response envelope (``{"odata.metadata": ...,
  "value": [...]}``, TypedDataSet or UntypedDataSet), rows saved per year by a client (``{"2022": {"rows": [...],
  "names": [...]}}``), or a ``{code: {key: value}}`` extract of TypedDataSet values. A folder that
  ``cbsodata.download_data(table, dir=...)`` wrote is read whole: its ``TableInfos.json`` gives the table and the
  year, its ``DataProperties.json`` the unit-checked column matching, ``WijkenEnBuurten.json`` the names;
- the attribute table of the Wijk- en buurtkaart as GeoJSON, GeoPackage, Shapefile or bare DBF, old ``AANT_INW``
  style or PDOK ``aantal_inwoners`` style (negative codes such as ``-99999999`` mean missing).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path
from typing import Any

import pandas as pd

from wijkassets._errors import ValidationError, WijkassetsError
from wijkassets.cbs import harmonise as hm
from wijkassets.cbs import indicators as cat
from wijkassets.cbs.tables import TABLES, find_table_id, year_of_table

MAP_SUFFIXES = (".geojson", ".gpkg", ".shp", ".dbf")
TABLE_SUFFIXES = (".csv", ".txt", ".json", ".xlsx", ".parquet")
_YEAR_IN_NAME = re.compile(r"(?<![0-9])(20[0-4][0-9])(?![0-9])")


def read_kwb(path: str | os.PathLike[str], *, year: int | None = None) -> pd.DataFrame:
    """Read KWB figures from a file and return the harmonised wide table.

    Parameters
    ----------
    path
        A StatLine CSV (or .xlsx), a cbsodata/OData JSON file or a folder cbsodata saved, or a Wijk- en
        buurtkaart attribute table (GeoJSON, GeoPackage, Shapefile or DBF).
    year
        The year of the figures, when neither the file nor its name says (``kwb-2019-...``, a table id such as
        ``84583NED``, a ``jaar`` column). A file holding several years (rows saved per year) returns only this
        year; without it, all years are stacked (the index ``code`` then repeats, one row per code and year).

    Returns
    -------
    pandas.DataFrame
        Index ``code`` (str), columns ``level``, ``naam``, ``gemeentecode``, ``year``, then the indicators by
        their catalogue names (float; NaN for missing or secret). ``attrs["source"]`` names the CBS table.

    Raises
    ------
    WijkassetsError
        When the file is missing, of an unknown type, or its year cannot be told.
    ValidationError
        When the file is not a CBS table (the message names the file and the columns found).
    """
    p = Path(path)
    if not p.exists():
        raise WijkassetsError(f"{p}: file not found. Check the path and try again.")
    if p.is_dir():
        # a folder written by cbsodata.download_data(table, dir=...): read its data set
        for name in ("TypedDataSet.json", "UntypedDataSet.json"):
            if (p / name).is_file():
                return _read_json(p / name, year)
        from wijkassets._io import describe_file

        inside = describe_file(p).partition("e.g. ")[2]
        raise WijkassetsError(
            f"{p} is a folder without TypedDataSet.json or UntypedDataSet.json; give the path of one file"
            + (f", e.g. {inside}." if inside else ".")
        )
    suffix = p.suffix.lower()
    if suffix == ".parquet":
        return _read_own(pd.read_parquet(p), p, year)
    if suffix in (".csv", ".txt"):
        return _read_csv(p, year)
    if suffix == ".json":
        return _read_json(p, year)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(p, year)
    if suffix in MAP_SUFFIXES:
        return _read_map(p, year)
    raise WijkassetsError(
        f"{p.name}: unknown file type {suffix or '(none)'!r}. wijkassets reads KWB figures from "
        f"{', '.join(TABLE_SUFFIXES + MAP_SUFFIXES)} files."
    )


# --- year and table id -------------------------------------------------------------------------------


def _year(
    path: Path, given: int | None, *, from_content: int | None = None, table: str | None = None
) -> int:
    if table and from_content is None:
        from_content = year_of_table(table)
    if from_content is None:
        # cbsodata saves into a folder named after the table: .../84583NED/TypedDataSet.json
        for part in (path.name, path.parent.name):
            found = find_table_id(part)
            if found and year_of_table(found):
                from_content = year_of_table(found)
                break
    if from_content is None:
        for part in (path.stem, path.parent.name):
            m = _YEAR_IN_NAME.search(part)
            if m:
                from_content = int(m.group(1))
                break
    if given is not None:
        try:
            given = int(given)
        except (TypeError, ValueError):
            raise WijkassetsError(f"--year must be a year such as 2019, not {given!r}.") from None
        if not 1995 <= given <= 2100:
            raise WijkassetsError(f"--year must be a year such as 2019, not {given}.")
        if given not in TABLES:
            import warnings

            warnings.warn(
                f"{path.name}: {given} is not a year in the KWB registry "
                f"({min(TABLES)}..{max(TABLES)}); its columns are matched by name only.",
                UserWarning,
                stacklevel=3,
            )
        if from_content is not None and from_content != given:
            import warnings

            warnings.warn(
                f"{path.name}: the file says {from_content}, you asked for {given}; using {given}.",
                UserWarning,
                stacklevel=3,
            )
        return given
    if from_content is None:
        raise WijkassetsError(
            f"{path.name}: cannot tell which year these figures are for: neither the file nor its name says. "
            f"Give the year: wijkassets kwb read {path.name} --year 2019 (in Python: read_kwb(path, year=2019))."
        )
    return from_content


def _table_for(path: Path, year: int, table: str | None = None) -> str | None:
    table = table or find_table_id(path.name) or find_table_id(path.parent.name)
    if table:
        return table
    return TABLES[year].table_id if year in TABLES else None


# --- StatLine CSV ------------------------------------------------------------------------------------


def _decode(path: Path) -> str:
    raw = path.read_bytes()
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def _read_csv(path: Path, year: int | None) -> pd.DataFrame:
    text = _decode(path)
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (";", ",", "\t")}
    delim = max(counts, key=lambda d: counts[d])
    if counts[delim] == 0:
        from wijkassets._io import describe_file

        what = describe_file(path)
        found = (
            f"found only {first[:80]!r}"
            if what.startswith("it is a plain text")
            else f"{what}, not a CSV table"
        )
        raise ValidationError(
            [f"line 1 has no ';', ',' or tab: {found}"],
            source=str(path),
            hint="A StatLine CSV download uses ';' between columns. Save the table again as CSV from StatLine.",
        )
    try:
        rows = pd.read_csv(
            io.StringIO(text),
            sep=delim,
            dtype=str,
            keep_default_na=False,
            quoting=csv.QUOTE_MINIMAL,
            skipinitialspace=False,
        )
    except (pd.errors.ParserError, ValueError) as exc:
        raise ValidationError(
            [f"the file could not be split into columns with {delim!r}: {exc}"],
            source=str(path),
            hint="A StatLine CSV download uses ';' between columns and quotes every field.",
        ) from None
    rows.columns = [str(c).strip().strip('"') for c in rows.columns]
    if _is_own(rows.columns):
        return _read_own(rows, path, year)
    if not any(c == "WijkenEnBuurten" or c.startswith("Codering") for c in rows.columns):
        other = ";" if delim != ";" else ","
        hint = (
            f" The first line also contains {other!r}: is the delimiter wrong?"
            if other in first
            else ""
        )
        raise ValidationError(
            [
                "no region column (WijkenEnBuurten or Codering_N) among the columns "
                + ", ".join(list(rows.columns)[:12])
                + (" ..." if len(rows.columns) > 12 else "")
                + f" (split on {delim!r}).{hint}"
            ],
            source=str(path),
            hint="wijkassets reads the StatLine CSV of Kerncijfers wijken en buurten with the CBS column keys "
            "(download 'CSV' with 'onderwerpcodes'), or the map attribute files.",
        )
    y = _year(path, year)
    return hm.harmonise_rows(rows, year=y, table_id=_table_for(path, y), origin=str(path))


def _read_xlsx(path: Path, year: int | None) -> pd.DataFrame:
    """Read a StatLine CSV that was opened in Excel and saved as a workbook (first sheet, keys in row 1)."""
    try:
        rows = pd.read_excel(path, dtype=str, keep_default_na=False)
    except Exception as exc:  # openpyxl raises several kinds for a damaged workbook
        from wijkassets._io import describe_file

        raise ValidationError(
            [f"could not be read as an Excel workbook: {describe_file(path)}"],
            source=str(path),
            hint="Save the StatLine table as CSV (or open it in Excel and save it again as .xlsx).",
        ) from exc
    rows.columns = [str(c).strip() for c in rows.columns]
    if _is_own(rows.columns):
        return _read_own(rows, path, year)
    if not any(c == "WijkenEnBuurten" or c.startswith("Codering") for c in rows.columns):
        raise ValidationError(
            [
                "no region column (WijkenEnBuurten or Codering_N) on the first sheet, among "
                + ", ".join(list(rows.columns)[:12])
            ],
            source=str(path),
            hint="Put the StatLine download with the CBS column keys on the first sheet.",
        )
    y = _year(path, year)
    return hm.harmonise_rows(rows, year=y, table_id=_table_for(path, y), origin=str(path))


def _is_own(columns: Any) -> bool:
    """Return whether ``columns`` are those of a wide table wijkassets wrote (``kwb load/read -o``)."""
    names = {str(c) for c in columns}
    return {"code", "level", "year"} <= names and bool(names & set(cat.indicator_names()))


def _read_own(rows: pd.DataFrame, path: Path, year: int | None) -> pd.DataFrame:
    """Read back a wide table that wijkassets wrote: the catalogue names are already there."""
    if "code" in rows.columns:
        rows = rows.set_index("code")
    rows.index = pd.Index(rows.index.astype(str).str.strip(), name="code")
    years = pd.to_numeric(rows["year"], errors="coerce")
    if years.isna().any():
        raise ValidationError(
            [f"column 'year' has {int(years.isna().sum())} empty or non-numeric value(s)"],
            source=str(path),
            hint="Write the table again with: wijkassets kwb load YEAR -o FILE",
        )
    if year is not None:
        rows = rows[years == int(year)]
        if rows.empty:
            raise WijkassetsError(
                f"{path}: no rows of {year}; the file holds {sorted(set(years.astype(int)))}."
            )
    frames = []
    for y, part in rows.groupby(pd.to_numeric(rows["year"]).astype(int), sort=True):
        part = part.copy()
        for col in ("level", "naam", "gemeentecode"):
            if col not in part.columns:
                part[col] = None
        for col in part.columns:
            if col not in hm.ID_COLUMNS:
                part[col] = pd.to_numeric(part[col].replace("", None), errors="coerce")
        table = TABLES.get(int(y))
        source = (
            table.source if table else f"CBS, Kerncijfers wijken en buurten {y}"
        ) + f" (read from {path.name})"
        frames.append(hm.finish(part, source=source, year=int(y), table_id=None, origin=str(path)))
    return frames[0] if len(frames) == 1 else hm.concat_years(frames)


# --- JSON --------------------------------------------------------------------------------------------


def _read_json(path: Path, year: int | None) -> pd.DataFrame:
    try:
        data = json.loads(_decode(path))
    except ValueError as exc:
        raise ValidationError(
            [f"not valid JSON ({exc}); the file may be cut off"],
            source=str(path),
            hint="Download the file again.",
        ) from None
    if isinstance(data, dict) and data.get("type") == "FeatureCollection":
        props = [f.get("properties") or {} for f in data.get("features", [])]
        y = _year(path, year, from_content=_map_year(pd.DataFrame(props)))
        return hm.harmonise_map_attributes(pd.DataFrame(props), year=y, origin=str(path))
    if isinstance(data, dict) and isinstance(data.get("value"), list):
        meta = str(data.get("odata.metadata") or data.get("@odata.context") or "")
        table = find_table_id(meta)
        if "@odata.context" in data:
            raise WijkassetsError(
                f"{path.name}: this is an OData v4 answer (long rows Measure/Value); wijkassets reads the OData "
                "v3 feed (TypedDataSet/UntypedDataSet). Use: wijkassets kwb fetch YEAR."
            )
        return _rows(path, data["value"], year, table)
    if isinstance(data, list):
        return _rows(path, data, year, None)
    if (
        isinstance(data, dict)
        and data
        and all(isinstance(v, dict) and "rows" in v for v in data.values())
    ):
        return _per_year(path, data, year)
    if (
        isinstance(data, dict)
        and data
        and all(isinstance(v, dict) for v in data.values())
        and all(hm.level_of(str(k)) for k in list(data)[:50])
    ):
        rows = pd.DataFrame.from_dict(data, orient="index")
        rows.insert(0, "WijkenEnBuurten", rows.index.astype(str))
        y = _year(path, year)
        return hm.harmonise_rows(
            rows.reset_index(drop=True), year=y, table_id=_table_for(path, y), origin=str(path)
        )
    keys = list(data)[:10] if isinstance(data, dict) else []
    raise ValidationError(
        [f"not a KWB table: a JSON {type(data).__name__} with keys {keys}"],
        source=str(path),
        hint="wijkassets reads rows saved by cbsodata (a list), OData v3 answers ({'value': [...]}) and "
        "Wijk- en buurtkaart GeoJSON.",
    )


def _rows(path: Path, rows: list[Any], year: int | None, table: str | None) -> pd.DataFrame:
    if not rows:
        raise ValidationError(["the file holds no rows"], source=str(path))
    first = rows[0]
    if isinstance(first, dict) and {"Type", "Key"} <= set(first) and "WijkenEnBuurten" not in first:
        raise ValidationError(
            [
                "this is the table's DataProperties (the list of its columns), not its figures: "
                f"first item Key={first.get('Key')!r}, Type={first.get('Type')!r}"
            ],
            source=str(path),
            hint="Read the TypedDataSet or UntypedDataSet file saved beside it.",
        )
    if not isinstance(first, dict):
        raise ValidationError(
            [f"rows should be JSON objects, found {type(first).__name__}"], source=str(path)
        )
    frame = pd.DataFrame(rows)
    beside = _saved_beside(path)
    table = table or beside.get("table")
    y = _year(path, year, from_content=beside.get("year"), table=table)
    return hm.harmonise_rows(
        frame,
        year=y,
        table_id=_table_for(path, y, table),
        origin=str(path),
        dataproperties=beside.get("dataproperties"),
        names=beside.get("names"),
    )


def _saved_beside(path: Path) -> dict[str, Any]:
    """Read what cbsodata saved beside a data set: TableInfos (id, year), DataProperties, region names."""
    found: dict[str, Any] = {}

    def load(name: str) -> Any:
        try:
            return json.loads(_decode(path.parent / name))
        except (OSError, ValueError):
            return None

    infos = load("TableInfos.json")
    if isinstance(infos, list) and infos and isinstance(infos[0], dict):
        ident = str(infos[0].get("Identifier", "")).strip()
        period = str(infos[0].get("Period", "")).strip()
        if ident:
            found["table"] = ident
        if period.isdigit():
            found["year"] = int(period)
    props = load("DataProperties.json")
    if isinstance(props, list) and props and all(isinstance(p, dict) and "Key" in p for p in props):
        found["dataproperties"] = props
    names = load("WijkenEnBuurten.json")
    if isinstance(names, list):
        found["names"] = {
            hm.clean_code(n.get("Key")): str(n.get("Title", "")).strip()
            for n in names
            if isinstance(n, dict) and n.get("Key")
        }
    return found


def _per_year(path: Path, data: dict[str, Any], year: int | None) -> pd.DataFrame:
    years = {}
    for k, v in data.items():
        y = v.get("year", k)
        try:
            years[int(y)] = v
        except (TypeError, ValueError):
            raise ValidationError([f"entry {k!r} does not name a year"], source=str(path)) from None
    if year is not None:
        if int(year) not in years:
            raise WijkassetsError(
                f"{path.name} holds the years {', '.join(map(str, sorted(years)))}, not {year}."
            )
        chosen = [int(year)]
    else:
        chosen = sorted(years)
    frames = []
    for y in chosen:
        v = years[y]
        names = {
            hm.clean_code(n.get("Key")): str(n.get("Title", "")).strip()
            for n in v.get("names", [])
            if isinstance(n, dict)
        }
        frames.append(
            hm.harmonise_rows(
                pd.DataFrame(v["rows"]),
                year=y,
                table_id=_table_for(path, y, v.get("table")),
                origin=f"{path} [{y}]",
                names=names,
            )
        )
    return hm.concat_years(frames)


# --- Wijk- en buurtkaart attributes ------------------------------------------------------------------


def _map_year(attrs: pd.DataFrame) -> int | None:
    for col in ("jaar", "JAAR"):
        if col in attrs.columns and attrs[col].notna().any():
            try:
                return int(pd.to_numeric(attrs[col], errors="coerce").dropna().iloc[0])
            except (IndexError, ValueError):
                pass
    for col in ("jaarstatcode", "jrstatcode"):
        if col in attrs.columns and attrs[col].notna().any():
            m = re.match(r"^(\d{4})", str(attrs[col].dropna().iloc[0]))
            if m:
                return int(m.group(1))
    return None


def _read_map(path: Path, year: int | None) -> pd.DataFrame:
    import pyogrio

    from wijkassets._io import is_register_file

    if is_register_file(path):
        raise WijkassetsError(
            f"{path.name} is an asset register, not a file of CBS figures. Give a StatLine CSV or a "
            "Wijk- en buurtkaart file, or take the figures by year: wijkassets kwb load 2019 --gemeente GM0518"
        )

    try:
        attrs = pyogrio.read_dataframe(path, read_geometry=False)
    except Exception as exc:  # pyogrio raises its own DataSourceError/DataLayerError
        from wijkassets._io import describe_file

        raise ValidationError(
            [f"could not be opened as a Wijk- en buurtkaart file: {describe_file(path)}"],
            source=str(path),
            hint="Give a StatLine CSV, or a .gpkg/.geojson/.shp/.dbf file of the Wijk- en buurtkaart.",
        ) from exc
    attrs = pd.DataFrame(attrs)
    y = _year(path, year, from_content=_map_year(attrs))
    return hm.harmonise_map_attributes(attrs, year=y, origin=str(path))
