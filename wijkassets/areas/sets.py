"""Area sets: named groups of wijken/buurten such as the NPLV focus areas, with honest provenance.

Three kinds of set:

``named``    shipped with wijkassets, from the hand-made lists in ``data/areas/`` (see ``data/SOURCES.md``):
             ``nplv-2022`` (20 NPLV focus areas), ``krachtwijken-2007`` (the Vogelaarwijken, 41 name entries for
             the official 40, which were defined on postcode areas) and ``denhaag-zuidwest`` (14 buurten, one
             research project's definition of the NPLV area Den Haag Zuidwest).
``user``     your own, from a CSV or YAML file (:func:`read_set`), registered for this session with
             :func:`register_set` or kept in the sets folder (:func:`sets_folder`) for every session.
``derived``  computed on request by a factory registered with :func:`register_derived` (e.g. ``top-n``).

Every member says how its CBS codes were found: ``status`` is ``"exact"`` (the codes are the area),
``"approximate"`` (name-matched candidates; extent not verified) or ``"unmapped"`` (no codes). None of the
shipped sets is an official CBS or ministry definition, and their titles say so.

Members are a DataFrame with the columns ``naam`` (as listed), ``gemeente``, ``gemeentecode``, ``level``
(``"wijk"``/``"buurt"``, empty when unmapped), ``codes`` (``;``-joined CBS codes), ``code_year`` (the year of
the map the codes belong to), ``status`` and ``note``.

Registering a derived set (for the other parts of wijkassets)::

    from wijkassets.areas.sets import AreaSet, register_derived

    def _top_n(*, n: int = 130, **options) -> AreaSet: ...

    register_derived("top-n", _top_n, "Derived: the N wijken ranked highest on a composite deficit index")

``get_set("top-n", n=50)`` then calls the factory with ``n=50``; ``list_sets()`` lists it (kind ``derived``)
without calling it. Modules named in :data:`DERIVED_MODULES` are imported on first use, so their
``register_derived`` call runs without anyone importing them by hand.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wijkassets._errors import ValidationError, WijkassetsError

if TYPE_CHECKING:
    import pandas as pd

STATUSES = ("exact", "approximate", "unmapped")
MEMBER_COLUMNS = [
    "naam",
    "gemeente",
    "gemeentecode",
    "level",
    "codes",
    "code_year",
    "status",
    "note",
]
DERIVED_MODULES = ("wijkassets.areas.topn",)
"""Modules that register derived sets when imported."""
_CODE_RE = re.compile(r"^(GM|WK|BU)[0-9]{4}[0-9A-Z]{0,4}$")
_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


@dataclass
class AreaSet:
    """A named set of areas with per-member provenance.

    Attributes
    ----------
    name
        Short identifier used on the command line (``nplv-2022``).
    title
        One line for people; says when a set is unofficial or derived.
    description
        Where the list comes from and how its codes were found.
    kind
        ``"named"``, ``"user"`` or ``"derived"``.
    source
        The provenance (file, publication, or how it was computed).
    members
        One row per member, columns :data:`MEMBER_COLUMNS`.
    """

    name: str
    title: str
    description: str
    kind: str
    source: str
    members: pd.DataFrame
    attrs: dict[str, Any] = field(default_factory=dict)

    def codes(
        self, *, status: str | tuple[str, ...] | None = None, level: str | None = None
    ) -> list[str]:
        """Return the distinct CBS codes of the members (optionally only of a status or level), in order."""
        df = self.members
        if status is not None:
            df = df[df["status"].isin([status] if isinstance(status, str) else status)]
        if level is not None:
            df = df[df["level"] == level]
        out: list[str] = []
        for value in df["codes"]:
            for code in str(value or "").split(";"):
                if code and code not in out:
                    out.append(code)
        return out

    def member_codes(self) -> dict[str, list[str]]:
        """Return ``{member name: [codes]}`` for every member (unmapped members get an empty list)."""
        return {
            str(r.naam): [c for c in str(r.codes or "").split(";") if c]
            for r in self.members.itertuples()
        }

    def counts(self) -> dict[str, int]:
        """Return the number of members per status."""
        vc = self.members["status"].value_counts()
        return {s: int(vc.get(s, 0)) for s in STATUSES}

    def summary(self) -> str:
        """Return one line: title, member count and how many are exact/approximate/unmapped."""
        c = self.counts()
        return (
            f"{self.title}: {len(self.members)} members ({c['exact']} exact, {c['approximate']} approximate, "
            f"{c['unmapped']} unmapped)"
        )


# ----------------------------------------------------------------------------------------------- registry

_SESSION: dict[str, AreaSet] = {}
_DERIVED: dict[str, tuple[Callable[..., AreaSet], str]] = {}
_plugins_loaded = False


def register_derived(name: str, factory: Callable[..., AreaSet], description: str) -> None:
    """Register a derived set: ``get_set(name, **options)`` returns ``factory(**options)``.

    Parameters
    ----------
    name
        The set's name (lower case, digits and ``-``), e.g. ``"top-n"``.
    factory
        Called with the keyword options given to :func:`get_set`; must return an :class:`AreaSet` with
        ``kind="derived"``.
    description
        One line for ``wijkassets areas sets``; should start with "Derived".
    """
    _check_name(name)
    if name in _named_loaders():
        raise WijkassetsError(
            f"{name!r} is a shipped set; choose another name for the derived set."
        )
    _DERIVED[name] = (factory, description)


def register_set(area_set: AreaSet | str | os.PathLike[str]) -> AreaSet:
    """Add a set (an :class:`AreaSet`, or a CSV/YAML file) for this session and return it."""
    s = area_set if isinstance(area_set, AreaSet) else read_set(area_set)
    if s.name in _named_loaders() or s.name in _DERIVED:
        raise WijkassetsError(
            f"A set named {s.name!r} already ships with wijkassets; give yours another name."
        )
    _SESSION[s.name] = s
    return s


def sets_folder() -> Path:
    """Return the folder whose CSV/YAML files are loaded as user sets (env ``WIJKASSETS_SETS``)."""
    import platformdirs

    value = os.environ.get("WIJKASSETS_SETS")
    return (
        Path(value)
        if value
        else Path(platformdirs.user_config_dir("wijkassets", appauthor=False)) / "sets"
    )


def _folder_files() -> dict[str, Path]:
    folder = sets_folder()
    if not folder.is_dir():
        return {}
    files = {}
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() in (".csv", ".yaml", ".yml"):
            files[path.stem.lower()] = path
    return files


def _load_plugins() -> None:
    global _plugins_loaded
    if _plugins_loaded:
        return
    _plugins_loaded = True
    for module in DERIVED_MODULES:
        if importlib.util.find_spec(module) is not None:
            importlib.import_module(module)


def _check_name(name: str) -> None:
    if not _NAME_RE.match(name):
        raise WijkassetsError(
            f"Set name {name!r} is not usable: use lower-case letters, digits, '-', '.' or '_' (e.g. mijn-wijken)."
        )


def list_sets() -> pd.DataFrame:
    """Return every known set: shipped, user (session and sets folder) and derived.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``name``; columns ``kind, title, members, exact, approximate, unmapped, source``. Derived
        sets are not computed here, so their counts are empty.
    """
    import pandas as pd

    _load_plugins()
    rows = []
    sets: list[AreaSet] = [loader() for loader in _named_loaders().values()]
    for name, path in _folder_files().items():
        if name not in _SESSION:
            try:
                sets.append(read_set(path))
            except WijkassetsError as exc:
                warnings.warn(
                    f"User set {path} could not be read and is left out: {exc}", stacklevel=2
                )
    sets += list(_SESSION.values())
    for s in sets:
        c = s.counts()
        rows.append(
            {
                "name": s.name,
                "kind": s.kind,
                "title": s.title,
                "members": len(s.members),
                **c,
                "source": s.source,
            }
        )
    for name, (_, description) in _DERIVED.items():
        rows.append(
            {
                "name": name,
                "kind": "derived",
                "title": description,
                "members": pd.NA,
                "exact": pd.NA,
                "approximate": pd.NA,
                "unmapped": pd.NA,
                "source": "computed on request from the loaded KWB data",
            }
        )
    df = pd.DataFrame(rows).set_index("name")
    return df.astype(dict.fromkeys(("members", "exact", "approximate", "unmapped"), "Int64"))


def get_set(name: str, **options: Any) -> AreaSet:
    """Return the set called ``name`` (or read from ``name`` when it is a path to a CSV/YAML file).

    Keyword options are passed to a derived set's factory (e.g. ``get_set("top-n", n=50)``).

    Raises
    ------
    WijkassetsError
        For an unknown set; the message lists the known ones.
    """
    _load_plugins()
    key = str(name).strip()
    lowered = key.lower()
    named = _named_loaders()
    if options and lowered not in _DERIVED:
        raise WijkassetsError(
            f"Set {name!r} takes no options (got {', '.join(options)}); only derived sets do."
        )
    if lowered in named:
        return named[lowered]()
    if lowered in _SESSION:
        return _SESSION[lowered]
    if lowered in _DERIVED:
        factory, _ = _DERIVED[lowered]
        return factory(**options)
    files = _folder_files()
    if lowered in files:
        return read_set(files[lowered])
    path = Path(key)
    if path.suffix.lower() in (".csv", ".yaml", ".yml") and path.exists():
        return read_set(path)
    if (
        path.suffix.lower() in (".csv", ".yaml", ".yml")
        or path.is_dir()
        or "/" in key
        or "\\" in key
    ):
        from wijkassets._io import describe_file

        raise WijkassetsError(
            f"Set file {key}: {describe_file(path)}. Check the path: a set of your own is a .csv or .yaml "
            "file (see: wijkassets areas sets)."
        )
    known = sorted({*named, *_SESSION, *_DERIVED, *files})
    raise WijkassetsError(
        f"Unknown area set {name!r}. Known sets: {', '.join(known)}. "
        "See them with: wijkassets areas sets (or give the path of your own CSV/YAML file)."
    )


# ---------------------------------------------------------------------------------------------- shipped sets


def _named_loaders() -> dict[str, Callable[[], AreaSet]]:
    return {
        "nplv-2022": _nplv_2022,
        "krachtwijken-2007": _krachtwijken_2007,
        "denhaag-zuidwest": _denhaag_zuidwest,
    }


def _split(value: object) -> list[str]:
    if not isinstance(value, str):
        return []
    return [c.strip().upper() for c in value.split(";") if c.strip()]


def _frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    import pandas as pd

    df = pd.DataFrame(rows, columns=MEMBER_COLUMNS)
    df["code_year"] = df["code_year"].astype("Int64")
    return df


def _candidates(
    wijk_cell: object, buurt_cell: object, note: str
) -> tuple[str, list[str], int | None, str]:
    """Return level, codes, code year and note of a hand-made list's row: its 2017 wijk candidates when it has
    them, else its 2015 buurt candidates (named in the note when both are there)."""
    wijken, buurten = _split(wijk_cell), _split(buurt_cell)
    if wijken and buurten:
        note += f"; buurten (2015 codes): {';'.join(buurten)}"
    if wijken:
        return "wijk", wijken, 2017, note
    if buurten:
        return "buurt", buurten, 2015, note
    return "", [], None, note


def _nplv_2022() -> AreaSet:
    import pandas as pd

    from wijkassets._data import data_path

    raw = pd.read_csv(data_path("areas", "nplv_2022_focusgebieden.csv"), dtype=str)
    rows = []
    for r in raw.itertuples():
        level, codes, year, note = _candidates(
            r.cbs_wijk_candidates, r.cbs_buurt_candidates, str(r.match_note)
        )
        if not codes:
            status = "unmapped"
        elif note.lower().startswith("exact"):
            status = "exact"
        else:
            status = "approximate"
        rows.append(
            {
                "naam": r.focusgebied,
                "gemeente": r.gemeente,
                "gemeentecode": r.gm_code,
                "level": level,
                "codes": ";".join(codes),
                "code_year": year,
                "status": status,
                "note": note,
            }
        )
    return AreaSet(
        name="nplv-2022",
        title="NPLV 2022: 20 focus areas (names official; CBS codes are name-matched candidates, not official)",
        description=(
            "The 20 focus areas of the Nationaal Programma Leefbaarheid en Veiligheid (2022) as published by "
            "gemeente.nu. The programme names areas, not CBS codes: codes were found by matching names against "
            "the 2017 wijk and 2015 buurt maps. Only Utrecht Overvecht and Eindhoven Woensel-Zuid are exact."
        ),
        kind="named",
        source="data/areas/nplv_2022_focusgebieden.csv (hand-made; see data/SOURCES.md)",
        members=_frame(rows),
    )


def _krachtwijken_2007() -> AreaSet:
    import pandas as pd

    from wijkassets._data import data_path

    raw = pd.read_csv(data_path("areas", "vogelaar_2007_40_aandachtswijken.csv"), dtype=str)
    rows = []
    for r in raw.itertuples():
        level, codes, year, note = _candidates(
            r.cbs_wijk_candidates_2017, r.cbs_buurt_candidates_2015, str(r.match_note)
        )
        rows.append(
            {
                "naam": r.wijk_as_listed,
                "gemeente": r.gemeente,
                "gemeentecode": r.gm_code,
                "level": level,
                "codes": ";".join(codes),
                "code_year": year,
                # The 2007 list was drawn on postcode areas, so even a perfect name match is approximate.
                "status": "approximate" if codes else "unmapped",
                "note": note,
            }
        )
    return AreaSet(
        name="krachtwijken-2007",
        title="Krachtwijken 2007 (Vogelaarwijken): 41 name entries for the official 40; codes approximate",
        description=(
            "The 2007 krachtwijken as listed on nl.wikipedia (41 name entries; the official 40 were defined on "
            "postcode areas, not on CBS wijken). CBS codes are name-matched candidates on the 2017 wijk and 2015 "
            "buurt maps, so every mapped member is approximate."
        ),
        kind="named",
        source="data/areas/vogelaar_2007_40_aandachtswijken.csv (hand-made; see data/SOURCES.md)",
        members=_frame(rows),
    )


def _denhaag_zuidwest() -> AreaSet:
    import pandas as pd

    from wijkassets._data import data_path

    raw = pd.read_csv(
        data_path("areas", "denhaag_zuidwest_research_buurten.csv"),
        sep=";",
        header=None,
        names=["code", "naam"],
        dtype=str,
        encoding="utf-8-sig",
    )
    rows = [
        {
            "naam": str(r.naam).strip(),
            "gemeente": "'s-Gravenhage",
            "gemeentecode": "GM0518",
            "level": "buurt",
            "codes": str(r.code).strip(),
            "code_year": 2019,
            "status": "exact",
            "note": "buurt code as listed by the research project (valid in the 2015, 2019 and 2021 maps)",
        }
        for r in raw.itertuples()
    ]
    return AreaSet(
        name="denhaag-zuidwest",
        title="Den Haag Zuidwest: 14 buurten as one research project defined the NPLV area (not official)",
        description=(
            "The 14 buurten of Den Haag Zuidwest (Bouwlust/Vrederust, Morgenstond, Moerwijk) as defined by the "
            "DHZW synthetic-population research project. The codes are exact buurt codes; whether the NPLV area "
            "is exactly these buurten is that project's choice."
        ),
        kind="named",
        source=(
            "data/areas/denhaag_zuidwest_research_buurten.csv, from marcopellegrinoit/DHZW_synthetic-population "
            "(see data/SOURCES.md)"
        ),
        members=_frame(rows),
    )


# ------------------------------------------------------------------------------------------------ user sets


def read_set(path: str | os.PathLike[str], *, name: str | None = None) -> AreaSet:
    """Read a user set from CSV or YAML, checking every row.

    CSV: one row per member, a column ``code`` (or ``codes``, several joined with ``;``) and optionally
    ``naam``/``name``, ``gemeente``, ``status`` (exact/approximate/unmapped; default exact when codes are given),
    ``note``, ``year`` (of the map the codes belong to; CBS recodes areas, so say it when you know). YAML::

        name: mijn-wijken            # optional; default: the file name
        title: Wijken van ons project
        source: besluit van het wijkteam, maart 2025
        year: 2024                   # the map the codes belong to (optional; also per member)
        members:
          - WK051829                 # a bare code
          - naam: Laakkwartier
            codes: [WK051838]
            status: approximate
            note: alleen het deel ten noorden van het spoor

    Raises
    ------
    ValidationError
        Listing every problem (row, column, found value, how to fix).
    """
    import pandas as pd

    file = Path(path)
    if not file.exists():
        raise WijkassetsError(f"Set file not found: {file}. Check the path.")
    set_name = (name or file.stem).strip().lower().replace(" ", "-")
    meta: dict[str, Any] = {}
    items: list[dict[str, Any]] = []
    problems: list[str] = []
    suffix = file.suffix.lower()
    if suffix == ".csv":
        first = file.read_text(encoding="utf-8-sig", errors="replace").splitlines()[:1]
        head = first[0] if first else ""
        sep = next((c for c in (";", "\t", ",") if c in head), ",")
        try:
            df = pd.read_csv(file, dtype=str, sep=sep, encoding="utf-8-sig")
        except (ValueError, UnicodeDecodeError, pd.errors.ParserError) as exc:
            raise WijkassetsError(f"Could not read {file} as CSV ({exc}).") from exc
        cols = {c.strip().lower(): c for c in df.columns}
        code_col = cols.get("code") or cols.get("codes")
        if code_col is None:
            raise ValidationError(
                [f"no column 'code' or 'codes' (columns found: {', '.join(df.columns)})"],
                source=file.name,
                hint="Add a column 'code' with CBS codes such as WK051829.",
            )
        for i, row in enumerate(df.itertuples(index=False), start=2):
            rec = dict(zip(df.columns, row, strict=True))

            def get(key: str, rec: dict[str, Any] = rec) -> str:
                col = cols.get(key)
                value = rec.get(col) if col else None
                return "" if value is None or pd.isna(value) else str(value).strip()

            items.append(
                {
                    "where": f"row {i}",
                    "codes": get("code") or get("codes"),
                    "naam": get("naam") or get("name"),
                    "gemeente": get("gemeente"),
                    "status": get("status"),
                    "note": get("note") or get("notitie"),
                    "year": get("year") or get("jaar"),
                }
            )
    elif suffix in (".yaml", ".yml"):
        import yaml

        try:
            doc = yaml.safe_load(file.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise WijkassetsError(f"{file} is not valid YAML: {exc}") from exc
        if isinstance(doc, list):
            doc = {"members": doc}
        if not isinstance(doc, dict) or not isinstance(doc.get("members", doc.get("codes")), list):
            raise ValidationError(
                ["expected a 'members:' list (or 'codes:' list) at the top level"],
                source=file.name,
                hint="See the example in the docstring of wijkassets.areas.read_set.",
            )
        meta = {k: doc[k] for k in ("name", "title", "description", "source", "year") if k in doc}
        listed: list[Any] = list(doc.get("members", doc.get("codes")) or [])
        for i, m in enumerate(listed, start=1):
            where = f"member {i}"
            if isinstance(m, str):
                items.append(
                    {
                        "where": where,
                        "codes": m,
                        "naam": "",
                        "gemeente": "",
                        "status": "",
                        "note": "",
                    }
                )
            elif isinstance(m, dict):
                codes = m.get("codes", m.get("code", ""))
                if isinstance(codes, list):
                    codes = ";".join(str(c) for c in codes)
                items.append(
                    {
                        "where": where,
                        "codes": str(codes or ""),
                        "naam": str(m.get("naam", m.get("name", "")) or ""),
                        "gemeente": str(m.get("gemeente", "") or ""),
                        "status": str(m.get("status", "") or ""),
                        "note": str(m.get("note", m.get("notitie", "")) or ""),
                        "year": str(m.get("year", m.get("jaar", "")) or ""),
                    }
                )
            else:
                problems.append(f"{where}: {m!r} is neither a code nor a mapping with 'codes'")
    else:
        raise WijkassetsError(f"{file.name}: a set file must be .csv, .yaml or .yml.")

    if meta.get("name"):
        set_name = str(meta["name"]).strip().lower()
    _check_name(set_name)
    rows = []
    for it in items:
        codes = [c.strip().upper() for c in re.split(r"[;,\s]+", it["codes"]) if c.strip()]
        for c in codes:
            if not _CODE_RE.match(c):
                problems.append(
                    f"{it['where']}, codes: {c!r} is not a CBS code (like WK051829 or BU05182916); "
                    "find codes with: wijkassets areas find NAME"
                )
        status = it["status"].lower() or ("exact" if codes else "unmapped")
        if status not in STATUSES:
            problems.append(
                f"{it['where']}, status: {it['status']!r} is not one of {', '.join(STATUSES)}"
            )
        if status != "unmapped" and not codes:
            problems.append(
                f"{it['where']}: status {status!r} but no codes; give codes or status unmapped"
            )
        prefixes = sorted({c[:2] for c in codes})
        level = (
            {"WK": "wijk", "BU": "buurt", "GM": "gemeente"}.get(prefixes[0], "") if prefixes else ""
        )
        if len(prefixes) > 1:
            problems.append(
                f"{it['where']}: mixes codes of different levels ({', '.join(codes)}); "
                "make one member per level"
            )
        year_text = str(it.get("year") or meta.get("year") or "").strip()
        code_year: int | None = None
        if year_text:
            if re.fullmatch(r"(19|20)\d\d", year_text):
                code_year = int(year_text)
            else:
                problems.append(
                    f"{it['where']}, year: {year_text!r} is not a year; give the year of the map the codes "
                    "belong to, e.g. 2024"
                )
        gm = codes[0][2:6] if codes else ""
        rows.append(
            {
                "naam": it["naam"] or (codes[0] if len(codes) == 1 else ""),
                "gemeente": it["gemeente"],
                "gemeentecode": f"GM{gm}" if gm else "",
                "level": level,
                "codes": ";".join(codes),
                "code_year": code_year,
                "status": status,
                "note": it["note"],
            }
        )
    if not rows and not problems:
        problems.append("the file has no members")
    if problems:
        raise ValidationError(
            problems, source=file.name, hint="Fix these rows and read the set again."
        )
    members = _frame(rows)
    _fill_names(members)
    return AreaSet(
        name=set_name,
        title=str(meta.get("title") or f"{set_name} (your own set)"),
        description=str(meta.get("description") or f"Read from {file.name}."),
        kind="user",
        source=str(meta.get("source") or str(file)),
        members=members,
    )


def _fill_names(members: pd.DataFrame) -> None:
    """Fill empty member names and gemeenten from the national name index, where it knows the code."""
    from wijkassets.areas.names import name_index

    index = name_index()
    cbs = (
        index[index["bron"].str.startswith("CBS")]
        .sort_values("year")
        .drop_duplicates("code", keep="last")
    )
    names = cbs.set_index("code")["naam"]
    gemeenten = cbs.set_index("code")["gemeentenaam"]
    for i, r in members.iterrows():
        codes = [c for c in str(r["codes"]).split(";") if c]
        if codes and (not r["naam"] or r["naam"] == codes[0]) and codes[0] in names.index:
            members.at[i, "naam"] = names[codes[0]]
        if codes and not r["gemeente"] and codes[0] in gemeenten.index:
            members.at[i, "gemeente"] = gemeenten[codes[0]]
