"""A small HTTP server on 127.0.0.1 for testing network code offline.

It answers in the shapes the real services use (the tests give it real recorded bodies) and can misbehave on
purpose: answer 5xx a number of times, reset the connection, cut a body off mid-way, or stall past a timeout.
It is a test tool, not a source of figures: every body it serves comes from a recorded real response or is built
by the test from one.
"""

from __future__ import annotations

import json
import os
import socket
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class Answer:
    """One answer: ``status``, ``body`` and headers, or a fault (``"reset"``, ``"cut"``, ``"stall"``)."""

    body: bytes | str | Any = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    fault: str | None = None
    stall_seconds: float = 5.0

    def payload(self) -> bytes:
        if isinstance(self.body, bytes):
            return self.body
        if isinstance(self.body, str):
            return self.body.encode("utf-8")
        return json.dumps(self.body, ensure_ascii=False).encode("utf-8")


Route = Callable[["Request"], "Answer"]


@dataclass
class Request:
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    raw_path: str


class FakeServer:
    """Serve ``routes`` (path -> Answer, list of Answers served in turn, or callable) on 127.0.0.1.

    A list of answers is served one per request; its last answer repeats. ``requests`` records what was asked.
    """

    def __init__(self) -> None:
        self.routes: dict[str, Answer | list[Answer] | Route] = {}
        self.requests: list[Request] = []
        self._counts: dict[str, int] = {}
        handler = self._make_handler()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def count(self, path: str) -> int:
        return sum(1 for r in self.requests if r.path == path)

    def _answer(self, req: Request) -> Answer:
        route = self.routes.get(req.path)
        if route is None:
            return Answer({"error": f"no route for {req.path}"}, status=404)
        if callable(route) and not isinstance(route, Answer):
            return route(req)
        if isinstance(route, list):
            i = self._counts.get(req.path, 0)
            self._counts[req.path] = i + 1
            return route[min(i, len(route) - 1)]
        return route

    def _make_handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                req = Request(parts.path, parse_qs(parts.query), dict(self.headers), self.path)
                server.requests.append(req)
                answer = server._answer(req)
                body = answer.payload()
                if answer.fault == "reset":
                    # SO_LINGER 0 and a real close of the descriptor: the client sees a TCP reset.
                    self.connection.setsockopt(
                        socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                    )
                    os.close(self.connection.detach())
                    self.close_connection = True
                    return
                if answer.fault == "stall":
                    time.sleep(answer.stall_seconds)
                self.send_response(answer.status)
                headers = {"Content-Type": "application/json; charset=utf-8", **answer.headers}
                for k, v in headers.items():
                    self.send_header(k, v)
                if answer.fault == "cut":
                    self.send_header("Content-Length", str(len(body)))
                    self.send_header("Connection", "close")
                    self.end_headers()
                    self.wfile.write(body[: len(body) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                    return
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    # the client gave up (a timeout under test): nothing to answer any more
                    self.close_connection = True

        return Handler
