"""The profile of each area: what it has (strengths) next to the usual deficit figures, on the same scale.

:func:`profile` returns one row per area with these columns, in this order (see :func:`describe_profile` for the
same list with each column's source, unit and direction for a given profile):

========================  =========================================================================================
column                    meaning
========================  =========================================================================================
``code``                  CBS area code (``BU05180170``)
``naam``                  area name
``inwoners``              inwoners from the CBS figures (``kwb``), else from the boundary file's own attributes
``n_assets``              assets in the area (from the register; polygon assets by representative point)
``n_<categorie>``         assets per ABCD category, all six, 0 when none: ``n_individu``,
                          ``n_vereniging_of_netwerk``, ``n_instelling``, ``n_fysieke_plek``, ``n_economie_en_ruil``,
                          ``n_cultuur_en_verhaal``
``assets_per_1000``       assets per 1,000 inwoners (NaN below the minimum number of inwoners)
``assets_per_km2``        assets per km2 of land (CBS land area; the polygon's area when CBS gives none)
``categorieen``           how many of the six categories occur (0-6)
``diversiteit``           Shannon diversity of categories, 0 (one kind) to 1.79 (all six equally); NaN without assets
``links_binnen``          links between two assets that both lie in the area
``netwerkgroepen``        groups of two or more assets linked together inside the area (networkx)
``meest_verbonden``       the (at most three) most connected published assets, with their number of links
``bereik_ontmoeting_pct`` share (%) of the area within 400 m as the crow flies of a meeting place
``afstand_*``, ...        CBS nabijheid figures when the statistics have them (strength side: short is good)
deficit figures           the catalogue's deficit indicators that the statistics hold, e.g. ``pct_laag_inkomen``,
                          ``bijstand_per_1000``, ``bijstand_uitkeringen_per_1000``, ``pct_opleiding_laag``
``pctl_<column>``         percentile (0-100) of a figure among the areas of the same gemeente. Strengths: 100 = the
                          strongest area (most assets per 1,000, shortest distance); deficits: 100 = the largest
                          deficit. The direction of each is in ``attrs["directions"]`` and :func:`describe_profile`
``reden_leeg``            why figures of this area are empty: too few or no inwoners, no CBS figures for the code,
                          figures CBS keeps secret
``gemeentecode``          the gemeente the percentiles are taken within
``geometry``              the area (EPSG:28992)
========================  =========================================================================================

``attrs["sources"]`` maps every column to where it came from, ``attrs["absent"]`` lists the deficit figures the
statistics do not hold, ``attrs["notes"]`` says what was left out (ended assets, assets outside every area).
"""

from __future__ import annotations

import warnings
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from wijkassets._errors import WijkassetsError
from wijkassets.analysis import deficits as _deficits
from wijkassets.analysis import strengths as _s
from wijkassets.analysis.join import join_assets

if TYPE_CHECKING:
    from collections.abc import Iterable

    import geopandas as gpd
    import pandas as pd

#: Columns of a boundary file that are not statistics.
_BOUNDARY_COLUMNS = {"code", "level", "naam", "gemeentecode", "wijkcode", "year", "water"}

