"""Ready-to-use download links for a meeting's recording files, to hand to another system."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from airflow_provider_zoom._http.paths import with_access_token
from airflow_provider_zoom.operators.base import ZoomBaseOperator

if TYPE_CHECKING:
    from airflow.sdk import Context

__all__ = ["ZoomGetRecordingDownloadLinksOperator", "with_access_token"]


class ZoomGetRecordingDownloadLinksOperator(ZoomBaseOperator):
    """
    Return links that download a meeting's recording files without further authentication:
    ``{"meeting_uuid", "meeting_id", "topic", "expires_at", "files": [{"id", "file_type",
    "file_extension", "recording_type", "file_size", "recording_start", "download_url",
    "expires_at"}]}``, each ``download_url`` carrying the meeting's ``download_access_token``.

    .. warning::
        The returned XCom holds a credential: anyone holding a link can download the files until it
        expires. The token is masked in task logs and never logged, but XCom values are stored in
        Airflow's metadata database and shown in the UI to users who can see the task's XComs. Keep
        ``ttl`` short, or set ``do_xcom_push=False`` and hand the links on inside the task.

    Scope ``cloud_recording:read:list_recording_files:admin`` (or ``recording:read:admin``).
    """

    hook_method = "get_recording_download_links"

    def result(self, context: Context, reply: dict[str, Any], sent: Mapping[str, Any]) -> dict[str, Any]:
        self.log.info(
            "Prepared %d download link(s) for meeting %s, valid until %s.",
            len(reply["files"]),
            reply["meeting_id"],
            reply["expires_at"],
        )
        return reply
