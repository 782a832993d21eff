"""Test helpers for the print maps: real boundaries and real places with the contracted columns.

The buurten are CBS's Wijk- en buurtkaart 2015 (``data/geo/haaglanden_buurt_2015.geojson``, Bron: CBS) in the
columns of ``wijkassets.areas.load_boundaries``. The assets are the real primary schools of DUO's 2016 list
(``data/assets/haaglanden_scholen_basisonderwijs_DUO2016.geojson``, Bron: DUO) in the Schilderswijk, in the
columns of ``wijkassets.assets.open_register(...).assets``; a test that needs other categories or resident text
(an emoji, an HTML tag) adds rows itself and says so.
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import geopandas as gpd
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
SCHILDERSWIJK = ("BU05182915", "BU05182916", "BU05182917")


def buurten_2015(gemeente: str = "GM0518") -> gpd.GeoDataFrame:
    """Return Den Haag's 2015 buurten in the columns of ``load_boundaries`` (EPSG:28992)."""
    raw = gpd.read_file(ROOT / "data" / "geo" / "haaglanden_buurt_2015.geojson")
    raw = raw[raw["GM_CODE"] == gemeente]
    out = gpd.GeoDataFrame(
        {
            "code": raw["BU_CODE"].str.strip(),
            "level": "buurt",
            "naam": raw["BU_NAAM"].str.strip(),
            "gemeentecode": raw["GM_CODE"].str.strip(),
            "wijkcode": raw["WK_CODE"].str.strip(),
            "year": 2015,
            "water": False,
        },
        geometry=raw.geometry.values,
        crs=raw.crs,
    ).to_crs(28992)
    return out.reset_index(drop=True)


def schools_as_assets(buurt_codes: tuple[str, ...] = SCHILDERSWIJK) -> gpd.GeoDataFrame:
    """Return DUO's 2016 primary schools inside ``buurt_codes`` as register rows (category instelling)."""
    schools = gpd.read_file(
        ROOT / "data" / "assets" / "haaglanden_scholen_basisonderwijs_DUO2016.geojson"
    ).to_crs(28992)
    areas = buurten_2015()
    areas = areas[areas["code"].isin(buurt_codes)]
    inside = schools[schools.geometry.within(areas.union_all())].reset_index(drop=True)
    n = len(inside)
    street = inside["STRAATNAAM"].astype(str).str.title()
    return gpd.GeoDataFrame(
        {
            "id": [f"duo-{b}" for b in inside["VESTIGINGSNUMMER"]],
            "naam": inside["VESTIGINGSNAAM "].astype(str).str.strip(),
            "categorie": ["instelling"] * n,
            "tags": ["school;basisonderwijs"] * n,
            "beschrijving": "Basisschool aan de " + street + " (DUO, mei 2016).",
            "vastgelegd_door": ["DUO"] * n,
            "vastgelegd_op": [date(2016, 5, 1)] * n,
            "bron": ["DUO basisonderwijs 2016"] * n,
            "laatst_gezien": [date(2016, 5, 1)] * n,
            "beeindigd": [pd.NA] * n,
            "privacy": ["openbaar"] * n,
            "toestemming": [True] * n,
        },
        geometry=inside.geometry.values,
        crs=28992,
    )


def pdf_pages_to_png(pdftoppm: str, pdf: Path, out_dir: Path, *, dpi: int = 50) -> list[Path]:
    """Turn every page of ``pdf`` into a PNG with pdftoppm and return the PNGs in page order."""
    out_dir.mkdir(parents=True, exist_ok=True)
    prefix = out_dir / pdf.stem
    subprocess.run([pdftoppm, "-r", str(dpi), "-png", str(pdf), str(prefix)], check=True)
    return sorted(out_dir.glob(f"{pdf.stem}*.png"))


def has_pdffonts() -> bool:
    """Return True when poppler's pdffonts is installed (it comes with pdftoppm)."""
    return shutil.which("pdffonts") is not None


def poppler_tool(pdftoppm: str, name: str) -> str:
    """Return the path of another poppler-utils tool (pdftotext, pdffonts) installed beside pdftoppm."""
    path = Path(pdftoppm).with_name(name)
    found = str(path) if path.exists() else shutil.which(name)
    assert found, f"{name} is missing although pdftoppm is installed (both are in poppler-utils)"
    return found


def pdf_text(pdftoppm: str, pdf: Path) -> str:
    """Return the text of ``pdf`` (pdftotext, layout kept)."""
    tool = poppler_tool(pdftoppm, "pdftotext")
    return subprocess.run(
        [tool, "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout


def pdf_fonts(pdftoppm: str, pdf: Path) -> str:
    """Return pdffonts' table of the fonts embedded in ``pdf``."""
    tool = poppler_tool(pdftoppm, "pdffonts")
    return subprocess.run([tool, str(pdf)], check=True, capture_output=True, text=True).stdout


def png_tile(colour: tuple[int, int, int] = (190, 215, 240)) -> bytes:
    """Return a 256x256 PNG like a BRT-Achtergrondkaart tile (a plain colour with a dark 'street' across).

    A test tool for the fake tile server: made here with PIL, in the real tile format (PNG, 256 pixels).
    """
    import io

    from PIL import Image, ImageDraw

    img = Image.new("RGB", (256, 256), colour)
    ImageDraw.Draw(img).line([(0, 128), (256, 128)], fill=(60, 60, 60), width=6)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def den_haag_profile() -> gpd.GeoDataFrame:
    """Return a small real profile of Den Haag's 2015 buurten for the two-panel figure.

    Strength: DUO's primary schools (2016) per 1,000 inwoners; deficit: bijstand benefits (WWB_UITTOT) per
    1,000 inwoners; both from the real files, inwoners and WWB_UITTOT from the CBS Wijk- en buurtkaart 2015
    (``-99999999`` = secret, made NaN).
    """
    raw = gpd.read_file(ROOT / "data" / "geo" / "haaglanden_buurt_2015.geojson")
    raw = raw[raw["GM_CODE"] == "GM0518"].to_crs(28992)
    schools = gpd.read_file(
        ROOT / "data" / "assets" / "haaglanden_scholen_basisonderwijs_DUO2016.geojson"
    ).to_crs(28992)
    joined = gpd.sjoin(schools, raw[["BU_CODE", "geometry"]], predicate="within")
    per_buurt = joined.groupby("BU_CODE").size()
    inwoners = raw["AANT_INW"].where(raw["AANT_INW"] >= 0)
    bijstand = raw["WWB_UITTOT"].where(raw["WWB_UITTOT"] >= 0)
    prof = gpd.GeoDataFrame(
        {
            "code": raw["BU_CODE"],
            "naam": raw["BU_NAAM"],
            "inwoners": inwoners,
            "scholen_per_1000": raw["BU_CODE"].map(per_buurt).fillna(0) / inwoners * 1000,
            "bijstand_per_1000": bijstand / inwoners * 1000,
        },
        geometry=raw.geometry,
        crs=raw.crs,
    )
    prof = prof[prof["inwoners"] > 0].reset_index(drop=True)
    prof.attrs["sources"] = {
        "scholen_per_1000": "DUO basisonderwijs 2016; inwoners: CBS Wijk- en buurtkaart 2015. Bron: CBS, DUO",
        "bijstand_per_1000": "CBS Wijk- en buurtkaart 2015 (WWB_UITTOT per 1.000 inwoners). Bron: CBS",
    }
    return prof
