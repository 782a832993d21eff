"""Load KWB figures for a year: from the cache, the embedded Den Haag default, or CBS (:func:`load_kwb`)."""

from __future__ import annotations

import functools
import io
import json
import re
import warnings
from collections.abc import Sequence
from typing import Any, Literal

import pandas as pd

from wijkassets import _cache, settings
from wijkassets._data import data_path
from wijkassets._errors import CacheMissError, SourceError, WijkassetsError
from wijkassets.cbs import harmonise as hm
from wijkassets.cbs import odata
from wijkassets.cbs.tables import KwbTable, lookup_in_cbs_catalogue, resolve_table

Source = Literal["auto", "cache", "embedded", "cbs"]

#: The embedded default: what ships in ``data/`` and which areas it covers.
EMBEDDED: dict[int, dict[str, Any]] = {
    2015: {
        "files": [
            ("geo", "haaglanden_gemeente_2015.geojson"),
            ("geo", "haaglanden_wijk_2015.geojson"),
            ("geo", "haaglanden_buurt_2015.geojson"),
            ("geo", "rotterdam-rijnmond_buurt_2015.geojson"),
        ],
        "country": False,
        "what": "Wijk- en buurtkaart 2015 attributes: Haaglanden (gemeenten, wijken, buurten), "
        "Rotterdam-Rijnmond (buurten)",
    },
    2019: {
        "files": [("cbs", "kwb-2019-84583NED-statline-denhaag-GM0518.csv")],
        "country": False,
        "what": "StatLine CSV of 84583NED, Den Haag (22 columns)",
    },
    2021: {
        "files": [("cbs", "kwb-2021-statline-denhaag-GM0518.csv")],
        "country": False,
        "what": "StatLine CSV of KWB 2021, Den Haag (22 columns)",
    },
    2024: {
        "files": [("cbs", "kwb-2024-85984NED-gemeenten-wijken-8-indicators.json")],
        "country": True,
        "what": "85984NED TypedDataSet values, all gemeenten and wijken of NL (8 indicators)",
        "names": ("geo", "nl_wijken_2024_cartomap.topojson"),
    },
}

_GM = re.compile(r"^(?:GM)?\s*0*([0-9]{1,4})$", re.IGNORECASE)


def normalise_gemeente(gemeente: str | int | None) -> str | None:
    """Return a gemeente code as ``GM0518`` from ``"GM0518"``, ``"0518"`` or ``518``; raise on anything else."""
    if gemeente is None or gemeente == "":
        return None
    m = _GM.match(str(gemeente).strip())
    if not m:
        raise WijkassetsError(
            f"gemeente must be a CBS gemeente code such as GM0518 (Den Haag), not {gemeente!r}. "
            "Find a code with: wijkassets areas find <naam>."
        )
    return f"GM{int(m.group(1)):04d}"


_LEVEL_WORDS = {
    "gemeenten": "gemeente",
    "municipality": "gemeente",
    "municipalities": "gemeente",
    "gm": "gemeente",
    "wijken": "wijk",
    "district": "wijk",
    "districts": "wijk",
    "wk": "wijk",
    "buurten": "buurt",
    "neighbourhood": "buurt",
    "neighborhood": "buurt",
    "neighbourhoods": "buurt",
    "bu": "buurt",
}


def _check_level(level: str | None) -> str | None:
    if level is None:
        return None
    value = str(level).strip().lower()
    value = _LEVEL_WORDS.get(value, value)
    if value not in hm.LEVEL_NAMES:
        raise WijkassetsError(f"level must be one of {', '.join(hm.LEVEL_NAMES)}, not {level!r}.")
    return value


def _select(df: pd.DataFrame, gemeente: str | None, level: str | None) -> pd.DataFrame:
    keep = pd.Series(True, index=df.index)
    if gemeente:
        keep &= df["gemeentecode"] == gemeente
    if level:
        keep &= df["level"] == level
    out = df.loc[keep.to_numpy()].copy()
    out.attrs = dict(df.attrs)
    return out


