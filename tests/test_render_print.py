"""The printed walk and the two-panel figure, looked at as a reader gets them: PDF pages turned into PNG.

Real data: the fictional example register's real and invented places in the Schilderswijk (its metadata says
fictional), the CBS 2015 buurten embedded in wijkassets, DUO's schools and CBS figures for the two panels.
"""

from __future__ import annotations

import io
import math
import warnings
from datetime import date
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from PIL import Image
from shapely.geometry import Point

from tests._print_helpers import (
    buurten_2015,
    den_haag_profile,
    pdf_fonts,
    pdf_pages_to_png,
    pdf_text,
    schools_as_assets,
)
from wijkassets._errors import ValidationError, WijkassetsError
from wijkassets.render import _fonts
from wijkassets.render.print_map import (
    PAPERS,
    select_buurt,
    two_panel_figure,
    walk_map,
    walking_minutes,
)

NOORD = "BU05182916"  # Schildersbuurt-Noord, Den Haag
DAY = date(2026, 11, 23)


@pytest.fixture
def register():  # type: ignore[no-untyped-def]
    from wijkassets.assets import example_register_path, open_register

    return open_register(example_register_path())


def _px(paper: str, dpi: int) -> tuple[int, int]:
    w, h = PAPERS[paper]
    return (round(w / 25.4 * dpi), round(h / 25.4 * dpi))


def _close(size: tuple[int, int], expected: tuple[int, int]) -> bool:
    return all(abs(a - b) <= 1 for a, b in zip(size, expected, strict=True))


