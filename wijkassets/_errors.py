"""Errors that wijkassets raises on purpose.

A :class:`WijkassetsError` is a *user* error: bad input, a missing cache entry, an unreachable source. The command
line prints its message (no traceback unless ``--debug``) and exits with code 2. Every message says what is wrong
and how to fix it.
"""

from __future__ import annotations

from collections.abc import Iterable


class WijkassetsError(Exception):
    """An error the user can fix; its message says how."""

    exit_code = 2


class ValidationError(WijkassetsError):
    """Bad user data. Holds every problem found, not only the first.

    Parameters
    ----------
    problems
        One line per problem, each naming row/feature, column, what was found and how to fix it.
    source
        The file or object that was checked, named in the message.
    """

    def __init__(
        self, problems: Iterable[str], *, source: str | None = None, hint: str | None = None
    ):
        self.problems = list(problems)
        self.source = source
        self.hint = hint
        head = f"{source}: " if source else ""
        n = len(self.problems)
        lines = [f"{head}{n} problem{'s' if n != 1 else ''} found, nothing was changed:"]
        lines += [f"  - {p}" for p in self.problems]
        if hint:
            lines.append(hint)
        super().__init__("\n".join(lines))


class CacheMissError(WijkassetsError):
    """Offline, and what was asked for is not in the cache. The message names the command to run online."""


class SourceError(WijkassetsError):
    """An outside source (CBS, PDOK) failed after retries, or answered in an unexpected shape."""


class OfflineError(CacheMissError):
    """The network is switched off (``WIJKASSETS_OFFLINE=1``) and the data is not cached."""
