"""Finding areas by name, offline, on the national name index shipped with the package."""

from __future__ import annotations

import pandas as pd
import pytest

from wijkassets._errors import WijkassetsError
from wijkassets.areas import find
from wijkassets.areas.build_names_index import INDEX_PATH, build
from wijkassets.areas.names import normalise_name


@pytest.mark.parametrize(
    "query",
    ["overvecht", "Overvecht", "OVERVECHT", "Wijk 03 Overvecht", "overvect", "overvecht utrecht"],
)
def test_overvecht_found_offline(query: str) -> None:
    hits = find(query)
    assert hits["code"].iloc[0] == "WK034403"
    assert hits["level"].iloc[0] == "wijk"
    assert hits["gemeentenaam"].iloc[0] == "Utrecht"
    assert hits["year"].iloc[0] == 2024


def test_schilderswijk_finds_the_den_haag_wijk() -> None:
    hits = find("schilderswijk")
    top = hits[hits["score"] == hits["score"].max()]
    assert "WK051829" in set(
        top["code"]
    )  # CBS calls it Schildersbuurt; the 2007 list Schilderswijk
    assert hits.set_index("code").loc["WK051829", "naam"] == "Wijk 29 Schildersbuurt"
    den_haag = find("schilderswijk", gemeente="Den Haag")
    assert den_haag["code"].iloc[0] == "WK051829"


@pytest.mark.parametrize("query", ["laakkwartier", "Laakkwartier", "laakwartier"])
def test_laakkwartier(query: str) -> None:
    hits = find(query)
    assert hits["code"].iloc[0] == "WK051838"
    assert {"BU05183824", "BU05183825"} <= set(hits["code"])


def test_accents_and_prefixes_are_ignored() -> None:
    assert normalise_name("Wijk 03 Overvecht") == "overvecht"
    assert normalise_name("Buurt 12 Sint-Jozéf") == "sint jozef"
    assert normalise_name("'s-Gravenhage") == "s gravenhage"


def test_gemeente_by_everyday_name_and_code() -> None:
    assert find("Den Haag")["code"].iloc[0] == "GM0518"
    assert find("'s-Gravenhage", level="gemeente")["code"].iloc[0] == "GM0518"
    assert find("GM0518")["code"].tolist() == ["GM0518"]
    assert find("0344")["code"].tolist() == ["GM0344"]
    assert find("wk034403")["code"].tolist() == ["WK034403"]


def test_nothing_found_is_an_empty_frame() -> None:
    hits = find("zzqqxx")
    assert isinstance(hits, pd.DataFrame)
    assert hits.empty
    with pytest.raises(WijkassetsError):
        find("   ")


def test_shipped_index_is_built_from_the_embedded_maps() -> None:
    shipped = pd.read_csv(INDEX_PATH, dtype=str, keep_default_na=False)
    rebuilt = build().astype(str)
    pd.testing.assert_frame_equal(shipped, rebuilt, check_dtype=False)
    # all 342 gemeenten of 2023 and all 3,393 wijken of 2024 are in it
    cbs = shipped[shipped["bron"].str.contains("CBS Wijk- en buurtkaart")]
    assert cbs.loc[cbs["level"] == "gemeente", "code"].nunique() >= 342
    assert (
        cbs.loc[(cbs["level"] == "wijk") & cbs["years"].str.contains("2024"), "code"].nunique()
        == 3393
    )


def test_recoded_area_found_by_its_listed_name_with_its_year() -> None:
    hits = find("woensel-zuid")
    row = hits.iloc[0]
    assert row["code"] == "WK077214"
    assert (
        row["year"] == 2017
    )  # the NPLV list's code, matched on the 2017 map; Eindhoven recoded since
    assert "not on the embedded maps" in row["bron"]
