"""Style of every wijkassets map: one colour, one symbol and one short label per ABCD category.

The interactive maps (:mod:`wijkassets.render.web`) and the print maps share this module, so a category looks the
same on screen, on paper and in a legend. Choices:

- Category colours are the Okabe-Ito palette (Okabe & Ito 2008, "Color Universal Design"), which readers with
  the common forms of colour blindness can tell apart. Yellow is left out: it vanishes on white paper.
- Every category also has its own *shape*, so the categories stay apart in black-and-white print and for readers
  who see no colour at all.
- Choropleths use ColorBrewer sequential schemes (Brewer, Harrower & Penn State, Apache-2.0 licence): blue-green
  for strengths ("more is better"), orange-red for deficits ("more needs attention"). Single-hue-family
  sequential schemes keep their order in greyscale and for colour-blind readers.

Examples
--------
>>> from wijkassets.render import style
>>> style.category_style("fysieke plek").colour
'#009E73'
>>> style.category_style("fysieke_plek").marker
'D'
>>> style.category_label("instelling", language="en")
'Institutions'
"""

from __future__ import annotations

from dataclasses import dataclass

from wijkassets._errors import WijkassetsError

__all__ = [
    "CATEGORIES",
    "CATEGORY_STYLES",
    "DEFICIT_PALETTES",
    "LINK_COLOUR",
    "MISSING_COLOUR",
    "OUTLINE_COLOUR",
    "STRENGTH_PALETTES",
    "TEXT_COLOUR",
    "BACKGROUND_COLOUR",
    "CategoryStyle",
    "category_label",
    "category_style",
    "sequential_colours",
    "svg_symbol",
]

#: The six ABCD categories, exactly as stored in a register's ``categorie`` column, in legend order.
#: (Same values and order as ``wijkassets.assets.schema.CATEGORIES``; a test keeps them equal.)
CATEGORIES: tuple[str, ...] = (
    "individu",
    "vereniging of netwerk",
    "instelling",
    "fysieke plek",
    "economie en ruil",
    "cultuur en verhaal",
)


@dataclass(frozen=True)
class CategoryStyle:
    """How one ABCD category is drawn.

    Attributes
    ----------
    category
        The value in the register's ``categorie`` column.
    key
        snake_case key (``fysieke_plek``), as in column names like ``n_fysieke_plek``.
    colour
        Fill colour, hex (Okabe-Ito).
    shape
        Shape name used by the web maps' SVG symbols: circle, triangle, square, diamond, pentagon, star.
    marker
        The same shape as a matplotlib marker code (``"o"``, ``"^"``, ``"s"``, ``"D"``, ``"p"``, ``"*"``).
    hatch
        A matplotlib hatch for areas or bars of this category in black-and-white print.
    label_nl, label_en
        Short legend label (plural, plain words).
    description_nl, description_en
        One line for a legend or a help text.
    """

    category: str
    key: str
    colour: str
    shape: str
    marker: str
    hatch: str
    label_nl: str
    label_en: str
    description_nl: str
    description_en: str

    def label(self, language: str | None = None) -> str:
        """Return the short label in ``language`` (default: the current setting)."""
        return self.label_en if _language(language) == "en" else self.label_nl

    def description(self, language: str | None = None) -> str:
        """Return the one-line description in ``language`` (default: the current setting)."""
        return self.description_en if _language(language) == "en" else self.description_nl


CATEGORY_STYLES: dict[str, CategoryStyle] = {
    s.category: s
    for s in (
        CategoryStyle(
            "individu",
            "individu",
            "#E69F00",  # orange
            "circle",
            "o",
            "",
            "Mensen",
            "People",
            "Bewoners met gaven, kennis of tijd",
            "Residents with gifts, skills or time",
        ),
        CategoryStyle(
            "vereniging of netwerk",
            "vereniging_of_netwerk",
            "#56B4E9",  # sky blue
            "triangle",
            "^",
            "///",
            "Verenigingen en netwerken",
            "Associations and networks",
            "Clubs, groepen en netwerken van bewoners",
            "Clubs, groups and residents' networks",
        ),
        CategoryStyle(
            "instelling",
            "instelling",
            "#0072B2",  # blue
            "square",
            "s",
            "\\\\\\",
            "Instellingen",
            "Institutions",
            "Scholen, zorg, bibliotheek, welzijn, overheid",
            "Schools, care, library, social work, government",
        ),
        CategoryStyle(
            "fysieke plek",
            "fysieke_plek",
            "#009E73",  # bluish green
            "diamond",
            "D",
            "...",
            "Plekken",
            "Places",
            "Pleinen, parken, tuinen en ruimtes om samen te komen",
            "Squares, parks, gardens and rooms to meet",
        ),
        CategoryStyle(
            "economie en ruil",
            "economie_en_ruil",
            "#D55E00",  # vermillion
            "pentagon",
            "p",
            "xxx",
            "Economie en ruil",
            "Economy and exchange",
            "Winkels, markten, werk en ruilen",
            "Shops, markets, work and swapping",
        ),
        CategoryStyle(
            "cultuur en verhaal",
            "cultuur_en_verhaal",
            "#CC79A7",  # reddish purple
            "star",
            "*",
            "ooo",
            "Cultuur en verhalen",
            "Culture and stories",
            "Kunst, geschiedenis, tradities en verhalen van de buurt",
            "Art, history, traditions and the neighbourhood's stories",
        ),
    )
}

