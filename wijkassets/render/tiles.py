"""Street context for print maps: PDOK's BRT-Achtergrondkaart tiles in RD (EPSG:28992), cached for offline use.

The BRT-Achtergrondkaart (Kadaster, CC BY 4.0) is served by PDOK as WMTS tiles. Its RESTful URL is
``https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/{layer}/EPSG:28992/{z}/{x}/{y}.png`` with layers
``standaard``, ``grijs``, ``pastel`` and ``water``. We use the RD tile matrix set (EPSG:28992), so the tiles fit
our metric maps without resampling: 256-pixel tiles, top-left origin (-285401.92, 903401.92), 3440.64 m per
pixel at level 0, halving at each level; rows counted from the top (WMTS, not TMS).

Every tile is stored in wijkassets' cache (namespace ``tiles``) the first time it is fetched, so a walk map made
once online can be made again on an offline day. OpenStreetMap's tile policy forbids bulk prefetching, so we
never use OSM tiles here. Set ``WIJKASSETS_TILES_URL`` (a template with ``{layer}``, ``{z}``, ``{x}``, ``{y}``)
to use another server with the same tile grid, e.g. a local mirror.
"""

from __future__ import annotations

import io
import math
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from wijkassets import _cache, _http, settings
from wijkassets._errors import OfflineError, SourceError, WijkassetsError

if TYPE_CHECKING:
    import numpy as np
    import requests

PDOK_URL = (
    "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/{layer}/EPSG:28992/{z}/{x}/{y}.png"
)
LAYERS = ("grijs", "standaard", "pastel", "water")
ORIGIN_X = -285401.92
ORIGIN_Y = 903401.92
RES0 = 3440.64
TILE = 256
MAX_ZOOM = 14
#: Most tiles one map (or one ``wijkassets tiles`` run) may fetch: enough for a large buurt on A3, small enough
#: that nobody downloads a city by accident.
MAX_TILES = 600
NAMESPACE = "tiles"
ATTRIBUTION = {
    "nl": "Achtergrond: BRT-Achtergrondkaart, \u00a9 Kadaster / PDOK (CC BY 4.0)",
    "en": "Background: BRT-Achtergrondkaart, \u00a9 Kadaster / PDOK (CC BY 4.0)",
}


def tile_url(layer: str = "grijs") -> str:
    """Return the URL template for ``layer`` (``WIJKASSETS_TILES_URL`` overrides PDOK's)."""
    if layer not in LAYERS:
        raise WijkassetsError(
            f"Unknown background layer {layer!r}. Use one of: {', '.join(LAYERS)}."
        )
    return os.environ.get("WIJKASSETS_TILES_URL") or PDOK_URL


def resolution(z: int) -> float:
    """Return metres per pixel at zoom level ``z`` of the RD tile matrix set."""
    return RES0 / 2**z


def zoom_for(metres_per_pixel: float) -> int:
    """Return the coarsest zoom level whose pixels are at least as fine as ``metres_per_pixel``."""
    if metres_per_pixel <= 0 or not math.isfinite(metres_per_pixel):
        return MAX_ZOOM
    z = math.ceil(math.log2(RES0 / metres_per_pixel))
    return max(0, min(MAX_ZOOM, z))


def tiles_for(bounds: tuple[float, float, float, float], z: int) -> list[tuple[int, int]]:
    """Return the (column, row) of every tile at level ``z`` that covers ``bounds`` (RD metres)."""
    xmin, ymin, xmax, ymax = bounds
    span = resolution(z) * TILE
    c0 = math.floor((xmin - ORIGIN_X) / span)
    c1 = math.floor((xmax - ORIGIN_X) / span)
    r0 = math.floor((ORIGIN_Y - ymax) / span)
    r1 = math.floor((ORIGIN_Y - ymin) / span)
    n = 2**z
    cols = range(max(c0, 0), min(c1, n - 1) + 1)
    rows = range(max(r0, 0), min(r1, n - 1) + 1)
    return [(c, r) for r in rows for c in cols]


