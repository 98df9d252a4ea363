"""Control API for tests (no auth): inspect and change the emulator's state over HTTP.

- ``GET /_emulator/state``: counts (tokens issued, resources, options).
- ``GET /_emulator/requests``: the API request log (secrets redacted); ``DELETE`` clears it.
- ``GET /_emulator/cdn_requests``: the CDN request log.
- ``GET /_emulator/unknown_names``: each API request that carried query parameters or body fields
  outside Zoom's reference, ``[{"method", "path", "names": ["query.id", "body.user_id"]}]``;
  ``DELETE`` clears them (so does ``DELETE /_emulator/requests``).
- ``POST /_emulator/reset``: reseed everything.
- ``POST /_emulator/options``: change options, e.g. ``{"rate_limit": true, "fault_rate": 0.1}``.
- ``POST /_emulator/recordings``: add a recorded meeting, e.g. ``{"user_id": "me", "ready_after": 5}``.
- ``POST /_emulator/expire_tokens``: expire every access token (and page tokens with ``?page_tokens=true``).
- ``POST /_emulator/clock``: move the emulator's clock forward, ``{"advance": 3600}``; deadlines pass.
- ``POST /_emulator/download_token``: a webhook ``download_token`` for ``{"meeting_uuid": ...}``.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from airflow_provider_zoom.testing.emulator.routes.common import json_body, state_of
from airflow_provider_zoom.testing.emulator.routes.recordings import render_recording

router = APIRouter(prefix="/_emulator")


@router.get("/state")
async def get_state(request: Request) -> dict[str, Any]:
    return state_of(request).snapshot()


@router.get("/requests")
async def get_requests(request: Request) -> list[dict[str, Any]]:
    state = state_of(request)
    with state.lock:
        return [dict(r) for r in state.requests]


@router.delete("/requests", status_code=204)
async def clear_requests(request: Request) -> Response:
    state = state_of(request)
    with state.lock:
        state.requests.clear()
        state.cdn_requests.clear()
    state.clear_unknown_names()
    return Response(status_code=204)


@router.get("/unknown_names")
async def get_unknown_names(request: Request) -> list[dict[str, Any]]:
    return state_of(request).unknown_names()


@router.delete("/unknown_names", status_code=204)
async def clear_unknown_names(request: Request) -> Response:
    state_of(request).clear_unknown_names()
    return Response(status_code=204)


@router.get("/cdn_requests")
async def get_cdn_requests(request: Request) -> list[dict[str, Any]]:
    state = state_of(request)
    with state.lock:
        return [dict(r) for r in state.cdn_requests]


@router.post("/reset", status_code=204)
async def reset(request: Request) -> Response:
    state_of(request).reset()
    return Response(status_code=204)


@router.post("/options")
async def set_options(request: Request) -> JSONResponse:
    state = state_of(request)
    body = await json_body(request)
    try:
        state.set_options(**body)
    except (TypeError, ValueError) as exc:
        return JSONResponse({"code": 300, "message": str(exc)}, status_code=400)
    return JSONResponse(state.snapshot())


@router.post("/recordings", status_code=201)
async def add_recording(request: Request) -> JSONResponse:
    state = state_of(request)
    body = await json_body(request)
    allowed = {"user_id", "topic", "ready_after", "duration", "recording_size", "uuid", "meeting_id"}
    unknown = sorted(set(body) - allowed)
    if unknown:
        return JSONResponse(
            {"code": 300, "message": f"Unknown field(s): {', '.join(unknown)}"}, status_code=400
        )
    past = state.add_recorded_meeting(body.pop("user_id", "me"), **body)
    with state.lock:
        return JSONResponse(render_recording(state, past), status_code=201)


@router.post("/expire_tokens", status_code=204)
async def expire_tokens(request: Request, page_tokens: bool = False) -> Response:
    state = state_of(request)
    state.expire_access_tokens()
    if page_tokens:
        state.expire_page_tokens()
    return Response(status_code=204)


@router.post("/clock")
async def advance_clock(request: Request) -> JSONResponse:
    """Move the emulator's clock forward by ``{"advance": seconds}``; answers its time afterwards."""
    state = state_of(request)
    body = await json_body(request)
    unknown = sorted(set(body) - {"advance"})
    if unknown:
        return JSONResponse(
            {"code": 300, "message": f"Unknown field(s): {', '.join(unknown)}"}, status_code=400
        )
    seconds: Any = body.get("advance")
    try:
        now = state.clock.advance(seconds)
    except ValueError:
        message = f"advance: must be a number of seconds, 0 or more, got {seconds!r}"
        return JSONResponse({"code": 300, "message": message}, status_code=400)
    return JSONResponse({"now": now, "offset": state.clock.offset})


@router.post("/download_token")
async def download_token(request: Request) -> dict[str, str]:
    state = state_of(request)
    body = await json_body(request)
    return {"download_token": state.issue_download_token(str(body.get("meeting_uuid", "")))}
