"""Charts over time: small multiples (one panel per area) and a ranked change table.

Both take the tidy frame of :func:`wijkassets.compare`. Labels are Dutch by default, English when
``wijkassets.settings.get_language() == "en"``. Every panel names its source (CBS table and year) and the figure
names the boundaries the figures were carried to, the methods used, and the areas without figures.
"""

from __future__ import annotations

import math
import os
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from wijkassets import settings
from wijkassets._errors import WijkassetsError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

IMAGE_SUFFIXES = (".png", ".pdf", ".svg")
UNITS_EN = {
    "aantal": "number",
    "aantal inwoners per km²": "inhabitants per km²",
    "x 1 000 euro": "x 1,000 euro",
    "per 1 000 inwoners": "per 1,000 inhabitants",
    "per huishouden": "per household",
}
MAX_TABLE_ROWS = 30
"""The drawn change table shows at most this many areas (the rest: write the table with -o .csv)."""

_T = {
    "nl": {
        "title": "{label} in de grenzen van {ref}",
        "gemeente": "gemeente",
        "nederland": "Nederland",
        "hollow": "open punt: alleen op code vergeleken (grens niet gecontroleerd)",
        "square": "vierkant: omgerekend naar de grenzen van {ref} (grens gewijzigd)",
        "nodata": "Zonder cijfers ({n}): {names}",
        "source": "Bron: CBS, Kerncijfers wijken en buurten {years}",
        "area": "gebied",
        "first": "eerste",
        "last": "laatste",
        "change": "verschil",
        "change_pct": "verschil %",
        "rank": "rang",
        "table_title": "Verandering, gerangschikt",
        "nothing": "Geen enkel gebied heeft cijfers voor {label}.",
        "gap": "geen cijfer: ",
        "more": " (eerste {n} van {total}; alle in de tabel met -o .csv)",
        "detail": "Let op: sommige cijfers zijn omgerekend tussen kaarten van verschillend detail "
        "(generalisatie, water) en kunnen enkele procenten afwijken.",
    },
    "en": {
        "title": "{label} in the boundaries of {ref}",
        "gemeente": "municipality",
        "nederland": "Netherlands",
        "hollow": "hollow point: matched on code only (boundary not checked)",
        "square": "square: carried to the boundaries of {ref} (boundary changed)",
        "nodata": "Without figures ({n}): {names}",
        "source": "Source: CBS, Kerncijfers wijken en buurten {years}",
        "area": "area",
        "first": "first",
        "last": "last",
        "change": "change",
        "change_pct": "change %",
        "rank": "rank",
        "table_title": "Change, ranked",
        "nothing": "No area has figures for {label}.",
        "gap": "no figure: ",
        "more": " (first {n} of {total}; all in the table written with -o .csv)",
        "detail": "Note: some figures were carried between maps of different detail (generalisation, water) "
        "and may be off by a few percent.",
    },
}


def _t() -> dict[str, str]:
    return _T[settings.get_language()]


def _pick(tidy: pd.DataFrame, indicator: str | None) -> tuple[pd.DataFrame, str]:
    if tidy.empty or "indicator" not in tidy.columns:
        raise WijkassetsError("Nothing to draw: the comparison table is empty.")
    names = list(dict.fromkeys(tidy["indicator"]))
    ind = indicator or names[0]
    if ind not in names:
        raise WijkassetsError(
            f"indicator {ind!r} is not in this comparison; it holds: {', '.join(names)}."
        )
    return tidy[tidy["indicator"] == ind], ind


def _is_count(part: pd.DataFrame) -> bool:
    from wijkassets.areas.compare import denominator_of

    ind = str(part["indicator"].iloc[0])
    try:
        from wijkassets.cbs import catalogue

        cat = catalogue()
        if ind in cat.index:
            return str(cat.loc[ind, "kind"]) in ("count", "area")
    except ImportError:  # pragma: no cover
        pass
    return denominator_of(ind) is None


def change_table(tidy: pd.DataFrame, *, indicator: str | None = None) -> pd.DataFrame:
    """Return the change per area between its first and last year with a figure, ranked.

    Counts are ranked on their relative change (%), rates and means on the difference itself (for a
    percentage: percentage points). Areas with fewer than two years of figures are left out.

    Returns
    -------
    pandas.DataFrame
        Columns ``rang, area, naam, first_year, first, last_year, last, change, change_pct``
        (headers stay English-free of labels; :func:`draw_comparison` labels them), sorted by rank.
    """
    part, _ind = _pick(tidy, indicator)
    rows = []
    for area, g in part.groupby("area", sort=False):
        g = g.dropna(subset=["value"]).sort_values("year")
        if len(g) < 2:
            continue
        first, last = g.iloc[0], g.iloc[-1]
        change = float(last["value"]) - float(first["value"])
        pct = change / float(first["value"]) * 100 if float(first["value"]) else np.nan
        rows.append(
            {
                "area": area,
                "naam": first["naam"],
                "first_year": int(first["year"]),
                "first": float(first["value"]),
                "last_year": int(last["year"]),
                "last": float(last["value"]),
                "change": change,
                "change_pct": pct,
            }
        )
    out = pd.DataFrame(
        rows,
        columns=[
            "area",
            "naam",
            "first_year",
            "first",
            "last_year",
            "last",
            "change",
            "change_pct",
        ],
    )
    if out.empty:
        out.insert(0, "rang", pd.Series(dtype=int))
        return out
    key = "change_pct" if _is_count(part) else "change"
    out = out.sort_values(key, ascending=False, na_position="last", ignore_index=True)
    out.insert(0, "rang", np.arange(1, len(out) + 1))
    return out


