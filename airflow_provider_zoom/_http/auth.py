"""
OAuth tokens for Zoom: how to ask for one, how to read the answer, and a process-wide cache.

The request/answer halves are transport-free so the requests-based hook and the httpx-based
triggers share them; the cache keeps one token per connection identity (``ZoomConnectionConfig.cache_key``)
in a process, because several tasks' threads (parallel downloads) must not each fetch, and possibly
revoke, tokens.
"""

from __future__ import annotations

import base64
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeGuard

from airflow_provider_zoom._http.config import (
    AUTH_ACCESS_TOKEN,
    AUTH_REFRESH_TOKEN,
    AUTH_SERVER_TO_SERVER,
    ZoomConnectionConfig,
)
from airflow_provider_zoom._http.errors import error_from_response, parse_body
from airflow_provider_zoom.exceptions import ZoomAuthError

# Refresh this long before Zoom's expiry so a token never dies between our check and Zoom's.
EXPIRY_MARGIN_SECONDS = 60.0


@dataclass
class Token:
    """An access token and when it stops being usable."""

    access_token: str = field(repr=False)
    expires_at: float
    scope: str = ""
    refresh_token: str | None = field(default=None, repr=False)

    def fresh(self, now: float | None = None) -> bool:
        return (now if now is not None else time.monotonic()) < self.expires_at - EXPIRY_MARGIN_SECONDS

    @property
    def scopes(self) -> list[str]:
        return self.scope.split()


@dataclass(frozen=True)
class TokenRequest:
    """A token request ready for any HTTP client: POST ``url`` with ``data`` as a form."""

    url: str
    data: dict[str, str] = field(repr=False)
    headers: dict[str, str] = field(repr=False)


def build_token_request(config: ZoomConnectionConfig, refresh_token: str | None = None) -> TokenRequest:
    """The token request for the connection's auth type (not used for ``access_token``)."""
    basic = base64.b64encode(f"{config.client_id}:{config.client_secret}".encode()).decode()
    headers = {"Authorization": f"Basic {basic}", "Content-Type": "application/x-www-form-urlencoded"}
    if config.auth_type == AUTH_SERVER_TO_SERVER:
        data = {"grant_type": "account_credentials", "account_id": config.account_id or ""}
    elif config.auth_type == AUTH_REFRESH_TOKEN:
        data = {"grant_type": "refresh_token", "refresh_token": refresh_token or ""}
    else:
        raise ValueError(f"auth_type {config.auth_type!r} does not fetch tokens")
    return TokenRequest(url=config.token_url, data=data, headers=headers)


def parse_token_response(
    *, status_code: int, body: bytes | str, headers: Any, now: float | None = None
) -> Token:
    """
    Read Zoom's token reply.

    :raises ZoomAuthError: with Zoom's reason when the token was refused.
    """
    data = parse_body(body)
    if status_code >= 400 or not isinstance(data, dict) or not data.get("access_token"):
        err = error_from_response(
            status_code=status_code or 401,
            body=body,
            headers=headers or {},
            method="POST",
            path="/oauth/token",
        )
        reason = err.zoom_message or "no access_token in the reply"
        raise ZoomAuthError(
            status_code=err.status_code,
            code=err.code,
            zoom_message=reason,
            method="POST",
            path="/oauth/token",
            hint=_token_hint(reason),
        )
    expires_in = float(data.get("expires_in") or 3600)
    started = now if now is not None else time.monotonic()
    return Token(
        access_token=str(data["access_token"]),
        expires_at=started + expires_in,
        scope=str(data.get("scope") or ""),
        refresh_token=data.get("refresh_token"),
    )


def _token_hint(reason: str) -> str:
    lowered = reason.lower()
    if "client" in lowered:
        return "Check the connection's login (Client ID) and password (Client Secret)."
    if "account" in lowered:
        return "Check extra.account_id: it must be the Account ID shown on the Server-to-Server OAuth app."
    if "invalid token" in lowered or "refresh" in lowered:
        return (
            "The refresh token was refused. Zoom rotates refresh tokens on every use: store the newest one "
            "(see extra.refresh_token_variable) or authorise the app again."
        )
    return "Zoom refused the token request."


def reusable(token: Token | None, *, force: bool = False, stale: str | None = None) -> TypeGuard[Token]:
    """
    Whether a cached token may be handed out.

    A fresh token is reused unless a refresh is forced; a forced refresh still reuses it when it is
    not the ``stale`` token the caller saw refused (another caller already replaced that one).
    """
    if token is None or not token.fresh():
        return False
    return not force or (stale is not None and token.access_token != stale)


