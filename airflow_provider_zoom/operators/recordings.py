"""Operators for cloud recordings: list (user or account, any date range), get, delete."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from airflow_provider_zoom.hooks._resources.recordings import RECORDING_DELETE_ACTIONS, RECORDING_TRASH_TYPES
from airflow_provider_zoom.operators._fields import is_static
from airflow_provider_zoom.operators.base import ZoomBaseOperator, ZoomListOperator, check_max_results
from airflow_provider_zoom.validation import check_bool, check_choice, require

if TYPE_CHECKING:
    from airflow.sdk import Context


class ZoomListRecordingsOperator(ZoomListOperator):
    """
    Return a user's cloud recordings (one entry per meeting instance, with its files) over any date
    range, walked month by month. Scope ``cloud_recording:read:list_user_recordings:admin``
    (or ``recording:read:admin``).

    ``from_``/``to`` default to the DAG run's data interval (its last day is the day before the
    interval's exclusive end). To copy the files to object storage use the transfer operators in
    :mod:`airflow_provider_zoom.transfers`.

    :param user_id: user id, email or ``me``.
    :param from_: first day.
    :param to: last day, inclusive.
    :param trash: list recordings in the trash instead (the whole trash: Zoom cannot filter it by date).
    :param trash_type: ``meeting_recordings`` or ``recording_file`` (with ``trash``).
    :param mc: include Meeting Connector recordings.
    :param meeting_id: only this meeting's instances.
    :param max_results: stop after this many meetings.
    """

    template_fields: Sequence[str] = (
        *ZoomListOperator.template_fields,
        "user_id",
        "from_",
        "to",
        "trash",
        "trash_type",
        "mc",
        "meeting_id",
        "max_results",
    )

    def __init__(
        self,
        *,
        user_id: str = "me",
        from_: Any = None,
        to: Any = None,
        trash: bool | None = None,
        trash_type: str | None = None,
        mc: bool | None = None,
        meeting_id: int | str | None = None,
        max_results: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if is_static(trash_type):
            check_choice("trash_type", trash_type or None, RECORDING_TRASH_TYPES)
        self.user_id = user_id
        self.from_ = from_
        self.to = to
        self.trash = trash
        self.trash_type = trash_type
        self.mc = mc
        self.meeting_id = meeting_id
        self.max_results = max_results

    def list_items(self, context: Context) -> list[dict[str, Any]]:
        trash = check_bool("trash", self.trash)
        # Zoom cannot filter the trash by date: it is one listing.
        start, end = (None, None) if trash else self.date_range(context, self.from_, self.to)
        meetings = self.hook.list_recordings(
            self.user_id,
            start,
            end,
            trash=trash,
            trash_type=self.trash_type or None,
            mc=self.mc,
            meeting_id=self.meeting_id or None,
            max_results=check_max_results(self.max_results),
        )
        self.log.info(
            "Listed %d recorded meeting(s) of %s from %s to %s.", len(meetings), self.user_id, start, end
        )
        return meetings


class ZoomListAccountRecordingsOperator(ZoomListOperator):
    """
    Return every user's cloud recordings in the account over any date range.
    Scope ``cloud_recording:read:list_account_recordings:admin`` (or ``recording:read:admin``).

    ``from_``/``to`` default to the DAG run's data interval. For large accounts use the transfer
    operators in :mod:`airflow_provider_zoom.transfers`.

    :param from_: first day.
    :param to: last day, inclusive.
    :param account_id: ``me`` (the connection's account) or a sub account id.
    :param max_results: stop after this many meetings.
    """

    template_fields: Sequence[str] = (
        *ZoomListOperator.template_fields,
        "from_",
        "to",
        "account_id",
        "max_results",
    )

    def __init__(
        self,
        *,
        from_: Any = None,
        to: Any = None,
        account_id: str = "me",
        max_results: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.from_ = from_
        self.to = to
        self.account_id = account_id
        self.max_results = max_results

    def list_items(self, context: Context) -> list[dict[str, Any]]:
        start, end = self.date_range(context, self.from_, self.to)
        return self.hook.list_account_recordings(
            start, end, account_id=self.account_id, max_results=check_max_results(self.max_results)
        )


class ZoomGetMeetingRecordingsOperator(ZoomBaseOperator):
    """
    Return one meeting's recording and all its files.
    Scope ``cloud_recording:read:list_recording_files:admin`` (or ``recording:read:admin``).

    :param meeting_id: meeting id (latest instance) or instance UUID.
    :param include_fields: ``download_access_token`` to receive a token for the files; the token is
        masked in logs but is part of the returned XCom value.
    :param ttl: lifetime of that token in seconds (1-604800).
    """

    template_fields: Sequence[str] = (
        *ZoomBaseOperator.template_fields,
        "meeting_id",
        "include_fields",
        "ttl",
    )

    def __init__(
        self,
        *,
        meeting_id: int | str,
        include_fields: str | None = None,
        ttl: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.meeting_id = meeting_id
        self.include_fields = include_fields
        self.ttl = ttl

    def execute(self, context: Context) -> dict[str, Any]:
        require("meeting_id", self.meeting_id)
        recording = self.hook.get_meeting_recordings(
            self.meeting_id,
            include_fields=self.include_fields or None,
            ttl=None if self.ttl in (None, "") else self.ttl,
        )
        token = recording.get("download_access_token")
        if token:
            from airflow.sdk.log import mask_secret

            mask_secret(token)
        return recording


class ZoomDeleteMeetingRecordingsOperator(ZoomBaseOperator):
    """
    Delete all of a meeting's recording files. Scope ``cloud_recording:delete:meeting_recording:admin``
    (or ``recording:write:admin``).

    :param meeting_id: meeting id or instance UUID.
    :param action: ``trash`` (default; recoverable for 30 days) or ``delete`` (permanent).
    :return: ``{"meeting_id", "action"}``.
    """

    template_fields: Sequence[str] = (*ZoomBaseOperator.template_fields, "meeting_id", "action")

    def __init__(self, *, meeting_id: int | str, action: str = "trash", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if is_static(action):
            check_choice("action", action, RECORDING_DELETE_ACTIONS)
        self.meeting_id = meeting_id
        self.action = action

    def execute(self, context: Context) -> dict[str, Any]:
        require("meeting_id", self.meeting_id)
        self.hook.delete_meeting_recordings(self.meeting_id, action=self.action)
        self.log.info("Recordings of meeting %s: %s.", self.meeting_id, self.action)
        return {"meeting_id": self.meeting_id, "action": self.action}


class ZoomDeleteRecordingFileOperator(ZoomBaseOperator):
    """
    Delete one recording file. Scope ``cloud_recording:delete:recording_file:admin``
    (or ``recording:write:admin``).

    :param meeting_id: meeting id or instance UUID.
    :param recording_id: the file's ``id``.
    :param action: ``trash`` (default) or ``delete`` (permanent).
    :return: ``{"meeting_id", "recording_id", "action"}``.
    """

    template_fields: Sequence[str] = (
        *ZoomBaseOperator.template_fields,
        "meeting_id",
        "recording_id",
        "action",
    )

    def __init__(
        self, *, meeting_id: int | str, recording_id: str, action: str = "trash", **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        if is_static(action):
            check_choice("action", action, RECORDING_DELETE_ACTIONS)
        self.meeting_id = meeting_id
        self.recording_id = recording_id
        self.action = action

    def execute(self, context: Context) -> dict[str, Any]:
        require("meeting_id", self.meeting_id)
        require("recording_id", self.recording_id)
        self.hook.delete_recording_file(self.meeting_id, self.recording_id, action=self.action)
        self.log.info("Recording file %s of meeting %s: %s.", self.recording_id, self.meeting_id, self.action)
        return {"meeting_id": self.meeting_id, "recording_id": self.recording_id, "action": self.action}
