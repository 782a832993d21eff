"""A file cache for answers from CBS and PDOK.

A request is made canonical (its URL, sorted parameters and any extra key parts such as a table's
``TableInfos.Modified``) and hashed; the answer is stored as one file under ``<cache>/<namespace>/``. Each file
starts with a one-line JSON header that holds the length and SHA-256 of the payload, so a truncated or otherwise
corrupt file is detected and counted as a miss (and removed). Files are written atomically, and only complete,
successful answers are ever stored.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from wijkassets import settings
from wijkassets._io import atomic_write_bytes


def canonical_key(url: str, params: Mapping[str, Any] | None = None, **extra: Any) -> str:
    """Return the canonical text of a request: URL, sorted parameters, sorted extra key parts."""
    parts = {
        "url": url,
        "params": dict(sorted((params or {}).items())),
        **dict(sorted(extra.items())),
    }
    return json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)


def entry_path(namespace: str, key: str) -> Path:
    """Return the cache file for ``key`` in ``namespace``."""
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
    return settings.get_cache_folder() / namespace / f"{digest[:40]}.cache"


def get(namespace: str, key: str) -> bytes | None:
    """Return the cached payload for ``key``, or None on a miss (a corrupt entry is a miss and is removed)."""
    path = entry_path(namespace, key)
    try:
        raw = path.read_bytes()
    except (FileNotFoundError, IsADirectoryError, PermissionError):
        return None
    head, sep, payload = raw.partition(b"\n")
    try:
        header = json.loads(head)
        ok = (
            sep == b"\n"
            and header.get("key") == key
            and header.get("length") == len(payload)
            and header.get("sha256") == hashlib.sha256(payload).hexdigest()
        )
    except (ValueError, AttributeError):
        ok = False
    if not ok:
        with contextlib.suppress(OSError):
            path.unlink()
        return None
    return payload


def put(namespace: str, key: str, payload: bytes) -> Path:
    """Store ``payload`` for ``key`` atomically and return the file's path."""
    header = {
        "key": key,
        "length": len(payload),
        "sha256": hashlib.sha256(payload).hexdigest(),
        "stored": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    path = entry_path(namespace, key)
    atomic_write_bytes(
        path, json.dumps(header, ensure_ascii=False).encode("utf-8") + b"\n" + payload
    )
    return path


def get_json(namespace: str, key: str) -> Any | None:
    """Return the cached JSON value for ``key``, or None on a miss."""
    payload = get(namespace, key)
    if payload is None:
        return None
    try:
        return json.loads(payload)
    except ValueError:
        return None


def put_json(namespace: str, key: str, value: Any) -> Path:
    """Store a JSON-serialisable value for ``key``."""
    return put(
        namespace, key, json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    )
