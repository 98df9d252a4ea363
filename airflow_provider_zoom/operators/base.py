"""What every Zoom operator shares: the connection, a cached hook, and date-range defaults."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any

from airflow.sdk import BaseOperator

from airflow_provider_zoom._http.dates import to_date
from airflow_provider_zoom.exceptions import ZoomConfigError
from airflow_provider_zoom.hooks.zoom import ZoomHook

if TYPE_CHECKING:
    from airflow.sdk import Context


class ZoomBaseOperator(BaseOperator):
    """
    Base for operators that call one Zoom action through :class:`~airflow_provider_zoom.hooks.zoom.ZoomHook`.

    :param zoom_conn_id: the Airflow connection of type ``zoom`` (templated).
    """

    template_fields: Sequence[str] = ("zoom_conn_id",)
    ui_color = "#2D8CFF"

    def __init__(self, *, zoom_conn_id: str = ZoomHook.default_conn_name, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.zoom_conn_id = zoom_conn_id

    @cached_property
    def hook(self) -> ZoomHook:
        return ZoomHook(zoom_conn_id=self.zoom_conn_id)

    def date_range(self, context: Context, from_: Any, to: Any) -> tuple[dt.date, dt.date]:
        """
        The inclusive day range to act on: ``from_``/``to`` when given, else the DAG run's data interval.

        The data interval's end is exclusive, so its last day is the day of ``end - 1 µs``: a daily run
        for 2026-01-01T00:00..2026-01-02T00:00 covers 2026-01-01 only.
        """
        start = to_date(from_, "from_") if from_ not in (None, "") else None
        end = to_date(to, "to") if to not in (None, "") else None
        if start is None or end is None:
            interval_start = context.get("data_interval_start")
            interval_end = context.get("data_interval_end")
            if interval_start is None or interval_end is None:
                missing = "from_" if start is None else "to"
                raise ZoomConfigError(
                    missing, "not given, and the DAG run has no data interval to default to; set from_ and to"
                )
            if start is None:
                start = to_date(interval_start, "data_interval_start")
            if end is None:
                last_moment = interval_end - dt.timedelta(microseconds=1)
                end = max(to_date(last_moment, "data_interval_end"), start)
        if start > end:
            raise ZoomConfigError("from_", f"{start.isoformat()} is after to={end.isoformat()}")
        return start, end


def push_xcom(context: Context, operator: BaseOperator, key: str, value: Any) -> None:
    """Push an extra XCom (e.g. for an operator link) when the context has a task instance."""
    ti = context.get("ti") if hasattr(context, "get") else None
    if ti is not None and operator.do_xcom_push and value not in (None, ""):
        ti.xcom_push(key=key, value=value)


def check_max_results(value: Any) -> int | None:
    """``max_results`` after templating: a positive whole number, or None for everything."""
    from airflow_provider_zoom.hooks._resources._payloads import check_int

    return check_int("max_results", None if value == "" else value, minimum=1)
