"""Boundaries: page through a national PDOK OGC API Features layer on a fake server, against one plain loop.

The fake server (``tests/fakeserver.py``) answers on 127.0.0.1 in the shape of PDOK's OGC API Features
(``/cbs/wijken-en-buurten-2024/ogc/v1/collections/buurten/items``, GeoJSON pages of at most 1000 features
linked by ``rel="next"``, coordinates in EPSG:28992 when asked through ``crs``). The features are the SYNTHETIC
national tessellation, with the property names of the real PDOK 2021 buurten file in ``tests/data/geo`` and
outlines densified to a vertex every 50 m so a page weighs about what a real one does.
"""

from __future__ import annotations

import json
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from bench import _data, _harness, _peers
from bench._harness import NotBuilt, Result, Row, profile_top, timeit

YEAR = 2024
PATH = f"/cbs/wijken-en-buurten-{YEAR}/ogc/v1/collections/buurten/items"
RD_URI = "http://www.opengis.net/def/crs/EPSG/0/28992"
PAGE = 1000


def _features(n: int) -> list[dict[str, Any]]:
    import shapely

    # the first n cells of the national tessellation: buurt-sized areas even in a quick run
    tess = _data.tessellation(15_000).iloc[:n]
    geoms = shapely.segmentize(tess.geometry.values, 50.0)
    geoms = shapely.set_precision(geoms, 0.001)
    rng = np.random.default_rng(5)
    inw = rng.integers(0, 5000, len(tess))
    feats = []
    for i, (code, geom) in enumerate(zip(tess["code"], geoms, strict=True)):
        gm = f"GM{9000 + i // 40:04d}"[:6]
        bu = f"BU{gm[2:]}{i % 40:02d}{i % 7:02d}"
        feats.append(
            {
                "type": "Feature",
                "id": i + 1,
                "geometry": shapely.geometry.mapping(geom),
                "properties": {
                    "buurtcode": bu,
                    "buurtnaam": f"Synthetische buurt {code}",
                    "wijkcode": "WK" + bu[2:8],
                    "wijknaam": f"Synthetische wijk {bu[2:8]}",
                    "gemeentecode": gm,
                    "gemeentenaam": f"Synthetische gemeente {gm}",
                    "water": "NEE",
                    "aantal_inwoners": int(inw[i]),
                    "jaarstatcode": f"{YEAR}{bu}",
                },
            }
        )
    return feats


def _pages(feats: list[dict[str, Any]], base: str) -> list[bytes]:
    pages = []
    for start in range(0, len(feats), PAGE):
        links = [{"rel": "self", "type": "application/geo+json", "href": f"{base}{PATH}"}]
        if start + PAGE < len(feats):
            links.append(
                {
                    "rel": "next",
                    "type": "application/geo+json",
                    "href": f"{base}{PATH}?f=json&limit={PAGE}&crs={RD_URI}&cursor={start + PAGE}",
                }
            )
        body = {
            "type": "FeatureCollection",
            "timeStamp": "2025-01-01T00:00:00Z",
            "links": links,
            "numberReturned": len(feats[start : start + PAGE]),
            "features": feats[start : start + PAGE],
        }
        pages.append(json.dumps(body, separators=(",", ":")).encode("utf-8"))
    return pages


def _server(n: int) -> tuple[Any, int, int]:
    from tests.fakeserver import Answer, FakeServer, Request

    server = FakeServer().start()
    feats = _features(n)
    pages = _pages(feats, server.url)
    headers = {"Content-Type": "application/geo+json", "Content-Crs": f"<{RD_URI}>"}

    def items(req: Request) -> Answer:
        cursor = int((req.query.get("cursor") or req.query.get("offset") or ["0"])[0])
        i = cursor // PAGE
        if i >= len(pages):
            empty = {"type": "FeatureCollection", "features": [], "links": [], "numberReturned": 0}
            return Answer(empty, headers=headers)
        return Answer(pages[i], headers=headers)

    server.routes[PATH] = items
    for level in ("wijken", "gemeenten"):
        server.routes[PATH.replace("buurten", level)] = items
    return server, len(feats), sum(len(p) for p in pages)


def _plain(url: str) -> Any:
    import geopandas as gpd

    feats = _peers.plain_paging(url, {"f": "json", "limit": str(PAGE), "crs": RD_URI})
    return gpd.GeoDataFrame.from_features(feats, crs=_data.RD)


def _ours_loader(server_url: str) -> Callable[[], Any]:
    """Return ``load_boundaries(YEAR, "buurt")`` with wijkassets' PDOK root pointed at the fake server."""
    try:
        from wijkassets.areas import _pdok, load_boundaries
    except ImportError as exc:
        raise NotBuilt("wijkassets.areas.load_boundaries not built yet") from exc
    _ORIGINAL.setdefault("BASE_URL", _pdok.BASE_URL)
    _pdok.BASE_URL = f"{server_url}/cbs"
    return lambda: load_boundaries(YEAR, "buurt")


_ORIGINAL: dict[str, str] = {}


def _restore_pdok() -> None:
    from wijkassets.areas import _pdok

    if "BASE_URL" in _ORIGINAL:
        _pdok.BASE_URL = _ORIGINAL.pop("BASE_URL")


