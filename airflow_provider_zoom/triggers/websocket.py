"""
Zoom's event subscriptions over a WebSocket, as an Airflow event trigger for an ``AssetWatcher``.

The triggerer keeps one outbound connection open to ``wss://ws.zoom.us/ws?subscriptionId=<id>``
with an access token of the connection's own app, fetched anew for every connection, and sends
``{"module": "heartbeat"}`` every ``heartbeat_interval`` seconds. Zoom sends each event as
``{"module": "message", "content": "<event JSON>"}``; each becomes one asset event.

Zoom does not deliver again what happened while no socket was open. After every (re)connection the
trigger lists completed cloud recordings since its watermark and yields a ``recording.completed``
event (``zoom_source: "reconciled"``) for each one it has not sent yet; one recording is never sent
twice. Other event types have no listing to reconcile from.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
from collections.abc import AsyncIterator, Hashable, Iterable, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode, urlsplit

from airflow.triggers.base import TriggerEvent

from airflow_provider_zoom._http.paths import on_connection_hosts, redact_url
from airflow_provider_zoom.exceptions import ZoomApiError, ZoomConfigError, ZoomNotFoundError
from airflow_provider_zoom.triggers._conditions import is_not_yet
from airflow_provider_zoom.triggers._event_base import (
    RECORDING_COMPLETED,
    SOURCE_RECONCILED,
    SOURCE_WEBSOCKET,
    ZoomEventTriggerBase,
)
from airflow_provider_zoom.webhooks.events import EXTRA_EVENT, MalformedEventError, parse_event

if TYPE_CHECKING:
    from airflow_provider_zoom._http.aio import AsyncZoomClient
    from airflow_provider_zoom.triggers._event_state import LaggingWatermark
    from airflow_provider_zoom.webhooks.filters import EventRule

DEFAULT_WEBSOCKET_URL = "wss://ws.zoom.us/ws"
#: Zoom's sample client beats every 30 seconds.
DEFAULT_HEARTBEAT_INTERVAL = 30.0
DEFAULT_MIN_BACKOFF = 1.0
DEFAULT_MAX_BACKOFF = 60.0
#: A connection that lasted this long resets the backoff.
STABLE_AFTER = 60.0
HEARTBEAT = json.dumps({"module": "heartbeat"})
_MAX_MESSAGE_BYTES = 16 * 1024 * 1024


class ZoomSubscriptionError(ZoomConfigError):
    """Zoom refused the subscription or the app's credentials: reconnecting cannot fix it."""


class _Retry(Exception):
    """The connection ended in a way another attempt can fix (the network, Zoom's side)."""


class _Connected:
    """The marker a socket's message stream carries after every (re)connection: time to reconcile."""


CONNECTED = _Connected()


def socket_url(base: str, subscription_id: str, token: str) -> str:
    """The subscription's URL with its access token, as Zoom's sample builds it."""
    return f"{base}?{urlencode({'subscriptionId': subscription_id, 'access_token': token})}"


def backoff_delay(attempt: int, minimum: float, maximum: float, rand: random.Random | None = None) -> float:
    """Full-jitter exponential backoff: a random delay up to ``minimum * 2**attempt``, capped."""
    ceiling = min(maximum, minimum * (2 ** min(attempt, 30)))
    return (rand or random).uniform(minimum / 2, max(ceiling, minimum / 2))


