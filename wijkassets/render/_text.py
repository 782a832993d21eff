"""Words and number formats of the web maps, in Dutch (default) and English."""

from __future__ import annotations

import datetime as dt
import html
import math
from typing import Any

_NL_MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
_EN_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def day_text(day: dt.date, language: str) -> str:
    """Write ``day`` out as ``3 mei 2026`` (Dutch) or ``3 May 2026`` (English), whatever the locale."""
    months = _NL_MONTHS if language == "nl" else _EN_MONTHS
    return f"{day.day} {months[day.month - 1]} {day.year}"


TEXT: dict[str, dict[str, str]] = {
    "nl": {
        "strengths_title": "Wat de buurt heeft",
        "strengths_subtitle": "Sterktes die bewoners hebben vastgelegd",
        "legend_heading": "Sterktes in de buurt",
        "links": "Verbindingen tussen sterktes",
        "link_legend": "Verbinding tussen twee sterktes",
        "areas": "Buurten",
        "area_legend": "Buurtgrens",
        "area_names": "Buurtnamen",
        "tiles": "Straatkaart (OpenStreetMap, alleen online)",
        "osm_credit": "Kaart: © OpenStreetMap-bijdragers",
        "cbs_credit": "Bron: CBS",
        "boundaries": "buurtgrenzen",
        "register": "Register",
        "updated": "bijgewerkt",
        "ended_hidden": "{n} beëindigde sterkte(s) niet getoond",
        "no_place_hidden": "{n} sterkte(s) zonder plek niet getoond",
        "private_banner": "PRIVÉ-WEERGAVE: bevat persoonsgegevens. Niet delen of publiceren.",
        "category": "Soort",
        "tags": "Trefwoorden",
        "last_seen": "Laatst gezien",
        "source": "Bron",
        "recorded_by": "Vastgelegd door",
        "recorded_on": "Vastgelegd op",
        "privacy": "Zichtbaarheid",
        "consent": "Toestemming",
        "yes": "ja",
        "no": "nee",
        "id": "Nummer",
        "no_figure": "geen cijfer (geheim of onbekend)",
        "strength": "Sterkte",
        "deficit": "Tekort",
        "side_title": "Sterktes naast tekorten",
        "classes_note": "Indeling: {scheme}, {k} klassen",
        "inhabitants": "inwoners",
        "assets_per_1000": "Sterktes per 1.000 inwoners",
        "n_assets": "Aantal sterktes",
        "hover_hint": "Wijs een buurt aan voor de cijfers.",
        "link": "Verbinding",
        "more_is_better": "meer = sterker",
        "more_needs_attention": "hoger = meer aandacht nodig",
    },
    "en": {
        "strengths_title": "What the neighbourhood has",
        "strengths_subtitle": "Strengths recorded by residents",
        "legend_heading": "Strengths in the neighbourhood",
        "links": "Links between strengths",
        "link_legend": "Link between two strengths",
        "areas": "Neighbourhoods",
        "area_legend": "Neighbourhood boundary",
        "area_names": "Neighbourhood names",
        "tiles": "Street map (OpenStreetMap, online only)",
        "osm_credit": "Map: © OpenStreetMap contributors",
        "cbs_credit": "Source: CBS (Bron: CBS)",
        "boundaries": "boundaries",
        "register": "Register",
        "updated": "updated",
        "ended_hidden": "{n} ended strength(s) not shown",
        "no_place_hidden": "{n} strength(s) without a location not shown",
        "private_banner": "PRIVATE VIEW: contains personal data. Do not share or publish.",
        "category": "Kind",
        "tags": "Tags",
        "last_seen": "Last seen",
        "source": "Source",
        "recorded_by": "Recorded by",
        "recorded_on": "Recorded on",
        "privacy": "Visibility",
        "consent": "Consent",
        "yes": "yes",
        "no": "no",
        "id": "Number",
        "no_figure": "no figure (secret or unknown)",
        "strength": "Strength",
        "deficit": "Deficit",
        "side_title": "Strengths next to deficits",
        "classes_note": "Classes: {scheme}, {k} classes",
        "inhabitants": "residents",
        "assets_per_1000": "Strengths per 1,000 residents",
        "n_assets": "Number of strengths",
        "hover_hint": "Point at a neighbourhood to see its figures.",
        "link": "Link",
        "more_is_better": "more = stronger",
        "more_needs_attention": "higher = needs more attention",
    },
}

SCHEME_NAMES = {
    "nl": {
        "quantiles": "kwantielen (ongeveer even veel gebieden per klasse)",
        "naturalbreaks": "natuurlijke grenzen (Jenks)",
        "fisherjenks": "natuurlijke grenzen (Fisher-Jenks)",
        "equalinterval": "gelijke stappen",
    },
    "en": {
        "quantiles": "quantiles (about as many areas per class)",
        "naturalbreaks": "natural breaks (Jenks)",
        "fisherjenks": "natural breaks (Fisher-Jenks)",
        "equalinterval": "equal intervals",
    },
}


def t(key: str, language: str) -> str:
    """Return the text ``key`` in ``language``."""
    return TEXT[language][key]


def plain(value: Any) -> str:
    """Return ``value`` as text, not escaped (for ``textContent`` in the page); ``None``/NaN become ``""``."""
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    try:
        import pandas as pd

        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return str(value)


def esc(value: Any) -> str:
    """Return ``value`` as HTML-escaped text (quotes too); ``None``/NaN become an empty string."""
    return html.escape(plain(value), quote=True)


def fmt_number(value: float, language: str, *, decimals: int = 1) -> str:
    """Format a number the way a reader expects: ``1.234,5`` in Dutch, ``1,234.5`` in English."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:,.{decimals}f}"
    if language == "nl":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text


def fmt_date(value: Any, language: str) -> str:
    """Format a date as ``3 mei 2026`` (Dutch) or ``3 May 2026`` (English); other values as text."""
    if value is None:
        return ""
    try:
        import pandas as pd

        if pd.isna(value):
            return ""
        day = pd.Timestamp(value).date()
    except (TypeError, ValueError):
        return str(value)
    if not isinstance(day, dt.date):
        return str(value)
    return day_text(day, language)
