"""The registry of Kerncijfers wijken en buurten (KWB) tables: one CBS table id per year.

KWB tables have no period dimension: each year is its own table, and the year comes from the table. Each id below
was checked against CBS documentation (the table's own StatLine page ``cbs.nl/nl-nl/cijfers/detail/<id>``, whose
title names the year, or a recorded ``TableInfos`` answer); an id that could not be checked is marked
``verified=False`` and says so wherever it is shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from wijkassets._errors import WijkassetsError


@dataclass(frozen=True)
class KwbTable:
    """One year's KWB table: its CBS id, whether the id was checked, and where it was checked."""

    year: int
    table_id: str
    verified: bool
    checked_against: str

    @property
    def title(self) -> str:
        """Return the CBS title of the table."""
        return f"Kerncijfers wijken en buurten {self.year}"

    @property
    def source(self) -> str:
        """Return the source line shown with every figure from this table."""
        mark = "" if self.verified else ", tabelnummer niet geverifieerd"
        return f"CBS, {self.title} ({self.table_id}{mark})"


_PAGE = (
    "StatLine page cbs.nl/nl-nl/cijfers/detail/{id} titled 'Kerncijfers wijken en buurten {year}'"
)

TABLES: dict[int, KwbTable] = {
    t.year: t
    for t in [
        KwbTable(2013, "82339NED", True, _PAGE.format(id="82339NED", year=2013)),
        KwbTable(2014, "82931NED", True, _PAGE.format(id="82931NED", year=2014)),
        KwbTable(
            2015,
            "83220NED",
            False,
            "not found in the CBS documentation available offline; id from the KWB numbering, unchecked",
        ),
        KwbTable(2016, "83487NED", True, _PAGE.format(id="83487NED", year=2016)),
        KwbTable(2017, "83765NED", True, _PAGE.format(id="83765NED", year=2017)),
        KwbTable(2018, "84286NED", True, _PAGE.format(id="84286NED", year=2018)),
        KwbTable(2019, "84583NED", True, _PAGE.format(id="84583NED", year=2019)),
        KwbTable(2020, "84799NED", True, _PAGE.format(id="84799NED", year=2020)),
        KwbTable(2021, "85039NED", True, _PAGE.format(id="85039NED", year=2021)),
        KwbTable(2022, "85318NED", True, _PAGE.format(id="85318NED", year=2022)),
        KwbTable(2023, "85618NED", True, _PAGE.format(id="85618NED", year=2023)),
        KwbTable(
            2024,
            "85984NED",
            True,
            "recorded TableInfos (Identifier 85984NED, Period 2024) and DataProperties in data/cbs/",
        ),
    ]
}

FIRST_YEAR = min(TABLES)
LATEST_YEAR = max(TABLES)

_TABLE_ID = re.compile(r"(?<![0-9A-Za-z])([0-9]{5}(?:NED|ENG))(?![0-9A-Za-z])", re.IGNORECASE)


def kwb_table(year: int) -> KwbTable:
    """Return the KWB table of ``year``; raise a user error naming the known years otherwise."""
    try:
        y = int(year)
    except (TypeError, ValueError):
        y = None
    if y is None or y not in TABLES:
        raise WijkassetsError(
            f"No Kerncijfers wijken en buurten table is known for year {year!r}. "
            f"Known years: {FIRST_YEAR}..{LATEST_YEAR} (see: wijkassets kwb tables)."
        )
    return TABLES[y]


def resolve_table(year: int) -> KwbTable:
    """Return the KWB table of ``year``: from the registry, else (a year after the registry) from CBS.

    A year newer than the registry is looked up in the CBS catalogue (``ODataCatalog/Tables``, the table titled
    "Kerncijfers wijken en buurten <year>") when online; the answer is cached, so it also works offline later.
    Such an id is marked unverified.
    """
    try:
        y = int(year)
    except (TypeError, ValueError):
        return kwb_table(year)
    if y in TABLES or y < FIRST_YEAR:
        return kwb_table(y)
    found = lookup_in_cbs_catalogue(y)
    if found is None:
        return kwb_table(y)
    return KwbTable(
        y, found, False, "found online in the CBS catalogue (ODataCatalog/Tables) by its title"
    )


def lookup_in_cbs_catalogue(year: int) -> str | None:
    """Return the id of the CBS table titled "Kerncijfers wijken en buurten <year>" (cached), or None."""
    from wijkassets import _cache, _http, settings
    from wijkassets.cbs import odata

    title = f"Kerncijfers wijken en buurten {year}"
    url = f"{odata.CBS_ODATA_URL.rstrip('/')}/ODataCatalog/Tables"
    params = {"$format": "json", "$filter": f"Title eq '{title}'", "$select": "Identifier,Title"}
    key = _cache.canonical_key(url, params)
    value = _cache.get_json(odata.NAMESPACE, key)
    if value is None:
        if settings.is_offline():
            return None
        try:
            response = _http.get(url, params, what=f"the CBS catalogue entry for {title}")
            value = response.json().get("value", [])
        except (WijkassetsError, ValueError):
            return None
        if value:
            _cache.put_json(odata.NAMESPACE, key, value)
    for item in value or []:
        ident = str(item.get("Identifier", "")).strip()
        if str(item.get("Title", "")).strip() == title and _TABLE_ID.fullmatch(ident):
            return ident.upper()
    return None


def table_id(year: int) -> str:
    """Return the CBS table id of the KWB table of ``year`` (e.g. 2019 -> ``"84583NED"``)."""
    return kwb_table(year).table_id


def year_of_table(table: str) -> int | None:
    """Return the year of a KWB table id, or None when the id is not a known KWB table."""
    wanted = table.strip().upper()
    for t in TABLES.values():
        if t.table_id.upper() == wanted:
            return t.year
    return None


def find_table_id(text: str) -> str | None:
    """Return the first CBS table id (``NNNNNNED``) that occurs in ``text``, or None."""
    m = _TABLE_ID.search(text)
    return m.group(1).upper() if m else None


def tables_frame() -> pd.DataFrame:
    """Return the registry as a table: year, table_id, verified, title, checked_against."""
    rows = [
        {
            "year": t.year,
            "table_id": t.table_id,
            "verified": t.verified,
            "title": t.title,
            "checked_against": t.checked_against,
        }
        for t in TABLES.values()
    ]
    return pd.DataFrame(rows).set_index("year")
