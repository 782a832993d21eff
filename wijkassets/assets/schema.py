"""The one definition of an ABCD asset and a link, used by import, validation, storage, export and the maps.

An **asset** is something a neighbourhood *has*, as residents record it on a walk or in a workshop. Each asset
is one row with these columns (the register's ``assets`` layer, in this order):

=================  ==========  ===========================================================================
column             type        meaning
=================  ==========  ===========================================================================
``id``             text        stable identifier; generated from name, category and place when a file has
                               none (so re-importing the same file does not duplicate)
``naam``           text        name, as typed (any script, emoji welcome; never trusted as HTML)
``categorie``      text        one of :data:`CATEGORIES` (English labels are accepted on import)
``tags``           text        free tags joined by ``;`` (e.g. ``natuur;ontmoetingsplek``)
``beschrijving``   text        description, as typed
``vastgelegd_door`` text       who recorded it. **Personal**: never in a public export
``vastgelegd_op``  date        when it was recorded (ISO ``YYYY-MM-DD``); default: the import date
``bron``           text        how it was recorded: wandeling, workshop, kobo, umap, csv, ... default: the
                               kind of file imported
``laatst_gezien``  date        when someone last saw it was still there (registers go stale)
``beeindigd``      date        when it stopped; a closed initiative stays in the register and its history
``privacy``        text        ``openbaar`` (may be published), ``buurt`` (shown within the neighbourhood,
                               e.g. a printed map in the buurthuis) or ``prive`` (only in the register);
                               default ``prive`` for ``individu``, ``openbaar`` for the rest
``toestemming``    bool        for ``individu``: the person agreed to be shown (without it an individual
                               never leaves the register)
``geometry``       Point or    where it is, EPSG:28992 (RD New); a polygon for a park or a square
                   Polygon
=================  ==========  ===========================================================================

Dates are stored as ISO text (``"2024-05-17"``) or missing; ``pd.to_datetime`` turns them into dates.

A **link** joins two assets, for informal networks: ``van`` (asset id), ``naar`` (asset id), ``soort``
(e.g. "werkt samen met", "komt samen in") and an optional ``notitie``. A link that touches an ``individu`` is
personal data too: it never leaves the register in a public export.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

CRS = "EPSG:28992"
"""The register's coordinate reference system (RD New, metres)."""

CATEGORIES: tuple[str, ...] = (
    "individu",
    "vereniging of netwerk",
    "instelling",
    "fysieke plek",
    "economie en ruil",
    "cultuur en verhaal",
)
"""The six ABCD categories, exactly as stored in the column ``categorie``, in this order."""

CATEGORY_LABELS_NL: dict[str, str] = {
    "individu": "individu (gaven en talenten)",
    "vereniging of netwerk": "vereniging of netwerk",
    "instelling": "instelling",
    "fysieke plek": "fysieke plek",
    "economie en ruil": "economie en ruil",
    "cultuur en verhaal": "cultuur en verhaal",
}
CATEGORY_LABELS_EN: dict[str, str] = {
    "individu": "individual (gifts and talents)",
    "vereniging of netwerk": "association or network",
    "instelling": "institution",
    "fysieke plek": "physical place",
    "economie en ruil": "economy and exchange",
    "cultuur en verhaal": "culture and story",
}
CATEGORY_DESCRIPTIONS_NL: dict[str, str] = {
    "individu": "wat een bewoner kan en wil delen: koken, repareren, taal, muziek, zorg",
    "vereniging of netwerk": "verenigingen, clubs, informele groepen, moskee- en kerkgemeenschappen, appgroepen",
    "instelling": "scholen, bibliotheek, buurthuis, zorg, woningcorporatie, politie",
    "fysieke plek": "pleinen, parken, moestuinen, speelplekken, bankjes, ontmoetingsplekken",
    "economie en ruil": "winkels, markt, ondernemers, ruilplekken, weggeefkasten, repair cafés",
    "cultuur en verhaal": "verhalen, tradities, feesten, kunst, erfgoed, gedeelde geschiedenis",
}

