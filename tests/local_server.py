"""A real HTTP server on 127.0.0.1 for the fetching tests, and a guard that keeps tests on loopback.

The server runs in a thread and serves routes the test declares: static pages with optional
validators (ETag, Last-Modified), redirects, slow and oversized answers, errors. It records
every request (path, headers, time) so that tests can check retries, delays and conditional
requests from the server's side.

``keep_to_loopback`` makes any connection or name lookup to anything but loopback fail the
test loudly, so that a bug in the address guard can never send traffic elsewhere.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest


@dataclass
class Hit:
    """One request the server received."""

    path: str
    headers: dict[str, str]
    at: float


Handler = Callable[["RequestHandler"], None]


class RequestHandler(BaseHTTPRequestHandler):
    """Dispatches to the route of the request's path (query ignored unless a route names it)."""

    server: _Server

    def log_message(self, format: str, *args: object) -> None:  # quiet: pytest shows failures anyway
        return

    def do_GET(self) -> None:
        local = self.server.owner
        path = urlsplit(self.path).path
        local.hits.append(Hit(self.path, {k.lower(): v for k, v in self.headers.items()}, time.monotonic()))
        route = local.routes.get(self.path) or local.routes.get(path)
        if route is None:
            self.answer(404, b"not found", "text/plain")
            return
        # The client may give up (a timeout or a size limit): what these tests provoke.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            route(self)

    def answer(self, status: int, body: bytes = b"", content_type: str | None = "text/html; charset=utf-8",
               headers: dict[str, str] | None = None) -> None:
        """Send a whole response."""
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    owner: LocalServer


@dataclass
class LocalServer:
    """A threaded HTTP server on 127.0.0.1 with declared routes and a log of requests."""

    routes: dict[str, Handler] = field(default_factory=dict)
    hits: list[Hit] = field(default_factory=list)
    stopping: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        self._server = _Server(("127.0.0.1", 0), RequestHandler)
        self._server.owner = self
        self.port = self._server.server_address[1]
        self.host = f"127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)
        self._thread.start()

    def url(self, path: str) -> str:
        """The absolute URL of a path on this server."""
        return f"http://{self.host}{path}"

    def stop(self) -> None:
        """Stop serving; slow handlers see ``stopping`` and end."""
        self.stopping.set()
        self._server.shutdown()
        self._server.server_close()

    def hits_of(self, path: str) -> list[Hit]:
        """The requests for one path (query included when given)."""
        return [hit for hit in self.hits if hit.path == path or urlsplit(hit.path).path == path]

    # -- routes -------------------------------------------------------------------------------

    def page(self, path: str, body: bytes | str, content_type: str | None = "text/html; charset=utf-8", *,
             status: int = 200, etag: str | None = None, last_modified: str | None = None,
             headers: dict[str, str] | None = None) -> None:
        """A static answer; with validators, a matching conditional request gets 304."""
        data = body.encode("utf-8") if isinstance(body, str) else body

        def handle(request: RequestHandler) -> None:
            extra = dict(headers or {})
            if etag:
                extra["ETag"] = etag
            if last_modified:
                extra["Last-Modified"] = last_modified
            if (etag and request.headers.get("If-None-Match") == etag) or (
                    last_modified and not etag and request.headers.get("If-Modified-Since") == last_modified):
                request.answer(304, b"", None, extra)
                return
            request.answer(status, data, content_type, extra)

        self.routes[path] = handle

    def redirect(self, path: str, location: str | None, status: int = 302) -> None:
        """A redirect to ``location`` (absolute or relative); None sends none."""
        self.routes[path] = lambda request: request.answer(
            status, b"", None, {"Location": location} if location is not None else {})

    def sequence(self, path: str, answers: Iterable[tuple[int, bytes, str]]) -> None:
        """Different answers on successive requests: (status, body, content type); the last repeats."""
        queue = list(answers)

        def handle(request: RequestHandler) -> None:
            status, body, content_type = queue.pop(0) if len(queue) > 1 else queue[0]
            request.answer(status, body, content_type, {"Retry-After": "0"} if status == 503 else None)

        self.routes[path] = handle

    def slow_headers(self, path: str, seconds: float) -> None:
        """Waits before answering at all (a read timeout while waiting for the headers)."""
        def handle(request: RequestHandler) -> None:
            if not self.stopping.wait(seconds):
                request.answer(200, b"<p>late</p>")

        self.routes[path] = handle

    def trickle(self, path: str, seconds: float, every: float = 0.1) -> None:
        """Answers at once, then sends one byte every ``every`` seconds for ``seconds`` (a total timeout)."""
        def handle(request: RequestHandler) -> None:
            request.send_response(200)
            request.send_header("Content-Type", "text/html; charset=utf-8")
            request.end_headers()
            request.wfile.write(b"<html><body><p>")
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline and not self.stopping.wait(every):
                request.wfile.write(b"a")
                request.wfile.flush()

        self.routes[path] = handle

    def stream(self, path: str, total: int, content_type: str = "text/html; charset=utf-8",
               declare_length: bool = False) -> None:
        """Sends ``total`` bytes of text in chunks, with or without Content-Length."""
        chunk = (b"<p>" + b"strike " * 9000 + b"</p>\n")[:65536]

        def handle(request: RequestHandler) -> None:
            request.send_response(200)
            request.send_header("Content-Type", content_type)
            if declare_length:
                request.send_header("Content-Length", str(total))
            request.end_headers()
            sent = 0
            while sent < total and not self.stopping.is_set():
                piece = chunk[: total - sent]
                request.wfile.write(piece)
                sent += len(piece)

        self.routes[path] = handle


def keep_to_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every connection or name lookup beyond loopback fail the test instead of leaving the machine."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo

    def loopback(address: object) -> bool:
        if not isinstance(address, tuple):
            return True  # a Unix socket path
        try:
            return ipaddress.ip_address(str(address[0]).split("%")[0]).is_loopback
        except ValueError:
            return False

    def connect(self: socket.socket, address: object) -> None:
        if not loopback(address):
            raise AssertionError(f"a test tried to connect to {address!r}, which is not loopback")
        real_connect(self, address)  # type: ignore[arg-type]

    def connect_ex(self: socket.socket, address: object) -> int:
        if not loopback(address):
            raise AssertionError(f"a test tried to connect to {address!r}, which is not loopback")
        return real_connect_ex(self, address)  # type: ignore[arg-type]

    def getaddrinfo(host: object, *args: object, **kwargs: object) -> list:  # type: ignore[type-arg]
        name = host.decode() if isinstance(host, bytes) else str(host)
        if name != "localhost" and not loopback((name, 0)):
            raise socket.gaierror(socket.EAI_NONAME, f"tests look up no name but loopback ({name})")
        return real_getaddrinfo(host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