#: (Dutch label, English label, unit) of the profile's own columns.
COLUMN_LABELS: dict[str, tuple[str, str, str]] = {
    "code": ("CBS-code van het gebied", "CBS area code", ""),
    "naam": ("naam van het gebied", "area name", ""),
    "inwoners": ("aantal inwoners", "number of residents", "aantal"),
    "n_assets": ("aantal assets (sterktes) in het register", "assets in the register", "aantal"),
    "assets_per_1000": ("assets per 1.000 inwoners", "assets per 1,000 residents", "per 1.000"),
    "assets_per_km2": ("assets per km² land", "assets per km² of land", "per km²"),
    "categorieen": (
        "aantal ABCD-categorieën aanwezig (0-6)",
        "ABCD categories present (0-6)",
        "aantal",
    ),
    "diversiteit": (
        "diversiteit van categorieën (Shannon, 0-1,79)",
        "diversity of categories (Shannon, 0-1.79)",
        "index",
    ),
    "links_binnen": (
        "verbindingen tussen assets binnen het gebied",
        "links between assets inside the area",
        "aantal",
    ),
    "netwerkgroepen": (
        "groepen verbonden assets (2 of meer) binnen het gebied",
        "groups of linked assets (2 or more) inside the area",
        "aantal",
    ),
    "meest_verbonden": (
        "meest verbonden assets (aantal verbindingen)",
        "most connected assets (number of links)",
        "",
    ),
    "bereik_ontmoeting_pct": (
        "deel van het gebied binnen 400 m hemelsbreed van een ontmoetingsplek",
        "share of the area within 400 m as the crow flies of a meeting place",
        "%",
    ),
    "reden_leeg": ("waarom cijfers leeg zijn", "why figures are empty", ""),
    "gemeentecode": (
        "gemeente waarbinnen percentielen gelden",
        "gemeente the percentiles are taken within",
        "",
    ),
}

#: Strength columns that get a percentile (higher = stronger).
_STRENGTH_PERCENTILES = (
    "assets_per_1000",
    "assets_per_km2",
    "diversiteit",
    "bereik_ontmoeting_pct",
)


