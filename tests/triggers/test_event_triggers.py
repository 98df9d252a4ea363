"""The WebSocket and polling event triggers against the emulator's event socket and recordings listing."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import random
from collections.abc import Callable
from typing import Any

import pytest
import requests

from airflow_provider_zoom._http.aio import ASYNC_TOKEN_CACHE
from airflow_provider_zoom._values.dates import Clock
from airflow_provider_zoom.exceptions import ZoomConfigError
from airflow_provider_zoom.testing import ZoomEmulator
from airflow_provider_zoom.testing.emulator.websocket import DEFAULT_SUBSCRIPTION_ID, websocket_url
from airflow_provider_zoom.triggers._event_base import EXTRA_SOURCE, normalise_rule
from airflow_provider_zoom.triggers._event_state import DEFAULT_COMMIT_DELAY, Watermark
from airflow_provider_zoom.triggers.polling import ZoomRecordingPollingTrigger
from airflow_provider_zoom.triggers.websocket import (
    ZoomSubscriptionError,
    ZoomWebSocketEventTrigger,
    backoff_delay,
)
from airflow_provider_zoom.version_compat import AIRFLOW_V_3_3_PLUS
from airflow_provider_zoom.webhooks.events import build_extra, meeting_uuids, zoom_events
from airflow_provider_zoom.webhooks.filters import EventRule, matching_events

WAIT = 30.0


class MemoryStateStore:
    """The accessor Airflow 3.3's triggerer hands a watcher of one asset (``aget``/``aset``), in memory."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}
        self.writes = 0

    async def aget(self, key: str, default: Any = None) -> Any:
        return json.loads(json.dumps(self.values.get(key, default)))

    async def aset(self, key: str, value: Any) -> None:
        self.values[key] = json.loads(json.dumps(value))
        self.writes += 1


@pytest.fixture(autouse=True)
def _clear_async_tokens():
    ASYNC_TOKEN_CACHE.clear()
    yield
    ASYNC_TOKEN_CACHE.clear()


@pytest.fixture
def zoom(monkeypatch):
    with ZoomEmulator(seed=3, users=1, meetings_per_user=1, recording_size=1024) as emulator:
        conn = emulator.connection()
        conn["extra"]["max_retries"] = 0
        monkeypatch.setenv("AIRFLOW_CONN_ZOOM_DEFAULT", json.dumps(conn))
        yield emulator


def control(zoom: ZoomEmulator, method: str, path: str, **body: Any) -> Any:
    reply = requests.request(method, f"{zoom.base_url}/_emulator/{path}", json=body or None, timeout=10)
    assert reply.status_code < 300, reply.text
    return reply.json() if reply.content else None


def socket_state(zoom: ZoomEmulator) -> dict[str, Any]:
    return control(zoom, "GET", "ws/connections")


def ws_trigger(zoom: ZoomEmulator, **kwargs: Any) -> ZoomWebSocketEventTrigger:
    options: dict[str, Any] = {
        "subscription_id": DEFAULT_SUBSCRIPTION_ID,
        "websocket_url": websocket_url(zoom.base_url),
        "heartbeat_interval": 30.0,
        "min_backoff": 0.05,
        "max_backoff": 0.2,
        **kwargs,
    }
    return ZoomWebSocketEventTrigger(**options)


class HandClock(Clock):
    """A clock that moves only when the test moves it; it starts at the wall clock's now, as the emulator."""

    def __init__(self) -> None:
        self.moment = dt.datetime.now(dt.timezone.utc)
        self.count = 0.0

    def now(self) -> dt.datetime:
        return self.moment

    def monotonic(self) -> float:
        return self.count

    def advance(self, seconds: float) -> None:
        self.moment += dt.timedelta(seconds=seconds)
        self.count += seconds