@pytest.mark.pdf
def test_walk_pdf_a4_pages_size_and_text(register, tmp_path: Path, pdftoppm: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a clean run: nothing to warn about
        result = walk_map(
            register, "Schildersbuurt-Noord", path=tmp_path / "wandeling.pdf", today=DAY
        )
    pages = pdf_pages_to_png(pdftoppm, tmp_path / "wandeling.pdf", tmp_path / "png", dpi=50)
    assert len(pages) == result.pages >= 2
    for page in pages:
        assert _close(Image.open(page).size, _px("A4", 50))
    text = pdf_text(pdftoppm, tmp_path / "wandeling.pdf")
    assert "Wandeling door Schildersbuurt-Noord" in text
    assert "23 november 2026" in text
    assert "Bron: register Schilderswijk, Den Haag (FICTIEF voorbeeld)" in text
    assert "Bron: CBS" in text
    assert "De stops: waar let je op?" in text
    # Offline with an empty cache: no street map, and the map says so.
    assert result.background == "none"
    assert "Zonder straatkaart" in text
    # Every stop is on the list, by name, in walking order.
    names = list(result.plan.stops["naam"])
    positions = [text.find(f"{i}. {n}") for i, n in enumerate(names, start=1)]
    assert all(p >= 0 for p in positions) and positions == sorted(positions)
    # Page 1 is a drawn map, not a blank page: many dark and some coloured pixels.
    rgb = np.asarray(Image.open(pages[0]).convert("RGB"), dtype=int)
    assert (rgb.sum(axis=2) < 150).mean() > 0.01
    vermillion = (abs(rgb - np.array([0xD5, 0x5E, 0x00])).sum(axis=2) < 40).sum()
    assert vermillion > 10  # economie en ruil stops, in their colour


def test_walk_stops_are_public_places_in_the_buurt(register) -> None:
    result = walk_map(register, NOORD, path=[], background=None)
    stops = result.plan.stops
    area = select_buurt(buurten_2015(), NOORD)
    assert len(stops) >= 5
    assert list(stops["stop"]) == list(range(1, len(stops) + 1))
    assert "individu" not in set(stops["categorie"])  # people are never stops
    assert "sw-014" not in set(stops["id"])  # Hardloopclub Rondje Park ended in 2024
    assert stops.geometry.within(area.geometry.buffer(1)).all()
    legs = np.hypot(np.diff(stops.geometry.x), np.diff(stops.geometry.y))
    assert result.plan.length_m == pytest.approx(legs.sum(), abs=0.5)
    assert stops["to_next_m"].iloc[:-1].to_numpy() == pytest.approx(legs, abs=0.5)
    assert result.plan.minutes == math.ceil(result.plan.length_m / 4500 * 60)


@pytest.mark.pdf
def test_walk_a3_english_png_pages(register, tmp_path: Path, pdftoppm: str) -> None:
    out = tmp_path / "walk.png"
    result = walk_map(
        register,
        NOORD,
        path=[out, tmp_path / "walk.pdf"],
        paper="A3",
        language="en",
        dpi=40,
        today=DAY,
    )
    pngs = [p for p in result.paths if p.suffix == ".png"]
    assert pngs[0] == out and len(pngs) == result.pages
    assert (tmp_path / "walk-2.png").exists()
    for png in pngs:
        assert _close(Image.open(png).size, _px("A3", 40))
    pages = pdf_pages_to_png(pdftoppm, tmp_path / "walk.pdf", tmp_path / "pdfpng", dpi=30)
    assert len(pages) == result.pages
    assert _close(Image.open(pages[0]).size, _px("A3", 30))
    text = pdf_text(pdftoppm, tmp_path / "walk.pdf")
    assert "A walk through Schildersbuurt-Noord" in text
    assert "23 November 2026" in text
    assert "The stops: what to look for" in text
    assert "No street map" in text


def test_walk_rejects_unknown_buurt_and_paper(register, tmp_path: Path) -> None:
    with pytest.raises(
        WijkassetsError, match=r"No buurt 'Schilderbuurt Nord'.*Schildersbuurt-Noord"
    ):
        walk_map(register, "Schilderbuurt Nord", path=tmp_path / "x.pdf", boundaries=buurten_2015())
    with pytest.raises(WijkassetsError, match="A4, A3"):
        walk_map(register, NOORD, path=tmp_path / "x.pdf", paper="Letter")
    with pytest.raises(WijkassetsError, match=r"\.pdf or \.png"):
        walk_map(register, NOORD, path=tmp_path / "x.docx")
    assert not list(tmp_path.iterdir())


def test_walk_leaves_out_what_is_not_public(tmp_path: Path) -> None:
    assets = schools_as_assets()
    secret = assets.iloc[[0]].copy()
    secret["id"] = "geheim-1"
    secret["naam"] = "Huis van mevrouw X"
    secret["privacy"] = "prive"
    both = gpd.GeoDataFrame(pd.concat([assets, secret], ignore_index=True), crs=28992)
    with pytest.warns(UserWarning, match="1 asset"):
        result = walk_map(both, NOORD, path=[], boundaries=buurten_2015(), background=None)
    assert "geheim-1" not in set(result.plan.stops["id"])
    assert len(result.plan.stops) == len(schools_as_assets(("BU05182916",)))


def _emoji_assets() -> gpd.GeoDataFrame:
    """DUO's real schools plus two rows made here with resident-style text (emoji, joiners, Arabic)."""
    schools = schools_as_assets(("BU05182916",))
    x, y = schools.geometry.x.mean(), schools.geometry.y.mean()
    extra = gpd.GeoDataFrame(
        {
            "id": ["test-emoji-1", "test-emoji-2"],
            "naam": ["Buurttuin 🌻 De Zon", "Koor 🎶 & theehuis ☕️ 👩‍👧"],
            "categorie": ["fysieke plek", "cultuur en verhaal"],
            "beschrijving": ["Test row: een tuin 🌱🐝.", "Test row: zingen, مرحبا, 欢迎 welkom."],
            "privacy": ["openbaar", "openbaar"],
        },
        geometry=[Point(x + 40, y + 30), Point(x - 50, y - 20)],
        crs=28992,
    )
    return gpd.GeoDataFrame(pd.concat([schools, extra], ignore_index=True), crs=28992)


@pytest.mark.pdf
def test_emoji_drawn_with_fallback_font_not_boxes(tmp_path: Path, pdftoppm: str) -> None:
    assets = _emoji_assets()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        walk_map(
            assets, NOORD, path=tmp_path / "emoji.pdf", boundaries=buurten_2015(), background=None
        )
    messages = [str(w.message) for w in caught]
    assert not [m for m in messages if "missing from font" in m], messages
    # The CJK word has no font here (no Noto CJK installed): it is printed as '?', with a warning that says so;
    # where a CJK font is installed it is drawn, and there is no warning.
    cjk = [m for m in messages if "cannot be drawn" in m]
    assert all("U+6B22" in m for m in cjk)
    fonts = pdf_fonts(pdftoppm, tmp_path / "emoji.pdf")
    assert "DejaVuSans" in fonts
    assert "Symbola" in fonts  # the emoji came from the fallback font, embedded in the PDF
    text = pdf_text(pdftoppm, tmp_path / "emoji.pdf")
    assert "Buurttuin 🌻 De Zon" in text


def test_main_font_alone_would_draw_boxes() -> None:
    """The control for the test above: DejaVu Sans alone lacks the emoji, and matplotlib says so."""
    import matplotlib
    from matplotlib.figure import Figure

    with (
        matplotlib.rc_context({"font.family": ["DejaVu Sans"]}),
        warnings.catch_warnings(record=True) as caught,
    ):
        warnings.simplefilter("always")
        fig = Figure()
        fig.text(0.1, 0.5, "Buurttuin 🌻")
        fig.savefig(io.BytesIO(), format="png")
    assert any("missing from font" in str(w.message) for w in caught)
    assert "Symbola" in _fonts.families()
    assert _fonts.can_draw("🌻") and not _fonts.can_draw("\U000f0001")


def test_drawable_strips_joiners_and_marks_the_undrawable() -> None:
    assert _fonts.drawable("☕️👩‍👧", warn=False) == "☕👩👧"
    with pytest.warns(UserWarning, match=r"1 character\(s\).*U\+F0001"):
        assert _fonts.drawable("a\U000f0001b") == "a?b"


def test_walking_minutes() -> None:
    assert walking_minutes(4500) == 60
    assert walking_minutes(75) == 1
    assert walking_minutes(76) == 2
    assert walking_minutes(0) == 0


@pytest.mark.pdf
def test_two_panel_figure(tmp_path: Path, pdftoppm: str) -> None:
    prof = den_haag_profile()
    out = tmp_path / "sterktes-naast-tekorten.pdf"
    fig = two_panel_figure(
        prof,
        strength="scholen_per_1000",
        deficit="bijstand_per_1000",
        path=out,
        subtitle="Den Haag, buurten 2015",
    )
    maps = [ax for ax in fig.axes if ax.get_legend() is not None]
    assert len(maps) == 2
    # Same areas on both panels, same extent.
    assert maps[0].get_xlim() == pytest.approx(maps[1].get_xlim())
    legend_text = [[t.get_text() for t in ax.get_legend().get_texts()] for ax in maps]
    # Every area is in exactly one class (or 'geen gegevens'): the counts add up.
    for texts in legend_text:
        counts = [int(t.rsplit("(", 1)[1].rstrip(")")) for t in texts]
        assert sum(counts) == len(prof)
    assert any(
        "geen gegevens" in t for t in legend_text[1]
    )  # one buurt's bijstand figure is secret
    pages = pdf_pages_to_png(pdftoppm, out, tmp_path / "png", dpi=40)
    assert len(pages) == 1
    assert _close(Image.open(pages[0]).size, (_px("A4", 40)[1], _px("A4", 40)[0]))  # landscape
    text = pdf_text(pdftoppm, out)
    assert "Bron: CBS" in text and "DUO basisonderwijs 2016" in text
    assert "Sterkte: scholen per 1000" in text
    assert "Tekort: bijstand per 1000" in text


def test_two_panel_figure_lists_every_missing_column() -> None:
    prof = den_haag_profile()
    with pytest.raises(ValidationError) as info:
        two_panel_figure(prof, strength="n_assets", deficit="pct_laag_inkomen")
    assert len(info.value.problems) == 2


def test_two_panel_figure_of_a_real_profile(register, tmp_path: Path) -> None:
    """What the demo does: profile() of Den Haag's buurten with the example register and KWB 2019."""
    from wijkassets.analysis import profile
    from wijkassets.areas import load_boundaries
    from wijkassets.cbs import load_kwb

    areas = load_boundaries(2015, "buurt", gemeente="GM0518")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        prof = profile(areas, register, load_kwb(2019, gemeente="GM0518", level="buurt"))
    out = tmp_path / "twee.png"
    fig = two_panel_figure(
        prof, strength="assets_per_1000", deficit="pct_opleiding_laag", path=out, dpi=30
    )
    assert _close(Image.open(out).size, (_px("A4", 30)[1], _px("A4", 30)[0]))
    texts = [t.get_text() for t in fig.texts]
    foot = next(t for t in texts if t.startswith("Links:"))
    assert "FICTIEF" in foot and "84583NED" in foot and foot.count("Bron: CBS") >= 2
    for ax in (a for a in fig.axes if a.get_legend() is not None):
        counts = [
            int(t.get_text().rsplit("(", 1)[1].rstrip(")")) for t in ax.get_legend().get_texts()
        ]
        assert sum(counts) == len(prof) == 114


def test_walk_with_max_km_and_a_single_stop(register, tmp_path: Path) -> None:
    with pytest.warns(UserWarning, match="do not fit in 0.3 km"):
        short = walk_map(register, NOORD, path=tmp_path / "kort.png", max_km=0.3, dpi=20)
    assert short.plan.length_m <= 300 and short.plan.left_out
    assert len(short.plan.stops) + len(short.plan.left_out) == len(
        walk_map(register, NOORD, path=[], background=None).plan.stops
    )
    one = schools_as_assets(("BU05182916",)).iloc[[0]]
    single = walk_map(one, NOORD, path=tmp_path / "een.pdf", boundaries=buurten_2015())
    assert len(single.plan.stops) == 1 and single.plan.length_m == 0 and single.plan.minutes == 0
    assert (tmp_path / "een.pdf").stat().st_size > 10_000


def test_walk_audience_buurt_adds_what_residents_share(register) -> None:
    public = walk_map(register, NOORD, path=[], background=None)
    local = walk_map(register, NOORD, path=[], background=None, audience="buurt")
    assert set(public.plan.stops["id"]) <= set(local.plan.stops["id"])
    prive = set(register.assets.loc[register.assets["privacy"] == "prive", "id"])
    assert not prive & set(local.plan.stops["id"])
    with pytest.raises(WijkassetsError, match="audience"):
        walk_map(register, NOORD, path=[], audience="iedereen")
