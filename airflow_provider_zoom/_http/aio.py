"""
The asyncio transport under :class:`~airflow_provider_zoom.hooks.zoom.ZoomAsyncHook` (the public door).

It shares every rule with the requests-based :class:`~airflow_provider_zoom.hooks.zoom.ZoomHook`:
the token request and its parsing (:mod:`.auth`), every retry decision and the error mapping
(:class:`~airflow_provider_zoom._http.retry.RequestAttempts`); only the transport (``httpx``) differs.

Tokens: the triggerer is a process of its own, so it cannot reuse a worker's cached token. Server-to-
Server tokens are fetched here and kept in :data:`ASYNC_TOKEN_CACHE`, one per connection identity, so
all the triggers of a triggerer share one token. ``refresh_token`` auth needs Zoom's rotated refresh
token stored after every refresh (in the Variable named by ``extra.refresh_token_variable``); that logic
lives in the sync hook, so for that auth type the caller passes ``token_provider`` (the async hook passes
the sync hook's ``get_token`` wrapped in ``sync_to_async``); without it the client refuses
``refresh_token`` auth rather than lose the rotated token.

``httpx`` is imported when the first request is sent, so importing this module stays cheap.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from airflow_provider_zoom._http.auth import (
    Token,
    build_token_request,
    parse_token_response,
    reusable,
    static_token,
)
from airflow_provider_zoom._http.config import AUTH_ACCESS_TOKEN, AUTH_REFRESH_TOKEN, ZoomConnectionConfig
from airflow_provider_zoom._http.errors import message_path, reply_json
from airflow_provider_zoom._http.log import redact_url_logs
from airflow_provider_zoom._http.paths import api_url, wire_params
from airflow_provider_zoom._http.retry import RequestAttempts, RetryPolicy, RetryStep, policy_for
from airflow_provider_zoom.exceptions import (
    ZoomConfigError,
)

if TYPE_CHECKING:
    import httpx

#: ``token_provider(force_refresh, stale_access_token) -> Token``
TokenProvider = Callable[[bool, "str | None"], Awaitable[Token]]

log = logging.getLogger(__name__)


class AsyncTokenCache:
    """
    One token per connection identity in this process, fetched by one coroutine at a time.

    Tokens outlive event loops; the locks do not (an ``asyncio.Lock`` belongs to one loop), so locks
    are kept per running loop.
    """

    def __init__(self) -> None:
        self._tokens: dict[tuple[str, ...], Token] = {}
        self._locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[tuple[str, ...], asyncio.Lock]]
        self._locks = weakref.WeakKeyDictionary()

    def _lock(self, key: tuple[str, ...]) -> asyncio.Lock:
        per_loop = self._locks.setdefault(asyncio.get_running_loop(), {})
        return per_loop.setdefault(key, asyncio.Lock())

    async def get(
        self,
        key: tuple[str, ...],
        fetch: Callable[[], Awaitable[Token]],
        *,
        force: bool = False,
        stale: str | None = None,
    ) -> Token:
        """
        Return the cached token for ``key``, fetching a new one when missing, expiring, or forced.

        :param stale: the token a caller saw refused; a forced refresh is skipped when another
            coroutine already replaced it, so a burst of 401s costs one token call.
        """
        token = self._tokens.get(key)
        if reusable(token, force=force, stale=stale):
            return token
        async with self._lock(key):
            token = self._tokens.get(key)
            if reusable(token, force=force, stale=stale):
                return token
            token = await fetch()
            self._tokens[key] = token
            return token

    def clear(self) -> None:
        self._tokens.clear()


ASYNC_TOKEN_CACHE = AsyncTokenCache()


class AsyncZoomClient:
    """
    Call Zoom asynchronously with auth, bounded retries and the provider's error mapping.

    Use as ``async with AsyncZoomClient(config) as client: await client.request("GET", path)``.

    :param config: the parsed ``zoom`` connection.
    :param token_provider: coroutine function ``(force_refresh, stale_token) -> Token`` that supplies
        tokens instead of this client; required for ``auth_type=refresh_token``.
    :param on_secret: called with every access token fetched here (e.g. Airflow's ``mask_secret``).
    :param retry_policy: defaults to the connection's ``max_retries`` and ``rate_limit_budget``.
    :param transport: an ``httpx`` async transport (tests use ``httpx.MockTransport``).
    """

    def __init__(
        self,
        config: ZoomConnectionConfig,
        *,
        token_provider: TokenProvider | None = None,
        on_secret: Callable[[str], None] | None = None,
        retry_policy: RetryPolicy | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        if config.auth_type == AUTH_REFRESH_TOKEN and token_provider is None:
            raise ZoomConfigError(
                "auth_type",
                "refresh_token auth needs a token_provider that stores Zoom's rotated refresh token; "
                "the async client does not rotate refresh tokens by itself",
            )
        redact_url_logs()
        self.config = config
        self.retry_policy = retry_policy or policy_for(config)
        self._token_provider = token_provider
        self._on_secret = on_secret
        self._transport = transport
        self._client: httpx.AsyncClient | None = None
        self._sleep: Callable[[float], Awaitable[None]] = asyncio.sleep

    # ------------------------------------------------------------------ lifecycle
    @property
    def client(self) -> httpx.AsyncClient:
        if self._client is None:
            import httpx

            # Redirects are not followed: an API call that redirects is an error, and a token must
            # never be sent to another host.
            self._client = httpx.AsyncClient(
                timeout=self.config.timeout,
                transport=self._transport,
                follow_redirects=False,
                headers={"User-Agent": "airflow-provider-zoom"},
            )
        return self._client

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def __aenter__(self) -> AsyncZoomClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    # ------------------------------------------------------------------ auth
    async def get_token(self, *, force_refresh: bool = False, stale: str | None = None) -> Token:
        """A usable access token: the given one, the provider's, or one fetched and cached here."""
        if self.config.auth_type == AUTH_ACCESS_TOKEN:
            return static_token(self.config)
        if self._token_provider is not None:
            return await self._token_provider(force_refresh, stale)
        return await ASYNC_TOKEN_CACHE.get(
            self.config.cache_key, self._fetch_token, force=force_refresh, stale=stale
        )

    async def _fetch_token(self) -> Token:
        token_request = build_token_request(self.config)
        attempts = RequestAttempts(
            self.retry_policy, "POST", "/oauth/token", token_request.url, raise_errors=False
        )
        response = await self._send(
            "POST", token_request.url, attempts, data=token_request.data, headers=token_request.headers
        )
        token = parse_token_response(
            status_code=response.status_code, body=response.content, headers=response.headers
        )
        if self._on_secret is not None:
            self._on_secret(token.access_token)
        return token

    # ------------------------------------------------------------------ requests
    def url_for(self, path: str) -> str:
        """Absolute URL for an API path (``/meetings/123``); absolute URLs pass through."""
        return api_url(self.config.api_base_url, path)

    async def request(
        self,
        method: str,
        path: str,
        params: dict[str, Any] | None = None,
        *,
        json: Any = None,
    ) -> Any:
        """
        Call Zoom and return the parsed JSON body (``{}`` when empty).

        :param method: HTTP method.
        :param path: path relative to the API base URL (build it with ``api_path``).
        :param params: query parameters; None values are dropped.
        :param json: JSON body.
        :raises ZoomApiError: (or a subclass) when Zoom answers with an error.
        """
        url = self.url_for(path)
        attempts = RequestAttempts(
            self.retry_policy,
            method,
            message_path(path),
            url,
            refetch_tokens=self.config.auth_type != AUTH_ACCESS_TOKEN,
        )
        response = await self._send(
            method, url, attempts, token=await self.get_token(), params=wire_params(params), json=json
        )
        return reply_json(response.status_code, response.content)

    async def _send(
        self, method: str, url: str, attempts: RequestAttempts, *, token: Token | None = None, **kwargs: Any
    ) -> httpx.Response:
        """
        Send until ``attempts`` hands the reply back; it decides every retry, as for the sync hook.

        :param token: the bearer token to send (replaced when ``attempts`` asks for a new one).
        """
        import httpx

        headers = dict(kwargs.pop("headers", None) or {})
        step: RetryStep | None
        while True:
            if token is not None:
                headers["Authorization"] = f"Bearer {token.access_token}"
            try:
                response = await self.client.request(method, url, headers=headers, **kwargs)
            except httpx.TransportError as err:
                step = attempts.after_connection_error(err)
            else:
                step = attempts.after_reply(response.status_code, response.headers, response.content)
                if step is None:
                    return response
            log.warning("%s", step.message)
            if step.wait:
                await self._sleep(step.wait)
            if step.new_token and token is not None:
                token = await self.get_token(force_refresh=True, stale=token.access_token)
