"""Downloads against a real local HTTP server: redirects, dropped connections, Range resumes."""

from __future__ import annotations

import hashlib
import io
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from airflow_provider_zoom.exceptions import ZoomApiError, ZoomConfigError, ZoomTransientError
from airflow_provider_zoom.hooks.zoom import ZoomHook

DATA = bytes(range(256)) * 4096  # 1 MiB


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.drops_left = 0
        self.seen: list[dict] = []
        self.tokens = 0
        # How the next range requests are answered wrongly: wrong_start, wrong_total, 416, overflow.
        self.range_faults: list[str] = []
        self.drip_after: int | None = None  # the first answer slows to 1 KB per 50 ms past this byte


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
        fault = self.server.range_faults.pop(0) if start and self.server.range_faults else None
        if fault == "416":
            self.send_response(416)
            self.send_header("Content-Range", f"bytes */{len(DATA)}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        first = 0 if fault == "wrong_start" else start
        total = len(DATA) + 1 if fault == "wrong_total" else len(DATA)
        body = DATA[first:] + (b"x" * 1000 if fault == "overflow" else b"")
        self.send_response(206 if start else 200)
        if fault == "overflow":  # no length: the body ends when the connection closes
            self.send_header("Connection", "close")
            self.close_connection = True
        else:
            self.send_header("Content-Length", str(len(body)))
        if start:
            self.send_header("Content-Range", f"bytes {first}-{len(DATA) - 1}/{total}")
        self.end_headers()
        if self.server.drops_left > 0:
            self.server.drops_left -= 1
            self.wfile.write(body[:100_000])
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(2)
            return
        if self.server.drip_after is not None and not start:
            self._drip(body, self.server.drip_after)
            return
        self.wfile.write(body)

    def _drip(self, body: bytes, fast: int) -> None:
        self.wfile.write(body[:fast])
        try:
            for offset in range(fast, len(body), 1000):
                self.wfile.write(body[offset : offset + 1000])
                self.wfile.flush()
                time.sleep(0.05)
        except OSError:  # the client gave up on the slow stream
            self.close_connection = True


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


def _cdn_ranges(server) -> list[str | None]:
    return [s["range"] for s in server.seen if s["path"].startswith("/cdn/")]


@pytest.mark.parametrize("fault", ["wrong_start", "wrong_total", "416"])
def test_a_resume_answered_wrongly_restarts_from_zero_once(server, fault):
    """No file_size (CC, TIMELINE): only the answers themselves tell whether the bytes fit."""
    server.drops_left = 1
    server.range_faults = [fault]
    buf = io.BytesIO()
    result = _hook().download(f"{server.base}/rec/download/f1", buf)
    assert buf.getvalue() == DATA
    assert result.sha256 == hashlib.sha256(DATA).hexdigest()
    assert result.restarted == 1
    assert _cdn_ranges(server) == [None, "bytes=100000-", None]


def test_a_second_wrong_answer_fails_clearly(server):
    server.drops_left = 3  # the first answer, the wrong one (never read) and the restarted one
    server.range_faults = ["wrong_start", "wrong_start"]
    with pytest.raises(ZoomApiError, match="do not fit: asked for bytes from 100000"):
        _hook().download(f"{server.base}/rec/download/f1", io.BytesIO(), expected_size=len(DATA))
    assert _cdn_ranges(server) == [None, "bytes=100000-", None, "bytes=100000-"]


def test_a_wrong_answer_fails_a_file_that_cannot_rewind(server):
    class Sink(io.RawIOBase):
        def writable(self):
            return True

        def write(self, data):
            return len(data)

    server.drops_left = 1
    server.range_faults = ["wrong_start"]
    with pytest.raises(ZoomApiError, match="do not fit"):
        _hook().download(f"{server.base}/rec/download/f1", Sink())


def test_bytes_past_the_total_fail_the_download(server):
    server.drops_left = 1
    server.range_faults = ["overflow"]
    with pytest.raises(ZoomApiError, match="past the answered range"):
        _hook().download(f"{server.base}/rec/download/f1", io.BytesIO())


def test_a_stalled_stream_is_dropped_and_resumed(server):
    server.drip_after = 200_000  # 20 KB/s from there on
    buf = io.BytesIO()
    result = _hook().download(
        f"{server.base}/rec/download/f1", buf, expected_size=len(DATA), speed_limit=100_000, speed_time=0.3
    )
    assert buf.getvalue() == DATA
    assert result.resumed == 1
    [first, resume] = _cdn_ranges(server)
    assert first is None and 200_000 <= int(resume.split("=")[1].rstrip("-")) < 300_000


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"speed_limit": -1}, "speed_limit"),
        ({"speed_limit": float("nan")}, "speed_limit"),
        ({"speed_time": "60"}, "speed_time"),
        ({"speed_limit": 1000, "speed_time": 0}, "speed_time"),
    ],
)
def test_unusable_speed_settings_are_refused_before_any_request(server, kwargs, field):
    with pytest.raises(ZoomConfigError) as caught:
        _hook().download(f"{server.base}/rec/download/f1", io.BytesIO(), **kwargs)
    assert caught.value.field == field
    assert server.seen == []
