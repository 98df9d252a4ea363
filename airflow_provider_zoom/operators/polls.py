"""Operators for poll results and Q&A of past meetings and webinars."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from airflow_provider_zoom.operators.base import ZoomBaseOperator
from airflow_provider_zoom.validation import require

if TYPE_CHECKING:
    from airflow.sdk import Context


class ZoomListPastMeetingPollsOperator(ZoomBaseOperator):
    """
    Return a past meeting's poll results: ``{id, uuid, start_time, questions: [...]}``.

    Scope ``meeting:read:list_poll_results:admin``. Every input is templated.

    :param meeting_id: meeting id (latest instance) or instance UUID.
    """

    template_fields: Sequence[str] = (*ZoomBaseOperator.template_fields, "meeting_id")

    def __init__(self, *, meeting_id: int | str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.meeting_id = meeting_id

    def execute(self, context: Context) -> dict[str, Any]:
        require("meeting_id", self.meeting_id)
        return self.hook.list_past_meeting_polls(self.meeting_id)


class ZoomGetPastMeetingQAOperator(ZoomBaseOperator):
    """
    Return a past meeting's Q&A: ``{id, uuid, start_time, questions: [{name, email, question_details}]}``.

    Scope ``meeting:read:past_qa:admin``. Every input is templated.

    :param meeting_id: meeting id (latest instance) or instance UUID.
    """

    template_fields: Sequence[str] = (*ZoomBaseOperator.template_fields, "meeting_id")

    def __init__(self, *, meeting_id: int | str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.meeting_id = meeting_id

    def execute(self, context: Context) -> dict[str, Any]:
        require("meeting_id", self.meeting_id)
        return self.hook.get_past_meeting_qa(self.meeting_id)


class ZoomListPastWebinarPollsOperator(ZoomBaseOperator):
    """
    Return a past webinar's poll results: ``{id, uuid, start_time, questions: [...]}``.

    Scope ``webinar:read:list_past_polls:admin``. Every input is templated.

    :param webinar_id: webinar id (latest instance) or instance UUID.
    """

    template_fields: Sequence[str] = (*ZoomBaseOperator.template_fields, "webinar_id")

    def __init__(self, *, webinar_id: int | str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.webinar_id = webinar_id

    def execute(self, context: Context) -> dict[str, Any]:
        require("webinar_id", self.webinar_id)
        return self.hook.list_past_webinar_polls(self.webinar_id)


class ZoomGetPastWebinarQAOperator(ZoomBaseOperator):
    """
    Return a past webinar's Q&A: ``{id, uuid, start_time, questions: [...]}``.

    Scope ``webinar:read:past_qa:admin``. Every input is templated.

    :param webinar_id: webinar id (latest instance) or instance UUID.
    """

    template_fields: Sequence[str] = (*ZoomBaseOperator.template_fields, "webinar_id")

    def __init__(self, *, webinar_id: int | str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.webinar_id = webinar_id

    def execute(self, context: Context) -> dict[str, Any]:
        require("webinar_id", self.webinar_id)
        return self.hook.get_past_webinar_qa(self.webinar_id)