class Running:
    """A trigger's ``run()`` consumed in the background, as the triggerer does; ``events`` grows."""

    def __init__(self, trigger: Any, store: MemoryStateStore, clock: HandClock | None = None) -> None:
        trigger.asset_state_store = store
        self.clock = clock or HandClock()
        trigger.clock = self.clock
        self.trigger = trigger
        self.events: list[dict[str, Any]] = []
        self.task: asyncio.Task | None = None

    async def __aenter__(self) -> Running:
        async def consume() -> None:
            async for event in self.trigger.run():
                self.events.append(event.payload)

        self.task = asyncio.ensure_future(consume())
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self.task is not None
        self.task.cancel()
        try:
            await self.task
        except (asyncio.CancelledError, Exception):
            pass

    async def until(self, predicate: Callable[[], bool], what: str) -> None:
        """Wait for ``predicate`` (checked every few ms) or fail; a finished trigger fails at once."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + WAIT
        while not predicate():
            assert self.task is not None
            if self.task.done():
                self.task.result()
                raise AssertionError(f"the trigger ended before {what}")
            if loop.time() > deadline:
                raise AssertionError(f"{what} did not happen within {WAIT:.0f} s; events: {self.events}")
            await asyncio.sleep(0.01)


async def call(zoom: ZoomEmulator, method: str, path: str, **body: Any) -> Any:
    return await asyncio.to_thread(control, zoom, method, path, **body)


async def add_recording(zoom: ZoomEmulator, **body: Any) -> str:
    return (await call(zoom, "POST", "recordings", user_id="me", **body))["uuid"]


def listings(zoom: ZoomEmulator) -> int:
    return sum(1 for r in list(zoom.state.requests) if r["path"].endswith("/recordings"))


async def connected(run: Running, zoom: ZoomEmulator) -> None:
    """The socket is open and the reconciliation after connecting is done: new events come by socket."""
    await run.until(lambda: socket_state(zoom)["open"] == 1, "the socket opening")
    await run.until(lambda: listings(zoom) >= 2, "the first listing and the reconciliation")


def uuids(events: list[dict[str, Any]]) -> list[str]:
    return [e["payload"]["object"]["uuid"] for e in events if e["zoom_event"] == "recording.completed"]


def saved(store: MemoryStateStore) -> dict[str, Any]:
    """The one watermark a watcher saved (its ``seen`` and ``baseline`` recordings)."""
    (state,) = store.values.values()
    return state


async def committed(run: Running, store: MemoryStateStore, *recordings: str) -> None:
    """Let the commit delay pass on the trigger's clock and wait until the recordings are saved as sent."""
    run.clock.advance(DEFAULT_COMMIT_DELAY)
    await run.until(lambda: set(recordings) <= set(saved(store)["seen"]), "the watermark saved")


def crashed(store: MemoryStateStore) -> MemoryStateStore:
    """What a hard kill leaves: the store as it is now, written no more by the killed trigger."""
    left = MemoryStateStore()
    left.values = json.loads(json.dumps(store.values))
    return left


# ---------------------------------------------------------------------------------------- WebSocket


def test_socket_events_become_webhook_shaped_asset_events(zoom):
    async def scenario() -> None:
        async with Running(ws_trigger(zoom), MemoryStateStore()) as run:
            await connected(run, zoom)
            uuid = await add_recording(zoom)
            await run.until(lambda: len(run.events) == 1, "the recording.completed event")
            await call(
                zoom,
                "POST",
                "ws/events",
                event="meeting.started",
                event_ts=1765000000000,
                payload={"object": {"uuid": "m1"}},
            )
            await run.until(lambda: len(run.events) == 2, "the meeting.started event")
        first, second = run.events
        assert first["zoom_event"] == "recording.completed"
        assert first[EXTRA_SOURCE] == "websocket"
        assert first["zoom_account_id"] == zoom.account_id
        assert first["zoom_connection_id"] == "zoom_default"
        # What the webhook plugin records for the same event, plus where it came from.
        sent = {"event": "meeting.started", "event_ts": 1765000000000, "payload": {"object": {"uuid": "m1"}}}
        assert second == {
            **build_extra(sent, account_id=zoom.account_id, conn_id="zoom_default"),
            EXTRA_SOURCE: "websocket",
        }
        # As Airflow stores a watcher's event: the helpers DAGs use read it unchanged.
        stored = [{"extra": {"from_trigger": True, "payload": event}} for event in run.events]
        assert meeting_uuids(stored) == ["m1", uuid]  # oldest first: the meeting event is dated 2025
        assert [e["zoom_event"] for e in zoom_events(stored, "meeting.started")] == ["meeting.started"]
        assert len(matching_events(stored, file_types=["MP4"])) == 1

    asyncio.run(scenario())