def profile(
    areas: gpd.GeoDataFrame,
    assets: Any,
    kwb: pd.DataFrame | None = None,
    *,
    links: pd.DataFrame | None = None,
    min_inwoners: int = _s.MIN_INWONERS,
    meeting_tag: str | None = _s.MEETING_TAG,
    meeting_categories: Iterable[str] | None = None,
    reach_m: float = _s.REACH_METRES,
    polygons: Literal["point", "share"] = "point",
    top_connected: int = 3,
) -> gpd.GeoDataFrame:
    """Build the profile of each area: strengths from the register next to CBS's deficit figures.

    Parameters
    ----------
    areas
        Boundaries (:func:`wijkassets.areas.load_boundaries`): ``code``, ``naam``, ``gemeentecode``, geometry.
        Statistics columns already on it (from :func:`wijkassets.areas.attach`, or a boundary file's own
        attributes) are used when ``kwb`` is not given.
    assets
        A :class:`wijkassets.assets.Register` (its links are used, and only published names are shown), or a
        GeoDataFrame of assets (columns ``id, naam, categorie, tags``, geometry).
    kwb
        CBS figures indexed by code (:func:`wijkassets.cbs.load_kwb` / ``read_kwb``); its ``inwoners`` are the
        ones used for every rate, so all rates share one table and year.
    links
        Links between assets (``van``, ``naar``); default: the register's.
    min_inwoners
        Rates per inwoner and percentiles need at least this many inwoners (default 50): below it, and for
        areas with 0 inwoners, they are NaN and ``reden_leeg`` says why.
    meeting_tag, meeting_categories
        What counts as a meeting place for ``bereik_ontmoeting_pct``: ``fysieke plek`` assets tagged
        ``meeting_tag`` (default ``ontmoetingsplek``), or every asset of ``meeting_categories`` when given.
    reach_m
        Reach distance in metres (default 400), as the crow flies.
    polygons
        How polygon assets are joined: ``"point"`` (representative point) or ``"share"`` (split by area).
    top_connected
        How many of the most connected assets ``meest_verbonden`` names (default 3). With a register, only
        assets that its public view shows are named.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per area, the areas' index, EPSG:28992; the columns listed in the module docstring.
    """
    import geopandas as gpd
    import pandas as pd

    lang = _language()
    areas = _check_areas(areas)
    asset_gdf, links, register_source, public_names = _unpack_assets(assets, links)
    notes: list[str] = []
    if asset_gdf.crs is not None and asset_gdf.crs.to_epsg() != 28992:
        asset_gdf = asset_gdf.to_crs("EPSG:28992")  # reach is measured in metres, in RD
    asset_gdf, ended = _drop_ended(asset_gdf)
    if ended:
        notes.append(
            f"{ended} beëindigde asset(s) niet meegeteld"
            if lang == "nl"
            else f"{ended} ended asset(s) not counted"
        )

    codes = _s.area_codes(areas)
    joined = join_assets(asset_gdf, areas, polygons=polygons)
    if joined.attrs.get("outside_ids"):
        n = len(joined.attrs["outside_ids"])
        notes.append(
            f"{n} asset(s) buiten alle gebieden, niet meegeteld"
            if lang == "nl"
            else f"{n} asset(s) outside every area, not counted"
        )

    stats, stats_source, stats_sources, has_stats = _statistics(areas, codes, kwb)
    inwoners = (
        pd.to_numeric(stats["inwoners"], errors="coerce").astype(float)
        if "inwoners" in stats.columns
        else pd.Series(np.nan, index=areas.index)
    )
    enough = inwoners.notna() & (inwoners >= max(min_inwoners, 1))

    out = pd.DataFrame(index=areas.index)
    out["code"] = codes
    out["naam"] = areas["naam"] if "naam" in areas.columns else stats.get("naam", "")
    whole = inwoners.dropna()
    out["inwoners"] = inwoners.astype("Int64") if (whole == whole.round()).all() else inwoners
    out["n_assets"] = _s.count_assets(joined, areas)
    by_cat = _s.count_by_category(joined, areas)
    for column in by_cat.columns:
        out[column] = by_cat[column]
    land_ha = (
        pd.to_numeric(stats["oppervlakte_land_ha"], errors="coerce")
        if "oppervlakte_land_ha" in stats.columns
        else None
    )
    out["assets_per_1000"] = _s.per_1000(out["n_assets"], inwoners, min_inwoners=min_inwoners)
    out["assets_per_km2"] = _s.per_km2(out["n_assets"], _s.land_km2(areas, land_ha))
    out["categorieen"] = _s.categories_present(joined, areas)
    out["diversiteit"] = _s.shannon_diversity(joined, areas)
    out["links_binnen"] = _s.links_inside(joined, links, areas)
    out["netwerkgroepen"] = _s.network_groups(joined, links, areas)
    out["meest_verbonden"] = _s.most_connected(
        joined, links, areas, top=top_connected, names=public_names
    )
    places = _s.meeting_places(asset_gdf, tag=meeting_tag, categories=meeting_categories)
    out["bereik_ontmoeting_pct"] = _s.reach_share(areas, places, distance=reach_m)

    nearby, nearby_absent = _deficits.nearby_indicators(stats.columns)
    deficit, deficit_absent = _deficits.deficit_indicators(stats.columns)
    computed = _deficits.compute(
        stats, nearby + deficit, inwoners=inwoners, min_inwoners=min_inwoners
    )
    for column in computed.columns:
        out[column] = computed[column]

    gemeente = _gemeentecodes(areas, stats, codes)
    directions: dict[str, str] = {}
    pctl: dict[str, pd.Series] = {}
    for column in _STRENGTH_PERCENTILES:
        pctl[f"pctl_{column}"] = _percentile(out[column], gemeente, enough, higher_is_better=True)
        directions[f"pctl_{column}"] = _direction("strength", lang)
    for ind in nearby:
        lower_better = ind.higher_is == "deficit"
        pctl[f"pctl_{ind.column}"] = _percentile(
            out[ind.column], gemeente, enough, higher_is_better=not lower_better
        )
        directions[f"pctl_{ind.column}"] = _direction(
            "nearby" if lower_better else "strength", lang
        )
    for ind in deficit:
        pctl[f"pctl_{ind.column}"] = _percentile(
            out[ind.column], gemeente, enough, higher_is_better=True
        )
        directions[f"pctl_{ind.column}"] = _direction("deficit", lang)
    for column, values in pctl.items():
        out[column] = values
    out["reden_leeg"] = _reasons(
        inwoners,
        computed,
        min_inwoners=min_inwoners,
        missing_code=~has_stats,
        lang=lang,
    )
    out["gemeentecode"] = gemeente

    result = gpd.GeoDataFrame(out, geometry=areas.geometry.to_numpy(), crs=areas.crs)
    boundary_source = str(areas.attrs.get("source", "grenzen (boundaries): onbekende bron"))
    join_rule = str(joined.attrs.get("join_rule", ""))
    sources: dict[str, str] = {"code": boundary_source, "naam": boundary_source}
    sources["geometry"] = boundary_source
    sources["gemeentecode"] = boundary_source
    sources["inwoners"] = stats_sources.get("inwoners", stats_source)
    sources["n_assets"] = f"{register_source} ({join_rule})"
    register_cols = [
        *by_cat.columns,
        "categorieen",
        "diversiteit",
        "links_binnen",
        "netwerkgroepen",
        "meest_verbonden",
    ]
    for column in register_cols:
        sources[column] = register_source
    sources["assets_per_1000"] = f"{register_source}; inwoners: {sources['inwoners']}"
    land_source = (
        stats_sources.get("oppervlakte_land_ha", stats_source)
        if land_ha is not None
        else f"{boundary_source} (oppervlakte van het vlak, incl. water)"
    )
    sources["assets_per_km2"] = f"{register_source}; land: {land_source}"
    sources["bereik_ontmoeting_pct"] = (
        f"{register_source}; {boundary_source} (hemelsbreed {reach_m:g} m, RD)"
    )
    for ind in nearby + deficit:
        base_source = stats_sources.get(ind.base, stats_source)
        if ind.how == "per 1000":
            base_source += f"; per 1.000 inwoners uit dezelfde tabel ({sources['inwoners']})"
        sources[ind.column] = base_source
    for column in pctl:
        sources[column] = sources[column.removeprefix("pctl_")] + "; percentiel binnen de gemeente"
    sources["reden_leeg"] = "wijkassets"

    result.attrs["sources"] = sources
    result.attrs["directions"] = directions
    result.attrs["labels"] = _labels(list(result.columns), nearby + deficit, lang)
    result.attrs["units"] = _units(list(result.columns), nearby + deficit)
    result.attrs["absent"] = [
        {
            "column": ind.column,
            "label": ind.label_en if lang == "en" else ind.label_nl,
            "reason": (
                f"not in the statistics ({stats_source})"
                if lang == "en"
                else f"niet in de cijfers ({stats_source})"
            ),
        }
        for ind in deficit_absent
    ]
    result.attrs["nearby_absent"] = [ind.column for ind in nearby_absent]
    result.attrs["min_inwoners"] = min_inwoners
    result.attrs["notes"] = notes
    result.attrs["outside_ids"] = joined.attrs.get("outside_ids", ())
    result.attrs["source"] = f"{register_source}; {stats_source}; {boundary_source}"
    return result


