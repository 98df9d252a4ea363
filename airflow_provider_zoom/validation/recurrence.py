"""A recurring meeting's or webinar's ``recurrence`` object, checked against Zoom's rules."""

from __future__ import annotations

from typing import Any

from airflow_provider_zoom._values.dates import to_zoom_datetime
from airflow_provider_zoom.exceptions import ZoomConfigError
from airflow_provider_zoom.validation.checks import (
    at_most_one,
    check_choice,
    check_int,
    check_mapping,
    require,
)
from airflow_provider_zoom.validation.kinds import MEETING, MEETING_CREATE, WEBINAR, WEBINAR_CREATE

# repeat_interval maxima per recurrence type (1 daily, 2 weekly, 3 monthly), per kind.
RECURRENCE_INTERVAL_MAX = {
    kind: {
        int(rtype): limit
        for rtype, limit in endpoint.field("body.recurrence.repeat_interval")[
            "x-maximum-by-recurrence-type"
        ].items()
    }
    for kind, endpoint in ((MEETING, MEETING_CREATE), (WEBINAR, WEBINAR_CREATE))
}
RECURRENCE_END_TIMES_MAX = MEETING_CREATE.bounds("body.recurrence.end_times")[1]
RECURRENCE_TYPES = MEETING_CREATE.enum("body.recurrence.type")
MONTHLY_WEEKS = MEETING_CREATE.enum("body.recurrence.monthly_week")
MONTHLY_WEEK_DAYS = MEETING_CREATE.enum("body.recurrence.monthly_week_day")
WEEKLY_DAYS = tuple(int(d) for d in MEETING_CREATE.enum("body.recurrence.weekly_days"))
RECURRENCE_KEYS = set(MEETING_CREATE.fields("body.recurrence"))
# Zoom's reference says so in prose only: monthly_day runs 1-31, and end_times 0 means no end
# (meetings only; webinars need at least one occurrence).
MONTHLY_DAY_MAX = 31


def build_recurrence(value: Any, kind: str = MEETING) -> dict[str, Any] | None:
    """Check a ``recurrence`` object against Zoom's rules and return it ready to send."""
    recurrence = check_mapping("recurrence", value)
    if recurrence is None:
        return None
    unknown = sorted(set(recurrence) - RECURRENCE_KEYS)
    if unknown:
        raise ZoomConfigError(f"recurrence.{unknown[0]}", f"unknown key; allowed: {sorted(RECURRENCE_KEYS)}")
    out: dict[str, Any] = {}
    rtype = check_choice(
        "recurrence.type", require("recurrence.type", recurrence.get("type")), RECURRENCE_TYPES
    )
    out["type"] = rtype
    out["repeat_interval"] = check_int(
        "recurrence.repeat_interval",
        recurrence.get("repeat_interval"),
        minimum=1,
        maximum=RECURRENCE_INTERVAL_MAX[kind][rtype],
    )
    weekly_days = recurrence.get("weekly_days")
    if weekly_days is not None:
        if rtype != 2:
            raise ZoomConfigError("recurrence.weekly_days", "only applies to weekly recurrence (type 2)")
        days = weekly_days.split(",") if isinstance(weekly_days, str) else list(weekly_days)
        if not days:
            raise ZoomConfigError(
                "recurrence.weekly_days", "must name at least one day (1 Sunday .. 7 Saturday)"
            )
        checked = [
            check_choice("recurrence.weekly_days", check_int("recurrence.weekly_days", d), WEEKLY_DAYS)
            for d in days
        ]
        out["weekly_days"] = ",".join(str(d) for d in checked)
    monthly_day = check_int(
        "recurrence.monthly_day", recurrence.get("monthly_day"), minimum=1, maximum=MONTHLY_DAY_MAX
    )
    monthly_week = check_choice("recurrence.monthly_week", recurrence.get("monthly_week"), MONTHLY_WEEKS)
    monthly_week_day = check_choice(
        "recurrence.monthly_week_day", recurrence.get("monthly_week_day"), MONTHLY_WEEK_DAYS
    )
    if rtype != 3 and any(v is not None for v in (monthly_day, monthly_week, monthly_week_day)):
        raise ZoomConfigError(
            "recurrence.monthly_day", "monthly fields only apply to monthly recurrence (type 3)"
        )
    if monthly_day is not None and (monthly_week is not None or monthly_week_day is not None):
        raise ZoomConfigError(
            "recurrence.monthly_day", "give either monthly_day or monthly_week + monthly_week_day, not both"
        )
    if (monthly_week is None) != (monthly_week_day is None):
        raise ZoomConfigError("recurrence.monthly_week", "monthly_week and monthly_week_day go together")
    out.update(monthly_day=monthly_day, monthly_week=monthly_week, monthly_week_day=monthly_week_day)
    at_most_one(
        **{
            "recurrence.end_times": recurrence.get("end_times"),
            "recurrence.end_date_time": recurrence.get("end_date_time"),
        }
    )
    out["end_times"] = check_int(
        "recurrence.end_times",
        recurrence.get("end_times"),
        minimum=0 if kind == MEETING else 1,
        maximum=RECURRENCE_END_TIMES_MAX,
    )
    if recurrence.get("end_date_time") not in (None, ""):
        out["end_date_time"] = to_zoom_datetime(recurrence["end_date_time"], "recurrence.end_date_time")
    return {k: v for k, v in out.items() if v is not None}
