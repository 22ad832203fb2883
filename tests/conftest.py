"""Shared fixtures. Test inputs are written by hand here or in the test that uses them."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from storyweave.settings import Settings

# What a test server answers for one GET: (content type, body); or (status, headers, body) for full
# control (a 304, an ETag); or None for 404. It receives the path and the request headers, so a test
# can record what the client sent.
Reply = tuple[str, bytes] | tuple[int, dict[str, str], bytes] | None
Responder = Callable[[str, dict[str, str]], Reply]


@pytest.fixture
def settings() -> Settings:
    return Settings()


@pytest.fixture
def http_server() -> Iterator[Callable[[Responder], str]]:
    """Start a real HTTP server on 127.0.0.1 (never the internet) answering with `respond`; returns its
    base URL. Feed and URL tests use it so that fetching, content types and errors go through a socket."""
    servers: list[ThreadingHTTPServer] = []

    def start(respond: Responder) -> str:
        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                reply = respond(self.path, dict(self.headers.items()))
                if reply is None:
                    self.send_error(404, "Not Found")
                    return
                if len(reply) == 2:
                    status, headers, body = 200, {"Content-Type": reply[0]}, reply[1]
                else:
                    status, headers, body = reply
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if body:
                    self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                """Silenced: the server's access log would only clutter the test output."""

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()
