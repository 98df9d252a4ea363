"""The day range that list operators over ``from_``/``to`` take from the DAG run, declared once."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from airflow_provider_zoom._values.dates import utc_today
from airflow_provider_zoom.operators.base import ZoomListOperator, static_kwargs

if TYPE_CHECKING:
    from airflow.sdk import Context

_RANGE_PARAMS = """

    :param from_: first day (date, datetime or ``yyyy-mm-dd``); default: the first day of the DAG
        run's data interval.
    :param to: last day, inclusive; default: the last day of the data interval.
"""


class DayRangeListOperator(ZoomListOperator):
    """
    Base for list operators whose hook method takes a ``from_``/``to`` day range.

    A missing end comes from the DAG run's data interval (its last day is the day before the
    interval's exclusive end), so consecutive runs cover each day once; see
    :meth:`~airflow_provider_zoom.operators.base.ZoomBaseOperator.date_range`.
    """

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # Said here, not by the hook methods (whose ends default to today), before the hook's
        # descriptions of the other arguments are added.
        if cls.__doc__ and ":param from_:" not in cls.__doc__:
            cls.__doc__ = cls.__doc__.rstrip() + _RANGE_PARAMS
        super().__init_subclass__(**kwargs)

    def takes_days(self, kwargs: dict[str, Any]) -> bool:
        """Whether this call is over a day range (not, e.g., a listing of the recording trash)."""
        return True

    def hook_kwargs(self, context: Context) -> dict[str, Any]:
        kwargs = super().hook_kwargs(context)
        if self.takes_days(kwargs):
            kwargs["from_"], kwargs["to"] = self.date_range(context, kwargs["from_"], kwargs["to"])
            self.log.info("Listing from %s to %s.", kwargs["from_"], kwargs["to"])
        else:
            kwargs["from_"] = kwargs["to"] = None
        return kwargs

    def parse_time_kwargs(self, values: dict[str, Any]) -> dict[str, Any] | None:
        kwargs = static_kwargs(values)
        if kwargs is None:
            return None
        if not self.takes_days(kwargs):
            kwargs["from_"] = kwargs["to"] = None
        else:
            # The run's data interval is not known yet: a given end (or today) stands in for a missing one.
            kwargs["from_"] = kwargs["from_"] or kwargs["to"] or utc_today()
            kwargs["to"] = kwargs["to"] or kwargs["from_"]
        return kwargs
