"""Write folium maps that load nothing from the internet.

folium links Leaflet, jQuery, Bootstrap, Leaflet.awesome-markers, Font Awesome, glyphicons and Leaflet.Sync from
public CDNs; offline such a page shows nothing. Here every element's CDN links are replaced by the files vendored
in ``render/static/`` (Leaflet, its stylesheet with the images as data URIs, Leaflet.Sync), either written into
the page or copied into a folder beside it. Libraries the wijkassets maps do not use (jQuery, Bootstrap, the
marker plugin, icon fonts) are left out; if a page turns out to need one of them, or links anything else from
outside, writing it fails with a message instead of producing a map that is blank offline.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from wijkassets._errors import WijkassetsError

STATIC = Path(__file__).resolve().parent / "static"
#: Folder written beside a page saved with ``self_contained=False``.
SHARED_FOLDER = "wijkassets-static"

# folium's resource names -> what replaces them.
_SHIPPED_JS = {"leaflet": "leaflet/leaflet.js", "Leaflet.Sync": "leaflet.sync/L.Map.Sync.js"}
_SHIPPED_CSS = {"leaflet_css": "leaflet/leaflet.css"}
# Left out; the check below makes sure nothing in the page uses them.
_UNUSED: dict[str, re.Pattern[str] | None] = {
    "jquery": re.compile(r"\$\(|jQuery"),
    "bootstrap": re.compile(r"data-bs-|bootstrap\.[A-Z]"),
    "bootstrap_css": None,
    "glyphicons_css": re.compile(r"glyphicon"),
    "awesome_markers": re.compile(r"AwesomeMarkers"),
    "awesome_markers_font_css": re.compile(r"class=[\"\']fa[srb]? |\bfa-solid"),
    "awesome_markers_css": None,
    "awesome_rotate_css": None,
}
_FILES = ("leaflet/leaflet.js", "leaflet/leaflet.css", "leaflet.sync/L.Map.Sync.js")
_LICENCES = ("leaflet/LICENSE", "leaflet.sync/LICENSE", "README.md")

# A resource fetched from outside: <script src=http...>, <link href=http...>, <img src=...>, CSS url(http...).
_OUTSIDE = re.compile(
    r"<(?:script|link|img|iframe|source|video|audio)\b[^>]*\b(?:src|href)\s*=\s*[\"']?(?:https?:)?//[^\"'\s>]*"
    r"|url\(\s*[\"']?(?:https?:)?//[^)]*\)",
    re.IGNORECASE,
)


@cache
def _static_text(name: str) -> str:
    return (STATIC / name).read_text(encoding="utf-8")


@cache
def leaflet_css() -> str:
    """Return Leaflet's stylesheet with its images as data URIs (so it works inlined and offline)."""
    css = _static_text("leaflet/leaflet.css")

    def data_uri(match: re.Match[str]) -> str:
        png = (STATIC / "leaflet" / match.group(1)).read_bytes()
        return f"url(data:image/png;base64,{base64.b64encode(png).decode('ascii')})"

    return re.sub(r"url\((images/[\w.-]+\.png)\)", data_uri, css)


@cache
def _default_icon_script() -> str:
    # Leaflet finds its default marker image through a CSS background URL, which fails for inlined CSS; give
    # it the images directly so any L.marker without an icon still shows.
    def uri(name: str) -> str:
        png = (STATIC / "leaflet" / "images" / name).read_bytes()
        return "data:image/png;base64," + base64.b64encode(png).decode("ascii")

    return (
        "L.Icon.Default.imagePath = '';"
        f"L.Icon.Default.mergeOptions({{iconUrl: '{uri('marker-icon.png')}', "
        f"iconRetinaUrl: '{uri('marker-icon-2x.png')}', shadowUrl: '{uri('marker-shadow.png')}'}});"
    )


