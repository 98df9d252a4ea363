"""ZoomHook: the provider's only door to Zoom's REST API."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from functools import cached_property
from typing import IO, TYPE_CHECKING, Any

from airflow_provider_zoom._contract.scopes import missing_scope_message, scope_report
from airflow_provider_zoom._http import DEFAULT_CONN_ID
from airflow_provider_zoom._http.auth import (
    TOKEN_CACHE,
    Token,
    build_token_request,
    parse_token_response,
    static_token,
)
from airflow_provider_zoom._http.config import (
    AUTH_ACCESS_TOKEN,
    AUTH_REFRESH_TOKEN,
    CONN_TYPE,
    ZoomConnectionConfig,
)
from airflow_provider_zoom._http.download import (
    DEFAULT_SPEED_LIMIT,
    DEFAULT_SPEED_TIME,
    DOWNLOAD_CHUNK_SIZE,
    DownloadResult,
    DownloadTransport,
    FileDownload,
    NoAuth,
    pop_access_token,
)
from airflow_provider_zoom._http.errors import SCOPE_CODES, message_path
from airflow_provider_zoom._http.log import redact_url_logs
from airflow_provider_zoom._http.paths import api_url, on_connection_hosts, redact_url
from airflow_provider_zoom._http.retry import RequestAttempts, RetryPolicy, RetryStep, policy_for
from airflow_provider_zoom.exceptions import (
    ZoomApiError,
    ZoomAuthError,
    ZoomConfigError,
)
from airflow_provider_zoom.hooks._refresh_variable import RefreshTokenVariable
from airflow_provider_zoom.hooks._resources.actions import ZoomActions
from airflow_provider_zoom.validation import check_endpoint, check_low_speed
from airflow_provider_zoom.version_compat import BaseHook

if TYPE_CHECKING:
    import requests

    from airflow_provider_zoom._http.aio import AsyncZoomClient


class ZoomBaseHook(BaseHook):
    """
    What :class:`ZoomHook` and :class:`ZoomAsyncHook` share: the ``zoom`` connection, read the same way.

    :param zoom_conn_id: the Airflow connection of type ``zoom``.
    :param timeout: request timeout in seconds; defaults to the connection's ``extra.timeout`` (60).
    :param max_retries: retry budget per request; defaults to the connection's ``extra.max_retries`` (5).
    """

    conn_name_attr = "zoom_conn_id"
    default_conn_name = DEFAULT_CONN_ID
    conn_type = CONN_TYPE
    hook_name = "Zoom"

    def __init__(
        self,
        zoom_conn_id: str = default_conn_name,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.zoom_conn_id = zoom_conn_id
        self._timeout_override = timeout
        self._max_retries_override = max_retries

    def config_from(self, conn: Any) -> ZoomConnectionConfig:
        """The connection's fields, checked for the chosen auth type (raises before any network call)."""
        if conn.conn_type and conn.conn_type != CONN_TYPE:
            self.log.warning(
                "Connection %r has type %r; reading it as a %r connection.",
                self.zoom_conn_id,
                conn.conn_type,
                CONN_TYPE,
            )
        return ZoomConnectionConfig.from_fields(
            self.zoom_conn_id, login=conn.login, password=conn.password, extra=conn.extra
        )


