"""Street context for print maps: BRT-Achtergrondkaart tiles from a fake PDOK on 127.0.0.1, then offline.

The fake server answers with PNG tiles made in the test (tests._print_helpers.png_tile: real format, 256
pixels); the real URL layout is PDOK's ``.../v2_0/{layer}/EPSG:28992/{z}/{x}/{y}.png``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from tests._print_helpers import buurten_2015, png_tile, schools_as_assets
from tests.fakeserver import Answer, FakeServer
from wijkassets import _cache
from wijkassets.render import tiles
from wijkassets.render.print_map import map_extent, select_buurt, tile_zoom, walk_map

NOORD = "BU05182916"
TILE_COLOUR = (190, 215, 240)


@pytest.fixture
def tile_server(fake_server: FakeServer, monkeypatch: pytest.MonkeyPatch) -> FakeServer:
    """The fake server as the tile source: every /grijs/... path answers with one PNG tile."""
    body = png_tile(TILE_COLOUR)

    def route(req):  # type: ignore[no-untyped-def]
        return Answer(body, headers={"Content-Type": "image/png"})

    class AnyTile(dict):  # type: ignore[type-arg]
        def get(self, path, default=None):  # type: ignore[no-untyped-def]
            return route if path.startswith("/grijs/") else default

    fake_server.routes = AnyTile()
    monkeypatch.setenv("WIJKASSETS_TILES_URL", fake_server.url + "/{layer}/{z}/{x}/{y}.png")
    return fake_server


def test_pdok_url_and_rd_tile_grid() -> None:
    assert tiles.PDOK_URL.format(layer="grijs", z=12, x=1703, y=2085) == (
        "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/grijs/EPSG:28992/12/1703/2085.png"
    )
    assert tiles.resolution(0) == 3440.64 and tiles.resolution(12) == pytest.approx(0.84)
    assert tiles.zoom_for(0.84) == 12 and tiles.zoom_for(0.5) == 13 and tiles.zoom_for(1e6) == 0
    # A point in Den Haag (RD 81000, 455000) lies inside the one tile found for a tiny box around it.
    (col, row), *rest = tiles.tiles_for((80999, 454999, 81001, 455001), 12)
    assert not rest
    span = 0.84 * 256
    assert tiles.ORIGIN_X + col * span <= 81000 < tiles.ORIGIN_X + (col + 1) * span
    assert tiles.ORIGIN_Y - (row + 1) * span < 455000 <= tiles.ORIGIN_Y - row * span
    with pytest.raises(Exception, match="Unknown background layer"):
        tiles.tile_url("satelliet")


@pytest.mark.usefixtures("online")
def test_walk_map_with_tiles_then_offline_from_cache(
    tile_server: FakeServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    areas = buurten_2015()
    assets = schools_as_assets()
    result = walk_map(assets, NOORD, path=tmp_path / "a.png", boundaries=areas, dpi=50)
    assert result.background == "tiles"
    area = select_buurt(areas, NOORD)
    extent = map_extent(area.geometry, paper="A4", stops=result.plan.stops)
    zoom = tile_zoom(extent)
    needed = tiles.tiles_for((extent[0], extent[2], extent[1], extent[3]), zoom)
    asked = [r.path for r in tile_server.requests]
    assert len(asked) == len(needed) > 4
    assert all(p.startswith(f"/grijs/{zoom}/") and p.endswith(".png") for p in asked)
    # The tiles are on the page: the tile colour (lightly dimmed) fills much of the map.
    rgb = np.asarray(Image.open(tmp_path / "a.png").convert("RGB"), dtype=int)
    near_tile = np.abs(rgb - np.array(TILE_COLOUR)).sum(axis=2) < 45
    assert near_tile.mean() > 0.1

    # The offline day: the same map from the cache, no request.
    monkeypatch.setenv("WIJKASSETS_OFFLINE", "1")
    again = walk_map(assets, NOORD, path=tmp_path / "b.png", boundaries=areas, dpi=50)
    assert again.background == "tiles"
    assert len(tile_server.requests) == len(asked)
    assert np.array_equal(
        np.asarray(Image.open(tmp_path / "a.png")), np.asarray(Image.open(tmp_path / "b.png"))
    )


@pytest.mark.usefixtures("online")
def test_server_errors_leave_outlines_and_cache_nothing(
    fake_server: FakeServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_server.routes = {}  # every tile: 404
    monkeypatch.setenv("WIJKASSETS_TILES_URL", fake_server.url + "/{layer}/{z}/{x}/{y}.png")
    result = walk_map(
        schools_as_assets(), NOORD, path=[], boundaries=buurten_2015(), background="grijs"
    )
    assert result.background == "none"
    assert result.notes and "Zonder straatkaart" in result.notes[0]
    # It gave up early instead of asking for every tile.
    assert len(fake_server.requests) <= 3


@pytest.mark.usefixtures("online")
def test_an_answer_that_is_not_an_image_is_not_cached(fake_server: FakeServer, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    fake_server.routes = {
        "/grijs/12/1703/2085.png": Answer("<html>Service unavailable</html>", status=200),
        "/grijs/12/1704/2085.png": Answer(png_tile(), headers={"Content-Type": "image/png"}),
    }
    monkeypatch.setenv("WIJKASSETS_TILES_URL", fake_server.url + "/{layer}/{z}/{x}/{y}.png")
    with pytest.raises(Exception, match="not an image"):
        tiles.get_tile("grijs", 12, 1703, 2085)
    key = _cache.canonical_key(fake_server.url + "/grijs/12/1703/2085.png")
    assert _cache.get(tiles.NAMESPACE, key) is None
    payload, from_net = tiles.get_tile("grijs", 12, 1704, 2085)
    assert from_net and payload == png_tile()
    assert tiles.get_tile("grijs", 12, 1704, 2085) == (payload, False)


@pytest.mark.usefixtures("online")
def test_tiles_command_prefetches_a_buurt(tile_server: FakeServer, capsys) -> None:  # type: ignore[no-untyped-def]
    from wijkassets.cli import main

    with pytest.raises(SystemExit) as info:
        main(["tiles", "--buurt", "Schildersbuurt-Noord", "--paper", "A4"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    n = len(tile_server.requests)
    assert f"{n} tiles fetched, 0 already cached, 0 missing" in out
    with pytest.raises(SystemExit):
        main(["tiles", "--buurt", NOORD, "--paper", "A4"])
    assert f"0 tiles fetched, {n} already cached" in capsys.readouterr().out
    assert len(tile_server.requests) == n


def test_tiles_command_refuses_offline(capsys) -> None:  # type: ignore[no-untyped-def]
    from wijkassets.cli import main

    with pytest.raises(SystemExit) as info:
        main(["tiles", "--buurt", NOORD])
    assert info.value.code == 2
    assert "only be fetched online" in capsys.readouterr().err