def test_heartbeats_keep_the_socket_open_and_silence_closes_it(zoom):
    async def scenario() -> None:
        async with Running(ws_trigger(zoom, heartbeat_interval=0.05), MemoryStateStore()) as run:
            await run.until(lambda: socket_state(zoom)["heartbeats"] >= 2, "two heartbeats")
            for _ in range(3):  # 135 s of the emulator's clock, never 60 s without a heartbeat
                beats = socket_state(zoom)["heartbeats"]
                zoom.advance_clock(45)
                await run.until(beats_past(zoom, beats + 1), "more heartbeats")
            assert socket_state(zoom)["opened"] == 1
        # A client that never beats is closed once 60 s of the emulator's clock pass.
        import websockets
        from websockets.exceptions import ConnectionClosed

        token = await asyncio.to_thread(fetch_token, zoom)
        url = f"{websocket_url(zoom.base_url)}?subscriptionId={DEFAULT_SUBSCRIPTION_ID}&access_token={token}"
        async with websockets.connect(url, ping_interval=None) as socket:
            assert json.loads(await socket.recv()) == {"module": "build_connection", "success": True}
            zoom.advance_clock(61)
            with pytest.raises(ConnectionClosed) as closed:
                await asyncio.wait_for(socket.recv(), WAIT)
            assert closed.value.rcvd is not None and closed.value.rcvd.code == 4000

    asyncio.run(scenario())


def beats_past(zoom: ZoomEmulator, count: int) -> Callable[[], bool]:
    return lambda: socket_state(zoom)["heartbeats"] > count


def fetch_token(zoom: ZoomEmulator) -> str:
    reply = requests.post(
        f"{zoom.oauth_base_url}/oauth/token",
        data={"grant_type": "account_credentials", "account_id": zoom.account_id},
        auth=(zoom.client_id, zoom.client_secret),
        timeout=10,
    )
    return reply.json()["access_token"]


def test_a_dropped_socket_reconnects_with_a_fresh_token_and_reconciles_the_gap_once(zoom):
    async def scenario() -> None:
        store = MemoryStateStore()
        async with Running(ws_trigger(zoom), store) as run:
            await connected(run, zoom)
            before = await add_recording(zoom)
            await run.until(lambda: len(run.events) == 1, "the first event")
            # The network goes: the socket drops and new connections are refused for a while.
            await call(zoom, "POST", "ws/drop", refuse=True)
            await run.until(lambda: 503 in socket_state(zoom)["refused"], "a refused reconnection")
            missed = [await add_recording(zoom), await add_recording(zoom)]
            lost = await call(zoom, "POST", "ws/events", event="meeting.started", payload={})
            assert lost["delivered"] == 0  # Zoom never delivers these later
            await call(zoom, "POST", "ws/drop", refuse=False, drop=False)
            await run.until(lambda: len(run.events) == 3, "the two reconciled recordings")
            after = await add_recording(zoom)
            await run.until(lambda: len(run.events) == 4, "the next socket event")
        state = socket_state(zoom)
        sent = uuids(run.events)
        assert sent[0] == before and sorted(sent[1:3]) == sorted(missed) and sent[3] == after
        assert len(set(sent)) == 4
        assert [e[EXTRA_SOURCE] for e in run.events] == ["websocket", "reconciled", "reconciled", "websocket"]
        assert state["opened"] >= 2
        assert state["distinct_tokens"] == state["opened"]  # a token fetched anew for every connection

    asyncio.run(scenario())