class ZoomHook(ZoomActions, ZoomBaseHook):
    """
    Interact with Zoom's REST API v2 through the ``zoom`` connection.

    Owns auth (Server-to-Server OAuth, refresh-token OAuth or a given access token), bounded retries
    that honour Zoom's rate limits, pagination, date windows, error mapping and file downloads.
    Operators, sensors and transfers call its methods; one method per Zoom action.

    :param zoom_conn_id: the Airflow connection of type ``zoom``.
    :param timeout: request timeout in seconds; defaults to the connection's ``extra.timeout`` (60).
    :param max_retries: retry budget per request; defaults to the connection's ``extra.max_retries`` (5).
        Per-second rate limits are waited out for up to ``extra.rate_limit_budget`` seconds (300) on
        top of that count.
    """

    # How retries wait (tests put a recorder here); a builtin, so it does not bind as a method.
    _sleep: Callable[[float], None] = time.sleep

    # ------------------------------------------------------------------ connection and auth
    @classmethod
    def get_ui_field_behaviour(cls) -> dict[str, Any]:
        """Form behaviour for Airflow 3.0 and 3.1, which ask the hook (3.2+ read the provider info)."""
        from airflow_provider_zoom.get_provider_info import ZOOM_CONNECTION_TYPE

        behaviour = ZOOM_CONNECTION_TYPE["ui-field-behaviour"]
        return {
            "hidden_fields": behaviour["hidden-fields"],
            "relabeling": behaviour["relabeling"],
            "placeholders": behaviour["placeholders"],
        }

    @classmethod
    def get_connection_form_widgets(cls) -> dict[str, Any]:
        """Form fields for Airflow 3.0 and 3.1, whose UI does not read ``conn-fields``."""
        from airflow_provider_zoom.hooks._connection_form import conn_fields_as_widgets

        return conn_fields_as_widgets()

    @cached_property
    def config(self) -> ZoomConnectionConfig:
        """The connection's fields, checked for the chosen auth type (raises before any network call)."""
        return self.config_from(self.get_connection(self.zoom_conn_id))

    @property
    def timeout(self) -> float:
        return self._timeout_override if self._timeout_override is not None else self.config.timeout

    @cached_property
    def retry_policy(self) -> RetryPolicy:
        return policy_for(self.config, max_retries=self._max_retries_override)

    @cached_property
    def session(self) -> requests.Session:
        """One pooled session per hook, sized for parallel downloads sharing it."""
        import requests
        from requests.adapters import HTTPAdapter

        # urllib3 logs request URLs at DEBUG, signed CDN URLs among them.
        redact_url_logs()
        session = requests.Session()
        adapter = HTTPAdapter(pool_connections=4, pool_maxsize=16)
        session.mount("https://", adapter)
        session.mount("http://", adapter)
        session.headers["User-Agent"] = "airflow-provider-zoom"
        return session

    def get_token(self, *, force_refresh: bool = False, stale: str | None = None) -> Token:
        """Return a usable access token, fetching (once per process and connection) when needed."""
        config = self.config
        if config.auth_type == AUTH_ACCESS_TOKEN:
            return static_token(config)
        return TOKEN_CACHE.get(
            config.cache_key, lambda: self._fetch_token(stale), force=force_refresh, stale=stale
        )

    def get_access_token(self) -> str:
        """The bearer token for a request, e.g. to hand to a tool that downloads by itself."""
        return self.get_token().access_token

    def _fetch_token(self, stale: str | None = None) -> Token:
        config = self.config
        if config.auth_type == AUTH_REFRESH_TOKEN and config.refresh_token_variable:
            return self._refresh_variable.token(stale)
        token = self._exchange_token(config.refresh_token)
        if token.refresh_token and config.auth_type == AUTH_REFRESH_TOKEN:
            self.log.warning(
                "Zoom issued a new refresh token and invalidated the old one, but the connection has no "
                "extra.refresh_token_variable to store it in: the next process will be locked out. "
                "Set extra.refresh_token_variable to an Airflow Variable name."
            )
        return token

    def _exchange_token(self, refresh_token: str | None) -> Token:
        """One token request to Zoom (a refresh token is used by ``auth_type=refresh_token`` only)."""
        from airflow.sdk.log import mask_secret

        config = self.config
        token_request = build_token_request(config, refresh_token)
        self.log.debug("Requesting a Zoom access token (%s) from %s", config.auth_type, config.token_url)
        attempts = RequestAttempts(
            self.retry_policy, "POST", "/oauth/token", token_request.url, raise_errors=False
        )
        response = self._send(
            "POST", token_request.url, attempts, data=token_request.data, headers=token_request.headers
        )
        token = parse_token_response(
            status_code=response.status_code, body=response.content, headers=response.headers
        )
        mask_secret(token.access_token)
        if token.refresh_token:
            mask_secret(token.refresh_token)
        return token

    @cached_property
    def _refresh_variable(self) -> RefreshTokenVariable:
        """The Variable that carries rotated refresh tokens between task processes."""
        config = self.config
        # Short steps: the process that won the refresh stores its token within moments.
        waits = RetryPolicy(backoff_base=0.5, backoff_max=8.0, uniform=self.retry_policy.uniform)
        return RefreshTokenVariable(
            str(config.refresh_token_variable),
            fallback=config.refresh_token,
            exchange=self._exchange_token,
            backoff=waits.backoff,
            sleep=lambda seconds: self._sleep(seconds),
            log=self.log,
        )

    # ------------------------------------------------------------------ requests
    def url_for(self, path: str) -> str:
        """
        Absolute URL for an API path (``/meetings/123``); an absolute URL only when it is under the API base.

        :raises ZoomConfigError: naming ``path`` when it could carry the token to another host.
        """
        if not path.lower().startswith(("http://", "https://")):
            path = check_endpoint(path, "path")
        return api_url(self.config.api_base_url, path)

    def _authorized(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        """Send with a bearer token; when Zoom refuses it (401 code 124) fetch a new one and retry."""
        url = self.url_for(path)
        attempts = RequestAttempts(
            self.retry_policy,
            method,
            message_path(path),
            url,
            refetch_tokens=self.config.auth_type != AUTH_ACCESS_TOKEN,
        )
        return self._send(method, url, attempts, token=self.get_token(), **kwargs)

    def _send(
        self, method: str, url: str, attempts: RequestAttempts, *, token: Token | None = None, **kwargs: Any
    ) -> requests.Response:
        """
        Send until ``attempts`` hands the reply back; it decides every retry, as for the async hook.

        :param token: the bearer token to send (replaced when ``attempts`` asks for a new one).
        """
        import requests

        kwargs.setdefault("timeout", self.timeout)
        headers = dict(kwargs.pop("headers", None) or {})
        step: RetryStep | None
        while True:
            if token is not None:
                headers["Authorization"] = f"Bearer {token.access_token}"
            try:
                response = self.session.request(method, url, headers=headers, **kwargs)
            except (requests.ConnectionError, requests.Timeout) as err:
                step = attempts.after_connection_error(err)
            else:
                failed = response.status_code >= 400
                try:
                    step = attempts.after_reply(
                        response.status_code, response.headers, response.content if failed else b""
                    )
                finally:
                    if failed:
                        response.close()
                if step is None:
                    return response
            self.log.warning("%s", step.message)
            if step.wait:
                self._sleep(step.wait)
            if step.new_token and token is not None:
                token = self.get_token(force_refresh=True, stale=token.access_token)
            _rewind_files(kwargs.get("files"))

    # ------------------------------------------------------------------ downloads
    def download(
        self,
        url: str,
        fileobj: IO[bytes],
        *,
        expected_size: int | None = None,
        access_token: str | Callable[[], str] | None = None,
        fallback_access_token: str | Callable[[], str] | None = None,
        chunk_size: int = DOWNLOAD_CHUNK_SIZE,
        max_retries: int | None = None,
        progress: Callable[[int, int | None], None] | None = None,
        speed_limit: float = DEFAULT_SPEED_LIMIT,
        speed_time: float = DEFAULT_SPEED_TIME,
    ) -> DownloadResult:
        """
        Stream a recording file into ``fileobj`` and return the bytes written and their sha256.

        Zoom redirects ``download_url`` to a signed URL on a CDN host; the redirect is followed by hand
        so no token is ever sent there. A dropped or stalled connection resumes with a ``Range``
        request from the last byte received. Every ``206`` must start at that byte and agree with
        ``expected_size`` and earlier answers on the total; an answer that does not (or a ``416``)
        restarts the file from zero once when ``fileobj`` is seekable, and fails it otherwise.
        Bytes past the announced total fail the download.

        :param url: the file's ``download_url``.
        :param fileobj: a writable binary file object.
        :param expected_size: Zoom's ``file_size``; a different byte count fails the download.
        :param access_token: a token to use instead of the OAuth token: the meeting's
            ``download_access_token`` or a webhook event's ``download_token``.
        :param fallback_access_token: a token to retry with when Zoom refuses the OAuth token for a
            download (a known intermittent 401); may be a callable that fetches it on demand.
        :param chunk_size: bytes per write to ``fileobj`` (reads return what has arrived).
        :param max_retries: dropped-connection budget; defaults to the hook's retry budget.
        :param progress: called as ``progress(bytes_written, expected_size)`` after each chunk.
        :param speed_limit: low-speed limit in bytes per second (curl's ``--speed-limit``); 0 turns
            it off. A connection slower than this over ``speed_time`` is dropped and resumed.
        :param speed_time: seconds the transfer may stay below ``speed_limit`` (``--speed-time``).
        :raises ZoomApiError: when Zoom refuses the download, the size does not match, or the server
            answers resumes with bytes that do not fit.
        :raises ZoomConfigError: when ``speed_limit`` or ``speed_time`` is unusable, or ``url`` is not
            on the connection's Zoom hosts (the token would leave them).
        """
        check_low_speed(speed_limit, speed_time)
        self._check_download_host(url)
        url, url_token = pop_access_token(url)
        transport = DownloadTransport(
            open_zoom=self._open_download,
            open_cdn=self._open_cdn,
            backoff=self.retry_policy.backoff,
            sleep=self._sleep,
            log=self.log,
        )
        return FileDownload(
            url,
            fileobj,
            transport=transport,
            expected_size=expected_size,
            # A token in the URL is used unless one is given; either way it leaves the URL.
            access_token=access_token if access_token is not None else (url_token or None),
            fallback_access_token=fallback_access_token,
            budget=self.retry_policy.max_retries if max_retries is None else max_retries,
            chunk_size=chunk_size,
            progress=progress,
            speed_limit=speed_limit,
            speed_time=speed_time,
        ).run()

    def _check_download_host(self, url: str) -> None:
        if not isinstance(url, str) or not url:
            raise ZoomConfigError("url", "must be a recording file's download_url")
        bases = (self.config.oauth_base_url, self.config.api_base_url)
        if not on_connection_hosts(bases, url):
            raise ZoomConfigError(
                "url",
                f"must be on the connection's Zoom hosts ({', '.join(bases)}) or their subdomains, "
                f"so the token goes nowhere else; got {redact_url(url)}",
            )

    def _open_download(self, url: str, token_source: str | Callable[[], str] | None) -> requests.Response:
        if token_source is None:
            token = self.get_access_token()
        else:
            token = token_source() if callable(token_source) else token_source
            from airflow.sdk.log import mask_secret

            mask_secret(token)
        # The token travels in the header, never in the URL, so no access log or debug line records it.
        return self.session.get(
            url,
            headers={"Authorization": f"Bearer {token}"},
            allow_redirects=False,
            stream=True,
            timeout=self.timeout,
        )

    def _open_cdn(self, url: str, headers: dict[str, str]) -> requests.Response:
        # A plain request: the signed URL needs no token, and the CDN host must never see ours.
        return self.session.get(
            url, headers=headers, allow_redirects=True, stream=True, timeout=self.timeout, auth=NoAuth()
        )

    # ------------------------------------------------------------------ connection test
    def test_connection(self) -> tuple[bool, str]:
        """Fetch a token and call ``GET /users/me``; say in words what failed."""
        try:
            config = self.config
        except ZoomConfigError as err:
            return False, f"Connection is misconfigured: {err}"
        try:
            token = self.get_token()
        except ZoomAuthError as err:
            return False, f"Zoom refused the credentials: {err.zoom_message}. {err.hint or ''}".strip()
        except ZoomApiError as err:
            return False, f"Could not reach Zoom's token endpoint {config.token_url}: {err}"
        try:
            me = self.get_current_user()
        except ZoomAuthError as err:
            if err.missing_scopes or err.code in SCOPE_CODES:
                message = missing_scope_message(err.missing_scopes, method=err.method, path=err.path)
                return False, f"Credentials work, but {message}"
            return False, f"Zoom refused the token: {err}"
        except ZoomApiError as err:
            return False, f"Token fetched, but calling Zoom failed: {err}"
        who = me.get("email") or me.get("id") or "the account"
        report = scope_report(None, token.scopes)
        return True, f"Connected to Zoom as {who} ({config.auth_type}). {report['summary']}"


class ZoomAsyncHook(ZoomBaseHook):
    """
    Call Zoom's REST API from asyncio code (triggers, async tasks) through the ``zoom`` connection.

    :class:`ZoomHook`'s twin, as ``HttpAsyncHook`` is ``HttpHook``'s: the same connection fields, auth,
    retry decisions and error mapping (both request loops ask
    :class:`~airflow_provider_zoom._http.retry.RequestAttempts`); only the transport (``httpx``)
    differs. The connection is read in a thread, since the sync getter talks to the supervisor.
    ``refresh_token`` auth takes its tokens from a :class:`ZoomHook`, which stores the refresh token
    Zoom rotates; Server-to-Server tokens are fetched here and shared by the process's async hooks.

    Use as::

        async with ZoomAsyncHook("zoom_default") as hook:
            meeting = await hook.request("GET", api_path(MEETING_PATH, meeting_id=123))

    :param zoom_conn_id: the Airflow connection of type ``zoom``.
    :param timeout: request timeout in seconds; defaults to the connection's ``extra.timeout`` (60).
    :param max_retries: retry budget per request; defaults to the connection's ``extra.max_retries`` (5).
    """

    hook_name = "Zoom (async)"

    # Made on first use by get_client, per hook.
    _client: AsyncZoomClient | None = None

    async def get_config(self) -> ZoomConnectionConfig:
        """The connection's fields, checked for the chosen auth type (raises before any network call)."""
        from asgiref.sync import sync_to_async

        config = self.config_from(await sync_to_async(self.get_connection)(self.zoom_conn_id))
        if self._timeout_override is not None:
            config = dataclasses.replace(config, timeout=self._timeout_override)
        return config

    async def get_client(self) -> AsyncZoomClient:
        """The hook's client (made on first use), which sends every request."""
        if self._client is None:
            from asgiref.sync import sync_to_async

            from airflow_provider_zoom._http.aio import AsyncZoomClient

            config = await self.get_config()
            token_provider = None
            if config.auth_type == AUTH_REFRESH_TOKEN:
                get_token = sync_to_async(ZoomHook(self.zoom_conn_id).get_token)

                async def token_provider(force: bool, stale: str | None) -> Token:
                    return await get_token(force_refresh=force, stale=stale)

            self._client = AsyncZoomClient(
                config,
                token_provider=token_provider,
                on_secret=_mask_secret,
                retry_policy=policy_for(config, max_retries=self._max_retries_override),
            )
        return self._client

    async def get_token(self, *, force_refresh: bool = False) -> Token:
        """A usable access token, fetched (once per process and connection) when needed."""
        return await (await self.get_client()).get_token(force_refresh=force_refresh)

    async def request(
        self,
        method: str,
        path: str,
        params: dict[str, Any] | None = None,
        *,
        json: Any = None,
    ) -> Any:
        """
        Call Zoom with auth, retries and error mapping, as :meth:`ZoomHook.request` does.

        :param method: HTTP method.
        :param path: path relative to the API base URL, e.g. ``/users/me`` (build it with
            :func:`airflow_provider_zoom._http.paths.api_path` so ids are encoded).
        :param params: query parameters; None values are dropped, booleans sent as ``true``/``false``.
        :param json: JSON body.
        :return: parsed JSON (``{}`` for an empty body).
        :raises ZoomApiError: (or a subclass) when Zoom answers with an error.
        :raises ZoomConfigError: naming ``path`` when it could carry the token to another host.
        """
        client = await self.get_client()
        if not path.lower().startswith(("http://", "https://")):
            path = check_endpoint(path, "path")
        return await client.request(method, path, params, json=json)

    async def aclose(self) -> None:
        """Close the client's connections; the hook makes a new client when used again."""
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def __aenter__(self) -> ZoomAsyncHook:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()


def _mask_secret(value: str) -> None:
    # Called inside an event loop (the triggerer's), where Airflow 3.0's own mask_secret raises.
    from airflow_provider_zoom.version_compat import mask_secret

    mask_secret(value)


def _rewind_files(files: Any) -> None:
    """Multipart file objects were read by the failed attempt; rewind them for the retry."""
    if not files:
        return
    values = files.values() if isinstance(files, dict) else [f[1] for f in files]
    for value in values:
        fileobj = value[1] if isinstance(value, tuple) else value
        if hasattr(fileobj, "seek"):
            fileobj.seek(0)