_EXTRA_CATEGORY_ALIASES: dict[str, str] = {
    # Dutch variants and the English labels' short forms, as people type them in a spreadsheet
    "individuen": "individu",
    "personen": "individu",
    "mensen": "individu",
    "verenigingen en netwerken": "vereniging of netwerk",
    "netwerken": "vereniging of netwerk",
    "associations and networks": "vereniging of netwerk",
    "fysieke plekken": "fysieke plek",
    "plekken": "fysieke plek",
    "physical places": "fysieke plek",
    "places": "fysieke plek",
    "cultuur en verhalen": "cultuur en verhaal",
    "culture and stories": "cultuur en verhaal",
    "economy and exchange": "economie en ruil",
    "bewoner": "individu",
    "gaven en talenten": "individu",
    "talent": "individu",
    "individual": "individu",
    "individuals": "individu",
    "gifts": "individu",
    "gifts of individuals": "individu",
    "vereniging": "vereniging of netwerk",
    "netwerk": "vereniging of netwerk",
    "verenigingen": "vereniging of netwerk",
    "association": "vereniging of netwerk",
    "associations": "vereniging of netwerk",
    "network": "vereniging of netwerk",
    "instellingen": "instelling",
    "organisatie": "instelling",
    "institution": "instelling",
    "institutions": "instelling",
    "plek": "fysieke plek",
    "fysieke ruimte": "fysieke plek",
    "place": "fysieke plek",
    "physical space": "fysieke plek",
    "physical assets": "fysieke plek",
    "economie": "economie en ruil",
    "ruil": "economie en ruil",
    "economy": "economie en ruil",
    "exchange": "economie en ruil",
    "local economy": "economie en ruil",
    "cultuur": "cultuur en verhaal",
    "verhaal": "cultuur en verhaal",
    "verhalen": "cultuur en verhaal",
    "culture": "cultuur en verhaal",
    "story": "cultuur en verhaal",
    "stories": "cultuur en verhaal",
}

PRIVACY_LEVELS: tuple[str, ...] = ("openbaar", "buurt", "prive")
"""Who may see an asset: everyone, the neighbourhood, or only the register's keepers."""

_PRIVACY_ALIASES: dict[str, str] = {
    "openbaar": "openbaar",
    "public": "openbaar",
    "publiek": "openbaar",
    "buurt": "buurt",
    "neighbourhood": "buurt",
    "neighborhood": "buurt",
    "wijk": "buurt",
    "prive": "prive",
    "private": "prive",
    "iedereen (openbaar)": "openbaar",
    "everyone (public)": "openbaar",
    "alleen de buurt": "buurt",
    "the neighbourhood only": "buurt",
    "alleen het register (prive)": "prive",
    "the register only (private)": "prive",
    "besloten": "prive",
    "geheim": "prive",
}

LINK_KINDS: tuple[str, ...] = (
    "werkt samen met",
    "komt samen in",
    "is onderdeel van",
    "kent",
    "gebruikt",
    "helpt",
)
"""Suggested kinds of link (any text is allowed)."""

SUGGESTED_TAGS: tuple[str, ...] = (
    "ontmoetingsplek",
    "natuur",
    "evenement",
    "eten",
    "sport",
    "spelen",
    "jongeren",
    "ouderen",
    "kinderen",
    "taal",
    "zorg",
    "geloof",
    "kunst",
    "muziek",
    "ruil",
    "reparatie",
    "werk",
    "geschiedenis",
)

SOURCE_KINDS: tuple[str, ...] = (
    "wandeling",
    "workshop",
    "kobo",
    "odk",
    "umap",
    "csv",
    "xlsx",
    "geojson",
    "gpkg",
    "register",
)
"""Usual values of ``bron`` (any text is allowed; the import fills in the kind of file)."""


@dataclass(frozen=True)
class Column:
    """One column of the register: its name, kind, whether it is personal data, and the names accepted."""

    name: str
    kind: str  # "text" | "category" | "tags" | "date" | "privacy" | "bool" | "geometry"
    label_nl: str
    label_en: str
    personal: bool = False
    required: bool = False
    aliases: tuple[str, ...] = ()


