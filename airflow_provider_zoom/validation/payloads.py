"""
Request bodies for Zoom's meeting, webinar, registrant, panelist and user actions, checked before they
are sent.

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
    at_most_one,
    check_against_reference,
    check_bool,
    check_choice,
    check_email,
    check_int,
    check_mapping,
    check_text,
    require,
)

MEETING = "meeting"
WEBINAR = "webinar"


# The endpoint whose body each kind and action builds (True: create); every rule read below comes
# from Zoom's reference through the facts file.
SCHEDULE_ENDPOINTS = {
    (MEETING, True): ("POST", "/users/{userId}/meetings"),
    (MEETING, False): ("PATCH", "/meetings/{meetingId}"),
    (WEBINAR, True): ("POST", "/users/{userId}/webinars"),
    (WEBINAR, False): ("PATCH", "/webinars/{webinarId}"),
}
_MEETING_CREATE = _facts.endpoint(*SCHEDULE_ENDPOINTS[MEETING, True])
_WEBINAR_CREATE = _facts.endpoint(*SCHEDULE_ENDPOINTS[WEBINAR, True])
_REGISTRANT = {
    MEETING: _facts.endpoint("POST", "/meetings/{meetingId}/registrants"),
    WEBINAR: _facts.endpoint("POST", "/webinars/{webinarId}/registrants"),
}
_BATCH = _facts.endpoint("POST", "/meetings/{meetingId}/batch_registrants")
_STATUS = _facts.endpoint("PUT", "/meetings/{meetingId}/registrants/status")
_PANELISTS = _facts.endpoint("POST", "/webinars/{webinarId}/panelists")

MEETING_TYPES = _MEETING_CREATE.enum("body.type")
WEBINAR_TYPES = _WEBINAR_CREATE.enum("body.type")
RECURRING_FIXED_TYPES = {MEETING: 8, WEBINAR: 9}

TOPIC_MAX = _MEETING_CREATE.max_length("body.topic")
AGENDA_MAX = _MEETING_CREATE.max_length("body.agenda")
DURATION_MIN, DURATION_MAX = _MEETING_CREATE.bounds("body.duration")
# Inputs of ours that are not Zoom fields: merged into the body unchecked.
_PASS_THROUGH = ("settings_extra", "extra_fields")
# Zoom's current reference states only the passcode's length (its prose allows special characters
# beyond @ - _ *); the account's passcode settings may demand more, which only Zoom can check.
PASSWORD_MAX = _facts.stated(_MEETING_CREATE.max_length("body.password"), "body.password's maxLength")

# repeat_interval maxima per recurrence type (1 daily, 2 weekly, 3 monthly), per kind.
RECURRENCE_INTERVAL_MAX = {
    kind: {
        int(rtype): limit
        for rtype, limit in endpoint.field("body.recurrence.repeat_interval")[
            "x-maximum-by-recurrence-type"
        ].items()
    }
    for kind, endpoint in ((MEETING, _MEETING_CREATE), (WEBINAR, _WEBINAR_CREATE))
}
RECURRENCE_END_TIMES_MAX = _MEETING_CREATE.bounds("body.recurrence.end_times")[1]
RECURRENCE_TYPES = _MEETING_CREATE.enum("body.recurrence.type")
MONTHLY_WEEKS = _MEETING_CREATE.enum("body.recurrence.monthly_week")
MONTHLY_WEEK_DAYS = _MEETING_CREATE.enum("body.recurrence.monthly_week_day")
WEEKLY_DAYS = tuple(int(d) for d in _MEETING_CREATE.enum("body.recurrence.weekly_days"))
RECURRENCE_KEYS = set(_MEETING_CREATE.fields("body.recurrence"))
# Zoom's reference says so in prose only: monthly_day runs 1-31, and end_times 0 means no end
# (meetings only; webinars need at least one occurrence).
MONTHLY_DAY_MAX = 31

APPROVAL_TYPES = _MEETING_CREATE.enum("body.settings.approval_type")
REGISTRATION_TYPES = _MEETING_CREATE.enum("body.settings.registration_type")
AUDIO_TYPES = _MEETING_CREATE.enum("body.settings.audio")
AUTO_RECORDING = _MEETING_CREATE.enum("body.settings.auto_recording")

BATCH_REGISTRANTS_MAX = _facts.stated(_BATCH.max_items("body.registrants"), "batch registrants' maxItems")
BATCH_REGISTRANT_FIELDS = _BATCH.fields("body.registrants")
STATUS_REGISTRANTS_MAX = _facts.stated(_STATUS.max_items("body.registrants"), "status registrants' maxItems")
REGISTRANT_FIELDS = _REGISTRANT[MEETING].fields("body")
WEBINAR_REGISTRANT_FIELDS = _REGISTRANT[WEBINAR].fields("body")
REGISTRANT_NAME_MAX = _REGISTRANT[MEETING].max_length("body.first_name")
# Zoom lists "" among these enums (no answer); a blank value is simply not sent.
REGISTRANT_LANGUAGES = tuple(v for v in _REGISTRANT[MEETING].enum("body.language") if v)
PURCHASING_TIME_FRAMES = tuple(v for v in _REGISTRANT[MEETING].enum("body.purchasing_time_frame") if v)
PURCHASE_ROLES = tuple(v for v in _REGISTRANT[MEETING].enum("body.role_in_purchase_process") if v)
EMPLOYEE_COUNTS = tuple(v for v in _REGISTRANT[MEETING].enum("body.no_of_employees") if v)
REGISTRANT_STATUSES = _facts.enum("GET", "/meetings/{meetingId}/registrants", "query.status")
REGISTRANT_ACTIONS = _STATUS.enum("body.action")
# Zoom takes at most this many panelists per request (a webinar holds at most 100 on most plans).
PANELIST_BATCH_SIZE = _facts.stated(_PANELISTS.max_items("body.panelists"), "panelists' maxItems")
PANELIST_FIELDS = frozenset(_PANELISTS.fields("body.panelists"))


# ---------------------------------------------------------------------- meetings and webinars
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


def build_settings(
    settings: Any, settings_extra: Any = None, kind: str = MEETING, create: bool = True
) -> dict[str, Any] | None:
    """
    Check ``settings`` against the settings Zoom's reference lists and merge ``settings_extra``
    (anything else Zoom accepts, unchecked).

    An unknown key in ``settings`` is refused, naming ``settings_extra``, so a typo never goes
    silently unapplied.
    """
    named = check_mapping("settings", settings) or {}
    extra = check_mapping("settings_extra", settings_extra) or {}
    known = _facts.endpoint(*SCHEDULE_ENDPOINTS[kind, create]).field("body.settings")["properties"]
    out: dict[str, Any] = {}
    for key, value in named.items():
        field = f"settings.{key}"
        if key not in known:
            raise ZoomConfigError(
                field, f"is not a {kind} setting in Zoom's reference; pass it in settings_extra"
            )
        out[key] = _coerce(field, value, known[key])
    clash = sorted(set(out) & set(extra))
    if clash:
        raise ZoomConfigError(f"settings_extra.{clash[0]}", "is also given in settings; give it once")
    out = {k: v for k, v in out.items() if v is not None}
    out.update(extra)
    return out or None


def _coerce(field: str, value: Any, schema: Mapping[str, Any]) -> Any:
    """Accept templated text for booleans and enum numbers; lists must be lists."""
    kind = schema.get("type")
    if value is None:
        return None
    if kind == "boolean":
        return check_bool(field, value)
    if schema.get("enum"):
        return check_choice(field, value, schema["enum"])
    if kind == "array" and (isinstance(value, (str, Mapping)) or not isinstance(value, Iterable)):
        raise ZoomConfigError(field, f"must be a list, got {value!r}")
    if kind == "array":
        return list(value)
    return value


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


class WebinarFields(TypedDict, total=False):
    """
    A webinar's fields, as creating and updating it take them; each is optional.

    ``ZoomHook.create_webinar``/``update_webinar`` and their operators take them as keywords;
    :func:`build_meeting_payload` checks them against Zoom's reference before they are sent.

    :param topic: the webinar's topic (at most 200 characters).
    :param type: 5 webinar (Zoom's default), 6 recurring with no fixed time, 9 recurring with a
        fixed time (needs ``recurrence``).
    :param start_time: a datetime or ISO 8601 text; sent in UTC, or as wall-clock time in
        ``timezone`` when it has no offset.
    :param duration: minutes.
    :param timezone: IANA time zone, e.g. ``Europe/Berlin``.
    :param password: passcode: at most 10 characters (the account's passcode rules may ask for more).
    :param agenda: description, at most 2,000 characters.
    :param recurrence: as for meetings (type 1 daily, 2 weekly, 3 monthly; repeat_interval at most
        90 days, 12 weeks or 3 months; end_times 1-60).
    :param settings: checked settings: host_video, panelists_video, practice_session, hd_video,
        on_demand, approval_type (0/1/2), registration_type (1/2/3), registrants_email_notification,
        audio, auto_recording, global_dial_in_countries, ... (any webinar setting of Zoom's
        reference; an unknown key is refused).
    :param settings_extra: any other webinar setting, sent unchecked.
    :param default_passcode: let Zoom generate a passcode (create only: Zoom's update body refuses it).
    :param schedule_for: schedule on behalf of this user (email or id).
    :param template_id: create from this webinar template (create only: Zoom's update body refuses it).
    :param tracking_fields: ``[{"field": ..., "value": ...}]``.
    :param extra_fields: top-level fields Zoom added later (e.g. ``is_simulive``), sent as-is.
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
    default_passcode: bool
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
    zoom_fields = endpoint.fields("body")
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
    recurrence = build_recurrence(fields.get("recurrence"), kind)
    body["recurrence"] = recurrence
    mtype = body["type"]
    if create and mtype == RECURRING_FIXED_TYPES[kind] and recurrence is None:
        raise ZoomConfigError(
            "recurrence", f"is required for a recurring {kind} with a fixed time (type {mtype})"
        )
    if recurrence is not None and mtype is not None and mtype != RECURRING_FIXED_TYPES[kind]:
        raise ZoomConfigError(
            "recurrence",
            f"only applies to type {RECURRING_FIXED_TYPES[kind]} (recurring, fixed time), got type {mtype}",
        )
    body["settings"] = build_settings(fields.get("settings"), None, kind, create)
    tracking = fields.get("tracking_fields")
    if tracking is not None:
        if isinstance(tracking, (str, Mapping)) or not isinstance(tracking, Iterable):
            raise ZoomConfigError("tracking_fields", "must be a list of {'field': ..., 'value': ...}")
        tracking = list(tracking)
        for i, item in enumerate(tracking):
            if not isinstance(item, Mapping) or not item.get("field"):
                raise ZoomConfigError(f"tracking_fields[{i}].field", "is required")
        body["tracking_fields"] = tracking
    body = {k: v for k, v in body.items() if v is not None}
    check_against_reference(endpoint, body)
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
    body.update(extra)
    if not create and not body:
        raise ZoomConfigError("fields", f"nothing to update: give at least one {kind} field")
    return body


# ---------------------------------------------------------------------- registrants
def _where(row: int | None) -> str:
    return f"registrants[{row}]." if row is not None else ""


def build_registrant(
    fields: Mapping[str, Any],
    *,
    kind: str = MEETING,
    row: int | None = None,
    batch: bool = False,
    drop_unknown: bool = False,
) -> dict[str, Any]:
    """
    Check one registrant (email and first_name are required) and return the body to send.

    :param row: the registrant's position (list index or file row number), named in errors.
    :param batch: allow only the fields Zoom's batch endpoint takes (email, first_name, last_name).
    :param drop_unknown: leave other fields out instead of refusing them (extra columns of a file).
    """
    where = _where(row)
    if not isinstance(fields, Mapping):
        raise ZoomConfigError(
            where.rstrip(".") or "registrant", f"must be a dict, got {type(fields).__name__}"
        )
    allowed = (
        BATCH_REGISTRANT_FIELDS
        if batch
        else (WEBINAR_REGISTRANT_FIELDS if kind == WEBINAR else REGISTRANT_FIELDS)
    )
    unknown = sorted(k for k, v in fields.items() if k not in allowed and v not in (None, ""))
    if unknown and not drop_unknown:
        if batch:
            raise ZoomConfigError(
                f"{where}{unknown[0]}",
                "Zoom's batch registration takes only email, first_name and last_name; "
                "add such registrants one by one to send more fields",
            )
        raise ZoomConfigError(
            f"{where}{unknown[0]}", f"is not a registrant field; allowed: {', '.join(allowed)}"
        )
    out = {k: v for k, v in fields.items() if k in allowed and v not in (None, "")}
    out["email"] = check_email(f"{where}email", fields.get("email"))
    require(f"{where}first_name", fields.get("first_name"))
    out["first_name"] = str(fields["first_name"]).strip()
    if batch:
        problems = _facts.check_value(_BATCH.field("body.registrants")["items"], out, where.rstrip("."))
        if problems:
            raise ZoomConfigError(problems[0].field, problems[0].message)
        return out
    check_choice(f"{where}language", out.get("language"), REGISTRANT_LANGUAGES)
    check_choice(f"{where}purchasing_time_frame", out.get("purchasing_time_frame"), PURCHASING_TIME_FRAMES)
    check_choice(f"{where}role_in_purchase_process", out.get("role_in_purchase_process"), PURCHASE_ROLES)
    check_choice(f"{where}no_of_employees", out.get("no_of_employees"), EMPLOYEE_COUNTS)
    if "auto_approve" in out:
        out["auto_approve"] = check_bool(f"{where}auto_approve", out["auto_approve"])
    questions = out.get("custom_questions")
    if questions is not None:
        if isinstance(questions, (str, Mapping)) or not isinstance(questions, Iterable):
            raise ZoomConfigError(
                f"{where}custom_questions", "must be a list of {'title': ..., 'value': ...}"
            )
        questions = list(questions)
        for i, item in enumerate(questions):
            if not isinstance(item, Mapping) or not item.get("title"):
                raise ZoomConfigError(f"{where}custom_questions[{i}].title", "is required")
        out["custom_questions"] = questions
    problems = _facts.check_value(_REGISTRANT[kind].body, out, where.rstrip("."))
    if problems:
        raise ZoomConfigError(problems[0].field, problems[0].message)
    return out


def validate_registrants(
    registrants: Iterable[Mapping[str, Any]], *, kind: str = MEETING, batch: bool = True, first_row: int = 0
) -> list[dict[str, Any]]:
    """Check every registrant before any is sent; errors name the row (``registrants[3].email``)."""
    if isinstance(registrants, (str, Mapping)) or not isinstance(registrants, Iterable):
        raise ZoomConfigError("registrants", "must be a list of dicts")
    return [
        build_registrant(row, kind=kind, row=first_row + i, batch=batch) for i, row in enumerate(registrants)
    ]


def build_status_registrants(registrants: Any) -> list[dict[str, Any]]:
    """The ``registrants`` of a status update: each needs an ``id`` and/or an ``email``."""
    if isinstance(registrants, (str, Mapping)) or not isinstance(registrants, Iterable):
        raise ZoomConfigError("registrants", "must be a list of {'id': ..., 'email': ...}")
    out = []
    for i, item in enumerate(registrants):
        if not isinstance(item, Mapping) or not (item.get("id") or item.get("email")):
            raise ZoomConfigError(f"registrants[{i}]", "needs an 'id' or an 'email'")
        entry = {k: item[k] for k in ("id", "email") if item.get(k)}
        if "email" in entry:
            check_email(f"registrants[{i}].email", entry["email"])
        out.append(entry)
    if not out:
        raise ZoomConfigError("registrants", "is required: name at least one registrant")
    return out


# ---------------------------------------------------------------------- panelists
def check_panelists(panelists: Any) -> list[dict[str, Any]]:
    """
    Check webinar panelist entries (``name`` and ``email`` required) before any request.

    :raises ZoomConfigError: naming the entry and field at fault.
    """
    if isinstance(panelists, Mapping | str | bytes) or not isinstance(panelists, Iterable):
        raise ZoomConfigError("panelists", f"must be a list of {{name, email}} objects, got {panelists!r}")
    entries = list(panelists)
    if not entries:
        raise ZoomConfigError("panelists", "must hold at least one panelist")
    checked = []
    for index, entry in enumerate(entries):
        field = f"panelists[{index}]"
        if not isinstance(entry, Mapping):
            raise ZoomConfigError(field, f"must be an object with name and email, got {entry!r}")
        for key in ("name", "email"):
            value = entry.get(key)
            if not isinstance(value, str) or not value.strip():
                raise ZoomConfigError(f"{field}.{key}", "is required and must be non-empty text")
        if "@" not in entry["email"]:
            raise ZoomConfigError(f"{field}.email", f"is not an email address: {entry['email']!r}")
        unknown = sorted(set(entry) - PANELIST_FIELDS)
        if unknown:
            raise ZoomConfigError(
                f"{field}", f"unknown field(s) {', '.join(unknown)}; Zoom accepts {sorted(PANELIST_FIELDS)}"
            )
        checked.append(dict(entry))
    return checked


def chunks(items: list[Any], size: int = BATCH_REGISTRANTS_MAX) -> Iterable[list[Any]]:
    """Split a list into Zoom's per-call batch size."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


# Users. Zoom's SDK types (the only reference for users) type these as plain text or numbers; the
# values and the name length come from Zoom's Users API reference pages.
USER_CREATE_ACTIONS = ("create", "autoCreate", "custCreate", "ssoCreate")
# 1 Basic, 2 Licensed, 4 Unassigned without Meetings Basic, 99 None (ssoCreate only).
USER_TYPES = (1, 2, 4, 99)
USER_DELETE_ACTIONS = ("disassociate", "delete")
USER_STATUSES = ("active", "inactive", "pending")
USER_INCLUDE_FIELDS = ("custom_attributes", "host_key")
USER_NAME_MAX = 64
USER_INFO_KEYS = _facts.endpoint("POST", "/users").fields("body.user_info")
USER_PROFILE_FIELDS = _facts.endpoint("PATCH", "/users/{userId}").fields("body")


def build_user_info(user_info: Any, action: str) -> dict[str, Any]:
    """
    The ``user_info`` of a user to create with ``action``, checked.

    :raises ZoomConfigError: naming the first key that Zoom would refuse (``user_info.email``, ...).
    """
    info = check_mapping("user_info", require("user_info", user_info)) or {}
    unknown = sorted(set(info) - set(USER_INFO_KEYS))
    if unknown:
        raise ZoomConfigError(f"user_info.{unknown[0]}", f"unknown key; allowed: {', '.join(USER_INFO_KEYS)}")
    out = dict(info)
    out["email"] = check_email("user_info.email", info.get("email"))
    out["type"] = check_choice("user_info.type", require("user_info.type", info.get("type")), USER_TYPES)
    if out["type"] == 99 and action != "ssoCreate":
        raise ZoomConfigError("user_info.type", "99 (no user type) can only be used with action 'ssoCreate'")
    for name in ("first_name", "last_name"):
        check_text(f"user_info.{name}", info.get(name), max_length=USER_NAME_MAX)
    if info.get("password") is not None and action != "autoCreate":
        raise ZoomConfigError("user_info.password", "is only used with action 'autoCreate'")
    feature = check_mapping("user_info.feature", info.get("feature"))
    if feature is not None:
        feature["zoom_phone"] = check_bool("user_info.feature.zoom_phone", feature.get("zoom_phone"))
        out["feature"] = {k: v for k, v in feature.items() if v is not None}
    return {k: v for k, v in out.items() if v is not None}


def build_user_profile(fields: Mapping[str, Any]) -> dict[str, Any]:
    """
    The body of a user profile update: Zoom's profile fields, checked, plus ``extra_fields`` as given.

    :raises ZoomConfigError: naming the first field Zoom would refuse, or ``fields`` when none is given.
    """
    extra = check_mapping("extra_fields", fields.get("extra_fields")) or {}
    given = {k: v for k, v in fields.items() if k != "extra_fields" and v is not None}
    unknown = sorted(set(given) - set(USER_PROFILE_FIELDS))
    if unknown:
        raise ZoomConfigError(unknown[0], "is not a user profile field; pass newer fields in extra_fields")
    out = dict(given)
    for name in ("first_name", "last_name"):
        check_text(name, given.get(name), max_length=USER_NAME_MAX)
    if "type" in given:
        out["type"] = check_choice("type", given["type"], USER_TYPES)
    if "pmi" in given:
        # Zoom's personal meeting ID: 10 digits, not starting with 0 or 1.
        text = str(given["pmi"])
        if not (text.isdigit() and len(text) == 10 and text[0] not in "01"):
            raise ZoomConfigError("pmi", f"must be 10 digits not starting with 0 or 1, got {given['pmi']!r}")
        out["pmi"] = int(text)
    if "host_key" in given:
        text = str(given["host_key"])
        if not (text.isdigit() and 6 <= len(text) <= 10):
            raise ZoomConfigError("host_key", "must be 6 to 10 digits")
    if "use_pmi" in given:
        out["use_pmi"] = check_bool("use_pmi", given["use_pmi"])
    out.update(extra)
    if not out:
        raise ZoomConfigError("fields", "nothing to update: give at least one profile field")
    return out
