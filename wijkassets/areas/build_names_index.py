"""Build the national name index shipped with wijkassets (``wijkassets/areas/names_index.csv.gz``).

Run from a source checkout after the embedded maps change::

    python -m wijkassets.areas.build_names_index

Sources (all in ``data/``, see ``data/SOURCES.md``; Bron: CBS): the nationwide maps (all gemeenten 2023, all
wijken 2024), the buurten and wijken of the embedded Haaglanden 2015 and Rotterdam 2015/2024 maps, plus the
names under which the hand-made sets in ``data/areas/`` list their members (e.g. "Schilderswijk", which CBS
calls "Schildersbuurt") and a few everyday names of gemeenten ("Den Haag", "Den Bosch"). Only attributes
are read, no geometry. One row per (code, name); ``years`` lists the map years the name was seen in.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

INDEX_PATH = Path(__file__).resolve().parent / "names_index.csv.gz"

# (file under data/geo, year, code column, name column)
_MAPS = [
    ("gemeenten_2023_wgs84_simplified.geojson", 2023, "gemeentecode", "gemeentenaam"),
    ("nl_wijken_2024_cartomap.topojson", 2024, "statcode", "statnaam"),
    ("haaglanden_gemeente_2015.geojson", 2015, "GM_CODE", "GM_NAAM"),
    ("haaglanden_wijk_2015.geojson", 2015, "WK_CODE", "WK_NAAM"),
    ("haaglanden_buurt_2015.geojson", 2015, "BU_CODE", "BU_NAAM"),
    ("rotterdam-rijnmond_buurt_2015.geojson", 2015, "BU_CODE", "BU_NAAM"),
    ("rotterdam_buurten_2024_wgs84.geojson", 2024, "code", "name"),
]

# Everyday names of gemeenten whose official name differs (source: the gemeenten's own usage).
_GEMEENTE_ALIASES = {
    "GM0518": ["Den Haag", "The Hague"],
    "GM0796": ["Den Bosch"],
}

COLUMNS = ["code", "level", "naam", "gemeentecode", "gemeentenaam", "year", "years", "bron"]
_LEVEL = {"GM": "gemeente", "WK": "wijk", "BU": "buurt"}


def _read_attributes(path: Path, code_col: str, name_col: str) -> pd.DataFrame:
    import pyogrio

    df = pyogrio.read_dataframe(path, read_geometry=False, columns=[code_col, name_col])
    out = pd.DataFrame(
        {
            "code": df[code_col].astype(str).str.strip().str.upper(),
            "naam": df[name_col].astype(str).str.strip(),
        }
    )
    return out[out["code"].str.match(r"^(GM|WK|BU)\d{4}")]


def _set_aliases(data: Path) -> pd.DataFrame:
    rows = []
    nplv = pd.read_csv(data / "areas" / "nplv_2022_focusgebieden.csv", dtype=str)
    for r in nplv.itertuples():
        codes = str(r.cbs_wijk_candidates) if isinstance(r.cbs_wijk_candidates, str) else ""
        first = [c for c in codes.split(";") if c]
        if len(first) == 1:
            rows.append((first[0], str(r.focusgebied), "NPLV 2022 (name as listed)", 2017))
    vog = pd.read_csv(data / "areas" / "vogelaar_2007_40_aandachtswijken.csv", dtype=str)
    for r in vog.itertuples():
        codes = (
            str(r.cbs_wijk_candidates_2017) if isinstance(r.cbs_wijk_candidates_2017, str) else ""
        )
        first = [c for c in codes.split(";") if c]
        if len(first) == 1:
            name = re.sub(r"\s*\(.*\)$", "", str(r.wijk_as_listed)).strip()
            rows.append((first[0], name, "krachtwijken 2007 (name as listed)", 2017))
    # code_year: the map the list's codes were matched on (the 2017 wijken)
    return pd.DataFrame(rows, columns=["code", "naam", "bron", "code_year"])


def build(data: Path | None = None) -> pd.DataFrame:
    """Return the name index built from the embedded maps in ``data`` (default: the embedded data folder)."""
    from wijkassets._data import data_dir

    data = data or data_dir()
    parts = []
    for file, year, code_col, name_col in _MAPS:
        df = _read_attributes(data / "geo" / file, code_col, name_col)
        df["year"] = year
        df["bron"] = f"CBS Wijk- en buurtkaart {year}"
        parts.append(df)
    maps = pd.concat(parts, ignore_index=True)
    maps = maps[~maps["code"].isin(["GM0998"])]  # "Buitenland" is not a place in the Netherlands

    aliases = _set_aliases(data)
    gm = [(c, n, "everyday name", 2023) for c, names in _GEMEENTE_ALIASES.items() for n in names]
    aliases = pd.concat([aliases, pd.DataFrame(gm, columns=["code", "naam", "bron", "code_year"])])
    latest_year = maps.groupby("code")["year"].max()
    # A code on one of the maps gets that map's year; a code that is on none of them (recoded since, such as
    # Eindhoven's WK077214 of 2017) keeps the year of the map the list was matched on, and says so.
    on_map = aliases["code"].isin(latest_year.index)
    aliases["year"] = (
        aliases["code"].map(latest_year).where(on_map, aliases["code_year"]).astype(int)
    )
    aliases.loc[~on_map, "bron"] += aliases.loc[~on_map, "code_year"].map(
        lambda y: f"; code of the {y} map, not on the embedded maps"
    )
    aliases = aliases.drop(columns="code_year")

    allrows = pd.concat([maps, aliases], ignore_index=True)
    allrows["level"] = allrows["code"].str[:2].map(_LEVEL)
    allrows["gemeentecode"] = "GM" + allrows["code"].str[2:6]
    gemeentenamen = (
        maps[maps["code"].str.startswith("GM")].sort_values("year").groupby("code")["naam"].last()
    )
    allrows["gemeentenaam"] = allrows["gemeentecode"].map(gemeentenamen).fillna("")
    grouped = allrows.groupby(["code", "naam"], sort=True, as_index=False).agg(
        level=("level", "first"),
        gemeentecode=("gemeentecode", "first"),
        gemeentenaam=("gemeentenaam", "first"),
        year=("year", "max"),
        years=("year", lambda s: ",".join(str(y) for y in sorted(set(s)))),
        bron=("bron", lambda s: "; ".join(sorted(set(s)))),
    )
    return grouped[COLUMNS].sort_values(["code", "year"], ignore_index=True)


def main() -> None:
    """Build the index and write it next to this module."""
    from wijkassets._io import atomic_path

    index = build()
    with atomic_path(INDEX_PATH) as tmp:
        index.to_csv(tmp, index=False, compression={"method": "gzip", "mtime": 0})
    print(f"{INDEX_PATH}: {len(index)} names, {index['code'].nunique()} areas")


if __name__ == "__main__":
    main()