def test_an_unknown_subscription_id_fails_saying_what_to_fix(zoom):
    async def scenario() -> None:
        async with Running(ws_trigger(zoom, subscription_id="not-ours"), MemoryStateStore()) as run:
            assert run.task is not None
            with pytest.raises(ZoomSubscriptionError, match="Event Subscriptions page") as err:
                await asyncio.wait_for(run.task, WAIT)
        assert err.value.field == "subscription_id"
        assert "not-ours" in str(err.value)

    asyncio.run(scenario())


@pytest.mark.parametrize(
    "where",
    [
        "ws://elsewhere.test:{port}/ws",  # another host
        "ws://127.0.0.1.elsewhere.test:{port}/ws",  # a host that only starts like the connection's
        "ws://127.0.0.1:1/ws",  # another port
        "wss://127.0.0.1:{port}/ws",  # another scheme than the connection's
    ],
)
def test_a_socket_url_off_the_connections_hosts_gets_no_token(zoom, where):
    port = zoom.base_url.rsplit(":", 1)[1]
    url = where.format(port=port)

    async def scenario() -> None:
        async with Running(ws_trigger(zoom, websocket_url=url, reconcile=False), MemoryStateStore()) as run:
            assert run.task is not None
            with pytest.raises(ZoomConfigError, match="connection's Zoom hosts") as err:
                await asyncio.wait_for(run.task, WAIT)
        assert err.value.field == "websocket_url"

    asyncio.run(scenario())
    assert control(zoom, "GET", "state")["tokens_issued"] == 0  # refused before a token was fetched
    assert socket_state(zoom)["opened"] == 0


def test_refused_credentials_fail_after_one_fresh_token(zoom, monkeypatch):
    conn = zoom.connection()
    conn["extra"].update(auth_type="access_token", access_token="eyJrevoked", max_retries=0)
    monkeypatch.setenv("AIRFLOW_CONN_ZOOM_DEFAULT", json.dumps(conn))

    async def scenario() -> None:
        async with Running(ws_trigger(zoom), MemoryStateStore()) as run:
            assert run.task is not None
            with pytest.raises(ZoomSubscriptionError, match="client id and secret") as err:
                await asyncio.wait_for(run.task, WAIT)
        assert err.value.field == "access_token"
        assert "eyJrevoked" not in str(err.value)

    # With access_token auth the baseline listing is refused first: skip it to reach the socket.
    monkeypatch.setattr(ZoomWebSocketEventTrigger, "wants_recordings", property(lambda self: False))
    asyncio.run(scenario())
    assert socket_state(zoom)["refused"] == [401, 401]


def test_malformed_messages_are_ignored_and_the_socket_stays_open(zoom):
    async def scenario() -> None:
        async with Running(ws_trigger(zoom), MemoryStateStore()) as run:
            await connected(run, zoom)
            for text in (
                "not json",
                "[1, 2]",
                json.dumps({"module": "message", "content": "{broken"}),
                json.dumps({"module": "message", "content": json.dumps({"payload": {}})}),
                json.dumps({"module": "message", "content": json.dumps({"event": "x.y", "payload": []})}),
                json.dumps({"module": "something_new"}),
            ):
                await call(zoom, "POST", "ws/raw", text=text)
            await call(zoom, "POST", "ws/events", event="meeting.ended", payload={"object": {"uuid": "u"}})
            await run.until(lambda: len(run.events) == 1, "the well-formed event")
        assert run.events[0]["zoom_event"] == "meeting.ended"
        assert socket_state(zoom)["opened"] == 1

    asyncio.run(scenario())