def _limits(gdf: Any, repeat: int, result: Result, *, ours: float, cached: float) -> None:
    """Measure the two costs the profile points at, and what would replace them (experiments, same run)."""
    import geopandas as gpd
    import shapely

    from wijkassets.areas._geometry import resolve_overlaps

    geoms = gdf.geometry.values
    res = timeit(lambda: resolve_overlaps(gdf), repeat=repeat)
    cov = timeit(lambda: shapely.coverage_invalid_edges(geoms), repeat=repeat)
    suspects = int((~shapely.is_empty(cov.value)).sum())
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "buurten.parquet"
        gdf.to_parquet(path)
        pq = timeit(lambda: gpd.read_parquet(path), repeat=repeat)
    result.extra.append(
        Row(
            "resolve_overlaps() alone on the loaded buurten",
            res.best,
            None,
            "",
        )
    )
    result.extra.append(
        Row(
            f"shapely.coverage_invalid_edges() alone on the same buurten "
            f"({suspects:,} areas with an edge that is not shared cleanly)",
            cov.best,
            None,
            "",
        )
    )
    result.extra.append(
        Row(
            "experiment: gpd.read_parquet of the finished GeoDataFrame (a GeoParquet cache)",
            pq.best,
            None,
            "",
        )
    )
    slow_cache = cached > 3 * pq.best
    result.notes.append(
        "What limits the download: wijkassets does more than the plain loop. It repairs the geometry "
        f"(`wijkassets/areas/_geometry.py::repair`; `resolve_overlaps` alone takes {res.best:.2f} s here, "
        f"{res.best / ours:.0%} of the download, and the `shapely.coverage_invalid_edges` pass in it "
        f"{cov.best:.2f} s) and writes the cache; the profile above shows where the rest goes. Overlapping "
        "that work with the download (repair each page's areas while the next page is on its way; the "
        "coverage check needs the whole layer, so only the per-area repair can move) would take part of it "
        "off the critical path."
        + (
            f" The cached load ({cached:.2f} s) is more than three times the time to read the finished "
            f"GeoDataFrame from GeoParquet ({pq.best:.2f} s): see its profile."
            if slow_cache
            else f" The cached load ({cached:.2f} s) is already close to reading a GeoParquet file."
        )
    )


def run(quick: bool = False) -> Result:
    """Page through a national buurten layer with wijkassets and with a plain loop; also time the cached load."""
    from wijkassets import settings

    n = 1_200 if quick else 15_000
    repeat = 1 if quick else 2
    server, nfeat, nbytes = _server(n)
    result = Result(
        "paging",
        "Boundaries: paging a national PDOK layer",
        data=(
            f"{nfeat:,} SYNTHETIC buurten ({nbytes / 1e6:.0f} MB of GeoJSON in {-(-nfeat // PAGE)} pages of "
            f"{PAGE}) served by a fake PDOK OGC API Features server on 127.0.0.1. Best of "
            f"{repeat} run{'s' if repeat > 1 else ''} (wijkassets' download: one run, each from an empty "
            "cache)."
        ),
    )
    url = f"{server.url}{PATH}"
    ours: float | None = None
    cached: float | None = None
    try:
        peer = timeit(lambda: _plain(url), repeat=repeat)
        try:
            load = _ours_loader(server.url)
            old = (settings.cache_folder, settings.offline)
            try:
                with tempfile.TemporaryDirectory() as tmp, warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    settings.offline = False

                    def fresh() -> Any:
                        # every run starts from an empty cache: the download is what is timed
                        settings.cache_folder = Path(tempfile.mkdtemp(dir=tmp))
                        return load()

                    try:
                        t = timeit(fresh, repeat=1)
                    except Exception as exc:
                        raise NotBuilt(
                            "load_boundaries could not be pointed at the fake PDOK server "
                            f"({type(exc).__name__}: {str(exc)[:200]})"
                        ) from exc
                    ours = t.best
                    if len(t.value) != nfeat:
                        result.notes.append(
                            f"load_boundaries returned {len(t.value):,} areas of {nfeat:,} served."
                        )
                    settings.offline = True
                    c = timeit(load, repeat=repeat)
                    cached = c.best
                    if _harness.DEEP and ours > peer.best:
                        settings.offline = False
                        result.notes.append(
                            "Profile of load_boundaries downloading from the fake server into an empty "
                            "cache, top entries by cumulative time:\n\n```\n"
                            + profile_top(fresh, n=25)
                            + "\n```"
                        )
                        settings.offline = True
                    if _harness.DEEP and cached > peer.best:
                        result.notes.append(
                            "Profile of load_boundaries from the cache, top entries by cumulative "
                            "time:\n\n```\n" + profile_top(load, n=25) + "\n```"
                        )
                    if _harness.DEEP and (ours > peer.best or cached > peer.best):
                        _limits(t.value, repeat, result, ours=ours, cached=cached)
            finally:
                settings.cache_folder, settings.offline = old
                _restore_pdok()
        except NotBuilt as exc:
            result.not_measured.append(str(exc))
        result.rows.append(
            Row(
                f"download {nfeat:,} buurten in pages of {PAGE} (load_boundaries)",
                ours,
                peer.best,
                "requests loop + GeoDataFrame.from_features",
                goal="no goal set; compare",
            )
        )
        result.rows.append(
            Row(
                "the same layer again, from wijkassets' cache (offline)",
                cached,
                peer.best,
                "requests loop (downloads again)",
            )
        )
    finally:
        server.stop()
    return result
