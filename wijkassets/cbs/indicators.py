"""The indicator catalogue: one stable snake_case name per meaning, whatever a year's CBS key is.

The catalogue is one data file in the package, ``catalogue.json``, built by
``python -m wijkassets.cbs.build_catalogue`` from the tables' own DataProperties. This module reads it and
applies its rules to the columns of a table:

- with the table's DataProperties (live from CBS): a key matches a rule by its base name (the key without the
  moving ``_N`` suffix), and, where the rule says so, by its parent TopicGroup and unit. A candidate whose unit
  differs from the rule's is refused (a percentage never lands in a count column);
- with column keys only (a StatLine CSV, saved rows): by base name, and only when that base name occurs once in
  the table; a rule that needs the TopicGroup to tell keys apart is then left alone;
- for the Wijk- en buurtkaart attributes: by exact attribute name (``AANT_INW``, ``aantal_inwoners``).
"""

from __future__ import annotations

import functools
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from wijkassets import settings

CATALOGUE_FILE = Path(__file__).resolve().parent / "catalogue.json"

_SUFFIX = re.compile(r"_\d+$")


def base_name(key: str) -> str:
    """Return a CBS key without its ``_N`` position suffix (``AantalInwoners_5`` -> ``AantalInwoners``)."""
    return _SUFFIX.sub("", key.strip())


def _norm_unit(unit: str | None) -> str:
    return (
        re.sub(r"\s+", " ", (unit or "").strip().lower()).replace("km2", "km²").replace("m3", "m³")
    )


@functools.lru_cache(maxsize=1)
def _raw() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(CATALOGUE_FILE.read_text(encoding="utf-8"))
    return data


def rules() -> list[dict[str, Any]]:
    """Return the catalogue's indicator rules (one dict per indicator, in catalogue order)."""
    return list(_raw()["indicators"])


def left_out() -> dict[str, str]:
    """Return the base names deliberately not mapped, with the reason."""
    return dict(_raw()["left_out"])


def indicator_names() -> list[str]:
    """Return every indicator name, in catalogue order."""
    return [r["name"] for r in rules()]


def catalogue() -> pd.DataFrame:
    """Return the indicator catalogue, indexed by indicator name.

    Columns: ``label`` (in the current language), ``label_nl``, ``label_en``, ``unit``, ``kind`` (count,
    percentage, mean, distance, rate, density, area, code), ``theme``, ``polarity`` (strength, deficit or
    neutral: whether a high value is read as a strength or a deficit), ``notes`` (breaks in the series),
    ``cbs_keys`` (the base names matched in the KWB tables, ";"-joined), ``map_attributes`` (the Wijk- en
    buurtkaart attribute names, ";"-joined), and ``key_<year>`` for every year whose keys were recorded.
    """
    lang = settings.get_language()
    years = sorted({int(y) for r in rules() for y in r["keys"]})
    rows = []
    for r in rules():
        row: dict[str, Any] = {
            "name": r["name"],
            "label": r["label_en"] if lang == "en" else r["label_nl"],
            "label_nl": r["label_nl"],
            "label_en": r["label_en"],
            "unit": r["unit"],
            "kind": r["kind"],
            "theme": r["theme"],
            "polarity": r["polarity"],
            "notes": r["notes"],
            "cbs_keys": ";".join(dict.fromkeys(r["match"]["bases"])),
            "map_attributes": ";".join(r["map_attributes"]),
        }
        for y in years:
            row[f"key_{y}"] = r["keys"].get(str(y), "")
        rows.append(row)
    df = pd.DataFrame(rows).set_index("name")
    df.attrs["source"] = "wijkassets indicator catalogue, built from CBS DataProperties (Bron: CBS)"
    return df


def _group_paths(props: Sequence[Mapping[str, Any]]) -> dict[Any, list[str]]:
    groups = {p["ID"]: p for p in props if p.get("Type") == "TopicGroup"}
    paths: dict[Any, list[str]] = {}
    for p in props:
        if p.get("Type") != "Topic":
            continue
        path: list[str] = []
        parent = p.get("ParentID")
        seen = set()
        while parent is not None and parent in groups and parent not in seen:
            seen.add(parent)
            path.append(str(groups[parent].get("Title", "")).strip())
            parent = groups[parent].get("ParentID")
        paths[p["ID"]] = path
    return paths


