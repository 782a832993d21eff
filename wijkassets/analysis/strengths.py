"""Strength indicators per area: what a neighbourhood has, counted from the asset register.

Every indicator is a pure function: it takes the areas (and the assets joined to them by
:func:`wijkassets.analysis.join_assets`) and returns a Series (or, for counts per category, a DataFrame) aligned
to the areas' index, one value per area, areas without assets included (0, or NaN where a figure is undefined).
Nothing here reads files or settings; the sources are stated by :func:`wijkassets.analysis.profile`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

#: The tag that marks a meeting place (on a ``fysieke plek``).
MEETING_TAG = "ontmoetingsplek"
#: Reach distance in metres, as the crow flies.
REACH_METRES = 400.0
#: Areas with fewer inwoners get no figures per inwoner and no percentiles.
MIN_INWONERS = 50


def categories() -> tuple[str, ...]:
    """Return the six ABCD categories in their fixed order."""
    from wijkassets.assets.schema import CATEGORIES

    return CATEGORIES


def category_column(cat: str) -> str:
    """Return the profile column that counts one category: ``n_`` + the category's snake_case key."""
    from wijkassets.assets.schema import category_key

    return f"n_{category_key(cat)}"


def area_codes(areas: pd.DataFrame) -> pd.Series:
    """Return the areas' codes as a string Series aligned to the areas' index."""
    if "code" in areas.columns:
        codes = areas["code"]
    else:
        codes = areas.index.to_series(index=areas.index)
    return codes.astype(str).str.strip()


def _inside(joined: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series, pd.Series]:
    """Return the joined assets that lie in an area, their area codes and their weights."""
    import pandas as pd

    inside = joined[joined["code"].notna()]
    keys = inside["code"].astype(str)
    weights = (
        inside["weight"].astype(float)
        if "weight" in inside.columns
        else pd.Series(1.0, index=inside.index)
    )
    return inside, keys, weights


def _total_by_area(joined: pd.DataFrame, areas: pd.DataFrame) -> pd.Series:
    """Sum the join weights per area, for every area (0 where none)."""
    import pandas as pd

    codes = area_codes(areas)
    _, keys, weights = _inside(joined)
    total = weights.groupby(keys.to_numpy()).sum()
    return pd.Series(total.reindex(codes.to_numpy()).fillna(0.0).to_numpy(), index=areas.index)


def _table_by_area(joined: pd.DataFrame, areas: pd.DataFrame, by: str) -> pd.DataFrame:
    """Sum the join weights per area and value of ``by``, for every area (0 where none)."""
    codes = area_codes(areas)
    inside, keys, weights = _inside(joined)
    table = weights.groupby([keys.to_numpy(), inside[by].astype(str).to_numpy()]).sum().unstack()
    table = table.reindex(codes.to_numpy()).fillna(0.0)
    table.index = areas.index
    return table


def _whole(values: pd.DataFrame | pd.Series) -> bool:
    """Return True when every value is a whole number (counts of whole assets, not shares)."""
    arr = np.asarray(values, dtype=float)
    return bool(np.all(np.isfinite(arr)) and np.all(arr == np.round(arr)))


def count_by_category(joined: pd.DataFrame, areas: pd.DataFrame) -> pd.DataFrame:
    """Count assets per ABCD category in each area.

    Parameters
    ----------
    joined
        Assets joined to the areas (:func:`~wijkassets.analysis.join_assets`): columns ``code``, ``categorie``
        and optionally ``weight`` (share of a polygon asset).
    areas
        The areas (``code`` column or index).

    Returns
    -------
    pandas.DataFrame
        One column per category, ``n_individu`` ... ``n_cultuur_en_verhaal`` (all six, in the fixed order, 0
        when an area has none), aligned to the areas' index. Integers, or floats when polygon assets were split
        by share of area.
    """
    table = _table_by_area(joined, areas, "categorie")
    cats = categories()
    table = table.reindex(columns=list(cats)).fillna(0.0)
    table.columns = [category_column(c) for c in cats]
    return table.astype("int64") if _whole(table) else table


def count_assets(joined: pd.DataFrame, areas: pd.DataFrame) -> pd.Series:
    """Count all assets in each area (0 for areas without any)."""
    counts = _total_by_area(joined, areas)
    counts.name = "n_assets"
    return counts.astype("int64") if _whole(counts) else counts


def per_1000(
    counts: pd.Series, inwoners: pd.Series, *, min_inwoners: int = MIN_INWONERS
) -> pd.Series:
    """Return ``counts`` per 1,000 inwoners; NaN where inwoners is missing, 0 or below ``min_inwoners``.

    Counts and inwoners must be aligned (same index). Never infinite.
    """
    inw = inwoners.astype(float)
    ok = inw.notna() & (inw >= max(min_inwoners, 1))
    rate = counts.astype(float) / inw.where(ok) * 1000.0
    return rate.where(ok)


