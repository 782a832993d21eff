"""PDOK's OGC API Features for the CBS Wijk- en buurtkaart: URLs, paging, cache.

Recent years have an API of their own, ``https://api.pdok.nl/cbs/wijken-en-buurten-<year>/ogc/v1`` with the
collections ``buurten``, ``wijken`` and ``gemeenten``; older years sit together in
``https://api.pdok.nl/cbs/wijken-en-buurten-historisch/ogc/v1``, whose collections are found by listing
``/collections`` (a collection whose id names both the level and the year; failing that, the level's collection
filtered on ``jaarcode``). Items come in pages of at most 1000 features, linked by ``rel="next"``; the ``crs``
parameter asks for EPSG:28992 (the default is CRS84).

The whole answer (all pages) is cached as one entry, stored only when every page arrived complete: the pages
as PDOK sent them (``{"type": "FeatureCollection", "pages": [page, ...]}``, so nothing is serialised again).
Beside it, :mod:`wijkassets.areas.boundaries` caches the finished, repaired GeoDataFrame as GeoParquet under a
key made the same way (plus the form and the wijkassets version that made it), so a cached load reads one
Parquet file instead of parsing and repairing the map again. Either entry, when corrupt, is a miss.
"""

from __future__ import annotations

import codecs
import io
import json
import re
from typing import TYPE_CHECKING, Any

from wijkassets import _cache, _http
from wijkassets._errors import SourceError

if TYPE_CHECKING:
    import geopandas as gpd

BASE_URL = "https://api.pdok.nl/cbs"
"""Root of PDOK's CBS services (tests point it at a local fake server)."""
FIRST_OWN_API_YEAR = 2023
"""From this year on each year has its own API; earlier years are in the historisch API."""
PAGE_SIZE = 1000
RD_NEW_URI = "http://www.opengis.net/def/crs/EPSG/0/28992"
NAMESPACE = "pdok"
COLLECTIONS = {"gemeente": "gemeenten", "wijk": "wijken", "buurt": "buurten"}
FRAME_FORM = "boundaries-geoparquet-1"
"""The form of the cached finished map; change it when the finished frame changes shape."""


def api_url(year: int) -> str:
    """Return the OGC API root for the map of ``year``."""
    if year >= FIRST_OWN_API_YEAR:
        return f"{BASE_URL}/wijken-en-buurten-{year}/ogc/v1"
    return f"{BASE_URL}/wijken-en-buurten-historisch/ogc/v1"


def describe(year: int, level: str, gemeente: str | None) -> str:
    """Return a short description of a request, for messages and ``attrs["source"]``."""
    where = f", {gemeente}" if gemeente else ""
    return f"CBS Wijk- en buurtkaart {year}, {COLLECTIONS[level]}{where} (PDOK OGC API)"


def _hint(year: int, level: str, gemeente: str | None) -> str:
    cmd = f"wijkassets areas fetch {year} {level}" + (f" --gemeente {gemeente}" if gemeente else "")
    return f"When online, run: {cmd}"


def _key(year: int, level: str, gemeente: str | None, **extra: str) -> str:
    return _cache.canonical_key(
        api_url(year),
        {"level": level, "gemeente": gemeente or ""},
        year=year,
        crs=RD_NEW_URI,
        **extra,
    )


def _frame_key(year: int, level: str, gemeente: str | None) -> str:
    from wijkassets import __version__

    # The wijkassets version is part of the key: a newer version rebuilds the frame from the cached pages.
    return _key(year, level, gemeente, form=FRAME_FORM, made_by=f"wijkassets {__version__}")


def is_cached(year: int, level: str, gemeente: str | None) -> bool:
    """Return whether the answer for this request is in the cache (without reading it)."""
    return _cache.entry_path(NAMESPACE, _key(year, level, gemeente)).is_file()


def cached_features(year: int, level: str, gemeente: str | None) -> dict[str, Any] | None:
    """Return the cached FeatureCollection for this request (all pages' features in one), or None."""
    value = _cache.get_json(NAMESPACE, _key(year, level, gemeente))
    if not isinstance(value, dict):
        return None
    pages = value.get("pages")
    if pages is None:  # one FeatureCollection, as stored before the pages were kept as sent
        return value
    if not isinstance(pages, list) or not all(
        isinstance(p, dict) and isinstance(p.get("features"), list) for p in pages
    ):
        return None
    return {"type": "FeatureCollection", "features": [f for p in pages for f in p["features"]]}


def cached_frame(
    year: int, level: str, gemeente: str | None
) -> tuple[gpd.GeoDataFrame, list[str]] | None:
    """Return the cached finished map and the warnings its making gave, or None (a corrupt entry is a miss)."""
    import geopandas as gpd

    payload = _cache.get(NAMESPACE, _frame_key(year, level, gemeente))
    if payload is None:
        return None
    head, _, body = payload.partition(b"\n")
    try:
        meta = json.loads(head)
        gdf = gpd.read_parquet(io.BytesIO(body))
        attrs = meta["attrs"]
        messages = [str(m) for m in meta["warnings"]]
    except Exception:  # unreadable Parquet or header: a miss, rebuilt from the cached pages
        return None
    if not isinstance(gdf, gpd.GeoDataFrame) or not isinstance(attrs, dict):
        return None
    gdf.attrs = attrs
    return gdf, messages


