"""Progress bars that work in a terminal and in a notebook (tqdm.auto)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def progress(
    iterable: Iterable[T], *, total: int | None = None, desc: str = "", unit: str = "it"
) -> Iterator[T]:
    """Wrap ``iterable`` in a progress bar; quiet when not attached to a terminal or notebook."""
    from tqdm.auto import tqdm

    yield from tqdm(iterable, total=total, desc=desc, unit=unit, leave=False, dynamic_ncols=True)


def bar(*, total: int | None = None, desc: str = "", unit: str = "it"):  # type: ignore[no-untyped-def]
    """Return a tqdm progress bar to ``update()`` by hand (use as a context manager)."""
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=desc, unit=unit, leave=False, dynamic_ncols=True)
