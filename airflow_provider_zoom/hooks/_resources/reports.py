"""Reports: webinar and meeting details, participants, polls, Q&A, user meetings, daily usage."""

from __future__ import annotations

import datetime as dt
from typing import Any

from airflow_provider_zoom._contract import facts
from airflow_provider_zoom._http.paths import (
    MEETING_PARTICIPANTS_REPORT_PATH,
    WEBINAR_PARTICIPANTS_REPORT_PATH,
    api_path,
)
from airflow_provider_zoom.hooks._resources.base import ZoomApiBase, drop_none
from airflow_provider_zoom.validation import check_choice, check_int, require

USER_MEETING_REPORT_TYPES = facts.enum("GET", "/report/users/{userId}/meetings", "query.type")


class ReportsMixin(ZoomApiBase):
    """
    Report actions (Pro plan or higher; scope ``report:read:admin``, or the granular
    ``report:read:*:admin`` scope named on each method). Zoom keeps report data for six months.
    """

    def get_webinar_report(self, webinar_id: int | str) -> dict[str, Any]:
        """
        An ended webinar's details report (scope ``report:read:webinar:admin``).

        :param webinar_id: the webinar id or an instance UUID.
        """
        return self.request("GET", api_path("/report/webinars/{webinar_id}", webinar_id=webinar_id))

    def list_webinar_participants_report(
        self, webinar_id: int | str, *, max_results: int | None = None
    ) -> list[dict[str, Any]]:
        """
        Every participant of an ended webinar (``report:read:list_webinar_participants:admin``).

        :param webinar_id: the webinar id or an instance UUID.
        :param max_results: stop after this many participants.
        """
        return list(
            self.paginate(
                api_path(WEBINAR_PARTICIPANTS_REPORT_PATH, webinar_id=webinar_id),
                items_key="participants",
                max_results=max_results,
            )
        )

    def get_webinar_polls_report(self, webinar_id: int | str) -> dict[str, Any]:
        """
        Poll answers of an ended webinar (scope ``report:read:list_webinar_polls:admin``).

        :param webinar_id: the webinar id or an instance UUID.
        """
        return self.request("GET", api_path("/report/webinars/{webinar_id}/polls", webinar_id=webinar_id))

    def get_webinar_qa_report(self, webinar_id: int | str) -> dict[str, Any]:
        """
        Questions and answers of an ended webinar (scope ``report:read:webinar_qna:admin``).

        :param webinar_id: the webinar id or an instance UUID.
        """
        return self.request("GET", api_path("/report/webinars/{webinar_id}/qa", webinar_id=webinar_id))

    def get_meeting_report(self, meeting_id: int | str) -> dict[str, Any]:
        """
        An ended meeting's details report (scope ``report:read:meeting:admin``).

        :param meeting_id: the meeting id or an instance UUID.
        """
        return self.request("GET", api_path("/report/meetings/{meeting_id}", meeting_id=meeting_id))

    def list_meeting_participants_report(
        self, meeting_id: int | str, *, max_results: int | None = None
    ) -> list[dict[str, Any]]:
        """
        Every participant of an ended meeting (``report:read:list_meeting_participants:admin``).

        :param meeting_id: the meeting id or an instance UUID.
        :param max_results: stop after this many participants.
        """
        return list(
            self.paginate(
                api_path(MEETING_PARTICIPANTS_REPORT_PATH, meeting_id=meeting_id),
                items_key="participants",
                max_results=max_results,
            )
        )

    def list_user_meetings_report(
        self,
        user_id: str,
        from_: dt.date | dt.datetime | str | None = None,
        to: dt.date | dt.datetime | str | None = None,
        *,
        type: str | None = None,
        max_results: int | None = None,
    ) -> list[dict[str, Any]]:
        """
        A user's ended meetings over any date range, walked month by month (Zoom allows one month per
        call) (scope ``report:read:user:admin``).

        :param user_id: user id or email.
        :param from_: first day (required, as Zoom requires it).
        :param to: last day, inclusive (required).
        :param type: ``past`` (default), ``pastOne`` (single-person meetings) or ``pastJoined``.
        :param max_results: stop after this many meetings.
        """
        return list(
            self.paginate_date_range(
                api_path("/report/users/{user_id}/meetings", user_id=user_id),
                items_key="meetings",
                from_=require("from_", from_),
                to=require("to", to),
                params=drop_none({"type": check_choice("type", type, USER_MEETING_REPORT_TYPES)}),
                max_results=max_results,
            )
        )

    def get_daily_usage_report(self, year: int | None = None, month: int | None = None) -> dict[str, Any]:
        """
        New users, meetings, participants and minutes per day of one month (scope
        ``report:read:admin``; Zoom lists no granular scope for it).

        :param year: e.g. 2026 (default: the current year).
        :param month: 1-12 (default: the current month).
        :return: ``{"year", "month", "dates": [...]}``.
        """
        params = drop_none(
            {
                "year": check_int("year", year, minimum=2000, maximum=9999),
                "month": check_int("month", month, minimum=1, maximum=12),
            }
        )
        return self.request("GET", "/report/daily", params=params)