def store_frame(
    year: int, level: str, gemeente: str | None, gdf: gpd.GeoDataFrame, warned: list[str]
) -> None:
    """Cache the finished map as GeoParquet, with its ``attrs`` and the warnings its making gave."""
    try:
        head = json.dumps({"attrs": gdf.attrs, "warnings": warned}, ensure_ascii=False)
    except (TypeError, ValueError):  # attrs that JSON cannot hold: keep only the cached pages
        return
    body = io.BytesIO()
    gdf.to_parquet(body, index=False)
    _cache.put(
        NAMESPACE, _frame_key(year, level, gemeente), head.encode("utf-8") + b"\n" + body.getvalue()
    )


def _collection(year: int, level: str) -> tuple[str, dict[str, str]]:
    """Return (collection id, extra query parameters) for ``year`` and ``level``."""
    plural = COLLECTIONS[level]
    if year >= FIRST_OWN_API_YEAR:
        return plural, {}
    url = f"{api_url(year)}/collections"
    what = f"the list of PDOK's historic Wijk- en buurtkaart collections ({url})"
    response = _http.get(url, {"f": "json"}, what=what, hint=_hint(year, level, None))
    try:
        ids = [str(c["id"]) for c in response.json().get("collections", [])]
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise SourceError(f"{what}: unexpected answer ({exc}).") from exc
    for cid in ids:
        low = cid.lower()
        if str(year) in low and (plural in low or re.search(rf"\b{level}", low)):
            return cid, {}
    if plural in ids:
        return plural, {"jaarcode": str(year)}
    raise SourceError(
        f"PDOK's historic Wijk- en buurtkaart has no {plural} collection for {year} "
        f"(collections: {', '.join(ids[:12])}{' ...' if len(ids) > 12 else ''}). Try another year."
    )


def fetch_features(year: int, level: str, gemeente: str | None) -> dict[str, Any]:
    """Download every page of the map from PDOK, cache the whole and return it as a FeatureCollection."""
    from wijkassets._progress import bar

    hint = _hint(year, level, gemeente)
    collection, extra = _collection(year, level)
    url: str | None = f"{api_url(year)}/collections/{collection}/items"
    params: dict[str, str] | None = {
        "f": "json",
        "limit": str(PAGE_SIZE),
        "crs": RD_NEW_URI,
        **extra,
    }
    if gemeente and params is not None:
        params["gemeentecode"] = gemeente
    what = describe(year, level, gemeente)
    features: list[dict[str, Any]] = []
    pages: list[bytes] = []
    seen: set[str] = set()
    with bar(desc=f"PDOK {COLLECTIONS[level]} {year}", unit=" areas") as progress:
        while url:
            if url in seen:
                raise SourceError(
                    f"{what}: PDOK's pages link back to {url}; stopped to avoid a loop."
                )
            seen.add(url)
            response = _http.get(url, params, what=what, hint=hint)
            content = response.content
            try:
                page = json.loads(content)
                batch = page["features"]
                if not isinstance(batch, list):
                    raise TypeError("'features' is not a list")
            except (ValueError, KeyError, TypeError) as exc:
                raise SourceError(
                    f"{what}: PDOK answered something that is not a GeoJSON FeatureCollection ({exc}) "
                    f"at {response.url}."
                ) from exc
            crs_header = response.headers.get("Content-Crs", "")
            if crs_header and "28992" not in crs_header:
                raise SourceError(
                    f"{what}: PDOK answered in {crs_header}, not EPSG:28992 as asked. Try again later."
                )
            features.extend(batch)
            pages.append(_as_stored(content, page))
            if progress.total is None and isinstance(page.get("numberMatched"), int):
                progress.total = page["numberMatched"]
            progress.update(len(batch))
            url = next(
                (
                    link.get("href")
                    for link in page.get("links", [])
                    if link.get("rel") == "next" and link.get("href")
                ),
                None,
            )
            params = None  # the next link carries every parameter
    stored = b'{"type":"FeatureCollection","pages":[' + b",".join(pages) + b"]}"
    _cache.put(NAMESPACE, _key(year, level, gemeente), stored)
    return {"type": "FeatureCollection", "features": features}


def _as_stored(content: bytes, page: dict[str, Any]) -> bytes:
    """Return a page as it is kept in the cache: the bytes PDOK sent when they are UTF-8 JSON text."""
    content = content.removeprefix(codecs.BOM_UTF8)
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:  # another encoding: serialise the parsed page instead
        return json.dumps(page, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return content