#: Colours that are not categories.
OUTLINE_COLOUR = "#3b3b3b"  # buurt outlines
TEXT_COLOUR = "#1a1a1a"
LINK_COLOUR = "#555555"  # lines between linked assets (drawn dashed)
MISSING_COLOUR = "#d9d9d9"  # choropleth: no figure (secret or missing at CBS)
BACKGROUND_COLOUR = "#f7f5f0"  # plain map background when there is no tile layer

# ColorBrewer sequential schemes, 3 to 7 classes (light to dark).
#: Strengths: blue-green ("GnBu"), more is better.
STRENGTH_PALETTES: dict[int, tuple[str, ...]] = {
    3: ("#e0f3db", "#a8ddb5", "#43a2ca"),
    4: ("#f0f9e8", "#bae4bc", "#7bccc4", "#2b8cbe"),
    5: ("#f0f9e8", "#bae4bc", "#7bccc4", "#43a2ca", "#0868ac"),
    6: ("#f0f9e8", "#ccebc5", "#a8ddb5", "#7bccc4", "#43a2ca", "#0868ac"),
    7: ("#f0f9e8", "#ccebc5", "#a8ddb5", "#7bccc4", "#4eb3d3", "#2b8cbe", "#08589e"),
}
#: Deficits: orange-red ("OrRd"), more needs attention.
DEFICIT_PALETTES: dict[int, tuple[str, ...]] = {
    3: ("#fee8c8", "#fdbb84", "#e34a33"),
    4: ("#fef0d9", "#fdcc8a", "#fc8d59", "#d7301f"),
    5: ("#fef0d9", "#fdcc8a", "#fc8d59", "#e34a33", "#b30000"),
    6: ("#fef0d9", "#fdd49e", "#fdbb84", "#fc8d59", "#e34a33", "#b30000"),
    7: ("#fef0d9", "#fdd49e", "#fdbb84", "#fc8d59", "#ef6548", "#d7301f", "#990000"),
}

_KEYS = {s.key: s for s in CATEGORY_STYLES.values()}


def _language(language: str | None) -> str:
    if language is None:
        from wijkassets.settings import get_language

        return get_language()
    return language


def category_style(category: str) -> CategoryStyle:
    """Return the style of one ABCD category.

    Parameters
    ----------
    category
        The register value (``"fysieke plek"``) or its snake_case key (``"fysieke_plek"``); case and surrounding
        spaces are ignored.

    Raises
    ------
    WijkassetsError
        For a value that is not one of the six categories.
    """
    value = str(category).strip().lower()
    found = CATEGORY_STYLES.get(value) or _KEYS.get(value)
    if found is None:
        msg = (
            f"Unknown ABCD category {category!r}. Use one of: "
            + ", ".join(repr(c) for c in CATEGORIES)
            + "."
        )
        raise WijkassetsError(msg)
    return found


def category_label(category: str, *, language: str | None = None) -> str:
    """Return the short legend label of a category in ``language`` (default: the current setting)."""
    return category_style(category).label(language)


def sequential_colours(k: int, *, polarity: str = "strength") -> list[str]:
    """Return ``k`` colours, light to dark, for a choropleth of a strength or a deficit.

    Parameters
    ----------
    k
        Number of classes, 1 to 7 (fewer than 3 classes use the lightest and darkest of the 3-class scheme).
    polarity
        ``"strength"`` (blue-green) or ``"deficit"`` (orange-red); ``"neutral"`` gets the strength scheme.
    """
    if polarity not in ("strength", "deficit", "neutral"):
        msg = f"polarity={polarity!r}: use 'strength', 'deficit' or 'neutral'."
        raise WijkassetsError(msg)
    if not 1 <= k <= 7:
        msg = f"k={k}: choose between 1 and 7 classes; more cannot be told apart on a map."
        raise WijkassetsError(msg)
    palettes = DEFICIT_PALETTES if polarity == "deficit" else STRENGTH_PALETTES
    if k >= 3:
        return list(palettes[k])
    three = palettes[3]
    return [three[2]] if k == 1 else [three[0], three[2]]


def _star_points(cx: float, cy: float, r_out: float, r_in: float, n: int) -> str:
    import math

    pts = []
    for i in range(2 * n):
        r = r_out if i % 2 == 0 else r_in
        a = -math.pi / 2 + i * math.pi / n
        pts.append(f"{cx + r * math.cos(a):.1f},{cy + r * math.sin(a):.1f}")
    return " ".join(pts)


def svg_symbol(category: str, *, size: int = 18, stroke: str = "#ffffff") -> str:
    """Return an inline SVG of the category's symbol (its shape filled with its colour).

    Used by web markers and legends; the SVG is self-contained (no fonts, no images), so pages stay offline.

    Parameters
    ----------
    category
        Register value or key.
    size
        Width and height in CSS pixels.
    stroke
        Outline colour; white keeps a symbol visible on top of a dark area.
    """
    st = category_style(category)
    shapes = {
        "circle": '<circle cx="12" cy="12" r="9.5"/>',
        "triangle": '<polygon points="12,2 22.5,20.5 1.5,20.5"/>',
        "square": '<rect x="3.5" y="3.5" width="17" height="17"/>',
        "diamond": '<polygon points="12,1.5 22.5,12 12,22.5 1.5,12"/>',
        "pentagon": '<polygon points="12,2 22,9.3 18.2,21 5.8,21 2,9.3"/>',
        "star": f'<polygon points="{_star_points(12, 13, 11.5, 5, 5)}"/>',
    }
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 24 24" '
        f'aria-hidden="true" focusable="false"><g fill="{st.colour}" stroke="{stroke}" '
        f'stroke-width="1.6" stroke-linejoin="round">{shapes[st.shape]}</g></svg>'
    )
