"""Meeting and webinar registrants: list, add, batch add, status changes, get and delete."""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Request, Response

from airflow_provider_zoom.testing.emulator import errors
from airflow_provider_zoom.testing.emulator.factories import add_registrant
from airflow_provider_zoom.testing.emulator.routes.common import json_body, paginate, state_of
from airflow_provider_zoom.testing.emulator.state import EmulatorState, public

router = APIRouter()

BATCH_MAX = 30
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_KINDS = {"meetings": "meeting", "webinars": "webinar"}


def _target(state: EmulatorState, kind: str, target_id: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    if kind == "meetings":
        target = state.get_meeting(target_id)
        return target, state.registrants.setdefault(target["id"], [])
    target = state.get_webinar(target_id)
    return target, state.webinar_registrants.setdefault(target["id"], [])


def _require_registration(kind: str, target: dict[str, Any]) -> None:
    if target["settings"].get("approval_type", 2) == 2:
        raise errors.ZoomError(
            404, 404, f"Registration has not been enabled for this {_KINDS[kind]}: {target['id']}."
        )


def _validate_registrant(body: Any, field: str = "") -> None:
    if not isinstance(body, dict):
        raise errors.invalid_field(field or "body", "A registrant must be an object.")
    email = body.get("email")
    if not isinstance(email, str) or not _EMAIL.match(email):
        raise errors.invalid_field(f"{field}email", f"Invalid email: {email!r}.")
    first_name = body.get("first_name")
    if not isinstance(first_name, str) or not first_name or len(first_name) > 64:
        raise errors.invalid_field(f"{field}first_name", "first_name is required (1 to 64 characters).")


def _render(registrant: dict[str, Any]) -> dict[str, Any]:
    return public(registrant)


def _list(
    request: Request,
    kind: str,
    target_id: str,
    status: str,
    occurrence_id: str | None,
    tracking_source_id: str | None,
    pages: tuple[int | None, int | None, str | None],
) -> dict[str, Any]:
    state = state_of(request)  # status is one of Zoom's (checked against the facts)
    page_size, page_number, next_page_token = pages
    with state.lock:
        _target_obj, registrants = _target(state, kind, target_id)
        items = [r for r in registrants if r["status"] == status]
        if occurrence_id:
            items = [r for r in items if not r["_occurrences"] or occurrence_id in r["_occurrences"]]
        if tracking_source_id:
            items = [r for r in items if r.get("_tracking_source_id") == tracking_source_id]
        return paginate(
            state,
            request,
            items,
            items_key="registrants",
            page_size=page_size,
            next_page_token=next_page_token,
            page_number=page_number,
            with_page_number=True,
            render=_render,
        )


def _add(
    state: EmulatorState, kind: str, target_id: str, body: Any, occurrence_ids: str | None
) -> dict[str, Any]:
    _validate_registrant(body)
    with state.lock:
        target, registrants = _target(state, kind, target_id)
        _require_registration(kind, target)
        status = "approved" if target["settings"].get("approval_type") == 0 else "pending"
        occurrences = [o for o in (occurrence_ids or "").split(",") if o]
        registrant = add_registrant(
            state, registrants, target, body, status=status, occurrence_ids=occurrences
        )
        return {
            "id": target["id"],
            "join_url": registrant["join_url"],
            "registrant_id": registrant["id"],
            "start_time": target["start_time"],
            "topic": target["topic"],
            "occurrences": [
                o
                for o in target.get("occurrences", [])
                if not occurrences or o["occurrence_id"] in occurrences
            ],
        }


def _batch_entries(body: Any) -> list[Any]:
    entries = body.get("registrants")
    if not isinstance(entries, list) or not entries:
        raise errors.invalid_field("registrants", "registrants must be a non-empty list.")
    if len(entries) > BATCH_MAX:
        raise errors.invalid_field(
            "registrants", f"At most {BATCH_MAX} registrants per request, got {len(entries)}."
        )
    for index, entry in enumerate(entries):
        _validate_registrant(entry, f"registrants[{index}].")
    return entries


def _batch(state: EmulatorState, kind: str, target_id: str, body: Any) -> dict[str, Any]:
    entries = _batch_entries(body)
    with state.lock:
        target, registrants = _target(state, kind, target_id)
        _require_registration(kind, target)
        if target["type"] not in (2, 5):
            raise errors.bad_request(
                f"Batch registration is only available for scheduled {_KINDS[kind]}s without recurrence."
            )
        auto = bool(body.get("auto_approve", False)) or target["settings"].get("approval_type") == 0
        created = [
            add_registrant(state, registrants, target, entry, status="approved" if auto else "pending")
            for entry in entries
        ]
        return {
            "registrants": [
                {"registrant_id": r["id"], "email": r["email"], "join_url": r["join_url"]} for r in created
            ]
        }


def _update_status(state: EmulatorState, kind: str, target_id: str, body: Any) -> None:
    action = body["action"]  # required, and one of Zoom's (checked against the facts)
    wanted = body.get("registrants") or []
    if not isinstance(wanted, list) or len(wanted) > BATCH_MAX:
        raise errors.invalid_field("registrants", f"registrants must be a list of at most {BATCH_MAX}.")
    with state.lock:
        _target_obj, registrants = _target(state, kind, target_id)
        ids = {w.get("id") for w in wanted if isinstance(w, dict)}
        emails = {str(w.get("email", "")).lower() for w in wanted if isinstance(w, dict)}
        for registrant in list(registrants):
            if registrant["id"] not in ids and registrant["email"].lower() not in emails:
                continue
            if action == "cancel":
                registrants.remove(registrant)
            else:
                registrant["status"] = "approved" if action == "approve" else "denied"


def _one(state: EmulatorState, kind: str, target_id: str, registrant_id: str, *, remove: bool = False) -> Any:
    """A registrant (removed from its list when ``remove``); Zoom's 404 when there is none."""
    with state.lock:
        _target_obj, registrants = _target(state, kind, target_id)
        for registrant in registrants:
            if registrant["id"] == registrant_id:
                if remove:
                    registrants.remove(registrant)
                return _render(registrant)
    raise errors.ZoomError(
        404, 3063 if kind == "meetings" else 3064, f"Registrant not found: {registrant_id}."
    )


for _kind in _KINDS:

    def _make(kind: str) -> None:
        base = f"/{kind}/{{target_id}}"

        @router.get(f"{base}/registrants")
        async def list_registrants(
            request: Request,
            target_id: str,
            status: str = "approved",
            occurrence_id: str | None = None,
            page_size: int | None = None,
            page_number: int | None = None,
            next_page_token: str | None = None,
            tracking_source_id: str | None = None,
        ) -> dict[str, Any]:
            pages = (page_size, page_number, next_page_token)
            return _list(request, kind, target_id, status, occurrence_id, tracking_source_id, pages)

        @router.post(f"{base}/registrants", status_code=201)
        async def add(request: Request, target_id: str, occurrence_ids: str | None = None) -> dict[str, Any]:
            return _add(state_of(request), kind, target_id, await json_body(request), occurrence_ids)

        @router.post(f"{base}/batch_registrants", status_code=201)
        async def batch(request: Request, target_id: str) -> dict[str, Any]:
            return _batch(state_of(request), kind, target_id, await json_body(request))

        @router.put(f"{base}/registrants/status", status_code=204)
        async def update_status(
            request: Request, target_id: str, occurrence_id: str | None = None
        ) -> Response:
            _update_status(state_of(request), kind, target_id, await json_body(request))
            return Response(status_code=204)

        @router.get(f"{base}/registrants/{{registrant_id}}")
        async def get_one(request: Request, target_id: str, registrant_id: str) -> dict[str, Any]:
            return _one(state_of(request), kind, target_id, registrant_id)

        @router.delete(f"{base}/registrants/{{registrant_id}}", status_code=204)
        async def delete_one(request: Request, target_id: str, registrant_id: str) -> Response:
            _one(state_of(request), kind, target_id, registrant_id, remove=True)
            return Response(status_code=204)

    _make(_kind)