def _walk(element: Any) -> Iterator[Any]:
    yield element
    for child in list(getattr(element, "_children", {}).values()):
        yield from _walk(child)
    for attr in ("m1", "m2", "header", "html", "script"):
        sub = getattr(element, attr, None)
        if sub is not None and hasattr(sub, "_children") and sub is not element:
            yield from _walk(sub)


def _script_tag(code: str) -> str:
    return "<script>" + code.replace("</script", "<\\/script") + "</script>"


def render_offline(m: Any, *, self_contained: bool = True) -> str:
    """Return the HTML of folium map ``m`` with the vendored assets instead of CDN links.

    Parameters
    ----------
    m
        A ``folium.Map`` or ``folium.plugins.DualMap`` (or any folium element in a figure).
    self_contained
        True: Leaflet and its stylesheet are written into the page. False: the page links them from
        ``wijkassets-static/`` beside it (see :func:`write_shared_folder`).

    Raises
    ------
    WijkassetsError
        When the page uses a library wijkassets does not ship, or links anything else from outside.
    """
    root = m.get_root()
    urls: dict[str, str] = {}  # CDN url -> folium's resource name
    for element in _walk(root):
        for attr in ("default_js", "default_css"):
            for name, url in getattr(element, attr, None) or []:
                urls[url] = name
    page: str = root.render()
    dropped: set[str] = set()

    def replace(match: re.Match[str] | _Url) -> str:
        url = match.group("url")
        name = urls.get(url)
        if name in _SHIPPED_JS:
            file = _SHIPPED_JS[name]
            if not self_contained:
                tag = f'<script src="{SHARED_FOLDER}/{file}"></script>'
            else:
                tag = _script_tag(_static_text(file))
            if name == "leaflet":
                tag += _script_tag(_default_icon_script())
            return tag
        if name in _SHIPPED_CSS:
            file = _SHIPPED_CSS[name]
            if not self_contained:
                return f'<link rel="stylesheet" href="{SHARED_FOLDER}/{file}"/>'
            return "<style>" + leaflet_css() + "</style>"
        if name in _UNUSED:
            dropped.add(name)
            return ""
        return match.group(0)  # not ours: the check below reports it

    page = re.sub(
        r'<script src="(?P<url>[^"]+)"></script>|<link rel="stylesheet" href="(?P<url2>[^"]+)"\s*/?>',
        lambda mt: replace(_Url(mt)),
        page,
    )
    _check_offline(page, dropped)
    return page


class _Url:
    """Give both alternatives of the link pattern one ``url`` group."""

    def __init__(self, match: re.Match[str]) -> None:
        self._match = match

    def group(self, name: str | int) -> str:
        if name == "url":
            return self._match.group("url") or self._match.group("url2")
        return self._match.group(name)


def _check_offline(page: str, dropped: set[str]) -> None:
    problems = []
    own = page
    for name in _FILES:
        own = own.replace(_static_text(name), "")
    for name in sorted(dropped):
        pattern = _UNUSED[name]
        if pattern is not None and pattern.search(own):
            problems.append(
                f"the page uses {name}, which wijkassets does not ship for offline maps"
            )
    problems += [
        f"the page loads {hit[:120]!r} from the internet" for hit in _OUTSIDE.findall(page)
    ]
    if problems:
        msg = (
            "Cannot write a map that works offline: "
            + "; ".join(problems)
            + ". Build maps with wijkassets.render.web (it uses only Leaflet and Leaflet.Sync), "
            "or leave out the folium plugin that needs it."
        )
        raise WijkassetsError(msg)


def write_shared_folder(folder: str | Path) -> Path:
    """Copy the vendored files (and their licences) into ``folder / "wijkassets-static"``; return that path."""
    from wijkassets._io import atomic_write_bytes, atomic_write_text

    target = Path(folder) / SHARED_FOLDER
    for name in _FILES:
        if name == "leaflet/leaflet.css":
            atomic_write_text(target / name, leaflet_css())
        else:
            atomic_write_bytes(target / name, (STATIC / name).read_bytes())
    for name in _LICENCES:
        atomic_write_bytes(target / name, (STATIC / name).read_bytes())
    return target
