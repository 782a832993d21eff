"""Shared helpers for the render tests: real Den Haag buurten, a small register, a locked-down browser.

The buurten are CBS's Wijk- en buurtkaart 2015 of Den Haag (GM0518), read straight from the embedded file
``data/geo/haaglanden_buurt_2015.geojson`` with the contracted columns of ``wijkassets.areas.load_boundaries``.
The register is built here by hand (its rows are made up and say so), with the contracted columns of
``wijkassets.assets``; its points lie in the three real Schildersbuurten.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
BUURTEN_2015 = ROOT / "data" / "geo" / "haaglanden_buurt_2015.geojson"
XSS = "<img src=x onerror=alert(1)>"
SCHILDERSBUURTEN = ("BU05182915", "BU05182916", "BU05182917")


def denhaag_buurten() -> gpd.GeoDataFrame:
    """Return Den Haag's 114 buurten of 2015 (Bron: CBS) in EPSG:28992 with the contracted columns.

    Also ``inwoners`` (AANT_INW) and ``bijstand`` (WWB_UITTOT, bijstandsuitkeringen), secret values as NaN.
    """
    raw = gpd.read_file(BUURTEN_2015)
    raw = raw[raw["GM_CODE"] == "GM0518"].to_crs("EPSG:28992")
    out = gpd.GeoDataFrame(
        {
            "code": raw["BU_CODE"].str.strip(),
            "level": "buurt",
            "naam": raw["BU_NAAM"].str.strip(),
            "gemeentecode": raw["GM_CODE"].str.strip(),
            "wijkcode": raw["WK_CODE"].str.strip(),
            "year": 2015,
            "water": False,
            "inwoners": raw["AANT_INW"].where(raw["AANT_INW"] >= 0).astype(float),
            "bijstand": raw["WWB_UITTOT"].where(raw["WWB_UITTOT"] >= 0).astype(float),
        },
        geometry=raw.geometry.values,
        crs="EPSG:28992",
    ).reset_index(drop=True)
    out.attrs["source"] = "CBS, Wijk- en buurtkaart 2015. Bron: CBS"
    return out


def profile_like(buurten: gpd.GeoDataFrame, assets: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return a table shaped like ``wijkassets.analysis.profile``: counts per buurt plus two real CBS rates."""
    joined = gpd.sjoin(assets[["geometry"]], buurten[["code", "geometry"]], predicate="within")
    counts = joined.groupby("code").size()
    out = buurten.copy()
    out["n_assets"] = out["code"].map(counts).fillna(0).astype(int)
    inw = out["inwoners"]
    out["bijstand_per_1000"] = (out["bijstand"] / inw * 1000).where(inw >= 1)
    out.attrs["source"] = buurten.attrs["source"]
    out.attrs["sources"] = {
        "bijstand_per_1000": "CBS, Wijk- en buurtkaart 2015 (WWB_UITTOT / AANT_INW)",
        "inwoners": "CBS, Wijk- en buurtkaart 2015",
    }
    return out


def _point_in(buurten: gpd.GeoDataFrame, code: str, dx: float, dy: float) -> Any:
    from shapely.geometry import Point

    geom = buurten.loc[buurten["code"] == code, "geometry"].iloc[0]
    p = geom.representative_point()
    q = Point(p.x + dx, p.y + dy)
    return q if geom.contains(q) else p


