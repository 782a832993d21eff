"""Exports and commands: the public export of the example register, uMap, Kumu, XLSForm, erasure by command."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import shapely
from openpyxl import load_workbook

from tests._assets_helpers import KOBO_HEADER, run_cli
from wijkassets.assets import example_register_path, import_file, open_register, schema


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    path = tmp_path / "schilderswijk.gpkg"
    path.write_bytes(example_register_path().read_bytes())
    return path


def test_public_export_of_example_register(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "openbaar.geojson"
    code, stdout, err = run_cli(
        capsys,
        "assets",
        "export",
        "--register",
        str(example_register_path()),
        "--public",
        "-o",
        str(out),
    )
    assert code == 0, err
    assert "fewer than 3" in err  # says what was held back
    assert "FICTIEF" in stdout
    doc = json.loads(out.read_text(encoding="utf-8"))
    reg = open_register(example_register_path())
    assert "FICTIEF" in doc["bron"] and doc["fictief"] is True
    assert "raster van 500 m" in doc["privacy"] and "minimaal 3" in doc["privacy"]
    props = [f["properties"] for f in doc["features"]]
    keys = set().union(*(p.keys() for p in props))
    # no personal field, no form metadata
    assert not keys & {
        "vastgelegd_door",
        "toestemming",
        "_uuid",
        "_submission_time",
        "start",
        "end",
    }
    # no prive (or buurt) asset
    hidden = set(reg.assets.loc[reg.assets["privacy"] != "openbaar", "id"])
    assert not hidden & {p["id"] for p in props}
    assert not {"Binnentuin Portiekflat", "Anoniem (naaister)", "Oma Riet"} & {
        p["naam"] for p in props
    }
    # individuals: only with consent, never at their own location, never fewer than 3 per area
    people = [f for f in doc["features"] if f["properties"]["categorie"] == "individu"]
    assert {f["properties"]["naam"] for f in people} == {
        "Fatima B.",
        "Meneer Yilmaz",
        "Priya",
        "Samir",
    }
    own = reg.assets.loc[reg.assets["categorie"] == "individu"].to_crs(4326).geometry
    for f in people:
        point = shapely.geometry.shape(f["geometry"])
        assert min(point.distance(g) for g in own) > 1e-4  # > ~10 m away from every real address
    counts = pd.Series([f["properties"]["gebied"] for f in people]).value_counts()
    assert counts.min() >= 3
    # coordinates in degrees for uMap/geojson.io
    lon, lat = doc["features"][0]["geometry"]["coordinates"][:2]
    assert 51 < lat < 53 and 3 < lon < 8


def test_all_export_warns_and_keeps_personal_fields(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "alles.xlsx"
    code, _, err = run_cli(
        capsys, "assets", "export", "-r", str(example_register_path()), "--all", "-o", str(out)
    )
    assert code == 0 and "personal data" in err
    frame = pd.read_excel(out)
    assert "vastgelegd_door" in frame.columns and len(frame) == 40
    code, _, err = run_cli(
        capsys,
        "assets",
        "export",
        "-r",
        str(example_register_path()),
        "-o",
        str(tmp_path / "x.txt"),
    )
    assert code == 2 and "Use one of" in err and not (tmp_path / "x.txt").exists()


def test_umap_export_imports_back(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "umap.geojson"
    code, _, _ = run_cli(
        capsys,
        "assets",
        "export",
        "-r",
        str(example_register_path()),
        "--format",
        "umap",
        "-o",
        str(out),
    )
    assert code == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    first = doc["features"][0]["properties"]
    assert first["name"] == first["naam"] and "description" in first
    assert first["_umap_options"]["color"].startswith("#")
    assert "_umap_options" in doc
    back = import_file(out, tmp_path / "terug.gpkg")
    assert len(back.summary.added) == len(doc["features"])


def test_kumu_export_leaves_people_out_unless_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reg = open_register(example_register_path())
    people = set(reg.assets.loc[reg.assets["categorie"] == "individu", "id"])
    out = tmp_path / "kumu.xlsx"
    code, _, _ = run_cli(
        capsys,
        "assets",
        "export",
        "-r",
        str(example_register_path()),
        "--format",
        "kumu",
        "-o",
        str(out),
    )
    assert code == 0
    elements = pd.read_excel(out, sheet_name="Elements")
    connections = pd.read_excel(out, sheet_name="Connections")
    assert list(elements.columns) == ["ID", "Label", "Type", "Description", "Tags"]
    assert list(connections.columns) == ["From", "To", "Type", "Description"]
    assert "individu" not in set(elements["Type"].str.lower())
    assert not (set(connections["From"]) | set(connections["To"])) & people
    assert set(connections["From"]) | set(connections["To"]) <= set(elements["ID"])
    code, _, err = run_cli(
        capsys, "assets", "export", "-r", str(example_register_path()), "--format", "kumu",
        "--personal-links", "-o", str(out),
    )  # fmt: skip
    assert code == 2 and "--all" in err
    csv_out = tmp_path / "netwerk.csv"
    code, _, _ = run_cli(
        capsys, "assets", "export", "-r", str(example_register_path()), "--all", "--format", "kumu",
        "--personal-links", "-o", str(csv_out),
    )  # fmt: skip
    assert code == 0
    conn = pd.read_csv(tmp_path / "netwerk-connections.csv")
    assert set(conn["From"]) & people  # personal links, because they were asked for
    assert len(pd.read_csv(tmp_path / "netwerk-elements.csv")) == 40


def test_xlsform_fields_match_the_schema_and_kobo_import(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "formulier.xlsx"
    code, _, _ = run_cli(capsys, "assets", "xlsform", "-o", str(out))
    assert code == 0
    wb = load_workbook(out)
    assert wb.sheetnames == ["survey", "choices", "settings"]
    survey = list(wb["survey"].iter_rows(values_only=True))
    names = {row[1] for row in survey[1:]}
    types = {row[1]: row[0] for row in survey[1:]}
    assert types["locatie"] == "geopoint"
    assert types["categorie"] == "select_one categorie"
    assert {"naam", "categorie", "tags", "beschrijving", "privacy", "toestemming"} <= names
    assert names <= set(schema.COLUMNS) | {"locatie", "start", "end", "today"}
    # every field of the form appears in the Kobo export shape the import test uses
    assert names <= {h.split("/")[0] for h in KOBO_HEADER}
    choices = list(wb["choices"].iter_rows(values_only=True))[1:]
    cats = [r[1] for r in choices if r[0] == "categorie"]
    assert [schema.normalise_category(c) for c in cats] == list(schema.CATEGORIES)
    relevant = {row[1]: row[7] for row in survey[1:]}
    assert relevant["toestemming"] == "${categorie} = 'individu'"


def test_new_template_import_list_link_remove(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reg = tmp_path / "buurt.gpkg"
    code, out, _ = run_cli(capsys, "assets", "new", str(reg), "--naam", "Onze buurt")
    assert code == 0 and reg.exists()
    code, _, err = run_cli(capsys, "assets", "new", str(reg))
    assert code == 2 and "already exists" in err
    tpl = tmp_path / "assets.csv"
    assert run_cli(capsys, "assets", "template", "-o", str(tpl))[0] == 0
    assert tpl.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel on Windows reads it as UTF-8
    code, out, err = run_cli(capsys, "assets", "check", str(tpl))
    assert code == 0 and "2 asset(s)" in out
    code, out, err = run_cli(capsys, "assets", "import", str(tpl), "-r", str(reg))
    assert code == 0 and "2 added" in out
    ids = list(open_register(reg).assets["id"])
    listed = tmp_path / "lijst.csv"
    code, out, _ = run_cli(capsys, "assets", "list", "-r", str(reg), "-o", str(listed))
    assert code == 0 and "Onze buurt" in out and "2 asset(s)" in out
    assert set(pd.read_csv(listed)["naam"]) == {"Buurtmoestuin", "Buurvrouw die kookt"}
    code, out, _ = run_cli(
        capsys, "assets", "link", ids[1], ids[0], "-r", str(reg), "--soort", "helpt"
    )
    assert code == 0 and len(open_register(reg).links) == 1
    code, _, err = run_cli(capsys, "assets", "link", ids[1], "nope", "-r", str(reg))
    assert code == 2 and "No asset 'nope'" in err
    # erasure by command: the person, their history and their link are gone from the file's bytes
    assert b"Kookt voor buren die ziek zijn" in reg.read_bytes()
    code, out, _ = run_cli(capsys, "assets", "remove", ids[1], "-r", str(reg), "--yes")
    assert code == 0 and "removed 1 asset" in out
    after = open_register(reg)
    assert list(after.assets["id"]) == [ids[0]] and after.links.empty
    raw = reg.read_bytes()
    assert b"Kookt voor buren die ziek zijn" not in raw and b"Buurvrouw die kookt" not in raw
    code, _, err = run_cli(capsys, "assets", "remove", "nope", "-r", str(reg), "--yes")
    assert code == 2 and "Not in register" in err


def test_remove_from_example_copy_purges_history_and_links(example_copy: Path) -> None:
    from wijkassets.assets import remove_assets, save_register

    reg = open_register(example_copy)
    assert len(reg.history[reg.history["id"] == "sw-001"]) == 1
    assert ((reg.links["van"] == "sw-001") | (reg.links["naar"] == "sw-001")).any()
    save_register(remove_assets(reg, ["sw-001"]))
    raw = example_copy.read_bytes()
    assert b"Fatima B." not in raw and b"Kookt voor buren als er iemand ziek is" not in raw
    assert b"kookt op vrijdag" not in raw  # the note of her link
    after = open_register(example_copy)
    assert "sw-001" not in set(after.history["id"].dropna())


def test_edit_command_records_consent_and_keeps_history(
    example_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_cli(
        capsys, "assets", "edit", "sw-008", "-r", str(example_copy), "--toestemming", "ja",
        "--laatst-gezien", "01-03-2025",
    )  # fmt: skip
    assert code == 0 and "changed laatst_gezien, toestemming" in out
    reg = open_register(example_copy)
    row = reg.assets.set_index("id").loc["sw-008"]
    assert bool(row["toestemming"]) is True and row["laatst_gezien"] == "2025-03-01"
    hist = reg.history[(reg.history["id"] == "sw-008") & (reg.history["actie"] == "gewijzigd")]
    assert set(hist["veld"]) == {"toestemming", "laatst_gezien"}
    assert hist.set_index("veld").loc["toestemming", "oude_waarde"] == "False"
    before = example_copy.read_bytes()
    code, _, err = run_cli(
        capsys, "assets", "edit", "sw-008", "-r", str(example_copy), "--privacy", "soms",
        "--categorie", "ruimteschip",
    )  # fmt: skip
    flat = " ".join(err.split())
    assert (
        code == 2 and "privacy: found 'soms'" in flat and "categorie: found 'ruimteschip'" in flat
    )
    assert example_copy.read_bytes() == before
