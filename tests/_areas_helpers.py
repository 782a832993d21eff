"""Test helpers for the areas tests: KWB frames in the contracted shape, built from the real files.

They stand in for ``wijkassets.cbs.load_kwb``/``read_kwb`` (another part of wijkassets) so the areas tests do
not depend on it: same index (``code``), same meta columns, values read straight from the real CBS files.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"

_LEVEL = {"Gemeente": "gemeente", "Wijk": "wijk", "Buurt": "buurt"}


def kwb_2019_den_haag() -> pd.DataFrame:
    """Return KWB 2019 for Den Haag from the real StatLine CSV (84583NED), in the load_kwb shape."""
    raw = pd.read_csv(
        DATA / "cbs" / "kwb-2019-84583NED-statline-denhaag-GM0518.csv",
        sep=";",
        dtype=str,
        encoding="utf-8-sig",
    )
    code = raw["Codering_3"].str.strip()

    def num(col: str) -> pd.Series:
        return pd.to_numeric(raw[col].str.strip().replace(".", np.nan), errors="coerce").astype(
            float
        )

    df = pd.DataFrame(
        {
            "code": code,
            "level": raw["SoortRegio_2"].str.strip().map(_LEVEL),
            "naam": code,  # the CSV has no names
            "gemeentecode": "GM" + code.str[2:6],
            "year": 2019,
            "inwoners": num("AantalInwoners_5"),
            "mannen": num("Mannen_6"),
            "vrouwen": num("Vrouwen_7"),
            "huishoudens": num("HuishoudensTotaal_28"),
        }
    ).set_index("code")
    df.attrs["source"] = "CBS, Kerncijfers wijken en buurten 2019 (84583NED)"
    return df


def kwb_2015_from_map(level: str) -> pd.DataFrame:
    """Return the 2015 figures that the Haaglanden Wijk- en buurtkaart carries (AANT_INW style)."""
    prefix = {"buurt": "BU", "wijk": "WK", "gemeente": "GM"}[level]
    raw = gpd.read_file(DATA / "geo" / f"haaglanden_{level}_2015.geojson")
    df = pd.DataFrame(
        {
            "code": raw[f"{prefix}_CODE"].str.strip(),
            "level": level,
            "naam": raw[f"{prefix}_NAAM"],
            "gemeentecode": raw["GM_CODE"],
            "year": 2015,
            "inwoners": pd.to_numeric(raw["AANT_INW"]).where(lambda s: s >= 0).astype(float),
        }
    ).set_index("code")
    df.attrs["source"] = "CBS, Wijk- en buurtkaart 2015 (kaartattributen)"
    return df