@dataclass
class Background:
    """A mosaic of tiles: ``image`` (H x W x 3 floats) covering ``extent`` (xmin, xmax, ymin, ymax) in RD.

    ``missing`` counts tiles that could not be had (offline and not cached, or the server failed); ``fetched``
    counts tiles that came from the network this time, ``cached`` those that came from the cache.
    """

    image: np.ndarray | None
    extent: tuple[float, float, float, float]
    zoom: int
    layer: str
    fetched: int = 0
    cached: int = 0
    missing: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Return True when every tile was available."""
        return self.image is not None and self.missing == 0


def _decode(payload: bytes) -> np.ndarray:
    import numpy as np
    from PIL import Image

    with Image.open(io.BytesIO(payload)) as img:
        rgb = img.convert("RGB")
        if rgb.size != (TILE, TILE):
            rgb = rgb.resize((TILE, TILE))
        return np.asarray(rgb, dtype=np.float32) / 255.0


def get_tile(
    layer: str, z: int, col: int, row: int, *, sess: requests.Session | None = None
) -> tuple[bytes, bool]:
    """Return one tile's PNG bytes and whether it came from the network.

    Raises
    ------
    OfflineError
        Offline, and the tile is not in the cache.
    SourceError
        The server failed, or answered with something that is not an image.
    """
    url = tile_url(layer).format(layer=layer, z=z, x=col, y=row)
    key = _cache.canonical_key(url)
    payload = _cache.get(NAMESPACE, key)
    if payload is not None:
        return payload, False
    response = _http.get(
        url,
        what=f"Background tile {layer}/{z}/{col}/{row}",
        hint="Run `wijkassets tiles --buurt CODE` once while online to keep the tiles for an offline day.",
        sess=sess,
    )
    payload = response.content
    try:
        _decode(payload)
    except Exception as exc:
        raise SourceError(
            f"The tile server answered {url} with something that is not an image "
            f"({response.headers.get('Content-Type', '?')}, {len(payload)} bytes: {exc})."
        ) from exc
    _cache.put(NAMESPACE, key, payload)
    return payload, True


def load_background(
    bounds: tuple[float, float, float, float],
    *,
    zoom: int,
    layer: str = "grijs",
    max_tiles: int = MAX_TILES,
    progress: bool = True,
) -> Background:
    """Return the tiles covering ``bounds`` (RD metres) at ``zoom`` as one image, from the cache or PDOK.

    Offline, only cached tiles are used. A tile that cannot be had leaves a white gap and is counted in
    ``missing``; when no tile at all is available, ``image`` is None and the map falls back to outlines.

    Parameters
    ----------
    bounds
        ``(xmin, ymin, xmax, ymax)`` in EPSG:28992.
    zoom
        Level of the RD tile matrix set (0-14); see :func:`zoom_for`.
    layer
        One of ``grijs`` (default, best for print), ``standaard``, ``pastel``, ``water``.
    max_tiles
        Refuse to fetch more tiles than this (a map of a buurt needs a few dozen).
    progress
        Show a progress bar while fetching.
    """
    import numpy as np

    tile_url(layer)  # checks the layer name
    tiles = tiles_for(bounds, zoom)
    if not tiles:
        raise WijkassetsError(
            f"The area {bounds} lies outside the Dutch RD tile grid; is it in EPSG:28992?"
        )
    if len(tiles) > max_tiles:
        raise WijkassetsError(
            f"This map would need {len(tiles)} background tiles at zoom {zoom} (at most {max_tiles}). "
            "Choose a smaller area (one buurt) or a coarser zoom."
        )
    cols = sorted({c for c, _ in tiles})
    rows = sorted({r for _, r in tiles})
    image = np.ones((len(rows) * TILE, len(cols) * TILE, 3), dtype=np.float32)
    span = resolution(zoom) * TILE
    extent = (
        ORIGIN_X + cols[0] * span,
        ORIGIN_X + (cols[-1] + 1) * span,
        ORIGIN_Y - (rows[-1] + 1) * span,
        ORIGIN_Y - rows[0] * span,
    )
    result = Background(image=image, extent=extent, zoom=zoom, layer=layer)
    # One retry per tile: a map needs dozens of tiles, and a dead server should not cost minutes.
    sess = None if settings.is_offline() else _http.session(retries=1)
    iterable: Iterable[tuple[int, int]] = tiles
    if progress and not settings.is_offline():
        from wijkassets._progress import progress as _progress

        iterable = _progress(tiles, total=len(tiles), desc="Achtergrondkaart", unit="tegel")
    offline_stop = False
    for col, row in iterable:
        if offline_stop:
            payload = _cache.get(
                NAMESPACE,
                _cache.canonical_key(tile_url(layer).format(layer=layer, z=zoom, x=col, y=row)),
            )
            if payload is None:
                result.missing += 1
                continue
            from_net = False
        else:
            try:
                payload, from_net = get_tile(layer, zoom, col, row, sess=sess)
            except OfflineError:
                result.missing += 1
                offline_stop = True  # offline: look only in the cache for the rest
                continue
            except SourceError as exc:
                result.missing += 1
                result.errors.append(str(exc))
                if len(result.errors) >= 2 and result.fetched == 0:
                    # The server is down or unreachable: do not wait for every tile's retries.
                    offline_stop = True
                continue
        try:
            tile = _decode(payload)
        except Exception as exc:  # a cached entry that is not an image (should not happen)
            result.missing += 1
            result.errors.append(f"tile {zoom}/{col}/{row}: {exc}")
            continue
        i, j = rows.index(row), cols.index(col)
        image[i * TILE : (i + 1) * TILE, j * TILE : (j + 1) * TILE] = tile
        if from_net:
            result.fetched += 1
        else:
            result.cached += 1
    if result.fetched + result.cached == 0:
        result.image = None
    return result