def test_filters_apply_in_the_trigger_and_a_redelivered_recording_is_sent_once(zoom):
    async def scenario() -> None:
        trigger = ws_trigger(zoom, events=["recording.completed"], rule={"topic": ["Weekly*"]})
        async with Running(trigger, MemoryStateStore()) as run:
            await connected(run, zoom)
            await call(
                zoom, "POST", "ws/events", event="meeting.started", payload={"object": {"topic": "Weekly"}}
            )
            await add_recording(zoom, topic="Daily standup")
            uuid = await add_recording(zoom, topic="Weekly sync")
            await run.until(lambda: len(run.events) == 1, "the matching recording")
            # Zoom may deliver recording.completed more than once.
            again = {"object": {"uuid": uuid, "topic": "Weekly sync", "recording_files": []}}
            await call(zoom, "POST", "ws/events", event="recording.completed", payload=again)
            marker = await add_recording(zoom, topic="Weekly review")
            await run.until(lambda: len(run.events) == 2, "the next matching recording")
        assert uuids(run.events) == [uuid, marker]

    asyncio.run(scenario())


def test_a_restart_resumes_from_the_watermark_without_loss_or_repeat(zoom):
    async def scenario() -> None:
        store = MemoryStateStore()
        async with Running(ws_trigger(zoom), store) as first:
            await connected(first, zoom)
            sent = await add_recording(zoom)
            await first.until(lambda: len(first.events) == 1, "the first event")
            await committed(first, store, sent)
        while_down = await add_recording(zoom)
        async with Running(ws_trigger(zoom), store) as second:
            await second.until(lambda: len(second.events) == 1, "the reconciled recording")
            await second.until(lambda: socket_state(zoom)["open"] == 1, "the socket opening")
            later = await add_recording(zoom)
            await second.until(lambda: len(second.events) == 2, "the next event")
        assert uuids(first.events) == [sent]
        assert uuids(second.events) == [while_down, later]

    asyncio.run(scenario())


@pytest.mark.parametrize("delay_passed", [False, True], ids=["within-the-commit-delay", "after-it"])
def test_a_hard_kill_sends_again_what_was_yielded_within_the_commit_delay_and_nothing_older(
    zoom, delay_passed
):
    async def scenario() -> None:
        store = MemoryStateStore()
        async with Running(ws_trigger(zoom), store) as first:
            await connected(first, zoom)
            sent = await add_recording(zoom)
            await first.until(lambda: len(first.events) == 1, "the recording's event")
            # One more event: by then the trigger has done all it does after handing the first one over.
            await call(zoom, "POST", "ws/events", event="meeting.started", payload={"object": {"uuid": "m"}})
            await first.until(lambda: len(first.events) == 2, "the next event")
            if delay_passed:
                await committed(first, store, sent)
            left = crashed(store)
        listed = listings(zoom)
        async with Running(ws_trigger(zoom), left) as second:
            await second.until(lambda: socket_state(zoom)["open"] == 1, "the socket opening")
            await second.until(lambda: listings(zoom) > listed, "the reconciliation")
            later = await add_recording(zoom)
            await second.until(lambda: later in uuids(second.events), "the next recording")
        if delay_passed:
            assert uuids(second.events) == [later]
        else:
            # Airflow may not have stored it before the kill: sent again, from the recordings listing.
            assert uuids(second.events) == [sent, later]
            assert second.events[0][EXTRA_SOURCE] == "reconciled"

    asyncio.run(scenario())


