"""
What the Zoom event triggers share: filters, the asset event shape, the watermark and reconciliation.

An event trigger (``BaseEventTrigger``) runs in the triggerer for as long as an ``AssetWatcher`` uses
it, and every :class:`~airflow.triggers.base.TriggerEvent` it yields becomes one asset event. The
payload of each event is the same extra the webhook plugin records
(:func:`airflow_provider_zoom.webhooks.events.build_extra`) plus ``zoom_source``
(``websocket``, ``reconciled`` or ``polling``), so ``meeting_uuids`` and ``matching_events`` read it
unchanged.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hashlib
import json
from collections.abc import AsyncIterator, Iterable, Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any

from airflow.triggers.base import BaseEventTrigger, TriggerEvent

from airflow_provider_zoom._http import DEFAULT_CONN_ID
from airflow_provider_zoom._http.paths import ACCOUNT_RECORDINGS_PATH, USER_RECORDINGS_PATH, api_path
from airflow_provider_zoom._values.dates import SYSTEM_CLOCK, Clock, month_windows
from airflow_provider_zoom.triggers._conditions import parse_time, recording_ready
from airflow_provider_zoom.triggers._event_state import (
    DEFAULT_COMMIT_DELAY,
    LaggingWatermark,
    Watermark,
    WatermarkStore,
    variable_name,
)
from airflow_provider_zoom.version_compat import trigger_argument
from airflow_provider_zoom.webhooks.events import build_extra
from airflow_provider_zoom.webhooks.filters import EventRule

if TYPE_CHECKING:
    from airflow_provider_zoom._http.aio import AsyncZoomClient

RECORDING_COMPLETED = "recording.completed"
EXTRA_SOURCE = "zoom_source"
SOURCE_WEBSOCKET = "websocket"
SOURCE_RECONCILED = "reconciled"
SOURCE_POLLING = "polling"
STATE_KEY_PREFIX = "zoom_events:"
_RULE_FIELDS = tuple(EventRule.__dataclass_fields__)


def normalise_rule(
    rule: EventRule | Mapping[str, Any] | None, events: Iterable[str] | str | None
) -> dict | None:
    """
    The filters as plain, sorted JSON (trigger arguments must compare equal when they mean the same).

    :param rule: an :class:`EventRule` or a mapping of its fields.
    :param events: event names to keep; joins ``rule.events``.
    :raises ValueError: naming the field when a rule is malformed.
    """
    fields: dict[str, Any] = {}
    if isinstance(rule, EventRule):
        fields = {name: getattr(rule, name) for name in _RULE_FIELDS if getattr(rule, name) is not None}
    elif isinstance(rule, Mapping):
        unknown = sorted(set(rule) - set(_RULE_FIELDS))
        if unknown:
            raise ValueError(f"rule: {unknown[0]!r} is not a rule; use {', '.join(_RULE_FIELDS)}")
        fields = {k: v for k, v in rule.items() if v is not None}
    elif rule is not None:
        raise ValueError(f"rule: must be an EventRule or a mapping of its fields, got {type(rule).__name__}")
    if events is not None:
        fields["events"] = [events] if isinstance(events, str) else list(events)
    if not fields:
        return None
    built = EventRule.build(**fields)  # checks every field, naming it
    return {name: sorted(getattr(built, name)) for name in _RULE_FIELDS if getattr(built, name) is not None}


def completion_ms(recording: Mapping[str, Any]) -> int:
    """When a recording was complete, in epoch milliseconds: its last file's end, else the meeting start."""
    files = [f for f in recording.get("recording_files") or [] if isinstance(f, Mapping)]
    moments = [parse_time(f.get("recording_end")) for f in files] + [parse_time(recording.get("start_time"))]
    moment = max((m for m in moments if m is not None), default=None)
    return int(moment.timestamp() * 1000) if moment else 0


def recording_event(recording: Mapping[str, Any], account_id: str) -> dict[str, Any]:
    """The ``recording.completed`` event for a recording found by listing (Zoom's own event's shape)."""
    return {
        "event": RECORDING_COMPLETED,
        "event_ts": completion_ms(recording),
        "payload": {"account_id": account_id, "object": dict(recording)},
    }


