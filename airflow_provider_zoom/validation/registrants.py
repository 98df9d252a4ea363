"""Meeting and webinar registrants: one registrant, a batch of them, and status updates."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from airflow_provider_zoom._contract import facts as _facts
from airflow_provider_zoom.exceptions import ZoomConfigError
from airflow_provider_zoom.validation.checks import check_bool, check_choice, check_email, require
from airflow_provider_zoom.validation.kinds import MEETING, WEBINAR

_REGISTRANT = {
    MEETING: _facts.endpoint("POST", "/meetings/{meetingId}/registrants"),
    WEBINAR: _facts.endpoint("POST", "/webinars/{webinarId}/registrants"),
}
_BATCH = _facts.endpoint("POST", "/meetings/{meetingId}/batch_registrants")
_STATUS = _facts.endpoint("PUT", "/meetings/{meetingId}/registrants/status")

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
    if not drop_unknown:
        _refuse_unknown(fields, allowed, where, batch=batch)
    out = {k: v for k, v in fields.items() if k in allowed and v not in (None, "")}
    out["email"] = check_email(f"{where}email", fields.get("email"))
    require(f"{where}first_name", fields.get("first_name"))
    out["first_name"] = str(fields["first_name"]).strip()
    if batch:
        _check_against(_BATCH.field("body.registrants")["items"], out, where)
        return out
    check_choice(f"{where}language", out.get("language"), REGISTRANT_LANGUAGES)
    check_choice(f"{where}purchasing_time_frame", out.get("purchasing_time_frame"), PURCHASING_TIME_FRAMES)
    check_choice(f"{where}role_in_purchase_process", out.get("role_in_purchase_process"), PURCHASE_ROLES)
    check_choice(f"{where}no_of_employees", out.get("no_of_employees"), EMPLOYEE_COUNTS)
    if "auto_approve" in out:
        out["auto_approve"] = check_bool(f"{where}auto_approve", out["auto_approve"])
    if out.get("custom_questions") is not None:
        out["custom_questions"] = _custom_questions(out["custom_questions"], where)
    _check_against(_REGISTRANT[kind].body, out, where)
    return out


def _refuse_unknown(fields: Mapping[str, Any], allowed: Iterable[str], where: str, *, batch: bool) -> None:
    allowed = list(allowed)
    unknown = sorted(k for k, v in fields.items() if k not in allowed and v not in (None, ""))
    if not unknown:
        return
    if batch:
        raise ZoomConfigError(
            f"{where}{unknown[0]}",
            "Zoom's batch registration takes only email, first_name and last_name; "
            "add such registrants one by one to send more fields",
        )
    raise ZoomConfigError(f"{where}{unknown[0]}", f"is not a registrant field; allowed: {', '.join(allowed)}")


def _custom_questions(questions: Any, where: str) -> list[Any]:
    if isinstance(questions, (str, Mapping)) or not isinstance(questions, Iterable):
        raise ZoomConfigError(f"{where}custom_questions", "must be a list of {'title': ..., 'value': ...}")
    questions = list(questions)
    for i, item in enumerate(questions):
        if not isinstance(item, Mapping) or not item.get("title"):
            raise ZoomConfigError(f"{where}custom_questions[{i}].title", "is required")
    return questions


def _check_against(schema: Mapping[str, Any] | None, out: Mapping[str, Any], where: str) -> None:
    """Check the registrant against Zoom's reference for its endpoint; raise the first problem."""
    problems = _facts.check_value(schema, out, where.rstrip("."))
    if problems:
        raise ZoomConfigError(problems[0].field, problems[0].message)


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


def chunks(items: list[Any], size: int = BATCH_REGISTRANTS_MAX) -> Iterable[list[Any]]:
    """Split a list into Zoom's per-call batch size."""
    for start in range(0, len(items), size):
        yield items[start : start + size]
