"""The derived set top-n: a composite deficit index over the loaded KWB figures, labelled as derived."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from wijkassets._errors import WijkassetsError
from wijkassets.areas.sets import get_set, list_sets
from wijkassets.areas.topn import DEFAULT_WEIGHTS, deficit_index, top_n


def test_top_n_is_listed_as_derived() -> None:
    sets = list_sets()
    assert "top-n" in sets.index
    assert sets.loc["top-n", "kind"] == "derived"
    assert "Derived" in str(sets.loc["top-n", "title"])


def test_top_n_on_the_embedded_data_ranks_what_is_there_and_says_so() -> None:
    s = get_set("top-n", n=10)
    assert s.kind == "derived"
    assert s.title.startswith("Derived: top 10 wijken")
    assert "not an official list" in s.description
    assert "not all of the Netherlands" in s.description  # offline: only the embedded figures
    assert len(s.members) == 10
    assert (s.members["level"] == "wijk").all()
    idx = s.attrs["index"]
    assert idx["index"].is_monotonic_decreasing
    assert list(idx["rank"].head(3)) == [1, 2, 3]
    # Moerwijk and the Schilderswijk: most bijstand per 1,000 inwoners in the 2015 map attributes (Bron: CBS)
    assert set(s.members["codes"].head(2)) == {"WK051836", "WK051829"}
    moerwijk = idx.loc["WK051836"]
    assert moerwijk["inwoners"] == 20060
    assert moerwijk["bijstand_per_1000"] == pytest.approx(2570 / 20060 * 1000, rel=0.01)


def test_weights_are_configurable_and_checked() -> None:
    kwb = pd.DataFrame(
        {
            "level": "wijk",
            "naam": ["a", "b", "c", "d"],
            "gemeentecode": "GM9999",
            "inwoners": [1000.0, 2000.0, 3000.0, 100.0],
            "pct_laag_inkomen": [10.0, 20.0, 30.0, 90.0],
            "gem_inkomen_per_inwoner": [40.0, 20.0, 30.0, 5.0],
        },
        index=pd.Index(["WK999901", "WK999902", "WK999903", "WK999904"], name="code"),
    )  # SYNTHETIC figures, made here to check the arithmetic
    low_income = deficit_index(kwb, weights={"pct_laag_inkomen": 1.0})
    assert list(low_income.index) == [
        "WK999903",
        "WK999902",
        "WK999901",
    ]  # WK999904: < 500 inwoners
    income = deficit_index(kwb, weights={"gem_inkomen_per_inwoner": -1.0})
    assert list(income.index) == ["WK999902", "WK999903", "WK999901"]
    both = top_n(2, kwb=kwb, weights={"pct_laag_inkomen": 1, "gem_inkomen_per_inwoner": -1})
    z1 = (kwb["pct_laag_inkomen"][:3] - 20) / 10
    z2 = -(kwb["gem_inkomen_per_inwoner"][:3] - 30) / 10
    expected = ((z1 + z2) / 2).sort_values(ascending=False)
    assert list(both.members["codes"]) == list(expected.index[:2])
    np.testing.assert_allclose(both.attrs["index"]["index"], expected.to_numpy())
    with pytest.raises(WijkassetsError, match="unknown component"):
        deficit_index(kwb, weights={"armoede": 1})
    assert set(DEFAULT_WEIGHTS) >= {"pct_laag_inkomen", "bijstand_per_1000"}


def test_top_n_members_compare_with_unique_panels() -> None:
    import warnings

    import wijkassets

    s = get_set("top-n", n=40)
    assert (s.members["gemeente"] != "").all()  # names from the shipped name index
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        df = wijkassets.compare(s, "inwoners", [2024])
    assert df["area"].nunique() == len(s.members)
    moerwijk = df[df["codes"] == "WK051836"].iloc[0]
    assert moerwijk["value"] == 21555  # Bron: CBS, KWB 2024 (85984NED)