def describe_profile(prof: gpd.GeoDataFrame | pd.DataFrame) -> pd.DataFrame:
    """Return one row per column of a profile: its meaning, unit, source and direction, in the current language.

    Deficit indicators that the statistics did not hold are listed too, marked absent, so a table written next to
    a profile says which figures are missing and why.
    """
    import pandas as pd

    lang = _language()
    labels = prof.attrs.get("labels", {})
    units = prof.attrs.get("units", {})
    sources = prof.attrs.get("sources", {})
    directions = prof.attrs.get("directions", {})
    rows = []
    for column in prof.columns:
        rows.append(
            {
                "kolom": column,
                "betekenis": labels.get(column, ""),
                "eenheid": units.get(column, ""),
                "bron": sources.get(column, ""),
                "richting": directions.get(column, ""),
            }
        )
    for item in prof.attrs.get("absent", []):
        rows.append(
            {
                "kolom": item["column"],
                "betekenis": item["label"],
                "eenheid": "",
                "bron": item["reason"],
                "richting": "absent" if lang == "en" else "ontbreekt",
            }
        )
    table = pd.DataFrame(rows)
    if lang == "en":
        table.columns = ["column", "meaning", "unit", "source", "direction"]
    return table


# --------------------------------------------------------------------------------------------------- helpers


def _language() -> str:
    from wijkassets import settings

    return settings.get_language()


