"""Area sets: shipped lists with per-member status and provenance, user sets from CSV/YAML, derived sets."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from wijkassets._errors import ValidationError, WijkassetsError
from wijkassets.areas import sets
from wijkassets.areas.sets import (
    AreaSet,
    get_set,
    list_sets,
    read_set,
    register_derived,
    register_set,
)


@pytest.fixture(autouse=True)
def _clean_registry(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sets, "_SESSION", {})
    monkeypatch.setattr(sets, "_DERIVED", dict(sets._DERIVED))
    monkeypatch.setenv("WIJKASSETS_SETS", str(tmp_path / "sets"))


def test_nplv_2022_status_per_member() -> None:
    s = get_set("nplv-2022")
    assert len(s.members) == 20
    by_name = s.members.set_index("naam")
    assert by_name.loc["Utrecht Overvecht", "codes"] == "WK034403"
    assert by_name.loc["Utrecht Overvecht", "status"] == "exact"
    assert by_name.loc["Eindhoven Woensel-Zuid", "status"] == "exact"
    assert set(s.members.loc[s.members["status"] == "exact", "naam"]) == {
        "Utrecht Overvecht",
        "Eindhoven Woensel-Zuid",
    }
    assert by_name.loc["Arnhem Oost", "status"] == "unmapped"
    assert by_name.loc["Arnhem Oost", "codes"] == ""
    assert by_name.loc["Rotterdam-Zuid", "status"] == "approximate"
    # every member without codes is unmapped, every member with codes is not
    assert ((s.members["codes"] == "") == (s.members["status"] == "unmapped")).all()
    assert (
        s.counts()["unmapped"] == 11
    )  # Den Haag Zuidwest has codes; SOURCES.md counts 10 + 1 town-level
    assert "not official" in s.title
    assert "nplv_2022_focusgebieden.csv" in s.source
    assert "WK034403" in s.codes(status="exact")


def test_krachtwijken_2007_never_exact() -> None:
    s = get_set("krachtwijken-2007")
    assert len(s.members) == 41
    assert s.counts()["exact"] == 0  # the 2007 list was drawn on postcode areas
    assert "41" in s.title and "40" in s.title
    schilders = s.members.set_index("naam").loc["Schilderswijk"]
    assert schilders["codes"] == "WK051829"
    assert schilders["status"] == "approximate"


def test_denhaag_zuidwest_set() -> None:
    s = get_set("denhaag-zuidwest")
    assert len(s.codes()) == 14
    assert set(s.members["level"]) == {"buurt"}


def test_list_sets() -> None:
    df = list_sets()
    assert {"nplv-2022", "krachtwijken-2007", "denhaag-zuidwest"} <= set(df.index)
    assert df.loc["nplv-2022", "members"] == 20
    assert df.loc["nplv-2022", "exact"] == 2


def test_unknown_set_lists_known_ones() -> None:
    with pytest.raises(WijkassetsError, match="Unknown area set 'vogelaar'.*nplv-2022"):
        get_set("vogelaar")


def test_user_set_from_csv(tmp_path: Path) -> None:
    path = tmp_path / "mijn-wijken.csv"
    path.write_text("code;naam;status\nWK051829;;\nWK051838;Laak;approximate\n", encoding="utf-8")
    s = register_set(path)
    assert s.kind == "user"
    assert s.name == "mijn-wijken"
    assert s.members.set_index("codes").loc["WK051829", "naam"] == "Wijk 29 Schildersbuurt"
    assert s.members.set_index("codes").loc["WK051829", "status"] == "exact"
    assert s.members.set_index("codes").loc["WK051838", "status"] == "approximate"
    assert get_set("mijn-wijken") is s
    assert "mijn-wijken" in list_sets().index


def test_user_set_from_yaml_and_sets_folder(tmp_path: Path) -> None:
    folder = tmp_path / "sets"
    folder.mkdir()
    (folder / "zuid.yaml").write_text(
        "title: Onze wijken\nsource: wijkteam, maart 2025\nyear: 2024\nmembers:\n"
        "  - WK034403\n"
        "  - naam: Zuidwest\n    codes: [WK051833, WK051834]\n    status: approximate\n"
        "  - naam: Nog onbekend\n    status: unmapped\n",
        encoding="utf-8",
    )
    s = get_set("zuid")
    assert s.title == "Onze wijken"
    assert s.counts() == {"exact": 1, "approximate": 1, "unmapped": 1}
    assert s.codes() == ["WK034403", "WK051833", "WK051834"]
    assert (s.members["code_year"] == 2024).all()
    assert "zuid" in list_sets().index


def test_user_set_problems_all_listed(tmp_path: Path) -> None:
    path = tmp_path / "fout.csv"
    path.write_text(
        "code,status,jaar\nWK051829,zeker,2019\nhallo,,\nWK0518;BU05182916,,ooit\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationError) as err:
        read_set(path)
    text = str(err.value)
    assert "row 2, status" in text and "'zeker'" in text
    assert "row 3, codes" in text and "'HALLO'" in text
    assert "row 4, year: 'ooit'" in text
    assert len(err.value.problems) == 4


def test_user_set_cannot_shadow_shipped(tmp_path: Path) -> None:
    path = tmp_path / "nplv-2022.csv"
    path.write_text("code\nWK034403\n", encoding="utf-8")
    with pytest.raises(WijkassetsError, match="already ships"):
        register_set(path)


def test_derived_registry_hook() -> None:
    calls: list[dict[str, object]] = []

    def factory(**options: object) -> AreaSet:
        calls.append(options)
        members = pd.DataFrame(
            [
                {
                    "naam": "x",
                    "gemeente": "",
                    "gemeentecode": "GM0518",
                    "level": "wijk",
                    "codes": "WK051829",
                    "code_year": 2019,
                    "status": "exact",
                    "note": "rank 1",
                }
            ],
            columns=sets.MEMBER_COLUMNS,
        )
        return AreaSet("top-test", "Derived: test", "d", "derived", "computed", members)

    register_derived("top-test", factory, "Derived: a test ranking")
    listed = list_sets()
    assert listed.loc["top-test", "kind"] == "derived"
    assert calls == []  # listing does not compute
    s = get_set("top-test", n=5)
    assert calls == [{"n": 5}]
    assert s.codes() == ["WK051829"]
    with pytest.raises(WijkassetsError, match="takes no options"):
        get_set("nplv-2022", n=5)