class TokenCache:
    """Process-wide cache: one token per connection identity, fetched under a per-key lock."""

    def __init__(self) -> None:
        self._tokens: dict[tuple[str, ...], Token] = {}
        self._locks: dict[tuple[str, ...], threading.Lock] = {}
        self._guard = threading.Lock()

    def _lock(self, key: tuple[str, ...]) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(key, threading.Lock())

    def get(
        self,
        key: tuple[str, ...],
        fetch: Callable[[], Token],
        *,
        force: bool = False,
        stale: str | None = None,
    ) -> Token:
        """
        Return the cached token for ``key``, fetching a new one when missing, expiring, or forced.

        :param stale: the token a caller saw refused; a forced refresh is skipped when another
            thread already replaced it, so a burst of 401s costs one token call.
        """
        token = self._tokens.get(key)
        if reusable(token, force=force, stale=stale):
            return token
        with self._lock(key):
            token = self._tokens.get(key)
            if reusable(token, force=force, stale=stale):
                return token
            token = fetch()
            self._tokens[key] = token
            return token

    def invalidate(self, key: tuple[str, ...]) -> None:
        with self._guard:
            self._tokens.pop(key, None)

    def clear(self) -> None:
        with self._guard:
            self._tokens.clear()


TOKEN_CACHE = TokenCache()


# What a refresh-token Variable holds besides the refresh token: the access token it came with, so
# processes that lose the race for a one-use refresh token use the winner's access token instead.
STORED_KEYS = ("refresh_token", "access_token", "expires_at", "scope")


@dataclass(frozen=True)
class StoredTokens:
    """
    The tokens kept in a refresh-token Variable: Zoom's newest refresh token and its access token.

    ``expires_at`` is wall-clock (Unix seconds): the Variable is read by other processes and hosts,
    whose monotonic clocks mean nothing here.
    """

    refresh_token: str = field(repr=False)
    access_token: str | None = field(default=None, repr=False)
    expires_at: float | None = None
    scope: str = ""

    def shared_token(self, *, stale: str | None = None, now: float | None = None) -> Token | None:
        """The stored access token while it is fresh and is not ``stale`` (the one Zoom just refused)."""
        if not self.access_token or self.expires_at is None or self.access_token == stale:
            return None
        left = self.expires_at - (now if now is not None else time.time())
        token = Token(
            access_token=self.access_token,
            expires_at=time.monotonic() + left,
            scope=self.scope,
            refresh_token=self.refresh_token,
        )
        return token if token.fresh() else None


def read_stored_tokens(value: str, *, name: str) -> StoredTokens:
    """
    Read a refresh-token Variable: the JSON this provider writes, or a bare refresh token.

    :param name: the Variable's name, for the error.
    :raises ValueError: naming the Variable when it holds JSON without a refresh token.
    """
    text = value.strip()
    if not text.startswith("{"):
        return StoredTokens(refresh_token=text)
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("refresh_token"), str)
        or not data["refresh_token"]
    ):
        raise ValueError(
            f"Variable {name!r} must hold a refresh token, or a JSON object with a refresh_token key"
        )
    expires_at = data.get("expires_at")
    return StoredTokens(
        refresh_token=data["refresh_token"],
        access_token=data.get("access_token") or None,
        expires_at=float(expires_at) if isinstance(expires_at, (int, float)) else None,
        scope=str(data.get("scope") or ""),
    )


def dump_stored_tokens(token: Token, now: float | None = None) -> str:
    """The Variable's value for a token fresh from Zoom (it must carry the rotated refresh token)."""
    if not token.refresh_token:
        raise ValueError("dump_stored_tokens needs the token's refresh token")
    left = token.expires_at - time.monotonic()
    stored = {
        "refresh_token": token.refresh_token,
        "access_token": token.access_token,
        "expires_at": round((now if now is not None else time.time()) + left, 3),
        "scope": token.scope,
    }
    return json.dumps({key: stored[key] for key in STORED_KEYS})


def refresh_token_refused(err: ZoomAuthError) -> bool:
    """Zoom's answer to a refresh token already exchanged (or revoked): 400/401 ``Invalid Token!``."""
    return (
        err.path == "/oauth/token"
        and err.status_code in (400, 401)
        and "invalid token" in (err.zoom_message or "").lower()
    )


def static_token(config: ZoomConnectionConfig) -> Token:
    """The connection's given access token (``auth_type=access_token``); it cannot be refreshed."""
    if config.auth_type != AUTH_ACCESS_TOKEN or not config.access_token:
        raise ValueError("static_token needs auth_type=access_token")
    return Token(access_token=config.access_token, expires_at=float("inf"))
