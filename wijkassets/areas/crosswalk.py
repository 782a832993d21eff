"""Crosswalks between the boundaries of two years, and figures carried across them.

CBS redraws and recodes wijken and buurten nearly every year. A figure of 2015 can only be set next to one of
2024 when both describe the same piece of land. :func:`crosswalk` finds, for every area of the source year, where
its land lies in the target (reference) year, and :func:`interpolate` carries figures across.

Three kinds of change, each handled on its own:

``same``
    The area kept its code and (within ``tolerance``) its boundary. Its figures pass through unchanged, bit for
    bit, even when the two maps were generalised differently (slivers along the edges are ignored).
``recode``
    Identical land under a new code (CBS's ``IndelingswijzigingWijkenEnBuurten`` = 2). Figures pass through
    unchanged, to the new code.
``changed``
    A real boundary change (split, merge, a moved border). Figures are carried by areal interpolation: a count
    goes to each target in proportion to the share of the source's area that lies in it. Rates and means are
    never averaged by area: their numerator and denominator are interpolated as counts, then divided.

What tobler's ``area_interpolate`` does by default (``allocate_total=True``) is *not* done here: an area whose land
has no counterpart in the target year (Hoek van Holland missing from a map) does not have its people pushed into
slivers of its neighbours. Instead every source area reports the share of its land that found a target
(``matched``) and the share of its figures that was passed on (``allocated``), every target reports the share
of its land that was covered by source areas (``covered``), and anything under ``tolerance`` (95%) is flagged.
A source that found a target for at least 95% of its land passes on all of its counts (the missing edge is
generalisation noise between two maps); one under 95% passes on only the matched part.

Missing figures stay missing: a target that receives anything from a source whose figure is NaN (unknown,
secret) gets NaN, never a silent zero (tobler replaces NaN by 0).

The area table is built the way tobler builds it (a spatial index query, then the area of each intersection),
but in float64 rather than tobler's float32, and areas whose geometry is identical in both years skip the
intersection entirely: the common case of a map that barely changed is then cheap. The intersections of many
candidate pairs are split over threads (shapely releases the GIL), as the point join does.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from wijkassets._errors import WijkassetsError

if TYPE_CHECKING:
    import geopandas as gpd
    from scipy.sparse import csr_matrix

TOLERANCE = 0.95
"""Shares below this are flagged; boundaries that agree to this share count as unchanged."""

METRIC_CRS = "EPSG:28992"

#: How each status is said in reports, Dutch and English.
STATUS_LABELS = {
    "same": ("ongewijzigd", "unchanged"),
    "recode": ("nieuwe code, zelfde grens", "new code, same boundary"),
    "changed": ("grens gewijzigd, omgerekend", "boundary changed, interpolated"),
    "partial": ("deels zonder tegenhanger", "partly without counterpart"),
    "unmatched": ("geen tegenhanger", "no counterpart"),
}


@dataclass(frozen=True)
class Crosswalk:
    """How the areas of one year map onto the areas of another.

    Attributes
    ----------
    weights
        One row per (source, target) pair that carries figures: ``source``, ``target``, ``weight`` (the share of
        the source's counts that goes to the target) and ``method`` (``same``, ``recode`` or ``changed``).
    sources
        Indexed by source code: ``area_m2``, ``matched`` (share of the land that lies in some target),
        ``allocated`` (share of the counts passed on), ``status`` (``same``, ``recode``, ``changed``,
        ``partial``, ``unmatched``), ``target`` (the one target for ``same``/``recode``), ``flag`` (True when
        ``allocated`` < tolerance).
    targets
        Indexed by target code: ``area_m2``, ``covered`` (share of the land covered by source areas),
        ``status``, ``source`` (the one source for ``same``/``recode``), ``n_sources``, ``flag`` (True when
        ``covered`` < tolerance).
    tolerance
        The threshold used for both flags and for "unchanged".
    source_year, target_year
        The years, when known.
    """

    sources: pd.DataFrame
    targets: pd.DataFrame
    tolerance: float = TOLERANCE
    source_year: int | None = None
    target_year: int | None = None
    # The pairs that carry figures, by position in ``sources``/``targets`` (the weights table is built from
    # these on first use, so a crosswalk used only to interpolate never pays for a table of strings).
    _pairs: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None = field(
        default=None, repr=False, compare=False
    )
    _cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def weights(self) -> pd.DataFrame:
        """The (source, target) pairs that carry figures: ``source, target, weight, method``."""
        if "weights" not in self._cache:
            s_pos, t_pos, w, one = self._arrays()
            s_codes = self.sources.index.to_numpy(dtype=object)
            t_codes = self.targets.index.to_numpy(dtype=object)
            src, tgt = s_codes[s_pos], t_codes[t_pos]
            method = np.where(one, np.where(src == tgt, "same", "recode"), "changed")
            order = np.lexsort((s_pos, t_pos))
            self._cache["weights"] = pd.DataFrame(
                {
                    "source": src[order],
                    "target": tgt[order],
                    "weight": w[order],
                    "method": method[order],
                }
            )
        return self._cache["weights"]

    def _arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        if self._pairs is None:
            raise WijkassetsError("This crosswalk holds no pairs; build it with crosswalk().")
        return self._pairs

    def matrix(self) -> csr_matrix:
        """Return the weights as a sparse matrix (sources x targets, in the order of ``sources``/``targets``)."""
        if "matrix" not in self._cache:
            from scipy.sparse import coo_matrix

            s_pos, t_pos, w, _ = self._arrays()
            self._cache["matrix"] = coo_matrix(
                (w, (s_pos, t_pos)), shape=(len(self.sources), len(self.targets))
            ).tocsr()
        return self._cache["matrix"]

    def flagged(self) -> pd.DataFrame:
        """Return the source and target areas under the tolerance, one row each, for a report."""
        rows = []
        for code, r in self.sources[self.sources["flag"]].iterrows():
            rows.append(
                {
                    "side": "source",
                    "code": code,
                    "year": self.source_year,
                    "status": r["status"],
                    "share": r["allocated"],
                }
            )
        for code, r in self.targets[self.targets["flag"]].iterrows():
            rows.append(
                {
                    "side": "target",
                    "code": code,
                    "year": self.target_year,
                    "status": r["status"],
                    "share": r["covered"],
                }
            )
        return pd.DataFrame(rows, columns=["side", "code", "year", "status", "share"])

    def interpolate(
        self,
        values: pd.DataFrame,
        *,
        counts: Sequence[str] = (),
        rates: Mapping[str, str | None] | None = None,
    ) -> pd.DataFrame:
        """Carry ``values`` across this crosswalk; see :func:`interpolate`."""
        return interpolate(values, self, counts=counts, rates=rates)


def _as_metric(gdf: gpd.GeoDataFrame, what: str) -> gpd.GeoDataFrame:
    if gdf.crs is None:
        raise WijkassetsError(
            f"The {what} boundaries have no coordinate reference system. Set one first, e.g. "
            "gdf.set_crs('EPSG:28992') (or read them with wijkassets.areas.read_boundaries)."
        )
    if gdf.crs.is_geographic or gdf.crs != METRIC_CRS:
        return gdf.to_crs(METRIC_CRS)
    return gdf


def _codes(gdf: gpd.GeoDataFrame, what: str) -> np.ndarray:
    if "code" in gdf.columns:
        codes = gdf["code"]
    elif gdf.index.name == "code":
        codes = gdf.index.to_series()
    else:
        raise WijkassetsError(
            f"The {what} boundaries have no 'code' column. Use wijkassets.areas.read_boundaries or "
            "load_boundaries, or rename the column with the CBS codes to 'code'."
        )
    arr = np.array([str(c).strip() for c in codes.to_numpy(dtype=object)], dtype=object)
    if len(set(arr)) != len(arr):
        seen: set[str] = set()
        dups = sorted({c for c in arr if c in seen or seen.add(c)})  # type: ignore[func-returns-value]
        raise WijkassetsError(
            f"The {what} boundaries hold {len(dups)} code(s) more than once: {', '.join(dups[:10])}. "
            "Dissolve them first (gdf.dissolve('code')) so each area is one row."
        )
    return arr


def _valid_polygons(geoms: np.ndarray, what: str) -> np.ndarray:
    """Return ``geoms`` with invalid ones repaired (polygonal parts kept); warn with the count."""
    import shapely

    geoms = np.asarray(geoms, dtype=object)
    bad = ~shapely.is_valid(geoms) & ~shapely.is_missing(geoms)
    if bad.any():
        fixed = shapely.make_valid(geoms[bad])
        # make_valid may return a GeometryCollection: keep only its polygons.
        out = []
        for g in fixed:
            parts = shapely.get_parts(g)
            polys = [p for p in parts if shapely.get_type_id(p) in (3, 6)]
            out.append(shapely.union_all(polys) if polys else None)
        geoms = geoms.copy()
        geoms[bad] = out
        warnings.warn(
            f"{int(bad.sum())} invalid geometr{'y' if bad.sum() == 1 else 'ies'} in the {what} boundaries "
            "repaired (make_valid, polygonal parts kept) before the crosswalk.",
            stacklevel=3,
        )
    return geoms


#: Candidate pairs with more vertices than this in all are intersected on several threads.
THREAD_MIN_VERTICES = 20_000


def _intersection_areas(
    left: np.ndarray, right: np.ndarray, *, threads: int | None = None
) -> np.ndarray:
    """Return the area of the intersection of each pair, split over threads when the pairs hold many vertices.

    shapely releases the GIL while GEOS intersects, so the chunks run in parallel, as in
    :func:`wijkassets.analysis.join.locate_points`; each pair's area is the same however the pairs are split.
    The chunks hold about equal numbers of vertices (what an intersection costs), not equal numbers of pairs.
    """
    import os
    from concurrent.futures import ThreadPoolExecutor

    import shapely

    workers = threads or min(os.cpu_count() or 1, 8)
    cost = np.cumsum(shapely.get_num_coordinates(left) + shapely.get_num_coordinates(right))
    if workers < 2 or len(cost) < 2 * workers or cost[-1] < THREAD_MIN_VERTICES:
        return np.asarray(shapely.area(shapely.intersection(left, right)), dtype=np.float64)
    cuts = np.searchsorted(cost, np.linspace(0, cost[-1], 2 * workers + 1)[1:-1])
    bounds = np.unique(np.concatenate([[0], cuts, [len(cost)]]))

    def _chunk(lo_hi: tuple[int, int]) -> np.ndarray:
        lo, hi = lo_hi
        return np.asarray(shapely.area(shapely.intersection(left[lo:hi], right[lo:hi])))

    with ThreadPoolExecutor(workers) as pool:
        parts = list(pool.map(_chunk, zip(bounds[:-1], bounds[1:], strict=True)))
    return np.concatenate(parts).astype(np.float64, copy=False)


def _area_table(
    s_geoms: np.ndarray, t_geoms: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (source position, target position, area of intersection) for every overlapping pair.

    Identical geometries are paired without computing an intersection and left out of the spatial query.
    """
    import shapely

    # Identical geometries: candidates share area and bounding box exactly (a cheap hash join on five
    # floats), then shapely confirms them coordinate for coordinate.
    s_keys = pd.DataFrame(shapely.bounds(s_geoms), columns=["a", "b", "c", "d"])
    s_keys["area"] = shapely.area(s_geoms)
    s_keys["i"] = np.arange(len(s_geoms))
    t_keys = pd.DataFrame(shapely.bounds(t_geoms), columns=["a", "b", "c", "d"])
    t_keys["area"] = shapely.area(t_geoms)
    t_keys["j"] = np.arange(len(t_geoms))
    cand = s_keys.dropna().merge(t_keys.dropna(), on=["a", "b", "c", "d", "area"])
    ci, cj = cand["i"].to_numpy(dtype=np.int64), cand["j"].to_numpy(dtype=np.int64)
    ok = shapely.equals_identical(s_geoms[ci], t_geoms[cj]) if len(ci) else np.zeros(0, bool)
    ci, cj = ci[ok], cj[ok]
    # one partner each (a map holding the same polygon twice keeps its first)
    first_i = ~pd.Series(ci).duplicated().to_numpy()
    ci, cj = ci[first_i], cj[first_i]
    first_j = ~pd.Series(cj).duplicated().to_numpy()
    same_s_arr, same_t_arr = ci[first_j], cj[first_j]
    same_area = shapely.area(s_geoms[same_s_arr]) if len(same_s_arr) else np.zeros(0)

    rest_s = np.setdiff1d(np.arange(len(s_geoms)), same_s_arr)
    rest_t = np.setdiff1d(np.arange(len(t_geoms)), same_t_arr)
    rest_s = rest_s[~shapely.is_missing(s_geoms[rest_s])]
    rest_t = rest_t[~shapely.is_missing(t_geoms[rest_t])]
    if len(rest_s) and len(rest_t):
        # Build the tree on the longer side and query with the shorter one, as tobler does.
        if len(rest_t) >= len(rest_s):
            q, hit = shapely.STRtree(t_geoms[rest_t]).query(s_geoms[rest_s], predicate="intersects")
            pi, pj = rest_s[q], rest_t[hit]
        else:
            q, hit = shapely.STRtree(s_geoms[rest_s]).query(t_geoms[rest_t], predicate="intersects")
            pi, pj = rest_s[hit], rest_t[q]
        inter = _intersection_areas(s_geoms[pi], t_geoms[pj])
        keep = inter > 0
        pi, pj, inter = pi[keep], pj[keep], inter[keep]
    else:
        pi = pj = np.zeros(0, dtype=np.int64)
        inter = np.zeros(0)
    return (
        np.concatenate([same_s_arr, pi]),
        np.concatenate([same_t_arr, pj]),
        np.concatenate([same_area, inter]),
    )


def crosswalk(
    source: gpd.GeoDataFrame,
    target: gpd.GeoDataFrame,
    *,
    tolerance: float = TOLERANCE,
    changes: Mapping[str, Any] | pd.Series | None = None,
    source_year: int | None = None,
    target_year: int | None = None,
) -> Crosswalk:
    """Build the crosswalk from the areas of one year to those of another.

    Parameters
    ----------
    source, target
        Boundaries with a ``code`` column (or index) and polygons, e.g. from
        :func:`wijkassets.areas.load_boundaries`. Reprojected to EPSG:28992 when needed; invalid geometries
        are repaired with a warning.
    tolerance
        Two areas count as the same when at least this share of the target's land comes from the source and at
        least this share of the source's matched land lies in the target. Also the threshold of the flags.
    changes
        Optional: CBS's ``IndelingswijzigingWijkenEnBuurten`` per target code (1 unchanged, 2 new code with the
        same boundary, 3 boundary changed), valid when the target year follows the source year. A target marked
        2 is matched to the source with the same land even if the maps differ a little more than
        ``tolerance`` allows; one marked 1 under a code the source year also has is matched to that code.
    source_year, target_year
        Recorded on the result (and taken from a ``year`` column when not given).

    Returns
    -------
    Crosswalk
        The weights and the per-area report (see :class:`Crosswalk`).

    Examples
    --------
    >>> cw = crosswalk(buurten_2015, buurten_2024)  # doctest: +SKIP
    >>> cw.sources.query("flag")  # areas that lost land or found no counterpart  # doctest: +SKIP
    >>> cw.interpolate(kwb_2015, counts=["inwoners"])  # doctest: +SKIP
    """
    import shapely

    if not 0.5 < tolerance <= 1:
        raise WijkassetsError(f"tolerance must lie between 0.5 and 1, got {tolerance!r}.")
    src = _as_metric(source, "source")
    tgt = _as_metric(target, "target")
    s_codes = _codes(src, "source")
    t_codes = _codes(tgt, "target")
    s_geoms = _valid_polygons(src.geometry.to_numpy(), "source")
    t_geoms = _valid_polygons(tgt.geometry.to_numpy(), "target")
    s_area = shapely.area(s_geoms)
    t_area = shapely.area(t_geoms)
    s_area = np.where(np.isnan(s_area), 0.0, s_area)
    t_area = np.where(np.isnan(t_area), 0.0, t_area)

    pi, pj, inter = _area_table(s_geoms, t_geoms)
    with np.errstate(divide="ignore", invalid="ignore"):
        ws = np.where(s_area[pi] > 0, inter / s_area[pi], 0.0)
        wt = np.where(t_area[pj] > 0, inter / t_area[pj], 0.0)
    n_s, n_t = len(s_codes), len(t_codes)
    matched = np.minimum(np.bincount(pi, weights=ws, minlength=n_s), 1.0)
    covered = np.minimum(np.bincount(pj, weights=wt, minlength=n_t), 1.0)

    # 1:1 pairs: the target is (almost) all this source, and the source's matched land (almost) all this target.
    with np.errstate(divide="ignore", invalid="ignore"):
        rel = np.where(matched[pi] > 0, ws / matched[pi], 0.0)
    one = (wt >= tolerance) & (rel >= tolerance) & (matched[pi] >= 0.5)
    one |= (s_codes[pi] == t_codes[pj]) & (wt >= tolerance) & (ws >= tolerance)
    if changes is not None:
        ch = pd.Series(changes, dtype=object).astype(str).str.strip().str.split(".").str[0]
        flag = ch.reindex(t_codes[pj]).to_numpy()
        # CBS says "new code, same boundary": accept a looser geometric match to the source with the land.
        one |= (flag == "2") & (wt >= 0.8) & (rel >= 0.8)
        # CBS says "unchanged": the same code in both years is the same area.
        one |= (flag == "1") & (s_codes[pi] == t_codes[pj])
    # Each source and each target in at most one 1:1 pair (keep the strongest).
    order = np.lexsort((-(wt + rel), ~one))
    one_idx = order[one[order]].tolist()
    used_s: set[int] = set()
    used_t: set[int] = set()
    pair_one = np.zeros(len(pi), dtype=bool)
    for k in one_idx:
        if pi[k] in used_s or pj[k] in used_t:
            continue
        used_s.add(int(pi[k]))
        used_t.add(int(pj[k]))
        pair_one[k] = True

    s_is_one = np.zeros(n_s, dtype=bool)
    t_is_one = np.zeros(n_t, dtype=bool)
    s_is_one[pi[pair_one]] = True
    t_is_one[pj[pair_one]] = True
    # Drop every other pair that touches a 1:1 source or target (edge slivers between two generalisations).
    keep = pair_one | (~s_is_one[pi] & ~t_is_one[pj])
    ki, kj, kw = pi[keep], pj[keep], np.where(pair_one[keep], 1.0, ws[keep])
    kone = pair_one[keep]
    # A source that found a target for most of its land passes on all of it; otherwise only what matched.
    row_sum = np.bincount(ki, weights=kw, minlength=n_s)
    scale = np.where(
        (matched >= tolerance) & (row_sum > 0), 1.0 / np.where(row_sum > 0, row_sum, 1), 1.0
    )
    kw = np.where(kone, 1.0, kw * scale[ki])
    allocated = np.minimum(np.bincount(ki, weights=kw, minlength=n_s), 1.0)
    allocated[s_is_one] = 1.0

    one_s, one_t = pi[pair_one], pj[pair_one]
    one_kind = np.where(s_codes[one_s] == t_codes[one_t], "same", "recode")
    s_status = np.full(n_s, "changed", dtype=object)
    s_status[allocated < tolerance] = "partial"
    s_status[allocated < 1 - tolerance] = "unmatched"
    s_status[one_s] = one_kind
    t_status = np.full(n_t, "changed", dtype=object)
    t_status[covered < tolerance] = "partial"
    t_status[covered < 1 - tolerance] = "unmatched"
    t_status[one_t] = one_kind
    s_target = np.full(n_s, None, dtype=object)
    s_target[one_s] = t_codes[one_t]
    t_source = np.full(n_t, None, dtype=object)
    t_source[one_t] = s_codes[one_s]
    n_sources = np.bincount(kj, minlength=n_t)

    sources = pd.DataFrame(
        {
            "area_m2": s_area,
            "matched": matched,
            "allocated": allocated,
            "status": s_status,
            "target": s_target,
            "flag": allocated < tolerance,
        },
        index=pd.Index(s_codes, name="code"),
    )
    targets = pd.DataFrame(
        {
            "area_m2": t_area,
            "covered": covered,
            "status": t_status,
            "source": t_source,
            "n_sources": n_sources,
            "flag": covered < tolerance,
        },
        index=pd.Index(t_codes, name="code"),
    )
    if source_year is None and "year" in src.columns and src["year"].nunique() == 1:
        source_year = int(src["year"].iloc[0])
    if target_year is None and "year" in tgt.columns and tgt["year"].nunique() == 1:
        target_year = int(tgt["year"].iloc[0])
    return Crosswalk(
        sources=sources,
        targets=targets,
        tolerance=tolerance,
        source_year=source_year,
        target_year=target_year,
        _pairs=(ki, kj, kw, kone),
    )


def interpolate(
    values: pd.DataFrame,
    cw: Crosswalk,
    *,
    counts: Sequence[str] = (),
    rates: Mapping[str, str | None] | None = None,
) -> pd.DataFrame:
    """Carry figures of the source year onto the target areas of a crosswalk.

    Parameters
    ----------
    values
        Figures of the source year, indexed by area code (or with a ``code`` column), e.g. from
        :func:`wijkassets.cbs.load_kwb`. Codes not in the crosswalk are ignored; source areas without a row get
        NaN.
    cw
        The crosswalk from :func:`crosswalk`.
    counts
        Columns that add up (inwoners, huishoudens, bijstand...): each target gets the weighted sum.
    rates
        Columns that do not add up (percentages, means, densities), each mapped to the count it is a share or
        mean of (``{"pct_laag_inkomen": "huishoudens", "gem_woz": "woningvoorraad"}``); ``"area"`` for a value
        per unit of area, ``None`` when unknown. Numerator (rate x denominator) and denominator are interpolated
        as counts and then divided. A target that is one source unchanged (``same``/``recode``) gets the
        source's value as is, whatever the denominator.

    Returns
    -------
    pandas.DataFrame
        Indexed by target code, one column per variable. NaN where any contributing source is NaN, where no
        source contributes, and for a changed target of a rate whose denominator is unknown.
        ``attrs["targets"]`` is the crosswalk's target report.
    """
    rates = dict(rates or {})
    df = values
    if "code" in df.columns:
        df = df.set_index("code")
    unknown = [c for c in [*counts, *rates] if c not in df.columns]
    if unknown:
        raise WijkassetsError(
            f"interpolate: column(s) {', '.join(unknown)} are not in the figures. "
            f"Columns present: {', '.join(map(str, df.columns[:30]))}."
        )
    keys = pd.Index([str(c).strip() for c in df.index], dtype=object)
    first = ~keys.duplicated()
    if not first.all():
        df, keys = df[first], keys[first]
    pos = keys.get_indexer(pd.Index(cw.sources.index.to_numpy(dtype=object), dtype=object))
    found = pos >= 0

    def numeric(col: str) -> np.ndarray:
        raw = pd.to_numeric(df[col], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        return np.where(found, raw[np.where(found, pos, 0)], np.nan)

    m = cw.matrix()
    mt = m.T.tocsr()
    out = pd.DataFrame(index=cw.targets.index.copy())
    # A target fed by exactly one source with weight 1 takes that source's value as is.
    single = np.asarray((m > 0).sum(axis=0)).ravel() == 1
    one_src = np.full(len(out), -1)
    if single.any():
        coo = m.tocoo()
        full = coo.data == 1.0
        one_src[coo.col[full]] = coo.row[full]
    passthrough = single & (one_src >= 0)
    fed = np.asarray((m > 0).sum(axis=0)).ravel() > 0

    def carry(x: np.ndarray) -> np.ndarray:
        bad = np.isnan(x)
        est = mt @ np.where(bad, 0.0, x)
        touched_bad = (mt @ bad.astype(float)) > 0
        est = np.where(touched_bad | ~fed, np.nan, est)
        return np.asarray(est, dtype=float)

    for col in counts:
        x = numeric(col)
        res = carry(x)
        res[passthrough] = x[one_src[passthrough]]
        out[col] = res
    for col, den in rates.items():
        x = numeric(col)
        if den == "area":
            d = cw.sources["area_m2"].to_numpy(dtype=float)
        elif den is not None and den in df.columns:
            d = numeric(den)
        else:
            d = np.full(len(x), np.nan)
        num = carry(x * d)
        dd = carry(d)
        with np.errstate(divide="ignore", invalid="ignore"):
            res = np.where(dd > 0, num / dd, np.nan)
        res[passthrough] = x[one_src[passthrough]]
        out[col] = res
    out.attrs["targets"] = cw.targets
    return out
