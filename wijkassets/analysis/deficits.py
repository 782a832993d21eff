"""Deficit indicators per area from CBS figures, made comparable between areas of different size.

Which indicators count as deficits is not decided here: the CBS indicator catalogue
(:func:`wijkassets.cbs.catalogue`) marks each with a polarity, and every indicator with polarity ``deficit`` that
the statistics hold is used, except the nabijheid distances (theme ``nabijheid``), which the profile shows on the
strength side (a short distance to a GP or a supermarket is something an area *has*).

How each becomes a figure that compares areas:

- percentages and rates (``pct_laag_inkomen``, ``wmo_clienten_per_1000``) are used as CBS publishes them;
- counts (``bijstand``, ``bijstand_uitkeringen``, ``ao_uitkeringen``, ...) become a figure **per 1,000
  inwoners** of the same table and year: ``bijstand_per_1000`` (unless CBS publishes that rate itself);
- education: the share with a low level, ``pct_opleiding_laag`` = opleiding_laag / (laag + middelbaar + hoog),
  in %, added as a deficit indicator although the catalogue lists the three counts as neutral.

Rates need at least ``min_inwoners`` inwoners (default 50); below that, and for 0 inwoners, they are NaN, never
infinite. All functions are pure: they take a statistics table and return new columns aligned to its index.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from wijkassets.analysis.strengths import MIN_INWONERS

if TYPE_CHECKING:
    import pandas as pd

#: Themes whose deficit-polarity figures the profile shows on the strength side.
NEARBY_THEMES = ("nabijheid",)
_EDUCATION = ("opleiding_laag", "opleiding_middelbaar", "opleiding_hoog")


@dataclass(frozen=True)
class Indicator:
    """One figure of the profile that comes from CBS: its column, what it is made from, and how to read it."""

    column: str
    base: str
    label_nl: str
    label_en: str
    unit: str
    how: str  # "as published" | "per 1000" | "share"
    higher_is: (
        str  # "deficit" | "strength" (higher value is more of a deficit / more of a strength)
    )


def catalogue() -> pd.DataFrame:
    """Return the CBS indicator catalogue (indexed by indicator name)."""
    from wijkassets.cbs import catalogue as _catalogue

    return _catalogue()


def deficit_indicators(columns: list[str] | pd.Index) -> tuple[list[Indicator], list[Indicator]]:
    """Return the deficit indicators that can be made from ``columns``, and those that cannot (absent).

    Parameters
    ----------
    columns
        The indicator columns a statistics table holds (e.g. ``kwb.columns``).

    Returns
    -------
    tuple
        (present, absent): the :class:`Indicator` figures the profile can show from these columns, and those of
        the catalogue it cannot (so a profile can say which deficits are missing and why).
    """
    cat = catalogue()
    have = set(columns)
    present: list[Indicator] = []
    absent: list[Indicator] = []
    deficits = cat[(cat["polarity"] == "deficit") & ~cat["theme"].isin(NEARBY_THEMES)]
    made: set[str] = set()
    for name, row in deficits.iterrows():
        name = str(name)
        if row["kind"] == "count":
            column = f"{name}_per_1000"
            if column in cat.index:
                # CBS publishes this rate itself (wmo_clienten_per_1000): use that one.
                continue
            ind = Indicator(
                column,
                name,
                f"{row['label_nl']} per 1.000 inwoners",
                f"{row['label_en']} per 1,000 residents",
                "per 1.000 inwoners",
                "per 1000",
                "deficit",
            )
        else:
            ind = Indicator(
                name,
                name,
                str(row["label_nl"]),
                str(row["label_en"]),
                str(row["unit"]),
                "as published",
                "deficit",
            )
        if ind.column in made:
            continue
        made.add(ind.column)
        (present if name in have else absent).append(ind)
    education = Indicator(
        "pct_opleiding_laag",
        "opleiding_laag",
        "Aandeel met opleidingsniveau laag",
        "Share with a low level of education",
        "%",
        "share",
        "deficit",
    )
    (present if all(c in have for c in _EDUCATION) else absent).append(education)
    return present, absent


def nearby_indicators(columns: list[str] | pd.Index) -> tuple[list[Indicator], list[Indicator]]:
    """Return the CBS nabijheid figures (distances, schools within 3 km) present in ``columns``, and absent.

    A short distance reads as a strength: their percentiles put the *nearest* area at 100.
    """
    cat = catalogue()
    have = set(columns)
    present: list[Indicator] = []
    absent: list[Indicator] = []
    for name, row in cat[cat["theme"].isin(NEARBY_THEMES)].iterrows():
        name = str(name)
        lower_better = row["kind"] == "distance"
        ind = Indicator(
            name,
            name,
            str(row["label_nl"]),
            str(row["label_en"]),
            str(row["unit"]),
            "as published",
            "deficit" if lower_better else "strength",
        )
        (present if name in have else absent).append(ind)
    return present, absent


def compute(
    stats: pd.DataFrame,
    indicators: list[Indicator],
    *,
    inwoners: pd.Series | None = None,
    min_inwoners: int = MIN_INWONERS,
) -> pd.DataFrame:
    """Return one column per indicator, computed from ``stats`` and aligned to its index.

    Parameters
    ----------
    stats
        CBS figures (columns by catalogue name), one row per area.
    indicators
        From :func:`deficit_indicators` or :func:`nearby_indicators`.
    inwoners
        Inwoners of the same table and year; default ``stats["inwoners"]``.
    min_inwoners
        Rates per 1,000 and shares need at least this many inwoners; NaN below it and for 0 inwoners.
    """
    import pandas as pd

    if inwoners is None:
        inwoners = (
            stats["inwoners"]
            if "inwoners" in stats.columns
            else pd.Series(np.nan, index=stats.index)
        )
    inw = pd.to_numeric(inwoners, errors="coerce").astype(float)
    enough = inw.notna() & (inw >= max(min_inwoners, 1))
    out = pd.DataFrame(index=stats.index)
    for ind in indicators:
        if ind.how == "per 1000":
            value = _num(stats[ind.base]) / inw.where(enough) * 1000.0
        elif ind.how == "share":
            parts = [_num(stats[c]) for c in _EDUCATION]
            total = parts[0] + parts[1] + parts[2]
            value = 100.0 * parts[0] / total.where(total > 0)
        else:
            value = _num(stats[ind.base])
        # Every figure about residents needs enough of them, also CBS's own percentages.
        out[ind.column] = value.where(enough).replace([np.inf, -np.inf], np.nan)
    return out


def _num(series: pd.Series) -> pd.Series:
    import pandas as pd

    return pd.to_numeric(series, errors="coerce").astype(float)