def match_dataproperties(
    props: Sequence[Mapping[str, Any]],
    rule_list: Iterable[Mapping[str, Any]] | None = None,
    left: Mapping[str, str] | None = None,
    *,
    columns: Iterable[str] | None = None,
) -> tuple[dict[str, str], list[str], list[str]]:
    """Match the Topics of a table's DataProperties to indicator names.

    Returns ``(found, unmatched, problems)``: ``found`` maps indicator name -> CBS key; ``unmatched`` lists the
    Topic keys no rule took and that are not deliberately left out; ``problems`` describes refused or ambiguous
    matches (a unit that differs, two keys for one rule, one key for two rules).
    """
    rule_list = list(rules() if rule_list is None else rule_list)
    left = left_out() if left is None else left
    wanted = None if columns is None else {c.strip() for c in columns}
    paths = _group_paths(props)
    topics = [
        p
        for p in props
        if p.get("Type") == "Topic" and (wanted is None or str(p["Key"]).strip() in wanted)
    ]
    found: dict[str, str] = {}
    problems: list[str] = []
    taken: dict[str, str] = {}
    for r in rule_list:
        bases = set(r["match"]["bases"])
        if not bases:
            continue
        cands = [t for t in topics if base_name(t["Key"]) in bases]
        if r["match"]["groups"]:
            cands = [t for t in cands if set(paths.get(t["ID"], [])) & set(r["match"]["groups"])]
        units = {_norm_unit(u) for u in r["match"]["units"]}
        if units:
            refused = [t for t in cands if _norm_unit(t.get("Unit")) not in units]
            for t in refused:
                problems.append(
                    f"{t['Key']} has unit {t.get('Unit')!r} where {r['name']} needs "
                    f"{' or '.join(sorted(r['match']['units']))}: not used"
                )
            cands = [t for t in cands if t not in refused]
        if len(cands) > 1:
            problems.append(
                f"{r['name']}: more than one key fits ({', '.join(t['Key'] for t in cands)}): none used"
            )
            continue
        if cands:
            key = str(cands[0]["Key"]).strip()
            if key in taken:
                problems.append(f"{key} fits both {taken[key]} and {r['name']}: check the rules")
                continue
            taken[key] = r["name"]
            found[r["name"]] = key
    unmatched = [
        str(t["Key"]).strip()
        for t in topics
        if str(t["Key"]).strip() not in taken and base_name(t["Key"]) not in left
    ]
    return found, unmatched, problems


def match_keys(
    keys: Iterable[str],
    rule_list: Iterable[Mapping[str, Any]] | None = None,
    left: Mapping[str, str] | None = None,
) -> tuple[dict[str, str], list[str], list[str]]:
    """Match bare column keys (no DataProperties) to indicator names, by unique base name only.

    Returns ``(found, unmatched, problems)`` like :func:`match_dataproperties`. A base name that occurs more
    than once, or a rule that needs the TopicGroup to tell keys apart, is not matched (listed in problems).
    """
    rule_list = list(rules() if rule_list is None else rule_list)
    left = left_out() if left is None else left
    keys = [k.strip() for k in keys]
    counts = Counter(base_name(k) for k in keys)
    found: dict[str, str] = {}
    problems: list[str] = []
    taken: set[str] = set()
    for r in rule_list:
        bases = set(r["match"]["bases"])
        if not bases:
            continue
        cands = [k for k in keys if base_name(k) in bases]
        if not cands:
            continue
        if r["match"]["groups"] or len(cands) > 1 or any(counts[base_name(k)] > 1 for k in cands):
            problems.append(
                f"{r['name']}: {', '.join(cands)} cannot be told apart without the table's DataProperties"
            )
            continue
        found[r["name"]] = cands[0]
        taken.add(cands[0])
    unmatched = [
        k for k in keys if k not in taken and base_name(k) not in left and counts[base_name(k)] == 1
    ]
    unmatched += [k for k in keys if counts[base_name(k)] > 1 and k not in taken]
    return found, list(dict.fromkeys(unmatched)), problems


def match_map_attributes(columns: Iterable[str]) -> dict[str, str]:
    """Match Wijk- en buurtkaart attribute names (``AANT_INW``, ``aantal_inwoners``) to indicator names."""
    by_attr: dict[str, str] = {}
    for r in rules():
        for a in r["map_attributes"]:
            by_attr[a] = r["name"]
    found: dict[str, str] = {}
    for c in columns:
        name = by_attr.get(c.strip())
        if name and name not in found:
            found[name] = c
    return found


def map_attribute_names() -> set[str]:
    """Return every map attribute name the catalogue knows."""
    return {a for r in rules() for a in r["map_attributes"]}


def recorded_keys(year: int) -> dict[str, str]:
    """Return indicator name -> CBS key as recorded for ``year`` (empty when that year was not recorded)."""
    return {r["name"]: r["keys"][str(year)] for r in rules() if str(year) in r["keys"]}


def recorded_years() -> list[int]:
    """Return the years whose keys were recorded in the catalogue."""
    return sorted({int(e["year"]) for e in _raw()["evidence"]})
