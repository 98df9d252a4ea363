"""Correct use of every task class: ``test_operator_types.py`` checks that mypy flags none of it."""

from __future__ import annotations

from airflow_provider_zoom.operators.account import (
    ZoomDescribeTokenScopesOperator,
    ZoomGetAccountSettingsOperator,
    ZoomGetCurrentUserOperator,
)
from airflow_provider_zoom.operators.ai import (
    ZoomGetMeetingSummaryOperator,
    ZoomGetMeetingTranscriptOperator,
    ZoomListMeetingSummariesOperator,
)
from airflow_provider_zoom.operators.api import (
    ZoomApiOperator,
)
from airflow_provider_zoom.operators.archiving import (
    ZoomDeleteMeetingArchiveFilesOperator,
    ZoomGetArchiveFileStatisticsOperator,
    ZoomGetMeetingArchiveFilesOperator,
    ZoomListArchiveFilesOperator,
    ZoomSetArchiveFileAutoDeleteOperator,
)
from airflow_provider_zoom.operators.chat import (
    ZoomListChatChannelsOperator,
    ZoomListChatMessagesOperator,
    ZoomSendChatMessageOperator,
)
from airflow_provider_zoom.operators.download_links import (
    ZoomGetRecordingDownloadLinksOperator,
)
from airflow_provider_zoom.operators.meetings import (
    ZoomCreateMeetingOperator,
    ZoomDeleteMeetingOperator,
    ZoomGetMeetingInvitationOperator,
    ZoomGetMeetingOperator,
    ZoomGetPastMeetingOperator,
    ZoomListMeetingsOperator,
    ZoomListPastMeetingInstancesOperator,
    ZoomListPastMeetingParticipantsOperator,
    ZoomUpdateMeetingOperator,
    ZoomUpdateMeetingStatusOperator,
)
from airflow_provider_zoom.operators.panelists import (
    ZoomAddWebinarPanelistsOperator,
    ZoomListWebinarPanelistsOperator,
    ZoomRemoveWebinarPanelistOperator,
    ZoomRemoveWebinarPanelistsOperator,
)
from airflow_provider_zoom.operators.phone import (
    ZoomDeletePhoneRecordingOperator,
    ZoomListPhoneCallLogsOperator,
    ZoomListPhoneNumbersOperator,
    ZoomListPhoneRecordingsOperator,
    ZoomListPhoneVoicemailsOperator,
    ZoomListUserCallLogsOperator,
    ZoomListUserPhoneRecordingsOperator,
)
from airflow_provider_zoom.operators.polls import (
    ZoomGetPastMeetingQAOperator,
    ZoomGetPastWebinarQAOperator,
    ZoomListPastMeetingPollsOperator,
    ZoomListPastWebinarPollsOperator,
)
from airflow_provider_zoom.operators.recordings import (
    ZoomDeleteMeetingRecordingsOperator,
    ZoomDeleteRecordingFileOperator,
    ZoomGetMeetingRecordingsOperator,
    ZoomListAccountRecordingsOperator,
    ZoomListRecordingsOperator,
)
from airflow_provider_zoom.operators.registrants import (
    ZoomAddMeetingRegistrantOperator,
    ZoomAddMeetingRegistrantsOperator,
    ZoomAddWebinarRegistrantOperator,
    ZoomAddWebinarRegistrantsOperator,
    ZoomListMeetingRegistrantsOperator,
    ZoomListWebinarRegistrantsOperator,
    ZoomUpdateMeetingRegistrantStatusOperator,
    ZoomUpdateWebinarRegistrantStatusOperator,
)
from airflow_provider_zoom.operators.reports import (
    ZoomGetDailyUsageReportOperator,
    ZoomGetMeetingReportOperator,
    ZoomGetWebinarPollsReportOperator,
    ZoomGetWebinarQaReportOperator,
    ZoomGetWebinarReportOperator,
    ZoomListMeetingParticipantsReportOperator,
    ZoomListUserMeetingsReportOperator,
    ZoomListWebinarParticipantsReportOperator,
)
from airflow_provider_zoom.operators.users import (
    ZoomCreateUserOperator,
    ZoomDeleteUserOperator,
    ZoomGetUserOperator,
    ZoomListUsersOperator,
    ZoomUpdateUserOperator,
)
from airflow_provider_zoom.operators.webinars import (
    ZoomCreateWebinarOperator,
    ZoomDeleteWebinarOperator,
    ZoomGetWebinarOperator,
    ZoomListWebinarAbsenteesOperator,
    ZoomListWebinarParticipantsOperator,
    ZoomListWebinarsOperator,
    ZoomUpdateWebinarOperator,
)
from airflow_provider_zoom.sensors.zoom import (
    ZoomApiSensor,
    ZoomArchiveCompleteSensor,
    ZoomMeetingEndedSensor,
    ZoomParticipantsReportSensor,
    ZoomRecordingReadySensor,
    ZoomWebinarRegistrantsSensor,
)
from airflow_provider_zoom.transfers.archives import (
    ZoomArchiveFilesToObjectStorageOperator,
)
from airflow_provider_zoom.transfers.phone import (
    ZoomPhoneRecordingsToObjectStorageOperator,
)
from airflow_provider_zoom.transfers.recordings import (
    ZoomRecordingsToObjectStorageOperator,
)
from airflow_provider_zoom.transfers.reports import (
    ZoomReportToObjectStorageOperator,
)

