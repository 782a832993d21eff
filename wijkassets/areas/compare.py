"""Compare areas over the years, in the boundaries of one reference year.

:func:`compare` is the researcher's entry point: name the areas (codes, or a set such as ``nplv-2022``), the
indicators and the years; get back one tidy table in constant boundaries, ready for
:func:`wijkassets.render.charts.draw_comparison` (small multiples and a ranked change table).

How a figure of year Y reaches the reference year R (per gemeente and level):

1. Y == R: the figure as CBS published it (``method`` = ``same``).
2. The maps of Y and R are both available (embedded, cached, or from PDOK): :func:`~wijkassets.areas.crosswalk`
   carries it: ``same`` (boundary unchanged), ``recode`` (new code, same land) or ``changed`` (areal
   interpolation of counts; rates through their numerator and denominator). A target area that the map of Y
   covers for less than 95% gets no figure, and says so.
3. The map of Y is not available (offline, not cached): CBS's own flag ``IndelingswijzigingWijkenEnBuurten``
   (a column ``indelingswijziging`` in the figures, 1 unchanged, 2 new code, 3 boundary changed) is asked for
   every year after Y up to R. All 1: the figure is the same area (``same``, note "CBS: ongewijzigd"). A 2 or
   3: no figure without the map, and the note says which year changed. No flag available: the figure is
   matched on its code only (``method`` = ``code``); the chart draws such points hollow and the ``note`` says
   so. Fetch the map online (``wijkassets areas fetch Y LEVEL --gemeente GM....``) to have it checked.
   The same flag confirms recodes in a crosswalk between consecutive years.

Areas and years without figures are kept as rows with NaN and a ``note`` saying why, and listed in
``attrs["missing"]``: they are drawn as what exists, never an error. An explicitly given code that has no
geometry, an unknown set or an unknown indicator are errors with a clear message.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from wijkassets._errors import ValidationError, WijkassetsError
from wijkassets.areas.crosswalk import TOLERANCE, Crosswalk, crosswalk

if TYPE_CHECKING:
    import geopandas as gpd

#: What each rate or mean is a share or mean *of*: its numerator and this denominator are interpolated as
#: counts, then divided. ``"area"`` for values per unit of land. Names not listed follow the rules in
#: :func:`denominator_of` (unit and theme); an unknown denominator means the value passes only through
#: unchanged areas, never averaged by area.
DENOMINATORS: dict[str, str] = {
    "gem_huishoudensgrootte": "huishoudens",
    "bevolkingsdichtheid": "area",
    "omgevingsadressendichtheid": "area",
    "personenautos_per_km2": "area",
    "gem_woz": "woningvoorraad",
    "gem_inkomen_per_inwoner": "inwoners",
    "gem_inkomen_per_ontvanger": "inwoners",
    "gem_gestandaardiseerd_inkomen": "huishoudens",
    "mediaan_vermogen": "huishoudens",
    "pct_laag_inkomen": "huishoudens",
    "pct_sociaal_minimum": "huishoudens",
    "pct_tot_110_sociaal_minimum": "huishoudens",
    "pct_tot_120_sociaal_minimum": "huishoudens",
    "pct_jeugdzorg": "inwoners",  # CBS: share of young people; inwoners is the nearest count always present
    "personenautos_per_huishouden": "huishoudens",
    "nettoarbeidsparticipatie": "inwoners",
    "scholen_binnen_3km": "inwoners",
}

#: The order in which methods are "worse" (an aggregate of several codes takes the worst).
METHOD_ORDER = ("same", "recode", "changed", "code", "missing")
#: How many gemeenten the Netherlands had in a year (CBS), to know when gemeente figures cover the country;
#: other years need at least 340.
MIN_GEMEENTEN = {
    2015: 393,
    2016: 390,
    2017: 388,
    2018: 380,
    2019: 355,
    2020: 355,
    2021: 352,
    2022: 345,
}
METHOD_LABELS = {
    "same": ("ongewijzigd", "unchanged"),
    "recode": ("nieuwe code, zelfde grens", "new code, same boundary"),
    "changed": ("omgerekend (grens gewijzigd)", "interpolated (boundary changed)"),
    "code": ("alleen op code vergeleken", "matched on code only"),
    "missing": ("geen cijfer", "no figure"),
}
LEVELS = {"GM": "gemeente", "WK": "wijk", "BU": "buurt"}


def denominator_of(name: str, catalogue: pd.DataFrame | None = None) -> str | None:
    """Return the count a rate or mean indicator is taken over (``"area"`` for per-land values), or None.

    Counts return None (they need no denominator).
    """
    if name in DENOMINATORS:
        return DENOMINATORS[name]
    kind = unit = theme = ""
    if catalogue is not None and name in catalogue.index:
        row = catalogue.loc[name]
        kind, unit, theme = str(row["kind"]), str(row["unit"]), str(row["theme"])
    if kind in ("count", "area"):
        return None
    if kind == "density" or "km²" in unit:
        return "area"
    if "inwoners" in unit or name.startswith(("pct_personen", "afstand_")) or theme == "bevolking":
        return "huishoudens" if "huishoud" in name else "inwoners"
    if "huishoud" in name or theme == "inkomen":
        return "huishoudens"
    if theme in ("wonen", "energie"):
        return "woningvoorraad"
    return None


@dataclass
class _Area:
    key: str
    naam: str
    codes: list[str]
    level: str | None
    gemeentecode: str | None
    status: str = "given"
    note: str = ""
    lost: list[str] = field(default_factory=list)


def _level_of(code: str) -> str | None:
    return LEVELS.get(code[:2].upper())


def _gm_of(code: str) -> str | None:
    return f"GM{code[2:6]}" if len(code) >= 6 and _level_of(code) else None


def _resolve_areas(areas: Any) -> tuple[list[_Area], bool, str | None]:
    """Return (areas, explicit, set title). Explicit areas are strict about geometry; set members lenient."""
    from wijkassets.areas.sets import AreaSet, get_set

    area_set: AreaSet | None = None
    if isinstance(areas, AreaSet):
        area_set = areas
    elif isinstance(areas, str):
        parts = [p.strip() for p in areas.replace(";", ",").split(",") if p.strip()]
        if parts and all(_level_of(p) for p in parts):
            areas = parts
        else:
            area_set = get_set(areas)
    if area_set is not None:
        out = []
        for r in area_set.members.itertuples():
            codes = [c.strip().upper() for c in str(r.codes or "").split(";") if c.strip()]
            lvl = str(r.level) if isinstance(r.level, str) and r.level else None
            out.append(
                _Area(
                    key=str(r.naam),
                    naam=str(r.naam),
                    codes=codes,
                    level=lvl or (_level_of(codes[0]) if codes else None),
                    gemeentecode=str(r.gemeentecode)
                    if isinstance(r.gemeentecode, str)
                    else (_gm_of(codes[0]) if codes else None),
                    status=str(r.status),
                    note=str(r.note) if isinstance(r.note, str) else "",
                )
            )
        keys = pd.Series([a.key for a in out])
        for a, dup in zip(out, keys.duplicated(keep=False), strict=True):
            if dup:  # the same name in two gemeenten (Wijk 00 Centrum): tell them apart
                a.key = a.naam = f"{a.naam} ({a.gemeentecode or ';'.join(a.codes)})"
        return out, False, area_set.title
    if isinstance(areas, Mapping):
        out = []
        for label, codes in areas.items():
            cs = [codes] if isinstance(codes, str) else list(codes)
            cs = [str(c).strip().upper() for c in cs]
            out.append(_Area(str(label), str(label), cs, _level_of(cs[0]) if cs else None, None))
    elif isinstance(areas, Iterable):
        out = [
            _Area(c, c, [c], _level_of(c), None) for c in (str(a).strip().upper() for a in areas)
        ]
    else:
        raise WijkassetsError(
            f"areas: expected area codes, a set name or an AreaSet, got {type(areas).__name__}."
        )
    problems = []
    for a in out:
        if not a.codes:
            problems.append(f"{a.key}: no codes given")
        for c in a.codes:
            if _level_of(c) is None:
                problems.append(
                    f"{c!r} is not a CBS area code (GM0518, WK051838, BU05182916); find codes with: "
                    "wijkassets areas find NAME"
                )
        levels = {_level_of(c) for c in a.codes}
        if len(levels) > 1:
            problems.append(
                f"{a.key}: mixes levels ({', '.join(sorted(map(str, levels)))}); give one level per area"
            )
        gms = {_gm_of(c) for c in a.codes}
        if len(gms) > 1:
            problems.append(f"{a.key}: spans gemeenten {', '.join(sorted(map(str, gms)))}")
        a.gemeentecode = next(iter(gms)) if len(gms) == 1 else None
    if not out:
        problems.append("no areas given")
    if problems:
        raise ValidationError(problems, source="areas")
    return out, True, None


def _check_indicators(indicators: str | Sequence[str]) -> tuple[list[str], pd.DataFrame | None]:
    names = (
        [p.strip() for p in indicators.split(",") if p.strip()]
        if isinstance(indicators, str)
        else [str(i).strip() for i in indicators]
    )
    if not names:
        raise WijkassetsError("indicators: give at least one indicator, e.g. inwoners.")
    try:
        from wijkassets.cbs import catalogue

        cat = catalogue()
    except ImportError:  # pragma: no cover - the cbs step is part of wijkassets
        return names, None
    unknown = [n for n in names if n not in cat.index]
    if unknown:
        from rapidfuzz import process

        problems = []
        for n in unknown:
            close = [
                m for m, score, _ in process.extract(n, list(cat.index), limit=3) if score > 60
            ]
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            problems.append(f"indicator {n!r} is not in the CBS catalogue{hint}")
        raise ValidationError(
            problems,
            source="indicators",
            hint="See every indicator with: wijkassets kwb indicators",
        )
    return names, cat


class _Loader:
    """Load boundaries and figures once per (year, level, gemeente), remembering why something is missing."""

    def __init__(
        self,
        data: Mapping[int, pd.DataFrame] | None,
        boundaries: Mapping[int, gpd.GeoDataFrame] | None,
    ) -> None:
        self.data = dict(data or {})
        self.boundaries = dict(boundaries or {})
        self._b: dict[tuple[int, str, str], tuple[Any, str]] = {}
        self._k: dict[tuple[int, str], tuple[Any, str]] = {}
        self._cw: dict[tuple[int, int, str, str], Crosswalk] = {}
        self.notes: set[str] = set()
        self._nl: dict[tuple[int, tuple[str, ...]], dict[str, float]] = {}

    def detail_mismatch(self, cw: Crosswalk) -> bool:
        """Return True when two maps differ in detail rather than in boundaries.

        Most areas that keep their code should also keep their land; when fewer than half of them match within
        the tolerance, the maps were generalised differently (or one leaves out water) and interpolated
        figures can be off by several percent.
        """
        common = cw.sources.index.intersection(cw.targets.index)
        if len(common) < 4:
            return False
        same = (cw.sources.loc[common, "status"] == "same").sum()
        return bool(same < len(common) / 2)

    def bounds(self, year: int, level: str, gm: str) -> tuple[gpd.GeoDataFrame | None, str]:
        key = (year, level, gm)
        if key not in self._b:
            from wijkassets._errors import CacheMissError, SourceError

            try:
                if year in self.boundaries:
                    prefix = {"gemeente": "GM", "wijk": "WK", "buurt": "BU"}[level]
                    b = self.boundaries[year]
                    codes = b["code"].astype(str).str.strip()
                    keep = codes.str.startswith(prefix) & (codes.str[2:6] == gm[2:6])
                    b = b[keep.to_numpy()]
                    res: tuple[Any, str] = (b if len(b) else None, f"no {level} map of {year}")
                else:
                    from wijkassets.areas.boundaries import load_boundaries

                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore")
                        b = load_boundaries(year, level, gemeente=gm)
                    res = (b if len(b) else None, f"the {level} map of {year} has no {gm}")
            except (CacheMissError, SourceError) as exc:
                res = (None, _short(exc))
            self._b[key] = res
        return self._b[key]

    def national(
        self, year: int, names: list[str], denoms: Mapping[str, str | None]
    ) -> dict[str, float]:
        """Return national reference values of ``year`` from what is cached or embedded (never downloads).

        CBS's own ``NL00`` row when the figures have it; otherwise, when the gemeente figures cover the whole
        country, counts are summed over the gemeenten and rates weighted by their denominator.
        """
        key = (year, tuple(names))
        if key in self._nl:
            return self._nl[key]
        out: dict[str, float] = {}
        k = None
        if year in self.data:
            k = self.data[year]
            if "code" in k.columns:
                k = k.set_index("code")
        else:
            from wijkassets._errors import CacheMissError, SourceError
            from wijkassets.cbs import load_kwb

            for source in ("cache", "embedded"):
                try:
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore")
                        k = load_kwb(year, level="gemeente", source=source)  # type: ignore[arg-type]
                    break
                except (CacheMissError, SourceError, WijkassetsError):
                    continue
        if k is not None:
            codes = pd.Index([str(c).strip() for c in k.index])
            nl = _row_of(k.set_axis(codes), "NL00")
            gms = k[np.asarray(codes.str.startswith("GM"))]
            complete = len(gms) >= MIN_GEMEENTEN.get(year, 340)
            for n in names:
                if nl is not None and not pd.isna(_get(nl, n)):
                    out[n] = _get(nl, n)
                elif complete and n in gms.columns:
                    v = pd.to_numeric(gms[n], errors="coerce")
                    d = denoms.get(n)
                    if d == "area":  # per km² of land: weigh by land area
                        d = "oppervlakte_land_ha"
                    if v.isna().any():
                        continue
                    if d is None:
                        out[n] = float(v.sum())
                    elif d in gms.columns:
                        w = pd.to_numeric(gms[d], errors="coerce")
                        if not w.isna().any() and w.sum() > 0:
                            out[n] = float((v * w).sum() / w.sum())
        self._nl[key] = out
        return out

    def kwb(self, year: int, gm: str) -> tuple[pd.DataFrame | None, str]:
        key = (year, gm)
        if key not in self._k:
            from wijkassets._errors import CacheMissError, SourceError

            try:
                if year in self.data:
                    k = self.data[year]
                    if "code" in k.columns:
                        k = k.set_index("code")
                    idx = k.index.astype(str).str.strip()
                    keep = (idx.str[2:6] == gm[2:6]) | (idx == "NL00")
                    sub = k[np.asarray(keep)].copy()
                    sub.index = idx[np.asarray(keep)]
                    sub.attrs = dict(k.attrs)
                    res: tuple[Any, str] = (sub if len(sub) else None, f"no figures for {gm}")
                else:
                    from wijkassets.cbs import load_kwb

                    with warnings.catch_warnings(record=True) as caught:
                        warnings.simplefilter("always")
                        k = load_kwb(year, gemeente=gm)
                    self.notes.update(str(w.message) for w in caught)
                    res = (k if len(k) else None, f"no KWB {year} figures for {gm}")
            except (CacheMissError, SourceError) as exc:
                res = (None, _short(exc))
            except (
                WijkassetsError
            ) as exc:  # a year between the asked ones that CBS has no table for
                res = (None, _short(exc))
            self._k[key] = res
        return self._k[key]

    def cbs_unchanged(self, code: str, year: int, ref: int, gm: str) -> tuple[str, int | None]:
        """Ask CBS's IndelingswijzigingWijkenEnBuurten whether ``code`` kept code and land from year to ref.

        Returns ``("unchanged", None)`` when every year after ``year`` up to ``ref`` says 1 for the code,
        ``("changed", first_year)`` when one says 2 or 3, and ``("unknown", None)`` when a year's figures or
        the flag are not available (offline, or a table without the field).
        """
        if ref <= year:
            return "unknown", None
        for z in range(year + 1, ref + 1):
            k, _ = self.kwb(z, gm)
            col = _indeling_column(k)
            if k is None or col is None or code not in k.index:
                return "unknown", None
            flag = str(_row_of(k, code)[col]).strip().split(".")[0]  # type: ignore[index]
            if flag in ("2", "3"):
                return "changed", z
            if flag != "1":
                return "unknown", None
        return "unchanged", None

    def crosswalk(
        self, year: int, ref: int, level: str, gm: str, tolerance: float
    ) -> Crosswalk | None:
        key = (year, ref, level, gm)
        if key not in self._cw:
            src, _ = self.bounds(year, level, gm)
            tgt, _ = self.bounds(ref, level, gm)
            if src is None or tgt is None:
                return None
            changes = None
            if ref == year + 1:  # CBS's flag compares a year with the one before
                k_ref, _ = self.kwb(ref, gm)
                col = _indeling_column(k_ref)
                if k_ref is not None and col is not None:
                    changes = k_ref[col].dropna()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                self._cw[key] = crosswalk(
                    src,
                    tgt,
                    tolerance=tolerance,
                    changes=changes,
                    source_year=year,
                    target_year=ref,
                )
        return self._cw.get(key)


#: Columns that may carry CBS's boundary-change flag (1 unchanged, 2 new code, 3 boundary changed).
INDELING_COLUMNS = (
    "indelingswijziging",
    "indelingswijziging_wijken_en_buurten",
    "indelingswijziging_gemeente_wijk_buurt",
)


def _indeling_column(k: pd.DataFrame | None) -> str | None:
    if k is None:
        return None
    return next((c for c in INDELING_COLUMNS if c in k.columns), None)


def _short(exc: Exception) -> str:
    """Return the first clause of an error message (the rest names commands, shown once elsewhere)."""
    return str(exc).split(". ")[0].split("; ")[0]


def _source_of(k: pd.DataFrame, year: int) -> str:
    src = k.attrs.get("source")
    return str(src) if src else f"CBS, Kerncijfers wijken en buurten {year}"


def compare(
    areas: Any,
    indicators: str | Sequence[str],
    years: Iterable[int],
    *,
    reference_year: int | None = None,
    data: Mapping[int, pd.DataFrame] | None = None,
    boundaries: Mapping[int, gpd.GeoDataFrame] | None = None,
    tolerance: float = TOLERANCE,
) -> pd.DataFrame:
    """Compare areas over the years in the boundaries of one reference year.

    Parameters
    ----------
    areas
        Area codes (``["WK034403", "WK051838"]`` or ``"WK034403,WK051838"``), a set name (``"nplv-2022"``),
        an :class:`~wijkassets.areas.sets.AreaSet`, or ``{label: [codes]}`` to add codes up into one area.
        A set member with several codes is one area (its counts added up, its rates recomputed).
    indicators
        Indicator names from the CBS catalogue (``wijkassets kwb indicators``), e.g. ``"inwoners"``.
    years
        The KWB years to compare, e.g. ``[2015, 2019, 2021, 2024]``.
    reference_year
        The year whose boundaries every figure is carried to (default: the latest of ``years``).
    data
        Optional ``{year: KWB frame}`` (as :func:`wijkassets.cbs.read_kwb` returns) instead of
        :func:`wijkassets.cbs.load_kwb`, e.g. for your own files.
    boundaries
        Optional ``{year: boundaries}`` (as :func:`wijkassets.areas.read_boundaries` returns) instead of
        :func:`wijkassets.areas.load_boundaries`.
    tolerance
        Coverage below this share is flagged and gets no figure (see :mod:`wijkassets.areas.crosswalk`).

    Returns
    -------
    pandas.DataFrame
        Tidy: one row per area, indicator and year, columns ``area, naam, gemeentecode, level, codes,
        indicator, label, unit, year, value, gemeente_value, nederland_value, reference_year, method,
        coverage, bron, note``. ``attrs``: ``missing`` (a DataFrame of what has no figure and why),
        ``sources`` (list), ``reference_year``, ``indicators``, ``title``, ``crosswalks`` (the flagged areas
        of every crosswalk used).

    Examples
    --------
    >>> df = wijkassets.compare("nplv-2022", "inwoners", [2015, 2019, 2021, 2024])  # doctest: +SKIP
    >>> from wijkassets.render.charts import draw_comparison
    >>> draw_comparison(df, "nplv.png")  # doctest: +SKIP
    """
    from wijkassets import settings

    area_list, explicit, title = _resolve_areas(areas)
    names, cat = _check_indicators(indicators)
    try:
        yrs = sorted({int(y) for y in years})
    except (TypeError, ValueError) as exc:
        raise WijkassetsError(f"years: give whole years such as 2015,2019,2021 ({exc}).") from exc
    if not yrs:
        raise WijkassetsError("years: give at least one year, e.g. 2015,2019,2021.")
    ref = int(reference_year) if reference_year is not None else yrs[-1]
    if data is None:
        # A year CBS has no table for is the user's error: name that year (not one the comparison passes by).
        from wijkassets.cbs.tables import resolve_table

        for y in sorted({*yrs, ref}):
            resolve_table(y)
    en = settings.get_language() == "en"
    loader = _Loader(data, boundaries)
    denoms = {n: denominator_of(n, cat) for n in names}
    counts_needed = sorted({d for d in denoms.values() if d and d != "area"} - set(names))

    # Check explicit codes against the reference map first: a code without geometry is the user's error.
    if explicit:
        problems = []
        for a in area_list:
            for c in a.codes:
                b, why = loader.bounds(ref, a.level or "wijk", a.gemeentecode or "")
                if b is not None and c not in set(b["code"].astype(str)):
                    problems.append(
                        f"{c} has no geometry on the {a.level} map of {ref}; find current codes with: "
                        "wijkassets areas find NAME (or choose another --reference-year)"
                    )
                elif b is None:
                    found = any(
                        (k := loader.kwb(y, a.gemeentecode or "")[0]) is not None and c in k.index
                        for y in yrs
                    )
                    if not found:
                        problems.append(
                            f"{c} has no geometry and no figures: {why}. Find codes with: wijkassets areas "
                            "find NAME"
                        )
        if problems:
            raise ValidationError(problems, source="areas")

    rows: list[dict[str, Any]] = []
    missing: list[dict[str, Any]] = []
    sources: set[str] = set()
    flagged: list[pd.DataFrame] = []
    for a in area_list:
        if len(a.codes) == 1 and a.naam == a.codes[0] and a.level and a.gemeentecode:
            named = loader.bounds(ref, a.level, a.gemeentecode)[0]
            if named is not None and "naam" in named.columns:
                hit = named.loc[named["code"].astype(str) == a.codes[0], "naam"]
                if len(hit) and isinstance(hit.iloc[0], str) and hit.iloc[0].strip():
                    a.naam = hit.iloc[0].strip()
        base = {
            "area": a.key,
            "naam": a.naam,
            "gemeentecode": a.gemeentecode,
            "level": a.level,
            "codes": ";".join(a.codes),
        }
        if not a.codes or a.level is None or a.gemeentecode is None:
            why = (
                "geen CBS-codes in de set (unmapped)"
                if not en
                else "no CBS codes in the set (unmapped)"
            )
            missing.append({**base, "year": pd.NA, "indicator": "", "reason": why})
            for n in names:
                for y in yrs:
                    rows.append(_row(base, n, y, ref, cat, en, np.nan, method="missing", note=why))
            continue
        gm, level = a.gemeentecode, a.level
        ref_b, ref_why = loader.bounds(ref, level, gm)
        codes = list(a.codes)
        if ref_b is not None:
            on_map = set(ref_b["code"].astype(str))
            lost = [c for c in codes if c not in on_map]
            if lost:
                a.lost = lost
                codes = [c for c in codes if c in on_map]
        for y in yrs:
            k, k_why = loader.kwb(y, gm)
            per_code: dict[str, dict[str, Any]] = {}
            if k is not None:
                sources.add(_source_of(k, y))
            for c in a.codes:
                per_code[c] = _value_for(
                    c,
                    c in codes,
                    y,
                    ref,
                    level,
                    gm,
                    k,
                    k_why,
                    ref_b,
                    ref_why,
                    loader,
                    names,
                    denoms,
                    counts_needed,
                    tolerance,
                    en,
                    flagged,
                )
            ref_row = _row_of(k, gm)
            nl_values = loader.national(y, names, denoms)
            for n in names:
                value, method, coverage, note = _aggregate(per_code, n, denoms[n], en)
                gv = _get(ref_row, n)
                nv = nl_values.get(n, np.nan)
                bron = _source_of(k, y) if k is not None else ""
                rows.append(
                    _row(
                        base,
                        n,
                        y,
                        ref,
                        cat,
                        en,
                        value,
                        method=method,
                        coverage=coverage,
                        note=note,
                        gemeente_value=gv,
                        nederland_value=nv,
                        bron=bron,
                    )
                )
                if pd.isna(value):
                    missing.append({**base, "year": y, "indicator": n, "reason": note})
    tidy = pd.DataFrame(rows)
    n_code = int((tidy["method"] == "code").sum()) if len(tidy) else 0
    if n_code:
        yrs_code = sorted({int(y) for y in tidy.loc[tidy["method"] == "code", "year"]})
        warnings.warn(
            f"{n_code} figure(s) of {', '.join(map(str, yrs_code))} were matched on area code only: the "
            "boundaries of those years were not available (offline), so a boundary change would go unnoticed. "
            "They are drawn hollow and marked method='code'. Fetch the maps online with: wijkassets areas "
            "fetch YEAR LEVEL --gemeente GM....",
            stacklevel=2,
        )
    n_detail = int(tidy["note"].str.contains("detail", regex=False).sum()) if len(tidy) else 0
    if n_detail:
        warnings.warn(
            f"{n_detail} figure(s) were interpolated between maps of different detail (e.g. the generalised "
            "national wijken map of 2024 against the 2015 map); they may be off by a few percent. "
            "Use the PDOK maps of both years (online) for exact figures.",
            stacklevel=2,
        )
    miss = pd.DataFrame(
        missing,
        columns=["area", "naam", "gemeentecode", "level", "codes", "year", "indicator", "reason"],
    )
    tidy.attrs["missing"] = miss
    tidy.attrs["sources"] = sorted(sources)
    tidy.attrs["reference_year"] = ref
    tidy.attrs["years"] = yrs
    tidy.attrs["indicators"] = names
    tidy.attrs["title"] = title or ", ".join(a.key for a in area_list[:6])
    tidy.attrs["crosswalks"] = (
        pd.concat(flagged, ignore_index=True).drop_duplicates() if flagged else pd.DataFrame()
    )
    return tidy


def _row_of(k: pd.DataFrame | None, code: str) -> pd.Series | None:
    if k is None or code not in k.index:
        return None
    row = k.loc[code]
    return row.iloc[0] if isinstance(row, pd.DataFrame) else row


def _get(row: pd.Series | None, name: str) -> float:
    if row is None or name not in row.index:
        return np.nan
    v = row[name]
    if isinstance(v, pd.Series):  # duplicate codes: take the first
        v = v.iloc[0]
    try:
        return float(v)
    except (TypeError, ValueError):
        return np.nan


def _row(
    base: dict[str, Any],
    name: str,
    year: int,
    ref: int,
    cat: pd.DataFrame | None,
    en: bool,
    value: float,
    *,
    method: str,
    coverage: float = np.nan,
    note: str = "",
    gemeente_value: float = np.nan,
    nederland_value: float = np.nan,
    bron: str = "",
) -> dict[str, Any]:
    label, unit = name, ""
    if cat is not None and name in cat.index:
        label = str(cat.loc[name, "label_en" if en else "label_nl"])
        unit = str(cat.loc[name, "unit"])
    return {
        **base,
        "indicator": name,
        "label": label,
        "unit": unit,
        "year": year,
        "value": value,
        "gemeente_value": gemeente_value,
        "nederland_value": nederland_value,
        "reference_year": ref,
        "method": method,
        "coverage": coverage,
        "bron": bron,
        "note": note,
    }


def _value_for(
    code: str,
    on_ref_map: bool,
    year: int,
    ref: int,
    level: str,
    gm: str,
    k: pd.DataFrame | None,
    k_why: str,
    ref_b: gpd.GeoDataFrame | None,
    ref_why: str,
    loader: _Loader,
    names: list[str],
    denoms: Mapping[str, str | None],
    counts_needed: list[str],
    tolerance: float,
    en: bool,
    flagged: list[pd.DataFrame],
) -> dict[str, Any]:
    """Return ``{"values": {name: value}, "method", "coverage", "note"}`` for one code and year."""
    cols = [*names, *counts_needed]
    nan_values = dict.fromkeys(cols, np.nan)
    if not on_ref_map:
        note = (
            f"{code} staat niet op de kaart van {ref}"
            if not en
            else f"{code} is not on the {ref} map"
        )
        return {"values": nan_values, "method": "missing", "coverage": np.nan, "note": note}
    if k is None:
        note = f"geen cijfers {year}: {k_why}" if not en else f"no figures for {year}: {k_why}"
        return {"values": nan_values, "method": "missing", "coverage": np.nan, "note": note}
    present = [c for c in cols if c in k.columns]
    if year == ref or ref_b is None or loader.bounds(year, level, gm)[0] is None:
        method = "same" if year == ref else "code"
        if code not in k.index:
            note = (
                f"{code} niet in de cijfers van {year}"
                if not en
                else f"{code} not in the {year} figures"
            )
            return {"values": nan_values, "method": "missing", "coverage": np.nan, "note": note}
        row = k.loc[code]
        if isinstance(row, pd.DataFrame):
            row = row.iloc[0]
        vals = {c: _get(row, c) for c in cols}
        note = ""
        if method == "code":
            verdict, when = loader.cbs_unchanged(code, year, ref, gm)
            if verdict == "unchanged":
                method = "same"
                note = (
                    f"CBS: code en grens ongewijzigd {year}-{ref}"
                    if not en
                    else f"CBS: code and boundary unchanged {year}-{ref}"
                )
            elif verdict == "changed":
                note = (
                    f"CBS meldt een indelingswijziging in {when}; zonder de kaart van {year} is dit cijfer "
                    "niet te vergelijken"
                    if not en
                    else f"CBS reports a boundary or code change in {when}; without the {year} map this "
                    "figure cannot be compared"
                )
                return {"values": nan_values, "method": "missing", "coverage": np.nan, "note": note}
            else:
                why = ref_why if ref_b is None else loader.bounds(year, level, gm)[1]
                note = (
                    f"grens {year} niet gecontroleerd ({why}); vergeleken op code"
                    if not en
                    else f"boundary of {year} not checked ({why}); matched on code"
                )
        return {"values": vals, "method": method, "coverage": np.nan, "note": note}
    cw = loader.crosswalk(year, ref, level, gm, tolerance)
    assert cw is not None
    fl = cw.flagged()
    if len(fl):
        # only what bears on this area: the target itself and the sources that feed it
        w = cw.weights
        feeding = set(w.loc[w["target"] == code, "source"])
        mine = ((fl["side"] == "target") & (fl["code"] == code)) | (
            (fl["side"] == "source") & fl["code"].isin(feeding)
        )
        if mine.any():
            flagged.append(fl[mine.to_numpy()].assign(level=level, gemeentecode=gm, area=code))
    level_rows = k
    if "level" in k.columns:
        level_rows = k[k["level"].astype(str) == level]
    rates = {n: denoms[n] for n in names if denoms[n] is not None and n in present}
    rate_dens = {
        n: (d if d == "area" or d in level_rows.columns else None) for n, d in rates.items()
    }
    counts = [c for c in present if c not in rates]
    interp = cw.interpolate(level_rows[present], counts=counts, rates=rate_dens)
    t = cw.targets.loc[code]
    status = str(t["status"])
    coverage = float(np.asarray(t["covered"], dtype=float))
    method = {"same": "same", "recode": "recode"}.get(status, "changed")
    got = interp.loc[code]
    vals = {
        c: (float(np.asarray(got[c], dtype=float)) if c in interp.columns else np.nan) for c in cols
    }
    note = ""
    if method == "recode":
        note = f"code in {year}: {t['source']}"
    if method == "changed" and loader.detail_mismatch(cw):
        note = (
            f"kaarten {year} en {ref} verschillen in detail (generalisatie, water): omgerekend cijfer kan "
            "enkele procenten afwijken"
            if not en
            else f"the {year} and {ref} maps differ in detail (generalisation, water): the interpolated "
            "figure may be off by a few percent"
        )
    if coverage < tolerance and method == "changed":  # a 1:1 match (same/recode) stands on its own
        vals = nan_values
        note = (
            f"kaart {year} dekt maar {coverage:.0%} van dit gebied"
            if not en
            else f"the {year} map covers only {coverage:.0%} of this area"
        )
        method = "missing"
    elif method == "changed" and any(
        np.isnan(vals[n]) for n in names if n in rates and rate_dens[n] is None
    ):
        note = (
            "grens gewijzigd; noemer ontbreekt om dit cijfer om te rekenen"
            if not en
            else "boundary changed; no denominator to carry this figure"
        )
    return {"values": vals, "method": method, "coverage": coverage, "note": note}


def _aggregate(
    per_code: Mapping[str, Mapping[str, Any]], name: str, den: str | None, en: bool
) -> tuple[float, str, float, str]:
    """Return (value, method, coverage, note) of one indicator over an area's codes."""
    items = list(per_code.items())
    methods = [v["method"] for _, v in items]
    method = max(methods, key=METHOD_ORDER.index) if methods else "missing"
    covs = [v["coverage"] for _, v in items if not pd.isna(v["coverage"])]
    coverage = float(min(covs)) if covs else np.nan
    notes = sorted({v["note"] for _, v in items if v["note"]})
    vals = [v["values"].get(name, np.nan) for _, v in items]
    if len(items) == 1:
        value = vals[0]
    elif any(pd.isna(x) for x in vals):
        value = np.nan
        gaps = [c for (c, _), x in zip(items, vals, strict=True) if pd.isna(x)]
        notes.append(
            f"geen cijfer voor {', '.join(gaps)}" if not en else f"no figure for {', '.join(gaps)}"
        )
    elif den is None:
        value = float(np.sum(vals))
    else:
        ds = [v["values"].get(den, np.nan) if den != "area" else np.nan for _, v in items]
        if any(pd.isna(d) for d in ds):
            value = np.nan
            notes.append(
                f"noemer {den} ontbreekt om op te tellen"
                if not en
                else f"denominator {den} missing to add up"
            )
        else:
            tot = float(np.sum(ds))
            value = float(np.dot(vals, ds) / tot) if tot > 0 else np.nan
    if pd.isna(value) and method != "missing" and len(items) == 1:
        # The area was found, the figure itself is empty: say so instead of how the area was matched.
        keep = [n for n in notes if "detail" not in n and "code" not in n and "CBS:" not in n]
        notes = [
            *keep,
            f"geen cijfer voor {name} (CBS: onbekend, geheim of niet in deze tabel)"
            if not en
            else f"no figure for {name} (CBS: unknown, secret or not in this table)",
        ]
    return value, method if not pd.isna(value) else "missing", coverage, "; ".join(notes)