ASSET_COLUMNS: tuple[Column, ...] = (
    Column("id", "text", "id", "id", aliases=("asset_id", "identifier", "code", "nummer", "nr")),
    Column(
        "naam",
        "text",
        "naam",
        "name",
        required=True,
        aliases=(
            "name",
            "titel",
            "title",
            "label",
            "asset",
            "wat",
            "naam van de asset",  # the labels of the XLSForm (a Kobo export "with labels")
            "name of the asset",
        ),
    ),
    Column(
        "categorie",
        "category",
        "categorie",
        "category",
        required=True,
        aliases=(
            "category",
            "kategorie",
            "cat",
            "abcd_categorie",
            "asset_categorie",
            "soort_asset",
            "kind of asset",
        ),
    ),
    Column("tags", "tags", "tags", "tags", aliases=("labels", "trefwoorden", "keywords", "tag")),
    Column(
        "beschrijving",
        "text",
        "beschrijving",
        "description",
        aliases=("description", "omschrijving", "toelichting", "opmerking", "opmerkingen"),
    ),
    Column(
        "vastgelegd_door",
        "text",
        "vastgelegd door",
        "recorded by",
        personal=True,
        aliases=(
            "recorded_by",
            "ingevoerd_door",
            "ingevuld_door",
            "door",
            "auteur",
            "author",
            "contributor",
            "wie",
            "uw naam (alleen voor het register)",
            "your name (kept in the register only)",
        ),
    ),
    Column(
        "vastgelegd_op",
        "date",
        "vastgelegd op",
        "recorded on",
        aliases=("recorded_on", "recorded_at", "datum", "date"),
    ),
    Column("bron", "text", "bron", "source", aliases=("source",)),
    Column(
        "laatst_gezien", "date", "laatst gezien", "last seen", aliases=("last_seen", "gezien_op")
    ),
    Column(
        "beeindigd",
        "date",
        "beëindigd",
        "ended",
        aliases=("ended", "gestopt", "opgeheven", "closed", "end_date", "einddatum"),
    ),
    Column(
        "privacy",
        "privacy",
        "privacy",
        "privacy",
        aliases=(
            "zichtbaarheid",
            "visibility",
            "zichtbaar",
            "wie mag dit zien?",
            "who may see this?",
        ),
    ),
    Column(
        "toestemming",
        "bool",
        "toestemming",
        "consent",
        aliases=(
            "consent",
            "akkoord",
            "toestemming_gegeven",
            "heeft de persoon toestemming gegeven om op de kaart te staan?",
            "did the person agree to be on the map?",
        ),
    ),
    Column("geometry", "geometry", "locatie", "location"),
)
"""The register's asset columns, in order."""

COLUMNS: tuple[str, ...] = tuple(c.name for c in ASSET_COLUMNS)
"""Names of the asset columns, in order (``geometry`` last)."""

PERSONAL_COLUMNS: tuple[str, ...] = tuple(c.name for c in ASSET_COLUMNS if c.personal)
"""Columns that hold personal data and never appear in a public export."""

DATE_COLUMNS: tuple[str, ...] = tuple(c.name for c in ASSET_COLUMNS if c.kind == "date")

LINK_COLUMNS: tuple[Column, ...] = (
    Column("van", "text", "van", "from", required=True, aliases=("from", "bron_id")),
    Column("naar", "text", "naar", "to", required=True, aliases=("to", "target", "doel_id")),
    Column("soort", "text", "soort", "kind", aliases=("kind", "type", "relatie", "relation")),
    Column("notitie", "text", "notitie", "note", aliases=("note", "notes", "opmerking")),
)
"""The register's link columns, in order."""

HISTORY_COLUMNS: tuple[str, ...] = (
    "id",
    "actie",
    "veld",
    "oude_waarde",
    "nieuwe_waarde",
    "gewijzigd_op",
    "bestand",
)
"""The register's history layer: one row per change (``actie``: toegevoegd, gewijzigd, verwijderd)."""

COORDINATE_ALIASES: dict[str, tuple[str, ...]] = {
    "lat": ("lat", "latitude", "breedtegraad", "y_wgs84", "wgs84_lat"),
    "lon": ("lon", "lng", "long", "longitude", "lengtegraad", "x_wgs84", "wgs84_lon"),
    "x": ("x", "rd_x", "x_rd", "xcoord", "x_coord", "x_coordinaat", "rdx"),
    "y": ("y", "rd_y", "y_rd", "ycoord", "y_coord", "y_coordinaat", "rdy"),
    "wkt": ("wkt", "geometrie", "geometry", "geom", "the_geom"),
}
"""Accepted names of coordinate columns: degrees (lat/lon), RD New (x/y), or a WKT shape."""

