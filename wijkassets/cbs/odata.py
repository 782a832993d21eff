"""Download KWB tables from the CBS OData v3 feed through ``cbsodata``, cached as files.

``cbsodata`` (1.3.5) is used for what it does well (building the feed URLs, following ``odata.nextLink`` pages,
downloading every sub-table of a table), with its known traps handled here:

- ``get_data`` swaps the region keys for their titles, so we call ``download_data`` and keep the raw sub-tables
  (``TypedDataSet``, ``DataProperties``, ``WijkenEnBuurten``, ``TableInfos``), codes intact;
- ``download_data(typed=...)`` works the other way round from its docstring: ``typed=False`` downloads the
  *TypedDataSet* (it removes the named set from the list it then downloads). We pass ``typed=False`` and accept
  whichever data set comes back (a test pins the behaviour);
- it sets no timeout and never retries: every request goes through :class:`_CbsSession`, a ``requests``
  session with our timeout, urllib3 retries with backoff for connection errors and HTTP 5xx, and a retry of
  its own for a body cut off mid-way (which urllib3's ``Retry`` cannot see);
- region keys are padded to 10 characters and ``substringof('0518', WijkenEnBuurten)`` also matches
  ``BU03440518``: the filter names the prefixed codes (``GM0518``, ``WK0518``, ``BU0518``), and the rows are
  filtered again on their stripped code.

The complete answer (every sub-table, every page) is cached as one entry, keyed by the table id, the filter and
the table's ``TableInfos.Modified`` (CBS revises a table in place, so a revised table is a new entry). A failed
or partial download raises before anything is written, so the cache never holds half an answer.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import requests

from wijkassets import _cache, _http, settings
from wijkassets._errors import CacheMissError, SourceError

#: Base URL of the CBS OData v3 service (tests point it at a local fake server).
CBS_ODATA_URL = "https://opendata.cbs.nl"
NAMESPACE = "cbs"
CLIENT = "cbsodata.download_data(typed=False)"
_LOCK = threading.Lock()


def fetch_command(year: int, gemeente: str | None) -> str:
    """Return the command that fills the cache for ``year`` (and ``gemeente``)."""
    return f"wijkassets kwb fetch {year}" + (f" --gemeente {gemeente}" if gemeente else "")


def gemeente_filter(gemeente: str | None) -> str | None:
    """Return the OData ``$filter`` for one gemeente's rows (None for the whole country)."""
    if not gemeente:
        return None
    digits = gemeente[2:]
    return " or ".join(
        f"substringof('{prefix}{digits}',WijkenEnBuurten)" for prefix in ("GM", "WK", "BU")
    )


def _base() -> tuple[str, bool]:
    parts = urlsplit(CBS_ODATA_URL)
    return parts.netloc + parts.path.rstrip("/"), parts.scheme == "https"


def _feed_url(table_id: str) -> str:
    return f"{CBS_ODATA_URL.rstrip('/')}/ODataFeed/odata/{table_id}"


def _infos_key(table_id: str) -> str:
    return _cache.canonical_key(_feed_url(table_id) + "/TableInfos", kind="latest TableInfos")


def _data_key(table_id: str, gemeente: str | None, modified: str) -> str:
    return _cache.canonical_key(
        _feed_url(table_id),
        {"$filter": gemeente_filter(gemeente) or ""},
        modified=modified,
        client=CLIENT,
    )


class _CbsSession(requests.Session):
    """A requests session for cbsodata: our timeout, retries and offline switch on every request."""

    def __init__(self, bar: Any = None, hint: str = "") -> None:
        super().__init__()
        ours = _http.session()
        self.adapters = ours.adapters
        self.headers.update(ours.headers)
        self.bar = bar
        self.hint = hint

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        _http.check_online("This CBS table", self.hint)
        kwargs["timeout"] = kwargs.get("timeout") or settings.get_timeout()
        where = str(request.url).split("?")[0]
        attempts = settings.get_retries() + 1
        last: Exception | None = None
        for attempt in range(attempts):
            try:
                response = super().send(request, **kwargs)
                body = response.content
                if response.status_code == 200:
                    json.loads(body)  # a body cut off without a length error still fails here
            except (
                requests.exceptions.ChunkedEncodingError,
                requests.exceptions.ContentDecodingError,
                ValueError,
            ) as exc:
                last = exc
                if attempt + 1 < attempts:
                    time.sleep(_http.BACKOFF * 2**attempt)
                continue
            except (requests.exceptions.ConnectionError, requests.exceptions.Timeout) as exc:
                raise SourceError(
                    f"CBS did not answer ({type(exc).__name__}) for {where}, also after "
                    f"{settings.get_retries()} retries. Check your internet connection and try again later. "
                    f"{self.hint}".strip()
                ) from None
            if response.status_code in _http.RETRY_STATUS:
                raise SourceError(
                    f"CBS answered HTTP {response.status_code} for {where}, also after "
                    f"{settings.get_retries()} retries: the service is busy or down. Try again later. "
                    f"{self.hint}".strip()
                )
            if response.status_code >= 400:
                raise SourceError(
                    f"CBS answered HTTP {response.status_code} for {where}. Check the table id "
                    "(wijkassets kwb tables) and the gemeente code."
                )
            if self.bar is not None:
                self.bar.update(1)
            return response
        raise SourceError(
            f"CBS sent an incomplete answer for {where} ({type(last).__name__}), also after "
            f"{settings.get_retries()} retries. Try again later; nothing was cached. {self.hint}".strip()
        )


