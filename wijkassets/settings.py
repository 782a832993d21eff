"""Settings: the only global state in wijkassets.

Each setting is a module attribute. ``None`` means "use the environment variable, or the default".
Set an attribute to override it for this Python session, e.g. ``wijkassets.settings.offline = True``.

================  ========================  ===================================================
attribute         environment variable      default
================  ========================  ===================================================
``cache_folder``  ``WIJKASSETS_CACHE``      the user cache folder (platformdirs), ``.../wijkassets``
``offline``       ``WIJKASSETS_OFFLINE``    ``False``: network allowed. ``1``/``true``/``ja``: never
                                            touch the network, serve only from cache and embedded data
``language``      ``WIJKASSETS_LANG``       ``"nl"`` (Dutch labels); ``"en"`` for English
``timeout``       ``WIJKASSETS_TIMEOUT``    30 seconds per network request
``retries``       ``WIJKASSETS_RETRIES``    4 retries (with exponential backoff) for timeouts, 5xx, resets
================  ========================  ===================================================

Read settings through the ``get_*`` functions: they combine the attribute, the environment and the default at
call time, so a test that sets an environment variable is seen at once.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import platformdirs

cache_folder: Path | str | None = None
offline: bool | None = None
language: str | None = None
timeout: float | None = None
retries: int | None = None

LANGUAGES = ("nl", "en")
_TRUE = {"1", "true", "yes", "ja", "on"}


def get_cache_folder() -> Path:
    """Return the cache folder (created if missing)."""
    value = cache_folder or os.environ.get("WIJKASSETS_CACHE")
    folder = (
        Path(value) if value else Path(platformdirs.user_cache_dir("wijkassets", appauthor=False))
    )
    folder = folder.expanduser()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def is_offline() -> bool:
    """Return True when wijkassets must not use the network."""
    if offline is not None:
        return bool(offline)
    return os.environ.get("WIJKASSETS_OFFLINE", "").strip().lower() in _TRUE


def get_language() -> str:
    """Return the language of labels: ``"nl"`` (default) or ``"en"``."""
    value = (language or os.environ.get("WIJKASSETS_LANG") or "nl").strip().lower()
    if value not in LANGUAGES:
        from wijkassets._errors import WijkassetsError

        raise WijkassetsError(
            f"Unknown language {value!r}. Use one of: {', '.join(LANGUAGES)} "
            "(set WIJKASSETS_LANG or wijkassets.settings.language)."
        )
    return value


def get_timeout() -> float:
    """Return the timeout in seconds for one network request."""
    if timeout is not None:
        return float(timeout)
    return float(os.environ.get("WIJKASSETS_TIMEOUT", "30"))


def get_retries() -> int:
    """Return how many times a failed network request is retried."""
    if retries is not None:
        return int(retries)
    return int(os.environ.get("WIJKASSETS_RETRIES", "4"))


@contextlib.contextmanager
def override(**values: Any) -> Iterator[None]:
    """Set settings for the duration of a ``with`` block, then restore them.

    Examples
    --------
    >>> with override(offline=True, language="en"):  # doctest: +SKIP
    ...     load_kwb(2019, gemeente="GM0518")
    """
    module = globals()
    unknown = [
        name
        for name in values
        if name not in ("cache_folder", "offline", "language", "timeout", "retries")
    ]
    if unknown:
        raise AttributeError(f"Unknown setting(s): {', '.join(unknown)}")
    before = {name: module[name] for name in values}
    module.update(values)
    try:
        yield
    finally:
        module.update(before)
