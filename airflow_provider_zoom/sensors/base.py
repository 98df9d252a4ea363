"""What every Zoom sensor shares: the connection, the hook, "not yet" versus "fail", and deferral."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any

from airflow.sdk import BaseSensorOperator, PokeReturnValue

from airflow_provider_zoom._http import DEFAULT_CONN_ID
from airflow_provider_zoom._values.replies import scrub_reply
from airflow_provider_zoom.exceptions import ZoomApiError
from airflow_provider_zoom.triggers._conditions import error_from_dict, is_not_yet
from airflow_provider_zoom.version_compat import AirflowException, AirflowSkipException, conf

if TYPE_CHECKING:
    from airflow.sdk import Context

    from airflow_provider_zoom.hooks.zoom import ZoomHook
    from airflow_provider_zoom.triggers.base import ZoomBaseTrigger


class ZoomBaseSensor(BaseSensorOperator):
    """
    Base for the Zoom sensors.

    A subclass implements :meth:`check` (one look through :class:`ZoomHook`) and :meth:`make_trigger`
    (the same look, done asynchronously in the triggerer). Errors are sorted once for both modes: a 404
    (or Zoom's "does not exist" codes), a 5xx, a dropped connection or a per-second 429 mean "not yet";
    an auth error, a daily-limit 429 and any other 4xx fail at once with the hook's error, or skip the
    task when ``soft_fail`` is set.

    With ``deferrable=True`` the sensor looks once, then hands the waiting to a trigger and frees its
    worker slot; on resuming it returns the same value, or raises the same exception class, as poking.

    :param zoom_conn_id: the ``zoom`` connection.
    :param deferrable: wait in the triggerer instead of a worker (default: the
        ``[operators] default_deferrable`` option).
    """

    template_fields: Sequence[str] = ("zoom_conn_id",)
    ui_color = "#2D8CFF"

    def __init__(
        self,
        *,
        zoom_conn_id: str = DEFAULT_CONN_ID,
        deferrable: bool = conf.getboolean("operators", "default_deferrable", fallback=False),
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.zoom_conn_id = zoom_conn_id
        self.deferrable = deferrable

    @cached_property
    def hook(self) -> ZoomHook:
        from airflow_provider_zoom.hooks.zoom import ZoomHook

        return ZoomHook(zoom_conn_id=self.zoom_conn_id)

    # ------------------------------------------------------------------ for subclasses
    def check(self, context: Context) -> bool | PokeReturnValue:
        """One look at Zoom; raise the hook's :class:`ZoomApiError` on an error reply."""
        raise NotImplementedError

    def make_trigger(self, *, initial_delay: float = 0.0) -> ZoomBaseTrigger:
        """The trigger that performs :meth:`check` asynchronously."""
        raise NotImplementedError

    def validate(self) -> None:
        """Check rendered arguments before any call to Zoom (raise ``ZoomConfigError``)."""

    def on_trigger_success(self, context: Context, value: Any, **kwargs: Any) -> Any:
        """Turn the trigger's value into the task's return value (the same as the poking mode's)."""
        return value

    # ------------------------------------------------------------------ sensor protocol
    def poke(self, context: Context) -> bool | PokeReturnValue:
        try:
            return self.check(context)
        except ZoomApiError as err:
            if is_not_yet(err):
                self.log.info("Not yet: %s", err)
                return False
            # BaseSensorOperator skips on soft_fail only for timeouts when poking; a refused token or a
            # bad id is just as final, so honour soft_fail here too.
            if self.soft_fail:
                raise AirflowSkipException(f"Skipping (soft_fail): {err}") from err
            raise

    def execute(self, context: Context) -> Any:
        self.validate()
        if not self.deferrable:
            return _scrubbed(super().execute(context))
        # One look first: when the thing is ready already, no trigger round trip is needed.
        result = self.poke(context)
        if result:
            return _scrubbed(result.xcom_value if isinstance(result, PokeReturnValue) else None)
        # That look said "not yet": the trigger's first poll waits a full interval.
        self.defer_to_trigger(timeout=self.timeout, initial_delay=self.poke_interval)

    def defer_to_trigger(self, *, timeout: float, initial_delay: float = 0.0, **kwargs: Any) -> None:
        self.defer(
            trigger=self.make_trigger(initial_delay=initial_delay),
            method_name="execute_complete",
            kwargs=kwargs or None,
            timeout=dt.timedelta(seconds=timeout),
        )

    def execute_complete(self, context: Context, event: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        """Resume after the trigger fired: return its value or raise the error it reported."""
        if not event:
            raise AirflowException(f"{self.task_id}: the trigger ended without an event.")
        if event.get("status") == "success":
            return _scrubbed(self.on_trigger_success(context, event.get("value"), **kwargs))
        raise error_from_dict(event.get("error"), str(event.get("message") or "the trigger failed"))


def _scrubbed(value: Any) -> Any:
    """What a sensor returns, without the credentials Zoom's replies may hold (masked in logs)."""
    from airflow.sdk.log import mask_secret

    return scrub_reply(value, mask=mask_secret)