def test_a_graceful_stop_saves_only_what_passed_the_commit_delay(zoom):
    async def scenario() -> None:
        store = MemoryStateStore()
        async with Running(ws_trigger(zoom), store) as run:
            await connected(run, zoom)
            old = await add_recording(zoom)
            await run.until(lambda: len(run.events) == 1, "the first recording")
            run.clock.advance(DEFAULT_COMMIT_DELAY - 1)
            new = await add_recording(zoom)
            await run.until(lambda: len(run.events) == 2, "the second recording")
            run.clock.advance(1)  # the first is past the commit delay, the second is not
        seen = saved(store)["seen"]
        assert old in seen
        assert new not in seen  # a graceful stop may drop events the runner has not synced yet
        # A watcher started on what was saved sends the second again, and only it.
        async with Running(ws_trigger(zoom), store) as again:
            await again.until(lambda: len(again.events) == 1, "the recording sent again")
            await again.until(lambda: socket_state(zoom)["open"] == 1, "the socket opening")
            later = await add_recording(zoom)
            await again.until(lambda: len(again.events) == 2, "the next recording")
        assert uuids(again.events) == [new, later]

    asyncio.run(scenario())


def test_the_polling_watcher_sends_again_after_a_hard_kill_what_was_within_the_commit_delay(zoom):
    async def scenario() -> None:
        store = MemoryStateStore()
        async with Running(ZoomRecordingPollingTrigger(poll_interval=0.05), store) as first:
            await first.until(lambda: store.writes >= 1, "the baseline")
            old = await add_recording(zoom)
            await first.until(lambda: len(first.events) == 1, "the first recording")
            await committed(first, store, old)
            new = await add_recording(zoom)
            await first.until(lambda: len(first.events) == 2, "the second recording")
            seen = listings(zoom)
            await first.until(lambda: listings(zoom) >= seen + 2, "two more polls")
            left = crashed(store)
        async with Running(ZoomRecordingPollingTrigger(poll_interval=0.05), left) as second:
            await second.until(lambda: len(second.events) == 1, "the recording sent again")
            seen = listings(zoom)
            await second.until(lambda: listings(zoom) >= seen + 3, "three more polls")
        assert uuids(second.events) == [new]

    asyncio.run(scenario())


def test_a_recording_of_the_first_listing_is_sent_when_its_event_arrives_on_the_socket(zoom):
    # Complete before the watcher's first listing: history, unless its event comes on the socket (the
    # socket can open before that listing, where Airflow shares one socket between watchers).
    early = zoom.state.add_recorded_meeting()["uuid"]
    history = zoom.state.add_recorded_meeting()["uuid"]

    async def scenario() -> None:
        store = MemoryStateStore()
        async with Running(ws_trigger(zoom), store) as run:
            await connected(run, zoom)
            payload = {"object": {"uuid": early, "recording_files": []}}
            await call(zoom, "POST", "ws/events", event="recording.completed", payload=payload)
            await run.until(lambda: len(run.events) == 1, "the socket event")
            await call(zoom, "POST", "ws/drop")  # a reconciliation lists both again
            await run.until(lambda: socket_state(zoom)["opened"] == 2, "the reconnection")
            later = await add_recording(zoom)
            await run.until(lambda: len(run.events) == 2, "the next event")
        assert uuids(run.events) == [early, later]
        assert history not in json.dumps(run.events)

    asyncio.run(scenario())


def test_trigger_arguments_are_deterministic():
    from airflow.triggers.base import BaseEventTrigger

    one = ZoomWebSocketEventTrigger(
        subscription_id="abc", rule=EventRule.build(host=["b@x.io", "a@x.io"]), events="recording.completed"
    )
    two = ZoomWebSocketEventTrigger(
        subscription_id="abc", rule={"events": ["recording.completed"], "host": ["a@x.io", "b@x.io"]}
    )
    assert one.serialize() == two.serialize()
    classpath, kwargs = one.serialize()
    json.dumps(kwargs)  # plain JSON, nothing else
    assert "clock" not in kwargs and kwargs["commit_delay"] == DEFAULT_COMMIT_DELAY
    assert BaseEventTrigger.hash(classpath, kwargs) == BaseEventTrigger.hash(*two.serialize())
    assert ZoomWebSocketEventTrigger(**kwargs).serialize() == one.serialize()
    polling = ZoomRecordingPollingTrigger(user_id="me", poll_interval=60)
    assert ZoomRecordingPollingTrigger(**polling.serialize()[1]).serialize() == polling.serialize()


