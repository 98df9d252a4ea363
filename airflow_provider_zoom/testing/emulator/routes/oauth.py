"""``POST /oauth/token``: Server-to-Server (``account_credentials``) and ``refresh_token`` grants."""

from __future__ import annotations

import base64
import binascii
from urllib.parse import parse_qsl

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from airflow_provider_zoom.testing.emulator.routes.common import state_of

router = APIRouter()

SCOPES = (
    "user:read:admin user:write:admin meeting:read:admin meeting:write:admin webinar:read:admin "
    "webinar:write:admin recording:read:admin recording:write:admin report:read:admin "
    "chat_message:read:admin chat_message:write:admin chat_channel:read:admin phone:read:admin "
    "phone_recording:read:admin phone_recording:write:admin phone_voicemail:read:admin "
    "meeting_summary:read:admin account:read:admin"
)


def _oauth_error(status: int, reason: str, error: str) -> JSONResponse:
    return JSONResponse({"reason": reason, "error": error}, status_code=status)


@router.post("/oauth/token")
async def token(request: Request) -> JSONResponse:
    state = state_of(request)
    params = dict(request.query_params)
    entry = state.log_request(request.method, request.url.path, request.query_params.multi_items())
    response = await _token_reply(request, params)
    entry["status"] = response.status_code
    return response


async def _token_reply(request: Request, params: dict[str, str]) -> JSONResponse:
    state = state_of(request)
    if request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        params.update(parse_qsl((await request.body()).decode("utf-8", "replace")))
    client_id, client_secret = _basic_credentials(request.headers.get("authorization", ""))
    if client_id != state.client_id or client_secret != state.client_secret:
        return _oauth_error(401, "Invalid client_id or client_secret", "invalid_client")
    grant = params.get("grant_type", "")
    api_url = state.base_url
    if grant == "account_credentials":
        account_id = params.get("account_id", "")
        if not account_id:
            return _oauth_error(
                400, "Missing account_id: pass account_id with this grant type.", "invalid_request"
            )
        if account_id != state.account_id:
            return _oauth_error(400, f"Invalid account_id: {account_id}", "invalid_request")
        access = state.issue_access_token(grant)
        return JSONResponse(
            {
                "access_token": access,
                "token_type": "bearer",
                "expires_in": state.config.token_ttl,
                "scope": SCOPES,
                "api_url": api_url,
            }
        )
    if grant == "refresh_token":
        refresh = params.get("refresh_token", "")
        with state.lock:
            if refresh not in state.refresh_tokens:
                return _oauth_error(400, "Invalid Token!", "invalid_request")
            state.refresh_tokens.discard(refresh)
        access = state.issue_access_token(grant)
        return JSONResponse(
            {
                "access_token": access,
                "token_type": "bearer",
                "refresh_token": state.new_refresh_token(),
                "expires_in": state.config.token_ttl,
                "scope": SCOPES,
                "api_url": api_url,
            }
        )
    if not grant:
        return _oauth_error(400, "Missing grant type", "invalid_request")
    return _oauth_error(400, f"Unsupported grant type: {grant}", "unsupported_grant_type")


def _basic_credentials(header: str) -> tuple[str, str]:
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "basic" or not value:
        return "", ""
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return "", ""
    client_id, _, client_secret = decoded.partition(":")
    return client_id, client_secret
