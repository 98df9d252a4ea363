"""Recording downloads: ``/rec/download/{token}`` checks the token and redirects to the "CDN".

The CDN route (``/cdn/{token}?Expires=..&Signature=..``) needs no token, serves the file's
deterministic bytes with ``Range`` support, and records whether a request carried an
``Authorization`` header so tests can check that clients never forward the bearer token.
Its faults (options ``download_fault_rate``, ``range_fault``, ``stall_rate``) cut streams short,
answer resumes wrongly and slow streams to a drip, as misbehaving CDNs do.
"""

from __future__ import annotations

import asyncio
import hmac
import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.types import Receive, Scope, Send

from airflow_provider_zoom.testing.emulator.files import iter_chunks
from airflow_provider_zoom.testing.emulator.routes.common import state_of
from airflow_provider_zoom.testing.emulator.state import MAX_LOG_ENTRIES

router = APIRouter()

CDN_URL_TTL = 600
_CONTENT_TYPES = {
    "MP4": "video/mp4",
    "M4A": "audio/mp4",
    "VTT": "text/vtt",
    "TXT": "text/plain",
    "JSON": "application/json",
    "CSV": "text/csv",
}
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


class FileStream(Response):
    """
    Streams a slice of an emulated file straight from the shared block, optionally cut short,
    followed by ``extra`` bytes the range does not hold, or dripping from ``drip_at`` on.
    """

    def __init__(
        self,
        key: str,
        start: int,
        end: int,
        status: int,
        headers: dict[str, str],
        cut_at: int | None,
        *,
        extra: int = 0,
        drip_at: int | None = None,
        drip: tuple[int, float] = (16384, 1.5),
    ) -> None:
        super().__init__(status_code=status, headers=headers)
        if "Content-Length" not in headers:  # a chunked body: drop the length of the empty content
            self.raw_headers = [(k, v) for k, v in self.raw_headers if k != b"content-length"]
        self.key = key
        self.start = start
        self.end = end
        self.cut_at = cut_at
        self.extra = extra
        self.drip_at = drip_at
        self.drip = drip

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": self.status_code, "headers": self.raw_headers})
        if scope["method"] == "HEAD":
            await send({"type": "http.response.body", "body": b""})
            return
        stop = self.end if self.cut_at is None else self.cut_at
        fast_stop = stop if self.drip_at is None else min(stop, self.drip_at)
        try:
            for chunk in iter_chunks(self.key, self.start, fast_stop):
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
            if fast_stop < stop and not await self._drip(fast_stop, stop, receive, send):
                return
            if self.extra and self.cut_at is None:  # bytes past the range, after all of it
                await send({"type": "http.response.body", "body": bytes(self.extra), "more_body": True})
        except asyncio.CancelledError:
            # The server is stopping while a client still reads: end the stream like a cut.
            return
        if self.cut_at is not None:
            # Returning before the declared Content-Length was sent makes the server drop the connection.
            return
        await send({"type": "http.response.body", "body": b"", "more_body": False})

    async def _drip(self, offset: int, stop: int, receive: Receive, send: Send) -> bool:
        """Send ``drip`` bytes every interval; False as soon as the client has gone."""
        size, interval = self.drip
        while offset < stop:
            for chunk in iter_chunks(self.key, offset, min(offset + size, stop)):
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
            offset = min(offset + size, stop)
            # Waiting on receive() doubles as the pause and notices a client that hung up.
            loop = asyncio.get_running_loop()
            deadline = loop.time() + interval
            while (remaining := deadline - loop.time()) > 0:
                try:
                    message = await asyncio.wait_for(receive(), timeout=remaining)
                except asyncio.TimeoutError:  # not the builtin TimeoutError before Python 3.11
                    break
                if message.get("type") == "http.disconnect":
                    return False
        return True


def _denied() -> JSONResponse:
    return JSONResponse({"code": 124, "message": "Invalid access token."}, status_code=401)


@router.api_route("/rec/download/{token}", methods=["GET", "HEAD"])
async def download(request: Request, token: str) -> Response:
    state = state_of(request)
    entry = state.log_request(request.method, request.url.path, request.query_params.multi_items())
    with state.lock:
        record = state.downloads.get(token)
        if record is None or record.get("_trashed"):
            entry["status"] = 404
            return JSONResponse(
                {"code": 3301, "message": "There is no recording for this meeting."}, status_code=404
            )
        # A file only the OAuth token downloads (a compliance archive file) has no meeting token.
        meeting_uuid = None if record.get("_oauth_only") else record.get("_meeting_uuid")
        ready_at = _ready_at(state, record)
    scheme, _, bearer = request.headers.get("authorization", "").partition(" ")
    bearer = bearer.strip() if scheme.lower() == "bearer" else ""
    query_token = request.query_params.get("access_token", "")
    allowed = False
    if bearer and state.is_live_access_token(bearer):
        allowed = not state.fault(state.config.download_401_rate)
    if not allowed and bearer:
        # A meeting's download_access_token or a webhook download_token also works as a bearer token.
        allowed = state.meeting_token_allows(bearer, meeting_uuid)
    if not allowed and query_token:
        allowed = state.is_live_access_token(query_token) or state.meeting_token_allows(
            query_token, meeting_uuid
        )
    if not allowed:
        entry["status"] = 401
        return _denied()
    if ready_at > state.clock():
        entry["status"] = 404
        return JSONResponse(
            {"code": 3301, "message": "The recording is still being processed."}, status_code=404
        )
    expires = int(state.clock()) + CDN_URL_TTL
    location = (
        f"{state.cdn_base_url}/cdn/{token}?Expires={expires}&Signature={state.sign_cdn(token, expires)}"
    )
    entry["status"] = 302
    return RedirectResponse(location, status_code=302)


