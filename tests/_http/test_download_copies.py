"""How a large download reaches the file: few writes, of the sink's own buffers, no copies on the way."""

from __future__ import annotations

import hashlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace
from typing import Any

import pytest
import urllib3

from airflow_provider_zoom._http import download as download_module
from airflow_provider_zoom._http.download import DOWNLOAD_CHUNK_SIZE, SINK_BUFFERS
from airflow_provider_zoom.hooks.zoom import ZoomHook

BLOCK = hashlib.sha256(b"block").digest() * (DOWNLOAD_CHUNK_SIZE // 32)  # 1 MiB
SIZE = 64 * len(BLOCK) + 12_345  # 64 MiB and a tail: a last, shorter write
WRITES = -(-SIZE // DOWNLOAD_CHUNK_SIZE)


def _expected_sha256() -> str:
    digest = hashlib.sha256()
    for _ in range(SIZE // len(BLOCK)):
        digest.update(BLOCK)
    digest.update(BLOCK[: SIZE % len(BLOCK)])
    return digest.hexdigest()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    chunked = False
    connections = 0


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: Any) -> None:
        pass

    def setup(self) -> None:
        super().setup()
        self.server.connections += 1

    def do_POST(self) -> None:  # the token endpoint
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self._send(200, json.dumps({"access_token": "t", "expires_in": 3600}).encode())

    def do_GET(self) -> None:
        if self.path.startswith("/rec/"):
            self.send_response(302)
            self.send_header("Location", "/cdn/file?sig=1")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        if self.server.chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(SIZE))
        self.end_headers()
        left = SIZE
        while left:
            piece = BLOCK[: min(left, len(BLOCK))]
            if self.server.chunked:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            else:
                self.wfile.write(piece)
            left -= len(piece)
        if self.server.chunked:
            self.wfile.write(b"0\r\n\r\n")

    def _send(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def server(monkeypatch):
    srv = _Server(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{srv.server_address[1]}"
    conn = {
        "conn_type": "zoom",
        "login": "id",
        "password": "secret",
        "extra": {"account_id": "a", "api_base_url": f"{base}/v2", "oauth_base_url": base},
    }
    monkeypatch.setenv("AIRFLOW_CONN_ZOOM_COPIES", json.dumps(conn))
    srv.base = base  # type: ignore[attr-defined]
    yield srv
    srv.shutdown()
    srv.server_close()


class CountingFile:
    """A file object that records each write: how many, of what, over which buffers."""

    def __init__(self) -> None:
        self.writes = 0
        self.size = 0
        self.kinds: set[type] = set()
        self.buffers: set[int] = set()
        self.digest = hashlib.sha256()

    def write(self, data: Any) -> int:
        self.writes += 1
        self.kinds.add(type(data))
        if isinstance(data, memoryview):
            self.buffers.add(id(data.obj))
        self.digest.update(data)
        self.size += len(data)
        return len(data)

    def seekable(self) -> bool:
        return False


class CountingSha256:
    """hashlib's sha256, recording which objects it was given."""

    def __init__(self, seen: list[Any]) -> None:
        self._hash = hashlib.sha256()
        self._seen = seen

    def update(self, data: Any) -> None:
        self._seen.append(data)
        self._hash.update(data)

    def hexdigest(self) -> str:
        return self._hash.hexdigest()


@pytest.fixture
def counters(monkeypatch):
    """Count the bytes urllib3 read (into new bytes objects) and what the sha256 is given."""
    calls = {"read1": 0, "read": 0}
    hashed: list[Any] = []
    for name in calls:
        original = getattr(urllib3.HTTPResponse, name)

        def counted(
            self: Any, *args: Any, _name: str = name, _original: Any = original, **kwargs: Any
        ) -> Any:
            data = _original(self, *args, **kwargs)
            calls[_name] += len(data)
            return data

        monkeypatch.setattr(urllib3.HTTPResponse, name, counted)
    monkeypatch.setattr(download_module, "hashlib", SimpleNamespace(sha256=lambda: CountingSha256(hashed)))
    return SimpleNamespace(calls=calls, hashed=hashed)


def test_a_large_download_is_written_in_full_chunks_of_the_sinks_own_buffers(server, counters):
    sink = CountingFile()
    result = ZoomHook("zoom_copies").download(f"{server.base}/rec/download/f1", sink, expected_size=SIZE)

    assert (result.bytes_written, sink.size) == (SIZE, SIZE)
    assert result.sha256 == sink.digest.hexdigest() == _expected_sha256()
    # One write per chunk, each a view of one of a few preallocated buffers: no bytes made per chunk.
    assert sink.writes == WRITES
    assert sink.kinds == {memoryview}
    assert len(sink.buffers) <= SINK_BUFFERS
    # The hash reads the very views that were written.
    assert len(counters.hashed) == WRITES
    assert {id(view.obj) for view in counters.hashed} <= sink.buffers
    # The body went from the socket straight into those buffers: urllib3 read (and copied) none of
    # it, only the token's JSON.
    assert counters.calls["read1"] == 0 and counters.calls["read"] < 1000


def test_a_chunked_download_still_writes_full_chunks_of_the_sinks_own_buffers(server, counters):
    server.chunked = True
    sink = CountingFile()
    result = ZoomHook("zoom_copies").download(f"{server.base}/rec/download/f1", sink, expected_size=SIZE)

    assert result.sha256 == sink.digest.hexdigest() == _expected_sha256()
    assert sink.writes == WRITES
    assert sink.kinds == {memoryview}
    assert len(sink.buffers) <= SINK_BUFFERS
    assert counters.calls["read1"] == SIZE  # decoded by urllib3, then copied once into the buffers


def test_a_connection_read_to_the_end_goes_back_to_the_pool(server):
    hook = ZoomHook("zoom_copies")
    for _ in range(3):
        hook.download(f"{server.base}/rec/download/f1", CountingFile(), expected_size=SIZE)
    # One connection served the token, the three redirects and the three bodies.
    assert server.connections == 1
