"""The boundary maps shipped with wijkassets (the embedded default), and which gemeenten each one covers.

See ``data/SOURCES.md`` for where each file comes from. Each entry is read once per session (then copied).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd


@dataclass(frozen=True)
class Embedded:
    """One embedded boundary file."""

    key: str
    parts: tuple[str, ...]
    year: int | None
    level: str
    crs: str
    covers: str  # human description of the area covered
    gemeenten: tuple[str, ...] | None = None  # None: all of the Netherlands
    gemeente_filter: tuple[str, ...] | None = None  # keep only these gemeenten (None: keep all)


HAAGLANDEN = (
    "GM0503",  # Delft
    "GM0518",  # 's-Gravenhage
    "GM0603",  # Rijswijk
    "GM0629",  # Wassenaar
    "GM0637",  # Zoetermeer
    "GM1783",  # Westland
    "GM1842",  # Midden-Delfland
    "GM1916",  # Leidschendam-Voorburg
    "GM1926",  # Pijnacker-Nootdorp
)

EMBEDDED: tuple[Embedded, ...] = (
    Embedded(
        "haaglanden-buurt-2015",
        ("geo", "haaglanden_buurt_2015.geojson"),
        2015,
        "buurt",
        "EPSG:4326",
        "Haaglanden (Den Haag and neighbours), simplified",
        HAAGLANDEN,
    ),
    Embedded(
        "haaglanden-wijk-2015",
        ("geo", "haaglanden_wijk_2015.geojson"),
        2015,
        "wijk",
        "EPSG:4326",
        "Haaglanden (Den Haag and neighbours), simplified",
        HAAGLANDEN,
    ),
    Embedded(
        "haaglanden-gemeente-2015",
        ("geo", "haaglanden_gemeente_2015.geojson"),
        2015,
        "gemeente",
        "EPSG:4326",
        "Haaglanden (Den Haag and neighbours), simplified",
        HAAGLANDEN,
    ),
    Embedded(
        "rotterdam-buurt-2015",
        ("geo", "rotterdam-rijnmond_buurt_2015.geojson"),
        2015,
        "buurt",
        "EPSG:4326",
        "Rotterdam (92 buurten), simplified",
        ("GM0599",),
        ("GM0599",),
    ),
    Embedded(
        "rotterdam-buurt-2024",
        ("geo", "rotterdam_buurten_2024_wgs84.geojson"),
        2024,
        "buurt",
        "EPSG:4326",
        "Rotterdam (88 buurten)",
        ("GM0599",),
    ),
    Embedded(
        "nl-gemeente-2023",
        ("geo", "gemeenten_2023_wgs84_simplified.geojson"),
        2023,
        "gemeente",
        "EPSG:4326",
        "all gemeenten of the Netherlands, simplified",
    ),
    Embedded(
        "nl-wijk-2024",
        ("geo", "nl_wijken_2024_cartomap.topojson"),
        2024,
        "wijk",
        "EPSG:4326",
        "all wijken of the Netherlands, generalised by CBS/PDOK",
    ),
    Embedded(
        "denhaag-zuidwest",
        ("geo", "denhaag_zuidwest_buurten", "Neighb_marginals_ArcGIS.shp"),
        None,
        "buurt",
        "EPSG:28992",
        "the 14 buurten of Den Haag Zuidwest (year of the map not stated; codes as in 2015-2021)",
        ("GM0518",),
    ),
)


def find_embedded(year: int, level: str, gemeente: str | None) -> list[Embedded]:
    """Return the embedded files for ``year`` and ``level`` that cover ``gemeente`` (or all, when None)."""
    hits = [e for e in EMBEDDED if e.year == year and e.level == level]
    if gemeente is None:
        return hits
    return [e for e in hits if e.gemeenten is None or gemeente in e.gemeenten]


def get_embedded(key: str) -> Embedded:
    """Return the embedded entry named ``key``."""
    for e in EMBEDDED:
        if e.key == key:
            return e
    from wijkassets._errors import WijkassetsError

    raise WijkassetsError(
        f"No embedded map named {key!r}. Embedded maps: {', '.join(e.key for e in EMBEDDED)}."
    )


@lru_cache(maxsize=16)
def _read_cached(key: str) -> gpd.GeoDataFrame:
    from wijkassets._data import data_path
    from wijkassets.areas.boundaries import read_boundaries

    e = get_embedded(key)
    # The repairs of the embedded maps are known and documented in data/SOURCES.md; they are recorded in
    # attrs["repairs"] rather than repeated as warnings in every workshop notebook.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        gdf = read_boundaries(data_path(*e.parts), year=e.year, crs=e.crs)
    if gdf["naam"].isna().all():
        # A file without names (the Zuidwest shapefile): take CBS's names from the national name index.
        from wijkassets.areas.names import name_index

        index = name_index()
        cbs = index[index["bron"].str.startswith("CBS")].sort_values("year")
        names = cbs.drop_duplicates("code", keep="last").set_index("code")["naam"]
        gdf["naam"] = gdf["code"].map(names).astype("string")
    if e.gemeente_filter is not None:
        gdf = gdf.loc[gdf["gemeentecode"].isin(e.gemeente_filter)].reset_index(drop=True)
    gdf.attrs["source"] = (
        f"CBS Wijk- en buurtkaart{f' {e.year}' if e.year else ''}, embedded: {e.covers}"
    )
    gdf.attrs["embedded"] = key
    return gdf


def embedded_maps() -> pd.DataFrame:
    """Return the embedded boundary maps: ``key``, ``year``, ``level``, ``covers``, ``file``."""
    import pandas as pd

    return pd.DataFrame(
        [
            {
                "key": e.key,
                "year": e.year,
                "level": e.level,
                "covers": e.covers,
                "file": "/".join(e.parts),
            }
            for e in EMBEDDED
        ]
    ).astype({"year": "Int64"})


def read_embedded(key: str) -> gpd.GeoDataFrame:
    """Return the embedded map ``key`` (see :func:`embedded_maps`) as boundaries, e.g. ``"denhaag-zuidwest"``.

    The repairs of these known files are recorded in ``attrs["repairs"]`` instead of warned about.
    """
    gdf = _read_cached(key)
    out = gdf.copy()
    out.attrs = dict(gdf.attrs)
    return out