def _ready_at(state: Any, record: dict[str, Any]) -> float:
    if "_ready_at" in record:
        return float(record["_ready_at"])
    past = state.past_meetings.get(record.get("_meeting_uuid") or "")
    return float(past["_recording"]["_ready_at"]) if past and past.get("_recording") else 0.0


@router.api_route("/cdn/{token}", methods=["GET", "HEAD"])
async def cdn(request: Request, token: str) -> Response:
    state = state_of(request)
    range_header = request.headers.get("range")
    log = {
        "path": request.url.path,
        "authorization": "authorization" in request.headers,
        "range": range_header,
        "status": None,
    }
    with state.lock:
        state.cdn_requests.append(log)
        if len(state.cdn_requests) > MAX_LOG_ENTRIES:
            del state.cdn_requests[: MAX_LOG_ENTRIES // 10]
        record = state.downloads.get(token)
    try:
        expires = int(request.query_params.get("Expires", ""))
    except ValueError:
        expires = 0
    signature = request.query_params.get("Signature", "")
    if (
        record is None
        or expires < state.clock()
        or not hmac.compare_digest(signature, state.sign_cdn(token, expires))
    ):
        log["status"] = 403
        return PlainTextResponse("AccessDenied: the signed URL is invalid or expired.", status_code=403)
    size = int(record["_size"])
    extension = str(record.get("file_extension", "MP3")).upper()
    filename = f"{record.get('file_type', 'recording')}.{extension.lower()}"
    headers = {
        "Accept-Ranges": "bytes",
        "Content-Type": _CONTENT_TYPES.get(
            extension, "audio/mpeg" if extension == "MP3" else "application/octet-stream"
        ),
        "Content-Disposition": f'attachment; filename="{filename}"',
    }
    start, end, status = 0, size, 200
    fault = None
    if range_header:
        parsed = _parse_range(range_header, size)
        fault = state.config.range_fault
        if fault is not None and not state.fault(state.config.range_fault_rate):
            fault = None
        if parsed is None or fault == "unsatisfiable":
            log["status"] = 416
            return Response(
                status_code=416, headers={"Content-Range": f"bytes */{size}", "Accept-Ranges": "bytes"}
            )
        start, end = (0, size) if fault in ("wrong_start", "ignore") else parsed
        status = 200 if fault == "ignore" else 206
        total = size * 2 if fault == "wrong_total" else size
        if status == 206:
            headers["Content-Range"] = f"bytes {start}-{end - 1}/{total}"
    extra = 4096 if fault == "overflow" else 0
    if not extra:  # an overflowing body goes chunked: no Content-Length to stop the client at
        headers["Content-Length"] = str(end - start)
    cut_at = None
    if end - start > 1 and state.fault(state.config.download_fault_rate):
        cut_at = start + max(1, (end - start) // 2)
    drip_at = start + (end - start) // 2 if state.fault(state.config.stall_rate) else None
    log["status"] = status
    log["fault"] = fault
    # What the host waited before its first byte, for tests to read instead of timing a fast reply.
    log["latency"] = state.config.cdn_latency
    if state.config.cdn_latency:
        await asyncio.sleep(state.config.cdn_latency)
    return FileStream(
        str(record["_key"]),
        start,
        end,
        status,
        headers,
        cut_at,
        extra=extra,
        drip_at=drip_at,
        drip=(state.config.drip_bytes, state.config.drip_interval),
    )


def _parse_range(header: str, size: int) -> tuple[int, int] | None:
    """``(start, end_exclusive)`` of a single ``bytes=`` range, or None when unsatisfiable."""
    match = _RANGE.match(header.strip())
    if not match or (not match.group(1) and not match.group(2)):
        return None
    first, last = match.group(1), match.group(2)
    if not first:
        length = int(last)
        return (max(0, size - length), size) if length > 0 else None
    start = int(first)
    end = min(int(last) + 1, size) if last else size
    if start >= size or end <= start:
        return None
    return start, end
