"""
An event trigger that polls Zoom's recordings listing, for accounts without a WebSocket subscription.

Every ``poll_interval`` seconds it lists the cloud recordings since its watermark and yields one
``recording.completed`` event (``zoom_source: "polling"``) for each recording that became complete
and was not sent before. The first start records what is already complete without sending it.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping
from typing import TYPE_CHECKING, Any

from airflow.triggers.base import TriggerEvent

from airflow_provider_zoom.exceptions import ZoomApiError, ZoomNotFoundError
from airflow_provider_zoom.triggers._conditions import is_not_yet, wait_after
from airflow_provider_zoom.triggers._event_base import SOURCE_POLLING, ZoomEventTriggerBase

if TYPE_CHECKING:
    from airflow_provider_zoom.webhooks.filters import EventRule

#: Zoom's recordings listing is a Medium-category call; every five minutes costs little.
DEFAULT_POLL_INTERVAL = 300.0


class ZoomRecordingPollingTrigger(ZoomEventTriggerBase):
    """
    Yield a ``recording.completed`` event per cloud recording that became complete, by polling.

    Transient errors (5xx, per-second 429, a lost network) wait and poll again; credentials, scopes and
    an unknown user end the trigger with Zoom's error.

    :param poll_interval: seconds between two listings.
    :param zoom_conn_id: the ``zoom`` connection.
    :param user_id: poll this user's recordings; None: the whole account.
    :param rule: only matching recordings become asset events.
    :param commit_delay: seconds after which a sent recording is saved as sent (default 30): recordings
        sent in the last ``commit_delay`` seconds before the triggerer stops are sent again after it
        (at least once, never lost; see docs/events.md).
    """

    def __init__(
        self,
        *,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
        rule: EventRule | Mapping[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(rule=rule, **kwargs)
        if (
            not isinstance(poll_interval, (int, float))
            or isinstance(poll_interval, bool)
            or poll_interval <= 0
        ):
            raise ValueError(f"poll_interval: must be a positive number of seconds, got {poll_interval!r}")
        if not self.wants_recordings:
            raise ValueError("rule: its events must include 'recording.completed', the only event polled")
        self.poll_interval = float(poll_interval)

    def trigger_kwargs(self) -> dict[str, Any]:
        return {**super().trigger_kwargs(), "poll_interval": self.poll_interval}

    async def run(self) -> AsyncIterator[TriggerEvent]:
        client = await self.open_client()
        async with client:
            watermark = await self.watermark_store.load() or await self.baseline(client)
            async with self.lagging(watermark) as lagging:
                while True:
                    try:
                        async for event in self.reconcile(client, lagging, SOURCE_POLLING):
                            yield event
                        delay = self.poll_interval
                    except ZoomApiError as err:
                        if isinstance(err, ZoomNotFoundError) or not is_not_yet(err):
                            raise
                        delay = wait_after(err, self.poll_interval)
                        self.log.warning(
                            "Zoom recordings listing failed (%s); polling again in %.0fs.", err, delay
                        )
                    except OSError as err:
                        delay = self.poll_interval
                        self.log.warning(
                            "Zoom recordings listing failed (%s); polling again in %.0fs.", err, delay
                        )
                    await asyncio.sleep(delay)
