"""Print maps (matplotlib): the walk map for a buurt, and strengths next to deficits for reports.

The walk map is meant to be printed and carried: on page 1 the buurt with its numbered stops, the route, a
legend, a scale bar, a north arrow, a title and the date; on the next page(s) the stops in order, each with what
to look for and the distance and time to the next one. It reads in black and white: every category has its own
shape (:mod:`wijkassets.render.style`), numbers are black on a white halo. Street context comes from PDOK's
BRT-Achtergrondkaart (:mod:`wijkassets.render.tiles`), cached for an offline day; without it the map shows the
outlines and names of the buurten and says that the streets are missing.

Only what may be published reaches paper: a register goes through ``wijkassets.assets.public_view``.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import textwrap
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wijkassets import settings
from wijkassets._errors import WijkassetsError
from wijkassets.render import _fonts, style

if TYPE_CHECKING:
    import geopandas as gpd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

#: Paper sizes in millimetres (portrait).
PAPERS: dict[str, tuple[float, float]] = {"A4": (210.0, 297.0), "A3": (297.0, 420.0)}
WALK_SPEED_KMH = 4.5
MM = 1 / 25.4
OUTPUT_SUFFIXES = (".pdf", ".png")
PNG_DPI = 150

_TEXT: dict[str, dict[str, str]] = {
    "nl": {
        "title": "Wandeling door {buurt}",
        "summary": "{n} stops \u00b7 {km} km \u00b7 ca. {min} minuten lopen",
        "legend": "Legenda",
        "route": "Looproute (hemelsbreed tussen de stops)",
        "start": "Start",
        "buurt": "Buurtgrens {buurt}",
        "wijk": "Wijkgrens {buurt}",
        "other": "Andere buurten",
        "no_tiles": (
            "Zonder straatkaart: de achtergrondkaart is niet in de cache en wijkassets is offline.\n"
            "Maak deze kaart \u00e9\u00e9n keer online (of: wijkassets tiles --buurt {code}) om de "
            "straten te tonen."
        ),
        "partial_tiles": "Straatkaart onvolledig: {missing} van {total} kaarttegels ontbreken.",
        "stops_title": "De stops: waar let je op?",
        "stops_summary": (
            "{n} stops, samen {km} km hemelsbreed: ca. {min} minuten lopen bij {speed} km/u, "
            "zonder stilstaan. Loop zelf over straat en stoep; de route volgt geen straten."
        ),
        "to_next": "\u2192 naar stop {next}: {m} m, ca. {min} min lopen",
        "end": "Einde van de wandeling.",
        "notes": "Wat zie je? Wie spreek je?",
        "category": "Soort",
        "page": "pagina {i} van {n}",
        "made": "Gemaakt op {date} met wijkassets",
        "source_register": "Bron: register {name} (bijgewerkt {date}), alleen openbare gegevens",
        "source_areas": "buurtgrenzen: {source}",
        "north": "N",
        "north_note": "noorden = boven",
        "scale_note": "schaal ca. 1:{scale} op {paper}",
        "fictional": "fictief voorbeeld",
        "continued": "(vervolg)",
        "stops_short": "De stops (waar je op let: zie de volgende pagina)",
        "more_stops": "\u2026 en nog {n}: zie de volgende pagina",
    },
    "en": {
        "title": "A walk through {buurt}",
        "summary": "{n} stops \u00b7 {km} km \u00b7 about {min} minutes' walk",
        "legend": "Legend",
        "route": "Walking route (straight lines between stops)",
        "start": "Start",
        "buurt": "Boundary of {buurt}",
        "wijk": "Boundary of {buurt}",
        "other": "Other buurten",
        "no_tiles": (
            "No street map: the background map is not in the cache and wijkassets is offline.\n"
            "Make this map once while online (or run: wijkassets tiles --buurt {code}) to show "
            "the streets."
        ),
        "partial_tiles": "Street map incomplete: {missing} of {total} map tiles are missing.",
        "stops_title": "The stops: what to look for",
        "stops_summary": (
            "{n} stops, {km} km in straight lines: about {min} minutes' walk at {speed} km/h, "
            "without stopping. Walk along streets and pavements; the route follows no streets."
        ),
        "to_next": "\u2192 to stop {next}: {m} m, about {min} min walk",
        "end": "End of the walk.",
        "notes": "What do you see? Whom do you meet?",
        "category": "Kind",
        "page": "page {i} of {n}",
        "made": "Made on {date} with wijkassets",
        "source_register": "Source: register {name} (updated {date}), public fields only",
        "source_areas": "boundaries: {source}",
        "north": "N",
        "north_note": "north = up",
        "scale_note": "scale about 1:{scale} on {paper}",
        "fictional": "fictional example",
        "continued": "(continued)",
        "stops_short": "The stops (what to look for: see the next page)",
        "more_stops": "\u2026 and {n} more: see the next page",
    },
}


def _t(key: str, lang: str, **kw: Any) -> str:
    return _TEXT[lang][key].format(**kw)


def format_date(day: date, language: str | None = None) -> str:
    """Return ``day`` written out ("23 november 2026" / "23 November 2026"), independent of the locale."""
    from wijkassets.render._text import day_text

    return day_text(day, language or settings.get_language())


def _fmt_km(metres: float, lang: str) -> str:
    text = f"{metres / 1000:.1f}"
    return text.replace(".", ",") if lang == "nl" else text


def walking_minutes(metres: float, *, speed_kmh: float = WALK_SPEED_KMH) -> int:
    """Return the whole minutes (rounded up) to walk ``metres`` at ``speed_kmh``."""
    if metres <= 0:
        return 0
    return math.ceil(metres / 1000 / speed_kmh * 60 - 1e-9)


# --------------------------------------------------------------------------------------------- inputs


@dataclass
class WalkPlan:
    """The stops of a walk in order, with the legs between them.

    Attributes
    ----------
    stops
        GeoDataFrame (EPSG:28992), one row per stop in walking order, with ``stop`` (1, 2, ...), ``naam``,
        ``categorie``, ``beschrijving``, ``to_next_m`` (straight-line metres to the next stop, NaN for the last)
        and ``geometry`` (the point walked to; a polygon asset's representative point).
    length_m
        Total straight-line length in metres (the way back included for a round walk).
    minutes
        Walking time in whole minutes at :data:`WALK_SPEED_KMH`.
    route
        The route as a shapely LineString in RD (from ``plan_walk``), or None.
    left_out
        Ids of stops that did not fit in ``max_km``.
    loop
        True for a round walk that ends at the start.
    """

    stops: gpd.GeoDataFrame
    length_m: float
    minutes: int
    buurt_code: str
    buurt_naam: str
    route: Any = None
    left_out: list[Any] = field(default_factory=list)
    loop: bool = False


@dataclass
class WalkMap:
    """What :func:`walk_map` made: the written files, the plan, and how the background was had."""

    paths: list[Path]
    plan: WalkPlan
    background: str  # "tiles", "partial", "none", "off"
    pages: int
    notes: list[str] = field(default_factory=list)


def _register_parts(
    register_or_assets: Any, *, audience: str = "openbaar"
) -> tuple[gpd.GeoDataFrame, str, date | None]:
    """Return (public assets, register name, register date) from a register, a path, or a GeoDataFrame."""
    import geopandas as gpd

    obj = register_or_assets
    if isinstance(obj, str | os.PathLike):
        from wijkassets.assets import open_register

        obj = open_register(obj)
    if isinstance(obj, gpd.GeoDataFrame):
        assets = obj
        if "privacy" in assets.columns:
            private = assets["privacy"].astype("string").str.strip().str.lower() != "openbaar"
            if private.any():
                warnings.warn(
                    f"{int(private.sum())} asset(s) are not marked 'openbaar' and are left off the printed "
                    "walk. Pass the register itself to apply its full publication rule.",
                    stacklevel=3,
                )
                assets = assets[~private]
        name = str(assets.attrs.get("register", assets.attrs.get("name", "")))
        updated = assets.attrs.get("updated")
        return assets, name, updated
    if hasattr(obj, "assets"):
        from wijkassets.assets import public_view

        if audience not in ("openbaar", "buurt"):
            raise WijkassetsError(f"audience={audience!r}: use 'openbaar' or 'buurt'.")
        with warnings.catch_warnings():
            # Individuals are never stops of a walk, so how many the public view hid is not news here.
            warnings.filterwarnings("ignore", message=r".*individu", category=UserWarning)
            assets, _links = public_view(
                obj, audience="buurt" if audience == "buurt" else "openbaar"
            )
        name = _register_name(obj)
        updated = getattr(obj, "updated", None)
        return assets, name, updated
    raise WijkassetsError(
        f"walk_map needs a register (wijkassets.assets.open_register), its path, or a GeoDataFrame of assets; "
        f"got {type(register_or_assets).__name__}."
    )


def _register_name(register: Any) -> str:
    name = str(getattr(register, "name", "") or "")
    path = getattr(register, "path", None)
    if not name and path is not None:
        name = Path(path).stem
    if getattr(register, "fictional", False) and "fict" not in name.lower():
        name = f"{name} ({_t('fictional', settings.get_language())})"
    return name or "register"


def _gemeente_of(buurt: str) -> str | None:
    """Return the gemeente code of a buurt code, or of a buurt name when one gemeente has it."""
    code = buurt.strip().upper()
    if code.startswith("BU") and len(code) >= 6 and code[2:6].isdigit():
        return f"GM{code[2:6]}"
    try:
        from wijkassets.areas import find

        hits = find(buurt, level="buurt")
    except WijkassetsError:
        return None
    if hits.empty:
        return None
    exact = hits[hits["naam"].astype(str).str.strip().str.casefold() == buurt.strip().casefold()]
    gemeenten = set(exact["gemeentecode"].dropna().astype(str))
    return gemeenten.pop() if len(gemeenten) == 1 else None


def _default_boundaries(buurt: str, year: int = 2015) -> gpd.GeoDataFrame:
    from wijkassets.areas import load_boundaries

    return load_boundaries(year, "buurt", gemeente=_gemeente_of(buurt))


def select_buurt(boundaries: gpd.GeoDataFrame, buurt: str) -> gpd.GeoSeries:
    """Return the row of ``boundaries`` whose ``code`` or ``naam`` is ``buurt`` (case and spaces ignored).

    Raises
    ------
    WijkassetsError
        When nothing matches (with the closest names) or a name matches several buurten (with their codes).
    """
    wanted = buurt.strip().casefold()
    codes = boundaries["code"].astype(str).str.strip()
    names = boundaries["naam"].astype(str).str.strip()
    hit = boundaries[codes.str.casefold() == wanted]
    if hit.empty:
        hit = boundaries[names.str.casefold() == wanted]
    if len(hit) > 1:
        options = ", ".join(f"{c} ({n})" for c, n in zip(hit["code"], hit["naam"], strict=True))
        raise WijkassetsError(
            f"Buurt {buurt!r} matches {len(hit)} areas: {options}. Give the code instead."
        )
    if hit.empty:
        from rapidfuzz import process

        close = process.extract(buurt, list(names), limit=3)
        suggestions = ", ".join(f"{n} ({codes.iloc[i]})" for n, _s, i in close)
        raise WijkassetsError(
            f"No buurt {buurt!r} among the {len(boundaries)} areas given. Closest: {suggestions}. "
            "Use a CBS code (BU05182916) or the exact name; give other boundaries with --boundaries."
        )
    return hit.iloc[0]


def plan_stops(
    assets: gpd.GeoDataFrame,
    area: Any,
    *,
    start: Any = None,
    max_km: float | None = None,
    loop: bool = False,
) -> WalkPlan:
    """Choose the assets inside ``area`` (a boundaries row) that one can walk to, and order them into a walk.

    Left out: ended assets (``beeindigd`` set), individuals (``categorie`` individu: a walk visits places, not
    people's homes) and anything whose public location is not exact (``locatie`` other than "exact", such as
    a grid cell's middle). The order and the distances come from ``wijkassets.analysis.plan_walk``: nearest
    neighbour improved by 2-opt, straight lines in RD.
    """
    import geopandas as gpd
    import numpy as np
    import pandas as pd

    from wijkassets.analysis import plan_walk

    if assets.crs is None:
        raise WijkassetsError("The assets have no CRS; a register is stored in EPSG:28992.")
    pts = assets.to_crs(28992)
    points = pts.geometry.representative_point()
    keep = np.array(points.within(area.geometry), dtype=bool)
    if "beeindigd" in pts.columns:
        ended = pts["beeindigd"].notna() & (pts["beeindigd"].astype("string").str.strip() != "")
        keep &= ~ended.fillna(False).to_numpy(dtype=bool)
    if "categorie" in pts.columns:
        keep &= (pts["categorie"].astype("string") != "individu").fillna(True).to_numpy(dtype=bool)
    if "locatie" in pts.columns:
        loc = pts["locatie"].astype("string").str.strip().str.lower()
        keep &= (loc.isna() | (loc == "exact")).to_numpy(dtype=bool)
    inside = pts[keep]
    if inside.empty:
        raise WijkassetsError(
            f"No public places lie inside buurt {area['code']} ({area['naam']}): nothing to walk to. "
            "Check the buurt, or record places there first (individuals are never stops)."
        )
    route = plan_walk(inside, start=start, max_km=max_km, loop=loop)
    stops = gpd.GeoDataFrame(
        pd.DataFrame(route).reset_index(drop=True), geometry="geometry", crs=28992
    )
    legs = stops["afstand_m"].to_numpy(dtype=float)
    stops["to_next_m"] = np.append(legs[1:], np.nan)
    length = float(route.attrs.get("length_m", legs.sum()))
    return WalkPlan(
        stops=stops,
        length_m=length,
        minutes=walking_minutes(length),
        buurt_code=str(area["code"]),
        buurt_naam=str(area["naam"]),
        route=route.attrs.get("route"),
        left_out=list(route.attrs.get("left_out", [])),
        loop=bool(route.attrs.get("loop", loop)),
    )


# --------------------------------------------------------------------------------------------- drawing


def _fit_extent(
    bounds: tuple[float, float, float, float], aspect: float, pad: float = 0.08
) -> tuple[float, float, float, float]:
    """Return (xmin, xmax, ymin, ymax) around ``bounds`` with ``pad`` margin and width/height = ``aspect``."""
    xmin, ymin, xmax, ymax = bounds
    w, h = xmax - xmin, ymax - ymin
    w, h = max(w, 200.0), max(h, 200.0)
    w *= 1 + 2 * pad
    h *= 1 + 2 * pad
    if w / h < aspect:
        w = h * aspect
    else:
        h = w / aspect
    cx, cy = (xmin + xmax) / 2, (ymin + ymax) / 2
    return (cx - w / 2, cx + w / 2, cy - h / 2, cy + h / 2)


def _nice_length(max_m: float) -> float:
    """Return the largest 1, 2, 2.5 or 5 times a power of ten that is at most ``max_m`` (at least 1)."""
    candidates = sorted(m * 10**p for p in range(5) for m in (1, 2, 2.5, 5))
    best = candidates[0]
    for c in candidates:
        if c <= max_m:
            best = c
    return float(best)


PAD = 0.08  # margin around the buurt, as a share of its width and height


def _bounds_of(
    geom: Any, stops: gpd.GeoDataFrame | None = None
) -> tuple[float, float, float, float]:
    b = tuple(geom.bounds)
    if stops is not None and len(stops):
        sb = stops.total_bounds
        b = (min(b[0], sb[0]), min(b[1], sb[1]), max(b[2], sb[2]), max(b[3], sb[3]))
    return (float(b[0]), float(b[1]), float(b[2]), float(b[3]))


def _map_box(
    paper: str, bounds: tuple[float, float, float, float] | None = None
) -> tuple[float, float, float, float]:
    """Return the map's axes box (left, bottom, width, height) in figure fractions for ``paper``.

    The map takes the full width; its height follows the buurt's shape (a wide buurt gets a lower map), at least
    55% of the room, and the map sits at the top. The room left under it holds a short list of the stops.
    """
    pw, ph = PAPERS[paper]
    s = pw / 210.0
    margin, top_band, bottom_band = 12 * s, 30 * s, 52 * s
    avail_w, avail_h = pw - 2 * margin, ph - top_band - bottom_band
    height = avail_h
    if bounds is not None:
        w_m = max(bounds[2] - bounds[0], 200.0) * (1 + 2 * PAD)
        h_m = max(bounds[3] - bounds[1], 200.0) * (1 + 2 * PAD)
        height = min(avail_h, max(avail_w * h_m / w_m, 0.55 * avail_h))
    return (margin / pw, (ph - top_band - height) / ph, avail_w / pw, height / ph)


def map_extent(
    geom: Any, *, paper: str = "A4", stops: gpd.GeoDataFrame | None = None
) -> tuple[float, float, float, float]:
    """Return the (xmin, xmax, ymin, ymax) in RD that the walk map of ``geom`` shows on ``paper``."""
    pw, ph = PAPERS[paper]
    bounds = _bounds_of(geom, stops)
    box_ = _map_box(paper, bounds)
    return _fit_extent(bounds, (box_[2] * pw) / (box_[3] * ph), pad=PAD)


def tile_zoom(extent: tuple[float, float, float, float], *, paper: str = "A4") -> int:
    """Return the BRT-A zoom level that gives about 150 dpi on ``paper`` (at most 13)."""
    from wijkassets.render import tiles as _tiles

    pw, _ph = PAPERS[paper]
    width_in = _map_box(paper)[2] * pw * MM
    return min(_tiles.zoom_for((extent[1] - extent[0]) / (width_in * 150)), 13)


def prefetch_tiles(
    boundaries: gpd.GeoDataFrame, buurt: str, *, paper: str = "A4", background: str = "grijs"
) -> Any:
    """Fetch (or find in the cache) the background tiles a walk map of ``buurt`` on ``paper`` needs.

    Returns the :class:`wijkassets.render.tiles.Background` with counts of fetched, cached and missing tiles.
    """
    from wijkassets.render import tiles as _tiles

    paper_key = str(paper).upper()
    if paper_key not in PAPERS:
        raise WijkassetsError(f"paper={paper!r}: use one of {', '.join(PAPERS)}.")
    area = select_buurt(boundaries.to_crs(28992), buurt)
    extent = map_extent(area.geometry, paper=paper_key)
    xmin, xmax, ymin, ymax = extent
    return _tiles.load_background(
        (xmin, ymin, xmax, ymax), zoom=tile_zoom(extent, paper=paper_key), layer=background
    )


def _scale_bar(
    ax: Axes, extent: tuple[float, float, float, float], *, fs: float, lang: str
) -> None:
    from matplotlib.patches import Rectangle

    xmin, xmax, ymin, ymax = extent
    width = xmax - xmin
    length = _nice_length(width * 0.22)
    x0 = xmin + width * 0.035
    y0 = ymin + (ymax - ymin) * 0.035
    h = (ymax - ymin) * 0.008
    ax.add_patch(
        Rectangle(
            (x0 - width * 0.015, y0 - h * 1.5),
            length + width * 0.03,
            h * 6.2,
            facecolor="white",
            edgecolor="#888888",
            linewidth=0.5,
            alpha=0.9,
            zorder=20,
        )
    )
    parts = 4
    for i in range(parts):
        ax.add_patch(
            Rectangle(
                (x0 + i * length / parts, y0),
                length / parts,
                h,
                facecolor="black" if i % 2 == 0 else "white",
                edgecolor="black",
                linewidth=0.6,
                zorder=21,
            )
        )
    unit = f"{int(length)} m" if length < 1000 else f"{_fmt_km(length, lang)} km"
    for x, label in ((x0, "0"), (x0 + length / 2, ""), (x0 + length, unit)):
        if label:
            ax.text(x, y0 + h * 1.6, label, ha="center", va="bottom", fontsize=fs, zorder=22)


def _north_arrow(
    ax: Axes, extent: tuple[float, float, float, float], *, fs: float, lang: str
) -> None:
    from matplotlib.patches import FancyBboxPatch, Polygon

    xmin, xmax, ymin, ymax = extent
    w, h = xmax - xmin, ymax - ymin
    size = min(w, h) * 0.04
    cx, cy = xmax - w * 0.06, ymax - h * 0.09
    ax.add_patch(
        FancyBboxPatch(
            (cx - size * 0.85, cy - size * 1.05),
            size * 1.7,
            size * 3.0,
            boxstyle=f"round,pad=0,rounding_size={size * 0.3}",
            facecolor="white",
            edgecolor="#888888",
            lw=0.5,
            alpha=0.9,
            zorder=20,
        )
    )
    for sign, fill in ((-1, "black"), (1, "white")):
        ax.add_patch(
            Polygon(
                [(cx, cy + size), (cx + sign * size * 0.5, cy - size * 0.8), (cx, cy - size * 0.4)],
                closed=True,
                facecolor=fill,
                edgecolor="black",
                lw=0.8,
                zorder=21,
            )
        )
    ax.text(
        cx,
        cy + size * 1.35,
        _t("north", lang),
        ha="center",
        va="bottom",
        fontsize=fs * 1.3,
        fontweight="bold",
        zorder=22,
    )


def _spread(points: list[tuple[float, float]], gap: float) -> list[tuple[float, float]]:
    """Return marker positions at least ``gap`` apart: each point stays put if it can, else moves out in rings.

    Greedy, in walking order, so stop 1 keeps its place; a moved marker is as close to its spot as the others
    allow (12 directions per ring, rings ``gap`` apart).
    """
    placed: list[tuple[float, float]] = []

    def free(x: float, y: float) -> bool:
        return all(math.hypot(x - qx, y - qy) >= gap for qx, qy in placed)

    for x, y in points:
        spot = (x, y)
        if not free(x, y):
            found = None
            for ring in range(1, 6):
                for k in range(12):
                    angle = math.pi / 4 + k * math.pi / 6
                    cand = (x + ring * gap * math.cos(angle), y + ring * gap * math.sin(angle))
                    if free(*cand):
                        found = cand
                        break
                if found:
                    break
            spot = found or spot
        placed.append(spot)
    return placed


def _halo(width: float = 3.0, colour: str = "white") -> list[Any]:
    from matplotlib import patheffects

    return [patheffects.withStroke(linewidth=width, foreground=colour)]


def _draw_stop(ax: Axes, x: float, y: float, number: int, category: str, *, size: float) -> None:
    st = style.category_style(category)
    marker_size = size * (1.35 if st.marker == "*" else 1.0)
    ax.plot(
        [x],
        [y],
        marker=st.marker,
        markersize=marker_size,
        markerfacecolor=st.colour,
        markeredgecolor="black",
        markeredgewidth=1.1,
        linestyle="none",
        zorder=30,
    )
    dy = -size * 0.06 if st.marker == "^" else 0.0
    ax.annotate(
        str(number),
        (x, y),
        xytext=(0, dy),
        textcoords="offset points",
        ha="center",
        va="center",
        fontsize=size * 0.5,
        fontweight="bold",
        color="black",
        path_effects=_halo(size * 0.17),
        zorder=31,
    )


def _draw_map_page(
    fig: Figure,
    plan: WalkPlan,
    boundaries: gpd.GeoDataFrame,
    *,
    paper: str,
    lang: str,
    today: date,
    title: str | None,
    sources: list[str],
    background: str | None,
    page_label: str,
) -> tuple[str, list[str]]:
    """Draw page 1 and return (background state, notes)."""
    from matplotlib.lines import Line2D

    from wijkassets.render import tiles as _tiles

    pw, ph = PAPERS[paper]
    s = pw / 210.0  # everything scales with the paper
    fs = 8.5 * (1 + (s - 1) * 0.6)
    margin = 12 * s
    bottom_band = 52 * s
    area = boundaries[boundaries["code"].astype(str) == plan.buurt_code]
    geom = area.geometry.iloc[0]
    stops = plan.stops
    ax_box = _map_box(paper, _bounds_of(geom, stops))
    ax = fig.add_axes(ax_box)
    extent = map_extent(geom, paper=paper, stops=stops)
    xmin, xmax, ymin, ymax = extent

    notes: list[str] = []
    state = "off"
    ax.set_facecolor("white")
    if background:
        bg = _tiles.load_background(
            (xmin, ymin, xmax, ymax), zoom=tile_zoom(extent, paper=paper), layer=background
        )
        total = bg.fetched + bg.cached + bg.missing
        if bg.image is None:
            state = "none"
            notes.append(_t("no_tiles", lang, code=plan.buurt_code))
        else:
            ax.imshow(
                bg.image,
                extent=bg.extent,
                origin="upper",
                interpolation="bilinear",
                zorder=0,
                alpha=0.9,
            )
            state = "tiles"
            if bg.missing:
                state = "partial"
                notes.append(_t("partial_tiles", lang, missing=bg.missing, total=total))
            sources.append(_tiles.ATTRIBUTION[lang])

    # Neighbouring buurten, for orientation.
    from shapely.geometry import box

    frame = box(xmin, ymin, xmax, ymax)
    near = boundaries[boundaries.geometry.intersects(frame)]
    others = near[near["code"].astype(str) != plan.buurt_code]
    if state in ("tiles", "partial"):
        # Dim everything outside the buurt so it stands out; the streets stay readable.
        outside = frame.difference(geom)
        import geopandas as gpd

        gpd.GeoSeries([outside]).plot(ax=ax, color="white", alpha=0.45, linewidth=0, zorder=1)
    else:
        gpd_plot = others.plot if len(others) else None
        if gpd_plot is not None:
            gpd_plot(ax=ax, facecolor="#f2f2f2", edgecolor="none", zorder=1)
        area.plot(ax=ax, facecolor=style.BACKGROUND_COLOUR, edgecolor="none", zorder=1)
    if len(others):
        others.boundary.plot(
            ax=ax, color="#6b6b6b", linewidth=0.7 * s, linestyle=(0, (4, 2)), zorder=2
        )
        inner = frame.buffer(-0.14 * (xmax - xmin))  # names well inside the frame, not cut off
        for _, row in others.iterrows():
            clipped = row.geometry.intersection(inner)
            if clipped.is_empty or clipped.area < 0.04 * frame.area * 0.25:
                continue
            p = clipped.representative_point()
            ax.text(
                p.x,
                p.y,
                _fonts.drawable(str(row["naam"]), warn=False),
                ha="center",
                va="center",
                fontsize=fs * 0.95,
                style="italic",
                color="#4d4d4d",
                path_effects=_halo(2.5),
                zorder=3,
                clip_on=True,
            )
    area.boundary.plot(ax=ax, color="white", linewidth=5.5 * s, zorder=4)
    area.boundary.plot(ax=ax, color="black", linewidth=2.2 * s, zorder=5)

    # The route.
    xs, ys = list(stops.geometry.x), list(stops.geometry.y)
    rx, ry = xs, ys
    if plan.route is not None and getattr(plan.route, "geom_type", "") == "LineString":
        rx, ry = (list(v) for v in plan.route.xy)
    if len(rx) > 1:
        ax.plot(rx, ry, color="white", linewidth=5.0 * s, solid_capstyle="round", zorder=10)
        ax.plot(
            rx,
            ry,
            color="#222222",
            linewidth=2.0 * s,
            linestyle=(0, (5, 2.5)),
            solid_capstyle="round",
            zorder=11,
        )
        for i in range(len(rx) - 1):
            leg = math.hypot(rx[i + 1] - rx[i], ry[i + 1] - ry[i])
            if leg < (xmax - xmin) * 0.06:
                continue
            mx, my = (rx[i] + rx[i + 1]) / 2, (ry[i] + ry[i + 1]) / 2
            dx, dy = (rx[i + 1] - rx[i]) / leg, (ry[i + 1] - ry[i]) / leg
            ax.annotate(
                "",
                xy=(mx + dx * 1.0, my + dy * 1.0),
                xytext=(mx - dx * 1.0, my - dy * 1.0),
                arrowprops={
                    "arrowstyle": "-|>,head_length=0.9,head_width=0.45",
                    "color": "#222222",
                    "lw": 0,
                    "mutation_scale": 10 * s,
                },
                zorder=12,
            )
    marker = 20 * (1 + (s - 1) * 0.5)
    # Stops a few metres apart would hide each other: move markers apart, with a leader line to the spot.
    metres_per_pt = (xmax - xmin) / (ax_box[2] * pw * MM * 72)
    placed = _spread(list(zip(xs, ys, strict=True)), marker * 1.08 * metres_per_pt)
    for (x, y), (px, py), n, cat in zip(
        zip(xs, ys, strict=True), placed, stops["stop"], stops["categorie"], strict=True
    ):
        if (px, py) != (x, y):
            ax.plot([x, px], [y, py], color="black", lw=0.9, zorder=29)
            ax.plot([x], [y], marker="o", markersize=3.2, color="black", zorder=29)
        _draw_stop(ax, px, py, int(n), str(cat), size=marker)
    # "Start" beside stop 1, on the side with the most room.
    sx, sy = placed[0]
    gap = marker * metres_per_pt
    sides = [
        (0.0, -1.0, "center", "top"),
        (1.0, 0.0, "left", "center"),
        (-1.0, 0.0, "right", "center"),
        (0.0, 1.0, "center", "bottom"),
    ]

    def room(side: tuple[float, float, str, str]) -> float:
        cx, cy = sx + side[0] * gap * 1.5, sy + side[1] * gap * 1.5
        others = [math.hypot(cx - qx, cy - qy) for qx, qy in placed[1:]]
        return min(others, default=math.inf)

    dx_, dy_, ha, va = max(sides, key=room)
    ax.annotate(
        _t("start", lang),
        (sx, sy),
        xytext=(dx_ * marker * 0.62, dy_ * marker * 0.62),
        textcoords="offset points",
        ha=ha,
        va=va,
        fontsize=fs * 1.1,
        fontweight="bold",
        path_effects=_halo(3),
        zorder=32,
    )

    ax.set_xlim(xmin, xmax)
    ax.set_ylim(ymin, ymax)
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_linewidth(0.8)
    _scale_bar(ax, extent, fs=fs, lang=lang)
    _north_arrow(ax, extent, fs=fs, lang=lang)
    if notes:
        fig.text(
            margin / pw,
            1 - 23.5 * s / ph,
            "\n".join(notes),
            fontsize=fs * 0.92,
            color="#7a1f00",
            va="top",
            linespacing=1.25,
        )

    # Title band.
    buurt_name = _fonts.drawable(plan.buurt_naam, warn=False)
    heading = title or _t("title", lang, buurt=buurt_name)
    fig.text(
        margin / pw,
        1 - 11 * s / ph,
        _fonts.drawable(heading),
        fontsize=20 * (1 + (s - 1) * 0.6),
        fontweight="bold",
        va="baseline",
    )
    summary = _t("summary", lang, n=len(stops), km=_fmt_km(plan.length_m, lang), min=plan.minutes)
    fig.text(
        margin / pw,
        1 - 19 * s / ph,
        f"{summary}  \u00b7  {format_date(today, lang)}",
        fontsize=fs * 1.35,
        va="baseline",
    )
    fig.text(
        1 - margin / pw,
        1 - 19 * s / ph,
        f"{plan.buurt_code}",
        fontsize=fs * 1.1,
        ha="right",
        va="baseline",
        color="#4d4d4d",
    )

    # Legend under the map.
    level = str(area["level"].iloc[0]) if "level" in area.columns else "buurt"
    boundary_key = "wijk" if level == "wijk" else "buurt"
    handles: list[Any] = []
    present = [c for c in style.CATEGORIES if c in set(stops["categorie"].astype(str))]
    for cat in present:
        st = style.category_style(cat)
        handles.append(
            Line2D(
                [],
                [],
                marker=st.marker,
                markersize=11 * (1.3 if st.marker == "*" else 1) * (1 + (s - 1) * 0.5),
                markerfacecolor=st.colour,
                markeredgecolor="black",
                linestyle="none",
                label=st.label(lang),
            )
        )
    handles.append(
        Line2D(
            [], [], color="#222222", lw=2.0 * s, linestyle=(0, (5, 2.5)), label=_t("route", lang)
        )
    )
    handles.append(
        Line2D([], [], color="black", lw=2.2 * s, label=_t(boundary_key, lang, buurt=buurt_name))
    )
    if len(others):
        handles.append(
            Line2D(
                [], [], color="#6b6b6b", lw=0.8 * s, linestyle=(0, (4, 2)), label=_t("other", lang)
            )
        )
    leg_ax = fig.add_axes(
        (margin / pw, 14 * s / ph, 1 - 2 * margin / pw, (bottom_band - 17 * s) / ph)
    )
    leg_ax.axis("off")
    leg_ax.legend(
        handles=handles,
        loc="upper left",
        ncol=1 if len(handles) <= 5 else 2,
        frameon=False,
        fontsize=fs,
        title=_t("legend", lang),
        title_fontproperties={"weight": "bold", "size": fs * 1.1},
        alignment="left",
        handlelength=2.6,
        borderaxespad=0.2,
        columnspacing=1.5,
    )
    list_top = ax_box[1] * ph - 5 * s
    if list_top - bottom_band > 14 * s:
        _compact_list(
            fig, plan, lang, top=list_top, bottom=bottom_band, left=margin, pw=pw, ph=ph, fs=fs
        )
    _footer(fig, sources, page_label, pw=pw, ph=ph, s=s, fs=fs, today=today, lang=lang)
    return state, notes


def _compact_list(
    fig: Figure,
    plan: WalkPlan,
    lang: str,
    *,
    top: float,
    bottom: float,
    left: float,
    pw: float,
    ph: float,
    fs: float,
) -> None:
    """Write the stops as a short numbered list (number, name) in columns, between ``top`` and ``bottom`` mm."""
    row_mm = fs * 1.5 * 25.4 / 72
    width = pw - 2 * left
    columns = 3 if pw > 250 else 2
    col_w = width / columns
    fig.text(
        left / pw, top / ph, _t("stops_short", lang), fontsize=fs * 1.1, fontweight="bold", va="top"
    )
    rows = int((top - bottom - row_mm * 1.4) // row_mm)
    if rows < 1:
        return
    entries = list(plan.stops.itertuples(index=False))
    room = rows * columns
    rows = min(rows, math.ceil(len(entries) / columns))
    shown = entries if len(entries) <= room else entries[: room - 1]
    chars = int((col_w - 9 * pw / 210) / (fs * 0.62 * 25.4 / 72))
    for i, row in enumerate(shown):
        c, r = divmod(i, rows)
        x = left + c * col_w
        y = top - row_mm * 1.4 - r * row_mm
        name = _fonts.drawable(str(row.naam), warn=False)
        if len(name) > chars:
            name = name[: max(chars - 1, 1)].rstrip() + "\u2026"
        fig.text(
            (x + 6 * pw / 210) / pw,
            y / ph,
            f"{int(row.stop)}",
            fontsize=fs,
            fontweight="bold",
            ha="right",
            va="top",
        )
        fig.text(
            (x + 7.5 * pw / 210) / pw,
            y / ph,
            name,
            fontsize=fs,
            va="top",
        )
    if len(shown) < len(entries):
        c, r = divmod(len(shown), rows)
        fig.text(
            (left + c * col_w + 7.5 * pw / 210) / pw,
            (top - row_mm * 1.4 - r * row_mm) / ph,
            _t("more_stops", lang, n=len(entries) - len(shown)),
            fontsize=fs,
            style="italic",
            va="top",
        )


def _footer(
    fig: Figure,
    sources: list[str],
    page_label: str,
    *,
    pw: float,
    ph: float,
    s: float,
    fs: float,
    today: date,
    lang: str,
) -> None:
    margin = 12 * s
    width_chars = int(128 * (pw / 210) / (fs / 8.5))
    text = " \u00b7 ".join(sources)
    lines = textwrap.wrap(text, width=width_chars) or [""]
    fig.text(
        margin / pw,
        6 * s / ph,
        "\n".join(lines),
        fontsize=fs * 0.8,
        color="#333333",
        va="bottom",
        linespacing=1.3,
    )
    fig.text(
        1 - margin / pw,
        (6 * s - fs * 0.8 * 1.4 * 25.4 / 72) / ph,
        f"{_t('made', lang, date=format_date(today, lang))} \u00b7 {page_label}",
        fontsize=fs * 0.75,
        color="#555555",
        ha="right",
        va="bottom",
    )


def _stop_blocks(plan: WalkPlan, lang: str, wrap: int) -> list[list[tuple[str, str]]]:
    """Return, per stop, its lines as (kind, text) pairs: name, category, description, leg."""
    blocks = []
    stops = plan.stops
    for i, row in enumerate(stops.itertuples(index=False)):
        name = _fonts.drawable(str(getattr(row, "naam", "") or ""))
        lines: list[tuple[str, str]] = [("name", name)]
        desc = getattr(row, "beschrijving", "")
        if desc is not None and str(desc).strip() and str(desc) != "<NA>" and desc == desc:
            for line in textwrap.wrap(_fonts.drawable(str(desc).strip()), width=wrap)[:6]:
                lines.append(("desc", line))
        lines.append(("notes", _t("notes", lang)))
        if i + 1 < len(stops):
            metres = float(row.to_next_m)
            lines.append(
                (
                    "leg",
                    _t(
                        "to_next",
                        lang,
                        next=i + 2,
                        m=int(round(metres / 10.0) * 10) if metres >= 100 else int(round(metres)),
                        min=max(1, walking_minutes(metres)),
                    ),
                )
            )
        else:
            lines.append(("leg", _t("end", lang)))
        blocks.append(lines)
    return blocks


def _draw_stop_pages(
    plan: WalkPlan,
    *,
    paper: str,
    lang: str,
    today: date,
    sources: list[str],
    first_page: int,
) -> list[Figure]:
    """Return the figures of the stop list (one or more pages)."""
    from matplotlib.figure import Figure

    pw, ph = PAPERS[paper]
    s = pw / 210.0
    fs = 9.5 * (1 + (s - 1) * 0.6)
    margin = 16 * s
    line_mm = fs * 1.5 * 25.4 / 72
    wrap = int(95 * (pw / 210) / (fs / 9.5))
    usable_top = ph - 34 * s
    usable_bottom = 22 * s

    def paginate(blocks: list[list[tuple[str, str]]]) -> list[list[int]]:
        pages: list[list[int]] = [[]]
        y = usable_top
        for i, block in enumerate(blocks):
            need = (len(block) + 0.2 + 0.7) * line_mm
            if y - need < usable_bottom and pages[-1]:
                pages.append([])
                y = usable_top
            pages[-1].append(i)
            y -= need
        return pages

    blocks = _stop_blocks(plan, lang, wrap)
    pages = paginate(blocks)
    # The line for notes is a nicety: leave it out when that saves a page.
    lean = [[line for line in block if line[0] != "notes"] for block in blocks]
    if len(paginate(lean)) < len(pages):
        blocks, pages = lean, paginate(lean)

    figures = []
    n_pages = first_page - 1 + len(pages)
    for p, indices in enumerate(pages):
        fig = Figure(figsize=(pw * MM, ph * MM))
        title = _t("stops_title", lang) + ("" if p == 0 else " " + _t("continued", lang))
        fig.text(margin / pw, 1 - 14 * s / ph, title, fontsize=fs * 1.8, fontweight="bold")
        fig.text(
            margin / pw,
            1 - 22 * s / ph,
            "\n".join(
                textwrap.wrap(
                    _t(
                        "stops_summary",
                        lang,
                        n=len(plan.stops),
                        km=_fmt_km(plan.length_m, lang),
                        min=plan.minutes,
                        speed=str(WALK_SPEED_KMH).replace(".", ",")
                        if lang == "nl"
                        else WALK_SPEED_KMH,
                    ),
                    width=int(wrap * 1.05),
                )
            ),
            fontsize=fs,
            va="top",
            color="#333333",
        )
        y = usable_top - 4 * s
        badge = fs * 2.3
        for i in indices:
            block = blocks[i]
            row = plan.stops.iloc[i]
            st = style.category_style(str(row["categorie"]))
            x_text = margin + 14 * s
            # Number badge: the category's shape with the stop number, as on the map.
            ax = fig.add_axes(((margin + 1 * s) / pw, (y - 9 * s) / ph, 10 * s / pw, 10 * s / ph))
            ax.set_xlim(-1, 1)
            ax.set_ylim(-1, 1)
            ax.axis("off")
            _draw_stop(ax, 0, 0, int(row["stop"]), st.category, size=badge)
            for kind, text in block:
                kw: dict[str, Any] = {"fontsize": fs, "va": "top"}
                if kind == "name":
                    kw.update(fontsize=fs * 1.25, fontweight="bold")
                    text = f"{int(row['stop'])}. {text}"
                    fig.text(
                        1 - margin / pw,
                        y / ph,
                        st.label(lang),
                        fontsize=fs,
                        va="top",
                        ha="right",
                        style="italic",
                        color="#333333",
                    )
                elif kind == "notes":
                    kw.update(color="#555555")
                    text = text + " " + "_" * int(wrap * 0.55)
                elif kind == "leg":
                    kw.update(fontweight="bold", color="#222222")
                fig.text(x_text / pw, y / ph, text, **kw)
                y -= line_mm * (1.2 if kind == "name" else 1.0)
            y -= line_mm * 0.7
            fig.add_artist(_hline(fig, margin / pw, 1 - margin / pw, (y + line_mm * 0.45) / ph))
        page_label = _t("page", lang, i=first_page + p, n=n_pages)
        _footer(
            fig,
            sources,
            page_label,
            pw=pw,
            ph=ph,
            s=s,
            fs=8.5 * (1 + (s - 1) * 0.6),
            today=today,
            lang=lang,
        )
        figures.append(fig)
    return figures


def _hline(fig: Figure, x0: float, x1: float, y: float) -> Any:
    from matplotlib.lines import Line2D

    return Line2D([x0, x1], [y, y], transform=fig.transFigure, color="#bbbbbb", lw=0.6)


def _areas_source(boundaries: gpd.GeoDataFrame, lang: str) -> str:
    src = boundaries.attrs.get("source")
    if not src:
        years = (
            sorted({int(y) for y in boundaries["year"].dropna()}) if "year" in boundaries else []
        )
        year = f" {years[0]}" if len(years) == 1 else ""
        src = f"CBS Wijk- en buurtkaart{year}"
    src = str(src)
    if "Bron: CBS" not in src and "Source: CBS" not in src:
        src += " (Bron: CBS)"
    return _t("source_areas", lang, source=src)


def walk_map(
    register_or_assets: Any,
    buurt: str,
    *,
    path: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    paper: str = "A4",
    boundaries: gpd.GeoDataFrame | None = None,
    start: Any = None,
    max_km: float | None = None,
    loop: bool = False,
    audience: str = "openbaar",
    background: str | None = "grijs",
    title: str | None = None,
    today: date | None = None,
    language: str | None = None,
    dpi: int = PNG_DPI,
) -> WalkMap:
    """Make a printable walk along the public assets of one buurt: a map page and a list of the stops.

    Parameters
    ----------
    register_or_assets
        A register (``wijkassets.assets.open_register``; only its public view is printed), the path of one, or a
        GeoDataFrame of assets in the register's columns (rows not marked ``openbaar`` are left out).
    buurt
        CBS buurt code (``BU05182916``) or exact name (``Schildersbuurt-Noord``).
    path
        Output file(s): ``.pdf`` (all pages) and/or ``.png`` (page 1 as ``name.png``, the stop list as
        ``name-2.png``, ...). Written atomically.
    paper
        ``"A4"`` (default) or ``"A3"``, portrait.
    boundaries
        Buurt boundaries (``wijkassets.areas.load_boundaries`` columns, EPSG:28992); default: the embedded
        2015 buurten of the gemeente in the buurt code.
    start, max_km, loop
        Passed to ``wijkassets.analysis.plan_walk``: where to start (an asset id, or a Point in RD), the longest
        walk in km, and whether to end where the walk began.
    audience
        Which public view of a register to print: ``"openbaar"`` (default, fit for anyone) or ``"buurt"`` (also
        assets marked for the neighbourhood, for a walk with residents). Private assets never appear, and
        individuals are never stops.
    background
        BRT-Achtergrondkaart layer (``"grijs"``, ``"standaard"``, ``"pastel"``), or None for outlines only. Tiles
        come from the cache, or from PDOK when online (then cached for next time).
    title
        Replaces "Wandeling door <buurt>".
    today
        The date printed on the map (default: today).
    language
        ``"nl"`` or ``"en"``; default: the current setting.
    dpi
        Resolution of PNG output.

    Returns
    -------
    WalkMap
        The written paths, the walk plan (stops in order, length, minutes), the background state
        (``"tiles"``, ``"partial"``, ``"none"``: offline without cache, ``"off"``: not asked for) and page count.
    """
    import matplotlib
    from matplotlib.figure import Figure

    lang = language or settings.get_language()
    if lang not in _TEXT:
        raise WijkassetsError(f"language={lang!r}: use 'nl' or 'en'.")
    paper_key = str(paper).upper()
    if paper_key not in PAPERS:
        raise WijkassetsError(f"paper={paper!r}: use one of {', '.join(PAPERS)}.")
    paths = [Path(path)] if isinstance(path, str | os.PathLike) else [Path(p) for p in path]
    for p in paths:
        if p.suffix.lower() not in OUTPUT_SUFFIXES:
            raise WijkassetsError(
                f"Cannot write {p.name!r}: use a .pdf or .png file name for the walk map."
            )
    today = today or date.today()

    assets, reg_name, reg_date = _register_parts(register_or_assets, audience=audience)
    if boundaries is None:
        boundaries = _default_boundaries(buurt)
    boundaries = boundaries.to_crs(28992)
    area = select_buurt(boundaries, buurt)
    plan = plan_stops(assets, area, start=start, max_km=max_km, loop=loop)

    reg_date_text = format_date(reg_date, lang) if isinstance(reg_date, date) else "?"
    sources = [
        _t(
            "source_register",
            lang,
            name=_fonts.drawable(reg_name or "?", warn=False),
            date=reg_date_text,
        ),
        _areas_source(boundaries, lang),
    ]
    pw, ph = PAPERS[paper_key]
    with matplotlib.rc_context(_fonts.rc()), _quiet_font_log():  # type: ignore[arg-type]
        fig1 = Figure(figsize=(pw * MM, ph * MM))
        # The stop pages are laid out first, to know how many pages there are.
        stop_sources = list(sources)
        stop_pages = _draw_stop_pages(
            plan, paper=paper_key, lang=lang, today=today, sources=stop_sources, first_page=2
        )
        n_pages = 1 + len(stop_pages)
        state, notes = _draw_map_page(
            fig1,
            plan,
            boundaries,
            paper=paper_key,
            lang=lang,
            today=today,
            title=title,
            sources=sources,
            background=background,
            page_label=_t("page", lang, i=1, n=n_pages),
        )
        figures = [fig1, *stop_pages]
        written = [
            _save(figures, p, dpi=dpi, title=title or _t("title", lang, buurt=plan.buurt_naam))
            for p in paths
        ]
    return WalkMap(
        paths=[w for ws in written for w in ws],
        plan=plan,
        background=state,
        pages=n_pages,
        notes=notes,
    )


@contextlib.contextmanager
def _quiet_font_log() -> Iterator[None]:
    """Silence matplotlib's "Failed to find font weight bold for Symbola" log lines while drawing.

    A fallback font without a bold face is used in its regular weight; that is what we want, not news.
    """
    logger = logging.getLogger("matplotlib.font_manager")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _save(figures: list[Figure], path: Path, *, dpi: int, title: str) -> list[Path]:
    from wijkassets._io import atomic_path

    if path.suffix.lower() == ".pdf":
        from matplotlib.backends.backend_pdf import PdfPages

        with (
            atomic_path(path) as tmp,
            PdfPages(
                tmp, metadata={"Title": title, "Creator": "wijkassets", "Subject": "ABCD"}
            ) as pdf,
        ):
            for fig in figures:
                pdf.savefig(fig)
        return [path]
    out = []
    for i, fig in enumerate(figures, start=1):
        target = path if i == 1 else path.with_name(f"{path.stem}-{i}{path.suffix}")
        with atomic_path(target) as tmp:
            fig.savefig(tmp, format="png", dpi=dpi, facecolor="white")
        out.append(target)
    return out


# --------------------------------------------------------------------------------------------- two panels

_PANEL_TEXT: dict[str, dict[str, str]] = {
    "nl": {
        "title": "Wat de buurt heeft, naast wat er ontbreekt",
        "left": "Sterkte",
        "right": "Tekort",
        "missing": "geen gegevens",
        "classes": "{scheme}, {k} klassen",
        "left_source": "Links",
        "right_source": "Rechts",
        "areas": "Gebieden",
    },
    "en": {
        "title": "What the neighbourhood has, next to what it lacks",
        "left": "Strength",
        "right": "Deficit",
        "missing": "no data",
        "classes": "{scheme}, {k} classes",
        "left_source": "Left",
        "right_source": "Right",
        "areas": "Areas",
    },
}
_SCHEMES = {
    "quantiles": ("kwantielen", "quantiles"),
    "natural_breaks": ("natuurlijke grenzen", "natural breaks"),
    "fisher_jenks": ("Fisher-Jenks", "Fisher-Jenks"),
    "equal_interval": ("gelijke intervallen", "equal intervals"),
}


def _indicator_label(profile: gpd.GeoDataFrame, column: str, lang: str) -> str:
    labels = profile.attrs.get("labels") or {}
    if isinstance(labels, dict) and column in labels:
        value = labels[column]
        if isinstance(value, dict):
            return str(value.get(lang) or next(iter(value.values())))
        return str(value)
    try:
        from wijkassets.analysis import describe_profile

        described = describe_profile(profile)
        hit = described[described["kolom"] == column]
        if len(hit) and str(hit["betekenis"].iloc[0]).strip():
            label = str(hit["betekenis"].iloc[0]).strip()
            unit = str(hit["eenheid"].iloc[0] or "").strip()
            label = label[0].upper() + label[1:]
            return f"{label} ({unit})" if unit and unit not in ("aantal", "count") else label
    except Exception:  # a profile made by hand: fall back to the catalogue
        pass
    try:
        from wijkassets.cbs import catalogue

        cat = catalogue()
        if column in cat.index:
            label = str(cat.loc[column, "label_en" if lang == "en" else "label_nl"])
            unit = str(cat.loc[column, "unit"] or "").strip()
            return f"{label} ({unit})" if unit and unit not in ("aantal", "count") else label
    except Exception:  # the catalogue is optional here: fall back to the column name
        pass
    if column.startswith("n_"):
        try:
            return style.category_label(column[2:], language=lang)
        except WijkassetsError:
            pass
    return column.replace("_", " ")


def _column_source(profile: gpd.GeoDataFrame, column: str) -> str:
    sources = profile.attrs.get("sources") or {}
    if isinstance(sources, dict) and column in sources and sources[column]:
        text = str(sources[column])
    else:
        text = str(profile.attrs.get("source", ""))
    if "CBS" in text and "Bron: CBS" not in text:
        text = text.rstrip(". ") + ". Bron: CBS"
    return text


def _fmt_number(value: float, lang: str) -> str:
    if abs(value) >= 100 or float(value).is_integer():
        text = f"{value:,.0f}"
    elif abs(value) >= 10:
        text = f"{value:,.1f}"
    else:
        text = f"{value:,.2f}"
    if lang == "nl":
        text = text.replace(",", "\u2009").replace(".", ",")
    return text


def _classify_panel(
    ax: Axes,
    areas: gpd.GeoDataFrame,
    column: str,
    *,
    polarity: str,
    scheme: str,
    k: int,
    lang: str,
    fs: float,
    label_areas: bool,
) -> None:
    import mapclassify
    import numpy as np
    from matplotlib.patches import Patch

    values = areas[column].astype("float64")
    valid = values.notna().to_numpy()
    n_unique = int(values[valid].nunique())
    k_eff = max(1, min(k, n_unique)) if n_unique else 1
    colours = style.sequential_colours(k_eff, polarity=polarity)
    handles: list[Any] = []
    if n_unique:
        with warnings.catch_warnings():
            warnings.simplefilter(
                "ignore"
            )  # mapclassify warns when classes collapse; k_eff handles it
            classes = mapclassify.classify(values[valid].to_numpy(), scheme, k=k_eff)
        # Ties (many areas with 0) make quantile classes with equal bounds: merge them, no empty classes.
        bins = np.unique(np.asarray(classes.bins, dtype=float))
        data = values[valid].to_numpy()
        yb = np.minimum(np.searchsorted(bins, data, side="left"), len(bins) - 1)
        bins = bins[np.bincount(yb, minlength=len(bins)) > 0]  # and no class without areas
        yb = np.minimum(np.searchsorted(bins, data, side="left"), len(bins) - 1)
        k_eff = len(bins)
        colours = style.sequential_colours(k_eff, polarity=polarity)
        face = np.array([style.MISSING_COLOUR] * len(areas), dtype=object)
        face[valid] = [colours[i] for i in yb]
        for i in range(len(bins)):
            members = data[yb == i]
            count = len(members)
            # The range of the figures in the class itself: readers see what the areas really have.
            low_text = _fmt_number(float(members.min()), lang)
            up_text = _fmt_number(float(members.max()), lang)
            span = low_text if low_text == up_text else f"{low_text} \u2013 {up_text}"
            handles.append(
                Patch(facecolor=colours[i], edgecolor="#666666", lw=0.5, label=f"{span}  ({count})")
            )
    else:
        face = np.array([style.MISSING_COLOUR] * len(areas), dtype=object)
    areas.plot(ax=ax, color=list(face), edgecolor="white", linewidth=0.6)
    if (~valid).any():
        areas[~valid].plot(
            ax=ax, facecolor=style.MISSING_COLOUR, edgecolor="#9a9a9a", hatch="////", linewidth=0.4
        )
        handles.append(
            Patch(
                facecolor=style.MISSING_COLOUR,
                edgecolor="#9a9a9a",
                hatch="////",
                label=f"{_PANEL_TEXT[lang]['missing']}  ({int((~valid).sum())})",
            )
        )
    areas.boundary.plot(ax=ax, color="#4d4d4d", linewidth=0.35)
    if label_areas:
        for _, row in areas.iterrows():
            p = row.geometry.representative_point()
            ax.text(
                p.x,
                p.y,
                _fonts.drawable(str(row.get("naam", "")), warn=False),
                ha="center",
                va="center",
                fontsize=fs * 0.62,
                color="#1a1a1a",
                path_effects=_halo(1.8),
            )
    ax.set_aspect("equal")
    ax.set_axis_off()
    scheme_name = _SCHEMES.get(scheme, (scheme, scheme))[1 if lang == "en" else 0]
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(0.0, -0.01),
        frameon=False,
        fontsize=fs * 0.85,
        title=_PANEL_TEXT[lang]["classes"].format(scheme=scheme_name, k=k_eff),
        title_fontproperties={"size": fs * 0.85, "style": "italic"},
        alignment="left",
        ncol=2 if len(handles) > 4 else 1,
    )


def two_panel_figure(
    profile: gpd.GeoDataFrame,
    *,
    strength: str,
    deficit: str,
    path: str | os.PathLike[str] | None = None,
    k: int = 5,
    scheme: str = "quantiles",
    title: str | None = None,
    subtitle: str | None = None,
    label_areas: bool | None = None,
    language: str | None = None,
    dpi: int = PNG_DPI,
) -> Figure:
    """Draw a strength next to a deficit on the same areas, for reports (A4 landscape).

    Both panels show the same areas at the same scale, each with its own classes (mapclassify), colours
    (blue-green for strengths, orange-red for deficits, from :mod:`wijkassets.render.style`) and legend with the
    class bounds and the number of areas per class; areas without a figure are hatched grey. The foot of the
    figure names the source of each panel (``profile.attrs["sources"][column]``, else ``attrs["source"]``).

    Parameters
    ----------
    profile
        One row per area with geometry (``wijkassets.analysis.profile``), columns ``naam``, ``strength`` and
        ``deficit``.
    strength, deficit
        The two columns to show, e.g. ``"assets_per_1000"`` and ``"pct_laag_inkomen"``.
    path
        Where to write: ``.pdf``, ``.png`` or ``.svg`` (atomic). None: only return the figure.
    k, scheme
        Number of classes and the mapclassify scheme (``quantiles``, ``natural_breaks``, ``fisher_jenks``,
        ``equal_interval``).
    title, subtitle
        Replace the default title; the subtitle goes under it (e.g. the gemeente and year).
    label_areas
        Write area names on the maps; default: when there are at most 40 areas.
    language
        ``"nl"`` or ``"en"``; default: the current setting.
    dpi
        Resolution of PNG output.

    Returns
    -------
    matplotlib.figure.Figure
    """
    import matplotlib
    from matplotlib.figure import Figure

    lang = language or settings.get_language()
    if lang not in _PANEL_TEXT:
        raise WijkassetsError(f"language={lang!r}: use 'nl' or 'en'.")
    problems = [
        f"column {c!r} ({role}) is not in the profile; columns: {', '.join(map(str, profile.columns))}"
        for role, c in (("strength", strength), ("deficit", deficit))
        if c not in profile.columns
    ]
    if "geometry" not in profile.columns or getattr(profile, "crs", None) is None:
        problems.append(
            "the profile has no geometry with a CRS: pass the GeoDataFrame from profile()"
        )
    if problems:
        from wijkassets._errors import ValidationError

        raise ValidationError(problems, source="two_panel_figure")
    if scheme not in _SCHEMES:
        raise WijkassetsError(f"scheme={scheme!r}: use one of {', '.join(_SCHEMES)}.")
    out = Path(path) if path is not None else None
    if out is not None and out.suffix.lower() not in (".pdf", ".png", ".svg"):
        raise WijkassetsError(f"Cannot write {out.name!r}: use .pdf, .png or .svg.")
    areas = profile.to_crs(28992)
    if label_areas is None:
        label_areas = len(areas) <= 40
    text = _PANEL_TEXT[lang]
    pw, ph = PAPERS["A4"][1], PAPERS["A4"][0]  # landscape
    fs = 9.5
    with matplotlib.rc_context(_fonts.rc()), _quiet_font_log():  # type: ignore[arg-type]
        fig = Figure(figsize=(pw * MM, ph * MM))
        fig.text(12 / pw, 1 - 13 / ph, title or text["title"], fontsize=17, fontweight="bold")
        if subtitle:
            fig.text(
                12 / pw, 1 - 20 / ph, _fonts.drawable(subtitle), fontsize=10.5, color="#333333"
            )
        panels = (
            (strength, "strength", text["left"], 12),
            (deficit, "deficit", text["right"], 153),
        )
        for column, polarity, role, left in panels:
            ax = fig.add_axes((left / pw, 50 / ph, 132 / pw, (ph - 50 - 32) / ph))
            _classify_panel(
                ax,
                areas,
                column,
                polarity=polarity,
                scheme=scheme,
                k=k,
                lang=lang,
                fs=fs,
                label_areas=label_areas,
            )
            ax.set_title(
                f"{role}: {_indicator_label(profile, column, lang)}",
                fontsize=11.5,
                fontweight="bold",
                loc="left",
                color=style.TEXT_COLOUR,
            )
        src_left = _column_source(profile, strength) or "?"
        src_right = _column_source(profile, deficit) or "?"
        lines = [
            f"{text['left_source']}: {_fonts.drawable(src_left, warn=False)}",
            f"{text['right_source']}: {_fonts.drawable(src_right, warn=False)}",
        ]
        area_src = profile.attrs.get("areas_source") or (
            _column_source(profile, "geometry") or _column_source(profile, "code")
            if isinstance(profile.attrs.get("sources"), dict)
            and ({"geometry", "code"} & set(profile.attrs["sources"]))
            else ""
        )
        if area_src:
            lines.append(f"{text['areas']}: {area_src}")
        wrapped = [w for line in lines for w in (textwrap.wrap(line, 165) or [""])]
        fig.text(12 / pw, 6 / ph, "\n".join(wrapped), fontsize=7.5, color="#333333", va="bottom")
        fig.text(
            1 - 12 / pw,
            1 - 13 / ph,
            format_date(date.today(), lang),
            fontsize=8,
            ha="right",
            color="#555555",
        )
        if out is not None:
            from wijkassets._io import atomic_path

            with atomic_path(out) as tmp:
                fig.savefig(tmp, format=out.suffix.lower().lstrip("."), dpi=dpi, facecolor="white")
    return fig