ADDRESS_ALIASES: dict[str, tuple[str, ...]] = {
    "adres": ("adres", "address", "volledig_adres"),
    "straat": ("straat", "straatnaam", "street", "openbare_ruimte"),
    "huisnummer": ("huisnummer", "huisnr", "house_number", "housenumber", "nummer_huis"),
    "postcode": ("postcode", "postal_code", "zip", "zipcode", "post_code"),
    "plaats": ("plaats", "woonplaats", "plaatsnaam", "city", "town", "gemeente"),
}
"""Accepted names of address columns; an address is geocoded through PDOK's Locatieserver."""

FORM_METADATA: frozenset[str] = frozenset(
    {
        # KoboToolbox / Enketo
        "start",
        "end",
        "today",
        "deviceid",
        "subscriberid",
        "simserial",
        "phonenumber",
        "username",
        "email",
        "audit",
        "_id",
        "_uuid",
        "_submission_time",
        "_submitted_by",
        "_validation_status",
        "_notes",
        "_status",
        "_tags",
        "_index",
        "_parent_index",
        "_parent_table_name",
        "_version_",
        "__version__",
        "_xform_id_string",
        "_attachments",
        "_geolocation",
        "_media_count",
        "_total_media",
        "_media_all_received",
        "meta/instanceid",
        "meta/instancename",
        "meta/deprecatedid",
        "formhub/uuid",
        # ODK Central
        "submissiondate",
        "meta-instanceid",
        "meta-instancename",
        "key",
        "submitterid",
        "submittername",
        "attachmentspresent",
        "attachmentsexpected",
        "status",
        "reviewstate",
        "edits",
        "formversion",
    }
)
"""Form metadata of KoboToolbox and ODK exports (lower case). It is never stored: it identifies phones and
people and says nothing about the asset."""


def _fold(text: str) -> str:
    """Return ``text`` lower-cased, without accents, with runs of space/dash/dot as one underscore."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    out = []
    for ch in plain.strip().lower():
        out.append("_" if ch in " -.\t" else ch)
    folded = "".join(out)
    while "__" in folded:
        folded = folded.replace("__", "_")
    return folded.strip("_")


def _category_lookup() -> dict[str, str]:
    table: dict[str, str] = {}
    for cat in CATEGORIES:
        for name in (cat, category_key(cat), CATEGORY_LABELS_NL[cat], CATEGORY_LABELS_EN[cat]):
            table[_fold(name)] = cat
    for alias, cat in _EXTRA_CATEGORY_ALIASES.items():
        table[_fold(alias)] = cat
    return table


def category_key(cat: str) -> str:
    """Return the snake_case key of a category (``"fysieke plek"`` -> ``"fysieke_plek"``).

    Raises
    ------
    ValueError
        When ``cat`` is not one of :data:`CATEGORIES` (or a label/alias of one).
    """
    if cat in CATEGORIES:
        return cat.replace(" ", "_")
    found = normalise_category(cat)
    if found is None:
        raise ValueError(f"Unknown category {cat!r}. Use one of: {', '.join(CATEGORIES)}.")
    return found.replace(" ", "_")


CATEGORY_KEYS: dict[str, str] = {cat: cat.replace(" ", "_") for cat in CATEGORIES}
"""Category -> snake_case key."""


def normalise_category(value: object) -> str | None:
    """Return the stored category for a typed value (Dutch, English, key or common alias), or None."""
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    return _category_lookup().get(_fold(text))


def category_label(cat: str, *, language: str | None = None) -> str:
    """Return the label of a category in the current language (``settings.get_language()``)."""
    from wijkassets import settings

    lang = language or settings.get_language()
    stored = normalise_category(cat) or cat
    labels = CATEGORY_LABELS_EN if lang == "en" else CATEGORY_LABELS_NL
    return labels.get(stored, stored)


def allowed_categories_text() -> str:
    """Return the allowed categories with their English labels, for messages."""
    return "; ".join(f"{cat} ({CATEGORY_LABELS_EN[cat]})" for cat in CATEGORIES)


def suggest_category(value: str) -> str | None:
    """Return the closest category for a misspelt value, or None when nothing is close."""
    from rapidfuzz import fuzz, process

    choices = _category_lookup()
    match = process.extractOne(_fold(value), list(choices), scorer=fuzz.WRatio, score_cutoff=80)
    return choices[match[0]] if match else None


def normalise_privacy(value: object) -> str | None:
    """Return ``openbaar``/``buurt``/``prive`` for a typed value (``privé``, ``public``, ...), or None."""
    if value is None:
        return None
    return {_fold(k): v for k, v in _PRIVACY_ALIASES.items()}.get(_fold(str(value)))


def default_privacy(categorie: str) -> str:
    """Return the privacy applied when none is given: ``prive`` for ``individu``, else ``openbaar``."""
    return "prive" if categorie == "individu" else "openbaar"


_TRUE = {"1", "ja", "j", "yes", "y", "true", "waar", "x", "akkoord", "gegeven", "wel"}
_FALSE = {"0", "nee", "n", "no", "false", "onwaar", "niet", "geen", "-"}


def parse_bool(value: object) -> bool | None:
    """Return True/False for a typed yes/no (ja, nee, 1, 0, x, yes, no, true, false), None if unclear."""
    if isinstance(value, bool):
        return value
    text = _fold(str(value)) if value is not None else ""
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return None


def column_lookup(columns: tuple[Column, ...] = ASSET_COLUMNS) -> dict[str, str]:
    """Return accepted (folded) column names -> the register's column name."""
    table: dict[str, str] = {}
    for col in columns:
        for name in (col.name, col.label_nl, col.label_en, *col.aliases):
            table.setdefault(_fold(name), col.name)
    return table


