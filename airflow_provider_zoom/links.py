"""Operator extra links: open the meeting or webinar an operator acted on in Zoom's web portal."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar
from urllib.parse import quote

from airflow.sdk import BaseOperatorLink

if TYPE_CHECKING:
    from airflow.sdk import BaseOperator
    from airflow.sdk.types import TaskInstanceKey

# The operators push the id under these keys; the link reads it back when the task finishes.
MEETING_ID_XCOM_KEY = "zoom_meeting_id"
WEBINAR_ID_XCOM_KEY = "zoom_webinar_id"
ZOOM_WEB_BASE = "https://zoom.us"


class _ZoomPortalLink(BaseOperatorLink):
    """
    A link to ``https://zoom.us/<kind>/<id>`` built from the id the operator pushed to XCom.

    The id lives under its own key (``id_xcom_key``); ``xcom_key`` is where Airflow stores the finished link.
    """

    name: ClassVar[str]
    id_xcom_key: ClassVar[str]
    path: ClassVar[str]

    def get_link(self, operator: BaseOperator, *, ti_key: TaskInstanceKey) -> str:
        from airflow.sdk.execution_time.xcom import XCom

        try:
            value = XCom.get_value(ti_key=ti_key, key=self.id_xcom_key)
        except Exception:  # a link must never break the page or the task: show no link instead
            return ""
        if value in (None, ""):
            return ""
        return f"{ZOOM_WEB_BASE}/{self.path}/{quote(str(value), safe='')}"


class ZoomMeetingLink(_ZoomPortalLink):
    """Opens the meeting in Zoom's web portal."""

    name = "Zoom Meeting"
    id_xcom_key = MEETING_ID_XCOM_KEY
    path = "meeting"


class ZoomWebinarLink(_ZoomPortalLink):
    """Opens the webinar in Zoom's web portal."""

    name = "Zoom Webinar"
    id_xcom_key = WEBINAR_ID_XCOM_KEY
    path = "webinar"
