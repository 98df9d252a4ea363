"""
Zoom's event subscriptions over a WebSocket: ``/ws?subscriptionId=<id>&access_token=<token>``.

What a client sees, as Zoom's sample client and docs describe it:

- the handshake is refused with HTTP 401 (``{"code": 124, ...}``) for a missing, unknown or expired
  access token, and with HTTP 404 for a subscription id the emulator does not know;
- an accepted connection first receives ``{"module": "build_connection", "success": true}``;
- the client sends ``{"module": "heartbeat"}`` (Zoom's sample: every 30 s) and gets
  ``{"module": "heartbeat", "success": true}`` back; a connection silent for longer than
  :data:`HEARTBEAT_TIMEOUT` seconds of the emulator's clock is closed (code 4000);
- events arrive as ``{"module": "message", "content": "<the event JSON as text>"}``, with the same
  ``event``, ``event_ts`` and ``payload`` as a webhook delivery;
- a cloud recording sends ``recording.completed`` when it becomes complete (the emulator's clock
  passes its ``ready_after``) to the connections open at that moment; events that happen while no
  connection is open are never delivered later.

Control (no auth), beside the other ``/_emulator`` routes:

- ``POST /_emulator/ws/events``: send ``{"event": ..., "payload": {...}}`` to every open connection;
  answers ``{"delivered": n}``.
- ``POST /_emulator/ws/drop``: close every open connection abruptly; answers ``{"dropped": n}``.
  With ``{"refuse": true}`` new connections are refused (HTTP 503) until ``{"refuse": false}``: the
  network is down for this client.
- ``POST /_emulator/ws/raw``: send ``{"text": ...}`` as it is to every open connection (malformed
  messages for tests).
- ``GET /_emulator/ws/connections``: what the connections did (``open``, ``opened``, ``refused``,
  ``heartbeats``, ``delivered``), without tokens.

Subscriptions: :data:`DEFAULT_SUBSCRIPTION_ID` exists from the start; ``POST /_emulator/ws/subscriptions``
with ``{"subscription_id": ...}`` adds another.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import weakref
from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Request, WebSocket, WebSocketDisconnect
from fastapi.responses import JSONResponse
from starlette.websockets import WebSocketState

from airflow_provider_zoom.testing.emulator.errors import ZoomError
from airflow_provider_zoom.testing.emulator.routes.common import json_body, state_of
from airflow_provider_zoom.testing.emulator.routes.recordings import render_recording
from airflow_provider_zoom.testing.emulator.state import EmulatorState

DEFAULT_SUBSCRIPTION_ID = "emulator-subscription"
#: Seconds of the emulator's clock a connection may stay silent (Zoom's sample beats every 30 s).
HEARTBEAT_TIMEOUT = 60.0
#: How often (wall-clock seconds) a connection looks for recordings that became complete.
TICK = 0.05
HEARTBEAT_CLOSE_CODE = 4000

router = APIRouter()
control_router = APIRouter(prefix="/_emulator/ws")
# uvicorn logs a refused handshake answered with an HTTP response as an error; refusing is intended.
_REFUSAL_MESSAGE = "ASGI callable returned without completing handshake."


class _RefusalFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != _REFUSAL_MESSAGE


def _quiet_refusals() -> None:
    logger = logging.getLogger("uvicorn.error")
    if not any(isinstance(f, _RefusalFilter) for f in logger.filters):
        logger.addFilter(_RefusalFilter())


_quiet_refusals()


@dataclass
class _Connection:
    subscription_id: str
    opened_at: float
    last_heartbeat: float
    outbox: asyncio.Queue[dict[str, Any] | str] = field(default_factory=asyncio.Queue)
    sent_recordings: set[str] = field(default_factory=set)
    heartbeats: int = 0
    delivered: int = 0
    dropped: asyncio.Event = field(default_factory=asyncio.Event)


@dataclass
class EventHub:
    """The subscriptions and open connections of one emulator."""

    subscriptions: set[str] = field(default_factory=lambda: {DEFAULT_SUBSCRIPTION_ID})
    connections: list[_Connection] = field(default_factory=list)
    opened: int = 0
    refused: list[int] = field(default_factory=list)
    heartbeats: int = 0
    delivered: int = 0
    tokens: list[str] = field(default_factory=list, repr=False)
    refusing: bool = False

    def emit(self, event: dict[str, Any] | str) -> int:
        """Queue ``event`` on every open connection; how many connections will send it."""
        for conn in self.connections:
            conn.outbox.put_nowait(event)
        return len(self.connections)

    def drop(self) -> int:
        """Close every open connection abruptly; how many were open."""
        for conn in self.connections:
            conn.dropped.set()
        return len(self.connections)

    def summary(self) -> dict[str, Any]:
        return {
            "open": len(self.connections),
            "opened": self.opened,
            "refused": list(self.refused),
            "heartbeats": self.heartbeats,
            "delivered": self.delivered,
            "distinct_tokens": len(set(self.tokens)),
            "subscriptions": sorted(self.subscriptions),
            "refusing": self.refusing,
        }


_HUBS: weakref.WeakKeyDictionary[EmulatorState, EventHub] = weakref.WeakKeyDictionary()


def hub_for(state: EmulatorState) -> EventHub:
    """The event hub of an emulator's state (one per state, made on first use)."""
    hub = _HUBS.get(state)
    if hub is None:
        hub = _HUBS[state] = EventHub()
    return hub


