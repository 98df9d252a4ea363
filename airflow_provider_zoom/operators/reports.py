"""
Operators for Zoom reports: webinar and meeting reports, participants, polls, Q&A, usage.

Reports need a Pro plan or higher; Zoom keeps report data for six months.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from airflow_provider_zoom._values.dates import to_date, utc_today
from airflow_provider_zoom.operators._days import DayRangeListOperator
from airflow_provider_zoom.operators.base import ZoomBaseOperator, ZoomListOperator, static_kwargs

if TYPE_CHECKING:
    from airflow.sdk import Context


class ZoomGetWebinarReportOperator(ZoomBaseOperator):
    """
    Return an ended webinar's details report. Scope ``report:read:webinar:admin`` (or ``report:read:admin``).
    """

    hook_method = "get_webinar_report"


class ZoomGetWebinarPollsReportOperator(ZoomBaseOperator):
    """
    Return the poll answers of an ended webinar. Scope ``report:read:list_webinar_polls:admin``
    (or ``report:read:admin``).
    """

    hook_method = "get_webinar_polls_report"


class ZoomGetWebinarQaReportOperator(ZoomBaseOperator):
    """
    Return the questions and answers of an ended webinar. Scope ``report:read:webinar_qna:admin``
    (or ``report:read:admin``).
    """

    hook_method = "get_webinar_qa_report"


class ZoomListWebinarParticipantsReportOperator(ZoomListOperator):
    """
    Return every participant of an ended webinar, every page.
    Scope ``report:read:list_webinar_participants:admin`` (or ``report:read:admin``).

    For large webinars use the transfer operators in :mod:`airflow_provider_zoom.transfers`
    to write the list to object storage instead of XCom.
    """

    hook_method = "list_webinar_participants_report"


class ZoomGetMeetingReportOperator(ZoomBaseOperator):
    """
    Return an ended meeting's details report. Scope ``report:read:meeting:admin`` (or ``report:read:admin``).
    """

    hook_method = "get_meeting_report"


class ZoomListMeetingParticipantsReportOperator(ZoomListOperator):
    """
    Return every participant of an ended meeting, every page.
    Scope ``report:read:list_meeting_participants:admin`` (or ``report:read:admin``).

    For large meetings use the transfer operators in :mod:`airflow_provider_zoom.transfers`.
    """

    hook_method = "list_meeting_participants_report"


class ZoomListUserMeetingsReportOperator(DayRangeListOperator):
    """
    Return a user's ended meetings over any date range (walked month by month), every page.
    Scope ``report:read:user:admin`` (or ``report:read:admin``).

    For long ranges use the transfer operators in :mod:`airflow_provider_zoom.transfers` instead of XCom.
    """

    hook_method = "list_user_meetings_report"


class ZoomGetDailyUsageReportOperator(ZoomBaseOperator):
    """
    Return one month's daily usage: new users, meetings, participants and meeting minutes per day.
    Scope ``report:read:admin`` (Zoom lists no granular scope for it).

    :param year: e.g. 2026; default: the year of the DAG run's data interval start (else today's).
    :param month: 1-12; default: the month of the data interval start (else today's).
    """

    hook_method = "get_daily_usage_report"

    def hook_kwargs(self, context: Context) -> dict[str, Any]:
        kwargs = super().hook_kwargs(context)
        if kwargs["year"] is None or kwargs["month"] is None:
            start = context.get("data_interval_start")
            day = to_date(start, "data_interval_start") if start is not None else utc_today()
            kwargs["year"] = day.year if kwargs["year"] is None else kwargs["year"]
            kwargs["month"] = day.month if kwargs["month"] is None else kwargs["month"]
        return kwargs

    def parse_time_kwargs(self, values: dict[str, Any]) -> dict[str, Any] | None:
        # A missing year or month comes from the run; Zoom's default (today's) stands in for it.
        return static_kwargs(values)
