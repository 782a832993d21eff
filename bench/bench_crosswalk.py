"""Crosswalk: areal interpolation between two years' boundaries, against tobler's ``area_interpolate``.

Goal (issue 9): no slower than tobler.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

from bench import _data, _peers
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
        if ours > peer.best:
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


def run(quick: bool = False) -> Result:
    """Interpolate real Rotterdam 2015 -> 2024 and a synthetic national redraw; time wijkassets and tobler."""
    n = 1_500 if quick else 15_000
    repeat = 1 if quick else 3
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
    src, tgt = _rotterdam()
    _one("Rotterdam 2015 -> 2024 (real)", src, tgt, repeat, result)
    a = _data.tessellation(n)
    b = _data.tessellation(n, shift=300)[["code", "geometry"]]
    _one("national synthetic redraw", a, b, repeat, result)
    return result