def _embedded_frame(year: int) -> pd.DataFrame:
    df = _embedded_cached(year)
    out = df.copy()
    out.attrs = dict(df.attrs)
    return out


@functools.lru_cache(maxsize=8)
def _embedded_cached(year: int) -> pd.DataFrame:
    from wijkassets.cbs.readers import read_kwb

    frames = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for parts in EMBEDDED[year]["files"]:
            frames.append(read_kwb(data_path(*parts), year=year))
    if len(frames) == 1:
        out = frames[0]
    else:
        out = pd.concat(frames)
        out = out[~out.index.duplicated(keep="first")]
        out.attrs = dict(frames[0].attrs)
    names = EMBEDDED[year].get("names")
    if names:
        out = _fill_names(out, names)
    return out


def _fill_names(df: pd.DataFrame, names: tuple[str, str]) -> pd.DataFrame:
    """Fill missing names from the same year's CBS/PDOK map (the KWB extract itself carries none)."""
    try:
        topo = json.loads(data_path(*names).read_text(encoding="utf-8"))
        geoms = next(iter(topo["objects"].values()))["geometries"]
        lookup = {
            str(g["properties"]["statcode"]).strip(): str(g["properties"]["statnaam"]).strip()
            for g in geoms
            if g.get("properties", {}).get("statcode")
        }
    except (OSError, ValueError, KeyError, StopIteration, WijkassetsError):
        return df
    attrs = dict(df.attrs)
    filled = df["naam"].fillna(pd.Series(df.index.map(lookup.get), index=df.index, dtype="string"))
    out = df.assign(naam=filled.astype("string"))
    out.attrs = {**attrs, "naam_source": f"CBS/PDOK, {names[1]}"}
    return out


def embedded_coverage(year: int, gemeente: str | None, level: str | None) -> str:
    """Return "full", "partial" or "none": how far the embedded default covers a request."""
    spec = EMBEDDED.get(year)
    if spec is None or (gemeente is None and not spec["country"]):
        return "none"
    frame = _embedded_frame(year)
    if gemeente is not None:
        frame = frame[frame["gemeentecode"] == gemeente]
    present = set(frame["level"].dropna())
    wanted = {level} if level else set(hm.LEVEL_NAMES)
    if not present & wanted:
        return "none"
    return "full" if wanted <= present else "partial"


def load_embedded(
    year: int, *, gemeente: str | None = None, level: str | None = None
) -> pd.DataFrame:
    """Return the embedded default figures for ``year`` (2015, 2019, 2021, 2024), filtered."""
    if year not in EMBEDDED:
        raise WijkassetsError(
            f"No embedded figures for {year}; embedded years: {', '.join(map(str, EMBEDDED))}."
        )
    df = _select(_embedded_frame(year), gemeente, level)
    df.attrs["origin"] = f"embedded: {EMBEDDED[year]['what']}"
    return df


def _from_download(data: dict[str, Any], *, year: int, table_id: str, origin: str) -> pd.DataFrame:
    dataset = "TypedDataSet" if isinstance(data.get("TypedDataSet"), list) else "UntypedDataSet"
    rows = pd.DataFrame(data[dataset])
    names = {
        hm.clean_code(n.get("Key")): str(n.get("Title", "")).strip()
        for n in data.get("WijkenEnBuurten") or []
        if isinstance(n, dict)
    }
    infos = (data.get("TableInfos") or [{}])[0]
    period = str(infos.get("Period", "")).strip()
    table_year = int(period) if period.isdigit() else year
    if table_year != year:
        warnings.warn(
            f"{table_id} says it is for {table_year}, not {year}; using {table_year}.",
            UserWarning,
            stacklevel=3,
        )
    if rows.empty:
        raise WijkassetsError(
            f"CBS table {table_id} returned no rows for this selection. Check the gemeente code."
        )
    df = hm.harmonise_rows(
        rows,
        year=table_year,
        table_id=table_id,
        origin=origin,
        dataproperties=data.get("DataProperties"),
        names=names,
    )
    df.attrs["modified"] = infos.get("Modified")
    return df