def fold_name(name: str) -> str:
    """Return a column name folded for matching (lower case, no accents, ``_`` for spaces and dashes)."""
    return _fold(name)


def empty_assets() -> gpd.GeoDataFrame:
    """Return an empty asset table with the register's columns and types."""
    import geopandas as gpd
    import pandas as pd

    data: dict[str, pd.Series] = {}
    for col in ASSET_COLUMNS:
        if col.kind == "geometry":
            continue
        data[col.name] = pd.Series([], dtype="bool" if col.kind == "bool" else "str")
    return gpd.GeoDataFrame(data, geometry=gpd.GeoSeries([], crs=CRS), crs=CRS)


def empty_links() -> pd.DataFrame:
    """Return an empty link table with the register's columns."""
    import pandas as pd

    return pd.DataFrame({c.name: pd.Series([], dtype="str") for c in LINK_COLUMNS})


def empty_history() -> pd.DataFrame:
    """Return an empty history table."""
    import pandas as pd

    return pd.DataFrame({c: pd.Series([], dtype="str") for c in HISTORY_COLUMNS})


def conform_assets(assets: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return ``assets`` with exactly the register's columns, in order, typed (text, bool, EPSG:28992).

    Missing text columns are added empty; ``toestemming`` is False where missing.
    """
    import geopandas as gpd
    import pandas as pd

    if assets.crs is None:
        assets = assets.set_crs(CRS)
    elif assets.crs.to_epsg() != 28992:
        assets = assets.to_crs(CRS)
    out: dict[str, pd.Series] = {}
    n = len(assets)
    for col in ASSET_COLUMNS:
        if col.kind == "geometry":
            continue
        if col.name in assets.columns:
            series = assets[col.name]
        else:
            series = pd.Series([pd.NA] * n, index=assets.index, dtype="object")
        if col.kind == "bool":
            series = series.map(lambda v: bool(parse_bool(v))).astype("bool")
        else:
            series = text_series(series)
        out[col.name] = series
    result = gpd.GeoDataFrame(out, geometry=assets.geometry.values, crs=CRS, index=assets.index)
    return result.reset_index(drop=True)


def conform_links(links: pd.DataFrame) -> pd.DataFrame:
    """Return ``links`` with exactly the register's link columns (text), in order."""
    import pandas as pd

    out = {}
    for col in LINK_COLUMNS:
        series = (
            links[col.name]
            if col.name in links.columns
            else pd.Series([pd.NA] * len(links), index=links.index, dtype="object")
        )
        out[col.name] = text_series(series)
    return pd.DataFrame(out).reset_index(drop=True)


def text_series(series: Any) -> Any:
    """Return ``series`` as text (pandas ``str`` dtype) with missing and empty values as NA."""
    import pandas as pd

    text = series.astype("str").where(series.notna(), pd.NA)
    return text.where(text.str.len() > 0, pd.NA)
