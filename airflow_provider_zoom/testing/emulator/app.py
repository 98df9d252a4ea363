"""The FastAPI application of the emulator: routers, Zoom-shaped errors, auth and rate limits."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from airflow_provider_zoom.testing.emulator.errors import ZoomError
from airflow_provider_zoom.testing.emulator.ratelimit import category_for
from airflow_provider_zoom.testing.emulator.state import EmulatorState
from airflow_provider_zoom.testing.emulator.validation import judge

# Marks a reply that must go out without X-RateLimit-* headers (the per-host meeting cap).
_NO_RATE_HEADERS = b"x-emulator-no-rate-headers"


def create_app(state: EmulatorState) -> ApiMiddleware:
    """Build the ASGI app serving ``state`` (the FastAPI app wrapped in ``ApiMiddleware``)."""
    from airflow_provider_zoom.testing.emulator import websocket
    from airflow_provider_zoom.testing.emulator.routes import (
        archiving,
        chat,
        control,
        downloads,
        meetings,
        oauth,
        phone,
        recordings,
        registrants,
        reports,
        users,
        webinars,
    )

    app = FastAPI(title="Zoom API emulator", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.emulator = state
    for module in (oauth, downloads, control):
        app.include_router(module.router)
    app.include_router(websocket.router)
    app.include_router(websocket.control_router)
    # Order matters where literal paths share a prefix with a parameter (meeting_summaries).
    for module in (users, recordings, archiving, meetings, registrants, webinars, reports, chat, phone):
        app.include_router(module.router, prefix="/v2")

    @app.exception_handler(ZoomError)
    async def zoom_error(request: Request, exc: ZoomError) -> JSONResponse:
        headers = dict(exc.headers)
        if not exc.rate_limit_headers:
            headers[_NO_RATE_HEADERS.decode()] = "1"
        return JSONResponse(exc.body(), status_code=exc.status, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        details = [
            {"field": str(err.get("loc", ["", ""])[-1]), "message": str(err.get("msg", "Invalid value."))}
            for err in exc.errors()
        ]
        return JSONResponse(
            {"code": 300, "message": "Validation Failed.", "errors": details}, status_code=400
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 404:
            return JSONResponse(_not_found_body(request.url.path), status_code=404)
        return JSONResponse(
            {"code": exc.status_code, "message": str(exc.detail)}, status_code=exc.status_code
        )

    return ApiMiddleware(app, state)


def _not_found_body(path: str) -> dict[str, Any]:
    """Zoom-like 404 for unmatched paths; an unresolvable meeting/webinar segment reads as 3001."""
    parts = [p for p in path.split("/") if p]
    if len(parts) >= 2 and parts[0] == "v2":
        kind = parts[1]
        ident = next((p for p in parts[2:] if p), "")
        if kind in ("meetings", "past_meetings"):
            return {"code": 3001, "message": f"Meeting does not exist: {ident}."}
        if kind in ("webinars", "past_webinars"):
            return {"code": 3001, "message": f"Webinar does not exist: {ident}."}
    return {"code": 404, "message": "The requested API endpoint does not exist."}


class ApiMiddleware:
    """Checks the bearer token, rate limits and injected faults for ``/v2`` requests, and logs them."""

    def __init__(self, app: ASGIApp, state: EmulatorState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not (scope["path"] == "/v2" or scope["path"].startswith("/v2/")):
            await self.app(scope, receive, send)
            return
        state = self.state
        method = scope["method"]
        query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        entry = state.log_request(method, scope["path"], query)
        entry["raw_path"] = scope.get("raw_path", b"").decode("latin-1")
        api_path = (entry["raw_path"] or scope["path"])[3:] or "/"
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        scheme, _, token = headers.get("authorization", "").partition(" ")
        try:
            state.check_access_token(token.strip() if scheme.lower() == "bearer" else None)
        except ZoomError as exc:
            entry["status"] = exc.status
            await _send_json(send, exc.status, exc.body(), {})
            return
        rate_headers: dict[str, str] = {}
        if state.config.rate_limit:
            verdict = state.rate_limiter.check(category_for(method, api_path))
            rate_headers = verdict.headers
            if not verdict.allowed:
                entry["status"] = 429
                await _send_json(
                    send,
                    429,
                    {"code": 429, "message": verdict.message},
                    {**rate_headers, "Retry-After": verdict.retry_after},
                )
                return
        if state.fault():
            entry["status"] = 503
            await _send_json(
                send, 503, {"code": 503, "message": "Service temporarily unavailable."}, rate_headers
            )
            return
        receive, refusal = await _checked(method, api_path, query, receive, state, entry)
        if refusal is not None:
            entry["status"] = refusal.status
            await _send_json(send, refusal.status, refusal.body(), rate_headers)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                raw = [(k, v) for k, v in message.get("headers", []) if k.lower() != _NO_RATE_HEADERS]
                if len(raw) == len(message.get("headers", [])):
                    raw.extend((k.encode(), v.encode()) for k, v in rate_headers.items())
                message = {**message, "headers": raw}
                entry["status"] = message["status"]
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def _checked(
    method: str,
    raw_path: str,
    query: list[tuple[str, str]],
    receive: Receive,
    state: EmulatorState,
    entry: dict[str, Any],
) -> tuple[Receive, ZoomError | None]:
    """
    Check the query and JSON body against Zoom's facts; the body is read once and replayed.

    Names Zoom ignores are recorded in the request's log ``entry``; they refuse the request only
    when the emulator is strict.
    """
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            break
    raw = b"".join(chunks)
    replayed = False

    async def replay() -> Message:
        # The body once, then the real channel (a later receive() waits for the disconnect).
        nonlocal replayed
        if replayed:
            return await receive()
        replayed = True
        return {"type": "http.request", "body": raw, "more_body": False}

    body = None
    if raw.strip():
        try:
            body = json.loads(raw)
        except ValueError:
            body = None  # the route answers a malformed body itself
    verdict = judge(method, raw_path, query, body, strict=state.config.strict)
    if verdict.unknown:
        state.record_unknown(entry, verdict.unknown)
    if verdict.problems:
        return replay, ZoomError(400, 300, "Validation Failed.", errors=verdict.problems)
    return replay, None


async def _send_json(send: Send, status: int, body: dict[str, Any], headers: dict[str, str]) -> None:
    payload = json.dumps(body).encode()
    raw_headers = [
        (b"content-type", b"application/json;charset=UTF-8"),
        (b"content-length", str(len(payload)).encode()),
    ]
    raw_headers.extend((k.encode(), v.encode()) for k, v in headers.items())
    await send({"type": "http.response.start", "status": status, "headers": raw_headers})
    await send({"type": "http.response.body", "body": payload})