def websocket_url(base_url: str) -> str:
    """The WebSocket endpoint of an emulator served at ``base_url`` (``http://127.0.0.1:PORT``)."""
    return "ws" + base_url.removeprefix("http") + "/ws"


def completed_recording_event(state: EmulatorState, past: dict[str, Any]) -> dict[str, Any]:
    """The ``recording.completed`` event Zoom sends for a past meeting's recording."""
    obj = render_recording(state, past)
    obj.pop("password", None)
    return {
        "event": "recording.completed",
        "event_ts": int(state.clock() * 1000),
        "payload": {"account_id": obj["account_id"], "object": obj},
    }


def _newly_completed(state: EmulatorState, conn: _Connection) -> list[dict[str, Any]]:
    """Recordings that became complete while ``conn`` was open and were not sent to it yet."""
    now = state.clock()
    events = []
    with state.lock:
        for past in state.past_meetings.values():
            recording = past.get("_recording")
            if not recording or recording.get("_trashed") or past["uuid"] in conn.sent_recordings:
                continue
            if conn.opened_at <= recording["_ready_at"] <= now:
                conn.sent_recordings.add(past["uuid"])
                events.append(completed_recording_event(state, past))
    return events


async def _refuse(websocket: WebSocket, hub: EventHub, status: int, body: dict[str, Any]) -> None:
    hub.refused.append(status)
    try:
        await websocket.send_denial_response(JSONResponse(body, status_code=status))
    except RuntimeError:
        # A server without the denial-response extension can only refuse with a close.
        await websocket.close(code=1008, reason=str(body.get("message", "")))


@router.websocket("/ws")
async def event_socket(websocket: WebSocket) -> None:
    state: EmulatorState = websocket.app.state.emulator
    hub = hub_for(state)
    subscription_id = websocket.query_params.get("subscriptionId", "")
    token = websocket.query_params.get("access_token")
    try:
        state.check_access_token(token)
    except ZoomError as exc:
        await _refuse(websocket, hub, exc.status, exc.body())
        return
    if hub.refusing:
        await _refuse(websocket, hub, 503, {"code": 503, "message": "Service temporarily unavailable."})
        return
    if subscription_id not in hub.subscriptions:
        message = f"Subscription does not exist: {subscription_id}."
        await _refuse(websocket, hub, 404, {"code": 404, "message": message})
        return
    await websocket.accept()
    now = state.clock()
    conn = _Connection(subscription_id=subscription_id, opened_at=now, last_heartbeat=now)
    hub.connections.append(conn)
    hub.opened += 1
    hub.tokens.append(token or "")
    try:
        await websocket.send_text(json.dumps({"module": "build_connection", "success": True}))
        await _serve(websocket, state, hub, conn)
    except WebSocketDisconnect:
        pass
    finally:
        with contextlib.suppress(ValueError):
            hub.connections.remove(conn)
        if websocket.application_state != WebSocketState.DISCONNECTED:
            with contextlib.suppress(RuntimeError, WebSocketDisconnect):
                await websocket.close()


