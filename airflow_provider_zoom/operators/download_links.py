"""Ready-to-use download links for a meeting's recording files, to hand to another system."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from airflow_provider_zoom._http.values import normalize_types
from airflow_provider_zoom.exceptions import ZoomApiError
from airflow_provider_zoom.operators.base import ZoomBaseOperator
from airflow_provider_zoom.validation import check_int, require

if TYPE_CHECKING:
    from airflow.sdk import Context

#: Zoom's bounds for the lifetime of a meeting's ``download_access_token``, in seconds.
MIN_TTL = 1
MAX_TTL = 604800


def with_access_token(url: str, token: str) -> str:
    """``url`` with ``access_token=<token>`` appended to its query."""
    from urllib.parse import quote

    separator = "&" if "?" in url else "?"
    return f"{url}{separator}access_token={quote(token, safe='')}"


class ZoomGetRecordingDownloadLinksOperator(ZoomBaseOperator):
    """
    Return links that download a meeting's recording files without further authentication.

    Asks Zoom for the meeting's ``download_access_token`` (``include_fields=download_access_token``,
    valid ``ttl`` seconds) and returns, for each file, ``download_url?access_token=<token>`` with its
    expiry: ``{"meeting_uuid", "meeting_id", "topic", "expires_at", "files": [{"id", "file_type",
    "file_extension", "recording_type", "file_size", "recording_start", "download_url",
    "expires_at"}]}``.

    .. warning::
        The returned XCom holds a credential: anyone holding a link can download the files until it
        expires. The token is masked in task logs and never logged, but XCom values are stored in
        Airflow's metadata database and shown in the UI to users who can see the task's XComs. Keep
        ``ttl`` short, or set ``do_xcom_push=False`` and hand the links on inside the task.

    Scope ``cloud_recording:read:list_recording_files:admin`` (or ``recording:read:admin``). Every
    input is templated.

    :param meeting_id: meeting id (latest instance) or instance UUID.
    :param ttl: lifetime of the links in seconds (1-604800); default one hour.
    :param file_types: only these file types (``MP4``, ``M4A``, ``TRANSCRIPT``, ``CHAT``, ...);
        default: every file.
    """

    template_fields: Sequence[str] = (*ZoomBaseOperator.template_fields, "meeting_id", "ttl", "file_types")

    def __init__(
        self,
        *,
        meeting_id: int | str,
        ttl: int | str = 3600,
        file_types: Sequence[str] | str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.meeting_id = meeting_id
        self.ttl = ttl
        self.file_types = file_types
        if not (isinstance(ttl, str) and "{{" in ttl):
            check_int("ttl", ttl, minimum=MIN_TTL, maximum=MAX_TTL)
        if not (isinstance(file_types, str) and "{{" in file_types):
            normalize_types(file_types)

    def execute(self, context: Context) -> dict[str, Any]:
        from airflow.sdk.log import mask_secret

        require("meeting_id", self.meeting_id)
        ttl = int(check_int("ttl", require("ttl", self.ttl), minimum=MIN_TTL, maximum=MAX_TTL))
        wanted = normalize_types(self.file_types)
        # Counted from before the request, so the stated expiry is never later than Zoom's.
        expires_at = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=ttl)).replace(microsecond=0)
        recording = self.hook.get_meeting_recordings(
            self.meeting_id, include_fields="download_access_token", ttl=ttl
        )
        token = recording.get("download_access_token")
        if not token:
            raise ZoomApiError(
                status_code=200,
                zoom_message="Zoom returned no download_access_token for this meeting's recording",
                method="GET",
                path="/meetings/{meetingId}/recordings",
                hint="The app needs the recording read scope and the account must allow recording downloads.",
            )
        mask_secret(token)
        stamp = expires_at.isoformat().replace("+00:00", "Z")
        files = []
        for item in recording.get("recording_files") or []:
            url = item.get("download_url")
            if not url or (wanted is not None and str(item.get("file_type", "")).upper() not in wanted):
                continue
            link = with_access_token(url, token)
            mask_secret(link)
            files.append(
                {
                    "id": item.get("id"),
                    "file_type": item.get("file_type"),
                    "file_extension": item.get("file_extension"),
                    "recording_type": item.get("recording_type"),
                    "file_size": item.get("file_size"),
                    "recording_start": item.get("recording_start"),
                    "download_url": link,
                    "expires_at": stamp,
                }
            )
        self.log.info(
            "Prepared %d download link(s) for meeting %s, valid until %s.", len(files), self.meeting_id, stamp
        )
        return {
            "meeting_uuid": recording.get("uuid"),
            "meeting_id": recording.get("id"),
            "topic": recording.get("topic"),
            "expires_at": stamp,
            "files": files,
        }
