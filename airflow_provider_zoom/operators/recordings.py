"""Operators for cloud recordings: list (user or account, any date range), get, delete."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from airflow_provider_zoom.operators._days import DayRangeListOperator
from airflow_provider_zoom.operators.base import ZoomBaseOperator
from airflow_provider_zoom.validation import check_bool

if TYPE_CHECKING:
    from airflow.sdk import Context


class ZoomListRecordingsOperator(DayRangeListOperator):
    """
    Return a user's cloud recordings (one entry per meeting instance, with its files) over any date
    range, walked month by month, or the whole trash (``trash``; Zoom cannot filter it by date, so
    ``from_``/``to`` are not used). Scope ``cloud_recording:read:list_user_recordings:admin``
    (or ``recording:read:admin``).

    To copy the files to object storage use the transfer operators in
    :mod:`airflow_provider_zoom.transfers`.
    """

    hook_method = "list_recordings"

    def takes_days(self, kwargs: dict[str, Any]) -> bool:
        return not check_bool("trash", kwargs["trash"])


class ZoomListAccountRecordingsOperator(DayRangeListOperator):
    """
    Return every user's cloud recordings in the account over any date range.
    Scope ``cloud_recording:read:list_account_recordings:admin`` (or ``recording:read:admin``).

    For large accounts use the transfer operators in :mod:`airflow_provider_zoom.transfers`.
    """

    hook_method = "list_account_recordings"


class ZoomGetMeetingRecordingsOperator(ZoomBaseOperator):
    """
    Return one meeting's recording and all its files.
    Scope ``cloud_recording:read:list_recording_files:admin`` (or ``recording:read:admin``).

    With ``include_fields="download_access_token"`` (the explicit ask) the token is masked in logs
    but is part of the returned XCom value.
    """

    hook_method = "get_meeting_recordings"

    def kept_secret_fields(self) -> frozenset[str]:
        asked = "download_access_token" in str(getattr(self, "include_fields", None) or "")
        return frozenset({"download_access_token"}) if asked else frozenset()


class ZoomDeleteMeetingRecordingsOperator(ZoomBaseOperator):
    """
    Delete all of a meeting's recording files; returns ``{"meeting_id", "action"}``.
    Scope ``cloud_recording:delete:meeting_recording:admin`` (or ``recording:write:admin``).
    """

    hook_method = "delete_meeting_recordings"

    def result(self, context: Context, reply: dict[str, Any], sent: Mapping[str, Any]) -> dict[str, Any]:
        self.log.info("Recordings of meeting %s: %s.", sent["meeting_id"], sent["action"])
        return {"meeting_id": sent["meeting_id"], "action": sent["action"]}


class ZoomDeleteRecordingFileOperator(ZoomBaseOperator):
    """
    Delete one recording file; returns ``{"meeting_id", "recording_id", "action"}``.
    Scope ``cloud_recording:delete:recording_file:admin`` (or ``recording:write:admin``).
    """

    hook_method = "delete_recording_file"

    def result(self, context: Context, reply: dict[str, Any], sent: Mapping[str, Any]) -> dict[str, Any]:
        self.log.info("Recording file %(recording_id)s of meeting %(meeting_id)s: %(action)s.", sent)
        return {name: sent[name] for name in ("meeting_id", "recording_id", "action")}