class ZoomEventTriggerBase(BaseEventTrigger):
    """
    Base of the Zoom event triggers: filters, the asset event shape and the recordings watermark.

    :param zoom_conn_id: the ``zoom`` connection (its credentials are read in the triggerer).
    :param user_id: reconcile or poll the recordings of this user; None (default): every user of the
        account (``/accounts/me/recordings``, which needs an admin scope).
    :param rule: an :class:`~airflow_provider_zoom.webhooks.filters.EventRule` (or a mapping of its
        fields): only matching events become asset events.
    :param events: event names to keep (joins ``rule.events``).
    :param commit_delay: seconds after which a sent recording is saved in the watermark as sent (see
        :mod:`~airflow_provider_zoom.triggers._event_state`): recordings sent in the last
        ``commit_delay`` seconds before a stop are sent again after it, never lost.

    ``clock`` (an attribute, not an argument: it is not serialized) is where the trigger reads the time.
    """

    clock: Clock = SYSTEM_CLOCK

    def __init__(
        self,
        *,
        zoom_conn_id: str = DEFAULT_CONN_ID,
        user_id: str | None = None,
        rule: EventRule | Mapping[str, Any] | None = None,
        events: Iterable[str] | str | None = None,
        commit_delay: float = DEFAULT_COMMIT_DELAY,
    ) -> None:
        super().__init__()
        if not isinstance(zoom_conn_id, str) or not zoom_conn_id.strip():
            raise ValueError(f"zoom_conn_id: must be a connection id, got {zoom_conn_id!r}")
        if not isinstance(commit_delay, (int, float)) or isinstance(commit_delay, bool) or commit_delay < 0:
            raise ValueError(f"commit_delay: must be a number of seconds, 0 or more, got {commit_delay!r}")
        self.zoom_conn_id = zoom_conn_id
        self.user_id = None if user_id in (None, "") else str(user_id)
        # Stored normalised: the serialized arguments of equal filters are equal.
        self.rule = normalise_rule(trigger_argument(rule), events)
        self.commit_delay = float(commit_delay)

    # ------------------------------------------------------------------ serialization
    def trigger_kwargs(self) -> dict[str, Any]:
        """The arguments that rebuild this trigger; subclasses add theirs."""
        return {
            "zoom_conn_id": self.zoom_conn_id,
            "user_id": self.user_id,
            "rule": self.rule,
            "commit_delay": self.commit_delay,
        }

    def serialize(self) -> tuple[str, dict[str, Any]]:
        return f"{type(self).__module__}.{type(self).__qualname__}", self.trigger_kwargs()

    @cached_property
    def event_rule(self) -> EventRule | None:
        return EventRule.build(**self.rule) if self.rule else None

    @property
    def wants_recordings(self) -> bool:
        """Whether ``recording.completed`` passes the event-name filter (reconciling is useless otherwise)."""
        names = (self.rule or {}).get("events")
        return names is None or RECORDING_COMPLETED in names

    # ------------------------------------------------------------------ events
    def to_trigger_event(self, event: Mapping[str, Any], source: str, account_id: str) -> TriggerEvent | None:
        """The trigger event for a Zoom event, or None when the filters drop it."""
        payload = event.get("payload")
        account = payload.get("account_id") if isinstance(payload, Mapping) else None
        extra = build_extra(event, account_id=str(account or account_id), conn_id=self.zoom_conn_id)
        extra[EXTRA_SOURCE] = source
        if self.event_rule is not None and not self.event_rule.matches(extra):
            return None
        return TriggerEvent(extra)

    # ------------------------------------------------------------------ state
    @cached_property
    def watermark_store(self) -> WatermarkStore:
        classpath, kwargs = self.serialize()
        digest = hashlib.sha256(json.dumps([classpath, kwargs], sort_keys=True).encode()).hexdigest()[:16]
        return WatermarkStore(self, key=STATE_KEY_PREFIX + digest, variable=variable_name(classpath, kwargs))

    async def open_client(self) -> AsyncZoomClient:
        """The async hook's client for the connection, read inside the triggerer."""
        from airflow_provider_zoom.hooks.zoom import ZoomAsyncHook

        return await ZoomAsyncHook(self.zoom_conn_id).get_client()

    async def completed_recordings(self, client: AsyncZoomClient, first_day: dt.date) -> list[dict[str, Any]]:
        """Recordings of meetings started from ``first_day`` to today whose files are all complete."""
        if self.user_id is None:
            path = api_path(ACCOUNT_RECORDINGS_PATH, account_id="me")
        else:
            path = api_path(USER_RECORDINGS_PATH, user_id=self.user_id)
        today = self.clock.today()
        found: list[dict[str, Any]] = []
        for start, end in month_windows(min(first_day, today), today):
            params: dict[str, Any] = {"from": start.isoformat(), "to": end.isoformat(), "page_size": 300}
            while True:
                page = await client.request("GET", path, params)
                found.extend(m for m in page.get("meetings") or [] if isinstance(m, dict) and m.get("uuid"))
                token = page.get("next_page_token")
                if not token:
                    break
                params = {**params, "next_page_token": token}
        return [m for m in found if recording_ready(m)]

    @contextlib.asynccontextmanager
    async def lagging(self, watermark: Watermark) -> AsyncIterator[LaggingWatermark]:
        """
        The watermark, saved as the commit delay passes while the trigger runs, and once more at a stop.

        A stop saves only what is past the commit delay: the runner may not have handed the newer
        events to Airflow (a graceful stop drops those not yet synced).
        """
        lagging = LaggingWatermark(self.watermark_store, watermark, delay=self.commit_delay, clock=self.clock)
        saver = asyncio.ensure_future(lagging.save_periodically())
        try:
            yield lagging
        finally:
            saver.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await saver
            await lagging.save_at_stop()

    async def baseline(self, client: AsyncZoomClient) -> Watermark:
        """A first watermark: what is complete now counts as seen (a new watcher does not replay history)."""
        moment = self.clock.now()
        watermark = Watermark(since=moment)
        for recording in await self.completed_recordings(client, watermark.listing_start()):
            watermark.baseline[str(recording["uuid"])] = str(recording.get("start_time") or "")
        await self.watermark_store.save(watermark)
        self.log.info(
            "Zoom event watermark started at %s (%d recordings already complete).",
            moment,
            len(watermark.baseline),
        )
        return watermark

    async def reconcile(
        self, client: AsyncZoomClient, watermark: LaggingWatermark, source: str
    ) -> AsyncIterator[TriggerEvent]:
        """Yield an event for every completed recording not seen yet, then move the watermark to now."""
        moment = self.clock.now()
        account_id = client.config.account_id or ""
        missed = 0
        for recording in await self.completed_recordings(client, watermark.live.listing_start()):
            uuid = str(recording["uuid"])
            if watermark.live.known(uuid):
                continue
            watermark.mark_sent(uuid, str(recording.get("start_time") or ""))
            event = self.to_trigger_event(recording_event(recording, account_id), source, account_id)
            if event is not None:
                missed += 1
                yield event
        watermark.advance(moment)
        await watermark.save()
        if missed:
            self.log.info("Reconciled %d completed recording(s) with Zoom's recordings listing.", missed)

    def seen_recording(self, watermark: LaggingWatermark, event: Mapping[str, Any]) -> bool:
        """
        Mark a ``recording.completed`` event's meeting as sent; whether it had been sent before.

        A recording of the first listing (``baseline``) is sent when its event arrives on the socket: the
        socket may have opened before that listing, so its event may be the watcher's first news of it.
        """
        if event.get("event") != RECORDING_COMPLETED:
            return False
        payload = event.get("payload")
        obj = payload.get("object") if isinstance(payload, Mapping) else None
        if not isinstance(obj, Mapping):
            return False
        uuid = obj.get("uuid")
        if not isinstance(uuid, str) or not uuid:
            return False
        if uuid in watermark.live.seen:
            return True
        watermark.mark_sent(uuid, str(obj.get("start_time") or ""))
        return False
