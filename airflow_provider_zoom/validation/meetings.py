"""
A meeting's (or webinar's) create and update body, checked before it is sent: its fields, start time,
time zone and passcode, with its recurrence and settings checked by their own modules.

One place for every rule Zoom would otherwise answer with a 300/400 after a round trip: the hook's
create/update methods and the operators (which call them after templating) share it.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from typing import Any, TypedDict

from airflow_provider_zoom._contract import facts as _facts
from airflow_provider_zoom._values.dates import to_zoom_datetime
from airflow_provider_zoom.exceptions import ZoomConfigError
from airflow_provider_zoom.validation.checks import (
    check_against_reference,
    check_bool,
    check_choice,
    check_int,
    check_mapping,
    check_text,
)
from airflow_provider_zoom.validation.kinds import (
    MEETING,
    MEETING_CREATE,
    RECURRING_FIXED_TYPES,
    SCHEDULE_ENDPOINTS,
)
from airflow_provider_zoom.validation.recurrence import build_recurrence
from airflow_provider_zoom.validation.settings import build_settings

TOPIC_MAX = MEETING_CREATE.max_length("body.topic")
AGENDA_MAX = MEETING_CREATE.max_length("body.agenda")
DURATION_MIN, DURATION_MAX = MEETING_CREATE.bounds("body.duration")
# Inputs of ours that are not Zoom fields: merged into the body unchecked.
_PASS_THROUGH = ("settings_extra", "extra_fields")
# Zoom's current reference states only the passcode's length (its prose allows special characters
# beyond @ - _ *); the account's passcode settings may demand more, which only Zoom can check.
PASSWORD_MAX = _facts.stated(MEETING_CREATE.max_length("body.password"), "body.password's maxLength")


def _start_time(value: Any, timezone: str | None) -> str:
    """
    ``start_time`` as Zoom reads it.

    With a ``timezone``, a datetime without an offset is wall-clock time in that zone, which Zoom
    wants as ``yyyy-MM-ddTHH:mm:ss`` (no ``Z``); anything else is sent in UTC with ``Z``.
    """
    if timezone:
        naive: dt.datetime | None = None
        if isinstance(value, dt.datetime) and value.tzinfo is None:
            naive = value
        elif isinstance(value, str):
            text = value.strip()
            try:
                parsed = dt.datetime.fromisoformat(text)
            except ValueError:
                parsed = None
            if parsed is not None and parsed.tzinfo is None and not text.endswith("Z"):
                naive = parsed
        if naive is not None:
            return naive.strftime("%Y-%m-%dT%H:%M:%S")
    return to_zoom_datetime(value, "start_time")


@functools.cache
def _known_timezones() -> frozenset[str]:
    import zoneinfo

    return frozenset(zoneinfo.available_timezones())


def _check_timezone(value: Any) -> str | None:
    if value is None:
        return None
    check_text("timezone", value)
    known = _known_timezones()
    # Without tz data on the machine nothing can be checked; Zoom decides then.
    if known and value not in known and value != "UTC":
        raise ZoomConfigError(
            "timezone", f"is not a known IANA time zone (e.g. 'America/New_York'): {value!r}"
        )
    return value


def _check_password(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value)
    if len(text) > PASSWORD_MAX:
        raise ZoomConfigError("password", f"must be at most {PASSWORD_MAX} characters, got {len(text)}")
    return text


class MeetingFields(TypedDict, total=False):
    """
    A meeting's fields, as creating and updating it take them; each is optional.

    ``ZoomHook.create_meeting``/``update_meeting`` and their operators take them as keywords;
    :func:`build_meeting_payload` checks them against Zoom's reference before they are sent.

    :param topic: the meeting's topic (at most 200 characters).
    :param type: 1 instant, 2 scheduled (Zoom's default), 3 recurring with no fixed time,
        8 recurring with a fixed time (needs ``recurrence``), 10 screen share only.
    :param start_time: a datetime, pendulum datetime or ISO 8601 text; sent in UTC
        (``yyyy-MM-ddTHH:mm:ssZ``), or as wall-clock time in ``timezone`` when it has no offset.
    :param duration: minutes.
    :param timezone: IANA time zone, e.g. ``Europe/Berlin``.
    :param password: passcode: at most 10 characters (the account's passcode rules may ask for more).
    :param agenda: description, at most 2,000 characters.
    :param recurrence: ``{"type": 1|2|3, "repeat_interval", "weekly_days", "monthly_day",
        "monthly_week", "monthly_week_day", "end_times" | "end_date_time"}``; repeat_interval at most
        99 days, 50 weeks or 10 months; end_times at most 60.
    :param settings: checked settings: host_video, participant_video, join_before_host,
        mute_upon_entry, watermark, use_pmi, approval_type (0/1/2), registration_type (1/2/3),
        registrants_email_notification, audio (both/telephony/voip/thirdParty),
        auto_recording (local/cloud/none), global_dial_in_countries, ... (any setting of Zoom's
        reference; an unknown key is refused).
    :param settings_extra: any other setting Zoom accepts, sent unchecked.
    :param default_password: let Zoom generate a passcode (create only: Zoom's update body refuses it).
    :param pre_schedule: create a pre-scheduled meeting (GSuite add-on).
    :param schedule_for: schedule on behalf of this user (email or id).
    :param template_id: create from (or apply) this meeting template.
    :param tracking_fields: ``[{"field": ..., "value": ...}]``.
    :param extra_fields: top-level fields Zoom added later, sent as-is.
    """

    topic: str
    type: int
    start_time: dt.datetime | str
    duration: int
    timezone: str
    password: str
    agenda: str
    recurrence: dict[str, Any]
    settings: dict[str, Any]
    settings_extra: dict[str, Any]
    default_password: bool
    pre_schedule: bool
    schedule_for: str
    template_id: str
    tracking_fields: list[dict[str, Any]]
    extra_fields: dict[str, Any]


def build_meeting_payload(fields: Mapping[str, Any], *, kind: str = MEETING, create: bool = True) -> dict:
    """
    The JSON body for creating (``create=True``) or updating a meeting or webinar.

    Which fields exist, their enums, bounds and lengths are Zoom's reference (the facts file) for
    that kind and action; the body is checked against it before it is sent.

    :param fields: the body fields as Zoom names them (topic, type, start_time, duration, timezone,
        password, agenda, recurrence, settings, schedule_for, template_id, tracking_fields, and for
        meetings default_password and pre_schedule, for webinars default_passcode, ...), plus
        ``settings_extra`` (settings sent unchecked) and ``extra_fields`` (a dict sent as-is for
        fields Zoom adds later).
    :param kind: ``meeting`` or ``webinar``.
    :raises ZoomConfigError: naming the first field Zoom would reject.
    """
    endpoint = _facts.endpoint(*SCHEDULE_ENDPOINTS[kind, create])
    _refuse_unknown_fields(fields, endpoint.fields("body"), kind=kind, create=create)
    body = _named_fields(fields, endpoint)
    body["recurrence"] = _recurrence(fields.get("recurrence"), body["type"], kind=kind, create=create)
    body["settings"] = build_settings(fields.get("settings"), None, kind, create)
    body["tracking_fields"] = _tracking_fields(fields.get("tracking_fields"))
    body = {k: v for k, v in body.items() if v is not None}
    check_against_reference(endpoint, body)
    body = _with_extras(body, fields)
    if not create and not body:
        raise ZoomConfigError("fields", f"nothing to update: give at least one {kind} field")
    return body


def _refuse_unknown_fields(
    fields: Mapping[str, Any], zoom_fields: Iterable[str], *, kind: str, create: bool
) -> None:
    zoom_fields = list(zoom_fields)
    unknown = sorted(
        k for k, v in fields.items() if k not in zoom_fields and k not in _PASS_THROUGH and v is not None
    )
    if unknown:
        action = "create" if create else "update"
        raise ZoomConfigError(
            unknown[0],
            f"is not a field of Zoom's {kind} {action} body (it takes {', '.join(zoom_fields)}); "
            "pass fields Zoom added later in extra_fields",
        )


def _named_fields(fields: Mapping[str, Any], endpoint: _facts.Endpoint) -> dict[str, Any]:
    """The body's plain fields (texts, numbers, switches, start time), each checked."""
    zoom_fields = endpoint.fields("body")
    body: dict[str, Any] = {k: v for k, v in fields.items() if k in zoom_fields and v is not None}
    body.update(
        topic=check_text("topic", fields.get("topic"), max_length=endpoint.max_length("body.topic")),
        type=check_choice("type", fields.get("type"), endpoint.enum("body.type")),
        duration=check_int("duration", fields.get("duration"), minimum=1),
        timezone=_check_timezone(fields.get("timezone")),
        password=_check_password(fields.get("password")),
        agenda=check_text("agenda", fields.get("agenda"), max_length=endpoint.max_length("body.agenda")),
        schedule_for=check_text("schedule_for", fields.get("schedule_for")),
    )
    for flag in ("default_password", "default_passcode", "pre_schedule"):
        if flag in body:
            body[flag] = check_bool(flag, body[flag])
    if fields.get("start_time") not in (None, ""):
        body["start_time"] = _start_time(fields["start_time"], body["timezone"])
    return body


def _recurrence(value: Any, mtype: Any, *, kind: str, create: bool) -> dict[str, Any] | None:
    """The checked ``recurrence``, which only (and, on create, always) goes with the recurring type."""
    recurrence = build_recurrence(value, kind)
    fixed = RECURRING_FIXED_TYPES[kind]
    if create and mtype == fixed and recurrence is None:
        raise ZoomConfigError(
            "recurrence", f"is required for a recurring {kind} with a fixed time (type {mtype})"
        )
    if recurrence is not None and mtype is not None and mtype != fixed:
        raise ZoomConfigError(
            "recurrence", f"only applies to type {fixed} (recurring, fixed time), got type {mtype}"
        )
    return recurrence


def _tracking_fields(tracking: Any) -> list[Any] | None:
    if tracking is None:
        return None
    if isinstance(tracking, (str, Mapping)) or not isinstance(tracking, Iterable):
        raise ZoomConfigError("tracking_fields", "must be a list of {'field': ..., 'value': ...}")
    tracking = list(tracking)
    for i, item in enumerate(tracking):
        if not isinstance(item, Mapping) or not item.get("field"):
            raise ZoomConfigError(f"tracking_fields[{i}].field", "is required")
    return tracking


def _with_extras(body: dict[str, Any], fields: Mapping[str, Any]) -> dict[str, Any]:
    """Merge ``settings_extra`` and ``extra_fields`` (sent unchecked); a name given twice is refused."""
    settings_extra = check_mapping("settings_extra", fields.get("settings_extra")) or {}
    if settings_extra:
        clash = sorted(set(body.get("settings") or {}) & set(settings_extra))
        if clash:
            raise ZoomConfigError(f"settings_extra.{clash[0]}", "is also given in settings; give it once")
        body["settings"] = {**(body.get("settings") or {}), **settings_extra}
    extra = check_mapping("extra_fields", fields.get("extra_fields")) or {}
    clash = sorted(set(body) & set(extra))
    if clash:
        raise ZoomConfigError(f"extra_fields.{clash[0]}", "is a named field; give it once")
    return {**body, **extra}
