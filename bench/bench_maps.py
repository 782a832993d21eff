"""Maps: bytes and time to first paint in headless Chromium, against ``GeoDataFrame.explore()``.

Two pages, each drawn by wijkassets (``render.web.side_by_side_map`` + ``save_map``, self-contained) and by
folium's own ``DualMap`` with one ``explore()`` per pane, on the same rows and columns, no tiles:

- the side-by-side map of a whole gemeente: Den Haag's 114 buurten of 2015 (Bron: CBS) with the fictional
  example register's assets per 1,000 inwoners on the left and a CBS deficit figure on the right (the demo's
  view);
- a nationwide wijk map: the 3,393 real wijken of 2024 (Bron: CBS) with two of the 2024 indicators
  (woningvoorraad left, bevolkingsdichtheid right; chosen only to have two panes to draw).

Goal (issue 9): at most a quarter of the bytes, and faster to first paint.
"""

from __future__ import annotations

import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

from bench import _browser, _data, _harness, _peers
from bench._harness import NotBuilt, Result, Row


def _denhaag() -> tuple[Any, str, str]:
    """Return Den Haag's buurten with a strength and a deficit column (the demo's view), and their names."""
    from wijkassets.analysis import profile
    from wijkassets.areas import load_boundaries
    from wijkassets.assets import example_register_path, open_register, public_view
    from wijkassets.cbs import load_kwb
    from wijkassets.render.web import DEFICIT_PREFERENCE

    areas = load_boundaries(2015, "buurt", gemeente="GM0518")
    register = open_register(example_register_path())
    assets, links = public_view(register)
    kwb = load_kwb(2015, gemeente="GM0518", level="buurt")
    prof = profile(areas, assets, kwb, links=links)
    if "assets_per_1000" not in prof.columns:
        inw = prof["inwoners"].where(prof["inwoners"] >= 1)
        prof["assets_per_1000"] = prof["n_assets"] / inw * 1000
    deficit = next(
        (c for c in (*DEFICIT_PREFERENCE, "bijstand_uitkeringen_per_1000") if c in prof.columns),
        None,
    )
    if deficit is None:
        raise NotBuilt("the profile has none of the deficit columns the side-by-side map draws")
    return prof, "assets_per_1000", deficit


def _nationwide() -> tuple[Any, str, str]:
    """Return the 3,393 real wijken of 2024 with woningvoorraad and bevolkingsdichtheid (Bron: CBS)."""
    import json

    import pandas as pd

    wijken = _data.real_wijken().copy()
    raw = json.loads(
        (_data.DATA / "cbs" / "kwb-2024-85984NED-gemeenten-wijken-8-indicators.json").read_text(
            "utf-8"
        )
    )
    vals = pd.DataFrame.from_dict(raw, orient="index")
    wijken["woningvoorraad"] = wijken["code"].map(vals["Woningvoorraad_35"]).astype(float)
    wijken["bevolkingsdichtheid"] = wijken["code"].map(vals["Bevolkingsdichtheid_34"]).astype(float)
    wijken["level"] = "wijk"
    wijken.attrs["source"] = "CBS Wijk- en buurtkaart 2024 (cartomap generalisation). Bron: CBS"
    return wijken, "woningvoorraad", "bevolkingsdichtheid"


def _explore_dual(frame: Any, left: str, right: str) -> str:
    """Return folium's DualMap page with one ``explore()`` per pane (the plain way to draw the same view)."""
    from folium.plugins import DualMap

    cols = ["code", "naam", left, right, "geometry"]
    gdf = frame[[c for c in cols if c in frame.columns]].to_crs("EPSG:4326")
    dual = DualMap(tiles=None)
    gdf.explore(column=left, m=dual.m1, tiles=None)
    gdf.explore(column=right, m=dual.m2, tiles=None)
    dual.m1.fit_bounds(
        [[gdf.total_bounds[1], gdf.total_bounds[0]], [gdf.total_bounds[3], gdf.total_bounds[2]]]
    )
    html: str = dual.get_root().render()
    return html


def _ours(frame: Any, left: str, right: str) -> str:
    from wijkassets.render.web import side_by_side_map, to_html

    m = side_by_side_map(frame, strength=left, deficit=right, zoom_to="all")
    return to_html(m, self_contained=True)


