"""Operators for Zoom reports: webinar and meeting reports, participants, polls, Q&A, usage."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from airflow_provider_zoom._http.dates import to_date, utc_today
from airflow_provider_zoom.hooks._resources.reports import USER_MEETING_REPORT_TYPES
from airflow_provider_zoom.operators._fields import is_static
from airflow_provider_zoom.operators.base import ZoomBaseOperator, ZoomListOperator, check_max_results
from airflow_provider_zoom.validation import check_choice

if TYPE_CHECKING:
    from airflow.sdk import Context

_REPORT_NOTE = "Reports need a Pro plan or higher; Zoom keeps report data for six months."


class _WebinarReportBase(ZoomBaseOperator):
    template_fields: Sequence[str] = (*ZoomBaseOperator.template_fields, "webinar_id")

    def __init__(self, *, webinar_id: int | str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.webinar_id = webinar_id


class ZoomGetWebinarReportOperator(_WebinarReportBase):
    """
    Return an ended webinar's details report. Scope ``report:read:webinar:admin`` (or ``report:read:admin``).

    :param webinar_id: the webinar id or an instance UUID.
    """

    def execute(self, context: Context) -> dict[str, Any]:
        return self.hook.get_webinar_report(self.webinar_id)


class ZoomGetWebinarPollsReportOperator(_WebinarReportBase):
    """
    Return the poll answers of an ended webinar. Scope ``report:read:list_webinar_polls:admin``
    (or ``report:read:admin``).

    :param webinar_id: the webinar id or an instance UUID.
    """

    def execute(self, context: Context) -> dict[str, Any]:
        return self.hook.get_webinar_polls_report(self.webinar_id)


class ZoomGetWebinarQaReportOperator(_WebinarReportBase):
    """
    Return the questions and answers of an ended webinar. Scope ``report:read:webinar_qna:admin``
    (or ``report:read:admin``).

    :param webinar_id: the webinar id or an instance UUID.
    """

    def execute(self, context: Context) -> dict[str, Any]:
        return self.hook.get_webinar_qa_report(self.webinar_id)


class ZoomListWebinarParticipantsReportOperator(ZoomListOperator, _WebinarReportBase):
    """
    Return every participant of an ended webinar, every page.
    Scope ``report:read:list_webinar_participants:admin`` (or ``report:read:admin``).

    For large webinars use the transfer operators in :mod:`airflow_provider_zoom.transfers`
    to write the list to object storage instead of XCom.

    :param webinar_id: the webinar id or an instance UUID.
    :param max_results: stop after this many participants.
    """

    template_fields: Sequence[str] = (*ZoomListOperator.template_fields, "webinar_id", "max_results")

    def __init__(self, *, max_results: int | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.max_results = max_results

    def list_items(self, context: Context) -> list[dict[str, Any]]:
        return self.hook.list_webinar_participants_report(
            self.webinar_id, max_results=check_max_results(self.max_results)
        )


class ZoomGetMeetingReportOperator(ZoomBaseOperator):
    """
    Return an ended meeting's details report. Scope ``report:read:meeting:admin`` (or ``report:read:admin``).

    :param meeting_id: the meeting id or an instance UUID.
    """

    template_fields: Sequence[str] = (*ZoomBaseOperator.template_fields, "meeting_id")

    def __init__(self, *, meeting_id: int | str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.meeting_id = meeting_id

    def execute(self, context: Context) -> dict[str, Any]:
        return self.hook.get_meeting_report(self.meeting_id)


class ZoomListMeetingParticipantsReportOperator(ZoomListOperator):
    """
    Return every participant of an ended meeting, every page.
    Scope ``report:read:list_meeting_participants:admin`` (or ``report:read:admin``).

    For large meetings use the transfer operators in :mod:`airflow_provider_zoom.transfers`.

    :param meeting_id: the meeting id or an instance UUID.
    :param max_results: stop after this many participants.
    """

    template_fields: Sequence[str] = (*ZoomListOperator.template_fields, "meeting_id", "max_results")

    def __init__(self, *, meeting_id: int | str, max_results: int | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.meeting_id = meeting_id
        self.max_results = max_results

    def list_items(self, context: Context) -> list[dict[str, Any]]:
        return self.hook.list_meeting_participants_report(
            self.meeting_id, max_results=check_max_results(self.max_results)
        )


class ZoomListUserMeetingsReportOperator(ZoomListOperator):
    """
    Return a user's ended meetings over any date range (walked month by month), every page.
    Scope ``report:read:user:admin`` (or ``report:read:admin``).

    ``from_``/``to`` default to the DAG run's data interval (its last day is the day before the
    interval's exclusive end). For long ranges use the transfer operators in
    :mod:`airflow_provider_zoom.transfers` instead of XCom.

    :param user_id: user id or email.
    :param from_: first day (date, datetime or ``yyyy-mm-dd``).
    :param to: last day, inclusive.
    :param type: ``past`` (default), ``pastOne`` or ``pastJoined``.
    :param max_results: stop after this many meetings.
    """

    template_fields: Sequence[str] = (
        *ZoomListOperator.template_fields,
        "user_id",
        "from_",
        "to",
        "type",
        "max_results",
    )

    def __init__(
        self,
        *,
        user_id: str,
        from_: Any = None,
        to: Any = None,
        type: str | None = None,
        max_results: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if is_static(type):
            check_choice("type", type, USER_MEETING_REPORT_TYPES)
        self.user_id = user_id
        self.from_ = from_
        self.to = to
        self.type = type
        self.max_results = max_results

    def list_items(self, context: Context) -> list[dict[str, Any]]:
        start, end = self.date_range(context, self.from_, self.to)
        meetings = self.hook.list_user_meetings_report(
            self.user_id, start, end, type=self.type or None, max_results=check_max_results(self.max_results)
        )
        self.log.info("Listed %d meeting(s) of %s from %s to %s.", len(meetings), self.user_id, start, end)
        return meetings


class ZoomGetDailyUsageReportOperator(ZoomBaseOperator):
    """
    Return one month's daily usage: new users, meetings, participants and meeting minutes per day.
    Scope ``report:read:admin`` (Zoom lists no granular scope for it).

    ``year``/``month`` default to the month of the DAG run's data interval start (else today's).

    :param year: e.g. 2026.
    :param month: 1-12.
    """

    template_fields: Sequence[str] = (*ZoomBaseOperator.template_fields, "year", "month")

    def __init__(self, *, year: int | None = None, month: int | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.year = year
        self.month = month

    def execute(self, context: Context) -> dict[str, Any]:
        # Templated blanks mean "default"; a given 0 must still reach the range check.
        year = None if self.year in (None, "") else self.year
        month = None if self.month in (None, "") else self.month
        if year is None or month is None:
            start = context.get("data_interval_start")
            day = to_date(start, "data_interval_start") if start is not None else utc_today()
            year = year if year is not None else day.year
            month = month if month is not None else day.month
        return self.hook.get_daily_usage_report(year, month)


for _cls in (
    ZoomGetWebinarReportOperator,
    ZoomGetWebinarPollsReportOperator,
    ZoomGetWebinarQaReportOperator,
    ZoomListWebinarParticipantsReportOperator,
    ZoomGetMeetingReportOperator,
    ZoomListMeetingParticipantsReportOperator,
    ZoomListUserMeetingsReportOperator,
    ZoomGetDailyUsageReportOperator,
):
    _cls.__doc__ = f"{_cls.__doc__}\n    {_REPORT_NOTE}\n"
del _cls