@contextlib.contextmanager
def _through_our_session(bar: Any = None, hint: str = "") -> Iterator[str]:
    """Make cbsodata use :class:`_CbsSession` and our base URL; yield the catalog URL to pass it."""
    import cbsodata.cbsodata3 as c3

    netloc, https = _base()
    with _LOCK:
        old_session = c3.Session
        old_https = c3.options.use_https
        c3.Session = lambda: _CbsSession(bar, hint)
        c3.options.use_https = https
        try:
            yield netloc
        finally:
            c3.Session = old_session
            c3.options.use_https = old_https


def cached_table_infos(table_id: str) -> dict[str, Any] | None:
    """Return the last TableInfos seen for ``table_id`` from the cache (no network), or None."""
    value = _cache.get_json(NAMESPACE, _infos_key(table_id))
    return value if isinstance(value, dict) else None


def fetch_table_infos(table_id: str, *, hint: str = "") -> dict[str, Any]:
    """Download the table's TableInfos (one small request) and remember it in the cache."""
    import cbsodata.cbsodata3 as c3

    with _through_our_session(hint=hint) as netloc:
        infos = c3._download_metadata(
            table_id, "TableInfos", catalog_url=netloc, timeout=settings.get_timeout()
        )
    if not infos or not isinstance(infos[0], dict) or "Modified" not in infos[0]:
        raise SourceError(f"CBS sent no usable TableInfos for {table_id}. Check the table id.")
    _cache.put_json(NAMESPACE, _infos_key(table_id), infos[0])
    return dict(infos[0])


def cached_entry(table_id: str, gemeente: str | None, modified: str) -> dict[str, Any] | None:
    """Return the cached download of exactly this scope (one gemeente, or None: the country), or None."""
    value = _cache.get_json(NAMESPACE, _data_key(table_id, gemeente, modified))
    return value if isinstance(value, dict) and _complete(value) else None


def cached_download(table_id: str, gemeente: str | None) -> dict[str, Any] | None:
    """Return a complete cached download for ``table_id`` (one gemeente, or the country), no network.

    A gemeente's rows are also served from a cached download of the whole country.
    """
    infos = cached_table_infos(table_id)
    if infos is None:
        return None
    for g in dict.fromkeys([gemeente, None]):
        value = _cache.get_json(NAMESPACE, _data_key(table_id, g, str(infos["Modified"])))
        if isinstance(value, dict) and _complete(value):
            return value
    return None


def _complete(value: dict[str, Any]) -> bool:
    return (
        isinstance(value.get("DataProperties"), list)
        and isinstance(value.get("TableInfos"), list)
        and any(isinstance(value.get(k), list) for k in ("TypedDataSet", "UntypedDataSet"))
    )


def download(
    table_id: str,
    *,
    year: int,
    gemeente: str | None = None,
    force: bool = False,
    show_progress: bool = True,
) -> dict[str, Any]:
    """Return the raw sub-tables of a KWB table from CBS (or the cache when unchanged there).

    The cache entry is keyed by the table's current ``TableInfos.Modified``: when CBS has revised the table
    since it was cached, it is downloaded again. ``force`` downloads even when the entry is there.

    Raises
    ------
    OfflineError
        When offline (the message names the command to run online).
    SourceError
        When CBS does not answer completely after the retries; nothing is cached then.
    """
    import cbsodata

    from wijkassets._progress import bar as progress_bar

    hint = f"When online, run: {fetch_command(year, gemeente)}"
    if settings.is_offline():
        cached = cached_download(table_id, gemeente)
        if cached is not None and not force:
            return cached
        _http.check_online(f"KWB {year} ({table_id})", hint)
    infos = fetch_table_infos(table_id, hint=hint)
    key = _data_key(table_id, gemeente, str(infos["Modified"]))
    if not force:
        cached_value = _cache.get_json(NAMESPACE, key)
        if isinstance(cached_value, dict) and _complete(cached_value):
            return cached_value
    where = gemeente or "heel Nederland"
    with (
        progress_bar(desc=f"CBS {table_id} ({where})", unit=" verzoeken") as bar,
        _through_our_session(
            bar if show_progress else None,
            hint,
        ) as netloc,
    ):
        data = cbsodata.download_data(
            table_id,
            typed=False,  # sic: cbsodata 1.3.5 downloads the TypedDataSet for typed=False
            filters=gemeente_filter(gemeente),
            catalog_url=netloc,
            timeout=settings.get_timeout(),
        )
    if not isinstance(data, dict) or not _complete(data):
        raise SourceError(
            f"CBS answered for {table_id} without the data set or its DataProperties "
            f"(got: {', '.join(data) if isinstance(data, dict) else type(data).__name__}). Nothing was cached."
        )
    modified = str((data["TableInfos"][0] or {}).get("Modified", infos["Modified"]))
    _cache.put_json(NAMESPACE, _data_key(table_id, gemeente, modified), data)
    if modified != str(infos["Modified"]):
        _cache.put_json(NAMESPACE, _infos_key(table_id), data["TableInfos"][0])
    return data


def require_cached(table_id: str, *, year: int, gemeente: str | None) -> dict[str, Any]:
    """Return the cached download or raise :class:`CacheMissError` naming the command to run online."""
    value = cached_download(table_id, gemeente)
    if value is None:
        raise CacheMissError(
            f"KWB {year} ({table_id}) for {gemeente or 'heel Nederland'} is not in the cache. "
            f"When online, run: {fetch_command(year, gemeente)}"
        )
    return value
