"""Import every format, refuse every kind of bad file with a clear answer, and never change the register then."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from tests._assets_helpers import (
    den_haag_schools,
    kobo_export,
    odk_export,
    pdok_answer,
    run_cli,
    umap_layer,
    write_csv,
)
from tests.fakeserver import Answer, FakeServer
from wijkassets._errors import ValidationError
from wijkassets.assets import (
    example_register_path,
    import_file,
    open_register,
    read_assets,
)
from wijkassets.assets import geocode as geocode_mod


@pytest.fixture
def places():  # type: ignore[no-untyped-def]
    return list(den_haag_schools()[:4])


def _near(geom: shapely.Geometry, x: float, y: float, tol: float = 0.5) -> bool:
    return geom.distance(shapely.Point(x, y)) < tol


def test_csv_semicolon_dutch_columns_decimal_comma(tmp_path: Path, places) -> None:  # type: ignore[no-untyped-def]
    rows = [
        [p.naam, "instelling", str(p.lat).replace(".", ","), str(p.lon).replace(".", ","), "school"]
        for p in places
    ]
    src = write_csv(tmp_path / "wandeling.csv", ["naam", "categorie", "lat", "lon", "tags"], rows)
    report = import_file(src, tmp_path / "r.gpkg", bron="wandeling")
    assert report.created and report.saved and len(report.summary.added) == 4
    assert any("privacy not given for 4" in n and "openbaar for 4 other" in n for n in report.notes)
    reg = open_register(tmp_path / "r.gpkg")
    assert list(reg.assets["naam"]) == [p.naam for p in places]
    for geom, p in zip(reg.assets.geometry, places, strict=True):
        assert _near(geom, p.x, p.y)
    assert set(reg.assets["bron"]) == {"wandeling"}
    assert set(reg.assets["privacy"]) == {"openbaar"}
    # no id column: the generated ids are stable, so the same file again adds nothing
    before = (tmp_path / "r.gpkg").read_bytes()
    again = import_file(src, tmp_path / "r.gpkg", bron="wandeling")
    assert not again.summary.added and len(again.summary.unchanged) == 4
    assert (tmp_path / "r.gpkg").read_bytes() == before


def test_wkt_shapes_in_a_csv(tmp_path: Path) -> None:
    src = tmp_path / "vormen.csv"
    src.write_text(
        "naam;categorie;wkt\n"
        '"Plein";fysieke plek;"POLYGON ((80600 453650, 80660 453650, 80660 453700, 80600 453700, 80600 453650))"\n'
        '"Park";fysieke plek;"POLYGON ((4.30 52.07, 4.301 52.07, 4.301 52.071, 4.30 52.071, 4.30 52.07))"\n'
        '"Bank";fysieke plek;"POINT (4.3007 52.0705)"\n',
        encoding="utf-8",
    )
    a = read_assets(src).assets
    assert list(a.geom_type) == ["Polygon", "Polygon", "Point"]
    assert a.geometry.iloc[0].area == pytest.approx(3000)
    assert 7000 < a.geometry.iloc[1].area < 8000  # about 68 m x 111 m in RD New


def test_csv_comma_english_columns_rd(tmp_path: Path, places) -> None:  # type: ignore[no-untyped-def]
    rows = [
        [f"e{i}", p.naam, "Institution", p.x, p.y, "public", "2024-05-17"]
        for i, p in enumerate(places)
    ]
    src = write_csv(
        tmp_path / "en.csv",
        ["ID", "Name", "Category", "x", "y", "Visibility", "Recorded on"],
        rows,
        sep=",",
    )
    checked = read_assets(src)
    a = checked.assets
    assert list(a["id"]) == ["e0", "e1", "e2", "e3"]
    assert set(a["categorie"]) == {"instelling"}
    assert set(a["vastgelegd_op"]) == {"2024-05-17"}
    assert all(_near(g, p.x, p.y, 0.01) for g, p in zip(a.geometry, places, strict=True))


def test_xlsx_geojson_and_gpkg(tmp_path: Path, places) -> None:  # type: ignore[no-untyped-def]
    frame = pd.DataFrame(
        {
            "naam": [p.naam for p in places],
            "categorie": ["fysieke plek"] * 4,
            "lat": [p.lat for p in places],
            "lon": [p.lon for p in places],
        }
    )
    frame.to_excel(tmp_path / "a.xlsx", index=False)
    xl = read_assets(tmp_path / "a.xlsx").assets
    assert len(xl) == 4 and all(
        _near(g, p.x, p.y) for g, p in zip(xl.geometry, places, strict=True)
    )

    gdf = gpd.GeoDataFrame(
        {"naam": [p.naam for p in places], "categorie": ["economie en ruil"] * 4},
        geometry=[shapely.Point(p.lon, p.lat) for p in places],
        crs=4326,
    )
    gdf.to_file(tmp_path / "a.geojson", driver="GeoJSON")
    gj = read_assets(tmp_path / "a.geojson").assets
    assert all(_near(g, p.x, p.y) for g, p in zip(gj.geometry, places, strict=True))
    assert set(gj["bron"]) == {"geojson"}

    gdf.to_crs(28992).to_file(tmp_path / "a.gpkg", layer="plekken", driver="GPKG")
    gp = read_assets(tmp_path / "a.gpkg").assets
    assert all(_near(g, p.x, p.y) for g, p in zip(gp.geometry, places, strict=True))
    # a polygon (a square) stays a polygon
    square = gpd.GeoDataFrame(
        {"naam": ["Plein"], "categorie": ["fysieke plek"]},
        geometry=[shapely.box(80600, 453650, 80660, 453700)],
        crs=28992,
    )
    square.to_file(tmp_path / "plein.gpkg", driver="GPKG")
    poly = read_assets(tmp_path / "plein.gpkg").assets
    assert poly.geometry.iloc[0].geom_type == "Polygon"
    assert poly.geometry.iloc[0].area == pytest.approx(3000)


def test_register_imports_another_register_with_links(tmp_path: Path) -> None:
    with pytest.warns(UserWarning, match="1 individu.*without toestemming"):
        report = import_file(example_register_path(), tmp_path / "kopie.gpkg")
    assert len(report.summary.added) == 40 and report.summary.links_added == 10
    reg = open_register(tmp_path / "kopie.gpkg")
    example = open_register(example_register_path())
    assert set(reg.assets["id"]) == set(example.assets["id"])
    assert reg.assets.set_index("id")["vastgelegd_door"].equals(
        example.assets.set_index("id")["vastgelegd_door"].loc[reg.assets["id"]]
    )


def test_kobo_export_drops_form_metadata_and_reimports_without_duplicates(
    tmp_path: Path, places
) -> None:  # type: ignore[no-untyped-def]
    src = kobo_export(tmp_path / "kobo.csv", places[:3])
    reg_path = tmp_path / "r.gpkg"
    report = import_file(src, reg_path)
    assert any("form metadata not stored" in n and "_uuid" in n for n in report.notes)
    reg = open_register(reg_path)
    a = reg.assets
    assert list(a["id"]) == [f"kobo-8d1f0c2e-0000-4000-8000-00000000000{i}" for i in (1, 2, 3)]
    assert set(a["bron"]) == {"kobo"}
    assert set(a["vastgelegd_op"]) == {"2024-09-14"}  # from the form's 'today'
    assert set(a["tags"]) == {"natuur;eten"}
    assert all(_near(g, p.x, p.y) for g, p in zip(a.geometry, places[:3], strict=True))
    raw = reg_path.read_bytes()
    for meta in (b"submitted_via_web", b"vKoboVersie", b"2024-09-14T08:06:01"):
        assert meta not in raw
    # the same file again: nothing added, file untouched
    before = reg_path.read_bytes()
    again = import_file(src, reg_path)
    assert not again.summary.added and len(again.summary.unchanged) == 3 and not again.saved
    assert reg_path.read_bytes() == before


def test_odk_central_export(tmp_path: Path, places) -> None:  # type: ignore[no-untyped-def]
    src = odk_export(tmp_path / "odk.csv", places[:2])
    checked = read_assets(src)
    a = checked.assets
    assert checked.kind == "odk"
    assert list(a["id"]) == [f"odk-5a0e0a7c-0000-4000-8000-00000000000{i}" for i in (1, 2)]
    assert set(a["categorie"]) == {"vereniging of netwerk"}
    assert set(a["privacy"]) == {"buurt"}
    assert set(a["vastgelegd_op"]) == {"2024-10-02"}
    assert all(_near(g, p.x, p.y) for g, p in zip(a.geometry, places[:2], strict=True))
    assert a["vastgelegd_door"].isna().all()  # SubmitterName is metadata, never stored


def test_umap_export_uses_layer_names_as_categories(tmp_path: Path, places) -> None:  # type: ignore[no-untyped-def]
    src = umap_layer(
        tmp_path / "umap.umap", {"Fysieke plekken": places[:2], "Culture and story": places[2:]}
    )
    checked = read_assets(src)
    a = checked.assets
    assert checked.kind == "umap"
    assert list(a["categorie"]) == ["fysieke plek"] * 2 + ["cultuur en verhaal"] * 2
    assert list(a["naam"]) == [p.naam for p in places]
    assert set(a["beschrijving"]) == {"Uit **uMap**"}
    bad = umap_layer(tmp_path / "bad.umap", {"Mijn kaart": places[:1]})
    with pytest.raises(ValidationError, match=r"feature 1, column 'categorie': found 'Mijn kaart'"):
        read_assets(bad)


def _register_with_one(tmp_path: Path, places) -> Path:  # type: ignore[no-untyped-def]
    reg_path = tmp_path / "buurt.gpkg"
    src = write_csv(
        tmp_path / "good.csv",
        ["naam", "categorie", "lat", "lon"],
        [[places[0].naam, "instelling", places[0].lat, places[0].lon]],
    )
    import_file(src, reg_path)
    return reg_path


BAD_FILES: list[tuple[str, bytes, list[str]]] = [
    (
        "wrong delimiter",
        b"naam|categorie|lat|lon\nBankje|fysieke plek|52.07|4.30\n",
        ["line 1", "separated by '|'", "--sep"],
    ),
    (
        "header only",
        b"naam;categorie;lat;lon\n",
        ["no assets found", "header but no rows"],
    ),
    ("empty file", b"", ["the file is empty"]),
    ("blank lines only", b"\n\n  \n", ["the file is empty"]),
    (
        "not a table (image)",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40,
        ["not a table but a PNG image"],
    ),
    (
        "not a table (prose)",
        b"Verslag van de wandeling\nWe zagen een mooie moestuin.\n",
        ["this is not a table", "Verslag van de wandeling"],
    ),
    (
        "missing coordinates",
        b"naam;categorie;lat;lon\nBankje;fysieke plek;;\nBoom;fysieke plek;52.07;\n",
        [
            "row 2, columns 'lat', 'lon': found no location",
            "row 3, columns 'lat'/'lon': found only one",
        ],
    ),
    (
        "swapped coordinates",
        b"naam;categorie;lat;lon\nBankje;fysieke plek;4.3007;52.0705\n",
        ["row 2", "lat=4.3007, lon=52.0705", "swapped"],
    ),
    (
        "RD labelled as degrees",
        b"naam;categorie;lat;lon\nBankje;fysieke plek;454136;80506\n",
        ["row 2", "RD New metres", "--crs EPSG:28992"],
    ),
    (
        "outside the Netherlands",
        b"naam;categorie;lat;lon\nEiffeltoren;fysieke plek;48.8584;2.2945\n",
        ["row 2", "outside the Netherlands"],
    ),
    (
        "non-finite",
        b"naam;categorie;lat;lon\nBankje;fysieke plek;nan;inf\n",
        ["row 2", "not a finite number"],
    ),
    (
        "unknown category",
        b"naam;categorie;lat;lon\nClub;sportclubje;52.07;4.30\nKoor;vereniging of netwerk;52.07;4.301\n",
        [
            "row 2, column 'categorie': found 'sportclubje'",
            "individu (individual (gifts and talents))",
            "vereniging of netwerk (association or network)",
            "cultuur en verhaal (culture and story)",
        ],
    ),
    (
        "duplicate ids",
        b"id;naam;categorie;lat;lon\nx1;A;instelling;52.07;4.30\nx1;B;instelling;52.071;4.301\n",
        ["row 2 and row 3, column 'id': found the id 'x1' twice"],
    ),
    (
        "missing name column",
        b"ding;categorie;x;y\nBankje;fysieke plek;80500;454100\n",
        ["column 'naam' is missing", "'ding'"],
    ),
    (
        "too many values in a row",
        b"naam;categorie;lat;lon\nA;instelling;52,07;4,30;extra\n",
        ["row 2: 5 values where the header has 4 columns", "quotes"],
    ),
]


@pytest.mark.parametrize(("case", "content", "expected"), BAD_FILES, ids=[c[0] for c in BAD_FILES])
def test_bad_file_is_refused_with_a_clear_message_and_register_unchanged(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    places,  # type: ignore[no-untyped-def]
    case: str,
    content: bytes,
    expected: list[str],
) -> None:
    reg_path = _register_with_one(tmp_path, places)
    before = reg_path.read_bytes()
    bad = tmp_path / "bad.csv"
    bad.write_bytes(content)
    code, _, err = run_cli(capsys, "assets", "import", str(bad), "--register", str(reg_path))
    assert code == 2, case
    assert "Traceback" not in err
    flat = " ".join(err.split())
    for text in expected:
        assert text in flat, (case, text, err)
    assert reg_path.read_bytes() == before, case
    code, _, err2 = run_cli(capsys, "assets", "check", str(bad))
    assert code == 2 and " ".join(err2.split()) == flat.replace(str(reg_path), str(reg_path))


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    src = tmp_path / "veel.csv"
    src.write_text(
        "id;naam;categorie;lat;lon;privacy;toestemming;vastgelegd_op\n"
        "a;Bankje;plek;52.07;4.30;openbaar;;\n"
        "b;;instelling;52.07;4.30;geheimzinnig;;\n"
        "c;Fatima;individu;4.30;52.07;;misschien;31-02-2024\n"
        "a;Boom;fysieke plek;52.07;4.31;;;\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationError) as exc:
        read_assets(src)
    problems = exc.value.problems
    text = "\n".join(problems)
    assert "row 3, column 'naam': found nothing" in text
    assert "row 3, column 'privacy': found 'geheimzinnig'" in text
    assert "row 4, column 'toestemming': found 'misschien'" in text
    assert "row 4, column 'vastgelegd_op': found '31-02-2024'" in text
    assert "row 4, columns 'lat'/'lon'" in text and "swapped" in text
    assert "row 2 and row 5, column 'id': found the id 'a' twice" in text
    assert len(problems) == 6
    assert "nothing was changed" in str(exc.value)


def test_crs_option_declares_the_columns(tmp_path: Path, places) -> None:  # type: ignore[no-untyped-def]
    p = places[0]
    src = write_csv(
        tmp_path / "rd_in_latlon.csv",
        ["naam", "categorie", "lat", "lon"],
        [[p.naam, "instelling", p.y, p.x]],
    )
    with pytest.raises(ValidationError, match="--crs EPSG:28992"):
        read_assets(src)
    a = read_assets(src, crs="EPSG:28992").assets
    assert _near(a.geometry.iloc[0], p.x, p.y, 0.01)
    src2 = write_csv(
        tmp_path / "deg_in_xy.csv",
        ["naam", "categorie", "x", "y"],
        [[p.naam, "instelling", p.lon, p.lat]],
    )
    with pytest.raises(ValidationError, match="--crs EPSG:4326"):
        read_assets(src2)
    assert _near(read_assets(src2, crs="wgs84").assets.geometry.iloc[0], p.x, p.y)
    with pytest.raises(ValidationError, match="not a reference system"):
        read_assets(src2, crs="EPSG:9999")


def test_edit_keeps_history_and_reimport_updates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reg_path = tmp_path / "r.gpkg"
    header = ["id", "naam", "categorie", "lat", "lon", "beschrijving"]
    write_csv(
        tmp_path / "v1.csv",
        header,
        [["m1", "Moestuin", "fysieke plek", 52.07, 4.30, "twaalf bakken"]],
    )
    write_csv(
        tmp_path / "v2.csv",
        header,
        [["m1", "Moestuin", "fysieke plek", 52.07, 4.30, "twintig bakken"]],
    )
    assert (
        run_cli(capsys, "assets", "import", str(tmp_path / "v1.csv"), "-r", str(reg_path))[0] == 0
    )
    code, out, _ = run_cli(
        capsys, "assets", "import", str(tmp_path / "v2.csv"), "-r", str(reg_path)
    )
    assert code == 0 and "0 added, 1 updated" in out
    reg = open_register(reg_path)
    assert len(reg.assets) == 1 and reg.assets["beschrijving"].item() == "twintig bakken"
    code, out, _ = run_cli(capsys, "assets", "show", "m1", "-r", str(reg_path))
    assert "beschrijving: twaalf bakken -> twintig bakken" in " ".join(out.split())


def test_resident_text_is_kept_as_typed(tmp_path: Path) -> None:
    text = "Çay & koffie ☕ <b>vet</b> <script>alert('x')</script> مرحبا 你好"
    src = tmp_path / "t.csv"
    src.write_text(
        f'naam;categorie;lat;lon;beschrijving\n"{text}";instelling;52.07;4.30;"{text}"\n',
        encoding="utf-8",
    )
    import_file(src, tmp_path / "r.gpkg")
    a = open_register(tmp_path / "r.gpkg").assets
    assert a["naam"].item() == text and a["beschrijving"].item() == text


def test_windows_1252_csv_from_old_excel(tmp_path: Path) -> None:
    src = tmp_path / "excel.csv"
    src.write_bytes(
        "naam;categorie;lat;lon\nCafé Zoë;economie en ruil;52,07;4,30\n".encode("cp1252")
    )
    with pytest.warns(UserWarning, match="Windows-1252"):
        checked = read_assets(src)
    assert checked.assets["naam"].item() == "Café Zoë"


def _address_csv(tmp_path: Path) -> Path:
    return write_csv(
        tmp_path / "adressen.csv",
        ["naam", "categorie", "straat", "huisnummer", "postcode", "plaats"],
        [["Buurthuis", "instelling", "Lijsterstraat", "20", "3815DT", "Amersfoort"]],
    )


def test_addresses_are_geocoded_through_pdok_and_cached(
    tmp_path: Path, online: None, fake_server: FakeServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = "/bzk/locatieserver/search/v3_1/free"
    fake_server.routes[path] = Answer(pdok_answer())
    monkeypatch.setattr(geocode_mod, "LOCATIESERVER_URL", fake_server.url + path)
    src = _address_csv(tmp_path)
    a = read_assets(src).assets
    assert _near(a.geometry.iloc[0], 155990.61, 464256.19, 0.01)
    req = fake_server.requests[0]
    assert req.query["q"] == ["Lijsterstraat 20, 3815DT, Amersfoort"]
    assert req.query["fq"] == ["type:adres"]
    # the answer is cached: offline the same import works, without asking again
    monkeypatch.setenv("WIJKASSETS_OFFLINE", "1")
    again = read_assets(src).assets
    assert again.geometry.iloc[0].equals(a.geometry.iloc[0])
    assert fake_server.count(path) == 1


def test_address_not_found_and_offline_are_refused_with_a_hint(
    tmp_path: Path, online: None, fake_server: FakeServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = "/bzk/locatieserver/search/v3_1/free"
    empty = pdok_answer()
    empty["response"]["numFound"] = 0
    empty["response"]["docs"] = []
    fake_server.routes[path] = Answer(empty)
    monkeypatch.setattr(geocode_mod, "LOCATIESERVER_URL", fake_server.url + path)
    with pytest.raises(ValidationError, match="row 2, address: found .* knows no such address"):
        read_assets(_address_csv(tmp_path))
    monkeypatch.setenv("WIJKASSETS_OFFLINE", "1")
    other = write_csv(
        tmp_path / "ander.csv",
        ["naam", "categorie", "adres"],
        [["Bieb", "instelling", "Hoefkade 1, Den Haag"]],
    )
    with pytest.raises(ValidationError) as exc:
        read_assets(other)
    assert "row 2, address: found 'Hoefkade 1, Den Haag': cannot be looked up offline" in str(
        exc.value
    )
    assert "run this import once online" in str(exc.value)


def test_public_geojson_keeps_text_and_is_valid(tmp_path: Path) -> None:
    from wijkassets.assets.export import to_geojson

    src = tmp_path / "t.csv"
    src.write_text(
        "naam;categorie;lat;lon\n<img src=x onerror=alert(1)> 🌳;fysieke plek;52.07;4.30\n",
        encoding="utf-8",
    )
    import_file(src, tmp_path / "r.gpkg")
    from wijkassets.assets import public_view

    pub, _ = public_view(tmp_path / "r.gpkg")
    to_geojson(pub, tmp_path / "p.geojson")
    doc = json.loads((tmp_path / "p.geojson").read_text(encoding="utf-8"))
    assert doc["features"][0]["properties"]["naam"] == "<img src=x onerror=alert(1)> 🌳"
    lon, lat = doc["features"][0]["geometry"]["coordinates"]
    assert lat == pytest.approx(52.07, abs=1e-6) and lon == pytest.approx(4.30, abs=1e-6)


def test_links_file_is_checked_against_the_register(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reg_path = tmp_path / "r.gpkg"
    reg_path.write_bytes(example_register_path().read_bytes())
    good = write_csv(
        tmp_path / "links.csv",
        ["from", "to", "kind", "note"],
        [["sw-011", "sw-020", "komt samen in", "vadercafé"], ["sw-051", "sw-050", "vertelt", ""]],
    )
    code, out, _ = run_cli(capsys, "assets", "import", str(good), "-r", str(reg_path))
    assert code == 0 and "2 link(s) added" in out
    assert len(open_register(reg_path).links) == 12
    before = reg_path.read_bytes()
    bad = write_csv(
        tmp_path / "bad_links.csv",
        ["van", "naar", "soort"],
        [["sw-011", "sw-999", "kent"], ["", "sw-020", "kent"]],
    )
    code, _, err = run_cli(capsys, "assets", "import", str(bad), "-r", str(reg_path))
    flat = " ".join(err.split())
    assert code == 2
    assert "row 2, column 'naar': found 'sw-999': no asset with this id in the register" in flat
    assert "row 3, column 'van': found nothing" in flat
    assert reg_path.read_bytes() == before


def test_open_data_layers_with_a_category_and_named_columns(
    tmp_path: Path, testdata_dir: Path, data_dir: Path
) -> None:
    # 606 real BGT polygons (playgrounds, sports fields, ...) in Harderwijk, EPSG:3857
    with pytest.warns(UserWarning, match="not imported: objectid, naam, subtype, status"):
        bgt = read_assets(
            testdata_dir / "assets" / "bgt_functioneelgebied_harderwijk.gpkg",
            categorie="fysieke plek",
            columns={"naam": "bgtplustype", "id": "identificatie"},
            bron="BGT (PDOK)",
        )
    a = bgt.assets
    assert len(a) == 606 and a["id"].is_unique
    assert a["id"].str.startswith("NL.IMGeo.").all()
    assert set(a["categorie"]) == {"fysieke plek"} and set(a["bron"]) == {"BGT (PDOK)"}
    assert (a["naam"] == "niet-bgt:recreatie: speeltuin").sum() > 0
    assert a.geom_type.isin(["Polygon", "MultiPolygon"]).all()
    minx, miny, maxx, maxy = a.total_bounds  # Harderwijk in RD New
    assert 165_000 < minx < maxx < 180_000 and 475_000 < miny < maxy < 495_000
    assert not any(
        "identifies phones" in n for n in bgt.notes
    )  # 'status' here is BGT's, not a form's
    # the real DUO schools: names in a column that ends in a space, ids from VESTIGINGSNUMMER
    with pytest.warns(UserWarning, match="TELEFOONNUMMER"):
        duo = read_assets(
            data_dir / "assets" / "haaglanden_scholen_basisonderwijs_DUO2016.geojson",
            categorie="instelling",
            columns={"naam": "VESTIGINGSNAAM", "id": "VESTIGINGSNUMMER"},
        ).assets
    assert len(duo) == 285
    assert duo.set_index("id").loc["03PY00", "naam"] == "Basisschool De Oase"
    with pytest.raises(ValidationError, match="--naam-kolom 'NAAM': no such column"):
        read_assets(
            data_dir / "assets" / "haaglanden_scholen_basisonderwijs_DUO2016.geojson",
            categorie="instelling",
            columns={"naam": "NAAM"},
        )
    with pytest.raises(ValidationError, match="--categorie 'scholen': not an ABCD category"):
        read_assets(
            testdata_dir / "assets" / "bgt_functioneelgebied_harderwijk.gpkg", categorie="scholen"
        )


BAD_GEOJSON: list[tuple[str, str, str]] = [
    ("invalid JSON", '{"type": "FeatureCollection", "features": [', "not valid GeoJSON: line 1"),
    ("JSON but not features", "[1, 2, 3]", "not a GeoJSON FeatureCollection (found type 'list')"),
    ("no features", '{"type": "FeatureCollection", "features": []}', "no assets found"),
    (
        "a line",
        '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"naam": "Route",'
        ' "categorie": "fysieke plek"}, "geometry": {"type": "LineString", "coordinates": [[4.3, 52.07],'
        " [4.31, 52.08]]}}]}",
        "feature 1, geometry: found a LineString",
    ),
    (
        "RD coordinates in GeoJSON",
        '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"naam": "Bank",'
        ' "categorie": "fysieke plek"}, "geometry": {"type": "Point", "coordinates": [80506, 454136]}}]}',
        "feature 1, geometry: found lat=454136, lon=80506: these are RD New metres",
    ),
    (
        "swapped GeoJSON",
        '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"naam": "Bank",'
        ' "categorie": "fysieke plek"}, "geometry": {"type": "Point", "coordinates": [52.07, 4.3]}}]}',
        "swap x and y in the file",
    ),
]


@pytest.mark.parametrize(("case", "text", "expected"), BAD_GEOJSON, ids=[c[0] for c in BAD_GEOJSON])
def test_bad_geojson_is_refused(tmp_path: Path, case: str, text: str, expected: str) -> None:
    src = tmp_path / "kaart.geojson"
    src.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationError) as exc:
        read_assets(src)
    assert expected in " ".join(str(exc.value).split()), case


def test_rd_geojson_with_declared_crs_is_accepted(tmp_path: Path) -> None:
    doc = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}},
        "features": [
            {
                "type": "Feature",
                "properties": {"naam": "Bank", "categorie": "fysieke plek"},
                "geometry": {"type": "Point", "coordinates": [80506.0, 454136.0]},
            }
        ],
    }
    src = tmp_path / "rd.geojson"
    src.write_text(json.dumps(doc), encoding="utf-8")
    assert _near(read_assets(src).assets.geometry.iloc[0], 80506.0, 454136.0, 0.001)


def test_kobo_export_with_labels_of_our_xlsform(tmp_path: Path, places) -> None:  # type: ignore[no-untyped-def]
    """KoboToolbox can export question and choice labels instead of names; our form's labels import too."""
    header = [
        "start",
        "end",
        "Naam van de asset",
        "Soort asset",
        "Waar is het?",
        "_Waar is het?_latitude",
        "_Waar is het?_longitude",
        "_Waar is het?_altitude",
        "_Waar is het?_precision",
        "Wie mag dit zien?",
        "Heeft de persoon toestemming gegeven om op de kaart te staan?",
        "Uw naam (alleen voor het register)",
        "_uuid",
        "_submission_time",
    ]
    p = places[0]
    rows = [
        ["2024-09-14T10:02:11.000+02:00", "2024-09-14T10:05:40.000+02:00", "Meneer met de fiets",
         "Individu (gaven en talenten)", f"{p.lat} {p.lon} 0 5", p.lat, p.lon, "0", "5",
         "Iedereen (openbaar)", "Ja", "Ilse", "0c5b-1", "2024-09-14T08:06:01"],
    ]  # fmt: skip
    src = write_csv(tmp_path / "kobo_labels.csv", header, rows, sep=";")
    a = read_assets(src).assets
    row = a.iloc[0]
    assert row["naam"] == "Meneer met de fiets" and row["categorie"] == "individu"
    assert row["privacy"] == "openbaar" and bool(row["toestemming"]) is True
    assert row["vastgelegd_door"] == "Ilse" and row["id"] == "kobo-0c5b-1"
    assert _near(row.geometry, p.x, p.y)


def test_geopoint_column_alone(tmp_path: Path, places) -> None:  # type: ignore[no-untyped-def]
    """A geopoint as ODK writes it ('lat lon alt acc') or as copied from a map app ('lat, lon')."""
    p, q = places[0], places[1]
    src = write_csv(
        tmp_path / "gps.csv",
        ["naam", "categorie", "locatie"],
        [
            [p.naam, "instelling", f"{p.lat} {p.lon} 3.2 4.9"],
            [q.naam, "instelling", f"{q.lat}, {q.lon}"],
        ],
    )
    a = read_assets(src).assets
    assert _near(a.geometry.iloc[0], p.x, p.y) and _near(a.geometry.iloc[1], q.x, q.y)
    bad = write_csv(
        tmp_path / "gps_bad.csv",
        ["naam", "categorie", "locatie"],
        [["X", "instelling", "bij de kerk"]],
    )
    with pytest.raises(
        ValidationError, match="row 2, column 'locatie': found 'bij de kerk': not a geopoint"
    ):
        read_assets(bad)