def _check_areas(areas: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    import geopandas as gpd

    if not isinstance(areas, gpd.GeoDataFrame):
        raise WijkassetsError(
            f"areas must be a GeoDataFrame of boundaries (wijkassets.areas.load_boundaries), not "
            f"{type(areas).__name__}."
        )
    if "code" not in areas.columns and areas.index.name != "code":
        raise WijkassetsError(
            "areas has no 'code' column: load boundaries with wijkassets.areas.load_boundaries or "
            "read_boundaries."
        )
    if areas.crs is None:
        raise WijkassetsError(
            "areas has no coordinate reference system; set it (e.g. areas.set_crs('EPSG:28992'))."
        )
    if areas.crs.to_epsg() != 28992:
        areas = areas.to_crs("EPSG:28992")
    codes = _s.area_codes(areas)
    dup = codes[codes.duplicated()].unique().tolist()
    if dup:
        raise WijkassetsError(
            f"areas has {len(dup)} code(s) more than once ({', '.join(dup[:10])}); a profile needs one row "
            "per area. Dissolve them first: areas.dissolve(by='code', as_index=False)."
        )
    return areas


def _unpack_assets(
    assets: Any, links: pd.DataFrame | None
) -> tuple[gpd.GeoDataFrame, pd.DataFrame | None, str, pd.Series | None]:
    """Return (assets, links, source line, publishable names) from a Register or a GeoDataFrame."""
    import geopandas as gpd
    import pandas as pd

    if hasattr(assets, "assets") and hasattr(assets, "links"):
        from wijkassets.assets import public_view

        register = assets
        gdf = register.assets
        if links is None:
            links = register.links
        source = str(getattr(register, "source", "ABCD-register"))
        with warnings.catch_warnings():
            # what the public view leaves out is said where it is published, not here
            warnings.simplefilter("ignore")
            public_assets, _ = public_view(register)
        names = pd.Series(
            public_assets["naam"].astype(str).to_numpy(),
            index=public_assets["id"].astype(str).to_numpy(),
        )
        return gdf, links, source, names
    if isinstance(assets, gpd.GeoDataFrame):
        missing = [c for c in ("categorie",) if c not in assets.columns]
        if missing:
            raise WijkassetsError(
                f"assets has no column {missing[0]!r}: a profile needs each asset's ABCD category "
                "(open a register with wijkassets.assets.open_register)."
            )
        gdf = assets
        if "id" not in gdf.columns:
            gdf = gdf.assign(id=gdf.index.astype(str))
        if "tags" not in gdf.columns:
            gdf = gdf.assign(tags="")
        if "naam" not in gdf.columns:
            gdf = gdf.assign(naam=gdf["id"].astype(str))
        gdf = _normalise_categories(gdf)
        source = str(assets.attrs.get("source", "ABCD-register (bron niet opgegeven)"))
        return gdf, links, source, None
    raise WijkassetsError(
        f"assets must be a register (wijkassets.assets.open_register) or a GeoDataFrame, not "
        f"{type(assets).__name__}."
    )


def _normalise_categories(assets: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return the assets with their categories in the stored form; refuse unknown ones, listing every row."""
    from wijkassets._errors import ValidationError
    from wijkassets.assets.schema import CATEGORIES, allowed_categories_text, normalise_category

    values = assets["categorie"]
    if values.isin(CATEGORIES).all():
        return assets
    fixed = values.map(lambda v: normalise_category(v) if isinstance(v, str) else None)
    bad = fixed.isna()
    if bad.any():
        problems = [
            f"row {pos + 1} (id {ident}): column 'categorie' is {value!r}; use one of: "
            f"{allowed_categories_text()}"
            for pos, (ident, value) in enumerate(
                zip(assets["id"].tolist(), values.tolist(), strict=True)
            )
            if bool(bad.iloc[pos])
        ]
        raise ValidationError(problems, source="assets")
    return assets.assign(categorie=fixed.astype(str))


def _drop_ended(assets: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, int]:
    """Leave out assets whose ``beeindigd`` date has passed (a closed initiative is no longer a strength)."""
    import pandas as pd

    if "beeindigd" not in assets.columns:
        return assets, 0
    when = pd.to_datetime(assets["beeindigd"], errors="coerce")
    ended = when.notna() & (when <= pd.Timestamp(date.today()))
    return assets[~ended.to_numpy()], int(ended.sum())


def _statistics(
    areas: gpd.GeoDataFrame, codes: pd.Series, kwb: pd.DataFrame | None
) -> tuple[pd.DataFrame, str, dict[str, str], pd.Series]:
    """Return the statistics aligned to the areas' index, their source, per-column sources, and which exist."""
    import pandas as pd

    if kwb is not None:
        table = kwb
        if "code" in table.columns and table.index.name != "code":
            table = table.set_index("code")
        table = table.copy()
        table.index = table.index.astype(str).str.strip()
        if table.index.duplicated().any():
            raise WijkassetsError(
                "kwb has codes more than once; pass one year and one row per area "
                "(wijkassets.cbs.load_kwb(year, ...))."
            )
        source = str(kwb.attrs.get("source", "CBS (tabel niet opgegeven). Bron: CBS"))
        sources = {str(k): str(v) for k, v in dict(kwb.attrs.get("sources", {})).items()}
        missing = ~codes.isin(table.index)
        if missing.any():
            warnings.warn(
                f"{int(missing.sum())} area(s) have no CBS figures in kwb (codes: "
                f"{', '.join(codes[missing].tolist()[:10])}{', ...' if missing.sum() > 10 else ''}); their "
                "rates are left empty. Use figures of the same year as the boundaries.",
                UserWarning,
                stacklevel=3,
            )
        _check_year(areas, table)
        stats = table.reindex(codes.to_numpy())
        stats.index = areas.index
        return stats, source, sources, ~missing
    stat_columns = [
        c for c in areas.columns if c not in _BOUNDARY_COLUMNS and c != areas.geometry.name
    ]
    stats = pd.DataFrame(areas[stat_columns])
    base = str(areas.attrs.get("stats_source") or areas.attrs.get("source", "grensbestand"))
    source = f"{base} (kenmerken van het grensbestand zelf)"
    sources = {str(k): str(v) for k, v in dict(areas.attrs.get("sources", {})).items()}
    return stats, source, sources, pd.Series(True, index=areas.index)


def _check_year(areas: gpd.GeoDataFrame, table: pd.DataFrame) -> None:
    if "year" not in areas.columns or "year" not in table.columns:
        return
    area_years = {int(y) for y in areas["year"].dropna()}
    stat_years = {int(y) for y in table["year"].dropna()}
    if area_years and stat_years and area_years != stat_years:
        warnings.warn(
            f"The boundaries are of {sorted(area_years)} and the CBS figures of {sorted(stat_years)}: areas are "
            "redrawn between years, so codes may not match. Rates use the figures' own inwoners.",
            UserWarning,
            stacklevel=4,
        )


def _gemeentecodes(areas: gpd.GeoDataFrame, stats: pd.DataFrame, codes: pd.Series) -> pd.Series:
    """Return each area's gemeente code: from the areas, else the statistics, else from the code itself."""
    import pandas as pd

    derived = codes.map(_gemeente_of)
    found = pd.Series(np.nan, index=areas.index, dtype=object)
    if "gemeentecode" in areas.columns:
        found = areas["gemeentecode"].astype(object)
    if "gemeentecode" in stats.columns:
        found = found.where(found.notna() & (found != ""), stats["gemeentecode"].astype(object))
    found = found.where(found.notna() & (found != ""), derived)
    return found.astype(str)


def _gemeente_of(code: str) -> str:
    if code.startswith(("BU", "WK")) and len(code) >= 6:
        return "GM" + code[2:6]
    return code


def _percentile(
    values: pd.Series, groups: pd.Series, eligible: pd.Series, *, higher_is_better: bool
) -> pd.Series:
    """Return the percentile rank (0-100] of each value within its group, among eligible areas with a value.

    The percentile is the share of the group's areas with a value at or below this one (ties share the average
    rank), times 100. ``higher_is_better=False`` ranks the lowest value highest (distances).
    """
    v = values.astype(float).where(eligible)
    if not higher_is_better:
        v = -v
    return v.groupby(groups.to_numpy()).rank(pct=True, method="average") * 100.0


def _direction(kind: str, lang: str) -> str:
    texts = {
        "strength": (
            "100 = sterkste gebied van de gemeente (hoogste waarde)",
            "100 = strongest area of the gemeente (highest value)",
        ),
        "nearby": (
            "100 = kortste afstand in de gemeente (sterkte)",
            "100 = shortest distance in the gemeente (strength)",
        ),
        "deficit": (
            "100 = grootste tekort in de gemeente (hoogste waarde)",
            "100 = largest deficit in the gemeente (highest value)",
        ),
    }
    nl, en = texts[kind]
    return en if lang == "en" else nl


def _reasons(
    inwoners: pd.Series,
    computed: pd.DataFrame,
    *,
    min_inwoners: int,
    missing_code: pd.Series,
    lang: str,
) -> pd.Series:
    """Say, per area, why its rates or percentiles are empty."""
    import pandas as pd

    en = lang == "en"
    missing = missing_code.to_numpy(dtype=bool)
    inw = inwoners.to_numpy(dtype=float)
    empty = computed.isna().to_numpy()
    names = list(computed.columns)
    texts = []
    for k in range(len(inw)):
        n = inw[k]
        if missing[k]:
            text = "no CBS figures for this code" if en else "geen CBS-cijfers voor deze code"
        elif np.isnan(n):
            text = "number of inwoners unknown" if en else "aantal inwoners onbekend"
        elif n == 0:
            text = (
                "0 inwoners: no rates per inwoner, no percentiles"
                if en
                else "0 inwoners: geen cijfers per inwoner en geen percentielen"
            )
        elif n < min_inwoners:
            text = (
                f"fewer than {min_inwoners} inwoners ({int(n)}): no rates per inwoner, no percentiles"
                if en
                else f"minder dan {min_inwoners} inwoners ({int(n)}): geen cijfers per inwoner en geen "
                "percentielen"
            )
        elif empty[k].any():
            text = (
                "secret or unknown at CBS: " if en else "geheim of onbekend bij CBS: "
            ) + ", ".join(name for name, e in zip(names, empty[k], strict=True) if e)
        else:
            text = ""
        texts.append(text)
    return pd.Series(texts, index=inwoners.index, dtype="str")


def _labels(columns: list[str], indicators: list[Any], lang: str) -> dict[str, str]:
    from wijkassets.assets.schema import CATEGORY_LABELS_EN, CATEGORY_LABELS_NL

    en = lang == "en"
    labels = {c: (v[1] if en else v[0]) for c, v in COLUMN_LABELS.items()}
    for cat in _s.categories():
        column = _s.category_column(cat)
        labels[column] = (
            f"assets in category '{CATEGORY_LABELS_EN[cat]}'"
            if en
            else f"assets in categorie '{CATEGORY_LABELS_NL[cat]}'"
        )
    for ind in indicators:
        labels[ind.column] = ind.label_en if en else ind.label_nl
    labels["geometry"] = "area outline (EPSG:28992)" if en else "omtrek van het gebied (EPSG:28992)"
    for column in columns:
        if column.startswith("pctl_"):
            base = labels.get(column.removeprefix("pctl_"), column.removeprefix("pctl_"))
            labels[column] = (
                f"percentile within the gemeente: {base}"
                if en
                else f"percentiel binnen de gemeente: {base}"
            )
    return {c: labels.get(c, "") for c in columns}


def _units(columns: list[str], indicators: list[Any]) -> dict[str, str]:
    units = {c: v[2] for c, v in COLUMN_LABELS.items()}
    for column in columns:
        if column.startswith("n_"):
            units[column] = "aantal"
        if column.startswith("pctl_"):
            units[column] = "percentiel (0-100)"
    for ind in indicators:
        units[ind.column] = ind.unit
    return {c: units.get(c, "") for c in columns}
