"""The HTTP layer against a fake server on 127.0.0.1: retries, resets, cut-off bodies, offline."""

from __future__ import annotations

import pytest

from tests.fakeserver import Answer, FakeServer
from wijkassets import _http, settings
from wijkassets._errors import OfflineError, SourceError

pytestmark = pytest.mark.usefixtures("online")


def test_retries_5xx_then_succeeds(fake_server: FakeServer) -> None:
    fake_server.routes["/t"] = [
        Answer("busy", status=503),
        Answer("busy", status=502),
        Answer({"value": [1]}),
    ]
    response = _http.get(fake_server.url + "/t")
    assert response.json() == {"value": [1]}
    assert fake_server.count("/t") == 3


def test_retries_cut_off_body_and_reset(fake_server: FakeServer) -> None:
    fake_server.routes["/t"] = [
        Answer({"value": list(range(500))}, fault="cut"),
        Answer("", fault="reset"),
        Answer({"value": [2]}),
    ]
    assert _http.get(fake_server.url + "/t").json() == {"value": [2]}
    assert fake_server.count("/t") == 3


def test_gives_up_with_clear_message(
    fake_server: FakeServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(settings, "retries", 2)
    fake_server.routes["/t"] = Answer("down", status=500)
    with pytest.raises(SourceError, match="no complete answer.*internet connection.*kwb fetch"):
        _http.get(fake_server.url + "/t", what="KWB 2024", hint="Run: wijkassets kwb fetch 2024")
    assert fake_server.count("/t") == 3


def test_timeout_is_retried_then_reported(
    fake_server: FakeServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(settings, "retries", 1)
    monkeypatch.setattr(settings, "timeout", 0.2)
    fake_server.routes["/t"] = Answer("late", fault="stall", stall_seconds=1.0)
    with pytest.raises(SourceError):
        _http.get(fake_server.url + "/t")
    assert fake_server.count("/t") == 2


def test_client_error_is_not_retried(fake_server: FakeServer) -> None:
    fake_server.routes["/t"] = Answer("nope", status=404)
    with pytest.raises(SourceError, match="HTTP 404"):
        _http.get(fake_server.url + "/t")
    assert fake_server.count("/t") == 1


def test_offline_never_touches_the_network(
    fake_server: FakeServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WIJKASSETS_OFFLINE", "1")
    fake_server.routes["/t"] = Answer({"value": []})
    with pytest.raises(OfflineError, match="wijkassets kwb fetch 2024"):
        _http.get(
            fake_server.url + "/t",
            what="KWB 2024",
            hint="Run when online: wijkassets kwb fetch 2024",
        )
    assert fake_server.count("/t") == 0