async def _serve(websocket: WebSocket, state: EmulatorState, hub: EventHub, conn: _Connection) -> None:
    receiver = asyncio.ensure_future(websocket.receive_text())
    try:
        while True:
            if conn.dropped.is_set():
                # Closed with an error code, as when Zoom's side of the connection goes away.
                await websocket.close(code=1011, reason="connection dropped")
                return
            if state.clock() - conn.last_heartbeat > HEARTBEAT_TIMEOUT:
                await websocket.close(code=HEARTBEAT_CLOSE_CODE, reason="heartbeat timeout")
                return
            for completed in _newly_completed(state, conn):
                conn.outbox.put_nowait(completed)
            while not conn.outbox.empty():
                event = conn.outbox.get_nowait()
                if isinstance(event, str):
                    await websocket.send_text(event)
                    continue
                await websocket.send_text(json.dumps({"module": "message", "content": json.dumps(event)}))
                conn.delivered += 1
                hub.delivered += 1
            done, _ = await asyncio.wait({receiver}, timeout=TICK)
            if done:
                text = receiver.result()
                receiver = asyncio.ensure_future(websocket.receive_text())
                await _answer(websocket, state, hub, conn, text)
    finally:
        receiver.cancel()
        with contextlib.suppress(asyncio.CancelledError, WebSocketDisconnect, RuntimeError):
            await receiver


async def _answer(
    websocket: WebSocket, state: EmulatorState, hub: EventHub, conn: _Connection, text: str
) -> None:
    try:
        message = json.loads(text)
    except ValueError:
        message = None
    if isinstance(message, dict) and message.get("module") == "heartbeat":
        conn.last_heartbeat = state.clock()
        conn.heartbeats += 1
        hub.heartbeats += 1
        await websocket.send_text(json.dumps({"module": "heartbeat", "success": True}))


@control_router.post("/events")
async def send_event(request: Request) -> JSONResponse:
    body = await json_body(request)
    event = body.get("event")
    payload = body.get("payload", {})
    if not isinstance(event, str) or not event or not isinstance(payload, dict):
        message = "event: must be a Zoom event name; payload: must be a JSON object"
        return JSONResponse({"code": 300, "message": message}, status_code=400)
    state = state_of(request)
    message_ts = body.get("event_ts", int(state.clock() * 1000))
    delivered = hub_for(state).emit({"event": event, "event_ts": message_ts, "payload": payload})
    return JSONResponse({"delivered": delivered})


@control_router.post("/drop")
async def drop_connections(request: Request) -> JSONResponse:
    body = await json_body(request)
    hub = hub_for(state_of(request))
    if "refuse" in body:
        hub.refusing = bool(body["refuse"])
    return JSONResponse({"dropped": hub.drop() if body.get("drop", True) else 0})


@control_router.post("/raw")
async def send_raw(request: Request) -> JSONResponse:
    body = await json_body(request)
    text = body.get("text")
    if not isinstance(text, str):
        return JSONResponse({"code": 300, "message": "text: must be text"}, status_code=400)
    return JSONResponse({"delivered": hub_for(state_of(request)).emit(text)})


@control_router.get("/connections")
async def connections(request: Request) -> JSONResponse:
    return JSONResponse(hub_for(state_of(request)).summary())


@control_router.post("/subscriptions", status_code=201)
async def add_subscription(request: Request) -> JSONResponse:
    body = await json_body(request)
    subscription_id = body.get("subscription_id")
    if not isinstance(subscription_id, str) or not subscription_id.strip():
        return JSONResponse(
            {"code": 300, "message": "subscription_id: must be non-empty text"}, status_code=400
        )
    hub_for(state_of(request)).subscriptions.add(subscription_id.strip())
    return JSONResponse({"subscription_id": subscription_id.strip()}, status_code=201)
