"""Meeting and webinar registrants: add one, add many in batches, list, approve/deny/cancel."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from airflow_provider_zoom._http.paths import WEBINAR_REGISTRANTS_PATH, api_path
from airflow_provider_zoom.exceptions import ZoomConfigError
from airflow_provider_zoom.hooks._resources.base import ZoomApiBase, drop_none
from airflow_provider_zoom.validation import (
    BATCH_REGISTRANTS_MAX,
    MEETING,
    REGISTRANT_ACTIONS,
    REGISTRANT_STATUSES,
    STATUS_REGISTRANTS_MAX,
    WEBINAR,
    build_registrant,
    build_status_registrants,
    check_bool,
    check_choice,
    check_mapping,
    chunks,
    id_list,
    require,
    validate_registrants,
)

# One template per kind keeps meeting and webinar registrants on a single code path.
_PATHS = {
    MEETING: (
        "/meetings/{meeting_id}/registrants",
        "/meetings/{meeting_id}/batch_registrants",
        "/meetings/{meeting_id}/registrants/status",
    ),
    WEBINAR: (
        WEBINAR_REGISTRANTS_PATH,
        "/webinars/{webinar_id}/batch_registrants",
        "/webinars/{webinar_id}/registrants/status",
    ),
}


class RegistrantsMixin(ZoomApiBase):
    """Registrant actions (``meeting:write:registrant:admin``, ``webinar:write:registrant:admin``, ...)."""

    # ------------------------------------------------------------------ shared implementation
    def _add_registrant(
        self, kind: str, owner_id: Any, registrant: Any, occurrence_ids: Any, fields: dict[str, Any]
    ) -> dict[str, Any]:
        path = api_path(_PATHS[kind][0], **{f"{kind}_id": owner_id})
        if registrant is None and not fields:
            raise ZoomConfigError("registrant", "is required: give at least email and first_name")
        body = build_registrant({**(check_mapping("registrant", registrant) or {}), **fields}, kind=kind)
        return self.request(
            "POST",
            path,
            params=drop_none({"occurrence_ids": id_list("occurrence_ids", occurrence_ids)}),
            json=body,
        )

    def _add_registrants(
        self,
        kind: str,
        owner_id: Any,
        registrants: Iterable[Mapping[str, Any]],
        extra: dict[str, Any],
    ) -> list[dict[str, Any]]:
        path = api_path(_PATHS[kind][1], **{f"{kind}_id": owner_id})
        rows = validate_registrants(registrants, kind=kind)
        if not rows:
            raise ZoomConfigError("registrants", "is empty: nothing to add")
        added: list[dict[str, Any]] = []
        for batch in chunks(rows, BATCH_REGISTRANTS_MAX):
            reply = self.request("POST", path, json={**drop_none(extra), "registrants": batch})
            added.extend(reply.get("registrants") or [])
        return added

    def _list_registrants(
        self, kind: str, owner_id: Any, params: dict[str, Any], max_results: int | None
    ) -> list[dict[str, Any]]:
        path = api_path(_PATHS[kind][0], **{f"{kind}_id": owner_id})
        params["status"] = check_choice("status", params.get("status"), REGISTRANT_STATUSES)
        return list(
            self.paginate(path, items_key="registrants", params=drop_none(params), max_results=max_results)
        )

    def _update_registrant_status(
        self, kind: str, owner_id: Any, action: str, registrants: Any, occurrence_id: str | None
    ) -> dict[str, Any]:
        path = api_path(_PATHS[kind][2], **{f"{kind}_id": owner_id})
        check_choice("action", require("action", action), REGISTRANT_ACTIONS)
        entries = build_status_registrants(registrants)
        params = drop_none({"occurrence_id": occurrence_id})
        for batch in chunks(entries, STATUS_REGISTRANTS_MAX):
            self.request("PUT", path, params=params, json={"action": action, "registrants": batch})
        return {"action": action, "registrants": entries}

    # ------------------------------------------------------------------ meetings
    def add_meeting_registrant(
        self,
        meeting_id: int | str,
        registrant: Mapping[str, Any] | None = None,
        *,
        occurrence_ids: str | list[str] | None = None,
        **fields: Any,
    ) -> dict[str, Any]:
        """
        Register one person for a meeting (scope ``meeting:write:registrant:admin``). The meeting
        needs registration enabled (``settings.approval_type`` 0 or 1).

        :param meeting_id: the meeting id.
        :param registrant: Zoom's registrant fields: ``email`` and ``first_name`` (required), last_name,
            address, city, state, zip, country, phone, comments, custom_questions, industry, job_title,
            no_of_employees, org, purchasing_time_frame, role_in_purchase_process, language,
            auto_approve; checked before the request.
        :param occurrence_ids: occurrences of a recurring meeting (list or comma-separated text).
        :param fields: the registrant's fields as keywords instead (``email=..., first_name=...``).
        :return: ``id``, ``registrant_id``, ``join_url``, ``topic``, ``start_time``, ...
        """
        return self._add_registrant(MEETING, meeting_id, registrant, occurrence_ids, fields)

    def add_meeting_registrants(
        self,
        meeting_id: int | str,
        registrants: Iterable[Mapping[str, Any]],
        *,
        auto_approve: bool | None = None,
        registrants_confirmation_email: bool | None = None,
    ) -> list[dict[str, Any]]:
        """
        Register many people, 30 per call through ``batch_registrants`` (scope
        ``meeting:write:batch_registrants:admin``; the meeting's registration type must be 1).

        Every row is checked before the first call, so a bad row never leaves a half-loaded list.

        :param meeting_id: the meeting id.
        :param registrants: dicts with ``email``, ``first_name`` and optionally ``last_name``.
        :param auto_approve: approve them without the host's manual approval.
        :param registrants_confirmation_email: send Zoom's confirmation email.
        :return: ``[{"registrant_id", "email", "join_url"}]`` for every registrant added.
        """
        extra = {
            "auto_approve": check_bool("auto_approve", auto_approve),
            "registrants_confirmation_email": check_bool(
                "registrants_confirmation_email", registrants_confirmation_email
            ),
        }
        return self._add_registrants(MEETING, meeting_id, registrants, extra)

    def list_meeting_registrants(
        self,
        meeting_id: int | str,
        *,
        occurrence_id: str | None = None,
        status: str | None = None,
        max_results: int | None = None,
    ) -> list[dict[str, Any]]:
        """
        A meeting's registrants, all pages (scope ``meeting:read:list_registrants:admin``).

        :param meeting_id: the meeting id.
        :param occurrence_id: registrants of this occurrence.
        :param status: ``pending``, ``approved`` (Zoom's default) or ``denied``.
        :param max_results: stop after this many registrants.
        """
        params = {"occurrence_id": occurrence_id, "status": status}
        return self._list_registrants(MEETING, meeting_id, params, max_results)

    def update_meeting_registrant_status(
        self,
        meeting_id: int | str,
        action: str,
        registrants: list[Mapping[str, Any]],
        *,
        occurrence_id: str | None = None,
    ) -> dict[str, Any]:
        """
        Approve, deny or cancel meeting registrants (scope ``meeting:update:registrant_status:admin``).

        :param meeting_id: the meeting id.
        :param action: ``approve``, ``deny`` or ``cancel``.
        :param registrants: ``[{"id": ..., "email": ...}]``; sent 30 per call.
        :param occurrence_id: the occurrence of a recurring meeting.
        :return: the action and the registrants it was applied to.
        """
        return self._update_registrant_status(MEETING, meeting_id, action, registrants, occurrence_id)

    # ------------------------------------------------------------------ webinars
    def add_webinar_registrant(
        self,
        webinar_id: int | str,
        registrant: Mapping[str, Any] | None = None,
        *,
        occurrence_ids: str | list[str] | None = None,
        **fields: Any,
    ) -> dict[str, Any]:
        """
        Register one person for a webinar (scope ``webinar:write:registrant:admin``).

        :param webinar_id: the webinar id.
        :param registrant: as for :meth:`add_meeting_registrant`, plus ``source_id`` (the tracking
            source); ``email`` and ``first_name`` are required.
        :param occurrence_ids: occurrences of a recurring webinar (list or comma-separated text).
        :param fields: the registrant's fields as keywords instead (``email=..., first_name=...``).
        :return: ``id``, ``registrant_id``, ``join_url``, ...
        """
        return self._add_registrant(WEBINAR, webinar_id, registrant, occurrence_ids, fields)

    def add_webinar_registrants(
        self,
        webinar_id: int | str,
        registrants: Iterable[Mapping[str, Any]],
        *,
        auto_approve: bool | None = None,
    ) -> list[dict[str, Any]]:
        """
        Register many people for a scheduled webinar (type 5), 30 per call (scope
        ``webinar:write:batch_registrants:admin``).

        :param webinar_id: the webinar id.
        :param registrants: dicts with ``email``, ``first_name`` and optionally ``last_name``.
        :param auto_approve: approve them without manual approval.
        """
        extra = {"auto_approve": check_bool("auto_approve", auto_approve)}
        return self._add_registrants(WEBINAR, webinar_id, registrants, extra)

    def list_webinar_registrants(
        self,
        webinar_id: int | str,
        *,
        occurrence_id: str | None = None,
        status: str | None = None,
        tracking_source_id: str | None = None,
        max_results: int | None = None,
    ) -> list[dict[str, Any]]:
        """
        A webinar's registrants, all pages (scope ``webinar:read:list_registrants:admin``).

        :param webinar_id: the webinar id.
        :param occurrence_id: registrants of this occurrence.
        :param status: ``pending``, ``approved`` (Zoom's default) or ``denied``.
        :param tracking_source_id: only registrants who came through this tracking source.
        :param max_results: stop after this many registrants.
        """
        params = {"occurrence_id": occurrence_id, "status": status, "tracking_source_id": tracking_source_id}
        return self._list_registrants(WEBINAR, webinar_id, params, max_results)

    def update_webinar_registrant_status(
        self,
        webinar_id: int | str,
        action: str,
        registrants: list[Mapping[str, Any]],
        *,
        occurrence_id: str | None = None,
    ) -> dict[str, Any]:
        """
        Approve, deny or cancel webinar registrants (scope ``webinar:update:registrant_status:admin``).

        :param webinar_id: the webinar id.
        :param action: ``approve``, ``deny`` or ``cancel``.
        :param registrants: ``[{"id": ..., "email": ...}]``; sent 30 per call.
        :param occurrence_id: the occurrence of a recurring webinar.
        :return: the action and the registrants it was applied to.
        """
        return self._update_registrant_status(WEBINAR, webinar_id, action, registrants, occurrence_id)
