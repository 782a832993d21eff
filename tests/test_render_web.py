"""The web maps without a browser: style, map weight, privacy, escaping, offline pages, the `map` command."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import numpy as np
import pytest
import shapely

from tests import _render_helpers as h
from wijkassets._errors import WijkassetsError
from wijkassets.render import style, web

HOSTILE_AREA = "<img src=y onerror=alert(5)>"  # a buurt name that must show as text


@pytest.fixture(scope="module")
def buurten():
    return h.denhaag_buurten()


@pytest.fixture(scope="module")
def register(buurten):
    return h.make_register(buurten)


def _quiet(fn, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(*args, **kwargs)


# ---------------------------------------------------------------------------------------------- style
def test_style_matches_register_categories_and_is_distinct() -> None:
    from wijkassets.assets import schema

    assert style.CATEGORIES == schema.CATEGORIES
    styles = [style.category_style(c) for c in schema.CATEGORIES]
    for attr in ("colour", "shape", "marker", "label_nl", "label_en"):
        assert len({getattr(s, attr) for s in styles}) == 6, attr
    assert [s.key for s in styles] == [schema.category_key(c) for c in schema.CATEGORIES]
    # Okabe-Ito, without its yellow (invisible on paper)
    okabe_ito = {"#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7"}
    assert {s.colour for s in styles} == okabe_ito
    assert style.category_style("Fysieke_Plek ").category == "fysieke plek"
    assert style.category_label("instelling", language="en") == "Institutions"
    with pytest.raises(WijkassetsError, match="Unknown ABCD category 'buurthuis'"):
        style.category_style("buurthuis")


def test_sequential_palettes_get_darker() -> None:
    def lightness(hex_colour: str) -> float:
        r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
        return 0.299 * r + 0.587 * g + 0.114 * b

    for polarity in ("strength", "deficit"):
        for k in range(1, 8):
            colours = style.sequential_colours(k, polarity=polarity)
            assert len(colours) == k
            values = [lightness(c) for c in colours]
            assert values == sorted(values, reverse=True), (polarity, k)
    assert style.sequential_colours(5, polarity="deficit") != style.sequential_colours(5)
    with pytest.raises(WijkassetsError, match="between 1 and 7"):
        style.sequential_colours(9)


def test_svg_symbols_are_self_contained() -> None:
    for cat in style.CATEGORIES:
        svg = style.svg_symbol(cat)
        assert svg.startswith("<svg") and style.category_style(cat).colour in svg
        assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")


# --------------------------------------------------------------------------------------------- weight
def test_prepare_areas_simplifies_as_a_coverage_without_gaps(testdata_dir: Path) -> None:
    import geopandas as gpd

    # Ermelo's 17 buurten from PDOK (2021), full detail: 5,672 vertices
    ermelo = gpd.read_file(testdata_dir / "geo" / "ermelo_buurten_2021_pdok.gpkg")
    web_areas = web.prepare_areas(ermelo)
    assert len(web_areas) == 17 and web_areas.crs.to_epsg() == 4326
    before = shapely.get_num_coordinates(ermelo.geometry.values).sum()
    after = shapely.get_num_coordinates(web_areas.geometry.values).sum()
    assert before == 5672 and after < 0.5 * before
    # no gaps, no overlaps: the simplified buurten still form a valid coverage with the same total area
    rd = web_areas.to_crs("EPSG:28992")
    assert bool(shapely.coverage_is_valid(rd.geometry.values, gap_width=1.0))
    assert rd.union_all().area == pytest.approx(ermelo.union_all().area, rel=0.002)
    assert len(shapely.get_parts(rd.union_all())) == len(shapely.get_parts(ermelo.union_all()))
    coords = shapely.get_coordinates(web_areas.geometry.values)
    assert np.allclose(coords, np.round(coords, 5), atol=1e-12)


def test_prepare_areas_keeps_den_haag_whole(buurten) -> None:
    web_areas = web.prepare_areas(buurten)
    assert len(web_areas) == 114 and set(web_areas["code"]) == set(buurten["code"])


def test_whole_gemeente_map_stays_small(buurten, tmp_path: Path) -> None:
    m = _quiet(web.strengths_map, h.register_rows(buurten).drop(columns="privacy"), buurten)
    page = web.save_map(m, tmp_path / "m.html").read_text(encoding="utf-8")
    leaflet = (web.Path(web.__file__).parent / "static/leaflet/leaflet.js").stat().st_size
    assert (
        len(page.encode()) - leaflet < 220_000
    )  # 114 buurten, their names, 10 markers, legend, CSS
    assert re.search(r"\d\.\d{6,}", page.split("<style>")[0] + page.split("</script>")[-1]) is None


# ------------------------------------------------------------------------------------- privacy, escaping
def test_public_map_shows_exactly_the_public_view(buurten, register, tmp_path: Path) -> None:
    from wijkassets.assets.privacy import public_view

    public, links = _quiet(public_view, register)
    m = _quiet(web.strengths_map, register, buurten)
    page = web.to_html(m)
    shown = set(re.findall(r'"(a\d+|p\d+|individu-[0-9a-f]{8})"', page))
    expected = set(public.loc[public["beeindigd"].isna(), "id"])
    assert shown == expected
    assert "a9" not in shown and "a8" not in shown and "a10" not in shown  # prive, buurt, ended
    for secret in ("Tester Testsma", "Geheime plek", "Naaiatelier", "Fatima"):
        assert secret not in page
    assert "1 beëindigde sterkte(s) niet getoond" in page


def test_private_view_shows_everything_with_a_warning(buurten, register) -> None:
    m = web.strengths_map(register, buurten, private=True)
    page = web.to_html(m)
    for name in ("Tester Testsma", "Geheime plek", "Naaiatelier (alleen buurt)", "Fatima kookt"):
        assert name in page
    assert "PRIVÉ-WEERGAVE" in page


def test_empty_register_still_gives_a_map(buurten) -> None:
    from wijkassets.assets.register import new_register

    page = web.to_html(web.strengths_map(new_register(naam="nog leeg"), buurten))
    assert page.count(r"wa-count\"\u003e(0)") == 6  # all six categories listed, each with 0
    assert "nog leeg" in page and "wa-cat-" not in page


def test_raw_register_table_is_refused_without_private(buurten, register) -> None:
    with pytest.raises(WijkassetsError, match="public_view"):
        web.strengths_map(register.assets, buurten)


def test_resident_text_never_reaches_the_page_unescaped(buurten, register) -> None:
    for m in (
        web.strengths_map(register, buurten, private=True),
        _quiet(web.side_by_side_map, _profile(buurten, register), register=register),
    ):
        page = web.to_html(m)
        assert h.XSS not in page
        assert "<img" not in page
        assert "&lt;img src=x onerror=alert(1)&gt;" in page.replace("\\u0026", "&")


def test_title_and_names_are_escaped_too(buurten, register) -> None:
    hostile = buurten.copy()
    hostile.loc[0, "naam"] = "<b onmouseover=alert(2)>Oostduinen"
    m = _quiet(
        web.strengths_map,
        register,
        hostile,
        title="<script>alert(3)</script>",
        subtitle="${alert(4)}",
    )
    page = web.to_html(m)
    assert "<b onmouseover" not in page and "<script>alert(3)" not in page and "${alert" not in page


# ---------------------------------------------------------------------------------------- side by side
def _profile(buurten, register):
    from wijkassets.assets.privacy import public_view

    public, _ = _quiet(public_view, register)
    return h.profile_like(buurten, public)


def test_side_by_side_classes_and_sources(buurten, register) -> None:
    table = _profile(buurten, register)
    dual = _quiet(web.side_by_side_map, table, register=register)
    page = web.to_html(dual)
    assert page.count("L.map(") == 2 and "sync(" in page
    assert (
        "Bijstandsuitkeringen per 1.000 inwoners" in page and "Sterktes per 1.000 inwoners" in page
    )
    assert "0 (niets vastgelegd)" in page
    assert "Bron: CBS" in page and "testregister Schilderswijk" in page
    # Schildersbuurt-West 2015: 14250 inwoners, 1670 bijstandsuitkeringen (WWB_UITTOT), Bron: CBS
    west = table.set_index("code").loc["BU05182915"]
    assert (west["inwoners"], west["bijstand"]) == (14250, 1670)
    # the tooltip of each area is built in the page from its figures: "<label>: <b>117</b>"
    data = h.area_data(page)
    i = data["c"].index("BU05182915")
    assert data["l"][1] == ["Bijstandsuitkeringen per 1.000 inwoners: ", 1, ""]
    assert data["v"][i][1] == "117" and data["n"][i] == "Schildersbuurt-West"


def test_side_by_side_legend_counts_the_areas_it_shows() -> None:
    # Den Haag's 44 wijken of 2015 with the map's own figures (Bron: CBS): the legend counts wijken
    from wijkassets.areas import load_boundaries
    from wijkassets.cbs import load_kwb

    wijken = load_boundaries(2015, "wijk", gemeente="GM0518")
    kwb = load_kwb(2015, gemeente="GM0518", level="wijk")
    table = wijken.merge(
        kwb[["inwoners", "bijstand_uitkeringen"]], left_on="code", right_index=True
    )
    table["n_assets"] = 0
    table["bijstand_uitkeringen_per_1000"] = (
        table["bijstand_uitkeringen"] / table["inwoners"] * 1000
    )
    page = web.to_html(_quiet(web.side_by_side_map, table, deficit="bijstand_uitkeringen_per_1000"))
    assert re.search(r"\(\d+ wijken\)", page) and not re.search(r"\(\d+ buurten\)", page)


def test_side_by_side_needs_a_deficit(buurten, register) -> None:
    table = _profile(buurten, register).drop(columns=["bijstand_per_1000"])
    with pytest.raises(WijkassetsError, match="No deficit column"):
        web.side_by_side_map(table)
    with pytest.raises(WijkassetsError, match="'nope' \\(deficit\\) is not in the table"):
        web.side_by_side_map(table, deficit="nope")


def test_english_labels(buurten, register) -> None:
    page = web.to_html(_quiet(web.strengths_map, register, buurten, language="en"))
    assert "What the neighbourhood has" in page and "Places" in page and "Plekken" not in page


# ------------------------------------------------------------------------------------------- offline
def test_pages_link_nothing_outside(buurten, register, tmp_path: Path) -> None:
    m = _quiet(web.strengths_map, register, buurten)
    page = web.save_map(m, tmp_path / "a.html").read_text(encoding="utf-8")
    assert not re.search(r"<(script|link)[^>]+(src|href)=\"?https?:", page)
    for cdn in ("jsdelivr", "cdnjs", "code.jquery", "bootstrapcdn", "fontawesome"):
        assert cdn not in page
    assert "Leaflet 1.9.4" in page  # the vendored library, inlined


def test_shared_folder_variant(buurten, register, tmp_path: Path) -> None:
    m = _quiet(web.strengths_map, register, buurten)
    out = web.save_map(m, tmp_path / "kaart.html", self_contained=False)
    shared = tmp_path / "wijkassets-static"
    assert (shared / "leaflet" / "LICENSE").is_file() and (
        shared / "leaflet.sync" / "LICENSE"
    ).is_file()
    page = out.read_text(encoding="utf-8")
    assert 'src="wijkassets-static/leaflet/leaflet.js"' in page
    assert "data:image/png;base64" in (shared / "leaflet" / "leaflet.css").read_text()
    assert out.stat().st_size < 150_000


def test_save_map_refuses_what_would_need_the_internet(tmp_path: Path) -> None:
    import folium

    m = folium.Map(tiles=None)
    folium.Marker([52.07, 4.3], popup="needs jQuery").add_to(m)
    with pytest.raises(WijkassetsError, match="jquery"):
        web.save_map(m, tmp_path / "x.html")
    assert not (tmp_path / "x.html").exists()
    with pytest.raises(WijkassetsError, match="unknown file type"):
        web.save_map(folium.Map(tiles=None), tmp_path / "x.png")


def test_osm_tiles_are_optional_and_credited(buurten, register) -> None:
    page = web.to_html(_quiet(web.strengths_map, register, buurten, tiles="osm"))
    assert "tile.openstreetmap.org" in page and "OpenStreetMap-bijdragers" in page
    assert "tile.openstreetmap.org" not in web.to_html(_quiet(web.strengths_map, register, buurten))
    with pytest.raises(WijkassetsError, match="tiles="):
        web.strengths_map(register, buurten, tiles="google")


def test_markers_on_one_spot_fan_out() -> None:
    import geopandas as gpd
    from shapely.geometry import Point

    points = gpd.GeoSeries(
        [Point(0, 0), Point(1, 1), Point(2, 0), Point(500, 500)], crs="EPSG:28992"
    )
    offsets = web._fan_offsets(points)
    assert offsets[3] == [0, 0]  # alone
    assert len({tuple(o) for o in offsets[:3]}) == 3  # within 5 m of each other: drawn apart
    assert all(abs(dx) + abs(dy) > 0 for dx, dy in offsets[:3])


# ------------------------------------------------------------------------------------------- command
def test_map_command_writes_both_maps(tmp_path: Path, data_dir: Path) -> None:
    from typer.testing import CliRunner

    from wijkassets.cli import app

    out = tmp_path / "kaarten"
    result = CliRunner().invoke(
        app,
        [
            "map",
            "--register",
            str(data_dir / "assets" / "schilderswijk_voorbeeld_FICTIEF.gpkg"),
            "--boundaries",
            str(data_dir / "geo" / "haaglanden_buurt_2015.geojson"),
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    strengths, dual = out / "sterktekaart.html", out / "sterktes-naast-tekorten.html"
    assert str(strengths) in result.output and str(dual) in result.output
    page = dual.read_text(encoding="utf-8")
    assert "Bijstandsuitkeringen (WWB) per 1.000 inwoners" in page and "Bron: CBS" in page
    assert "FICTIEF" in strengths.read_text(encoding="utf-8")


def test_map_command_reports_a_missing_register_plainly(tmp_path: Path, data_dir: Path) -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "wijkassets",
            "map",
            "--register",
            str(tmp_path / "nope.gpkg"),
            "--boundaries",
            str(data_dir / "geo" / "haaglanden_buurt_2015.geojson"),
            "-o",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "nope.gpkg" in result.stderr
    assert not list(tmp_path.glob("*.html"))


# --------------------------------------------------------------------------------------- page weight
def test_outlines_are_sent_as_delta_coded_integers_that_decode_exactly(buurten) -> None:
    web_areas = web.prepare_areas(buurten)
    data = web._features(web_areas, lines=[], values=[[] for _ in range(len(web_areas))])
    assert len(data["g"]) == len(web_areas) == 114
    for encoded, geom in zip(data["g"], web_areas.geometry.values, strict=True):
        parts = shapely.get_parts(geom)
        assert len(encoded) == len(parts)
        for rings, poly in zip(encoded, parts, strict=True):
            assert len(rings) == 1 + len(poly.interiors)
            for flat, ring in zip(rings, (poly.exterior, *poly.interiors), strict=True):
                decoded = np.cumsum(np.asarray(flat).reshape(-1, 2), axis=0) / 1e5
                assert np.allclose(decoded, np.asarray(ring.coords)[:-1], atol=1e-9)
    # the label point of each area lies inside it
    for (x, y), geom in zip(data["p"], web_areas.geometry.values, strict=True):
        assert geom.buffer(1e-5).contains(shapely.Point(x / 1e5, y / 1e5))


def test_area_text_is_sent_once_as_plain_values_not_html(buurten, register) -> None:
    table = _profile(buurten, register)
    hostile = table.copy()
    hostile.attrs = dict(table.attrs)
    hostile.loc[hostile["code"] == "BU05182915", "naam"] = HOSTILE_AREA
    page = web.to_html(_quiet(web.side_by_side_map, hostile, register=register))
    data = h.area_data(page)
    # no tooltip HTML per area, the names once for both panes, resident text JSON-escaped (no "<")
    assert '"tip"' not in page and data["n"].count(HOSTILE_AREA) == 1
    assert HOSTILE_AREA not in page and page.count("onerror=alert(5)") == 1
    labels_per_area = page.count("Bijstandsuitkeringen per 1.000 inwoners: ")
    assert labels_per_area == 1


def test_fit_sets_the_view_at_once_so_areas_are_drawn_once(buurten, register) -> None:
    page = web.to_html(_quiet(web.strengths_map, register, buurten))
    # no zoom animation at load: it would draw every area again when it ends (250 ms later)
    assert "var options = {animate: false, maxZoom:" in page
    assert page.index("L.wijkassetsDraw(map);  // the areas") > page.index("map.fitBounds(")
