"""Sensors that wait for Zoom: recordings ready, meetings ended, reports available, registrants counted."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from airflow.sdk import PokeReturnValue

from airflow_provider_zoom.exceptions import ZoomConfigError, ZoomNotFoundError
from airflow_provider_zoom.sensors.base import ZoomBaseSensor
from airflow_provider_zoom.triggers._conditions import (
    archive_complete,
    ended_threshold,
    meeting_in_progress,
    past_meeting_ended,
    recording_ready,
    report_available,
    selected_files,
)
from airflow_provider_zoom.validation import (
    READ_METHODS,
    REGISTRANT_STATUSES,
    check_choice,
    check_endpoint,
    check_int,
    check_method,
    check_query_params,
    exactly_one,
    require,
)
from airflow_provider_zoom.version_compat import AirflowSensorTimeout

if TYPE_CHECKING:
    from airflow.sdk import Context

    from airflow_provider_zoom.triggers.base import ZoomBaseTrigger

#: The methods ZoomApiSensor sends: sensors only read.
API_SENSOR_METHODS = READ_METHODS


class ZoomRecordingReadySensor(ZoomBaseSensor):
    """
    Wait until a meeting's cloud recording exists and its files are processed.

    Done when ``GET /meetings/{meeting_id}/recordings`` lists at least ``min_files`` files of the
    selected types and every one of them has ``status`` ``completed`` (CC and TIMELINE files carry no
    status and count as completed once listed). Zoom answers 404 (code 3301) until the recording
    exists: that is "not yet". Returns the recording JSON (pushed to XCom).

    Scope: ``cloud_recording:read:list_recording_files:admin`` (classic ``recording:read:admin``).

    :param meeting_id: numeric meeting id (latest instance) or instance UUID. (templated)
    :param file_types: only files of these ``file_type`` values count, e.g. ``["MP4", "M4A"]`` or
        ``"MP4,M4A"``; None: all files. (templated)
    :param min_files: how many selected files must be present.
    :param zoom_conn_id: the ``zoom`` connection. (templated)
    :param deferrable: wait in the triggerer instead of a worker.
    """

    template_fields: Sequence[str] = ("zoom_conn_id", "meeting_id", "file_types")

    def __init__(
        self,
        *,
        meeting_id: int | str,
        file_types: Sequence[str] | str | None = None,
        min_files: int = 1,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.meeting_id = meeting_id
        self.file_types = file_types
        self.min_files = check_int("min_files", min_files, minimum=1)

    def validate(self) -> None:
        require("meeting_id", self.meeting_id)

    def _file_types(self) -> list[str] | None:
        from airflow_provider_zoom._values.arguments import normalize_types

        # A rendered template gives one string: "MP4,M4A" reads as well as "MP4". A list, so the
        # trigger's kwargs stay JSON.
        types = normalize_types(self.file_types)
        return sorted(types) if types is not None else None

    def check(self, context: Context) -> bool | PokeReturnValue:
        recording = self.hook.get_meeting_recordings(self.meeting_id)
        if recording_ready(recording, self._file_types(), self.min_files):
            return PokeReturnValue(is_done=True, xcom_value=recording)
        files = selected_files(recording, self._file_types())
        states = sorted({str(f.get("status") or "listed") for f in files})
        self.log.info(
            "Recording of meeting %s: %d selected file(s) (%s); waiting for %d, all completed.",
            self.meeting_id,
            len(files),
            ", ".join(states) or "none",
            self.min_files,
        )
        return False

    def make_trigger(self, *, initial_delay: float = 0.0) -> ZoomBaseTrigger:
        from airflow_provider_zoom.triggers.zoom import ZoomRecordingReadyTrigger

        return ZoomRecordingReadyTrigger(
            meeting_id=self.meeting_id,
            file_types=self._file_types(),
            min_files=self.min_files,
            zoom_conn_id=self.zoom_conn_id,
            poke_interval=self.poke_interval,
            initial_delay=initial_delay,
        )


class ZoomArchiveCompleteSensor(ZoomBaseSensor):
    """
    Wait until a meeting or webinar instance's compliance archive is complete.

    Done when ``GET /past_meetings/{meeting_uuid}/archive_files`` says ``completed`` and no archived
    file is still processing. Zoom answers 404 until the instance has an archive: that is "not yet".
    Returns the archive JSON (pushed to XCom).

    Scope: ``archiving:read:archived_files:admin`` (classic ``recording:read``).

    :param meeting_uuid: the ended instance's UUID. (templated)
    :param zoom_conn_id: the ``zoom`` connection. (templated)
    :param deferrable: wait in the triggerer instead of a worker.
    """

    template_fields: Sequence[str] = ("zoom_conn_id", "meeting_uuid")

    def __init__(self, *, meeting_uuid: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.meeting_uuid = meeting_uuid

    def validate(self) -> None:
        require("meeting_uuid", self.meeting_uuid)

    def check(self, context: Context) -> bool | PokeReturnValue:
        archive = self.hook.get_meeting_archive_files(self.meeting_uuid)
        if archive_complete(archive):
            return PokeReturnValue(is_done=True, xcom_value=archive)
        states = sorted({str(f.get("status") or "unknown") for f in archive.get("archive_files") or []})
        self.log.info(
            "Archive of meeting %s: %s (files: %s); waiting for completed.",
            self.meeting_uuid,
            archive.get("status") or "no status",
            ", ".join(states) or "none",
        )
        return False

    def make_trigger(self, *, initial_delay: float = 0.0) -> ZoomBaseTrigger:
        from airflow_provider_zoom.triggers.zoom import ZoomArchiveCompleteTrigger

        return ZoomArchiveCompleteTrigger(
            meeting_uuid=self.meeting_uuid,
            zoom_conn_id=self.zoom_conn_id,
            poke_interval=self.poke_interval,
            initial_delay=initial_delay,
        )


class ZoomMeetingEndedSensor(ZoomBaseSensor):
    """
    Wait until a meeting, or one occurrence of it, has ended.

    Zoom's meeting ``status`` is only ``waiting`` or ``started`` (an ended meeting reads ``waiting``
    again), so the sensor is done when the meeting is not in progress and its past-meeting record
    (``GET /past_meetings/{meeting_id}``: the latest ended instance) has an ``end_time`` no earlier
    than ``ended_after`` (or, with ``occurrence_id``, than that occurrence's scheduled start, so an
    earlier occurrence does not count). A meeting Zoom no longer knows (3001, e.g. an ended instant
    meeting) is judged by its past record alone; no past record yet (404) is "not yet". Returns the
    past-meeting JSON (``uuid``, ``start_time``, ``end_time``, ``participants_count``...).

    Scopes: ``meeting:read:meeting:admin`` and ``meeting:read:past_meeting:admin`` (classic
    ``meeting:read:admin``).

    :param meeting_id: the meeting id. (templated)
    :param occurrence_id: one occurrence of a recurring meeting. (templated)
    :param ended_after: ISO date-time, e.g. ``"{{ data_interval_start }}"``: an end before it does not
        count (use it for recurring meetings without ``occurrence_id``). (templated)
    :param zoom_conn_id: the ``zoom`` connection. (templated)
    :param deferrable: wait in the triggerer instead of a worker.
    """

    template_fields: Sequence[str] = ("zoom_conn_id", "meeting_id", "occurrence_id", "ended_after")

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

    def validate(self) -> None:
        from airflow_provider_zoom.triggers._conditions import parse_time

        require("meeting_id", self.meeting_id)
        if self.ended_after not in (None, "") and parse_time(self.ended_after) is None:
            raise ZoomConfigError("ended_after", f"must be an ISO date-time, got {self.ended_after!r}")

    def check(self, context: Context) -> bool | PokeReturnValue:
        meeting: dict[str, Any] | None
        try:
            meeting = self.hook.get_meeting(self.meeting_id, occurrence_id=self.occurrence_id or None)
        except ZoomNotFoundError:
            # Zoom forgets ended instant meetings (3001); their past record still answers.
            meeting = None
        if meeting_in_progress(meeting):
            self.log.info("Meeting %s is in progress.", self.meeting_id)
            return False
        past = self.hook.get_past_meeting(self.meeting_id)
        threshold = ended_threshold(meeting, self.occurrence_id, self.ended_after or None)
        if past_meeting_ended(past, threshold):
            return PokeReturnValue(is_done=True, xcom_value=past)
        self.log.info(
            "Meeting %s: latest end %s is not after %s yet.", self.meeting_id, past.get("end_time"), threshold
        )
        return False

    def make_trigger(self, *, initial_delay: float = 0.0) -> ZoomBaseTrigger:
        from airflow_provider_zoom.triggers.zoom import ZoomMeetingEndedTrigger

        return ZoomMeetingEndedTrigger(
            meeting_id=self.meeting_id,
            occurrence_id=self.occurrence_id or None,
            ended_after=str(self.ended_after) if self.ended_after else None,
            zoom_conn_id=self.zoom_conn_id,
            poke_interval=self.poke_interval,
            initial_delay=initial_delay,
        )


class ZoomParticipantsReportSensor(ZoomBaseSensor):
    """
    Wait until the participants report of an ended meeting or webinar is available.

    Zoom builds reports some minutes after the end and answers 404/3001 until then ("not yet"); the
    sensor is done once the report lists a participant. Give exactly one of ``meeting_id`` and
    ``webinar_id``. Returns nothing.

    Scopes: ``report:read:list_meeting_participants:admin`` or
    ``report:read:list_webinar_participants:admin`` (classic ``report:read:admin``; a Pro plan or higher).

    :param meeting_id: meeting id or instance UUID. (templated)
    :param webinar_id: webinar id or instance UUID. (templated)
    :param zoom_conn_id: the ``zoom`` connection. (templated)
    :param deferrable: wait in the triggerer instead of a worker.
    """

    template_fields: Sequence[str] = ("zoom_conn_id", "meeting_id", "webinar_id")

    def __init__(
        self, *, meeting_id: int | str | None = None, webinar_id: int | str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        exactly_one(meeting_id=meeting_id, webinar_id=webinar_id)
        self.meeting_id = meeting_id
        self.webinar_id = webinar_id

    def validate(self) -> None:
        if self.meeting_id is not None:
            require("meeting_id", self.meeting_id)
        else:
            require("webinar_id", self.webinar_id)

    def check(self, context: Context) -> bool:
        if self.meeting_id is not None:
            rows = self.hook.list_meeting_participants_report(self.meeting_id, max_results=1)
        else:
            rows = self.hook.list_webinar_participants_report(
                require("webinar_id", self.webinar_id), max_results=1
            )
        return report_available(rows)

    def make_trigger(self, *, initial_delay: float = 0.0) -> ZoomBaseTrigger:
        from airflow_provider_zoom.triggers.zoom import ZoomParticipantsReportTrigger

        return ZoomParticipantsReportTrigger(
            meeting_id=self.meeting_id,
            webinar_id=self.webinar_id,
            zoom_conn_id=self.zoom_conn_id,
            poke_interval=self.poke_interval,
            initial_delay=initial_delay,
        )

    def on_trigger_success(self, context: Context, value: Any, **kwargs: Any) -> None:
        return None


class ZoomWebinarRegistrantsSensor(ZoomBaseSensor):
    """
    Wait until a webinar has at least ``min_registrants`` registrants.

    A webinar that does not exist (yet) is "not yet". Returns nothing.

    Scope: ``webinar:read:list_registrants:admin`` (classic ``webinar:read:admin``).

    :param webinar_id: the webinar id. (templated)
    :param min_registrants: the count to reach.
    :param status: count ``approved`` (Zoom's default), ``pending`` or ``denied`` registrants. (templated)
    :param occurrence_id: one occurrence of a recurring webinar. (templated)
    :param zoom_conn_id: the ``zoom`` connection. (templated)
    :param deferrable: wait in the triggerer instead of a worker.
    """

    template_fields: Sequence[str] = ("zoom_conn_id", "webinar_id", "status", "occurrence_id")

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
        self.min_registrants = check_int("min_registrants", min_registrants, minimum=1)
        self.status = status
        self.occurrence_id = occurrence_id

    def validate(self) -> None:
        require("webinar_id", self.webinar_id)
        check_choice("status", self.status or None, REGISTRANT_STATUSES)

    def check(self, context: Context) -> bool:
        # Listing stops at min_registrants, so a large webinar costs a single page.
        registrants = self.hook.list_webinar_registrants(
            self.webinar_id,
            status=self.status or None,
            occurrence_id=self.occurrence_id or None,
            max_results=self.min_registrants,
        )
        self.log.info(
            "Webinar %s: %s%d registrant(s), waiting for %d.",
            self.webinar_id,
            "at least " if len(registrants) >= self.min_registrants else "",
            len(registrants),
            self.min_registrants,
        )
        return len(registrants) >= self.min_registrants

    def make_trigger(self, *, initial_delay: float = 0.0) -> ZoomBaseTrigger:
        from airflow_provider_zoom.triggers.zoom import ZoomWebinarRegistrantsTrigger

        return ZoomWebinarRegistrantsTrigger(
            webinar_id=self.webinar_id,
            min_registrants=self.min_registrants,
            status=self.status or None,
            occurrence_id=self.occurrence_id or None,
            zoom_conn_id=self.zoom_conn_id,
            poke_interval=self.poke_interval,
            initial_delay=initial_delay,
        )

    def on_trigger_success(self, context: Context, value: Any, **kwargs: Any) -> None:
        return None


class ZoomApiSensor(ZoomBaseSensor):
    """
    Wait until a Zoom endpoint answers 2xx and, optionally, its JSON passes ``response_check``.

    A 404 is "not yet". Returns the endpoint's JSON. In deferrable mode the trigger fires with the JSON
    at the first 2xx (a callable cannot be serialized into a trigger); ``response_check`` then runs in
    the worker and, when false, the sensor defers again for what is left of ``timeout``, polling after
    ``poke_interval``.

    Scopes: whatever the endpoint needs.

    :param endpoint: API path relative to the connection's base URL, e.g. ``/meetings/123``;
        absolute URLs are refused so the token never leaves Zoom. (templated)
    :param request_params: query parameters (not ``params``: that name is the DAG params of every
        operator). (templated)
    :param response_check: ``response_check(json) -> bool``; None: any 2xx will do.
    :param request_method: ``GET`` (default) or ``HEAD``: sensors only read.
    :param zoom_conn_id: the ``zoom`` connection. (templated)
    :param deferrable: wait in the triggerer instead of a worker.
    """

    template_fields: Sequence[str] = ("zoom_conn_id", "endpoint", "request_params")

    def __init__(
        self,
        *,
        endpoint: str,
        request_params: dict[str, Any] | None = None,
        response_check: Callable[[Any], bool] | None = None,
        request_method: str = "GET",
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if "{{" not in str(endpoint) and "{%" not in str(endpoint):
            check_endpoint(endpoint)
        self.endpoint = endpoint
        self.request_params = request_params
        self.response_check = response_check
        self.request_method = check_method("request_method", request_method, READ_METHODS)

    def validate(self) -> None:
        self.endpoint = check_endpoint(self.endpoint)
        self.request_params = check_query_params("request_params", self.request_params)

    def _passes(self, data: Any) -> bool:
        return self.response_check is None or bool(self.response_check(data))

    def check(self, context: Context) -> bool | PokeReturnValue:
        data = self.hook.request(self.request_method, self.endpoint, params=self.request_params)
        return PokeReturnValue(is_done=True, xcom_value=data) if self._passes(data) else False

    def make_trigger(self, *, initial_delay: float = 0.0) -> ZoomBaseTrigger:
        from airflow_provider_zoom.triggers.zoom import ZoomApiTrigger

        return ZoomApiTrigger(
            endpoint=self.endpoint,
            params=self.request_params,
            request_method=self.request_method,
            zoom_conn_id=self.zoom_conn_id,
            poke_interval=self.poke_interval,
            initial_delay=initial_delay,
        )

    def defer_to_trigger(self, *, timeout: float, initial_delay: float = 0.0, **kwargs: Any) -> None:
        # The deadline travels with the deferral so re-deferring never extends the sensor's timeout.
        kwargs.setdefault("deadline", time.time() + timeout)
        super().defer_to_trigger(timeout=timeout, initial_delay=initial_delay, **kwargs)

    def on_trigger_success(self, context: Context, value: Any, **kwargs: Any) -> Any:
        if self._passes(value):
            return value
        deadline = float(kwargs.get("deadline") or time.time() + self.timeout)
        remaining = deadline - time.time()
        if remaining <= 0:
            raise AirflowSensorTimeout(
                f"Sensor has timed out: {self.endpoint} answered but response_check stayed false "
                f"for {self.timeout} seconds."
            )
        self.log.info("response_check is false; waiting %ss and checking again.", self.poke_interval)
        self.defer_to_trigger(timeout=remaining, initial_delay=self.poke_interval, deadline=deadline)
