"""Downloads against a real local HTTP server: redirects, dropped connections, Range resumes."""

from __future__ import annotations

import hashlib
import io
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from airflow_provider_zoom.exceptions import ZoomTransientError
from airflow_provider_zoom.hooks.zoom import ZoomHook

DATA = bytes(range(256)) * 4096  # 1 MiB


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.drops_left = 0
        self.seen: list[dict] = []
        self.tokens = 0


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # keep test output quiet
        pass

    def do_POST(self):  # token endpoint
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.server.tokens += 1
        body = json.dumps({"access_token": "wire-token", "expires_in": 3600}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self.server.seen.append(
            {"path": self.path, "auth": self.headers.get("Authorization"), "range": self.headers.get("Range")}
        )
        if self.path.startswith("/v2/users/me"):
            body = b'{"id": "me"}'
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        if self.path.startswith("/rec/"):
            self.send_response(302)
            self.send_header("Location", "/cdn/file?sig=1")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        start = 0
        if self.headers.get("Range"):
            start = int(self.headers["Range"].split("=")[1].split("-")[0])
        self.send_response(206 if start else 200)
        self.send_header("Content-Length", str(len(DATA) - start))
        if start:
            self.send_header("Content-Range", f"bytes {start}-{len(DATA) - 1}/{len(DATA)}")
        self.end_headers()
        if self.server.drops_left > 0:
            self.server.drops_left -= 1
            self.wfile.write(DATA[start : start + 100_000])
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(2)
            return
        self.wfile.write(DATA[start:])


@pytest.fixture
def server(monkeypatch):
    srv = _Server()
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{srv.server_address[1]}"
    conn = {
        "conn_type": "zoom",
        "login": "id",
        "password": "secret",
        "extra": {"account_id": "a", "api_base_url": f"{base}/v2", "oauth_base_url": base, "max_retries": 3},
    }
    monkeypatch.setenv("AIRFLOW_CONN_ZOOM_WIRE", json.dumps(conn))
    srv.base = base  # type: ignore[attr-defined]
    yield srv
    srv.shutdown()
    srv.server_close()


def _hook() -> ZoomHook:
    hook = ZoomHook("zoom_wire")
    hook._sleep = lambda s: None
    return hook


def test_download_resumes_with_range_after_a_dropped_connection(server):
    server.drops_left = 2
    buf = io.BytesIO()
    # 16 KiB writes: a drop after 100,000 bytes keeps all 100,000, not only the 6 whole chunks.
    result = _hook().download(
        f"{server.base}/rec/download/f1", buf, expected_size=len(DATA), chunk_size=16384
    )
    assert buf.getvalue() == DATA
    assert result.sha256 == hashlib.sha256(DATA).hexdigest()
    assert result.resumed == 2
    cdn = [s for s in server.seen if s["path"].startswith("/cdn/")]
    assert [s["range"] for s in cdn] == [None, "bytes=100000-", "bytes=200000-"]
    assert all(s["auth"] is None for s in cdn)  # the token never reached the CDN
    assert all(s["auth"] == "Bearer wire-token" for s in server.seen if s["path"].startswith("/rec/"))


def test_download_gives_up_after_the_budget(server):
    server.drops_left = 100
    with pytest.raises(ZoomTransientError, match="kept failing"):
        _hook().download(f"{server.base}/rec/download/f1", io.BytesIO(), max_retries=2)


def test_many_requests_cost_one_token(server):
    hook = _hook()
    for _ in range(20):
        hook.request("GET", "/users/me")
    assert server.tokens == 1
