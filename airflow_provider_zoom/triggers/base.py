"""The polling loop every Zoom trigger shares: the async hook, not-yet handling, events."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

from airflow.triggers.base import BaseTrigger, TriggerEvent

from airflow_provider_zoom._http import DEFAULT_CONN_ID
from airflow_provider_zoom.exceptions import ZoomApiError
from airflow_provider_zoom.triggers._conditions import error_to_dict, is_not_yet, wait_after

if TYPE_CHECKING:
    from airflow_provider_zoom.hooks.zoom import ZoomAsyncHook

DEFAULT_POKE_INTERVAL = 60.0


def success_event(value: Any) -> TriggerEvent:
    return TriggerEvent({"status": "success", "value": value})


def error_event(err: BaseException) -> TriggerEvent:
    return TriggerEvent({"status": "error", "message": str(err), "error": error_to_dict(err)})


class ZoomBaseTrigger(BaseTrigger):
    """
    Poll Zoom every ``poke_interval`` seconds until :meth:`poll` says done, then fire one event.

    Events are ``{"status": "success", "value": ...}`` or ``{"status": "error", "message": ...,
    "error": {...}}`` where ``error`` holds the fields of the :class:`ZoomApiError` so the sensor can
    raise the same exception. 404s, 5xx and per-second 429s (after waiting ``Retry-After``) keep the
    trigger waiting; anything else ends it with an error event. The timeout is the task's, enforced by
    Airflow on the deferral.

    Only the connection id and the ids being watched are serialized: the credentials are read from the
    connection inside the triggerer.

    :param zoom_conn_id: the ``zoom`` connection.
    :param poke_interval: seconds between polls.
    :param initial_delay: seconds to wait before the first poll.
    """

    def __init__(
        self,
        *,
        zoom_conn_id: str = DEFAULT_CONN_ID,
        poke_interval: float = DEFAULT_POKE_INTERVAL,
        initial_delay: float = 0.0,
    ) -> None:
        super().__init__()
        self.zoom_conn_id = zoom_conn_id
        self.poke_interval = float(poke_interval)
        self.initial_delay = float(initial_delay)

    # ------------------------------------------------------------------ for subclasses
    def serialize_fields(self) -> dict[str, Any]:
        """
        The subclass's own constructor arguments (ids, filters), JSON-safe, never secrets.

        Read back from the attributes of the same names, so an argument is written only in the
        constructor; a subclass stores each one under its own name.
        """
        shared = inspect.signature(ZoomBaseTrigger.__init__).parameters
        return {
            name: getattr(self, name)
            for name, param in inspect.signature(type(self).__init__).parameters.items()
            if name != "self" and name not in shared and param.kind is param.KEYWORD_ONLY
        }

    async def poll(self, hook: ZoomAsyncHook) -> tuple[bool, Any]:
        """One look at Zoom: ``(done, value)``; raise :class:`ZoomApiError` on an error reply."""
        raise NotImplementedError

    # ------------------------------------------------------------------ trigger protocol
    def serialize(self) -> tuple[str, dict[str, Any]]:
        return (
            f"{type(self).__module__}.{type(self).__qualname__}",
            {
                **self.serialize_fields(),
                "zoom_conn_id": self.zoom_conn_id,
                "poke_interval": self.poke_interval,
                "initial_delay": self.initial_delay,
            },
        )

    async def run(self) -> AsyncIterator[TriggerEvent]:
        hook = self.make_hook()
        try:
            await hook.get_client()
        except Exception as err:
            # A missing or malformed connection is an event for the task to raise, not a crash here.
            yield error_event(err)
            return
        async with hook:
            if self.initial_delay > 0:
                await asyncio.sleep(self.initial_delay)
            while True:
                try:
                    done, value = await self.poll(hook)
                except ZoomApiError as err:
                    if not is_not_yet(err):
                        yield error_event(err)
                        return
                    delay = wait_after(err, self.poke_interval)
                    self.log.info(
                        "%s: not yet (%s); polling again in %.0fs.", self._subject(), _short(err), delay
                    )
                    await asyncio.sleep(delay)
                    continue
                except Exception as err:
                    yield error_event(err)
                    return
                if done:
                    yield success_event(value)
                    return
                self.log.info("%s: not yet; polling again in %.0fs.", self._subject(), self.poke_interval)
                await asyncio.sleep(self.poke_interval)

    def _subject(self) -> str:
        fields = ", ".join(f"{k}={v}" for k, v in self.serialize_fields().items() if v is not None)
        return f"{type(self).__name__}({fields})"

    def make_hook(self) -> ZoomAsyncHook:
        """The async hook the polls go through (the connection is read on its first request)."""
        from airflow_provider_zoom.hooks.zoom import ZoomAsyncHook

        return ZoomAsyncHook(self.zoom_conn_id)


def _short(err: ZoomApiError) -> str:
    code = f" code {err.code}" if err.code is not None else ""
    return f"{err.method} {err.path} -> {err.status_code}{code}"
