"""Join CBS statistics (KWB) to boundaries by area code, and say which codes are on one side only."""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

from wijkassets._errors import WijkassetsError

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

_META = ("level", "naam", "gemeentecode", "wijkcode", "year", "water", "geometry")


def attach(boundaries: gpd.GeoDataFrame, kwb: pd.DataFrame) -> gpd.GeoDataFrame:
    """Return ``boundaries`` with the statistics of ``kwb`` joined by ``code``.

    Every area of ``boundaries`` is kept (statistics NaN where ``kwb`` has no row). Codes found on one side
    only are reported in a warning and in ``attrs["only_in_boundaries"]`` / ``attrs["only_in_kwb"]``; for the
    second, only ``kwb`` rows of the levels and gemeenten that ``boundaries`` covers count, so national
    statistics on a map of one gemeente report nothing spurious. A different year on each side is warned
    about: CBS recodes areas between years, so codes may not mean the same area.

    Parameters
    ----------
    boundaries
        From :func:`~wijkassets.areas.load_boundaries` or :func:`~wijkassets.areas.read_boundaries`.
    kwb
        From :func:`wijkassets.cbs.load_kwb` / :func:`~wijkassets.cbs.read_kwb`: indexed by ``code`` (or with a
        ``code`` column), columns ``level, naam, gemeentecode, year`` and indicators.

    Returns
    -------
    geopandas.GeoDataFrame
        The boundary columns, then the indicator columns; RangeIndex. ``attrs["source"]`` names both sources
        and ``attrs["sources"]`` maps each indicator to its source.
    """
    import geopandas as gpd
    import pandas as pd

    if not isinstance(boundaries, gpd.GeoDataFrame) or "code" not in boundaries.columns:
        raise WijkassetsError(
            "attach needs boundaries with a 'code' column: use wijkassets.areas.load_boundaries or "
            "read_boundaries."
        )
    stats = kwb.copy()
    if "code" in stats.columns:
        stats = stats.set_index("code")
    elif stats.index.name != "code":
        raise WijkassetsError(
            "attach needs statistics indexed by 'code' (as wijkassets.cbs.load_kwb returns them) or with a "
            "'code' column."
        )
    stats.index = stats.index.astype(str).str.strip().str.upper()
    if stats.index.duplicated().any():
        dup = sorted(set(stats.index[stats.index.duplicated()]))
        raise WijkassetsError(
            f"The statistics have {len(dup)} code(s) more than once ({', '.join(dup[:5])}); "
            "pass one year at a time (filter on the 'year' column)."
        )

    b_years = sorted({int(y) for y in boundaries.get("year", pd.Series(dtype="Int64")).dropna()})
    k_years = sorted({int(y) for y in stats.get("year", pd.Series(dtype="Int64")).dropna()})
    if b_years and k_years and b_years != k_years:
        warnings.warn(
            f"Boundaries are of {', '.join(map(str, b_years))} and statistics of "
            f"{', '.join(map(str, k_years))}: CBS recodes areas between years, so a code may not cover the "
            "same area. Use the same year, or wijkassets.compare for figures in constant boundaries.",
            stacklevel=2,
        )

    codes = boundaries["code"].astype(str)
    levels = set(boundaries["level"].astype(str)) if "level" in boundaries.columns else set()
    gemeenten = (
        set(boundaries["gemeentecode"].astype(str))
        if "gemeentecode" in boundaries.columns
        else set()
    )
    relevant = stats
    if levels and "level" in stats.columns:
        relevant = relevant[relevant["level"].astype(str).isin(levels)]
    if gemeenten:
        gm = (
            relevant["gemeentecode"].astype(str)
            if "gemeentecode" in relevant.columns
            else pd.Series("GM" + relevant.index.str[2:6], index=relevant.index)
        )
        relevant = relevant[gm.isin(gemeenten)]
    only_b = sorted(set(codes) - set(stats.index))
    only_k = sorted(set(relevant.index) - set(codes))
    if only_b or only_k:
        parts = []
        if only_b:
            parts.append(
                f"{len(only_b)} area(s) on the map have no statistics ({_show(only_b)}); their figures are "
                "left empty"
            )
        if only_k:
            parts.append(
                f"{len(only_k)} code(s) in the statistics are not on the map ({_show(only_k)}) and are left out"
            )
        warnings.warn("attach: " + "; ".join(parts) + ".", stacklevel=2)

    indicators = [c for c in stats.columns if c not in _META]
    out = boundaries.merge(
        stats[indicators], left_on="code", right_index=True, how="left", validate="one_to_one"
    )
    out = gpd.GeoDataFrame(out, geometry=boundaries.geometry.name, crs=boundaries.crs).reset_index(
        drop=True
    )
    k_source = str(kwb.attrs.get("source", "statistics (source not stated)"))
    per_col = dict(kwb.attrs.get("sources", {}) or {})
    out.attrs = {
        **{k: v for k, v in boundaries.attrs.items() if k != "repairs"},
        "source": f"{boundaries.attrs.get('source', 'boundaries')}; {k_source}",
        "sources": {c: per_col.get(c, k_source) for c in indicators},
        "only_in_boundaries": only_b,
        "only_in_kwb": only_k,
    }
    return out


def _show(codes: list[str], n: int = 8) -> str:
    return ", ".join(codes[:n]) + (f" and {len(codes) - n} more" if len(codes) > n else "")