ZoomAddMeetingRegistrantOperator(task_id="c0", meeting_id=1)
ZoomAddMeetingRegistrantsOperator(task_id="c1", meeting_id=1)
ZoomAddWebinarPanelistsOperator(task_id="c2", webinar_id=1, panelists=[{"email": "a@example.com"}])
ZoomAddWebinarRegistrantOperator(task_id="c3", webinar_id=1)
ZoomAddWebinarRegistrantsOperator(task_id="c4", webinar_id=1)
ZoomApiOperator(task_id="c5", endpoint="u1")
ZoomApiSensor(task_id="c6", endpoint="u1")
ZoomCreateMeetingOperator(task_id="c7")
ZoomCreateUserOperator(task_id="c8")
ZoomCreateWebinarOperator(task_id="c9")
ZoomDeleteMeetingOperator(task_id="c10", meeting_id=1)
ZoomDeleteMeetingRecordingsOperator(task_id="c11", meeting_id=1)
ZoomDeleteRecordingFileOperator(task_id="c12", meeting_id=1, recording_id="u1")
ZoomDeleteUserOperator(task_id="c13", user_id="u1")
ZoomDeleteWebinarOperator(task_id="c14", webinar_id=1)
ZoomDescribeTokenScopesOperator(task_id="c15")
ZoomGetAccountSettingsOperator(task_id="c16")
ZoomGetCurrentUserOperator(task_id="c17")
ZoomGetDailyUsageReportOperator(task_id="c18")
ZoomGetMeetingInvitationOperator(task_id="c19", meeting_id=1)
ZoomGetMeetingOperator(task_id="c20", meeting_id=1)
ZoomGetMeetingRecordingsOperator(task_id="c21", meeting_id=1)
ZoomGetMeetingReportOperator(task_id="c22", meeting_id=1)
ZoomGetMeetingSummaryOperator(task_id="c23", meeting_uuid=1)
ZoomGetMeetingTranscriptOperator(task_id="c24", meeting_id=1)
ZoomGetPastMeetingOperator(task_id="c25", meeting_uuid=1)
ZoomGetPastMeetingQAOperator(task_id="c26", meeting_id=1)
ZoomGetPastWebinarQAOperator(task_id="c27", webinar_id=1)
ZoomGetRecordingDownloadLinksOperator(task_id="c28", meeting_id=1)
ZoomGetUserOperator(task_id="c29")
ZoomGetWebinarOperator(task_id="c30", webinar_id=1)
ZoomGetWebinarPollsReportOperator(task_id="c31", webinar_id=1)
ZoomGetWebinarQaReportOperator(task_id="c32", webinar_id=1)
ZoomGetWebinarReportOperator(task_id="c33", webinar_id=1)
ZoomListAccountRecordingsOperator(task_id="c34")
ZoomListChatChannelsOperator(task_id="c35")
ZoomListChatMessagesOperator(task_id="c36")
ZoomListMeetingParticipantsReportOperator(task_id="c37", meeting_id=1)
ZoomListMeetingRegistrantsOperator(task_id="c38", meeting_id=1)
ZoomListMeetingSummariesOperator(task_id="c39")
ZoomListMeetingsOperator(task_id="c40")
ZoomListPastMeetingInstancesOperator(task_id="c41", meeting_id=1)
ZoomListPastMeetingParticipantsOperator(task_id="c42", meeting_uuid="u1")
ZoomListPastMeetingPollsOperator(task_id="c43", meeting_id=1)
ZoomListPastWebinarPollsOperator(task_id="c44", webinar_id=1)
ZoomListPhoneCallLogsOperator(task_id="c45")
ZoomListPhoneNumbersOperator(task_id="c46")
ZoomListPhoneRecordingsOperator(task_id="c47")
ZoomListRecordingsOperator(task_id="c48")
ZoomListUserCallLogsOperator(task_id="c49")
ZoomListUserMeetingsReportOperator(task_id="c50", user_id="u1")
ZoomListUserPhoneRecordingsOperator(task_id="c51")
ZoomListUsersOperator(task_id="c52")
ZoomListWebinarAbsenteesOperator(task_id="c53", webinar_id=1)
ZoomListWebinarPanelistsOperator(task_id="c54", webinar_id=1)
ZoomListWebinarParticipantsOperator(task_id="c55", webinar_id=1)
ZoomListWebinarParticipantsReportOperator(task_id="c56", webinar_id=1)
ZoomListWebinarRegistrantsOperator(task_id="c57", webinar_id=1)
ZoomListWebinarsOperator(task_id="c58")
ZoomMeetingEndedSensor(task_id="c59", meeting_id=1)
ZoomParticipantsReportSensor(task_id="c60")
ZoomRecordingReadySensor(task_id="c61", meeting_id=1)
ZoomRecordingsToObjectStorageOperator(task_id="c62", dest="s3://bucket/zoom/")
ZoomRemoveWebinarPanelistOperator(task_id="c63", webinar_id=1, panelist_id="u1")
ZoomRemoveWebinarPanelistsOperator(task_id="c64", webinar_id=1)
ZoomReportToObjectStorageOperator(task_id="c65", dest="s3://bucket/rows.jsonl")
ZoomSendChatMessageOperator(task_id="c66", message="u1")
ZoomUpdateMeetingOperator(task_id="c67", meeting_id=1)
ZoomUpdateMeetingRegistrantStatusOperator(task_id="c68", meeting_id=1, action="u1", registrants=[{"id": "r1"}])
ZoomUpdateMeetingStatusOperator(task_id="c69", meeting_id=1, action="u1")
ZoomUpdateUserOperator(task_id="c70", user_id="u1")
ZoomUpdateWebinarOperator(task_id="c71", webinar_id=1)
ZoomUpdateWebinarRegistrantStatusOperator(task_id="c72", webinar_id=1, action="u1", registrants=[{"id": "r1"}])
ZoomWebinarRegistrantsSensor(task_id="c73", webinar_id=1, min_registrants=1)
ZoomArchiveCompleteSensor(task_id="c80", meeting_uuid="{{ params.uuid }}")
ZoomDeleteMeetingArchiveFilesOperator(task_id="c81", meeting_uuid="abc==")
ZoomGetArchiveFileStatisticsOperator(task_id="c82")
ZoomGetMeetingArchiveFilesOperator(task_id="c83", meeting_uuid="abc==")
ZoomListArchiveFilesOperator(task_id="c84", query_date_type="archive_complete_time")
ZoomSetArchiveFileAutoDeleteOperator(task_id="c85", file_id="f1", auto_delete=False)
ZoomArchiveFilesToObjectStorageOperator(task_id="c86", dest="s3://b/", meeting_uuid="abc==")
ZoomPhoneRecordingsToObjectStorageOperator(task_id="c87", dest="s3://b/", kind="voicemail")
ZoomArchiveFilesToObjectStorageOperator(
    task_id="d86", dest="s3://b/", from_="{{ data_interval_start }}", delete_after_archive="release", retries=2
)
ZoomPhoneRecordingsToObjectStorageOperator(task_id="d87", dest="s3://b/", user_id="me", max_active_downloads=2)
ZoomListPhoneVoicemailsOperator(task_id="c88", status="unread", trashed=False)
ZoomDeletePhoneRecordingOperator(task_id="c89", recording_id="r1")

meeting = ZoomGetMeetingOperator(task_id="get_meeting", meeting_id="{{ params.meeting_id }}")
host: int | str = meeting.meeting_id
conn: str = meeting.zoom_conn_id