class ZoomWebSocketEventTrigger(ZoomEventTriggerBase):
    """
    Yield one event per Zoom event of a WebSocket event subscription, for an ``AssetWatcher``.

    Where Airflow shares trigger streams (3.3), the watchers of one subscription (same connection, id and
    URL) share one socket; each applies its own filters and keeps its own watermark.

    Network loss reconnects forever, with exponential backoff and jitter, logging the first failure of a
    streak and then only every power-of-two attempt. A subscription Zoom does not know, or credentials
    Zoom refuses twice (a fresh token each time), end the trigger with :class:`ZoomSubscriptionError`
    saying what to fix.

    :param subscription_id: the event subscription's id (Marketplace: the app's Event Subscriptions,
        method "WebSockets"; the id is the ``subscriptionId`` of the endpoint URL shown there).
    :param websocket_url: Zoom's WebSocket endpoint, without query.
    :param heartbeat_interval: seconds between heartbeats.
    :param min_backoff: first reconnect delay, seconds.
    :param max_backoff: longest reconnect delay, seconds.
    :param reconcile: after every (re)connection, send what the recordings listing shows was missed.
    :param zoom_conn_id: the ``zoom`` connection of the app that owns the subscription.
    :param user_id: reconcile this user's recordings; None: the whole account.
    :param rule: only matching events become asset events.
    :param events: event names to keep, e.g. ``["recording.completed"]``.
    :param commit_delay: seconds after which a sent recording is saved as sent (default 30): recordings
        sent in the last ``commit_delay`` seconds before the triggerer stops are sent again after it
        (at least once, never lost; see docs/events.md).
    """

    def __init__(
        self,
        *,
        subscription_id: str,
        websocket_url: str = DEFAULT_WEBSOCKET_URL,
        heartbeat_interval: float = DEFAULT_HEARTBEAT_INTERVAL,
        min_backoff: float = DEFAULT_MIN_BACKOFF,
        max_backoff: float = DEFAULT_MAX_BACKOFF,
        reconcile: bool = True,
        rule: EventRule | Mapping[str, Any] | None = None,
        events: Iterable[str] | str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(rule=rule, events=events, **kwargs)
        if not isinstance(subscription_id, str) or not subscription_id.strip() or "&" in subscription_id:
            raise ValueError(
                f"subscription_id: must be the id of a WebSockets event subscription, got {subscription_id!r}"
            )
        scheme = urlsplit(str(websocket_url)).scheme
        if scheme not in ("wss", "ws") or "?" in str(websocket_url):
            raise ValueError(
                f"websocket_url: must be a ws:// or wss:// URL without query, got {websocket_url!r}"
            )
        for name, value in (("heartbeat_interval", heartbeat_interval), ("min_backoff", min_backoff)):
            if not isinstance(value, (int, float)) or isinstance(value, bool) or value <= 0:
                raise ValueError(f"{name}: must be a positive number of seconds, got {value!r}")
        if not isinstance(max_backoff, (int, float)) or max_backoff < min_backoff:
            raise ValueError(
                f"max_backoff: must be at least min_backoff ({min_backoff}), got {max_backoff!r}"
            )
        self.subscription_id = subscription_id.strip()
        self.websocket_url = str(websocket_url)
        self.heartbeat_interval = float(heartbeat_interval)
        self.min_backoff = float(min_backoff)
        self.max_backoff = float(max_backoff)
        self.reconcile_missed = bool(reconcile)

    def trigger_kwargs(self) -> dict[str, Any]:
        return {
            **super().trigger_kwargs(),
            "subscription_id": self.subscription_id,
            "websocket_url": self.websocket_url,
            "heartbeat_interval": self.heartbeat_interval,
            "min_backoff": self.min_backoff,
            "max_backoff": self.max_backoff,
            "reconcile": self.reconcile_missed,
        }

    # ------------------------------------------------------------------ the loop
    async def run(self) -> AsyncIterator[TriggerEvent]:
        """A socket of this watcher's own (Airflow before 3.3, or no shared stream)."""
        self._own_socket = True
        async for event in self.filter_shared_stream(self.socket_messages()):
            yield event

    def shared_stream_key(self) -> Hashable | None:
        """Watchers of one subscription share one socket where Airflow shares streams (3.3)."""
        return ("zoom-websocket", self.zoom_conn_id, self.subscription_id, self.websocket_url)

    @classmethod
    async def open_shared_stream(cls, kwargs: dict[str, Any]) -> AsyncIterator[Any]:
        async for item in cls(**kwargs).socket_messages():
            yield item

    async def filter_shared_stream(self, shared_stream: AsyncIterator[Any]) -> AsyncIterator[TriggerEvent]:
        """This watcher's events from the socket's messages: filtered, reconciled, each recording once."""
        client = await self.open_client()
        async with client:
            reconciling = self.reconcile_missed and self.wants_recordings
            watermark = await self.watermark_store.load()
            # Joining a socket another watcher opened: the gap ends now, not at its next connection.
            catch_up = watermark is not None and reconciling and not getattr(self, "_own_socket", False)
            if watermark is None and reconciling:
                watermark = await self.baseline(client)
            if watermark is None:
                async for event in self._watch(client, shared_stream, None, reconciling=False):
                    yield event
                return
            async with self.lagging(watermark) as lagging:
                if catch_up:
                    async for event in self._reconcile(client, lagging):
                        yield event
                async for event in self._watch(client, shared_stream, lagging, reconciling=reconciling):
                    yield event

    async def _watch(
        self,
        client: AsyncZoomClient,
        shared_stream: AsyncIterator[Any],
        watermark: LaggingWatermark | None,
        *,
        reconciling: bool,
    ) -> AsyncIterator[TriggerEvent]:
        """The events of the socket's messages, and of a reconciliation after every (re)connection."""
        account_id = client.config.account_id or ""
        async for message in shared_stream:
            if isinstance(message, _Connected):
                if watermark is not None and reconciling:
                    async for event in self._reconcile(client, watermark):
                        yield event
                continue
            for event in self._events_in(message, watermark, account_id):
                yield event
                if watermark is not None and event.payload.get(EXTRA_EVENT) == RECORDING_COMPLETED:
                    # The socket was open since the last reconciliation: nothing is missing.
                    watermark.advance(self.clock.now())
                    await watermark.save()

    async def _reconcile(
        self, client: AsyncZoomClient, watermark: LaggingWatermark
    ) -> AsyncIterator[TriggerEvent]:
        """Reconcile, waiting and trying again while the listing fails for a passing reason."""
        attempt = 0
        while True:
            try:
                async for event in self.reconcile(client, watermark, SOURCE_RECONCILED):
                    yield event
                return
            except (ZoomApiError, OSError, asyncio.TimeoutError) as err:
                if _fatal(err):
                    raise
                attempt += 1
                await self._wait_before_retry(attempt, err, "recordings listing")

    async def socket_messages(self) -> AsyncIterator[Any]:
        """The socket's messages, with a marker after every (re)connection; reconnects forever."""
        client = await self.open_client()
        async with client:
            self._check_socket_host(client.config.oauth_base_url, client.config.api_base_url)
            attempt = 0
            stale: str | None = None
            self._refusals = 0
            while True:
                opened = asyncio.get_running_loop().time()
                try:
                    # A fresh token for every connection after the first, as Zoom's sample does.
                    token = await client.get_token(force_refresh=stale is not None, stale=stale)
                    stale = token.access_token
                    async for message in self._connection(token.access_token):
                        yield message
                except ZoomSubscriptionError as err:
                    self._refusals += 1
                    if err.field != "access_token" or self._refusals > 1:
                        raise
                    continue  # once more, with a token fetched anew
                except (_Retry, ZoomApiError, OSError, asyncio.TimeoutError) as err:
                    if _fatal(err):
                        raise
                    stable = asyncio.get_running_loop().time() - opened >= STABLE_AFTER
                    attempt = 0 if stable else attempt + 1
                    await self._wait_before_retry(attempt, err, "event socket")

    def _check_socket_host(self, *bases: str) -> None:
        # The token travels in the socket URL's query: it must reach Zoom (or the emulator) and no one else.
        if not on_connection_hosts(bases, self.websocket_url):
            raise ZoomConfigError(
                "websocket_url",
                f"must be on the connection's Zoom hosts ({', '.join(bases)}) or their subdomains, "
                f"so the token goes nowhere else; got {redact_url(self.websocket_url)}",
            )

    async def _wait_before_retry(self, attempt: int, err: BaseException, what: str) -> None:
        delay = backoff_delay(attempt, self.min_backoff, self.max_backoff)
        if attempt & (attempt - 1) == 0:  # attempts 0, 1, 2, 4, 8...: the log stays short
            self.log.warning(
                "Zoom %s for subscription %s: %s; trying again in %.1fs (attempt %d).",
                what,
                self.subscription_id,
                _describe(err),
                delay,
                attempt + 1,
            )
        await asyncio.sleep(delay)

    async def _connection(self, token: str) -> AsyncIterator[Any]:
        """One connection: a marker once open, then its messages until it ends."""
        import websockets
        from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus

        url = socket_url(self.websocket_url, self.subscription_id, token)
        try:
            socket = await websockets.connect(url, ping_interval=None, max_size=_MAX_MESSAGE_BYTES)
        except InvalidStatus as err:
            raise self._refusal(err.response.status_code, bytes(err.response.body or b"")) from None
        except InvalidHandshake as err:
            raise _Retry(f"handshake failed ({type(err).__name__})") from None
        self._refusals = 0
        heartbeat = asyncio.create_task(self._heartbeat(socket))
        try:
            self.log.info("Zoom event socket open for subscription %s.", self.subscription_id)
            yield CONNECTED
            try:
                async for message in socket:
                    yield message
            except ConnectionClosed as err:
                raise _Retry(
                    f"connection closed ({err.rcvd.code if err.rcvd else 'no close frame'})"
                ) from None
            raise _Retry("connection closed by Zoom")
        finally:
            heartbeat.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await heartbeat
            with contextlib.suppress(Exception):
                await socket.close()

    async def _heartbeat(self, socket: Any) -> None:
        while True:
            await asyncio.sleep(self.heartbeat_interval)
            await socket.send(HEARTBEAT)

    def _refusal(self, status: int, body: bytes) -> Exception:
        """The error for a refused handshake: credentials and subscription problems end the trigger."""
        detail = _zoom_message(body)
        if status == 401:
            return ZoomSubscriptionError(
                "access_token",
                f"Zoom refused the app's access token for the event socket (HTTP 401{detail}). Check the "
                f"connection {self.zoom_conn_id!r}: client id and secret, account id, and that the app is "
                "activated and its credentials were not regenerated or revoked.",
            )
        if status in (403, 404):
            return ZoomSubscriptionError(
                "subscription_id",
                f"Zoom refused subscription {self.subscription_id!r} (HTTP {status}{detail}). Copy the id "
                "from the app's Event Subscriptions page (method WebSockets) in Zoom's Marketplace, and "
                f"check that the subscription belongs to the app of connection {self.zoom_conn_id!r}.",
            )
        return _Retry(f"handshake refused with HTTP {status}")

    def _events_in(
        self, message: str | bytes, watermark: LaggingWatermark | None, account_id: str
    ) -> list[TriggerEvent]:
        """The trigger events in one socket message (none for heartbeats, duplicates and filtered events)."""
        try:
            data = json.loads(message)
        except ValueError:
            self.log.warning("Zoom event socket: a message that is not JSON was ignored.")
            return []
        if not isinstance(data, dict):
            self.log.warning("Zoom event socket: a message that is not a JSON object was ignored.")
            return []
        module = data.get("module")
        if module == "build_connection" and data.get("success") is False:
            raise ZoomSubscriptionError(
                "subscription_id",
                f"Zoom did not open subscription {self.subscription_id!r}: {str(data.get('content'))[:200]}",
            )
        if module != "message":
            return []
        content = data.get("content")
        try:
            event = parse_event(content if isinstance(content, str | bytes) else json.dumps(content))
        except MalformedEventError as err:
            # The field and problem only: the body may hold meeting passcodes.
            self.log.warning("Zoom event socket: a malformed event was ignored (%s).", err)
            return []
        if watermark is not None and self.seen_recording(watermark, event):
            return []
        found = self.to_trigger_event(event, SOURCE_WEBSOCKET, account_id)
        return [found] if found is not None else []


def _fatal(err: BaseException) -> bool:
    """Errors of the recordings listing that waiting cannot fix (credentials, scopes, an unknown user)."""
    if not isinstance(err, ZoomApiError):
        return False
    return isinstance(err, ZoomNotFoundError) or not is_not_yet(err)


def _zoom_message(body: bytes) -> str:
    try:
        data = json.loads(body)
    except ValueError:
        return ""
    message = data.get("message") if isinstance(data, dict) else None
    return f": {str(message)[:200]}" if message else ""


def _describe(err: BaseException) -> str:
    if isinstance(err, ZoomApiError):
        return f"{err.method} {err.path} -> {err.status_code}"
    text = str(err)
    return f"{type(err).__name__}: {text}" if text else type(err).__name__
