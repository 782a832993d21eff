"""Open a map page in headless Chromium and measure what it weighs and when it first paints.

Debian's ``/usr/bin/chromium`` is driven by the Playwright Python package (no browser download). The page and
everything beside it are served from disk through Playwright's request routing under a made-up origin, so every
byte the page loads is counted. A request for one of the vendored web assets (Leaflet, its CSS, Leaflet.Sync)
from a CDN is answered with the same local file that wijkassets ships; every other outside request is blocked
and listed. So both pages get "the same local Leaflet assets", and neither reaches the internet.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bench._harness import ROOT

CHROMIUM = "/usr/bin/chromium"
ORIGIN = "http://bench.invalid"
STATIC = ROOT / "wijkassets" / "render" / "static"
LOCAL_ASSETS = {
    "leaflet.js": STATIC / "leaflet" / "leaflet.js",
    "leaflet.css": STATIC / "leaflet" / "leaflet.css",
    "L.Map.Sync.js": STATIC / "leaflet.sync" / "L.Map.Sync.js",
    "L.Map.Sync.min.js": STATIC / "leaflet.sync" / "L.Map.Sync.js",
}
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "application/javascript",
    ".css": "text/css",
    ".png": "image/png",
    ".json": "application/json",
    ".geojson": "application/geo+json",
    ".svg": "image/svg+xml",
}


@dataclass
class PageLoad:
    """What one page load cost: bytes served, first contentful paint, areas drawn, load event (ms)."""

    bytes: int = 0
    fcp_ms: float | None = None
    drawn_ms: float | None = None
    load_ms: float | None = None
    shapes: int = 0
    blocked: list[str] = field(default_factory=list)
    local_cdn: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@contextlib.contextmanager
def browser() -> Iterator[Any]:
    """Yield a headless Debian Chromium driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            yield b
        finally:
            b.close()


# when the map shows: the overlay pane holds its shapes (SVG paths, or a canvas)
_DRAWN = """() => {
  const panes = document.querySelectorAll('.leaflet-overlay-pane');
  let n = 0;
  for (const p of panes) n += p.querySelectorAll('path').length + p.querySelectorAll('canvas').length;
  if (n > 0) { window.__drawn = window.__drawn || performance.now(); window.__shapes = n; }
  return n > 0;
}"""


def _router(folder: Path, result: PageLoad) -> Any:
    """Return a Playwright route handler: the page's folder under ORIGIN, vendored assets for CDN links."""

    def route(r: Any) -> None:
        url = r.request.url
        parts = urlsplit(url)
        if url.startswith(ORIGIN):
            local = (folder / parts.path.lstrip("/")).resolve()
            if local.is_file() and folder.resolve() in local.parents:
                body = local.read_bytes()
                result.bytes += len(body)
                r.fulfill(
                    status=200,
                    body=body,
                    headers={"Content-Type": TYPES.get(local.suffix, "application/octet-stream")},
                )
                return
            r.fulfill(status=404, body=b"")
            return
        name = Path(parts.path).name
        if name in LOCAL_ASSETS and LOCAL_ASSETS[name].is_file():
            body = LOCAL_ASSETS[name].read_bytes()
            result.bytes += len(body)
            result.local_cdn.append(name)
            r.fulfill(
                status=200,
                body=body,
                headers={"Content-Type": TYPES.get(Path(name).suffix, "text/plain")},
            )
            return
        result.blocked.append(f"{parts.netloc}{parts.path}")
        r.abort()

    return route


def measure(b: Any, page_path: Path, *, timeout_ms: int = 120_000) -> PageLoad:
    """Open ``page_path`` (files beside it are served too) in a fresh page; return what it cost."""
    folder = page_path.parent
    result = PageLoad()
    context = b.new_context(viewport={"width": 1280, "height": 800}, service_workers="block")
    page = context.new_page()

    context.route("**/*", _router(folder, result))
    page.on("pageerror", lambda exc: result.errors.append(str(exc)[:200]))
    try:
        page.goto(f"{ORIGIN}/{page_path.name}", wait_until="load", timeout=timeout_ms)
        page.wait_for_function(_DRAWN, polling="raf", timeout=timeout_ms)
        # the paint entry is reported a frame or two after the paint itself
        with contextlib.suppress(Exception):
            page.wait_for_function(
                "() => performance.getEntriesByType('paint')"
                ".some(e => e.name === 'first-contentful-paint')",
                timeout=10_000,
            )
        timing = page.evaluate(
            """() => {
              const p = performance.getEntriesByType('paint')
                .find(e => e.name === 'first-contentful-paint');
              const nav = performance.getEntriesByType('navigation')[0];
              return {fcp: p ? p.startTime : null, drawn: window.__drawn || null,
                      load: nav ? nav.loadEventEnd : null, shapes: window.__shapes || 0};
            }"""
        )
        result.fcp_ms = timing["fcp"]
        result.drawn_ms = timing["drawn"]
        result.load_ms = timing["load"]
        result.shapes = int(timing["shapes"])
    finally:
        context.close()
    return result


def js_profile(b: Any, page_path: Path, *, n: int = 10) -> list[tuple[float, str]]:
    """Load the page once under Chromium's sampling JavaScript profiler; return the top ``n`` self times.

    Each entry is (milliseconds, "function (file:line)"), summed over the samples taken until the load event.
    """
    import collections

    page_load = PageLoad()
    context = b.new_context(viewport={"width": 1280, "height": 800}, service_workers="block")
    page = context.new_page()
    context.route("**/*", _router(page_path.parent, page_load))
    cdp = context.new_cdp_session(page)
    try:
        cdp.send("Profiler.enable")
        cdp.send("Profiler.setSamplingInterval", {"interval": 200})
        cdp.send("Profiler.start")
        page.goto(f"{ORIGIN}/{page_path.name}", wait_until="load", timeout=120_000)
        page.wait_for_function(_DRAWN, polling="raf", timeout=120_000)
        profile = cdp.send("Profiler.stop")["profile"]
    finally:
        context.close()
    nodes = {node["id"]: node for node in profile["nodes"]}
    spent: collections.Counter[str] = collections.Counter()
    for sample, delta in zip(profile["samples"], profile["timeDeltas"], strict=False):
        frame = nodes[sample]["callFrame"]
        where = Path(urlsplit(frame["url"]).path).name
        name = frame["functionName"] or "(anonymous)"
        spent[f"{name} ({where}:{frame['lineNumber'] + 1})" if where else name] += delta
    return [(us / 1000, name) for name, us in spent.most_common(n)]


def best_of(b: Any, page_path: Path, repeat: int) -> PageLoad:
    """Load the page ``repeat`` times; return the load with the earliest first paint."""
    loads = [measure(b, page_path) for _ in range(max(1, repeat))]
    return min(loads, key=lambda x: x.fcp_ms if x.fcp_ms is not None else float("inf"))
