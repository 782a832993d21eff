"""attach: statistics joined to boundaries by code, one-sided codes reported; real CBS figures."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pytest

from tests._areas_helpers import kwb_2015_from_map, kwb_2019_den_haag
from wijkassets._errors import WijkassetsError
from wijkassets.areas import attach, load_boundaries


def test_attach_2015_map_figures_match() -> None:
    wijken = load_boundaries(2015, "wijk", gemeente="GM0518")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # same year, same codes: nothing to report
        joined = attach(wijken, kwb_2015_from_map("wijk"))
    assert len(joined) == 44
    assert joined.crs.to_epsg() == 28992
    assert joined.set_index("code").loc["WK051838", "inwoners"] == 39960
    assert joined.attrs["only_in_boundaries"] == []
    assert (
        joined.attrs["only_in_kwb"] == []
    )  # other Haaglanden gemeenten are not counted as missing
    assert "Bron: CBS" in joined.attrs["source"]
    assert joined.attrs["sources"]["inwoners"].startswith("CBS")


def test_attach_other_year_warns_and_keeps_figures() -> None:
    wijken = load_boundaries(2015, "wijk", gemeente="GM0518")
    with pytest.warns(UserWarning, match="CBS recodes areas between years"):
        joined = attach(wijken, kwb_2019_den_haag())
    assert joined.set_index("code").loc["WK051838", "inwoners"] == 42265
    assert list(joined.columns[:8]) == [
        "code",
        "level",
        "naam",
        "gemeentecode",
        "wijkcode",
        "year",
        "water",
        "geometry",
    ]
    assert (joined["year"] == 2015).all()  # the map's year stays


def test_attach_reports_one_sided_codes() -> None:
    buurten = load_boundaries(2015, "buurt", gemeente="GM0518")
    kwb = kwb_2015_from_map("buurt")
    kwb = kwb.drop(index="BU05182916")
    buurten = buurten[buurten["code"] != "BU05183824"]
    with pytest.warns(UserWarning, match="attach: ") as record:
        joined = attach(buurten, kwb)
    text = " ".join(str(w.message) for w in record)
    assert "BU05182916" in text and "BU05183824" in text
    assert joined.attrs["only_in_boundaries"] == ["BU05182916"]
    assert joined.attrs["only_in_kwb"] == ["BU05183824"]
    assert np.isnan(joined.set_index("code").loc["BU05182916", "inwoners"])
    assert len(joined) == 113


def test_attach_needs_codes() -> None:
    buurten = load_boundaries(2015, "buurt", gemeente="GM0518")
    with pytest.raises(WijkassetsError, match="indexed by 'code'"):
        attach(buurten, kwb_2019_den_haag().reset_index(drop=True))


def test_attach_with_the_cbs_loaders_nationwide_2024() -> None:
    from wijkassets.cbs import load_kwb

    wijken = load_boundaries(2024, "wijk")
    kwb = load_kwb(2024, level="wijk")
    with warnings.catch_warnings():
        warnings.simplefilter(
            "error"
        )  # every one of the 3,393 wijken has figures, and no figure lacks a wijk
        joined = attach(wijken, kwb)
    assert len(joined) == 3393
    assert joined.set_index("code").loc["WK051838", "inwoners"] == 44735
    assert "85984NED" in joined.attrs["source"]


def test_attach_map_attributes_read_by_cbs_read_kwb(data_dir: Path) -> None:
    from wijkassets.cbs import read_kwb

    kwb = read_kwb(data_dir / "geo" / "haaglanden_wijk_2015.geojson")
    joined = attach(load_boundaries(2015, "wijk", gemeente="GM0518"), kwb)
    assert joined.set_index("code").loc["WK051838", "inwoners"] == 39960
    assert joined.attrs["only_in_kwb"] == [] and joined.attrs["only_in_boundaries"] == []
