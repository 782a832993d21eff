"""Crosswalk: areal interpolation between two years' boundaries, against tobler's ``area_interpolate``.

Goal (issue 9): no slower than tobler.
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Callable
from typing import Any

from bench import _data, _harness, _peers
from bench._harness import ROOT, NotBuilt, Result, Row, profile_top, timeit


def _wijkassets_interpolate() -> Callable[..., Any]:
    """Return wijkassets' interpolation as ``f(source, target, counts)``: build the crosswalk, then carry."""
    try:
        from wijkassets.areas.crosswalk import crosswalk, interpolate
    except ImportError as exc:
        raise NotBuilt("wijkassets.areas.crosswalk not built yet") from exc

    def run(source: Any, target: Any, counts: list[str]) -> Any:
        cw = crosswalk(source[["code", "geometry"]], target)
        return interpolate(source[["code", *counts]].set_index("code"), cw, counts=counts)

    return run


def _rotterdam() -> tuple[Any, Any]:
    """Return Rotterdam's 92 buurten of 2015 (with AANT_INW) and 88 buurten of 2024 (RD). Bron: CBS."""
    import geopandas as gpd

    geo = ROOT / "data" / "geo"
    b15 = gpd.read_file(geo / "rotterdam-rijnmond_buurt_2015.geojson").to_crs(_data.RD)
    b15 = b15[b15["GM_CODE"] == "GM0599"]
    src = gpd.GeoDataFrame(
        {
            "code": b15["BU_CODE"].astype(str).values,
            "inwoners": b15["AANT_INW"].where(b15["AANT_INW"] >= 0).astype(float).values,
        },
        geometry=_data._fix(b15.geometry).values,
        crs=_data.RD,
    )
    b24 = gpd.read_file(geo / "rotterdam_buurten_2024_wgs84.geojson").to_crs(_data.RD)
    tgt = gpd.GeoDataFrame(
        {"code": b24["code"].astype(str).values},
        geometry=_data._fix(b24.geometry).values,
        crs=_data.RD,
    )
    return src, tgt


def _one(label: str, src: Any, tgt: Any, repeat: int, result: Result) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        peer = timeit(lambda: _peers.tobler_interpolate(src, tgt, ["inwoners"]), repeat=repeat)
    ours: float | None = None
    try:
        fn = _wijkassets_interpolate()

        def call() -> Any:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return fn(src, tgt, ["inwoners"])

        t = timeit(call, repeat=repeat)
        ours = t.best
        if _harness.DEEP and (ours > peer.best):
            _threads_experiment(label, src, tgt, repeat, result)
            result.notes.append(
                f"Profile of wijkassets' interpolation ({label}), top entries by cumulative time:\n\n```\n"
                + profile_top(call)
                + "\n```"
            )
    except NotBuilt as exc:
        result.not_measured.append(f"{label}: {exc}")
    result.rows.append(
        Row(
            f"interpolate inwoners, {label}: {len(src):,} -> {len(tgt):,} areas",
            ours,
            peer.best,
            "tobler.area_interpolate (defaults)",
            goal="no slower than tobler",
            met=None if ours is None else ours <= peer.best,
        )
    )


def _threads_experiment(label: str, src: Any, tgt: Any, repeat: int, result: Result) -> None:
    """Time the pairwise intersections (what the profile shows dominating) on one thread and on all cores."""
    import os
    from concurrent.futures import ThreadPoolExecutor

    import numpy as np
    import shapely

    s = src.geometry.values
    t = tgt.geometry.values
    si, ti = shapely.STRtree(t).query(s, predicate="intersects")
    a, b = s[si], t[ti]
    one = timeit(lambda: shapely.intersection(a, b), repeat=repeat)
    workers = os.cpu_count() or 1

    def threaded() -> Any:
        cuts = np.linspace(0, len(a), workers + 1).astype(int)
        with ThreadPoolExecutor(workers) as pool:
            parts = pool.map(
                lambda k: shapely.intersection(a[cuts[k] : cuts[k + 1]], b[cuts[k] : cuts[k + 1]]),
                range(workers),
            )
            return np.concatenate(list(parts))

    many = timeit(threaded, repeat=repeat)
    result.extra.append(
        Row(
            f"experiment ({label}): shapely.intersection of the {len(si):,} candidate pairs, one thread",
            one.best,
            None,
            "",
        )
    )
    result.extra.append(
        Row(
            f"experiment ({label}): the same split over {workers} threads (shapely releases the GIL)",
            many.best,
            None,
            "",
        )
    )
    result.notes.append(
        f"{label}: both do an STRtree 'intersects' query and one `shapely.intersection` per candidate pair "
        "(tobler's area table; wijkassets' `areas/crosswalk.py::_area_table`), and wijkassets adds its "
        "per-area report; the profile below shows where wijkassets' time goes. The two experiment figures "
        "above are the intersections alone on one thread and split over every core, measured in this run: "
        "what threads can give depends on free cores, and on a loaded machine (see the load average) they "
        "give little. With the intersections at the floor, what is left is the bookkeeping in the profile."
    )


def run(quick: bool = False) -> Result:
    """Interpolate real Rotterdam 2015 -> 2024 and a synthetic national redraw; time wijkassets and tobler."""
    n = 1_500 if quick else 15_000
    repeat = 1 if quick else 5
    result = Result(
        "crosswalk",
        "Crosswalk between years",
        data=(
            "Real: Rotterdam's 92 buurten of 2015 (inwoners from the map's AANT_INW) to its 88 buurten of 2024 "
            f"(Bron: CBS). SYNTHETIC: a {n:,}-polygon Voronoi tessellation of NL and the same tessellation "
            "redrawn (seeds moved by up to 300 m), with random inwoners. Best of "
            f"{repeat} run{'s' if repeat > 1 else ''}."
        ),
    )
    # import both engines before any timing: a first call must not pay for imports
    import tobler.area_weighted  # noqa: F401

    with contextlib.suppress(ImportError):
        import wijkassets.areas.crosswalk  # noqa: F401
    src, tgt = _rotterdam()
    _one("Rotterdam 2015 -> 2024 (real)", src, tgt, repeat, result)
    a = _data.tessellation(n)
    b = _data.tessellation(n, shift=300)[["code", "geometry"]]
    _one("national synthetic redraw", a, b, repeat, result)
    return result
