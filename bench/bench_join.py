"""Join: wijkassets' ``join_assets`` of many points to many polygons, against DuckDB spatial and geopandas.

Goal (issue 9): no slower than DuckDB, reached with shapely/geopandas primitives.
"""

from __future__ import annotations

import functools
import warnings
from typing import Any

import numpy as np

from bench import _data, _harness, _peers
from bench._harness import NotBuilt, Result, Row, profile_top, timeit


def _wijkassets_join() -> Any:
    try:
        from wijkassets.analysis import join_assets
    except ImportError as exc:
        raise NotBuilt("wijkassets.analysis.join_assets not built yet") from exc
    return join_assets


def _as_assets(points: Any) -> Any:
    """Give the random points the contracted asset columns (id, naam, categorie), as a register has."""
    try:
        from wijkassets.assets.schema import CATEGORIES
    except ImportError:
        CATEGORIES = (
            "individu",
            "vereniging of netwerk",
            "instelling",
            "fysieke plek",
            "economie en ruil",
            "cultuur en verhaal",
        )
    rng = np.random.default_rng(11)
    assets = points.copy()
    assets["id"] = [f"P{i}" for i in range(len(points))]
    assets["naam"] = assets["id"]
    assets["categorie"] = np.asarray(CATEGORIES, dtype=object)[
        rng.integers(0, len(CATEGORIES), len(points))
    ]
    return assets


def _codes_of(joined: Any, n: int) -> np.ndarray:
    """Return the area code per asset (None outside) from whatever frame ``join_assets`` returns."""
    col = next(
        (
            c
            for c in ("code", "area_code", "buurtcode", "gebied", "areacode")
            if c in joined.columns
        ),
        None,
    )
    if col is None:
        raise ValueError(f"no area-code column in join_assets' result: {list(joined.columns)}")
    if "id" in joined.columns:
        ids = joined["id"].astype(str).str[1:].astype(np.int64).to_numpy()
    else:
        ids = np.arange(len(joined))
    out = np.full(n, None, dtype=object)
    vals = joined[col].to_numpy(dtype=object)
    keep = np.array([isinstance(v, str) for v in vals], dtype=bool)
    out[ids[keep]] = vals[keep]
    return out


def _one(label: str, points: Any, areas: Any, repeat: int, result: Result) -> None:
    npts, nareas = len(points), len(areas)
    duck = timeit(lambda: _peers.duckdb_join(points, areas), repeat=repeat)
    con = _peers.duckdb_connect()
    _peers.duckdb_load(con, points, areas)
    duck_sql = timeit(lambda: _peers.duckdb_join_sql(con), repeat=repeat)
    con.close()
    sj = timeit(lambda: _peers.sjoin(points, areas), repeat=repeat)
    ours: float | None = None
    try:
        join = _wijkassets_join()
        assets = _as_assets(points)

        def call() -> Any:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return join(assets, areas)

        t = timeit(call, repeat=repeat)
        ours = t.best
        # the same answer as DuckDB? (points on a shared border may fall either side in either engine)
        duck_codes = np.full(npts, None, dtype=object)
        d = duck.value
        duck_codes[d["id"].to_numpy()] = d["code"].to_numpy(dtype=object)
        try:
            ours_codes = _codes_of(t.value, npts)
            same = int(sum(a == b for a, b in zip(ours_codes, duck_codes, strict=True)))
            dupes = int(d["id"].duplicated().sum())
            result.notes.append(
                f"{label}: wijkassets and DuckDB give the same area for {same:,} of {npts:,} points"
                + (
                    f" (DuckDB returned {dupes:,} points twice: they lie in two overlapping areas or on a "
                    "shared border, where wijkassets keeps the lowest code and this comparison DuckDB's last row)"
                    if dupes
                    else ""
                )
                + "."
            )
        except (ValueError, KeyError, TypeError) as exc:
            result.notes.append(f"{label}: could not compare answers with DuckDB ({exc}).")
        if _harness.DEEP and (ours > duck.best):
            result.notes.append(
                f"Profile of join_assets ({label}), top entries by cumulative time:\n\n```\n"
                + profile_top(call)
                + "\n```"
            )
    except NotBuilt as exc:
        result.not_measured.append(f"{label}: {exc}")
    size = f"{npts:,} points x {nareas:,} polygons"
    met = None if ours is None else ours <= duck.best
    result.rows.append(
        Row(
            f"join {size} ({label}) vs DuckDB, end to end",
            ours,
            duck.best,
            "DuckDB spatial (GeoDataFrame in, codes out)",
            goal="no slower than DuckDB",
            met=met,
        )
    )
    result.rows.append(
        Row(
            f"join {size} ({label}) vs DuckDB, SQL only",
            ours,
            duck_sql.best,
            "DuckDB spatial (tables already loaded)",
        )
    )
    result.rows.append(
        Row(f"join {size} ({label}) vs sjoin", ours, sj.best, "geopandas.sjoin(predicate='within')")
    )
    # what the primitive alone can do: the floor a wijkassets join could reach
    import shapely

    # shapely prepares the tree's polygons for "within"/"covered_by", the query geometry for "intersects"
    tree = shapely.STRtree(areas.geometry.values)
    for predicate in ("within", "covered_by", "intersects"):
        prim = timeit(
            functools.partial(tree.query, points.geometry.values, predicate=predicate),
            repeat=1,
        )
        result.extra.append(
            Row(
                f"floor: one shapely STRtree.query(predicate='{predicate}'), one thread, {size} "
                f"({label})",
                prim.best,
                None,
                "",
            )
        )


def run(quick: bool = False) -> Result:
    """Join random points to the synthetic tessellation and to the real wijken; time every engine."""
    n_points = 50_000 if quick else 1_000_000
    repeat = 1 if quick else 2
    result = Result(
        "join",
        "Join points to areas",
        data=(
            f"{n_points:,} seeded random points (SYNTHETIC, uniform over the land of NL) joined to "
            "15,000 SYNTHETIC Voronoi polygons (clipped to the real gemeenten' outline) and to the 3,393 real "
            "wijken of 2024 (Bron: CBS). Best of "
            f"{repeat} run{'s' if repeat > 1 else ''}."
        ),
    )
    result.notes.append(
        "wijkassets' join (threads over the points) and DuckDB use every core; geopandas.sjoin uses one. On a "
        "busy machine the multi-threaded figures swing most between runs (DuckDB's SQL-only time can even "
        "come out above its end-to-end time); the ratios are from the same minutes."
    )
    pts = _data.points(n_points)
    _one("synthetic", pts, _data.tessellation(15_000), repeat, result)
    wijken = _data.real_wijken()[["code", "naam", "gemeentecode", "geometry"]].copy()
    wijken["level"] = "wijk"
    _one("real wijken 2024", pts, wijken, repeat, result)
    return result
