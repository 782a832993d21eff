"""Shared fixtures: an isolated cache per test, the network blocked, real data paths, tool checks."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fakeserver import FakeServer

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
TESTDATA = ROOT / "tests" / "data"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--run-network", action="store_true", help="run the live tests against CBS and PDOK"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--run-network"):
        for item in items:
            if "network" in item.keywords:
                item.add_marker(pytest.mark.enable_socket)
        return
    skip = pytest.mark.skip(reason="live network test: run with --run-network")
    for item in items:
        if "network" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _isolated_settings(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """Every test gets an empty cache folder, Dutch labels and offline mode unless it switches it off."""
    from wijkassets import _http, settings

    cache = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("WIJKASSETS_CACHE", str(cache))
    monkeypatch.setenv("WIJKASSETS_OFFLINE", "1")
    monkeypatch.delenv("WIJKASSETS_LANG", raising=False)
    monkeypatch.setattr(_http, "BACKOFF", 0.0)
    for name in ("cache_folder", "offline", "language", "timeout", "retries"):
        monkeypatch.setattr(settings, name, None)


@pytest.fixture
def online(monkeypatch: pytest.MonkeyPatch) -> None:
    """Allow wijkassets to use the network (tests still only reach 127.0.0.1)."""
    monkeypatch.setenv("WIJKASSETS_OFFLINE", "0")


@pytest.fixture
def fake_server() -> Iterator[FakeServer]:
    """A fake HTTP server on 127.0.0.1; set ``fake_server.routes``."""
    server = FakeServer().start()
    yield server
    server.stop()


def _need_tool(name: str, package: str) -> str:
    path = shutil.which(name)
    if path:
        return path
    reason = (
        f"{name} is not installed (Debian package {package}); this test needs it and was NOT run"
    )
    if os.environ.get("WIJKASSETS_REQUIRE_TOOLS") == "1":
        pytest.fail(reason + " (WIJKASSETS_REQUIRE_TOOLS=1)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium() -> str:
    """Path of Debian's chromium; skips loudly (fails in CI) when missing."""
    return _need_tool("chromium", "chromium")


@pytest.fixture(scope="session")
def pdftoppm() -> str:
    """Path of pdftoppm; skips loudly (fails in CI) when missing."""
    return _need_tool("pdftoppm", "poppler-utils")


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA


@pytest.fixture(scope="session")
def testdata_dir() -> Path:
    return TESTDATA
