"""Operators for meeting and webinar registrants: add one, add many (list or file), list, set status."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from airflow_provider_zoom.exceptions import ZoomConfigError
from airflow_provider_zoom.hooks.zoom import ZoomHook
from airflow_provider_zoom.operators._registrant_source import read_registrants
from airflow_provider_zoom.operators.base import ZoomBaseOperator, ZoomListOperator, is_static
from airflow_provider_zoom.validation import MEETING, WEBINAR, blank_to_none, exactly_one

if TYPE_CHECKING:
    from airflow.sdk import Context


class _AddRegistrantBase(ZoomBaseOperator):
    kind: str = MEETING
    template_fields_renderers = {"registrant": "json"}

    def result(self, context: Context, reply: dict[str, Any], sent: Mapping[str, Any]) -> dict[str, Any]:
        owner = getattr(self, f"{self.kind}_id")
        self.log.info(
            "Registered a registrant for %s %s (registrant id %s).",
            self.kind,
            owner,
            reply.get("registrant_id"),
        )
        return reply


class _AddRegistrantsBase(ZoomBaseOperator):
    """
    Registrants from a list or streamed from a file: the file is this operator's own input, so it
    stays explicit; every check on the registrants and the call is the hook's.
    """

    kind: str = MEETING
    template_fields_renderers = {"registrants": "json"}

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
        self.registrants = registrants
        self.source = source
        self.source_conn_id = source_conn_id
        self.source_format = source_format
        self.auto_approve = auto_approve

    def _check_when_parsed(self) -> None:
        """Run the checks a static input allows now (subclasses call it once their ids are set)."""
        if is_static([self.registrants, self.source]):
            exactly_one(registrants=self.registrants, source=self.source)
        arguments = self._batch_arguments(self.registrants)
        if self.registrants is not None and is_static(arguments):
            ZoomHook(zoom_conn_id=self.zoom_conn_id).check_arguments(self._batch_method, **arguments)

    @property
    def _batch_method(self) -> str:
        return f"add_{self.kind}_registrants"

    def _batch_arguments(self, rows: Any) -> dict[str, Any]:
        """What the hook's batch call takes, ``rows`` as its registrants."""
        return {f"{self.kind}_id": blank_to_none(getattr(self, f"{self.kind}_id")), "registrants": rows}

    def execute(self, context: Context) -> list[dict[str, Any]]:
        exactly_one(registrants=self.registrants, source=self.source)
        if self.source:
            rows = read_registrants(
                self.source,
                conn_id=self.source_conn_id or None,
                fmt=self.source_format or None,
                kind=self.kind,
            )
            self.log.info("Read %d registrant(s) from %s.", len(rows), self.source)
            if not rows:
                raise ZoomConfigError("source", "holds no registrants")
        else:
            rows = self.registrants or []
        owner = getattr(self, f"{self.kind}_id")
        added = getattr(self.hook, self._batch_method)(**self._batch_arguments(rows))
        self.log.info("Added %d registrant(s) to %s %s.", len(added), self.kind, owner)
        return added


# ---------------------------------------------------------------------- meetings
class ZoomAddMeetingRegistrantOperator(_AddRegistrantBase):
    """
    Register one person for a meeting and return Zoom's answer (``registrant_id``, ``join_url``, ...).

    Scope ``meeting:write:registrant:admin`` (or ``meeting:write:admin``). The meeting needs
    registration enabled (``settings.approval_type`` 0 or 1). Nested values of ``registrant`` are
    templated.
    """

    hook_method = "add_meeting_registrant"
    kind = MEETING


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
        self._check_when_parsed()

    def _batch_arguments(self, rows: Any) -> dict[str, Any]:
        return {
            **super()._batch_arguments(rows),
            "auto_approve": blank_to_none(self.auto_approve),
            "registrants_confirmation_email": blank_to_none(self.registrants_confirmation_email),
        }


class ZoomListMeetingRegistrantsOperator(ZoomListOperator):
    """
    Return a meeting's registrants, every page. Scope ``meeting:read:list_registrants:admin``
    (or ``meeting:read:admin``).

    For large lists use the transfer operators in :mod:`airflow_provider_zoom.transfers`
    to write them to object storage instead of XCom.
    """

    hook_method = "list_meeting_registrants"


class ZoomUpdateMeetingRegistrantStatusOperator(ZoomBaseOperator):
    """
    Approve, deny or cancel meeting registrants (30 per call). Scope
    ``meeting:update:registrant_status:admin`` (or ``meeting:write:admin``).
    """

    hook_method = "update_meeting_registrant_status"


# ---------------------------------------------------------------------- webinars
class ZoomAddWebinarRegistrantOperator(_AddRegistrantBase):
    """
    Register one person for a webinar and return Zoom's answer (``registrant_id``, ``join_url``, ...).

    Scope ``webinar:write:registrant:admin`` (or ``webinar:write:admin``). Nested values of
    ``registrant`` are templated.
    """

    hook_method = "add_webinar_registrant"
    kind = WEBINAR


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
    kind = WEBINAR

    def __init__(self, *, webinar_id: int | str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.webinar_id = webinar_id
        self._check_when_parsed()

    def _batch_arguments(self, rows: Any) -> dict[str, Any]:
        return {**super()._batch_arguments(rows), "auto_approve": blank_to_none(self.auto_approve)}


class ZoomListWebinarRegistrantsOperator(ZoomListOperator):
    """
    Return a webinar's registrants, every page. Scope ``webinar:read:list_registrants:admin``
    (or ``webinar:read:admin``).

    For large lists use the transfer operators in :mod:`airflow_provider_zoom.transfers`.
    """

    hook_method = "list_webinar_registrants"


class ZoomUpdateWebinarRegistrantStatusOperator(ZoomBaseOperator):
    """
    Approve, deny or cancel webinar registrants (30 per call). Scope
    ``webinar:update:registrant_status:admin`` (or ``webinar:write:admin``).
    """

    hook_method = "update_webinar_registrant_status"
