"""Operators for poll results and Q&A of past meetings and webinars."""

from __future__ import annotations

from airflow_provider_zoom.operators.base import ZoomBaseOperator


class ZoomListPastMeetingPollsOperator(ZoomBaseOperator):
    """
    Return a past meeting's poll results: ``{id, uuid, start_time, questions: [...]}``.

    Scope ``meeting:read:list_poll_results:admin``. Every input is templated.
    """

    hook_method = "list_past_meeting_polls"


class ZoomGetPastMeetingQAOperator(ZoomBaseOperator):
    """
    Return a past meeting's Q&A: ``{id, uuid, start_time, questions: [{name, email, question_details}]}``.

    Scope ``meeting:read:past_qa:admin``. Every input is templated.
    """

    hook_method = "get_past_meeting_qa"


class ZoomListPastWebinarPollsOperator(ZoomBaseOperator):
    """
    Return a past webinar's poll results: ``{id, uuid, start_time, questions: [...]}``.

    Scope ``webinar:read:list_past_polls:admin``. Every input is templated.
    """

    hook_method = "list_past_webinar_polls"


class ZoomGetPastWebinarQAOperator(ZoomBaseOperator):
    """
    Return a past webinar's Q&A: ``{id, uuid, start_time, questions: [...]}``.

    Scope ``webinar:read:past_qa:admin``. Every input is templated.
    """

    hook_method = "get_past_webinar_qa"
