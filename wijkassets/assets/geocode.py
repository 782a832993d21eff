"""Turn an address into a place with PDOK's Locatieserver (the free search of BAG addresses), cached.

The Locatieserver (``https://api.pdok.nl/bzk/locatieserver/search/v3_1/free``) answers in Solr's shape:
``{"response": {"numFound": n, "docs": [{"type": "adres", "weergavenaam": ..., "centroide_rd":
"POINT(x y)", "centroide_ll": "POINT(lon lat)", "score": ...}]}}``. Each answer (also "not found") is cached
under the canonical request, so the same import works offline afterwards; offline without a cached answer the
address is refused with a hint to run the import online once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from wijkassets import _cache, _http
from wijkassets._errors import OfflineError, SourceError

LOCATIESERVER_URL = "https://api.pdok.nl/bzk/locatieserver/search/v3_1/free"
"""The Locatieserver's free search; tests point this at a local fake server."""

CACHE_NAMESPACE = "pdok-locatieserver"
_POINT = re.compile(r"POINT\s*\(\s*([-0-9.eE]+)\s+([-0-9.eE]+)\s*\)")


@dataclass(frozen=True)
class Geocoded:
    """One address found: RD New coordinates, the address as PDOK writes it, its buurt code."""

    x: float
    y: float
    weergavenaam: str
    buurtcode: str | None = None


def address_text(
    *,
    adres: str | None = None,
    straat: str | None = None,
    huisnummer: str | None = None,
    postcode: str | None = None,
    plaats: str | None = None,
) -> str:
    """Return one search text from address parts (empty parts left out)."""
    parts = [adres, " ".join(p for p in (straat, huisnummer) if p), postcode, plaats]
    return ", ".join(p.strip() for p in parts if p and p.strip())


def geocode(address: str) -> Geocoded | None:
    """Return the place of ``address`` (a BAG address), or None when PDOK finds no address.

    Raises
    ------
    OfflineError
        Offline and the address was never looked up before.
    SourceError
        PDOK did not answer, or answered in an unexpected shape.
    """
    params = {
        "q": address,
        "fq": "type:adres",
        "rows": 1,
        "fl": "weergavenaam,type,centroide_rd,centroide_ll,buurtcode,score",
    }
    key = _cache.canonical_key(LOCATIESERVER_URL, params)
    answer = _cache.get_json(CACHE_NAMESPACE, key)
    if answer is None:
        response = _http.get(
            LOCATIESERVER_URL,
            params,
            what=f"PDOK Locatieserver, address {address!r}",
            hint="Run the import once online (the answers are cached), or give lat/lon or x/y columns.",
        )
        try:
            answer = response.json()
            docs = answer["response"]["docs"]
        except (ValueError, KeyError, TypeError) as exc:
            raise SourceError(
                f"PDOK Locatieserver answered in an unexpected shape for {address!r} ({exc}). "
                "Try again later, or give lat/lon or x/y columns."
            ) from exc
        if not isinstance(docs, list):
            raise SourceError(f"PDOK Locatieserver: no list of results for {address!r}.")
        _cache.put_json(CACHE_NAMESPACE, key, answer)
    docs = answer["response"]["docs"]
    if not docs:
        return None
    doc = docs[0]
    match = _POINT.search(str(doc.get("centroide_rd", "")))
    if match is None:
        raise SourceError(f"PDOK Locatieserver: no RD point in the answer for {address!r}.")
    return Geocoded(
        float(match.group(1)),
        float(match.group(2)),
        str(doc.get("weergavenaam", "")),
        doc.get("buurtcode"),
    )


def is_offline_error(exc: Exception) -> bool:
    """Return True for the error raised when offline without a cached answer."""
    return isinstance(exc, OfflineError)
