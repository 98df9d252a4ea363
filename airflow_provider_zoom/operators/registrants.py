"""Operators for meeting and webinar registrants: add one, add many (list or file), list, set status."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from airflow_provider_zoom.exceptions import ZoomConfigError
from airflow_provider_zoom.hooks._resources.registrants import validate_registrants
from airflow_provider_zoom.operators._fields import is_static
from airflow_provider_zoom.operators._registrant_source import read_registrants
from airflow_provider_zoom.operators.base import ZoomBaseOperator, ZoomListOperator, check_max_results
from airflow_provider_zoom.validation import (
    MEETING,
    REGISTRANT_ACTIONS,
    REGISTRANT_STATUSES,
    WEBINAR,
    build_registrant,
    check_choice,
    check_mapping,
    exactly_one,
    require,
)

if TYPE_CHECKING:
    from airflow.sdk import Context


# ---------------------------------------------------------------------- shared implementations
class _AddRegistrantBase(ZoomBaseOperator):
    kind: str = MEETING

    def __init__(
        self,
        *,
        registrant: dict[str, Any],
        occurrence_ids: str | list[str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if is_static(registrant):
            build_registrant(registrant, kind=self.kind)
        self.registrant = registrant
        self.occurrence_ids = occurrence_ids

    def _add(self) -> tuple[str, dict[str, Any]]:
        fields = check_mapping("registrant", require("registrant", self.registrant)) or {}
        build_registrant(fields, kind=self.kind)  # checks email and first_name before the call
        owner = getattr(self, f"{self.kind}_id")
        require(f"{self.kind}_id", owner)
        add = self.hook.add_meeting_registrant if self.kind == MEETING else self.hook.add_webinar_registrant
        fields = dict(fields)
        email, first_name = fields.pop("email"), fields.pop("first_name")
        result = add(owner, email=email, first_name=first_name, occurrence_ids=self.occurrence_ids, **fields)
        self.log.info(
            "Registered a registrant for %s %s (registrant id %s).",
            self.kind,
            owner,
            result.get("registrant_id"),
        )
        return owner, result


class _AddRegistrantsBase(ZoomBaseOperator):
    kind: str = MEETING

    def __init__(
        self,
        *,
        registrants: list[dict[str, Any]] | None = None,
        source: str | None = None,
        source_conn_id: str | None = None,
        source_format: str | None = None,
        auto_approve: bool | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if is_static([registrants, source]):
            exactly_one(registrants=registrants, source=source)
            if registrants is not None:
                validate_registrants(registrants, kind=self.kind)
        self.registrants = registrants
        self.source = source
        self.source_conn_id = source_conn_id
        self.source_format = source_format
        self.auto_approve = auto_approve

    def _rows(self) -> list[dict[str, Any]]:
        """Every registrant, checked, before any is sent."""
        exactly_one(registrants=self.registrants, source=self.source)
        if self.source:
            rows = read_registrants(
                self.source,
                conn_id=self.source_conn_id or None,
                fmt=self.source_format or None,
                kind=self.kind,
            )
            self.log.info("Read %d registrant(s) from %s.", len(rows), self.source)
        else:
            rows = validate_registrants(self.registrants or [], kind=self.kind)
        if not rows:
            raise ZoomConfigError(
                "registrants" if self.registrants is not None else "source", "holds no registrants"
            )
        return rows


class _ListRegistrantsBase(ZoomListOperator):
    def __init__(
        self,
        *,
        occurrence_id: str | None = None,
        status: str | None = None,
        max_results: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if is_static(status):
            check_choice("status", status, REGISTRANT_STATUSES)
        self.occurrence_id = occurrence_id
        self.status = status
        self.max_results = max_results


class _RegistrantStatusBase(ZoomBaseOperator):
    def __init__(
        self,
        *,
        action: str,
        registrants: list[dict[str, Any]],
        occurrence_id: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if is_static(action):
            check_choice("action", require("action", action), REGISTRANT_ACTIONS)
        self.action = action
        self.registrants = registrants
        self.occurrence_id = occurrence_id


# ---------------------------------------------------------------------- meetings
class ZoomAddMeetingRegistrantOperator(_AddRegistrantBase):
    """
    Register one person for a meeting and return Zoom's answer (``registrant_id``, ``join_url``, ...).

    Scope ``meeting:write:registrant:admin`` (or ``meeting:write:admin``). The meeting needs
    registration enabled (``settings.approval_type`` 0 or 1).

    :param meeting_id: the meeting id.
    :param registrant: Zoom's registrant fields: ``email`` and ``first_name`` (required), last_name,
        address, city, state, zip, country, phone, comments, custom_questions, industry, job_title,
        no_of_employees, org, purchasing_time_frame, role_in_purchase_process, language, auto_approve.
        Nested values are templated.
    :param occurrence_ids: occurrences of a recurring meeting (list or comma-separated text).
    """

    template_fields: Sequence[str] = (
        *ZoomBaseOperator.template_fields,
        "meeting_id",
        "registrant",
        "occurrence_ids",
    )
    template_fields_renderers = {"registrant": "json"}
    kind = MEETING

    def __init__(self, *, meeting_id: int | str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.meeting_id = meeting_id

    def execute(self, context: Context) -> dict[str, Any]:
        return self._add()[1]


class ZoomAddMeetingRegistrantsOperator(_AddRegistrantsBase):
    """
    Register many people for a meeting, 30 per call (Zoom's ``batch_registrants`` limit).

    Scope ``meeting:write:batch_registrants:admin`` (or ``meeting:write:admin``). Zoom's batch call
    only works for meetings whose ``registration_type`` is 1 (register once for all occurrences).
    Registrants come from ``registrants`` or from a CSV / JSON Lines file at ``source`` (any
    :class:`~airflow.sdk.ObjectStoragePath` URL: ``s3://``, ``gs://``, ``file://``...). The file is
    read row by row and every row is checked (email valid, first_name given) before anything is sent;
    an error names the row and the field. Zoom's batch call takes email, first_name and last_name only.

    :param meeting_id: the meeting id.
    :param registrants: ``[{"email", "first_name", "last_name"}]``; or give ``source``.
    :param source: path or URL of a CSV (header row with ``email,first_name,last_name``) or JSON
        Lines file; or give ``registrants``.
    :param source_conn_id: the connection for ``source``'s storage (e.g. ``aws_default``).
    :param source_format: ``csv`` or ``jsonl``; default from the file suffix.
    :param auto_approve: approve the registrants without the host's manual approval.
    :param registrants_confirmation_email: send Zoom's confirmation email to each registrant.
    :return: ``[{"registrant_id", "email", "join_url"}]``.
    """

    template_fields: Sequence[str] = (
        *ZoomBaseOperator.template_fields,
        "meeting_id",
        "registrants",
        "source",
        "source_conn_id",
        "source_format",
        "auto_approve",
        "registrants_confirmation_email",
    )
    template_fields_renderers = {"registrants": "json"}
    kind = MEETING

    def __init__(
        self,
        *,
        meeting_id: int | str,
        registrants_confirmation_email: bool | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.meeting_id = meeting_id
        self.registrants_confirmation_email = registrants_confirmation_email

    def execute(self, context: Context) -> list[dict[str, Any]]:
        require("meeting_id", self.meeting_id)
        rows = self._rows()
        added = self.hook.add_meeting_registrants(
            self.meeting_id,
            rows,
            auto_approve=self.auto_approve,
            registrants_confirmation_email=self.registrants_confirmation_email,
        )
        self.log.info("Added %d registrant(s) to meeting %s.", len(added), self.meeting_id)
        return added


class ZoomListMeetingRegistrantsOperator(_ListRegistrantsBase):
    """
    Return a meeting's registrants, every page. Scope ``meeting:read:list_registrants:admin``
    (or ``meeting:read:admin``).

    For large lists use the transfer operators in :mod:`airflow_provider_zoom.transfers`
    to write them to object storage instead of XCom.

    :param meeting_id: the meeting id.
    :param occurrence_id: registrants of this occurrence.
    :param status: ``pending``, ``approved`` (Zoom's default) or ``denied``.
    :param max_results: stop after this many registrants.
    """

    template_fields: Sequence[str] = (
        *ZoomListOperator.template_fields,
        "meeting_id",
        "occurrence_id",
        "status",
        "max_results",
    )

    def __init__(self, *, meeting_id: int | str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.meeting_id = meeting_id

    def list_items(self, context: Context) -> list[dict[str, Any]]:
        return self.hook.list_meeting_registrants(
            self.meeting_id,
            occurrence_id=self.occurrence_id,
            status=self.status or None,
            max_results=check_max_results(self.max_results),
        )


class ZoomUpdateMeetingRegistrantStatusOperator(_RegistrantStatusBase):
    """
    Approve, deny or cancel meeting registrants (30 per call). Scope
    ``meeting:update:registrant_status:admin`` (or ``meeting:write:admin``).

    :param meeting_id: the meeting id.
    :param action: ``approve``, ``deny`` or ``cancel``.
    :param registrants: ``[{"id": ..., "email": ...}]`` (each needs one of them).
    :param occurrence_id: the occurrence of a recurring meeting.
    """

    template_fields: Sequence[str] = (
        *ZoomBaseOperator.template_fields,
        "meeting_id",
        "action",
        "registrants",
        "occurrence_id",
    )

    def __init__(self, *, meeting_id: int | str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.meeting_id = meeting_id

    def execute(self, context: Context) -> dict[str, Any]:
        return self.hook.update_meeting_registrant_status(
            self.meeting_id, self.action, self.registrants, occurrence_id=self.occurrence_id
        )


# ---------------------------------------------------------------------- webinars
class ZoomAddWebinarRegistrantOperator(_AddRegistrantBase):
    """
    Register one person for a webinar. Scope ``webinar:write:registrant:admin``
    (or ``webinar:write:admin``).

    :param webinar_id: the webinar id.
    :param registrant: as for :class:`ZoomAddMeetingRegistrantOperator`, plus ``source_id``
        (the tracking source).
    :param occurrence_ids: occurrences of a recurring webinar.
    """

    template_fields: Sequence[str] = (
        *ZoomBaseOperator.template_fields,
        "webinar_id",
        "registrant",
        "occurrence_ids",
    )
    template_fields_renderers = {"registrant": "json"}
    kind = WEBINAR

    def __init__(self, *, webinar_id: int | str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.webinar_id = webinar_id

    def execute(self, context: Context) -> dict[str, Any]:
        return self._add()[1]


class ZoomAddWebinarRegistrantsOperator(_AddRegistrantsBase):
    """
    Register many people for a scheduled webinar (type 5), 30 per call. Scope
    ``webinar:write:batch_registrants:admin`` (or ``webinar:write:admin``).

    Inputs as for :class:`ZoomAddMeetingRegistrantsOperator` (a list or a CSV / JSON Lines file).

    :param webinar_id: the webinar id.
    :param registrants: ``[{"email", "first_name", "last_name"}]``; or give ``source``.
    :param source: path or URL of a CSV or JSON Lines file.
    :param source_conn_id: the connection for ``source``'s storage.
    :param source_format: ``csv`` or ``jsonl``; default from the file suffix.
    :param auto_approve: approve the registrants without manual approval.
    """

    template_fields: Sequence[str] = (
        *ZoomBaseOperator.template_fields,
        "webinar_id",
        "registrants",
        "source",
        "source_conn_id",
        "source_format",
        "auto_approve",
    )
    template_fields_renderers = {"registrants": "json"}
    kind = WEBINAR

    def __init__(self, *, webinar_id: int | str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.webinar_id = webinar_id

    def execute(self, context: Context) -> list[dict[str, Any]]:
        require("webinar_id", self.webinar_id)
        rows = self._rows()
        added = self.hook.add_webinar_registrants(self.webinar_id, rows, auto_approve=self.auto_approve)
        self.log.info("Added %d registrant(s) to webinar %s.", len(added), self.webinar_id)
        return added


class ZoomListWebinarRegistrantsOperator(_ListRegistrantsBase):
    """
    Return a webinar's registrants, every page. Scope ``webinar:read:list_registrants:admin``
    (or ``webinar:read:admin``).

    For large lists use the transfer operators in :mod:`airflow_provider_zoom.transfers`.

    :param webinar_id: the webinar id.
    :param occurrence_id: registrants of this occurrence.
    :param status: ``pending``, ``approved`` or ``denied``.
    :param tracking_source_id: only registrants from this tracking source.
    :param max_results: stop after this many registrants.
    """

    template_fields: Sequence[str] = (
        *ZoomListOperator.template_fields,
        "webinar_id",
        "occurrence_id",
        "status",
        "tracking_source_id",
        "max_results",
    )

    def __init__(
        self, *, webinar_id: int | str, tracking_source_id: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.webinar_id = webinar_id
        self.tracking_source_id = tracking_source_id

    def list_items(self, context: Context) -> list[dict[str, Any]]:
        return self.hook.list_webinar_registrants(
            self.webinar_id,
            occurrence_id=self.occurrence_id,
            status=self.status or None,
            tracking_source_id=self.tracking_source_id,
            max_results=check_max_results(self.max_results),
        )


class ZoomUpdateWebinarRegistrantStatusOperator(_RegistrantStatusBase):
    """
    Approve, deny or cancel webinar registrants (30 per call). Scope
    ``webinar:update:registrant_status:admin`` (or ``webinar:write:admin``).

    :param webinar_id: the webinar id.
    :param action: ``approve``, ``deny`` or ``cancel``.
    :param registrants: ``[{"id": ..., "email": ...}]``.
    :param occurrence_id: the occurrence of a recurring webinar.
    """

    template_fields: Sequence[str] = (
        *ZoomBaseOperator.template_fields,
        "webinar_id",
        "action",
        "registrants",
        "occurrence_id",
    )

    def __init__(self, *, webinar_id: int | str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.webinar_id = webinar_id

    def execute(self, context: Context) -> dict[str, Any]:
        return self.hook.update_webinar_registrant_status(
            self.webinar_id, self.action, self.registrants, occurrence_id=self.occurrence_id
        )
