"""The ``zoom`` connection's fields, parsed and checked once for the hook, the triggers and webhooks."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from airflow_provider_zoom.exceptions import ZoomConfigError

DEFAULT_API_BASE_URL = "https://api.zoom.us/v2"
DEFAULT_OAUTH_BASE_URL = "https://zoom.us"
DEFAULT_TIMEOUT = 60.0
DEFAULT_MAX_RETRIES = 5
# Seconds one request may wait out per-second rate limits: room for many tasks sharing an account.
DEFAULT_RATE_LIMIT_BUDGET = 300

AUTH_SERVER_TO_SERVER = "server_to_server"
AUTH_REFRESH_TOKEN = "refresh_token"
AUTH_ACCESS_TOKEN = "access_token"
AUTH_TYPES = (AUTH_SERVER_TO_SERVER, AUTH_REFRESH_TOKEN, AUTH_ACCESS_TOKEN)

CONN_TYPE = "zoom"


# Digests of secrets in cache keys are keyed per process: they prove nothing outside it.
_DIGEST_KEY = secrets.token_bytes(32)


def _digest(secret: str | None) -> str:
    if not secret:
        return ""
    return hmac.new(_DIGEST_KEY, secret.encode(), hashlib.sha256).hexdigest()


def extra_value(extra: Mapping[str, Any], name: str, default: Any = None) -> Any:
    """Read a custom connection field: the plain key, then the ``extra__zoom__`` form older UIs wrote."""
    for key in (name, f"extra__{CONN_TYPE}__{name}"):
        value = extra.get(key)
        if value not in (None, ""):
            return value
    return default


def parse_extra(extra: str | Mapping[str, Any] | None) -> dict[str, Any]:
    """Return the connection's extra as a dict, whether given as JSON text or a mapping."""
    if extra is None or extra == "":
        return {}
    if isinstance(extra, Mapping):
        return dict(extra)
    try:
        value = json.loads(extra)
    except ValueError as err:
        raise ZoomConfigError("extra", f"is not valid JSON ({err})") from None
    if not isinstance(value, dict):
        raise ZoomConfigError("extra", "must be a JSON object")
    return value


def _base_url(extra: Mapping[str, Any], name: str, default: str) -> str:
    url = str(extra_value(extra, name, default)).strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ZoomConfigError(name, f"must be an http(s) URL like {default!r}, got {url!r}")
    return url


def _number(extra: Mapping[str, Any], name: str, default: float, *, integer: bool) -> Any:
    raw = extra_value(extra, name, default)
    try:
        value = int(raw) if integer else float(raw)
    except (TypeError, ValueError):
        kind = "a whole number" if integer else "a number"
        raise ZoomConfigError(name, f"must be {kind}, got {raw!r}") from None
    if value < 0 or (not integer and value == 0):
        raise ZoomConfigError(name, f"must be positive, got {raw!r}")
    return value


@dataclass(frozen=True)
class ZoomConnectionConfig:
    """
    Everything the provider reads from a ``zoom`` connection.

    Secrets are excluded from ``repr`` so a config printed in a log or traceback leaks nothing.
    """

    conn_id: str
    auth_type: str = AUTH_SERVER_TO_SERVER
    client_id: str | None = None
    client_secret: str | None = field(default=None, repr=False)
    account_id: str | None = None
    refresh_token: str | None = field(default=None, repr=False)
    refresh_token_variable: str | None = None
    access_token: str | None = field(default=None, repr=False)
    webhook_secret_token: str | None = field(default=None, repr=False)
    api_base_url: str = DEFAULT_API_BASE_URL
    oauth_base_url: str = DEFAULT_OAUTH_BASE_URL
    timeout: float = DEFAULT_TIMEOUT
    max_retries: int = DEFAULT_MAX_RETRIES
    rate_limit_budget: int = DEFAULT_RATE_LIMIT_BUDGET

    @property
    def token_url(self) -> str:
        return f"{self.oauth_base_url}/oauth/token"

    @property
    def cache_key(self) -> tuple[str, ...]:
        """
        Who a token belongs to and where it goes: one token is shared per key in a process.

        The key holds every field that identifies the credential (a wrong secret must not reuse a
        good token) and both hosts (a token must never be sent to another API host); secrets enter
        it only as keyed digests, so the key itself is no credential.
        """
        return (
            self.auth_type,
            self.oauth_base_url,
            self.api_base_url,
            self.account_id or "",
            self.client_id or "",
            _digest(self.client_secret),
            _digest(self.refresh_token),
            self.refresh_token_variable or "",
        )

    @classmethod
    def from_fields(
        cls,
        conn_id: str,
        *,
        login: str | None,
        password: str | None,
        extra: str | Mapping[str, Any] | None,
    ) -> ZoomConnectionConfig:
        """
        Parse and check a connection's fields for the chosen auth type, before any network call.

        :param conn_id: the connection id, used in messages.
        :param login: the OAuth client ID.
        :param password: the OAuth client secret.
        :param extra: the connection's extra, JSON text or a mapping.
        :raises ZoomConfigError: naming the field that is missing or malformed.
        """
        ext = parse_extra(extra)
        auth_type = str(extra_value(ext, "auth_type", AUTH_SERVER_TO_SERVER)).strip().lower()
        if auth_type not in AUTH_TYPES:
            raise ZoomConfigError("auth_type", f"must be one of {', '.join(AUTH_TYPES)}, got {auth_type!r}")
        config = cls(
            conn_id=conn_id,
            auth_type=auth_type,
            client_id=(login or "").strip() or None,
            client_secret=password or None,
            account_id=(str(extra_value(ext, "account_id", "")).strip() or None),
            refresh_token=extra_value(ext, "refresh_token"),
            refresh_token_variable=extra_value(ext, "refresh_token_variable"),
            access_token=extra_value(ext, "access_token"),
            webhook_secret_token=extra_value(ext, "webhook_secret_token"),
            api_base_url=_base_url(ext, "api_base_url", DEFAULT_API_BASE_URL),
            oauth_base_url=_base_url(ext, "oauth_base_url", DEFAULT_OAUTH_BASE_URL),
            timeout=_number(ext, "timeout", DEFAULT_TIMEOUT, integer=False),
            max_retries=_number(ext, "max_retries", DEFAULT_MAX_RETRIES, integer=True),
            rate_limit_budget=_number(ext, "rate_limit_budget", DEFAULT_RATE_LIMIT_BUDGET, integer=True),
        )
        config.check(conn_id)
        return config

    def check(self, conn_id: str) -> None:
        """Raise :class:`ZoomConfigError` when a field the auth type needs is missing."""
        needed: list[tuple[str, Any]] = []
        if self.auth_type == AUTH_SERVER_TO_SERVER:
            needed = [
                ("login", self.client_id),
                ("password", self.client_secret),
                ("account_id", self.account_id),
            ]
        elif self.auth_type == AUTH_REFRESH_TOKEN:
            needed = [("login", self.client_id), ("password", self.client_secret)]
            if not (self.refresh_token or self.refresh_token_variable):
                needed.append(("refresh_token", None))
        elif self.auth_type == AUTH_ACCESS_TOKEN:
            needed = [("access_token", self.access_token)]
        labels = {"login": "login (Client ID)", "password": "password (Client Secret)"}
        for name, value in needed:
            if not value:
                what = labels.get(name, f"extra.{name}")
                raise ZoomConfigError(
                    name,
                    f"{what} is required for auth_type={self.auth_type!r} in connection {conn_id!r}",
                )