def _fmt(v: float) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "–"
    if abs(v) >= 1000:
        return f"{v:,.0f}".replace(",", ".") if settings.get_language() == "nl" else f"{v:,.0f}"
    if v == int(v):
        return str(int(v))
    s = f"{v:.1f}" if abs(v) >= 10 else f"{v:.2f}"
    return s.replace(".", ",") if settings.get_language() == "nl" else s


def small_multiples(
    tidy: pd.DataFrame, *, indicator: str | None = None, ncols: int | None = None
) -> Figure:
    """Draw one panel per area with figures (values over the years), plus the ranked change table.

    Gemeente (dashed) and national (dotted) reference lines are drawn for rates and means. Points matched on
    code only are hollow; points carried across a boundary change are squares. Areas without any figure are
    listed under the panels, not drawn empty.
    """
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    t = _t()
    part, ind = _pick(tidy, indicator)
    label = str(part["label"].iloc[0]) if "label" in part.columns else ind
    unit = str(part["unit"].iloc[0]) if "unit" in part.columns else ""
    ref = tidy.attrs.get("reference_year", int(part["reference_year"].max()))
    have = part.groupby("area", sort=False)["value"].apply(lambda s: s.notna().any())
    areas = [a for a in have.index if have[a]]
    without = [a for a in have.index if not have[a]]
    counts = _is_count(part)
    table = change_table(tidy, indicator=ind)
    import textwrap

    n = max(len(areas), 1)
    ncols = ncols or (min(4, n) if n <= 16 else math.ceil(math.sqrt(n * 1.3)))
    full_table = table
    if len(table) > MAX_TABLE_ROWS:  # the rest is in the table written with -o .csv/.xlsx
        table = table.head(MAX_TABLE_ROWS)
    nrows = math.ceil(n / ncols)
    # the change table's six columns need about 8 inches, however few panels there are
    width_in = max(3.6 * ncols + 0.6, 8.0 if len(table) else 0.0)
    notes = [t["square"].format(ref=ref), t["hollow"]]
    if part["note"].astype(str).str.contains("detail", regex=False).any():
        notes.append(t["detail"])
    if without:
        notes.append(t["nodata"].format(n=len(without), names=", ".join(without)))
    sources = tidy.attrs.get("sources") or sorted(set(part["bron"].dropna()) - {""})
    notes.append("; ".join(sources) + ". Bron: CBS")
    wrap = int(width_in * 15)
    note_text = "\n".join(textwrap.fill(s, wrap) for s in notes)
    n_lines = note_text.count("\n") + 1
    # Heights in inches: title, panels, notes, table.
    title_h, panel_h = 0.9, 2.9 * nrows
    notes_h = 0.15 * n_lines + 0.3
    table_h = 0.26 * (len(table) + 1) + 0.5 if len(table) else 0.0
    fig_h = title_h + panel_h + notes_h + table_h
    fig = plt.figure(figsize=(width_in, fig_h), dpi=110)

    def frac(inches: float) -> float:
        return inches / fig_h

    top = 1 - frac(title_h)
    bottom = top - frac(panel_h) + frac(0.8)
    gs = fig.add_gridspec(
        nrows, ncols, left=0.08, right=0.98, top=top, bottom=bottom, hspace=0.85, wspace=0.35
    )
    years_all = sorted(int(y) for y in part["year"].unique())
    if settings.get_language() == "en":
        unit = UNITS_EN.get(unit, unit)
    shown = f"{label}" + (f" ({unit})" if unit and unit not in ("aantal", "number") else "")
    fig.suptitle(
        t["title"].format(label=shown, ref=ref)
        + (f"\n{tidy.attrs['title']}" if tidy.attrs.get("title") else ""),
        fontsize=11,
        y=1 - frac(0.1),
        va="top",
    )
    if not areas:
        fig.text(0.5, (top + bottom) / 2, t["nothing"].format(label=label), ha="center")
    for i, area in enumerate(areas):
        ax = fig.add_subplot(gs[i // ncols, i % ncols])
        g = part[part["area"] == area].sort_values("year")
        ok = g.dropna(subset=["value"])
        ax.plot(ok["year"], ok["value"], color="#0072B2", lw=1.6, zorder=2)
        for _, r in ok.iterrows():
            method = r["method"]
            marker = "s" if method == "changed" else "o"
            face = "white" if method == "code" else "#0072B2"
            ax.plot(r["year"], r["value"], marker=marker, ms=6, mfc=face, mec="#0072B2", zorder=3)
        if not counts:
            # reference lines: the gemeente (dashed) and the Netherlands (dotted), where known
            drawn = False
            for column, style, colour, label in (
                ("gemeente_value", "--", "#777777", t["gemeente"]),
                ("nederland_value", ":", "#333333", t["nederland"]),
            ):
                ref = g.dropna(subset=[column])
                if len(ref):
                    ax.plot(
                        ref["year"],
                        ref[column],
                        marker="_",
                        ms=8,
                        ls=style,
                        color=colour,
                        lw=1,
                        label=label,
                    )
                    drawn = True
            if drawn:
                ax.legend(fontsize=6, loc="best", frameon=False)
        name = str(g["naam"].iloc[0])
        codes = str(g["codes"].iloc[0])
        sub = codes.replace(";", ", ") if codes != name else ""
        ax.set_title(name + (f"\n{sub}" if sub else ""), fontsize=8.5)
        ax.set_xticks(years_all)
        ax.set_xticklabels([str(y) for y in years_all], fontsize=7)
        ax.set_xlim(years_all[0] - 0.6, years_all[-1] + 0.6)
        ax.tick_params(axis="y", labelsize=7)
        ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _p: _fmt(v)))
        ax.grid(axis="y", color="#dddddd", lw=0.6)
        ax.spines[["top", "right"]].set_visible(False)
        ax.margins(y=0.12)
        if counts and len(ok):
            ax.set_ylim(bottom=min(0.0, float(ok["value"].min())))
        gaps = [str(int(y)) for y in g.loc[g["value"].isna(), "year"]]
        foot = t["source"].format(years=", ".join(str(int(y)) for y in ok["year"]))
        if gaps:
            foot += "\n" + t["gap"] + ", ".join(gaps)
        ax.text(0, -0.22, foot, transform=ax.transAxes, fontsize=5.8, va="top", color="#444444")
    notes_top = bottom - frac(0.8)
    fig.text(0.02, notes_top, note_text, fontsize=7, va="top", color="#222222")
    if len(table):
        table_top = notes_top - frac(notes_h)
        title = t["table_title"]
        if len(full_table) > len(table):
            title += t["more"].format(n=len(table), total=len(full_table))
        fig.text(0.02, table_top, title, fontsize=9, weight="bold", va="bottom")
        th = frac(0.26 * (len(table) + 1))
        tax = fig.add_axes((0.02, max(table_top - frac(0.08) - th, 0.0), 0.96, th))
        tax.axis("off")
        cells = [
            [
                str(int(r["rang"])),
                str(r["naam"]),
                f"{_fmt(r['first'])} ({r['first_year']})",
                f"{_fmt(r['last'])} ({r['last_year']})",
                ("+" if r["change"] > 0 else "") + _fmt(r["change"]),
                ("+" if r["change_pct"] > 0 else "") + _fmt(r["change_pct"]) + "%",
            ]
            for _, r in table.iterrows()
        ]
        tab = tax.table(
            cellText=cells,
            colLabels=[t["rank"], t["area"], t["first"], t["last"], t["change"], t["change_pct"]],
            bbox=(0.0, 0.0, 1.0, 1.0),  # type: ignore[arg-type]
            cellLoc="left",
            colWidths=[0.06, 0.34, 0.16, 0.16, 0.14, 0.14],
        )
        tab.auto_set_font_size(False)
        tab.set_fontsize(7.5)
    return fig


def draw_comparison(
    tidy: pd.DataFrame,
    path: str | os.PathLike[str],
    *,
    indicator: str | None = None,
    ncols: int | None = None,
) -> os.PathLike[str] | str:
    """Draw :func:`small_multiples` and write it to ``path`` (``.png``, ``.pdf`` or ``.svg``) atomically."""
    from pathlib import Path

    import matplotlib.pyplot as plt

    from wijkassets._io import atomic_path, check_output_path

    out = check_output_path(path, IMAGE_SUFFIXES)
    fig = small_multiples(tidy, indicator=indicator, ncols=ncols)
    try:
        with atomic_path(out) as tmp:
            fig.savefig(tmp, format=out.suffix.lstrip(".").lower(), dpi=130, bbox_inches="tight")
    finally:
        plt.close(fig)
    return Path(out)
