"""
Where the event triggers keep their watermark: what was seen, and since when nothing can be missing.

The state is a small JSON object::

    {"version": 1, "since": "2026-12-07T10:00:00Z", "seen": {"<meeting uuid>": "<meeting start_time>"},
     "baseline": {"<meeting uuid>": "<meeting start_time>"}}

``since`` is the moment up to which every completed cloud recording has been turned into an event
(by the socket while it was open, by a reconciliation, or by a poll); ``seen`` holds the recordings
already sent, so none is sent twice; ``baseline`` those already complete when the watcher first started,
which listings skip but a socket event still sends (the socket may have opened before the first
listing). Entries older than the listing window are dropped, so the state stays small.

It lives in Airflow 3.3's asset state store (one row per watched asset and key) when the triggerer
provides one; on older minors, or when one trigger watches several assets, in an Airflow Variable named
after the trigger's arguments (``zoom_event_state_<hash>``).

What is saved lags what was sent by a commit delay (:class:`LaggingWatermark`): the triggerer's
runner hands a yielded event to its supervisor on its next state sync, and the supervisor stores it
after that, so a hard kill in between loses the event. A recording is therefore saved as sent only
``commit_delay`` seconds after it was yielded; until then only the memory of the running trigger
keeps it from being sent twice. After a stop, the recordings of the last ``commit_delay`` seconds are
listed again and sent again (at least once, never lost).
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import datetime as dt
import hashlib
import json
import logging
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from airflow_provider_zoom._values.dates import Clock

log = logging.getLogger(__name__)

STATE_VERSION = 1
#: A recording completes after its meeting starts, sometimes hours later: the recordings listing (by
#: meeting start date) reaches back this far before the watermark.
LISTING_LOOKBACK = dt.timedelta(days=1)
VARIABLE_PREFIX = "zoom_event_state_"
#: Seconds between a yielded event and the save of its watermark entry. The triggerer's runner syncs
#: with its supervisor about every second and the supervisor stores the events it received right
#: after; 30 s is many sync rounds, and it is Airflow's own ``[triggerer]
#: triggerer_health_check_threshold``: a triggerer that has not stored for that long is taken for dead.
DEFAULT_COMMIT_DELAY = 30.0
#: How often a running trigger saves what has passed the commit delay (only when something has).
SAVE_INTERVAL = 5.0
#: How long a stopping trigger waits for its last save. When the whole triggerer stops, its channel to
#: the supervisor closes before the triggers are cancelled and the save cannot land: waiting long would
#: only delay the stop (the periodic saves have kept the state).
_LAST_SAVE_TIMEOUT = 3.0


def _iso(value: dt.datetime) -> str:
    return value.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse(value: Any) -> dt.datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.timezone.utc)


@dataclass
class Watermark:
    """What an event trigger has sent: ``since`` (nothing is missing before it) and ``seen`` recordings."""

    since: dt.datetime
    seen: dict[str, str] = field(default_factory=dict)
    baseline: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_json(cls, value: Any) -> Watermark | None:
        """The watermark stored as ``value``; None when nothing (or something unreadable) is stored."""
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                return None
        if not isinstance(value, Mapping) or value.get("version") != STATE_VERSION:
            return None
        since = _parse(value.get("since"))
        seen = value.get("seen")
        baseline = value.get("baseline") or {}
        if since is None or not isinstance(seen, Mapping) or not isinstance(baseline, Mapping):
            return None
        return cls(
            since=since,
            seen={str(k): str(v) for k, v in seen.items()},
            baseline={str(k): str(v) for k, v in baseline.items()},
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "version": STATE_VERSION,
            "since": _iso(self.since),
            "seen": dict(sorted(self.seen.items())),
            "baseline": dict(sorted(self.baseline.items())),
        }

    def known(self, uuid: str) -> bool:
        """Whether a listing must skip this recording (sent already, or complete before the watcher)."""
        return uuid in self.seen or uuid in self.baseline

    def listing_start(self) -> dt.date:
        """The first meeting start date the recordings listing must cover."""
        return (self.since - LISTING_LOOKBACK).date()

    def mark_sent(self, uuid: str, started: str) -> None:
        """Record a recording as sent (a socket event's may have been in the first listing)."""
        self.baseline.pop(uuid, None)
        self.seen[uuid] = started

    def advance(self, moment: dt.datetime) -> None:
        """Move ``since`` forward to ``moment`` and forget recordings the listing no longer reaches."""
        if moment > self.since:
            self.since = moment
        oldest = self.listing_start() - dt.timedelta(days=1)
        for entries in (self.seen, self.baseline):
            for uuid, started in list(entries.items()):
                when = _parse(started)
                if when is not None and when.date() < oldest:
                    del entries[uuid]


def variable_name(classpath: str, kwargs: Mapping[str, Any]) -> str:
    """The fallback Variable of one trigger: a hash of its class and arguments (no secrets in them)."""
    identity = json.dumps([classpath, kwargs], sort_keys=True, default=str)
    return VARIABLE_PREFIX + hashlib.sha256(identity.encode()).hexdigest()[:24]


class WatermarkStore:
    """
    Load and save one trigger's :class:`Watermark` where Airflow keeps trigger state.

    :param trigger: the running trigger (its ``asset_state_store`` is set by Airflow 3.3's triggerer).
    :param key: the key in the asset state store.
    :param variable: the Variable used when there is no asset state store for one asset.
    """

    def __init__(self, trigger: Any, *, key: str, variable: str) -> None:
        self.trigger = trigger
        self.key = key
        self.variable = variable
        self._use_variable = False

    def _accessor(self) -> Any:
        store = getattr(self.trigger, "asset_state_store", None)
        return None if self._use_variable else store

    async def load(self) -> Watermark | None:
        store = self._accessor()
        if store is not None:
            try:
                if hasattr(store, "aget"):
                    value = await store.aget(self.key, default=None)
                else:  # 3.3.0 and 3.3.1 have only the blocking accessors
                    value = await asyncio.to_thread(store.get, self.key, None)
                return Watermark.from_json(value)
            except ValueError:
                # One trigger serving several assets: no single row to keep the state in.
                log.info(
                    "This watcher serves several assets; its watermark is kept in Variable %s.", self.variable
                )
                self._use_variable = True
        return Watermark.from_json(await _get_variable(self.variable))

    async def save(self, watermark: Watermark) -> None:
        value = watermark.to_json()
        store = self._accessor()
        if store is not None:
            if hasattr(store, "aset"):
                await store.aset(self.key, value)
            else:
                await asyncio.to_thread(store.set, self.key, value)
            return
        await _set_variable(self.variable, json.dumps(value, sort_keys=True))


async def _get_variable(name: str) -> Any:
    from airflow.sdk import Variable
    from asgiref.sync import sync_to_async

    return await sync_to_async(Variable.get)(name, default=None)


async def _set_variable(name: str, value: str) -> None:
    from airflow.sdk import Variable
    from asgiref.sync import sync_to_async

    await sync_to_async(Variable.set)(name, value, description="Watermark of a Zoom event watcher")


class LaggingWatermark:
    """
    A trigger's watermark in memory (``live``) and the one it saves, which lags by ``delay`` seconds.

    ``live`` de-duplicates at once; each change reaches the saved copy once ``delay`` seconds of
    ``clock`` have passed, by when Airflow has stored the events yielded before it.

    :param store: where the lagging copy is saved.
    :param watermark: the state as loaded (or just made): saved already.
    :param delay: the commit delay, seconds.
    :param clock: the clock the delay is measured on.
    """

    def __init__(self, store: WatermarkStore, watermark: Watermark, *, delay: float, clock: Clock) -> None:
        self.store = store
        self.live = watermark
        self.saved = copy.deepcopy(watermark)
        self.delay = delay
        self.clock = clock
        self._pending: deque[tuple[float, Callable[[Watermark], None]]] = deque()
        self._unsaved = False
        self._lock = asyncio.Lock()

    def mark_sent(self, uuid: str, started: str) -> None:
        self._change(lambda mark: mark.mark_sent(uuid, started))

    def advance(self, moment: dt.datetime) -> None:
        self._change(lambda mark: mark.advance(moment))

    def _change(self, change: Callable[[Watermark], None]) -> None:
        change(self.live)
        self._pending.append((self.clock.monotonic(), change))

    @property
    def pending(self) -> int:
        """Changes not past the commit delay yet."""
        return len(self._pending)

    async def save(self) -> None:
        """Save the changes older than the commit delay (nothing is written when there are none)."""
        async with self._lock:  # one save at a time, so an older state never lands after a newer one
            cutoff = self.clock.monotonic() - self.delay
            while self._pending and self._pending[0][0] <= cutoff:
                self._pending.popleft()[1](self.saved)
                self._unsaved = True
            if self._unsaved:
                await self.store.save(self.saved)
                self._unsaved = False

    async def save_periodically(self) -> None:
        """Save every few seconds, until cancelled: events may stop coming for hours."""
        interval = min(SAVE_INTERVAL, max(self.delay / 2, 0.5))
        while True:
            await asyncio.sleep(interval)
            try:
                await self.save()
            except Exception as err:  # the next round tries again; the event loop must go on
                log.warning("Saving the Zoom event watermark failed (%s); trying again.", type(err).__name__)

    async def save_at_stop(self) -> None:
        """On a stop: save what is past the commit delay, never what Airflow may not have stored."""
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.save(), _LAST_SAVE_TIMEOUT)
