"""Find gemeenten, wijken and buurten by name or code, offline, forgiving typing.

The search runs on the national name index shipped with wijkassets (``names_index.csv.gz``, built by
:mod:`wijkassets.areas.build_names_index` from the embedded nationwide maps: all gemeenten 2023, all wijken
2024, the embedded buurten), so it works without a network and without statistics loaded.

Names are compared after :func:`normalise_name`: lower case, accents removed, CBS's "Wijk 03 " / "Buurt 12 "
prefixes dropped, punctuation turned into spaces. Small typos are forgiven with rapidfuzz; a query
that also names the gemeente ("overvecht utrecht") searches the rest of the query within that gemeente.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from wijkassets._errors import WijkassetsError

if TYPE_CHECKING:
    import pandas as pd

INDEX_PATH = Path(__file__).resolve().parent / "names_index.csv.gz"
MIN_SCORE = 80.0
"""Fuzzy matches scoring below this (0-100) are not shown."""

_PREFIX = re.compile(r"^(?:wijk|buurt|stadsdeel|gemeente)\s*\d*[a-z]?\b\s*", re.IGNORECASE)
_CODE = re.compile(r"^(?:(GM|WK|BU)\s*)?(\d{4}[0-9A-Z]{0,4})$", re.IGNORECASE)
_LEVEL_ORDER = {"gemeente": 0, "wijk": 1, "buurt": 2}
RESULT_COLUMNS = ["code", "level", "naam", "gemeentecode", "gemeentenaam", "year", "score", "bron"]


def normalise_name(text: str) -> str:
    """Return ``text`` lower-cased, without accents, CBS prefixes ("Wijk 03 ") and punctuation."""
    s = unicodedata.normalize("NFKD", str(text))
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).lower().strip()
    s = re.sub(r"^'s[\s-]+", "s ", s)
    s = _PREFIX.sub("", s)
    s = re.sub(r"[^0-9a-z]+", " ", s)
    return re.sub(r"\s+", " ", s).strip()


@lru_cache(maxsize=1)
def name_index() -> pd.DataFrame:
    """Return the national name index (code, level, naam, gemeentecode, gemeentenaam, year, years, bron)."""
    import pandas as pd

    if not INDEX_PATH.is_file():
        raise WijkassetsError(
            f"The name index {INDEX_PATH.name} is missing from the installation. Reinstall wijkassets, or "
            "in a source checkout run: python -m wijkassets.areas.build_names_index"
        )
    df = pd.read_csv(INDEX_PATH, dtype=str, keep_default_na=False)
    df["year"] = df["year"].astype(int)
    df["key"] = df["naam"].map(normalise_name)
    return df


def _scores(key: str, keys: pd.Series) -> pd.Series:
    """Score ``key`` against every name: 100 exact, 95 whole words contained, else typo-tolerant fuzzy."""
    import pandas as pd
    from rapidfuzz import fuzz, process

    values = keys.to_list()
    ratio = process.cdist([key], values, scorer=fuzz.ratio)[0]
    partial = process.cdist([key], values, scorer=fuzz.partial_ratio)[0]
    lengths = np.array([len(v) for v in values])
    # A partial match counts only when the name is at least as long as the query ("echt" must not match
    # "overvecht"), and scores below a whole-word hit.
    partial = np.where(lengths >= len(key), partial, 0) * 0.9
    # A typo inside one part of a longer name ("laakwartier" for "Laakkwartier en Spoorwijk"): compare the
    # query with each run of as many words in the name.
    n_words = key.count(" ") + 1
    windows = np.zeros(len(values))
    for i, v in enumerate(values):
        words = v.split(" ")
        if len(words) > n_words:
            windows[i] = max(
                fuzz.ratio(key, " ".join(words[j : j + n_words]))
                for j in range(len(words) - n_words + 1)
            )
    score = np.maximum.reduce([ratio, partial, windows * 0.95])
    pattern = re.compile(rf"(^| ){re.escape(key)}( |$)")
    contained = np.array([bool(pattern.search(v)) for v in values])
    score = np.where(contained, 95.0, score)
    score = np.where(np.array(values) == key, 100.0, score)
    return pd.Series(score, index=keys.index, dtype=float)


def find(
    name: str,
    *,
    level: str | None = None,
    gemeente: str | None = None,
    limit: int = 10,
    min_score: float = MIN_SCORE,
) -> pd.DataFrame:
    """Find areas by name or code; best matches first.

    Parameters
    ----------
    name
        A name ("Overvecht", "schilderswijk", "Wijk 38 Laakkwartier") or a code ("WK034403", "0344", "GM0518").
    level
        Only ``"gemeente"``, ``"wijk"`` or ``"buurt"``.
    gemeente
        Only areas in this gemeente (code ``GM0344`` or name ``Utrecht``).
    limit
        At most this many areas.
    min_score
        Leave out fuzzy matches below this score (0-100).

    Returns
    -------
    pandas.DataFrame
        One row per area: ``code, level, naam, gemeentecode, gemeentenaam, year, score, bron``. ``year`` is the
        latest map the name is from; ``bron`` where the name comes from. Empty when nothing matches.
    """
    import pandas as pd

    from wijkassets.areas._columns import normalise_level

    if not str(name).strip():
        raise WijkassetsError(
            "Give a name or code to search for, e.g.: wijkassets areas find Overvecht"
        )
    index = name_index()
    if level is not None:
        index = index[index["level"] == normalise_level(level)]
    if gemeente is not None:
        gm = str(gemeente).strip()
        m = re.fullmatch(r"(?i)(?:GM)?\s*(\d{1,4})", gm)
        if m:
            gm_code = f"GM{int(m.group(1)):04d}"
        else:
            gms = find(gm, level="gemeente", limit=1)
            if gms.empty:
                raise WijkassetsError(
                    f"Unknown gemeente {gemeente!r}; try: wijkassets areas find {gm}"
                )
            gm_code = str(gms["code"].iloc[0])
        index = index[index["gemeentecode"] == gm_code]

    query = str(name).strip()
    code = _CODE.match(query.replace(" ", ""))
    if code:
        prefix = (code.group(1) or "").upper()
        digits = code.group(2).upper()
        codes = index["code"]
        mask = codes.str[2:].str.startswith(digits)
        if prefix:
            mask &= codes.str[:2] == prefix
        hits = index[mask].assign(score=100.0)
        hits = hits[hits["code"].str.len() == hits["code"].str.len().min()] if not prefix else hits
    else:
        key = normalise_name(query)
        if not key:
            raise WijkassetsError(f"{name!r} has no letters or digits to search for.")
        scores = _scores(key, index["key"])
        # "overvecht utrecht": a query that names a gemeente searches the rest within that gemeente.
        gemeenten = index.loc[index["level"] == "gemeente", ["key", "gemeentecode"]]
        for gm_key, gm_code in gemeenten.itertuples(index=False):
            rest = re.sub(rf"(^| ){re.escape(gm_key)}( |$)", " ", key).strip()
            if rest and rest != key:
                inside = index["gemeentecode"] == gm_code
                sub = _scores(rest, index.loc[inside, "key"])
                scores[inside] = np.maximum(scores[inside], sub)
        keep = scores >= min_score
        hits = index[keep].assign(score=scores[keep].round(1))
    if hits.empty:
        return pd.DataFrame(columns=RESULT_COLUMNS)
    hits = hits.assign(
        _order=hits["level"].map(_LEVEL_ORDER),
        _cbs=~hits["bron"].str.startswith("CBS"),
    )
    hits = hits.sort_values(
        ["score", "_order", "code", "_cbs", "year"], ascending=[False, True, True, True, False]
    )
    # One row per area: its best-scoring name; a CBS name is preferred over an alias with the same score.
    best = hits.drop_duplicates("code", keep="first")
    cbs_names = (
        index[index["bron"].str.startswith("CBS")]
        .sort_values("year")
        .drop_duplicates("code", keep="last")
        .set_index("code")["naam"]
    )
    best = best.assign(naam=best["code"].map(cbs_names).fillna(best["naam"]))
    best = best.sort_values(["score", "_order", "code"], ascending=[False, True, True])
    return best[RESULT_COLUMNS].head(limit).reset_index(drop=True)