def test_a_rule_in_airflow_3_2s_serializer_envelope_is_opened():
    # What Airflow 3.2.2's triggerer hands an asset watcher's trigger for rule={"events": [...], ...}.
    wrapped = {
        "Encoding.TYPE": "dict",
        "Encoding.VAR": {"events": ["recording.completed"], "host": ["b@x.io", "a@x.io"]},
    }
    plain = ZoomWebSocketEventTrigger(
        subscription_id="abc", rule={"events": ["recording.completed"], "host": ["a@x.io", "b@x.io"]}
    )
    assert ZoomWebSocketEventTrigger(subscription_id="abc", rule=wrapped).serialize() == plain.serialize()
    assert ZoomRecordingPollingTrigger(rule=wrapped).rule == plain.rule


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"subscription_id": ""}, "subscription_id"),
        ({"subscription_id": "a", "websocket_url": "https://ws.zoom.us/ws"}, "websocket_url"),
        ({"subscription_id": "a", "heartbeat_interval": 0}, "heartbeat_interval"),
        ({"subscription_id": "a", "commit_delay": -1}, "commit_delay"),
        ({"subscription_id": "a", "rule": {"colour": "red"}}, "rule"),
        ({"subscription_id": "a", "rule": {"host": []}}, "host"),
    ],
)
def test_bad_arguments_name_the_field(kwargs, field):
    with pytest.raises(ValueError, match=f"^{field}:"):
        ZoomWebSocketEventTrigger(**kwargs)


def test_polling_refuses_filters_without_recordings():
    with pytest.raises(ValueError, match="^rule:"):
        ZoomRecordingPollingTrigger(events=["meeting.started"])
    assert normalise_rule(None, None) is None


def test_backoff_grows_with_jitter_and_stays_capped():
    rand = random.Random(1)
    delays = [backoff_delay(attempt, 1.0, 60.0, rand) for attempt in range(12) for _ in range(20)]
    assert all(0.5 <= d <= 60.0 for d in delays)
    assert max(delays[-20:]) > 30  # it grows
    assert len({round(d, 3) for d in delays[-20:]}) > 10  # and is spread, not in lockstep


# ---------------------------------------------------------------------------------------- polling


def test_polling_sends_each_completed_recording_once_and_resumes_after_a_restart(zoom):
    already = zoom.state.add_recorded_meeting()["uuid"]  # complete before the watcher starts

    def listings() -> int:
        return sum(1 for r in zoom.state.requests if r["path"].endswith("/recordings"))

    async def scenario() -> None:
        store = MemoryStateStore()
        async with Running(ZoomRecordingPollingTrigger(poll_interval=0.05), store) as first:
            await first.until(lambda: store.writes >= 1, "the baseline")
            pending = await add_recording(zoom, ready_after=3600)
            done = await add_recording(zoom)
            await first.until(lambda: len(first.events) == 1, "the completed recording")
            seen = listings()
            await first.until(lambda: listings() >= seen + 3, "three more polls")
            zoom.advance_clock(3601)
            await first.until(lambda: len(first.events) == 2, "the recording completing later")
            await committed(first, store, done, pending)
        while_down = await add_recording(zoom)
        async with Running(ZoomRecordingPollingTrigger(poll_interval=0.05), store) as second:
            await second.until(lambda: len(second.events) == 1, "the recording completed while stopped")
            seen = listings()
            await second.until(lambda: listings() >= seen + 3, "three more polls")
        assert uuids(first.events) == [done, pending]
        assert uuids(second.events) == [while_down]
        assert already not in uuids(first.events + second.events)
        assert {e[EXTRA_SOURCE] for e in first.events + second.events} == {"polling"}
        assert all(e["zoom_account_id"] == zoom.account_id for e in first.events)

    asyncio.run(scenario())