def per_km2(counts: pd.Series, land_km2: pd.Series) -> pd.Series:
    """Return ``counts`` per km2 of land; NaN where the land area is missing or 0."""
    land = land_km2.astype(float)
    return counts.astype(float) / land.where(land > 0)


def land_km2(areas: gpd.GeoDataFrame, oppervlakte_land_ha: pd.Series | None = None) -> pd.Series:
    """Return each area's land area in km2: CBS's land area when given, else the polygon's area in RD.

    Parameters
    ----------
    areas
        Areas in EPSG:28992.
    oppervlakte_land_ha
        CBS's land area in hectares (``oppervlakte_land_ha``), aligned to ``areas``; where it is missing the
        polygon's own area is used (which includes water).
    """
    geometric = areas.geometry.area / 1e6
    if oppervlakte_land_ha is None:
        return geometric
    cbs = oppervlakte_land_ha.astype(float) / 100.0
    return cbs.where(cbs.notna(), geometric)


def categories_present(joined: pd.DataFrame, areas: pd.DataFrame) -> pd.Series:
    """Return how many of the six ABCD categories occur in each area (0-6)."""
    table = count_by_category(joined, areas)
    return (table > 0).sum(axis=1).astype("int64")


def shannon_diversity(joined: pd.DataFrame, areas: pd.DataFrame) -> pd.Series:
    """Return the Shannon diversity of categories per area: ``-sum(p * ln p)`` over the six categories.

    0 when every asset has the same category, ``ln 6`` (1.79) when the six are equally present. NaN for an area
    without assets (diversity is undefined there, not zero).
    """
    table = count_by_category(joined, areas).astype(float)
    total = table.sum(axis=1)
    p = table.div(total.where(total > 0), axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = -(p * np.log(p.where(p > 0)))
    h = terms.sum(axis=1, min_count=1)
    h = h.where(total > 0).fillna(0.0).where(total > 0)
    return h


def _asset_area(joined: pd.DataFrame, ids: Iterable[str] | None = None) -> dict[str, str]:
    """Return asset id -> area code for assets inside an area (the area with the largest share).

    Only the assets in ``ids`` when given (those that take part in links).
    """
    inside = joined[joined["code"].notna()]
    if ids is not None:
        inside = inside[inside["id"].astype(str).isin(set(ids))]
    if "weight" in inside.columns:
        inside = inside.sort_values("weight", ascending=False, kind="stable")
    inside = inside.drop_duplicates("id")
    return dict(
        zip(
            inside["id"].astype(str).tolist(),
            inside["code"].astype(str).tolist(),
            strict=True,
        )
    )


def _links_frame(links: pd.DataFrame | None) -> pd.DataFrame:
    import pandas as pd

    if links is None or len(links) == 0:
        return pd.DataFrame({"van": pd.Series(dtype=str), "naar": pd.Series(dtype=str)})
    return pd.DataFrame(
        {"van": links["van"].astype(str).to_numpy(), "naar": links["naar"].astype(str).to_numpy()}
    )


def links_inside(
    joined: pd.DataFrame, links: pd.DataFrame | None, areas: pd.DataFrame
) -> pd.Series:
    """Count the links between two assets that are both in the same area.

    A polygon asset split by share belongs, for networks, to the area with its largest share.
    """
    import pandas as pd

    lk = _links_frame(links)
    where = _asset_area(joined, set(lk["van"]) | set(lk["naar"]))
    a = lk["van"].map(where)
    b = lk["naar"].map(where)
    same = a.notna() & (a == b)
    counts = a[same].value_counts()
    codes = area_codes(areas)
    return pd.Series(
        counts.reindex(codes.to_numpy()).fillna(0).astype("int64").to_numpy(), index=areas.index
    )


def network_groups(
    joined: pd.DataFrame, links: pd.DataFrame | None, areas: pd.DataFrame
) -> pd.Series:
    """Count the connected groups of assets in each area: sets of two or more assets linked inside the area.

    Uses networkx (connected components of the graph of links with both ends in the area). An asset without a
    link inside its area forms no group.
    """
    import networkx as nx
    import pandas as pd

    lk = _links_frame(links)
    where = _asset_area(joined, set(lk["van"]) | set(lk["naar"]))
    a = lk["van"].map(where)
    same = a.notna() & (a == lk["naar"].map(where))
    graph = nx.Graph()
    graph.add_edges_from(zip(lk["van"][same], lk["naar"][same], strict=True))
    groups: dict[str, int] = {}
    for component in nx.connected_components(graph):
        code = where[next(iter(component))]
        groups[code] = groups.get(code, 0) + 1
    codes = area_codes(areas)
    return pd.Series([groups.get(c, 0) for c in codes], index=areas.index, dtype="int64")


def most_connected(
    joined: pd.DataFrame,
    links: pd.DataFrame | None,
    areas: pd.DataFrame,
    *,
    top: int = 3,
    names: pd.Series | None = None,
) -> pd.Series:
    """Name the most connected assets of each area: up to ``top`` assets with the most links, with their count.

    The degree counts every link of an asset (also to assets elsewhere), computed with networkx. Ties go
    alphabetically. Returns text like ``"Buurthuis De Mussen (5); Moestuin (3)"``, empty for areas whose assets
    have no links.

    Parameters
    ----------
    names
        Asset id -> the name to show. Default: the ``naam`` column of ``joined``. Pass only names that may be
        published (e.g. from :func:`wijkassets.assets.public_view`): assets missing from ``names`` are left out.
    """
    import networkx as nx
    import pandas as pd

    lk = _links_frame(links)
    linked = set(lk["van"]) | set(lk["naar"])
    where = _asset_area(joined, linked)
    if names is None:
        names = pd.Series(joined["naam"].astype(str).to_numpy(), index=joined["id"].astype(str))
    names = names[names.index.astype(str).isin(linked)]
    shown = {str(k): str(v) for k, v in names.items()}
    graph = nx.Graph()
    graph.add_edges_from(zip(lk["van"], lk["naar"], strict=True))
    per_area: dict[str, list[tuple[int, str]]] = {}
    for node, degree in graph.degree():
        code = where.get(node)
        if code is None or node not in shown or degree == 0:
            continue
        per_area.setdefault(code, []).append((int(degree), shown[node]))
    text: dict[str, str] = {}
    for code, items in per_area.items():
        items.sort(key=lambda item: (-item[0], item[1].casefold()))
        text[code] = "; ".join(f"{name} ({deg})" for deg, name in items[:top])
    codes = area_codes(areas)
    return pd.Series([text.get(c, "") for c in codes], index=areas.index, dtype="str")


def meeting_places(
    assets: gpd.GeoDataFrame,
    *,
    tag: str | None = MEETING_TAG,
    categories: Iterable[str] | None = None,
) -> gpd.GeoDataFrame:
    """Select the meeting places: ``fysieke plek`` assets tagged ``tag``, or all assets of ``categories``.

    Tags are compared without regard to case or spaces (``"Ontmoetingsplek"`` matches).
    """
    if categories is not None:
        chosen = set(categories)
        return assets[assets["categorie"].isin(chosen)]
    if tag is None:
        return assets.iloc[0:0]
    import re

    pattern = rf"(?:^|;)\s*{re.escape(tag.strip())}\s*(?:;|$)"
    tags = assets["tags"].fillna("").astype(str)
    has_tag = tags.str.contains(pattern, case=False, regex=True).fillna(False).astype(bool)
    return assets[(assets["categorie"] == "fysieke plek").to_numpy(dtype=bool) & has_tag.to_numpy()]


def reach_share(
    areas: gpd.GeoDataFrame,
    places: gpd.GeoDataFrame,
    *,
    distance: float = REACH_METRES,
) -> pd.Series:
    """Return the share (%) of each area that lies within ``distance`` metres of a meeting place.

    The simplification, stated: distance is measured **as the crow flies** in RD (EPSG:28992), a circle of
    ``distance`` metres around each place (or a band around a polygon place), not along streets and paths, and
    ignoring barriers such as water, railways and busy roads; the share is of the area's whole surface (water,
    industry and parks included), not of its homes or residents. Meeting places in neighbouring areas count too,
    as a resident would walk there. An area with no meeting place within reach gets 0; an area with no surface
    gets NaN.

    Parameters
    ----------
    areas
        Areas in EPSG:28992.
    places
        The meeting places (see :func:`meeting_places`), in EPSG:28992.
    distance
        Metres, default 400 (about five minutes' walk).
    """
    import pandas as pd
    import shapely

    geoms = np.asarray(areas.geometry.array, dtype=object)
    area = shapely.area(geoms)
    place_geoms = np.asarray(places.geometry.array, dtype=object)
    place_geoms = place_geoms[~(shapely.is_missing(place_geoms) | shapely.is_empty(place_geoms))]
    if len(place_geoms) == 0:
        share = np.where(area > 0, 0.0, np.nan)
        return pd.Series(share, index=areas.index, dtype="float64")
    # Per area, only the places within reach: clip each circle to the area, then union the pieces.
    tree = shapely.STRtree(place_geoms)
    area_i, place_j = tree.query(geoms, predicate="dwithin", distance=distance)
    covered = np.zeros(len(geoms), dtype="float64")
    if len(area_i):
        circles = shapely.buffer(place_geoms, distance, quad_segs=32)
        pieces = shapely.intersection(circles[place_j], geoms[area_i])
        order = np.argsort(area_i, kind="stable")
        area_sorted = area_i[order]
        starts = np.flatnonzero(np.r_[True, area_sorted[1:] != area_sorted[:-1]])
        for group in np.split(order, starts[1:]):
            covered[area_i[group[0]]] = shapely.area(shapely.union_all(pieces[group]))
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(area > 0, 100.0 * covered / area, np.nan)
    return pd.Series(np.clip(share, 0.0, 100.0), index=areas.index, dtype="float64")