def register_rows(buurten: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return made-up assets (full register columns) in the Schildersbuurten, one with a hostile name."""
    west, noord, oost = SCHILDERSBUURTEN
    rows = [
        # id, naam, categorie, privacy, toestemming, buurt, dx, dy, beeindigd
        ("a1", "Buurthuis De Mussen", "instelling", "openbaar", True, west, 0, 0, None),
        ("a2", "Moestuin Jacob Catsstraat", "fysieke plek", "openbaar", True, west, 120, 60, None),
        (
            "a3",
            "Voetbalclub Schilderswijk",
            "vereniging of netwerk",
            "openbaar",
            True,
            noord,
            0,
            0,
            None,
        ),
        ("a4", "Haagse Markt", "economie en ruil", "openbaar", True, oost, 0, 0, None),
        (
            "a5",
            "Verhalen van de Hoefkade",
            "cultuur en verhaal",
            "openbaar",
            True,
            noord,
            80,
            -90,
            None,
        ),
        ("a6", XSS, "fysieke plek", "openbaar", True, oost, -120, 40, None),
        (
            "a7",
            "Weggeefkast Vaillantlaan",
            "economie en ruil",
            "openbaar",
            True,
            west,
            -150,
            -80,
            None,
        ),
        (
            "a8",
            "Naaiatelier (alleen buurt)",
            "economie en ruil",
            "buurt",
            True,
            noord,
            -60,
            60,
            None,
        ),
        ("a9", "Geheime plek", "fysieke plek", "prive", True, oost, 60, 60, None),
        ("a10", "Oude speeltuin", "fysieke plek", "openbaar", True, west, 60, -120, "2025-06-01"),
        ("p1", "Fatima kookt", "individu", "openbaar", True, west, 30, 30, None),
    ]
    geoms = [_point_in(buurten, b, dx, dy) for (_, _, _, _, _, b, dx, dy, _) in rows]
    geoms[1] = geoms[1].buffer(20, quad_segs=2)  # the garden is recorded as an area (a polygon)
    return gpd.GeoDataFrame(
        {
            "id": [r[0] for r in rows],
            "naam": [r[1] for r in rows],
            "categorie": [r[2] for r in rows],
            "tags": [
                "ontmoeten;koffie",
                "groen",
                "sport;jeugd",
                "markt",
                "geschiedenis",
                "test",
                "",
                "",
                "",
                "",
                "koken",
            ],
            "beschrijving": [
                f"Omschrijving van {r[1]} (verzonnen testrij)." if r[0] != "a6" else XSS
                for r in rows
            ],
            "vastgelegd_door": "Tester Testsma",
            "vastgelegd_op": "2026-03-01",
            "bron": "buurtwandeling",
            "laatst_gezien": "2026-03-01",
            "beeindigd": [r[8] for r in rows],
            "privacy": [r[3] for r in rows],
            "toestemming": [r[4] for r in rows],
        },
        geometry=geoms,
        crs="EPSG:28992",
    )


def register_links() -> pd.DataFrame:
    """Return links between the made-up assets (one to a private asset, one to an individual)."""
    return pd.DataFrame(
        {
            "van": ["a1", "a3", "a1", "a2"],
            "naar": ["a2", "a5", "a9", "p1"],
            "soort": ["samenwerking", "samenwerking", "samenwerking", "hulp"],
            "notitie": [XSS, "Jeugd vertelt verhalen", "", ""],
        }
    )


def make_register(buurten: gpd.GeoDataFrame, path: Path | None = None) -> Any:
    """Return a real ``wijkassets.assets.register.Register`` holding :func:`register_rows` and its links."""
    from wijkassets.assets import schema
    from wijkassets.assets.register import Register

    assets = schema.conform_assets(register_rows(buurten))
    links = schema.conform_links(register_links())
    return Register(
        path,
        assets,
        links,
        schema.empty_history(),
        {
            "naam": "testregister Schilderswijk",
            "fictief": "ja",
            "aangemaakt_op": "2026-03-01T10:00:00+01:00",
            "bijgewerkt_op": "2026-03-02T10:00:00+01:00",
            "id_salt": "test",
        },
    )


# ----------------------------------------------------------------------------------------------- browser
@dataclass
class Page:
    """A page opened in headless Chromium with every outside request blocked."""

    page: Any
    outside: list[str]
    errors: list[str]
    dialogs: list[str]


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--headless"]


@contextmanager
def browser(executable: str) -> Iterator[Any]:
    """Yield a Playwright Chromium browser started from ``executable`` (no browser download)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def open_page(b: Any, path: Path, *, width: int = 1280, height: int = 800) -> Page:
    """Open ``path`` with outside requests aborted and recorded; collect console errors and dialogs."""
    page = b.new_page(viewport={"width": width, "height": height})
    outside: list[str] = []
    errors: list[str] = []
    dialogs: list[str] = []

    def route(r: Any) -> None:
        url = r.request.url
        if url.startswith(("file:", "data:", "about:", "blob:")):
            r.continue_()
        else:
            outside.append(url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    def on_dialog(d: Any) -> None:
        dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", on_dialog)
    page.goto(path.resolve().as_uri())
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    return Page(page, outside, errors, dialogs)


def make_readme_screenshots(folder: Path, *, chromium: str = "/usr/bin/chromium") -> list[Path]:
    """Write the README's screenshots of both web maps (the demo's inputs) as small PNGs into ``folder``.

    Run: ``.venv/bin/python -c "from pathlib import Path; from tests._render_helpers import
    make_readme_screenshots as m; m(Path('maps/voorbeeld'))"``.
    """
    import tempfile
    import warnings

    from PIL import Image

    from wijkassets.analysis import profile
    from wijkassets.areas import load_boundaries
    from wijkassets.assets import example_register_path, open_register
    from wijkassets.cbs import load_kwb
    from wijkassets.render import web

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        buurten = load_boundaries(2015, "buurt", gemeente="GM0518")
        register = open_register(example_register_path())
        table = profile(buurten, register, load_kwb(2015, gemeente="GM0518", level="buurt"))
        maps = {
            "sterktekaart": web.strengths_map(register, buurten),
            "sterktes-naast-tekorten": web.side_by_side_map(table, register=register),
        }
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as tmp, browser(chromium) as b:
        for name, m in maps.items():
            page = open_page(b, web.save_map(m, Path(tmp) / f"{name}.html"), width=1200, height=720)
            if page.outside or page.errors:
                raise RuntimeError(f"{name}: {page.outside} {page.errors}")
            if name == "sterktekaart":
                # show what a popup looks like
                page.page.locator(".wa-cat-fysieke_plek").first.click()
                page.page.mouse.move(600, 710)  # no tooltip over the popup
                page.page.wait_for_timeout(400)
            png = Path(tmp) / f"{name}.png"
            page.page.screenshot(path=str(png))
            out = folder / f"{name}.png"
            # 256 colours (octree keeps the small marker colours exact) keep the PNG small
            image = Image.open(png).convert("RGB")
            image.quantize(colors=256, method=Image.Quantize.FASTOCTREE).save(out, optimize=True)
            written.append(out)
    return written


def area_data(page: str) -> dict[str, Any]:
    """Return the areas' data written into a map page (``window.wa_areas_... = {...};``, JSON)."""
    import json
    import re

    found = re.search(r"var data = (?:window\.\w+ = )?(\{.*?\});\n", page)
    if found is None:
        raise AssertionError("no area data in the page")
    data: dict[str, Any] = json.loads(found.group(1))
    return data


def hover_area(page: Any, code: str, *, pane: int = 0) -> str:
    """Move the mouse onto the label point of area ``code`` in map ``pane``; return the tooltip's text."""
    point = page.evaluate(
        """([code, pane]) => {
          const maps = Object.values(window).filter(v => v instanceof L.Map);
          const data = Object.keys(window).filter(k => k.startsWith('wa_areas_')).map(k => window[k])[0]
            || null;
          const m = maps[pane];
          let d = data;
          if (!d) { return null; }
          const i = d.c.indexOf(code);
          const p = m.latLngToContainerPoint([d.p[i][1] / 1e5, d.p[i][0] / 1e5]);
          const r = m.getContainer().getBoundingClientRect();
          return [r.x + p.x, r.y + p.y];
        }""",
        [code, pane],
    )
    if point is None:
        raise AssertionError("no shared area data on the page")
    page.mouse.move(point[0] - 3, point[1] - 3)
    page.mouse.move(point[0], point[1])
    tip = page.locator(".leaflet-tooltip.wa-tip")
    tip.first.wait_for()
    text: str = tip.first.inner_text()
    return text
