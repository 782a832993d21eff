"""Live checks against the real CBS OData feed. Skipped unless ``pytest --run-network`` is given.

They check what the offline tests cannot: that every table id in the registry is the KWB table of its year (this
is how the unverified 2015 id gets verified), and that a real download gives the published figures.
"""

from __future__ import annotations

import pytest

from wijkassets.cbs import load_kwb, odata
from wijkassets.cbs.tables import TABLES

pytestmark = [pytest.mark.network, pytest.mark.usefixtures("online")]


@pytest.mark.parametrize("year", sorted(TABLES))
def test_registry_id_is_the_kwb_table_of_its_year(year: int) -> None:
    infos = odata.fetch_table_infos(TABLES[year].table_id)
    assert str(infos["Period"]).strip() == str(year)
    assert "Kerncijfers wijken en buurten" in infos["Title"]


def test_live_den_haag_2024() -> None:
    df = load_kwb(2024, gemeente="GM0518", source="cbs")
    assert df.loc["GM0518", "inwoners"] == 566221
    assert df.loc["WK051838", "inwoners"] == 44735
    assert (df["level"] == "buurt").sum() > 100
