"""FileDownload alone, over a scripted transport: tokens, CDN URLs, resumes and restarts by name."""

from __future__ import annotations

import hashlib
import io
import logging
from collections.abc import Callable
from typing import Any

import pytest

from airflow_provider_zoom._http.download import DownloadTransport, FileDownload, pop_access_token
from airflow_provider_zoom.exceptions import ZoomApiError, ZoomTransientError

DATA = bytes(range(256)) * 40  # 10240 bytes
URL = "https://zoom.test/rec/download/f1"


class Raw:
    """A response body that breaks (like a reset socket) after ``stop`` bytes."""

    def __init__(self, data: bytes, stop: int | None) -> None:
        self._data, self._stop, self._pos = data, len(data) if stop is None else stop, 0

    def read1(self, size: int, decode_content: bool = True) -> bytes:
        if self._pos >= self._stop:
            if self._stop < len(self._data):
                raise ConnectionResetError("reset by peer")
            return b""
        piece = self._data[self._pos : min(self._stop, self._pos + size)]
        self._pos += len(piece)
        return piece


class Response:
    def __init__(
        self, status: int = 200, body: bytes = b"", headers: dict[str, str] | None = None, stop=None
    ):
        self.status_code = status
        self.headers = dict(headers or {})
        self.is_redirect = status in (301, 302, 307)
        self.content = body
        self.raw = Raw(body, stop)
        self.closed = False

    def close(self) -> None:
        self.closed = True

    def __enter__(self) -> Response:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def whole(stop: int | None = None) -> Response:
    return Response(200, DATA, {"Content-Length": str(len(DATA))}, stop)


def rest_from(start: int, stop: int | None = None) -> Response:
    headers = {
        "Content-Range": f"bytes {start}-{len(DATA) - 1}/{len(DATA)}",
        "Content-Length": str(len(DATA) - start),
    }
    return Response(206, DATA[start:], headers, stop)


def redirect(n: int = 1) -> Response:
    return Response(302, headers={"Location": f"https://cdn.test/f1?sig={n}"})


class Script:
    """A transport that answers from lists and records what was asked."""

    def __init__(self, zoom: list[Response], cdn: list[Response]) -> None:
        self.zoom, self.cdn = zoom, cdn
        self.tokens: list[Any] = []
        self.cdn_calls: list[tuple[str, dict[str, str]]] = []
        self.waits: list[float] = []

    def transport(self) -> DownloadTransport:
        def open_zoom(url: str, token: str | Callable[[], str] | None) -> Any:
            self.tokens.append(token() if callable(token) else token)
            return self.zoom.pop(0)

        def open_cdn(url: str, headers: dict[str, str]) -> Any:
            self.cdn_calls.append((url, headers))
            return self.cdn.pop(0)

        return DownloadTransport(
            open_zoom=open_zoom,
            open_cdn=open_cdn,
            backoff=lambda attempt: float(attempt),
            sleep=self.waits.append,
            log=logging.getLogger(__name__),
        )


def download(script: Script, fileobj: Any = None, **kwargs: Any) -> tuple[FileDownload, io.BytesIO]:
    buf = fileobj if fileobj is not None else io.BytesIO()
    loop = FileDownload(URL, buf, transport=script.transport(), chunk_size=1000, **kwargs)
    return loop, buf


def test_a_refused_token_is_replaced_by_the_fallback_once():
    script = Script([Response(401), redirect()], [whole()])
    loop, buf = download(script, access_token="oauth", fallback_access_token=lambda: "meeting", budget=2)
    result = loop.run()
    assert script.tokens == ["oauth", "meeting"]
    assert loop.used_fallback and loop.failures == 0
    assert buf.getvalue() == DATA and result.sha256 == hashlib.sha256(DATA).hexdigest()


def test_an_expired_cdn_url_is_exchanged_through_zoom_within_the_budget():
    script = Script([redirect(1), redirect(2)], [Response(403, b"expired"), whole()])
    loop, buf = download(script, budget=1, expected_size=len(DATA))
    loop.run()
    assert [url for url, _ in script.cdn_calls] == ["https://cdn.test/f1?sig=1", "https://cdn.test/f1?sig=2"]
    assert loop.failures == 1 and loop.cdn_url == "https://cdn.test/f1?sig=2"
    assert buf.getvalue() == DATA


def test_an_expired_cdn_url_past_the_budget_fails_with_zooms_answer():
    script = Script([redirect(1)], [Response(403, b"expired")])
    loop, _ = download(script, budget=0)
    with pytest.raises(ZoomApiError) as err:
        loop.run()
    assert err.value.status_code == 403


def test_a_broken_stream_resumes_from_the_last_byte_on_the_same_cdn_url():
    script = Script([redirect()], [whole(stop=4000), rest_from(4000)])
    loop, buf = download(script, budget=3, expected_size=len(DATA))
    result = loop.run()
    assert [headers for _, headers in script.cdn_calls] == [{}, {"Range": "bytes=4000-"}]
    assert (result.resumed, result.restarted, script.waits) == (1, 0, [1.0])
    assert buf.getvalue() == DATA and len(script.tokens) == 1  # Zoom was asked once


def test_a_resume_answered_from_the_wrong_byte_restarts_from_zero_once():
    script = Script([redirect()], [whole(stop=4000), rest_from(3000), whole()])
    loop, buf = download(script, budget=3)
    result = loop.run()
    assert result.restarted == 1 and loop.state.restarts == 1
    assert buf.getvalue() == DATA  # nothing of the wrong answer reached the file


def test_a_connection_that_keeps_breaking_gives_up_after_the_budget():
    script = Script([redirect()], [whole(stop=1000), rest_from(1000, stop=1000), rest_from(2000, stop=1000)])
    loop, _ = download(script, budget=2)
    with pytest.raises(ZoomTransientError, match="kept failing"):
        loop.run()
    assert loop.failures == 3 and loop.state.offset == 3000


def test_an_answer_of_another_size_than_zooms_fails_before_a_byte_is_written():
    loop, buf = download(
        Script([Response(200, DATA[:100], {"Content-Length": "100"})], []), expected_size=200
    )
    with pytest.raises(ZoomApiError, match="Zoom's file_size is 200"):
        loop.run()
    assert buf.getvalue() == b""


def test_a_token_leaves_the_url():
    assert pop_access_token(f"{URL}?a=1&access_token=secret") == (f"{URL}?a=1", "secret")
    assert pop_access_token(URL) == (URL, None)
