"""The derived set ``top-n``: the N wijken ranked highest on a composite deficit index.

This is *derived*, not an official list: no public list of "the 130 aandachtswijken" with CBS codes exists.
It ranks whatever KWB figures are loaded (all wijken of the Netherlands when online; on the embedded data only
what is there, and its title and description say which year and how many wijken and gemeenten were ranked).
wijkassets starts from strengths: no map or notebook shows this ranking by default.

The index, step by step:

1. Components are computed per wijk from catalogue indicators (:data:`COMPONENTS`): shares and rates as CBS
   publishes them, counts turned into rates per 1,000 inwoners (``bijstand`` -> bijstand per 1,000), education
   counts into the share with a low level.
2. Only wijken with at least ``min_inwoners`` inhabitants are ranked (rates of tiny wijken swing wildly).
3. Each component with figures for at least half of those wijken is standardised (z-score over the wijken).
4. The index is the weighted mean of the z-scores a wijk has, with :data:`DEFAULT_WEIGHTS` (a negative weight:
   lower is worse, e.g. income). A wijk needs figures for at least half of the total weight.
5. The N highest are the set.

Change the weights with ``get_set("top-n", n=50, weights={"pct_laag_inkomen": 2, "bijstand_per_1000": 1})``.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from wijkassets._errors import WijkassetsError
from wijkassets.areas.sets import AreaSet, register_derived

if TYPE_CHECKING:
    from collections.abc import Callable

#: Weights of the components (positive: higher is a larger deficit; negative: lower is a larger deficit).
DEFAULT_WEIGHTS: dict[str, float] = {
    "pct_laag_inkomen": 1.0,
    "pct_sociaal_minimum": 1.0,
    "bijstand_per_1000": 1.0,
    "ao_per_1000": 0.5,
    "ww_per_1000": 0.5,
    "pct_opleiding_laag": 1.0,
    "gem_inkomen_per_inwoner": -1.0,
    "gem_woz": -0.5,
}


def _per_1000(df: pd.DataFrame, *cols: str) -> pd.Series:
    col = next((c for c in cols if c in df.columns), cols[0])
    return df[col] / df["inwoners"].where(df["inwoners"] > 0) * 1000


def _pct_low_education(df: pd.DataFrame) -> pd.Series:
    total = df[["opleiding_laag", "opleiding_middelbaar", "opleiding_hoog"]].sum(
        axis=1, min_count=3
    )
    return df["opleiding_laag"] / total.where(total > 0) * 100


#: How each component is computed from the catalogue's indicators, and which indicators it needs
#: (``a|b``: either will do; persons where the table has them, else the number of benefits).
COMPONENTS: dict[str, tuple[tuple[str, ...], Callable[[pd.DataFrame], pd.Series]]] = {
    "pct_laag_inkomen": (("pct_laag_inkomen",), lambda d: d["pct_laag_inkomen"]),
    "pct_sociaal_minimum": (("pct_sociaal_minimum",), lambda d: d["pct_sociaal_minimum"]),
    "bijstand_per_1000": (
        ("bijstand|bijstand_uitkeringen", "inwoners"),
        lambda d: _per_1000(d, "bijstand", "bijstand_uitkeringen"),
    ),
    "ao_per_1000": (
        ("ao_uitkering|ao_uitkeringen", "inwoners"),
        lambda d: _per_1000(d, "ao_uitkering", "ao_uitkeringen"),
    ),
    "ww_per_1000": (
        ("ww_uitkering|ww_uitkeringen", "inwoners"),
        lambda d: _per_1000(d, "ww_uitkering", "ww_uitkeringen"),
    ),
    "pct_opleiding_laag": (
        ("opleiding_laag", "opleiding_middelbaar", "opleiding_hoog"),
        _pct_low_education,
    ),
    "gem_inkomen_per_inwoner": (
        ("gem_inkomen_per_inwoner",),
        lambda d: d["gem_inkomen_per_inwoner"],
    ),
    "gem_woz": (("gem_woz",), lambda d: d["gem_woz"]),
}

#: Years tried, newest first, when no year is given.
CANDIDATE_YEARS = (2024, 2023, 2022, 2021, 2020, 2019, 2018, 2017, 2016, 2015)


def deficit_index(
    kwb: pd.DataFrame,
    *,
    weights: Mapping[str, float] | None = None,
    min_inwoners: float = 500,
) -> pd.DataFrame:
    """Compute the composite deficit index per wijk.

    Parameters
    ----------
    kwb
        KWB figures (``wijkassets.cbs.load_kwb`` shape); only rows with ``level == "wijk"`` are ranked.
    weights
        Component weights (see :data:`DEFAULT_WEIGHTS` and :data:`COMPONENTS`).
    min_inwoners
        Wijken with fewer inhabitants are left out.

    Returns
    -------
    pandas.DataFrame
        Indexed by code: ``naam``, ``gemeentecode``, ``inwoners``, one column per component used, ``index``
        (the weighted mean z-score), ``rank`` (1 = largest deficit); sorted by rank. ``attrs["used"]`` lists the
        components used, ``attrs["skipped"]`` the ones without enough figures.
    """
    w = dict(DEFAULT_WEIGHTS if weights is None else weights)
    unknown = [k for k in w if k not in COMPONENTS]
    if unknown:
        raise WijkassetsError(
            f"top-n weights: unknown component(s) {', '.join(unknown)}. Known: {', '.join(COMPONENTS)}."
        )
    df = kwb
    if "level" in df.columns:
        df = df[df["level"].astype(str) == "wijk"]
    if "inwoners" not in df.columns:
        raise WijkassetsError("top-n needs the indicator 'inwoners' in the KWB figures.")
    df = df[df["inwoners"] >= min_inwoners]
    comps: dict[str, pd.Series] = {}
    skipped: list[str] = []
    for name in w:
        need, fn = COMPONENTS[name]
        if not all(any(alt in df.columns for alt in c.split("|")) for c in need):
            skipped.append(name)
            continue
        values = pd.to_numeric(fn(df), errors="coerce").astype(float)
        if values.notna().sum() < max(2, len(df) / 2):
            skipped.append(name)
            continue
        comps[name] = values
    out = pd.DataFrame(
        {
            "naam": df["naam"] if "naam" in df.columns else pd.Series(df.index, index=df.index),
            "gemeentecode": df["gemeentecode"]
            if "gemeentecode" in df.columns
            else df.index.astype(str).str[2:6].map(lambda s: f"GM{s}"),
            "inwoners": df["inwoners"],
        },
        index=df.index,
    )
    if not comps:
        out["index"] = np.nan
        out["rank"] = pd.Series(dtype="Int64")
        out = out.iloc[0:0]
        out.attrs.update(used=[], skipped=skipped)
        return out
    zsum = pd.Series(0.0, index=df.index)
    wsum = pd.Series(0.0, index=df.index)
    for name, values in comps.items():
        out[name] = values
        sd = values.std()
        z = (values - values.mean()) / sd if sd and sd > 0 else values * 0
        have = z.notna()
        zsum = zsum.add((np.sign(w[name]) * z).where(have, 0.0) * abs(w[name]))
        wsum = wsum.add(have.astype(float) * abs(w[name]))
    total = sum(abs(w[n]) for n in comps)
    out["index"] = (zsum / wsum).where(wsum >= total / 2)
    out = out.dropna(subset=["index"]).sort_values("index", ascending=False)
    out["rank"] = np.arange(1, len(out) + 1)
    out.attrs.update(used=list(comps), skipped=skipped)
    return out


def _load(year: int | None, weights: Mapping[str, float] | None) -> tuple[pd.DataFrame, int]:
    """Return the figures to rank: of ``year``, or of the year whose figures carry the most index weight."""
    from wijkassets._errors import CacheMissError, SourceError
    from wijkassets.cbs import load_kwb

    w = dict(DEFAULT_WEIGHTS if weights is None else weights)
    years = [year] if year is not None else list(CANDIDATE_YEARS)
    reasons = []
    best: tuple[float, pd.DataFrame, int] | None = None
    for y in years:
        df = None
        for source in ("auto", "embedded"):
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    df = load_kwb(y, level="wijk", source=source)  # type: ignore[arg-type]
                break
            except (CacheMissError, SourceError, WijkassetsError) as exc:
                if source == "embedded":
                    reasons.append(f"{y}: {str(exc).split('. ')[0]}")
        if df is None or not len(df):
            continue
        used = deficit_index(df, weights=w).attrs.get("used", [])
        weight = sum(abs(w[u]) for u in used)
        if year is not None:
            return df, y
        if weight > 0 and (best is None or weight > best[0]):
            best = (weight, df, y)
        if weight > 0 and weight >= sum(abs(v) for v in w.values()):
            break  # every component present: the newest such year wins
    if best is not None:
        return best[1], best[2]
    raise WijkassetsError(
        "top-n: no KWB figures with deficit indicators could be loaded ("
        + "; ".join(reasons[:4])
        + "). When online, run: wijkassets kwb fetch YEAR"
    )


def top_n(
    n: int = 130,
    *,
    year: int | None = None,
    weights: Mapping[str, float] | None = None,
    min_inwoners: float = 500,
    kwb: pd.DataFrame | None = None,
) -> AreaSet:
    """Return the derived set of the ``n`` wijken with the highest composite deficit index.

    Parameters
    ----------
    n
        How many wijken (default 130).
    year
        The KWB year; default the newest year whose loaded figures hold deficit indicators.
    weights
        Component weights, see :data:`DEFAULT_WEIGHTS`.
    min_inwoners
        Wijken with fewer inhabitants are not ranked.
    kwb
        Figures to rank instead of loading them (the ``load_kwb`` shape).
    """
    if int(n) < 1:
        raise WijkassetsError(f"top-n: n must be 1 or more, got {n!r}.")
    if kwb is None:
        kwb, year = _load(year, weights)
    elif year is None and "year" in kwb.columns and kwb["year"].nunique() == 1:
        year = int(kwb["year"].iloc[0])
    w = dict(DEFAULT_WEIGHTS if weights is None else weights)
    idx = deficit_index(kwb, weights=w, min_inwoners=min_inwoners)
    top = idx.head(int(n))
    n_ranked = len(idx)
    n_gm = idx["gemeentecode"].nunique() if n_ranked else 0
    used = idx.attrs.get("used", [])
    skipped = idx.attrs.get("skipped", [])
    source = str(kwb.attrs.get("source", f"CBS, Kerncijfers wijken en buurten {year}"))
    rows = [
        {
            "naam": str(r["naam"]),
            "gemeente": "",
            "gemeentecode": str(r["gemeentecode"]),
            "level": "wijk",
            "codes": str(code),
            "code_year": year,
            "status": "exact",
            "note": f"rank {int(r['rank'])} of {n_ranked}; index {float(r['index']):+.2f}",
        }
        for code, r in top.iterrows()
    ]
    members = pd.DataFrame(
        rows,
        columns=[
            "naam",
            "gemeente",
            "gemeentecode",
            "level",
            "codes",
            "code_year",
            "status",
            "note",
        ],
    )
    members["code_year"] = members["code_year"].astype("Int64")
    _gemeente_names(members)
    scope = f"{n_ranked} wijken in {n_gm} gemeente{'n' if n_gm != 1 else ''}"
    weight_text = ", ".join(f"{k} {v:+g}" for k, v in w.items() if k in used)
    description = (
        f"DERIVED by wijkassets, not an official list: the {len(top)} wijken with the highest composite "
        f"deficit index in {source} ({scope} with at least {min_inwoners:g} inwoners were ranked"
        + ("; only what the loaded data holds, not all of the Netherlands" if n_gm < 300 else "")
        + f"). Index = weighted mean of z-scores: {weight_text or 'no components'}."
        + (f" Not available in these figures: {', '.join(skipped)}." if skipped else "")
        + " wijkassets starts from strengths; use this ranking only to select areas to compare."
    )
    return AreaSet(
        name="top-n",
        title=f"Derived: top {len(top)} wijken on a composite deficit index (KWB {year}; ranked {scope})",
        description=description,
        kind="derived",
        source=f"derived from {source}; weights {weight_text}",
        members=members,
        attrs={"index": idx, "weights": w, "year": year},
    )


def _gemeente_names(members: pd.DataFrame) -> None:
    """Fill the gemeente names from the national name index shipped with wijkassets (best effort)."""
    try:
        from wijkassets.areas.names import name_index

        index = name_index()
        cbs = index[index["bron"].astype(str).str.startswith("CBS")]
        gm = cbs[cbs["code"].astype(str).str.startswith("GM")].sort_values("year")
        gm = gm.drop_duplicates("code", keep="last")
        names = dict(zip(gm["code"].astype(str), gm["naam"].astype(str), strict=True))
    except (ImportError, KeyError, WijkassetsError):
        return
    members["gemeente"] = [names.get(str(c), "") for c in members["gemeentecode"]]


def _factory(**options: Any) -> AreaSet:
    return top_n(**options)


register_derived(
    "top-n",
    _factory,
    "Derived: the N wijken (default 130) ranked highest on a composite deficit index of KWB figures "
    "(weights configurable; not an official list)",
)