WIDE_NAMESPACE = "cbs-wide"


@functools.lru_cache(maxsize=1)
def _catalogue_version() -> str:
    import hashlib

    from wijkassets.cbs.indicators import CATALOGUE_FILE

    return hashlib.sha256(CATALOGUE_FILE.read_bytes()).hexdigest()[:16]


def _wide_key(table_id: str, gemeente: str | None, modified: str) -> str:
    return _cache.canonical_key(
        odata._feed_url(table_id),
        {"gemeente": gemeente or ""},
        modified=modified,
        catalogue=_catalogue_version(),
        form="harmonised wide table, arrow ipc v1",
    )


def _get_wide(key: str) -> pd.DataFrame | None:
    payload = _cache.get(WIDE_NAMESPACE, key)
    if payload is None:
        return None
    import pyarrow as pa
    import pyarrow.feather as feather

    head, _, body = payload.partition(b"\n")
    try:
        attrs = json.loads(head)
        df = feather.read_table(pa.BufferReader(body)).to_pandas()
    except (ValueError, OSError, pa.ArrowException):
        return None
    df.attrs = attrs
    return df


def _put_wide(key: str, df: pd.DataFrame) -> None:
    """Keep the harmonised table too, so a cached load is a quick Arrow read, not a JSON parse.

    Arrow IPC (Feather v2), uncompressed: reading it back takes milliseconds where parquet takes tens.
    """
    import pyarrow as pa
    import pyarrow.feather as feather

    buf = io.BytesIO()
    plain = df.copy()
    plain.attrs = {}
    feather.write_feather(pa.Table.from_pandas(plain), buf, compression="uncompressed")
    head = json.dumps(df.attrs, ensure_ascii=False, default=str).encode("utf-8")
    _cache.put(WIDE_NAMESPACE, key, head + b"\n" + buf.getvalue())


def _from_cache(table_id: str, year: int, gemeente: str | None) -> pd.DataFrame | None:
    """Return the harmonised table from the cache (no network), or None."""
    infos = odata.cached_table_infos(table_id)
    if infos is None:
        return None
    modified = str(infos["Modified"])
    for scope in dict.fromkeys([gemeente, None]):
        key = _wide_key(table_id, scope, modified)
        df = _get_wide(key)
        if df is not None:
            return df
        data = odata.cached_entry(table_id, scope, modified)
        if data is not None:
            df = _from_download(data, year=year, table_id=table_id, origin=f"cache: {table_id}")
            _put_wide(key, df)
            return df
    return None


def download_table(
    table: KwbTable, *, gemeente: str | None, force: bool = False
) -> tuple[KwbTable, dict[str, Any]]:
    """Download a year's table; an unverified id that CBS does not know is looked up by the table's title.

    Returns the table actually used (its id may differ from the registry's) and the raw sub-tables.
    """
    try:
        return table, odata.download(
            table.table_id, year=table.year, gemeente=gemeente, force=force
        )
    except SourceError as exc:
        if table.verified or "HTTP 404" not in str(exc):
            raise
        found = lookup_in_cbs_catalogue(table.year)
        if not found or found == table.table_id:
            raise
    warnings.warn(
        f"CBS does not know {table.table_id} (the unverified registry id for {table.year}); using {found}, "
        f"the table titled '{table.title}' in the CBS catalogue.",
        UserWarning,
        stacklevel=3,
    )
    alt = KwbTable(table.year, found, False, "found online in the CBS catalogue by its title")
    return alt, odata.download(found, year=table.year, gemeente=gemeente, force=force)


