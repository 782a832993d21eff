"""The web maps as a person sees them: each page opened in headless Chromium with every outside request blocked.

Debian's ``/usr/bin/chromium`` is driven by the Playwright package (no browser download). Every page must load
without console errors and without any request leaving the machine, show one marker per public asset, its
legends and credits; resident text shows as text and never runs.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from tests import _render_helpers as h
from wijkassets.render import web

HOSTILE_AREA = "<img src=y onerror=alert(5)>"  # a buurt name that must show as text

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def maps(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    from wijkassets.assets.privacy import public_view

    folder = tmp_path_factory.mktemp("maps")
    buurten = h.denhaag_buurten()
    register = h.make_register(buurten)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        public, _ = public_view(register)
        table = h.profile_like(buurten, public)
        pages = {
            "strengths": web.save_map(
                web.strengths_map(register, buurten), folder / "sterktekaart.html"
            ),
            "private": web.save_map(
                web.strengths_map(register, buurten, private=True), folder / "prive.html"
            ),
            "dual": web.save_map(
                web.side_by_side_map(table, register=register), folder / "naast.html"
            ),
            "shared": web.save_map(
                web.strengths_map(register, buurten, language="en"),
                folder / "shared" / "en.html",
                self_contained=False,
            ),
        }
    return {
        "pages": pages,
        "public_ids": set(public.loc[public["beeindigd"].isna(), "id"]),
        "all_ids": set(register.assets.loc[register.assets["beeindigd"].isna(), "id"]),
    }


@pytest.fixture(scope="module")
def browser(chromium: str):
    with h.browser(chromium) as b:
        yield b


def _open(browser, path: Path, **kwargs) -> h.Page:
    page = h.open_page(browser, path, **kwargs)
    page.page.wait_for_selector(".wa-legend")
    return page


def _clean(page: h.Page) -> None:
    assert page.outside == [], f"requests to outside: {page.outside}"
    assert page.errors == [], f"console errors: {page.errors}"
    assert page.dialogs == []


@pytest.mark.parametrize("name", ["strengths", "private", "dual", "shared"])
def test_every_page_loads_offline_without_errors(browser, maps, name: str) -> None:
    page = _open(browser, maps["pages"][name])
    _clean(page)
    assert page.page.locator(".leaflet-container").count() == (2 if name == "dual" else 1)
    # the areas are drawn: 114 buurten of Den Haag per pane
    panes = 2 if name == "dual" else 1
    assert page.page.locator("path.leaflet-interactive").count() >= 114 * panes
    page.page.close()


def test_strengths_map_markers_legend_credits_layers(browser, maps) -> None:
    page = _open(browser, maps["pages"]["strengths"])
    p = page.page
    ids = {el.get_attribute("data-asset-id") for el in p.locator(".wa-asset").all()}
    assert ids == maps["public_ids"]
    assert p.locator(".wa-asset").count() == len(maps["public_ids"])
    assert p.title() == "Wat de buurt heeft"
    legend = p.locator(".wa-legend").inner_text()
    for word in (
        "Sterktes in de buurt",
        "Plekken",
        "Instellingen",
        "Verbinding tussen twee sterktes",
    ):
        assert word in legend
    credits = p.locator(".leaflet-control-attribution").inner_text()
    assert (
        "Bron: CBS" in credits
        and "testregister Schilderswijk" in credits
        and "2 maart 2026" in credits
    )
    # a layer switch per category shown (5 of 6 have public assets) plus the links
    boxes = p.locator(".leaflet-control-layers-overlays input[type=checkbox]")
    assert boxes.count() == 6
    labels = p.locator(".leaflet-control-layers-overlays label").all_inner_texts()
    places = next(i for i, text in enumerate(labels) if "Plekken" in text)
    boxes.nth(places).uncheck()
    assert p.locator(".wa-cat-fysieke_plek").count() == 0
    assert p.locator(".wa-asset").count() == len(maps["public_ids"]) - 2
    boxes.nth(places).check()
    # the garden recorded as an area is drawn as an outline in its category colour, under its marker
    assert p.locator("path[stroke='#009E73'][fill='#009E73']").count() == 1
    # two dashed link lines (the link to the private asset and the one to the individual are not shown)
    assert p.locator("path[stroke-dasharray='6 5']").count() == 2
    # the map opens on the assets, whole and beside the legend
    inside = p.evaluate(
        """() => { const m = Object.values(window).find(v => v instanceof L.Map);
                  const b = m.getBounds();
                  return Array.from(document.querySelectorAll('.wa-asset')).map(
                    el => b.contains(m.containerPointToLatLng(
                      [el.getBoundingClientRect().x + 13, el.getBoundingClientRect().y + 13]))); }"""
    )
    assert inside and all(inside)
    legend_right = p.locator(".wa-legend").bounding_box()
    assets_left = min(el.bounding_box()["x"] for el in p.locator(".wa-asset").all())
    assert assets_left > legend_right["x"] + legend_right["width"]
    _clean(page)
    p.close()


def test_hostile_name_shows_as_text_in_tooltip_and_popup(browser, maps) -> None:
    page = _open(browser, maps["pages"]["strengths"])
    p = page.page
    marker = p.locator(".wa-asset[data-asset-id='a6']")
    marker.hover()
    tooltip = p.locator(".leaflet-tooltip").filter(has_text=h.XSS)
    tooltip.wait_for()
    assert h.XSS in tooltip.inner_text()
    marker.click()
    popup = p.locator(".leaflet-popup-content")
    popup.wait_for()
    assert popup.locator("h3").inner_text() == h.XSS
    assert h.XSS in popup.locator("p").first.inner_text()  # the description is the same text
    assert p.locator("img[src='x']").count() == 0
    assert p.locator(".leaflet-popup-content img, .leaflet-tooltip img").count() == 0
    p.wait_for_timeout(200)
    assert page.dialogs == []
    _clean(page)
    p.close()


def test_private_view_shows_personal_fields_and_warns(browser, maps) -> None:
    page = _open(browser, maps["pages"]["private"])
    p = page.page
    assert p.locator(".wa-asset").count() == len(maps["all_ids"])
    assert "PRIVÉ-WEERGAVE" in p.locator(".wa-title").inner_text()
    p.locator(".wa-asset[data-asset-id='a9']").click()
    popup = p.locator(".leaflet-popup-content")
    popup.wait_for()
    text = popup.inner_text()
    assert "Geheime plek" in text and "Vastgelegd door" in text and "Tester Testsma" in text
    _clean(page)
    p.close()


def test_side_by_side_panes_legends_sync(browser, maps) -> None:
    page = _open(browser, maps["pages"]["dual"])
    p = page.page
    legends = p.locator(".wa-legend").all_inner_texts()
    assert len(legends) == 2
    assert "Sterktes per 1.000 inwoners" in legends[0] and "0 (niets vastgelegd)" in legends[0]
    assert "Bijstandsuitkeringen per 1.000 inwoners" in legends[1] and "Bron: CBS" in legends[1]
    credits = p.locator(".leaflet-control-attribution").all_inner_texts()
    assert len(credits) == 2 and all("Bron: CBS" in c for c in credits)
    assert p.locator(".wa-asset").count() == len(
        maps["public_ids"]
    )  # symbols on the strengths pane
    zooms = p.evaluate(
        "() => Object.values(window).filter(v => v instanceof L.Map).map(m => m.getZoom())"
    )
    assert len(zooms) == 2 and zooms[0] == zooms[1]
    p.locator(".leaflet-control-zoom-in").first.click()
    p.wait_for_timeout(600)
    after = p.evaluate(
        "() => Object.values(window).filter(v => v instanceof L.Map).map(m => m.getZoom())"
    )
    assert after[0] == after[1] == zooms[0] + 1  # the panes move together (Leaflet.Sync)
    # hovering a buurt shows both figures
    p.mouse.move(320, 400)
    _clean(page)
    p.close()


def test_phone_view_folds_legend_and_layer_switch(browser, maps) -> None:
    page = _open(browser, maps["pages"]["strengths"], width=390, height=740)
    p = page.page
    assert "wa-collapsed" in (p.locator(".wa-legend").get_attribute("class") or "")
    assert p.locator(".wa-legend .wa-body").is_hidden()
    assert p.locator(".leaflet-control-layers-toggle").is_visible()
    p.locator(".wa-legend button.wa-toggle").click()
    assert p.locator(".wa-legend .wa-body").is_visible()
    assert p.locator(".wa-asset").count() == len(maps["public_ids"])
    _clean(page)
    p.close()


def test_screenshots_for_readme(browser, maps, tmp_path: Path) -> None:
    """The README screenshots come from pages like these; check a screenshot is a real, non-blank picture."""
    page = _open(browser, maps["pages"]["strengths"], width=900, height=600)
    shot = tmp_path / "s.png"
    page.page.screenshot(path=str(shot))
    from PIL import Image

    image = Image.open(shot).convert("RGB")
    colours = image.getcolors(maxcolors=1_000_000)
    assert image.size == (900, 600) and colours is not None and len(colours) > 200
    page.page.close()


def test_area_tooltip_shows_both_figures(browser, maps) -> None:
    page = _open(browser, maps["pages"]["dual"])
    text = h.hover_area(page.page, "BU05182915", pane=1)  # no asset symbols there
    assert text.splitlines() == [
        "Schildersbuurt-West BU05182915",
        next(x for x in text.splitlines() if x.startswith("Sterktes per 1.000 inwoners: ")),
        "Bijstandsuitkeringen per 1.000 inwoners: 117",
    ]
    assert (
        page.page.locator(".leaflet-tooltip.wa-tip b").first.inner_text() == "Schildersbuurt-West"
    )
    # only the area under the mouse is described by the tooltip (not all 114 of the pane)
    assert page.page.locator("path[aria-describedby]").count() == 1
    # the outlines sit on whole pixels in both panes (not blurred by a fractional offset)
    shifts = page.page.evaluate(
        "() => Array.from(document.querySelectorAll('.leaflet-overlay-pane > svg'))"
        ".map(s => s.style.transform)"
    )
    assert len(shifts) == 2 and all("." not in s for s in shifts), shifts
    _clean(page)
    page.page.close()


def test_area_labels_are_made_when_zoomed_in_and_show_hostile_names_as_text(
    browser, tmp_path: Path
) -> None:
    buurten = h.denhaag_buurten()
    hostile = buurten.copy()
    hostile.loc[hostile["code"] == "BU05182915", "naam"] = HOSTILE_AREA
    register = h.make_register(buurten)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from wijkassets.assets.privacy import public_view

        table = h.profile_like(hostile, public_view(register)[0])
        path = web.save_map(
            web.side_by_side_map(table, register=register, zoom_to="all"), tmp_path / "h.html"
        )
    page = _open(browser, path)
    p = page.page
    zoom = p.evaluate("() => Object.values(window).find(v => v instanceof L.Map).getZoom()")
    assert zoom < web.LABEL_MIN_ZOOM
    assert p.locator(".wa-label").count() == 0  # none made below the zoom where they show
    text = h.hover_area(p, "BU05182915", pane=1)
    assert text.startswith(HOSTILE_AREA + " BU05182915")
    p.evaluate(
        """() => { const m = Object.values(window).find(v => v instanceof L.Map);
                  const d = Object.keys(window).filter(k => k.startsWith('wa_areas_')).map(k => window[k])[0];
                  const i = d.c.indexOf('BU05182915');
                  m.setView([d.p[i][1] / 1e5, d.p[i][0] / 1e5], 15, {animate: false}); }"""
    )
    p.wait_for_timeout(300)
    labels = p.locator(".wa-label span")
    shown = labels.all_inner_texts()
    assert HOSTILE_AREA in shown  # the name shows as text, in both panes
    assert shown.count(HOSTILE_AREA) == 2
    assert 0 < labels.count() < 2 * 114  # only the areas in view
    assert p.locator(".wa-label img, .leaflet-tooltip img, img[src='y']").count() == 0
    p.wait_for_timeout(200)
    _clean(page)
    p.close()
