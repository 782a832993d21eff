"""Interactive maps (folium) that work without internet: the strengths map and strengths next to deficits.

- :func:`strengths_map`: buurt outlines with names, one marker per asset (a shape and colour per ABCD category,
  from :mod:`wijkassets.render.style`), links as dashed lines, a legend in plain words, popups with name,
  category and description, a layer switch per category, and credits (Bron: CBS; the register and its date).
  Personal fields only with ``private=True``.
- :func:`side_by_side_map`: folium's ``DualMap``, two synchronised panes: left a strength indicator, right a CBS
  deficit, classes by mapclassify, a legend on each pane.
- :func:`save_map`: write a map as one self-contained HTML file (default) or HTML with a small shared folder;
  the page loads nothing from outside (no CDN, no tiles unless asked for).

Map weight: outlines are simplified as a coverage (``shapely.coverage_simplify``, so neighbours keep sharing
their edges, no gaps) in RD metres, then reprojected to EPSG:4326 and rounded to 5 decimals (about 1 m), which
is what a screen shows at street level. The page gets per area only its values (outline as delta-coded integers,
name, code, the formatted figures); tooltips and labels are built in the page (see
:func:`wijkassets.render._elements.areas_script`), which keeps the nationwide wijk map at about a seventh of
the bytes of ``GeoDataFrame.explore()``'s.
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wijkassets._errors import WijkassetsError
from wijkassets.render import style
from wijkassets.render._text import SCHEME_NAMES, esc, fmt_date, fmt_number, plain, t

if TYPE_CHECKING:
    import folium
    import geopandas as gpd
    import pandas as pd
    from folium.plugins import DualMap

__all__ = ["save_map", "side_by_side_map", "strengths_map", "to_html", "prepare_areas"]

RD = "EPSG:28992"
WGS84 = "EPSG:4326"
#: Decimals of longitude/latitude kept (1e-5 degree is about 1 m in the Netherlands).
DECIMALS = 5
#: Coverage simplification tolerance in metres.
SIMPLIFY_M = 3.0
#: Buurt names show from this zoom level on (below it they would cover each other).
LABEL_MIN_ZOOM = 14
TILES = {
    "osm": (
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
    )
}
#: Deficit columns tried in this order when ``side_by_side_map(deficit=None)``.
DEFICIT_PREFERENCE = (
    "pct_laag_inkomen",
    "pct_sociaal_minimum",
    "bijstand_uitkeringen_per_1000",
    "bijstand_per_1000",
    "pct_bijstand",
    "pct_opleiding_laag",
    "pct_jeugdzorg",
    "ww_uitkeringen_per_1000",
    "ao_uitkeringen_per_1000",
)
# Labels of derived indicators that are not in the CBS catalogue.
_EXTRA_LABELS = {
    "assets_per_1000": ("Sterktes per 1.000 inwoners", "Strengths per 1,000 residents"),
    "n_assets": ("Aantal sterktes", "Number of strengths"),
    "bijstand_per_1000": (
        "Bijstandsuitkeringen per 1.000 inwoners",
        "Social assistance per 1,000 residents",
    ),
    "pct_laag_inkomen": (
        "Huishoudens met een laag inkomen (%)",
        "Households with a low income (%)",
    ),
}


# --------------------------------------------------------------------------------------------------- helpers
def _language(language: str | None) -> str:
    from wijkassets.settings import get_language

    if language is None:
        return get_language()
    if language not in ("nl", "en"):
        raise WijkassetsError(f"language={language!r}: use 'nl' or 'en'.")
    return language


def _to_rd(gdf: gpd.GeoDataFrame, what: str) -> gpd.GeoDataFrame:
    if gdf.crs is None:
        raise WijkassetsError(
            f"The {what} have no coordinate reference system. Set it first, e.g. gdf.set_crs('EPSG:28992') "
            "for RD New, or read the file with wijkassets (it sets it)."
        )
    return gdf if gdf.crs.to_epsg() == 28992 else gdf.to_crs(RD)


def _round(geoms: Any) -> Any:
    import numpy as np
    import shapely

    return shapely.transform(geoms, lambda c: np.round(c, DECIMALS))


def prepare_areas(areas: gpd.GeoDataFrame, *, simplify_m: float = SIMPLIFY_M) -> gpd.GeoDataFrame:
    """Return ``areas`` light enough for a web map: simplified as a coverage, in EPSG:4326, rounded.

    Parameters
    ----------
    areas
        Polygons (any CRS that is set), e.g. from :func:`wijkassets.areas.load_boundaries`.
    simplify_m
        Tolerance in metres for ``shapely.coverage_simplify``; 0 keeps every vertex.

    Notes
    -----
    ``coverage_simplify`` simplifies each shared edge once, so neighbouring buurten keep sharing it: no gaps or
    slivers appear between them. If the polygons are not a valid coverage (they overlap), each outline is
    simplified on its own with a warning.
    """
    import shapely

    rd = _to_rd(areas, "areas")
    rd = rd[rd.geometry.notna() & ~rd.geometry.is_empty].copy()
    geoms = rd.geometry.values
    if simplify_m > 0 and len(rd):
        if bool(shapely.coverage_is_valid(geoms)):
            simplified = shapely.coverage_simplify(geoms, simplify_m)
        else:
            warnings.warn(
                f"The {len(rd)} areas overlap each other, so they were simplified one by one "
                "(small gaps can show between neighbours). Repair them with wijkassets.areas.read_boundaries.",
                stacklevel=2,
            )
            simplified = shapely.simplify(geoms, simplify_m, preserve_topology=True)
        rd = rd.set_geometry(list(simplified), crs=RD)
    out = rd.to_crs(WGS84)
    out = out.set_geometry(list(_round(out.geometry.values)), crs=WGS84)
    return out


def _area_source(areas: gpd.GeoDataFrame, override: str | None) -> str:
    if override:
        return override
    sources = areas.attrs.get("sources")
    source = (sources.get("geometry") if isinstance(sources, dict) else None) or areas.attrs.get(
        "source"
    )
    if source:
        text = str(source)
    elif "year" in areas.columns and areas["year"].notna().any():
        text = f"CBS, Wijk- en buurtkaart {int(areas['year'].dropna().iloc[0])}"
    else:
        text = "CBS, Wijk- en buurtkaart"
    if "CBS" in text and "Bron: CBS" not in text:
        text += ". Bron: CBS"
    return text


def _encode_outline(geom: Any) -> list[list[list[int]]]:
    """Return a (multi)polygon as polygons of rings of delta-coded integer coordinates.

    Each ring is ``[x0, y0, dx1, dy1, ...]`` in units of 1e-5 degree (the :data:`DECIMALS` the map keeps),
    longitude first, without the closing point (Leaflet closes rings itself). Deltas between neighbouring
    vertices are small integers, about a third of the characters of the decimal GeoJSON coordinates.
    """
    import numpy as np
    import shapely

    scale = 10**DECIMALS
    out = []
    for poly in shapely.get_parts(geom):
        if poly.is_empty or poly.geom_type != "Polygon":
            continue
        rings = []
        for ring in (poly.exterior, *poly.interiors):
            xy = np.rint(np.asarray(ring.coords)[:-1, :2] * scale).astype(np.int64)
            if len(xy) < 3:
                continue
            rings.append(np.diff(xy, axis=0, prepend=[[0, 0]]).ravel().tolist())
        if rings:
            out.append(rings)
    return out


def _features(
    areas: gpd.GeoDataFrame,
    *,
    lines: list[tuple[str, bool, str]],
    values: list[list[str | None]],
    focus: list[bool] | None = None,
    labels: bool = True,
) -> dict[str, Any]:
    """Return the areas as the compact data that :func:`wijkassets.render._elements.areas_script` draws.

    Per area only its values go to the page: outline (see :func:`_encode_outline`), ``naam``, ``code``, the
    label point and the figures of its tooltip (formatted strings, ``None`` = line left out). The tooltip is
    built in the page from ``lines`` (``(text before, bold, text after)`` per figure, the same for every area),
    with ``textContent``, so no resident text is ever parsed as HTML and no HTML is repeated per area.
    """
    scale = 10**DECIMALS
    n = len(areas)
    names = [plain(v) for v in areas["naam"]] if "naam" in areas.columns else [""] * n
    codes = [plain(v) for v in areas["code"]] if "code" in areas.columns else [""] * n
    data: dict[str, Any] = {
        "g": [_encode_outline(geom) for geom in areas.geometry.values],
        "n": names,
        "c": codes,
        "l": [[pre, 1 if bold else 0, post] for pre, bold, post in lines],
        "v": values,
    }
    if focus is not None:
        data["f"] = [i for i, on in enumerate(focus) if on]
    if labels and "naam" in areas.columns:
        points = areas.geometry.representative_point()
        data["p"] = [[round(p.x * scale), round(p.y * scale)] for p in points]
    return data


def _bounds(gdf: gpd.GeoDataFrame) -> list[list[float]]:
    minx, miny, maxx, maxy = (float(v) for v in gdf.total_bounds)
    return [
        [round(miny, DECIMALS), round(minx, DECIMALS)],
        [round(maxy, DECIMALS), round(maxx, DECIMALS)],
    ]


def _new_map(center: tuple[float, float], *, tiles: str | None, language: str) -> folium.Map:
    import folium

    from wijkassets.render import _elements as el

    m = folium.Map(
        location=list(center),
        zoom_start=13,
        tiles=None,
        control_scale=False,
        zoom_control=True,
        zoomSnap=0.25,
    )
    _add_tiles(m, tiles, language)
    m.add_child(el.Script(el.scale_script()))
    return m


def _add_tiles(m: Any, tiles: str | None, language: str) -> None:
    import folium

    if tiles is None:
        return
    key = str(tiles).lower().replace("openstreetmap", "osm")
    if key not in TILES:
        raise WijkassetsError(
            f"tiles={tiles!r}: use None (no background map, works offline) or 'osm' (OpenStreetMap, online)."
        )
    url, attr = TILES[key]
    folium.TileLayer(
        url,
        attr=attr + " " + esc(t("osm_credit", language)),
        name=t("tiles", language),
        max_zoom=19,
    ).add_to(m)


def _css(m: Any) -> None:
    from wijkassets.render._elements import css_element

    m.get_root().header.add_child(css_element(), name="wijkassets_css")


# ------------------------------------------------------------------------------------- assets and register
def _register_parts(
    register: Any,
    *,
    links: pd.DataFrame | None,
    private: bool,
    audience: str,
    language: str,
) -> tuple[gpd.GeoDataFrame, pd.DataFrame | None, str, bool, str | None]:
    """Return (assets, links, source line, fictional, privacy note) from a Register, path or GeoDataFrame."""
    import geopandas as gpd

    if isinstance(register, gpd.GeoDataFrame):
        assets = register
        if not private and "privacy" in assets.columns:
            raise WijkassetsError(
                "These assets still have the register's privacy column, so they may hold assets that must not "
                "be published. Pass the Register itself (or wijkassets.assets.public_view(register)[0]); "
                "use private=True only for a map that stays with the people who keep the register."
            )
        source = str(assets.attrs.get("source") or t("register", language))
        return (
            assets,
            links,
            source,
            bool(assets.attrs.get("fictional")),
            assets.attrs.get("privacy"),
        )

    from wijkassets.assets.privacy import public_view
    from wijkassets.assets.register import Register, open_register

    reg = register if isinstance(register, Register) else open_register(register)
    when = fmt_date(reg.updated, language) if reg.updated else "–"
    fictional = reg.fictional
    label = (
        (" (FICTIEF voorbeeld)" if language == "nl" else " (FICTIONAL example)")
        if fictional and not any(w in reg.name.lower() for w in ("fictie", "fictio"))
        else ""
    )
    source = f"{t('register', language)} {reg.name}{label}, {t('updated', language)} {when}"
    if private:
        return reg.assets, reg.links if links is None else links, source, fictional, None
    assets, public_links = public_view(reg, audience=audience)  # type: ignore[arg-type]
    return (
        assets,
        public_links if links is None else links,
        source,
        fictional,
        assets.attrs.get("privacy"),
    )


def _fan_offsets(points: gpd.GeoSeries, *, radius_px: int = 15) -> list[list[int]]:
    """Return a pixel offset per point, fanning out markers that share one spot on a small circle.

    Several assets at one address (two schools in one building), or individuals that the public view moved to
    the middle of the same grid cell, would otherwise hide under one marker. The offset is in screen pixels, so
    the markers stay apart at every zoom while their position on the map stays the true one.
    """
    import math
    from collections import defaultdict

    groups: dict[tuple[float, float], list[int]] = defaultdict(list)
    for i, p in enumerate(points):
        groups[(round(p.x / 5), round(p.y / 5))].append(i)  # within about 5 m
    out = [[0, 0] for _ in range(len(points))]
    for members in groups.values():
        n = len(members)
        if n < 2:
            continue
        r = radius_px * max(1.0, math.sqrt(n / 4))
        for j, i in enumerate(members):
            angle = 2 * math.pi * j / n
            out[i] = [round(r * math.sin(angle)), round(-r * math.cos(angle))]
    return out


def _marker_rows(
    assets: gpd.GeoDataFrame,
    points: gpd.GeoSeries,
    offsets: dict[Any, list[int]],
    *,
    private: bool,
    language: str,
) -> list[list[Any]]:
    """Return the marker rows of :func:`wijkassets.render._elements.markers_script` for ``assets``."""
    rows = []
    for idx, row in assets.iterrows():
        p = points.loc[idx]
        label = style.category_style(row["categorie"]).label(language)
        rows.append(
            [
                round(p.y, DECIMALS),
                round(p.x, DECIMALS),
                _popup_html(row, private=private, language=language),
                f"<b>{esc(row.get('naam'))}</b><br>{esc(label)}",
                str(row.get("id", "")),
                f"{row.get('naam')} ({label})",
                offsets[idx],
            ]
        )
    return rows


def _is_ended(value: Any) -> bool:
    import pandas as pd

    if value is None:
        return False
    try:
        if pd.isna(value):
            return False
    except (TypeError, ValueError):
        pass
    text = str(value).strip().lower()
    return text not in ("", "false", "nee", "no", "0", "<na>", "nan", "none")


def _popup_html(row: Any, *, private: bool, language: str) -> str:
    cat = style.category_style(row["categorie"])
    parts = [
        '<div class="wa-popup">',
        f"<h3>{esc(row.get('naam'))}</h3>",
        f'<div class="wa-cat">{style.svg_symbol(cat.category, size=16)}'
        f"<span>{esc(cat.label(language))}</span></div>",
    ]
    if esc(row.get("beschrijving")):
        parts.append(f"<p>{esc(row.get('beschrijving'))}</p>")
    tags = [tag.strip() for tag in str(row.get("tags") or "").split(";") if tag.strip()]
    if tags and esc(row.get("tags")):
        parts.append(
            "<p>" + " ".join(f'<span class="wa-tag">{esc(tag)}</span>' for tag in tags) + "</p>"
        )
    table: list[tuple[str, str]] = []
    if esc(row.get("laatst_gezien")):
        table.append((t("last_seen", language), fmt_date(row.get("laatst_gezien"), language)))
    if esc(row.get("bron")):
        table.append((t("source", language), str(row.get("bron"))))
    locatie = row.get("locatie")
    if esc(locatie) and str(locatie) != "exact":
        where = "Plek" if language == "nl" else "Location"
        table.append((where, str(locatie)))
    if private:
        for key, col in (
            ("id", "id"),
            ("recorded_by", "vastgelegd_door"),
            ("recorded_on", "vastgelegd_op"),
            ("privacy", "privacy"),
            ("consent", "toestemming"),
        ):
            if col in row.index and esc(row.get(col)):
                value = row.get(col)
                if isinstance(value, bool) or col == "toestemming":
                    value = t("yes", language) if bool(value) else t("no", language)
                elif col == "vastgelegd_op":
                    value = fmt_date(value, language)
                table.append((t(key, language), str(value)))
    if table:
        parts.append(
            "<table>"
            + "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in table)
            + "</table>"
        )
    if private:
        parts.append(f'<div class="wa-private">{esc(t("private_banner", language))}</div>')
    parts.append("</div>")
    return "".join(parts)


def _legend_html(
    counts: dict[str, int],
    *,
    has_links: bool,
    notes: list[str],
    sources: list[str],
    language: str,
) -> str:
    hide, show = ("verbergen", "tonen") if language == "nl" else ("hide", "show")
    rows = [
        f'<button class="wa-toggle" type="button" aria-expanded="true" data-hide="{hide}" data-show="{show}">'
        f"{hide}</button>",
        f"<h2>{esc(t('legend_heading', language))}</h2>",
        '<div class="wa-body">',
    ]
    for cat in style.CATEGORIES:
        st = style.category_style(cat)
        rows.append(
            f'<div class="wa-row">{style.svg_symbol(cat, size=18)}<span><b>{esc(st.label(language))}</b> '
            f'<span class="wa-count">({counts.get(cat, 0)})</span>'
            f'<span class="wa-desc">{esc(st.description(language))}</span></span></div>'
        )
    if has_links:
        rows.append(
            '<div class="wa-row"><svg width="22" height="10" aria-hidden="true"><line x1="0" y1="5" x2="22" '
            f'y2="5" stroke="{style.LINK_COLOUR}" stroke-width="2.5" stroke-dasharray="6 5"/></svg>'
            f"<span>{esc(t('link_legend', language))}</span></div>"
        )
    rows.append(
        '<div class="wa-row"><svg width="22" height="14" aria-hidden="true"><rect x="1" y="1" width="20" '
        f'height="12" fill="#ffffff" fill-opacity="0.35" stroke="{style.OUTLINE_COLOUR}" stroke-width="1.5"/>'
        f"</svg><span>{esc(t('area_legend', language))}</span></div>"
    )
    rows += [f'<div class="wa-note">{esc(note)}</div>' for note in notes]
    rows.append('<div class="wa-sources">' + "<br>".join(esc(s) for s in sources) + "</div>")
    rows.append("</div>")
    return "".join(rows)


def _title_html(title: str, subtitle: str | None, *, private: bool, language: str) -> str:
    html = f"<h1>{esc(title)}</h1>"
    if subtitle:
        html += f"<p>{esc(subtitle)}</p>"
    if private:
        html += f'<p class="wa-private">{esc(t("private_banner", language))}</p>'
    return html


# ------------------------------------------------------------------------------------------ strengths map
def strengths_map(
    register: Any,
    areas: gpd.GeoDataFrame,
    *,
    links: pd.DataFrame | None = None,
    private: bool = False,
    audience: str = "openbaar",
    title: str | None = None,
    subtitle: str | None = None,
    areas_source: str | None = None,
    tiles: str | None = None,
    language: str | None = None,
    simplify_m: float = SIMPLIFY_M,
) -> folium.Map:
    """Make the strengths map: buurten with their names, and what residents recorded, per ABCD category.

    Parameters
    ----------
    register
        A :class:`wijkassets.assets.register.Register`, the path of a register file, or a GeoDataFrame of assets
        that may be published (e.g. ``public_view(register)[0]``; columns ``id, naam, categorie, beschrijving``,
        optional ``tags, laatst_gezien, bron, beeindigd, locatie``). A Register or path is shown through
        :func:`wijkassets.assets.public_view` (the same rule as the public export) unless ``private``.
    areas
        Buurt (or wijk) boundaries with ``code`` and ``naam``, e.g. ``load_boundaries(2015, "buurt",
        gemeente="GM0518")``, or a :func:`wijkassets.analysis.profile` table.
    links
        Links ``van, naar, soort, notitie`` between asset ids; by default the register's (public) links.
    private
        True shows every asset of the register with its personal fields (who recorded it, consent,
        visibility) and a red warning on the map. For the people who keep the register only; never publish it.
    audience
        ``"openbaar"`` (default, for the internet) or ``"buurt"`` (also assets meant for the neighbourhood).
    title, subtitle
        Text at the top; default "Wat de buurt heeft" and the buurten the assets are in.
    areas_source
        Where the boundaries come from; default ``areas.attrs["source"]`` (Bron: CBS).
    tiles
        None (default): no background map, works offline. ``"osm"``: OpenStreetMap tiles (online only; credited).
    language
        ``"nl"`` or ``"en"``; default :func:`wijkassets.settings.get_language`.
    simplify_m
        Outline simplification in metres (see :func:`prepare_areas`).

    Returns
    -------
    folium.Map
        Write it with :func:`save_map` (offline-safe); folium's own ``save`` would link CDNs.
    """
    import folium
    import geopandas as gpd
    import pandas as pd
    import shapely

    from wijkassets.render import _elements as el

    lang = _language(language)
    assets, link_table, register_source, fictional, privacy_note = _register_parts(
        register, links=links, private=private, audience=audience, language=lang
    )
    missing = [c for c in ("naam", "categorie") if c not in assets.columns]
    if missing:
        raise WijkassetsError(
            f"The assets have no column(s) {', '.join(missing)}. A register has naam, categorie, beschrijving, "
            "geometry; open one with wijkassets.assets.open_register."
        )
    assets = _to_rd(gpd.GeoDataFrame(assets), "assets")
    notes: list[str] = []
    ended = assets["beeindigd"].map(_is_ended) if "beeindigd" in assets.columns else None
    if ended is not None and ended.any():
        notes.append(t("ended_hidden", lang).format(n=int(ended.sum())))
        assets = assets[~ended]
    no_place = assets.geometry.isna() | assets.geometry.is_empty
    if no_place.any():
        notes.append(t("no_place_hidden", lang).format(n=int(no_place.sum())))
        warnings.warn(
            f"{int(no_place.sum())} asset(s) have no location and are not on the map.", stacklevel=2
        )
        assets = assets[~no_place]
    bad = [
        c
        for c in assets["categorie"].dropna().unique()
        if str(c).strip().lower() not in style.CATEGORY_STYLES
    ]
    if bad or assets["categorie"].isna().any():
        raise WijkassetsError(
            f"Unknown ABCD categories in the assets: {', '.join(repr(b) for b in bad) or 'empty'}. "
            f"Use one of: {', '.join(style.CATEGORIES)} (wijkassets assets check lists every problem)."
        )
    if privacy_note:
        notes.append(f"Privacy: {privacy_note}")
    if fictional:
        notes.append(
            "Voorbeeld: dit register is verzonnen."
            if lang == "nl"
            else "Example: this register is fictional."
        )

    web_areas = prepare_areas(areas, simplify_m=simplify_m)
    points_rd = assets.geometry.representative_point()
    offsets = dict(zip(assets.index, _fan_offsets(points_rd), strict=True))
    points = gpd.GeoSeries(points_rd, index=assets.index, crs=RD).to_crs(WGS84)
    if len(assets):
        inside = gpd.sjoin(
            gpd.GeoDataFrame(geometry=points.values, crs=WGS84),
            web_areas,
            predicate="within",
            how="inner",
        )
        focus_index = sorted(set(inside["index_right"]))
        focus = web_areas.loc[focus_index] if len(inside) else web_areas
        if len(inside) < len(assets):
            warnings.warn(
                f"{len(assets) - len(inside)} asset(s) lie outside every area on the map; they are shown anyway.",
                stacklevel=2,
            )
    else:
        focus_index = []
        focus = web_areas
    if len(web_areas) == 0:
        raise WijkassetsError(
            "The areas are empty: nothing to draw. Check the gemeente or file you chose."
        )

    center = focus.geometry.union_all().centroid
    m = _new_map((center.y, center.x), tiles=tiles, language=lang)
    _css(m)

    # Areas: outlines, hover names, labels from LABEL_MIN_ZOOM on.
    lines: list[tuple[str, bool, str]] = []
    tip_values: list[list[str | None]] = [[] for _ in range(len(web_areas))]
    if "inwoners" in web_areas.columns:
        lines.append(("", False, " " + t("inhabitants", lang)))
        for i, v in enumerate(web_areas["inwoners"]):
            tip_values[i].append(fmt_number(float(v), lang, decimals=0) if pd.notna(v) else None)
    if "n_assets" in web_areas.columns:
        word = "sterktes in het register" if lang == "nl" else "strengths in the register"
        lines.append(("", False, " " + word))
        for i, v in enumerate(web_areas["n_assets"]):
            tip_values[i].append(str(int(v)) if pd.notna(v) else None)
    area_layer = folium.FeatureGroup(name=esc(t("areas", lang)), control=False)
    area_layer.add_child(
        el.Script(
            el.areas_script(
                _features(
                    web_areas,
                    lines=lines,
                    values=tip_values,
                    focus=[i in focus_index for i in web_areas.index],
                ),
                fill=False,
                label_min_zoom=LABEL_MIN_ZOOM,
            )
        )
    )
    area_layer.add_to(m)

    # Links between assets (both ends on the map).
    where = (
        {
            str(i): (round(p.y, DECIMALS), round(p.x, DECIMALS))
            for i, p in zip(assets["id"], points, strict=True)
        }
        if "id" in assets.columns
        else {}
    )
    names = (
        dict(zip(assets["id"].astype(str), assets["naam"], strict=True))
        if "id" in assets.columns
        else {}
    )
    link_rows = []
    if link_table is not None and len(link_table):
        for _, ln in link_table.iterrows():
            a, b = str(ln.get("van")), str(ln.get("naar"))
            if a in where and b in where:
                tip = f"<b>{esc(names.get(a))}</b> – <b>{esc(names.get(b))}</b>"
                if esc(ln.get("soort")):
                    tip += f"<br>{esc(ln.get('soort'))}"
                if esc(ln.get("notitie")):
                    tip += f"<br>{esc(ln.get('notitie'))}"
                link_rows.append([list(where[a]), list(where[b]), tip])
    if link_rows:
        link_layer = folium.FeatureGroup(name=esc(t("links", lang)) + f" ({len(link_rows)})")
        link_layer.add_child(el.Script(el.links_script(link_rows)))
        link_layer.add_to(m)

    # One layer per category, in legend order.
    counts: dict[str, int] = {}
    cats = assets["categorie"].astype(str).str.strip().str.lower()
    for cat in style.CATEGORIES:
        sel = assets[cats == cat]
        counts[cat] = len(sel)
        if not len(sel):
            continue
        rows = _marker_rows(sel, points, offsets, private=private, language=lang)
        name = (
            f"<span>{style.svg_symbol(cat, size=15)}{esc(style.category_label(cat, language=lang))} "
            f"({len(sel)})</span>"
        )
        layer = folium.FeatureGroup(name=name)
        shapes = sel[~sel.geometry.geom_type.isin(["Point", "MultiPoint"])]
        if len(shapes):
            # a park or a square recorded as an area: its outline under its marker
            outlines = shapes.geometry.to_crs(WGS84)
            layer.add_child(
                el.Script(
                    el.shapes_script(
                        [shapely.geometry.mapping(g) for g in _round(outlines.values)], cat
                    )
                )
            )
        layer.add_child(el.Script(el.markers_script(rows, cat)))
        layer.add_to(m)

    area_text = _area_source(areas, areas_source)
    level = _areas_level(areas)
    boundaries_word = (
        {"wijk": "Wijkgrenzen", "gemeente": "Gemeentegrenzen"}.get(level, "Buurtgrenzen")
        if lang == "nl"
        else "Boundaries"
    )
    sources = [
        f"{boundaries_word}: {area_text}",
        f"{'Sterktes' if lang == 'nl' else 'Strengths'}: {register_source}",
    ]
    el.Control(
        _legend_html(
            counts, has_links=bool(link_rows), notes=notes, sources=sources, language=lang
        ),
        position="bottomleft",
        css_class="wa-box wa-legend",
    ).add_to(m)
    if subtitle is None:
        shown = list(focus["naam"].astype(str)) if "naam" in focus.columns else []
        subtitle = t("strengths_subtitle", lang)
        if shown and len(shown) <= 4:
            subtitle += ": " + ", ".join(shown)
    m.get_root().title = esc(title or t("strengths_title", lang))  # type: ignore[attr-defined]
    el.Control(
        _title_html(title or t("strengths_title", lang), subtitle, private=private, language=lang),
        position="topright",
        css_class="wa-box wa-title",
    ).add_to(m)
    m.add_child(el.Script(el.attribution_script(esc(" · ".join(sources)))))
    switch = folium.LayerControl(collapsed=False, position="topright")
    switch.add_to(m)
    m.add_child(el.Script(el.collapse_on_phone_script(switch.get_name())))
    m.add_child(el.Script(el.fit_script(_bounds(focus))))
    return m


# --------------------------------------------------------------------------------- strengths next to deficits
def _indicator_label(column: str, frame: pd.DataFrame, language: str) -> tuple[str, str | None]:
    """Return (label, unit) of an indicator column, from the CBS catalogue where it knows the name."""
    if column in _EXTRA_LABELS:
        nl, en = _EXTRA_LABELS[column]
        return (en if language == "en" else nl), None
    labels = frame.attrs.get("labels")  # a profile() table names its columns
    if isinstance(labels, dict) and labels.get(column):
        text = str(labels[column])
        return text[:1].upper() + text[1:], None
    try:
        from wijkassets.cbs import catalogue

        cat = catalogue()
        if column in cat.index:
            row = cat.loc[column]
            label = row.get("label_en" if language == "en" else "label_nl") or row.get("label")
            return str(label), (str(row.get("unit")) if row.get("unit") else None)
    except (ImportError, AttributeError, WijkassetsError, KeyError):
        pass
    return column.replace("_", " "), None


def _indicator_source(
    column: str, frame: pd.DataFrame, *, register_source: str | None, language: str
) -> str:
    """Return where ``column`` comes from: ``attrs["sources"][column]``, else what it is computed from."""
    found = frame.attrs.get("sources")
    sources: dict[str, Any] = found if isinstance(found, dict) else {}
    if sources.get(column):
        return str(sources[column])
    if column in ("assets_per_1000", "n_assets"):
        reg = (
            register_source
            or sources.get("n_assets")
            or ("register" if language == "en" else "het register")
        )
        inw = sources.get("inwoners") or frame.attrs.get("source") or "CBS"
        if column == "n_assets":
            return str(reg)
        word = "inwoners" if language == "nl" else "residents"
        return f"{reg}; {word}: {inw}"
    return str(frame.attrs.get("source") or "CBS")


@dataclass
class _Classes:
    """Classes of one choropleth: ``labels`` and ``colours`` per class, ``index`` per area (-1 = no figure)."""

    labels: list[str]
    colours: list[str]
    counts: list[int]
    index: list[int]
    k: int


def _decimals(values: Any) -> int:
    import numpy as np

    finite = np.asarray(values, dtype=float)
    finite = finite[np.isfinite(finite)]
    if not len(finite):
        return 0
    top = float(np.max(np.abs(finite)))
    if np.all(np.equal(np.mod(finite, 1), 0)):
        return 0
    return 2 if top < 1 else (1 if top < 100 else 0)


def _classify(
    values: pd.Series, *, scheme: str, k: int, polarity: str, zero_class: bool, language: str
) -> _Classes:
    """Classify ``values`` with mapclassify; zeros get a class of their own when ``zero_class``.

    A strength like "sterktes per 1,000 inwoners" is 0 wherever nothing was recorded; lumping those zeros with
    small positive values (as quantiles would) hides where the register has anything at all.
    """
    import mapclassify
    import numpy as np

    y = values.to_numpy(dtype=float)
    ok = np.isfinite(y)
    index = np.full(len(y), -1, dtype=int)
    labels: list[str] = []
    zeros = ok & (y == 0) if zero_class else np.zeros(len(y), dtype=bool)
    rest = ok & ~zeros
    offset = 0
    if zeros.any():
        labels.append(
            "0 (" + ("niets vastgelegd" if language == "nl" else "nothing recorded") + ")"
        )
        index[zeros] = 0
        offset = 1
    if rest.any():
        kk = max(1, min(k - offset, len(np.unique(y[rest]))))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # mapclassify warns when quantile bins collapse
            result = mapclassify.classify(y[rest], scheme=scheme, k=kk)
        bins = [float(b) for b in result.bins]
        # Drop empty classes (ties can leave some quantile bins empty) and renumber.
        used = sorted({int(c) for c in result.yb})
        renumber = {c: i + offset for i, c in enumerate(used)}
        index[rest] = [renumber[int(c)] for c in result.yb]
        decimals = _decimals(y[rest])
        lower = float(np.min(y[rest]))
        for c in used:
            upper = bins[c]
            lo = fmt_number(lower, language, decimals=decimals)
            hi = fmt_number(upper, language, decimals=decimals)
            labels.append(lo if lo == hi else f"{lo} – {hi}")
            lower = upper
    n = len(labels)
    colours = style.sequential_colours(max(n, 1), polarity=polarity)[:n] if n else []
    if zeros.any() and n > 1:
        # the zero class is white-ish, the ramp starts after it
        colours = ["#ffffff", *style.sequential_colours(n - 1, polarity=polarity)]
    elif zeros.any():
        colours = ["#ffffff"]
    counts = [int(np.sum(index == i)) for i in range(n)]
    return _Classes(labels, colours, counts, [int(i) for i in index], n)


_LEVEL_WORDS = {
    "buurt": ("buurt", "buurten"),
    "wijk": ("wijk", "wijken"),
    "gemeente": ("gemeente", "gemeenten"),
}


def _areas_level(frame: pd.DataFrame) -> str:
    """Return the level of the areas ("buurt", "wijk" or "gemeente"; "buurt" when not known)."""
    if "level" in frame.columns and frame["level"].notna().any():
        return str(frame["level"].mode().iloc[0])
    codes = frame["code"].astype(str) if "code" in frame.columns else pd.Series([], dtype=str)
    prefix = codes.str[:2].mode()
    return {"WK": "wijk", "GM": "gemeente"}.get(str(prefix.iloc[0]) if len(prefix) else "", "buurt")


def _choropleth_legend(
    classes: _Classes,
    *,
    heading: str,
    direction: str,
    n_missing: int,
    note: str,
    sources: list[str],
    language: str,
    level: str = "buurt",
) -> str:
    hide, show = ("verbergen", "tonen") if language == "nl" else ("hide", "show")

    def word(n: int) -> str:
        if language == "nl":
            one, many = _LEVEL_WORDS.get(level, _LEVEL_WORDS["buurt"])
            return one if n == 1 else many
        return "area" if n == 1 else "areas"

    rows = [
        f'<button class="wa-toggle" type="button" aria-expanded="true" data-hide="{hide}" data-show="{show}">'
        f"{hide}</button>",
        f"<h2>{esc(heading)}</h2>",
        '<div class="wa-body">',
        f'<div class="wa-note">{esc(direction)}</div>',
    ]
    for label, colour, count in zip(classes.labels, classes.colours, classes.counts, strict=True):
        rows.append(
            f'<div class="wa-row"><span class="wa-swatch" style="background:{colour}"></span>'
            f'<span>{esc(label)} <span class="wa-count">({count} {word(count)})</span></span></div>'
        )
    if n_missing:
        rows.append(
            f'<div class="wa-row"><span class="wa-swatch wa-missing" style="background:{style.MISSING_COLOUR}">'
            f'</span><span>{esc(t("no_figure", language))} <span class="wa-count">({n_missing})</span></span></div>'
        )
    rows.append(f'<div class="wa-note">{esc(note)}</div>')
    everything = " ".join(sources)
    short = ["Bron: CBS" if language == "nl" else "Source: CBS"] if "CBS" in everything else []
    if "register" in everything.lower():
        short.append("ABCD-register")
    more = "meer" if language == "nl" else "more"
    rows.append(
        f'<details class="wa-sources"><summary>{esc(" + ".join(short) or sources[0][:60])} ({more})'
        "</summary>" + "<br>".join(esc(x) for x in sources) + "</details>"
    )
    rows.append("</div>")
    return "".join(rows)


def side_by_side_map(
    areas: gpd.GeoDataFrame,
    *,
    strength: str = "assets_per_1000",
    deficit: str | None = None,
    scheme: str = "Quantiles",
    k: int = 5,
    register: Any = None,
    zoom_to: str = "strengths",
    title: str | None = None,
    strength_source: str | None = None,
    deficit_source: str | None = None,
    areas_source: str | None = None,
    tiles: str | None = None,
    language: str | None = None,
    simplify_m: float = SIMPLIFY_M,
) -> DualMap:
    """Make two synchronised maps: a strength indicator on the left, a CBS deficit on the right.

    Parameters
    ----------
    areas
        One row per area with geometry, ``code``, ``naam`` and the indicator columns, e.g. the result of
        :func:`wijkassets.analysis.profile`. When ``strength="assets_per_1000"`` is missing but ``n_assets`` and
        ``inwoners`` are there, it is computed (empty where fewer than 1 inwoner).
    strength
        Column for the left pane ("more is better"), default sterktes per 1,000 inwoners.
    deficit
        Column for the right pane ("more needs attention"); default the first of :data:`DEFICIT_PREFERENCE` that
        the table has.
    scheme, k
        mapclassify scheme (``"Quantiles"``, ``"NaturalBreaks"``, ``"FisherJenks"``, ``"EqualInterval"``) and
        number of classes (at most 7), the same for both panes.
    register
        Optional: a Register (or path) whose public assets are drawn on the left pane; it is also named as the
        source of the strength figures.
    zoom_to
        ``"strengths"`` (default): open on the areas with a strength above 0 and their neighbours (a register
        usually covers one neighbourhood); ``"all"``: the whole table.
    title
        Text on top of the left pane; default "Sterktes naast tekorten".
    strength_source, deficit_source, areas_source
        Where the figures come from; default ``areas.attrs["sources"][column]`` / ``areas.attrs["source"]``.
    tiles, language, simplify_m
        As for :func:`strengths_map`.

    Returns
    -------
    folium.plugins.DualMap
        Write it with :func:`save_map`.
    """
    import folium
    import numpy as np
    import pandas as pd
    from folium.plugins import DualMap

    from wijkassets.render import _elements as el

    lang = _language(language)
    frame = areas.copy()
    frame.attrs = dict(areas.attrs)
    if (
        strength not in frame.columns
        and strength == "assets_per_1000"
        and {"n_assets", "inwoners"} <= set(frame.columns)
    ):
        inw = pd.to_numeric(frame["inwoners"], errors="coerce")
        frame[strength] = (pd.to_numeric(frame["n_assets"], errors="coerce") / inw * 1000).where(
            inw >= 1
        )
    if deficit is None:
        deficit = next((c for c in DEFICIT_PREFERENCE if c in frame.columns), None)
        directions = frame.attrs.get("directions")
        if deficit is None and isinstance(directions, dict):
            # a profile() table marks its deficits in the direction of their percentile column
            deficit = next(
                (
                    c.removeprefix("pctl_")
                    for c, d in directions.items()
                    if ("tekort" in str(d) or "deficit" in str(d))
                    and c.removeprefix("pctl_") in frame.columns
                ),
                None,
            )
        if deficit is None:
            raise WijkassetsError(
                "No deficit column found for the right pane. Pass deficit=<column>, e.g. one of: "
                + ", ".join(DEFICIT_PREFERENCE)
                + " (add CBS figures with wijkassets.analysis.profile(areas, assets, kwb))."
            )
    problems = [
        f"column {c!r} ({side}) is not in the table"
        for c, side in ((strength, "strength"), (deficit, "deficit"))
        if c not in frame.columns
    ]
    if problems:
        raise WijkassetsError(
            "; ".join(problems) + f". Columns there: {', '.join(map(str, frame.columns[:30]))}."
        )
    if not 1 <= k <= 7:
        raise WijkassetsError(f"k={k}: choose 1 to 7 classes; more cannot be told apart on a map.")
    scheme_key = scheme.replace("_", "").replace(" ", "").lower()

    web = prepare_areas(frame, simplify_m=simplify_m)
    if len(web) == 0:
        raise WijkassetsError(
            "The areas are empty: nothing to draw. Check the gemeente or file you chose."
        )
    values = {c: pd.to_numeric(web[c], errors="coerce").astype(float) for c in (strength, deficit)}
    labels = {c: _indicator_label(c, frame, lang) for c in (strength, deficit)}
    if zoom_to not in ("strengths", "all"):
        raise WijkassetsError(f"zoom_to={zoom_to!r}: use 'strengths' or 'all'.")
    focus = web
    if zoom_to == "strengths":
        has = values[strength].fillna(0) > 0
        if has.any():
            core = web[has.to_numpy()]
            # the areas with strengths and their neighbours, so the view shows them in context
            focus = web[web.intersects(core.geometry.union_all().buffer(0.0005)).to_numpy()]
    center = focus.geometry.union_all().centroid
    dual = DualMap(
        location=[center.y, center.x], zoom_start=13, tiles=None, control_scale=False, zoomSnap=0.25
    )
    _css(dual.m1)

    def shown(column: str) -> list[str | None]:
        decimals = _decimals(values[column])
        return [
            fmt_number(float(v), lang, decimals=decimals)
            if np.isfinite(v)
            else t("no_figure", lang)
            for v in values[column]
        ]

    tip_lines = [(labels[c][0] + ": ", True, "") for c in (strength, deficit)]
    tip_values = [list(pair) for pair in zip(shown(strength), shown(deficit), strict=True)]
    area_text = _area_source(frame, areas_source)
    level = _areas_level(frame)
    boundaries_word = (
        {"wijk": "Wijkgrenzen", "gemeente": "Gemeentegrenzen"}.get(level, "Buurtgrenzen")
        if lang == "nl"
        else "Boundaries"
    )
    reg_source = None
    if register is not None:
        assets, _, reg_source, _, _ = _register_parts(
            register, links=None, private=False, audience="openbaar", language=lang
        )
    panes = (
        (dual.m1, strength, "strength", strength_source, t("more_is_better", lang)),
        (dual.m2, deficit, "deficit", deficit_source, t("more_needs_attention", lang)),
    )
    # written once, drawn in both panes
    shared_features = _features(web, lines=tip_lines, values=tip_values)
    shared_name = "wa_areas_" + dual.m1.get_name()
    for m, column, polarity, source_override, direction in panes:
        classes = _classify(
            values[column],
            scheme=scheme,
            k=k,
            polarity=polarity,
            zero_class=polarity == "strength",
            language=lang,
        )
        fills = [classes.colours[c] if c >= 0 else style.MISSING_COLOUR for c in classes.index]
        layer = folium.FeatureGroup(name=esc(labels[column][0]), control=False)
        layer.add_child(
            el.Script(
                el.areas_script(
                    shared_features if m is dual.m1 else None,
                    fills=fills,
                    shared=shared_name,
                    fill=True,
                    label_min_zoom=LABEL_MIN_ZOOM,
                    weight=0.8,
                )
            )
        )
        layer.add_to(m)
        source = source_override or _indicator_source(
            column, frame, register_source=reg_source, language=lang
        )
        if "CBS" in source and "Bron: CBS" not in source:
            source += ". Bron: CBS"
        note = t("classes_note", lang).format(
            scheme=SCHEME_NAMES[lang].get(scheme_key, scheme), k=classes.k
        )
        prefix = (
            ""
            if source.startswith(("Bron", "Source"))
            else ("Bron: " if lang == "nl" else "Source: ")
        )
        el.Control(
            _choropleth_legend(
                classes,
                heading=labels[column][0],
                direction=direction,
                n_missing=int(sum(1 for c in classes.index if c < 0)),
                note=note,
                sources=[prefix + source]
                + ([f"{boundaries_word}: {area_text}"] if area_text not in source else []),
                language=lang,
                level=level,
            ),
            position="bottomleft",
            css_class="wa-box wa-legend",
        ).add_to(m)
        # The attribution line stays short; the legend carries the full sources.
        credits = ["Bron: CBS"] if "CBS" in source + area_text else []
        if polarity == "strength" and reg_source:
            credits.append(reg_source)
        m.add_child(el.Script(el.attribution_script(esc(" · ".join(credits)))))
        m.add_child(el.Script(el.scale_script()))
        m.add_child(el.Script("{map}.getContainer().classList.add('wa-dual');"))
        _add_tiles(m, tiles, lang)

    # Optional asset symbols on the strengths pane.
    if register is not None:
        assets = _to_rd(assets, "assets")
        if "beeindigd" in assets.columns:
            assets = assets[~assets["beeindigd"].map(_is_ended)]
        assets = assets[assets.geometry.notna() & ~assets.geometry.is_empty]
        import geopandas as gpd

        pts_rd = assets.geometry.representative_point()
        offsets = dict(zip(assets.index, _fan_offsets(pts_rd), strict=True))
        pts = gpd.GeoSeries(pts_rd, index=assets.index, crs=RD).to_crs(WGS84)
        cats = assets["categorie"].astype(str).str.strip().str.lower()
        for cat in style.CATEGORIES:
            sel = cats == cat
            if not sel.any():
                continue
            rows = _marker_rows(assets[sel], pts, offsets, private=False, language=lang)
            layer = folium.FeatureGroup(
                name=esc(style.category_label(cat, language=lang)), control=False
            )
            layer.add_child(el.Script(el.markers_script(rows, cat)))
            layer.add_to(dual.m1)

    dual.m1.get_root().title = esc(title or t("side_title", lang))  # type: ignore[attr-defined]
    el.Control(
        _title_html(
            title or t("side_title", lang), t("hover_hint", lang), private=False, language=lang
        ),
        position="topright",
        css_class="wa-box wa-title",
    ).add_to(dual.m1)
    # m1 fits the areas beside its title and legend; m2 takes the same view (Leaflet.Sync keeps them together).
    dual.m1.add_child(el.Script(el.fit_script(_bounds(focus), max_zoom=16)))
    dual.m2.add_child(el.Script(el.follow_script(dual.m1.get_name())))
    return dual


# ------------------------------------------------------------------------------------------------- writing
def to_html(m: Any, *, self_contained: bool = True) -> str:
    """Return the page of map ``m`` as HTML that loads nothing from outside (see :func:`save_map`)."""
    from wijkassets.render._offline import render_offline

    return render_offline(m, self_contained=self_contained)


def save_map(m: Any, path: str | os.PathLike[str], *, self_contained: bool = True) -> Path:
    """Write map ``m`` to ``path`` (``.html``) so that it works without internet.

    Parameters
    ----------
    m
        A map from :func:`strengths_map` or :func:`side_by_side_map` (any folium Map or DualMap that uses no
        other plugin).
    path
        The ``.html`` file to write (atomically: nothing is written when anything fails).
    self_contained
        True (default): one file with everything in it, to mail or put on a USB stick (about 200 kB plus the
        map data). False: the page links ``wijkassets-static/`` (Leaflet and its licence), written beside it,
        so several maps in one folder share it.

    Returns
    -------
    Path
        The file written.
    """
    from wijkassets._io import atomic_write_text, check_output_path
    from wijkassets.render._offline import write_shared_folder

    out = check_output_path(path, (".html", ".htm"))
    page = to_html(m, self_contained=self_contained)
    if not self_contained:
        write_shared_folder(out.parent)
    atomic_write_text(out, page)
    return out