def load_kwb(
    year: int | Sequence[int],
    *,
    gemeente: str | int | None = None,
    level: str | None = None,
    source: Source = "auto",
) -> pd.DataFrame:
    """Load the Kerncijfers wijken en buurten of a year, harmonised to the catalogue's indicator names.

    Parameters
    ----------
    year
        The KWB year (2013 to the latest, see ``wijkassets kwb tables``), or a list of years (stacked: the
        index ``code`` then repeats, one row per code and year).
    gemeente
        A gemeente code (``GM0518``, ``0518`` or ``518``) for its gemeente, wijk and buurt rows; None for the
        whole country.
    level
        ``"gemeente"``, ``"wijk"`` or ``"buurt"`` to keep only those rows.
    source
        ``"auto"`` (default): the cache, then the embedded default when it covers the request, then CBS.
        ``"cache"``, ``"embedded"`` or ``"cbs"`` force one (``"cbs"`` checks for a revised table and downloads
        it; the download is cached).

    Returns
    -------
    pandas.DataFrame
        Index ``code``; columns ``level``, ``naam``, ``gemeentecode``, ``year``, then indicators (float, NaN for
        missing or secret). ``attrs["source"]`` names the CBS table, e.g. "CBS, Kerncijfers wijken en
        buurten 2019 (84583NED)"; ``attrs["origin"]`` says whether it came from the cache, the embedded data or
        CBS.

    Raises
    ------
    CacheMissError
        Offline and not cached (nor embedded): the message names the command to run online, e.g.
        ``wijkassets kwb fetch 2024 --gemeente GM0518``.
    SourceError
        CBS did not answer completely after the retries.

    Notes
    -----
    The embedded default: Den Haag (GM0518) for 2015 (the 2015 map attributes of Haaglanden), 2019 and 2021
    (StatLine CSVs, 22 columns), and all gemeenten and wijken of NL for 2024 (8 indicators). Run
    ``wijkassets kwb fetch YEAR --gemeente GM0518`` once online for every indicator of the table.
    """
    if not isinstance(year, int | str) and isinstance(year, Sequence):
        frames = [load_kwb(int(y), gemeente=gemeente, level=level, source=source) for y in year]
        if not frames:
            raise WijkassetsError("year: give at least one year.")
        return hm.concat_years(frames)
    table = resolve_table(int(year))
    y = table.year
    gm = normalise_gemeente(gemeente)
    lv = _check_level(level)
    if source not in ("auto", "cache", "embedded", "cbs"):
        raise WijkassetsError(f"source must be auto, cache, embedded or cbs, not {source!r}.")

    if source in ("auto", "cache"):
        cached = _from_cache(table.table_id, y, gm)
        if cached is not None:
            df = cached
            df = _select(df, gm, lv)
            df.attrs["origin"] = f"cache ({table.table_id}, modified {df.attrs.get('modified')})"
            return df
        if source == "cache":
            odata.require_cached(table.table_id, year=y, gemeente=gm)
    if source == "embedded":
        return load_embedded(y, gemeente=gm, level=lv)
    coverage = embedded_coverage(y, gm, lv)
    if source == "auto" and coverage == "full":
        return load_embedded(y, gemeente=gm, level=lv)
    if source == "cbs" or not settings.is_offline():
        table, data = download_table(table, gemeente=gm)
        df = _from_download(data, year=y, table_id=table.table_id, origin=f"CBS {table.table_id}")
        modified = str(data["TableInfos"][0].get("Modified"))
        _put_wide(_wide_key(table.table_id, gm, modified), df)
        df = _select(df, gm, lv)
        df.attrs["origin"] = f"CBS OData ({table.table_id}, modified {df.attrs.get('modified')})"
        return df
    if coverage == "partial":
        df = load_embedded(y, gemeente=gm, level=lv)
        missing = sorted(set(hm.LEVEL_NAMES) - set(df["level"].dropna()))
        warnings.warn(
            f"Offline: KWB {y} is not in the cache; using the embedded extract "
            f"({EMBEDDED[y]['what']}), which has no {' or '.join(missing)} rows here. "
            f"When online, run: {odata.fetch_command(y, gm)}",
            UserWarning,
            stacklevel=2,
        )
        return df
    raise CacheMissError(
        f"KWB {y} ({table.table_id}) for {gm or 'heel Nederland'} is not in the cache and wijkassets is "
        f"offline. When online, run: {odata.fetch_command(y, gm)}"
    )