@pytest.mark.parametrize("moment", ["2028-02-29T23:30:00+00:00", "2027-01-01T00:10:00+00:00"])
def test_the_triggers_read_the_date_from_their_clock(zoom, moment):
    clock = HandClock()
    clock.moment = dt.datetime.fromisoformat(moment)

    async def scenario() -> None:
        store = MemoryStateStore()
        async with Running(ZoomRecordingPollingTrigger(poll_interval=60), store, clock) as run:
            await run.until(lambda: store.writes >= 1, "the baseline")
        windows = {
            (r["query"]["from"], r["query"]["to"])
            for r in zoom.state.requests
            if r["path"].endswith("/recordings")
        }
        # Every listing reaches from the day before the watermark to the clock's today.
        day = clock.moment.date()
        assert windows == {((day - dt.timedelta(days=1)).isoformat(), day.isoformat())}
        assert saved(store)["since"] == clock.moment.strftime("%Y-%m-%dT%H:%M:%SZ")

    asyncio.run(scenario())


def test_the_watermark_forgets_recordings_the_listing_no_longer_reaches():
    import datetime as dt

    start = dt.datetime(2026, 3, 1, tzinfo=dt.timezone.utc)
    mark = Watermark(since=start, seen={"old": "2026-03-01T10:00:00Z", "new": "2026-03-03T23:00:00Z"})
    mark.advance(start + dt.timedelta(days=3))
    # The next listing starts on March 3rd (a day before the watermark); a day more is kept.
    assert mark.listing_start() == dt.date(2026, 3, 3)
    assert mark.seen == {"new": "2026-03-03T23:00:00Z"}
    mark.advance(start)  # never backwards
    assert mark.since == start + dt.timedelta(days=3)
    assert Watermark.from_json(mark.to_json()) == mark
    assert Watermark.from_json("not json") is None
    assert Watermark.from_json({"version": 99}) is None


@pytest.mark.skipif(not AIRFLOW_V_3_3_PLUS, reason="Airflow shares trigger streams from 3.3")
def test_watchers_of_one_subscription_share_one_socket_where_airflow_shares_streams(zoom):
    from airflow.triggers.shared_stream import SharedStreamManager

    async def scenario() -> None:
        manager = SharedStreamManager()
        recordings = ws_trigger(zoom, events=["recording.completed"])
        meetings = ws_trigger(zoom, events=["meeting.started"])
        assert recordings.shared_stream_key() == meetings.shared_stream_key()
        found: dict[int, list[dict[str, Any]]] = {1: [], 2: []}
        tasks = []
        for trigger_id, trigger in ((1, recordings), (2, meetings)):
            trigger.asset_state_store = MemoryStateStore()  # type: ignore[assignment]
            stream = manager.subscribe(
                trigger_id=trigger_id, trigger=trigger, key=trigger.shared_stream_key()
            )

            async def consume(trigger=trigger, stream=stream, into=found[trigger_id]) -> None:
                async for event in trigger.filter_shared_stream(stream):
                    into.append(event.payload)

            tasks.append(asyncio.ensure_future(consume()))
        try:
            run = Running(recordings, MemoryStateStore())
            run.task = tasks[0]
            await run.until(lambda: socket_state(zoom)["open"] == 1, "the shared socket opening")
            uuid = await add_recording(zoom)
            await call(zoom, "POST", "ws/events", event="meeting.started", payload={"object": {"uuid": "m"}})
            await run.until(lambda: bool(found[1]) and bool(found[2]), "each watcher's event")
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await manager.stop_all()
        assert uuids(found[1]) == [uuid]
        assert [e["zoom_event"] for e in found[2]] == ["meeting.started"]
        assert socket_state(zoom)["opened"] == 1  # one socket for both watchers

    asyncio.run(scenario())