def _one(
    label: str, frame: Any, left: str, right: str, b: Any, repeat: int, result: Result
) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="bench-maps-"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t0 = time.perf_counter()
        peer_html = _explore_dual(frame, left, right)
        peer_build = time.perf_counter() - t0
    (tmp / "explore.html").write_text(peer_html, "utf-8")
    peer = _browser.best_of(b, tmp / "explore.html", repeat)
    ours = None
    ours_build = None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            t0 = time.perf_counter()
            try:
                html = _ours(frame, left, right)
            except ImportError as exc:
                raise NotBuilt("wijkassets.render.web.side_by_side_map not built yet") from exc
            ours_build = time.perf_counter() - t0
        (tmp / "wijkassets.html").write_text(html, "utf-8")
        ours = _browser.best_of(b, tmp / "wijkassets.html", repeat)
        if ours.errors:
            result.notes.append(f"{label}, wijkassets' page: script errors {ours.errors}.")
        if ours.blocked:
            result.notes.append(
                f"{label}, wijkassets' page asked for outside files: {ours.blocked}."
            )
    except NotBuilt as exc:
        result.not_measured.append(f"{label}: {exc}")
    n = len(frame)
    byte_ratio = None if ours is None else ours.bytes / peer.bytes
    result.rows.append(
        Row(
            f"{label} ({n:,} areas): bytes loaded",
            None if ours is None else ours.bytes,
            peer.bytes,
            "DualMap + explore()",
            unit="B",
            goal="at most 1/4 of the bytes",
            met=None if byte_ratio is None else byte_ratio <= 0.25,
        )
    )
    fcp_ours = None if ours is None or ours.fcp_ms is None else ours.fcp_ms / 1000
    fcp_peer = None if peer.fcp_ms is None else peer.fcp_ms / 1000
    result.rows.append(
        Row(
            f"{label}: first contentful paint",
            fcp_ours,
            fcp_peer,
            "DualMap + explore()",
            goal="faster to first paint",
            met=None if fcp_ours is None or fcp_peer is None else fcp_ours < fcp_peer,
        )
    )
    result.rows.append(
        Row(
            f"{label}: areas drawn (shapes in the overlay pane)",
            None if ours is None or ours.drawn_ms is None else ours.drawn_ms / 1000,
            None if peer.drawn_ms is None else peer.drawn_ms / 1000,
            "DualMap + explore()",
        )
    )
    if ours is not None:
        lib = sum(f.stat().st_size for f in set(_browser.LOCAL_ASSETS.values()) if f.is_file())
        if byte_ratio is not None and byte_ratio > 0.25:
            result.notes.append(
                f"{label}: what the bytes are. Both pages carry Leaflet, its CSS and Leaflet.Sync "
                f"({lib / 1e3:.0f} kB), so no page can weigh less than {lib / peer.bytes:.2f} of explore()'s "
                f"here. wijkassets' page is one file with Leaflet inside: {_composition(tmp / 'wijkassets.html')}; "
                f"explore()'s page loads Leaflet beside it: {_composition(tmp / 'explore.html')}. "
                "What would close the gap for a large map (`render/web.py::_features`): send per area only "
                "the values (name, code, the two figures) and build the tooltip and label in the page's "
                "script instead of storing ready, JSON-escaped HTML per area; and send the outlines as "
                "TopoJSON (each shared edge once; the `topojson` package is already a dependency) or at least "
                "as bare coordinate arrays without the GeoJSON Feature boilerplate. For a small map Leaflet "
                "itself is the floor named above."
            )
        result.rows.append(
            Row(
                f"{label}: bytes besides Leaflet (+CSS, Leaflet.Sync), which both pages carry",
                ours.bytes - lib,
                peer.bytes - lib,
                "DualMap + explore()",
                unit="B",
            )
        )
    slower = fcp_ours is not None and fcp_peer is not None and fcp_ours >= fcp_peer
    if _harness.DEEP and ours is not None and slower:
        try:
            _paint_experiments(label, frame, left, right, b, repeat, result, tmp, ours)
        except Exception as exc:  # an experiment on wijkassets' internals may outlive them
            result.notes.append(f"{label}: the first-paint experiments could not run ({exc!r}).")
    result.extra.append(Row(f"{label}: build the explore() page in Python", peer_build, None, ""))
    if ours_build is not None:
        result.extra.append(Row(f"{label}: build wijkassets' page in Python", ours_build, None, ""))
    result.notes.append(
        f"{label}: explore()'s page was given the local Leaflet files for its CDN links "
        f"({', '.join(sorted(set(peer.local_cdn)))}); its other outside files were blocked "
        f"({len(set(peer.blocked))}: {', '.join(sorted(set(peer.blocked)))})"
        + (f", so it ran with script errors {sorted(set(peer.errors))}" if peer.errors else "")
        + "."
    )


def _composition(page: Path) -> str:
    """Describe what a page's bytes are: coordinates, embedded data URIs, the rest."""
    import re

    text = page.read_text("utf-8")
    numbers = sum(len(m) for m in re.findall(r"-?\d+\.\d+", text))
    tips = sum(len(m) for m in re.findall(r'"tip":\s*"((?:[^"\\]|\\.)*)"', text))
    uris = sum(len(m) for m in re.findall(r"data:[a-z/+.-]+;base64,[A-Za-z0-9+/=]+", text))
    return (
        f"{len(text.encode()) / 1e3:.0f} kB in the HTML: {numbers / 1e3:.0f} kB of decimal numbers "
        f"(coordinates, mostly), {uris / 1e3:.0f} kB of base64 data URIs (fonts, images)"
        + (
            f", {tips / 1e3:.0f} kB of tooltip HTML (JSON-escaped) in the areas' properties"
            if tips
            else ""
        )
    )


