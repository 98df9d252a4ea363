"""Triggers that poll Zoom for the deferrable sensors in :mod:`airflow_provider_zoom.sensors.zoom`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from airflow_provider_zoom._http.paths import (
    MEETING_PARTICIPANTS_REPORT_PATH,
    MEETING_PATH,
    MEETING_RECORDINGS_PATH,
    PAST_MEETING_ARCHIVE_FILES_PATH,
    PAST_MEETING_PATH,
    WEBINAR_PARTICIPANTS_REPORT_PATH,
    WEBINAR_REGISTRANTS_PATH,
    api_path,
)
from airflow_provider_zoom.exceptions import ZoomNotFoundError
from airflow_provider_zoom.triggers._conditions import (
    archive_complete,
    ended_threshold,
    meeting_in_progress,
    past_meeting_ended,
    recording_ready,
    report_available,
)
from airflow_provider_zoom.triggers.base import ZoomBaseTrigger
from airflow_provider_zoom.validation import check_endpoint

if TYPE_CHECKING:
    from airflow_provider_zoom.hooks.zoom import ZoomAsyncHook


class ZoomRecordingReadyTrigger(ZoomBaseTrigger):
    """
    Fire when a meeting's cloud recording exists and its selected files are all completed.

    The event's value is the recording JSON (``GET /meetings/{meeting_id}/recordings``).

    :param meeting_id: numeric meeting id (latest instance) or instance UUID.
    :param file_types: only these ``file_type`` values count (e.g. ``["MP4", "M4A"]``); None: all.
    :param min_files: how many selected files must be present.
    """

    def __init__(
        self,
        *,
        meeting_id: int | str,
        file_types: Sequence[str] | None = None,
        min_files: int = 1,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.meeting_id = meeting_id
        self.file_types = list(file_types) if file_types is not None else None
        self.min_files = int(min_files)

    async def poll(self, hook: ZoomAsyncHook) -> tuple[bool, Any]:
        recording = await hook.request("GET", api_path(MEETING_RECORDINGS_PATH, meeting_id=self.meeting_id))
        if recording_ready(recording, self.file_types, self.min_files):
            return True, recording
        return False, None


class ZoomMeetingEndedTrigger(ZoomBaseTrigger):
    """
    Fire when a meeting (or one occurrence of it) has ended.

    Zoom's meeting ``status`` is only ``waiting`` or ``started`` (an ended meeting is ``waiting``
    again), so "ended" means: the meeting is not in progress and its past-meeting record
    (``GET /past_meetings/{meeting_id}``, the latest ended instance) has an ``end_time`` no earlier
    than ``ended_after``, or than the occurrence's scheduled start when ``occurrence_id`` is given.
    A meeting Zoom no longer knows (3001, e.g. an ended instant meeting) is judged by its past record
    alone. The event's value is the past-meeting JSON.

    :param meeting_id: the meeting id.
    :param occurrence_id: one occurrence of a recurring meeting.
    :param ended_after: ISO date-time; an earlier end does not count.
    """

    def __init__(
        self,
        *,
        meeting_id: int | str,
        occurrence_id: str | None = None,
        ended_after: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.meeting_id = meeting_id
        self.occurrence_id = occurrence_id
        self.ended_after = ended_after

    async def poll(self, hook: ZoomAsyncHook) -> tuple[bool, Any]:
        meeting: dict[str, Any] | None
        try:
            meeting = await hook.request(
                "GET",
                api_path(MEETING_PATH, meeting_id=self.meeting_id),
                params={"occurrence_id": self.occurrence_id},
            )
        except ZoomNotFoundError:
            # Zoom forgets ended instant meetings (3001); their past record still answers.
            meeting = None
        if meeting_in_progress(meeting):
            return False, None
        past = await hook.request("GET", api_path(PAST_MEETING_PATH, meeting_id=self.meeting_id))
        if past_meeting_ended(past, ended_threshold(meeting, self.occurrence_id, self.ended_after)):
            return True, past
        return False, None


class ZoomParticipantsReportTrigger(ZoomBaseTrigger):
    """
    Fire when the participants report of a past meeting or webinar lists someone.

    Zoom builds reports some minutes after the meeting ends and answers 404/3001 until then. The event's
    value is None.

    :param meeting_id: the meeting id or instance UUID (exactly one of meeting_id and webinar_id).
    :param webinar_id: the webinar id or instance UUID.
    """

    def __init__(
        self,
        *,
        meeting_id: int | str | None = None,
        webinar_id: int | str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if (meeting_id is None) == (webinar_id is None):
            raise ValueError("meeting_id, webinar_id: give exactly one")
        self.meeting_id = meeting_id
        self.webinar_id = webinar_id

    async def poll(self, hook: ZoomAsyncHook) -> tuple[bool, Any]:
        if self.meeting_id is not None:
            path = api_path(MEETING_PARTICIPANTS_REPORT_PATH, meeting_id=self.meeting_id)
        else:
            path = api_path(WEBINAR_PARTICIPANTS_REPORT_PATH, webinar_id=self.webinar_id)
        page = await hook.request("GET", path, params={"page_size": 1})
        return report_available(page), None


class ZoomWebinarRegistrantsTrigger(ZoomBaseTrigger):
    """
    Fire when a webinar has at least ``min_registrants`` registrants (Zoom's ``total_records``).

    The event's value is None.

    :param webinar_id: the webinar id.
    :param min_registrants: the count to reach.
    :param status: ``approved`` (Zoom's default), ``pending`` or ``denied``.
    :param occurrence_id: one occurrence of a recurring webinar.
    """

    def __init__(
        self,
        *,
        webinar_id: int | str,
        min_registrants: int,
        status: str | None = None,
        occurrence_id: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.webinar_id = webinar_id
        self.min_registrants = int(min_registrants)
        self.status = status
        self.occurrence_id = occurrence_id

    async def poll(self, hook: ZoomAsyncHook) -> tuple[bool, Any]:
        page = await hook.request(
            "GET",
            api_path(WEBINAR_REGISTRANTS_PATH, webinar_id=self.webinar_id),
            params={"page_size": 1, "status": self.status, "occurrence_id": self.occurrence_id},
        )
        total = page.get("total_records") if isinstance(page, dict) else None
        if not isinstance(total, int):
            total = len(page.get("registrants") or []) if isinstance(page, dict) else 0
        return total >= self.min_registrants, None


class ZoomApiTrigger(ZoomBaseTrigger):
    """
    Fire with an endpoint's JSON as soon as it answers 2xx (404 keeps waiting).

    The sensor applies its ``response_check`` to the value after resuming (a callable cannot be
    serialized into a trigger), and defers again when the check is false.

    :param endpoint: API path relative to the base URL, e.g. ``/meetings/123``.
    :param params: query parameters.
    :param request_method: ``GET`` or ``HEAD``.
    """

    def __init__(
        self,
        *,
        endpoint: str,
        params: dict[str, Any] | None = None,
        request_method: str = "GET",
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.endpoint = check_endpoint(endpoint)
        self.params = dict(params) if params else None
        self.request_method = request_method.upper()

    async def poll(self, hook: ZoomAsyncHook) -> tuple[bool, Any]:
        return True, await hook.request(self.request_method, self.endpoint, params=self.params)


class ZoomArchiveCompleteTrigger(ZoomBaseTrigger):
    """
    Fire when a meeting instance's compliance archive is complete (no archived file processing).

    The event's value is the archive JSON (``GET /past_meetings/{meeting_uuid}/archive_files``).

    :param meeting_uuid: the ended instance's UUID.
    """

    def __init__(self, *, meeting_uuid: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.meeting_uuid = meeting_uuid

    async def poll(self, hook: ZoomAsyncHook) -> tuple[bool, Any]:
        path = api_path(PAST_MEETING_ARCHIVE_FILES_PATH, meeting_uuid=self.meeting_uuid)
        archive = await hook.request("GET", path)
        if archive_complete(archive):
            return True, archive
        return False, None
