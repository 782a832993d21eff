"""Fonts for print maps: one main font, and fallbacks for what residents type (emoji, other scripts).

matplotlib (3.6+) draws each character with the first font in ``font.family`` that has it. The main font is
DejaVu Sans (shipped inside matplotlib, so present on every computer). After it come fonts that cover emoji and
other scripts, in order, but only those this computer has: Symbola (Debian ``fonts-symbola``), Noto's
monochrome fonts, and on Windows Segoe UI Emoji/Symbol and the CJK system fonts. Colour-bitmap emoji fonts
(Noto Color Emoji, Apple Color Emoji) are left out: matplotlib cannot draw them.

A character that no installed font has would come out as an empty box. :func:`drawable` replaces such characters
with ``?`` and warns once, naming how many were replaced and what to install. Emoji joiners, variation selectors
and skin-tone modifiers are removed first: the fallback fonts have no joined emoji, so a family emoji shows as
its people side by side. matplotlib 3.11 shapes text with libraqm, so Arabic letters join and run right to left;
older matplotlib draws them unjoined.
"""

from __future__ import annotations

import functools
import unicodedata
import warnings
from collections.abc import Iterable

MAIN = "DejaVu Sans"
FALLBACKS = (
    "Symbola",
    "Noto Sans Symbols 2",
    "Noto Sans Symbols",
    "Noto Emoji",
    "Segoe UI Emoji",
    "Segoe UI Symbol",
    "Noto Sans CJK JP",
    "Noto Sans CJK SC",
    "Microsoft YaHei",
    "Yu Gothic",
    "Malgun Gothic",
    "Noto Sans Arabic",
    "Arial Unicode MS",
)
# Zero-width joiner, variation selectors, skin-tone modifiers, tags: no glyph of their own in matplotlib.
_INVISIBLE = {0x200D, 0x200C, 0xFE0E, 0xFE0F, 0x20E3}
_INVISIBLE_RANGES = ((0x1F3FB, 0x1F3FF), (0xE0020, 0xE007F), (0xFE00, 0xFE0F))


@functools.lru_cache(maxsize=1)
def families() -> tuple[str, ...]:
    """Return the font families to use, main font first, then the installed fallbacks."""
    from matplotlib import font_manager

    found = [MAIN]
    for name in FALLBACKS:
        try:
            font_manager.findfont(
                font_manager.FontProperties(family=name), fallback_to_default=False
            )
        except ValueError:
            continue
        found.append(name)
    return tuple(found)


@functools.lru_cache(maxsize=1)
def _charsets() -> tuple[frozenset[int], ...]:
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    sets = []
    for name in families():
        path = font_manager.findfont(font_manager.FontProperties(family=name))
        sets.append(frozenset(FT2Font(path).get_charmap()))
    return tuple(sets)


def _invisible(cp: int) -> bool:
    return cp in _INVISIBLE or any(lo <= cp <= hi for lo, hi in _INVISIBLE_RANGES)


def can_draw(char: str) -> bool:
    """Return True when one of the installed fonts has a glyph for ``char``."""
    cp = ord(char)
    if char.isspace() or unicodedata.category(char) in ("Cc",):
        return True
    return any(cp in chars for chars in _charsets())


def drawable(text: str, *, warn: bool = True) -> str:
    """Return ``text`` with joiners removed and characters no installed font can draw replaced by ``?``.

    Parameters
    ----------
    text
        Resident text: a name, a description.
    warn
        Warn (once per call) when characters were replaced, with their count and what to install.
    """
    out = []
    missing: list[str] = []
    for char in unicodedata.normalize("NFC", text):
        if _invisible(ord(char)):
            continue
        if can_draw(char):
            out.append(char)
        else:
            missing.append(char)
            out.append("?")
    if missing and warn:
        shown = " ".join(f"U+{ord(c):04X}" for c in dict.fromkeys(missing))
        warnings.warn(
            f"{len(missing)} character(s) in {text!r} cannot be drawn by any installed font ({shown}); "
            "they are printed as '?'. Install a font that has them (Debian: fonts-noto-core, fonts-noto-cjk; "
            "Windows has Segoe UI Emoji).",
            stacklevel=2,
        )
    return "".join(out)


def rc(extra: Iterable[tuple[str, object]] = ()) -> dict[str, object]:
    """Return matplotlib rc settings for print maps: our font list, fonts embedded as Type 3 subsets in PDFs.

    Type 3 keeps the text searchable and copyable (with a Unicode map) and is quick; Type 42 would have fontTools
    subset the large fallback fonts (Symbola is 2 MB) for every PDF, which took five seconds a map.
    """
    params: dict[str, object] = {
        "font.family": list(families()),
        "pdf.fonttype": 3,
        "svg.fonttype": "path",
    }
    params.update(dict(extra))
    return params