def _paint_experiments(
    label: str,
    frame: Any,
    left: str,
    right: str,
    b: Any,
    repeat: int,
    result: Result,
    tmp: Path,
    ours: _browser.PageLoad,
) -> None:
    """Measure two suspects of a slow first paint on the same map (experiments, same run, same browser).

    (a) the area labels: the page built with ``render.web._features(labels=False)``; (b) Leaflet inlined in
    the HTML: the page written with ``save_map(..., self_contained=False)`` (Leaflet beside it, as explore()'s).
    """
    from wijkassets.render import web

    original = web._features

    def no_labels(*args: Any, **kwargs: Any) -> Any:
        kwargs["labels"] = False
        return original(*args, **kwargs)

    web._features = no_labels  # type: ignore[assignment]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            html = _ours(frame, left, right)
    finally:
        web._features = original  # type: ignore[assignment]
    (tmp / "wijkassets-nolabels.html").write_text(html, "utf-8")
    no_lab = _browser.best_of(b, tmp / "wijkassets-nolabels.html", repeat)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        m = web.side_by_side_map(frame, strength=left, deficit=right, zoom_to="all")
        web.save_map(m, tmp / "wijkassets-shared.html", self_contained=False)
    shared = _browser.best_of(b, tmp / "wijkassets-shared.html", repeat)

    def sec(x: _browser.PageLoad) -> str:
        return f"{(x.fcp_ms or 0) / 1000:.2f} s"

    def verdict(x: _browser.PageLoad) -> str:
        if x.fcp_ms is None or ours.fcp_ms is None:
            return "could not be measured"
        gain = 1 - x.fcp_ms / ours.fcp_ms
        if gain >= 0.1:
            return f"{gain:.0%} sooner: part of the cause"
        return "no real change: not the cause here"

    result.notes.append(
        f"{label}: wijkassets' page is slower to first paint ({sec(ours)}). Experiments in this run: "
        f"(a) without the area labels (one Leaflet divIcon marker per area and pane, all made at load even "
        f"below the zoom where they show; `render/_elements.py`) it paints at {sec(no_lab)} "
        f"({verdict(no_lab)}; {no_lab.bytes / 1e3:.0f} kB); (b) with Leaflet in a folder beside the page "
        f"(`save_map(..., self_contained=False)`) it paints at {sec(shared)} ({verdict(shared)}; "
        f"{shared.bytes / 1e3:.0f} kB loaded). If (a) helps: make the labels on `zoomend`, only for the areas "
        "in view once the label zoom is reached. Data size is not what is left: explore()'s page parses more "
        "coordinates (see the bytes note) and still paints sooner, so the rest is in the page's own script "
        "that builds the two panes (styles, tooltips, legends, labels, the fit to the areas): see the "
        "JavaScript profiles below."
    )
    for name, page in (("wijkassets", "wijkassets.html"), ("explore()", "explore.html")):
        spent = _browser.js_profile(b, tmp / page, n=10_000)
        top = spent[:12]
        total = sum(ms for ms, _ in spent)
        result.notes.append(
            f"{label}: JavaScript profile of the {name} page until the map is drawn (Chromium's sampling "
            f"profiler, {total / 1000:.2f} s sampled; top self times; names inside leaflet.js are "
            "minified):\n\n```\n" + "\n".join(f"{ms:8.0f} ms  {fn}" for ms, fn in top) + "\n```"
        )


def run(quick: bool = False) -> Result:
    """Draw both maps both ways and measure them in headless Chromium."""
    repeat = 1 if quick else 3
    result = Result(
        "maps",
        "Maps: bytes and first paint",
        data=(
            "Real boundaries (Bron: CBS): Den Haag's 114 buurten of 2015 with the fictional example register, and "
            "the 3,393 wijken of 2024. Each page opened in headless Chromium (Debian's, via Playwright) with "
            "every outside request blocked; times are from navigation start, best of "
            f"{repeat} load{'s' if repeat > 1 else ''}."
        ),
    )
    with _browser.browser() as b:
        try:
            frame, left, right = _denhaag()
        except (ImportError, AttributeError) as exc:
            result.not_measured.append(f"Den Haag side-by-side: part not built yet ({exc})")
        else:
            _one("Den Haag side-by-side", frame, left, right, b, repeat, result)
        frame, left, right = _nationwide()
        label = "nationwide wijken side-by-side"
        if quick:  # an eighth of the country: the wijken of the first gemeenten by code
            gms = sorted(frame["gemeentecode"].unique())
            frame = frame[frame["gemeentecode"].isin(gms[: len(gms) // 8])]
            label = "QUICK: an eighth of the wijken, side-by-side"
        _one(label, frame, left, right, b, repeat, result)
    _ = _peers  # explore is called through GeoDataFrame.explore, as users do
    return result
