"""PDOK's OGC API Features for the CBS Wijk- en buurtkaart: URLs, paging, cache.

Recent years have an API of their own, ``https://api.pdok.nl/cbs/wijken-en-buurten-<year>/ogc/v1`` with the
collections ``buurten``, ``wijken`` and ``gemeenten``; older years sit together in
``https://api.pdok.nl/cbs/wijken-en-buurten-historisch/ogc/v1``, whose collections are found by listing
``/collections`` (a collection whose id names both the level and the year; failing that, the level's collection
filtered on ``jaarcode``). Items come in pages of at most 1000 features, linked by ``rel="next"``; the ``crs``
parameter asks for EPSG:28992 (the default is CRS84).

The whole answer (all pages) is cached as one entry, stored only when every page arrived complete.
"""

from __future__ import annotations

import re
from typing import Any

from wijkassets import _cache, _http
from wijkassets._errors import SourceError

BASE_URL = "https://api.pdok.nl/cbs"
"""Root of PDOK's CBS services (tests point it at a local fake server)."""
FIRST_OWN_API_YEAR = 2023
"""From this year on each year has its own API; earlier years are in the historisch API."""
PAGE_SIZE = 1000
RD_NEW_URI = "http://www.opengis.net/def/crs/EPSG/0/28992"
NAMESPACE = "pdok"
COLLECTIONS = {"gemeente": "gemeenten", "wijk": "wijken", "buurt": "buurten"}


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


def _key(year: int, level: str, gemeente: str | None) -> str:
    return _cache.canonical_key(
        api_url(year), {"level": level, "gemeente": gemeente or ""}, year=year, crs=RD_NEW_URI
    )


def cached_features(year: int, level: str, gemeente: str | None) -> dict[str, Any] | None:
    """Return the cached FeatureCollection for this request, or None."""
    value = _cache.get_json(NAMESPACE, _key(year, level, gemeente))
    return value if isinstance(value, dict) else None


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
    seen: set[str] = set()
    with bar(desc=f"PDOK {COLLECTIONS[level]} {year}", unit=" areas") as progress:
        while url:
            if url in seen:
                raise SourceError(
                    f"{what}: PDOK's pages link back to {url}; stopped to avoid a loop."
                )
            seen.add(url)
            response = _http.get(url, params, what=what, hint=hint)
            try:
                page = response.json()
                batch = page["features"]
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
    payload = {"type": "FeatureCollection", "features": features}
    _cache.put_json(NAMESPACE, _key(year, level, gemeente), payload)
    return payload
