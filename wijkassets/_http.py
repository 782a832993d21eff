"""HTTP for CBS and PDOK: one session with timeouts, retries with backoff, and the offline switch.

Retries of connection errors and HTTP 429/5xx use urllib3's ``Retry`` (mounted on the session). A body cut off
mid-way (``ChunkedEncodingError``/``IncompleteRead``) or a reset while reading happens *after* urllib3 has
returned the response, where its ``Retry`` no longer applies, so :func:`get` repeats the request in a small
loop of its own with the same backoff for those. Every failure ends in a :class:`SourceError` that says what
was tried and what to do.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from wijkassets import settings
from wijkassets._errors import OfflineError, SourceError

USER_AGENT = "wijkassets (+https://pypi.org/project/wijkassets/)"
RETRY_STATUS = (429, 500, 502, 503, 504)
BACKOFF = 0.5


def session(retries: int | None = None) -> requests.Session:
    """Return a requests session that retries connection errors and 429/5xx answers with backoff."""
    n = settings.get_retries() if retries is None else retries
    retry = Retry(
        total=n,
        connect=n,
        read=n,
        status=n,
        backoff_factor=BACKOFF,
        status_forcelist=RETRY_STATUS,
        allowed_methods=frozenset({"GET", "HEAD"}),
        raise_on_status=False,
        respect_retry_after_header=True,
    )
    s = requests.Session()
    adapter = HTTPAdapter(max_retries=retry)
    s.mount("http://", adapter)
    s.mount("https://", adapter)
    s.headers["User-Agent"] = USER_AGENT
    return s


def check_online(what: str, hint: str) -> None:
    """Raise :class:`OfflineError` when offline; ``hint`` says what to run when online."""
    if settings.is_offline():
        raise OfflineError(
            f"{what} is not in the cache and wijkassets is offline (WIJKASSETS_OFFLINE). {hint}"
        )


def get(
    url: str,
    params: Mapping[str, Any] | None = None,
    *,
    what: str = "the answer",
    hint: str = "",
    sess: requests.Session | None = None,
    headers: Mapping[str, str] | None = None,
) -> requests.Response:
    """GET ``url`` with timeout and retries; return the response with its body fully read.

    Raises
    ------
    OfflineError
        When wijkassets is offline.
    SourceError
        After the last retry, or on an HTTP error that retrying cannot mend (4xx).
    """
    check_online(what, hint)
    s = sess or session()
    attempts = settings.get_retries() + 1
    last: Exception | None = None
    for attempt in range(attempts):
        try:
            response = s.get(url, params=params, timeout=settings.get_timeout(), headers=headers)
            _ = (
                response.content
            )  # read the whole body here, so a cut-off body fails inside the loop
        except (
            requests.exceptions.ChunkedEncodingError,
            requests.exceptions.ContentDecodingError,
        ) as exc:
            # urllib3's Retry has already handed over the response: retry the body ourselves.
            last = exc
            if attempt + 1 < attempts:
                time.sleep(BACKOFF * 2**attempt)
            continue
        except (requests.exceptions.ConnectionError, requests.exceptions.Timeout) as exc:
            last = exc  # urllib3 already retried these with backoff
            break
        if response.status_code in RETRY_STATUS:
            last = SourceError(f"HTTP {response.status_code} after {attempts} tries")
            break
        if response.status_code >= 400:
            raise SourceError(
                f"{what}: the server answered HTTP {response.status_code} for {response.url}. "
                "Check the year, table or area code you asked for."
            )
        return response
    raise SourceError(
        f"{what}: no complete answer from {url} ({type(last).__name__}: {last}). "
        "Check your internet connection and try again later; set WIJKASSETS_OFFLINE=1 to work from the cache. "
        f"{hint}".strip()
    )
