"""
Mistakes a DAG author makes, one or two per task class: a wrong type or a missing required argument.

Never run; ``test_operator_types.py`` type-checks it with mypy and fails unless each line whose
comment names an error code (``E: code``) is flagged with it and nothing else is (``N: text``: the
note mypy prints). Each task class of the provider appears on a flagged line.
"""

from __future__ import annotations

from typing_extensions import reveal_type

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

ZoomAddMeetingRegistrantOperator(task_id="m0")  # E: call-arg
ZoomAddMeetingRegistrantOperator(task_id="w0", meeting_id=3.5)  # E: arg-type
ZoomAddMeetingRegistrantsOperator(task_id="m1")  # E: call-arg
ZoomAddMeetingRegistrantsOperator(task_id="w1", meeting_id=3.5)  # E: arg-type
ZoomAddWebinarPanelistsOperator(task_id="m2", panelists=[{"email": "a@example.com"}])  # E: call-arg
ZoomAddWebinarPanelistsOperator(task_id="w2", webinar_id=3.5, panelists=[{"email": "a@example.com"}])  # E: arg-type
ZoomAddWebinarRegistrantOperator(task_id="m3")  # E: call-arg
ZoomAddWebinarRegistrantOperator(task_id="w3", webinar_id=3.5)  # E: arg-type
ZoomAddWebinarRegistrantsOperator(task_id="m4")  # E: call-arg
ZoomAddWebinarRegistrantsOperator(task_id="w4", webinar_id=3.5)  # E: arg-type
ZoomApiOperator(task_id="m5")  # E: call-arg
ZoomApiOperator(task_id="w5", endpoint=3)  # E: arg-type
ZoomApiSensor(task_id="m6")  # E: call-arg
ZoomApiSensor(task_id="w6", endpoint=3)  # E: arg-type
ZoomCreateMeetingOperator(task_id="w7", user_id=3)  # E: arg-type
ZoomCreateUserOperator(task_id="w8", action=3)  # E: arg-type
ZoomCreateWebinarOperator(task_id="w9", user_id=3)  # E: arg-type
ZoomDeleteMeetingOperator(task_id="m10")  # E: call-arg
ZoomDeleteMeetingOperator(task_id="w10", meeting_id=3.5)  # E: arg-type
ZoomDeleteMeetingRecordingsOperator(task_id="m11")  # E: call-arg
ZoomDeleteMeetingRecordingsOperator(task_id="w11", meeting_id=3.5)  # E: arg-type
ZoomDeleteRecordingFileOperator(task_id="m12", recording_id="u1")  # E: call-arg
ZoomDeleteRecordingFileOperator(task_id="w12", meeting_id=3.5, recording_id="u1")  # E: arg-type
ZoomDeleteUserOperator(task_id="m13")  # E: call-arg
ZoomDeleteUserOperator(task_id="w13", user_id=3)  # E: arg-type
ZoomDeleteWebinarOperator(task_id="m14")  # E: call-arg
ZoomDeleteWebinarOperator(task_id="w14", webinar_id=3.5)  # E: arg-type
ZoomDescribeTokenScopesOperator(task_id="w15", required=3)  # E: arg-type
ZoomGetAccountSettingsOperator(task_id="w16", option=3)  # E: arg-type
ZoomGetCurrentUserOperator(task_id="w17", zoom_conn_id=3)  # E: arg-type
ZoomGetDailyUsageReportOperator(task_id="w18", year="yes")  # E: arg-type
ZoomGetMeetingInvitationOperator(task_id="m19")  # E: call-arg
ZoomGetMeetingInvitationOperator(task_id="w19", meeting_id=3.5)  # E: arg-type
ZoomGetMeetingOperator(task_id="m20")  # E: call-arg
ZoomGetMeetingOperator(task_id="w20", meeting_id=3.5)  # E: arg-type
ZoomGetMeetingRecordingsOperator(task_id="m21")  # E: call-arg
ZoomGetMeetingRecordingsOperator(task_id="w21", meeting_id=3.5)  # E: arg-type
ZoomGetMeetingReportOperator(task_id="m22")  # E: call-arg
ZoomGetMeetingReportOperator(task_id="w22", meeting_id=3.5)  # E: arg-type
ZoomGetMeetingSummaryOperator(task_id="m23")  # E: call-arg
ZoomGetMeetingSummaryOperator(task_id="w23", meeting_uuid=3.5)  # E: arg-type
ZoomGetMeetingTranscriptOperator(task_id="m24")  # E: call-arg
ZoomGetMeetingTranscriptOperator(task_id="w24", meeting_id=3.5)  # E: arg-type
ZoomGetPastMeetingOperator(task_id="m25")  # E: call-arg
ZoomGetPastMeetingOperator(task_id="w25", meeting_uuid=3.5)  # E: arg-type
ZoomGetPastMeetingQAOperator(task_id="m26")  # E: call-arg
ZoomGetPastMeetingQAOperator(task_id="w26", meeting_id=3.5)  # E: arg-type
ZoomGetPastWebinarQAOperator(task_id="m27")  # E: call-arg
ZoomGetPastWebinarQAOperator(task_id="w27", webinar_id=3.5)  # E: arg-type
ZoomGetRecordingDownloadLinksOperator(task_id="m28")  # E: call-arg
ZoomGetRecordingDownloadLinksOperator(task_id="w28", meeting_id=3.5)  # E: arg-type
ZoomGetUserOperator(task_id="w29", user_id=3)  # E: arg-type
ZoomGetWebinarOperator(task_id="m30")  # E: call-arg
ZoomGetWebinarOperator(task_id="w30", webinar_id=3.5)  # E: arg-type
ZoomGetWebinarPollsReportOperator(task_id="m31")  # E: call-arg
ZoomGetWebinarPollsReportOperator(task_id="w31", webinar_id=3.5)  # E: arg-type
ZoomGetWebinarQaReportOperator(task_id="m32")  # E: call-arg
ZoomGetWebinarQaReportOperator(task_id="w32", webinar_id=3.5)  # E: arg-type
ZoomGetWebinarReportOperator(task_id="m33")  # E: call-arg
ZoomGetWebinarReportOperator(task_id="w33", webinar_id=3.5)  # E: arg-type
ZoomListAccountRecordingsOperator(task_id="w34", from_=3)  # E: arg-type
ZoomListChatChannelsOperator(task_id="w35", user_id=3)  # E: arg-type
ZoomListChatMessagesOperator(task_id="w36", user_id=3)  # E: arg-type
ZoomListMeetingParticipantsReportOperator(task_id="m37")  # E: call-arg
ZoomListMeetingParticipantsReportOperator(task_id="w37", meeting_id=3.5)  # E: arg-type
ZoomListMeetingRegistrantsOperator(task_id="m38")  # E: call-arg
ZoomListMeetingRegistrantsOperator(task_id="w38", meeting_id=3.5)  # E: arg-type
ZoomListMeetingSummariesOperator(task_id="w39", from_=3)  # E: arg-type
ZoomListMeetingsOperator(task_id="w40", user_id=3)  # E: arg-type
ZoomListPastMeetingInstancesOperator(task_id="m41")  # E: call-arg
ZoomListPastMeetingInstancesOperator(task_id="w41", meeting_id=3.5)  # E: arg-type
ZoomListPastMeetingParticipantsOperator(task_id="m42")  # E: call-arg
ZoomListPastMeetingParticipantsOperator(task_id="w42", meeting_uuid=3)  # E: arg-type
ZoomListPastMeetingPollsOperator(task_id="m43")  # E: call-arg
ZoomListPastMeetingPollsOperator(task_id="w43", meeting_id=3.5)  # E: arg-type
ZoomListPastWebinarPollsOperator(task_id="m44")  # E: call-arg
ZoomListPastWebinarPollsOperator(task_id="w44", webinar_id=3.5)  # E: arg-type
ZoomListPhoneCallLogsOperator(task_id="w45", from_=3)  # E: arg-type
ZoomListPhoneNumbersOperator(task_id="w46", type=3)  # E: arg-type
ZoomListPhoneRecordingsOperator(task_id="w47", from_=3)  # E: arg-type
ZoomListRecordingsOperator(task_id="w48", user_id=3)  # E: arg-type
ZoomListUserCallLogsOperator(task_id="w49", user_id=3)  # E: arg-type
ZoomListUserMeetingsReportOperator(task_id="m50")  # E: call-arg
ZoomListUserMeetingsReportOperator(task_id="w50", user_id=3)  # E: arg-type
ZoomListUserPhoneRecordingsOperator(task_id="w51", user_id=3)  # E: arg-type
ZoomListUsersOperator(task_id="w52", status=3)  # E: arg-type
ZoomListWebinarAbsenteesOperator(task_id="m53")  # E: call-arg
ZoomListWebinarAbsenteesOperator(task_id="w53", webinar_id=3.5)  # E: arg-type
ZoomListWebinarPanelistsOperator(task_id="m54")  # E: call-arg
ZoomListWebinarPanelistsOperator(task_id="w54", webinar_id=3.5)  # E: arg-type
ZoomListWebinarParticipantsOperator(task_id="m55")  # E: call-arg
ZoomListWebinarParticipantsOperator(task_id="w55", webinar_id=3.5)  # E: arg-type
ZoomListWebinarParticipantsReportOperator(task_id="m56")  # E: call-arg
ZoomListWebinarParticipantsReportOperator(task_id="w56", webinar_id=3.5)  # E: arg-type
ZoomListWebinarRegistrantsOperator(task_id="m57")  # E: call-arg
ZoomListWebinarRegistrantsOperator(task_id="w57", webinar_id=3.5)  # E: arg-type
ZoomListWebinarsOperator(task_id="w58", user_id=3)  # E: arg-type
ZoomMeetingEndedSensor(task_id="m59")  # E: call-arg
ZoomMeetingEndedSensor(task_id="w59", meeting_id=3.5)  # E: arg-type
ZoomParticipantsReportSensor(task_id="w60", meeting_id=3.5)  # E: arg-type
ZoomRecordingReadySensor(task_id="m61")  # E: call-arg
ZoomRecordingReadySensor(task_id="w61", meeting_id=3.5)  # E: arg-type
ZoomRecordingsToObjectStorageOperator(task_id="m62")  # E: call-arg
ZoomRecordingsToObjectStorageOperator(task_id="w62", dest=3)  # E: arg-type
ZoomRemoveWebinarPanelistOperator(task_id="m63", panelist_id="u1")  # E: call-arg
ZoomRemoveWebinarPanelistOperator(task_id="w63", webinar_id=3.5, panelist_id="u1")  # E: arg-type
ZoomRemoveWebinarPanelistsOperator(task_id="m64")  # E: call-arg
ZoomRemoveWebinarPanelistsOperator(task_id="w64", webinar_id=3.5)  # E: arg-type
ZoomReportToObjectStorageOperator(task_id="m65")  # E: call-arg
ZoomReportToObjectStorageOperator(task_id="w65", dest="s3://bucket/rows.jsonl", dest_conn_id=3)  # E: arg-type
ZoomSendChatMessageOperator(task_id="m66")  # E: call-arg
ZoomSendChatMessageOperator(task_id="w66", message="u1", user_id=3)  # E: arg-type
ZoomUpdateMeetingOperator(task_id="m67")  # E: call-arg
ZoomUpdateMeetingOperator(task_id="w67", meeting_id=3.5)  # E: arg-type
ZoomUpdateMeetingRegistrantStatusOperator(task_id="m68", action="u1", registrants=[{"id": "r1"}])  # E: call-arg
ZoomUpdateMeetingRegistrantStatusOperator(task_id="w68", meeting_id=3.5, action="u1", registrants=[{"id": "r1"}])  # E: arg-type
ZoomUpdateMeetingStatusOperator(task_id="m69", action="u1")  # E: call-arg
ZoomUpdateMeetingStatusOperator(task_id="w69", meeting_id=3.5, action="u1")  # E: arg-type
ZoomUpdateUserOperator(task_id="m70")  # E: call-arg
ZoomUpdateUserOperator(task_id="w70", user_id=3)  # E: arg-type
ZoomUpdateWebinarOperator(task_id="m71")  # E: call-arg
ZoomUpdateWebinarOperator(task_id="w71", webinar_id=3.5)  # E: arg-type
ZoomUpdateWebinarRegistrantStatusOperator(task_id="m72", action="u1", registrants=[{"id": "r1"}])  # E: call-arg
ZoomUpdateWebinarRegistrantStatusOperator(task_id="w72", webinar_id=3.5, action="u1", registrants=[{"id": "r1"}])  # E: arg-type
ZoomWebinarRegistrantsSensor(task_id="m73", min_registrants=1)  # E: call-arg
ZoomWebinarRegistrantsSensor(task_id="w73", webinar_id=3.5, min_registrants=1)  # E: arg-type
ZoomArchiveCompleteSensor(task_id="m80")  # E: call-arg
ZoomArchiveCompleteSensor(task_id="w80", meeting_uuid=3)  # E: arg-type
ZoomDeleteMeetingArchiveFilesOperator(task_id="m81")  # E: call-arg
ZoomDeleteMeetingArchiveFilesOperator(task_id="w81", meeting_uuid=3)  # E: arg-type
ZoomGetArchiveFileStatisticsOperator(task_id="w82", from_=3)  # E: arg-type
ZoomGetMeetingArchiveFilesOperator(task_id="m83")  # E: call-arg
ZoomGetMeetingArchiveFilesOperator(task_id="w83", meeting_uuid=3)  # E: arg-type
ZoomListArchiveFilesOperator(task_id="w84", query_date_type=3)  # E: arg-type
ZoomSetArchiveFileAutoDeleteOperator(task_id="m85", file_id="f1")  # E: call-arg
ZoomSetArchiveFileAutoDeleteOperator(task_id="w85", file_id="f1", auto_delete="no")  # E: arg-type
ZoomArchiveFilesToObjectStorageOperator(task_id="w86", dest="s3://b/", meeting_uuid=3)  # E: arg-type
ZoomPhoneRecordingsToObjectStorageOperator(task_id="w87", dest="s3://b/", kind=2)  # E: arg-type
# The derived transfers refuse the recordings transfer's source arguments, and their types say so.
ZoomArchiveFilesToObjectStorageOperator(task_id="r86", dest="s3://b/", user_id="me")  # E: arg-type
ZoomArchiveFilesToObjectStorageOperator(task_id="s86", dest="s3://b/", account_id="me")  # E: arg-type
ZoomArchiveFilesToObjectStorageOperator(task_id="m86", meeting_uuid="abc==")  # E: call-arg
ZoomArchiveFilesToObjectStorageOperator(task_id="t86", dest="s3://b/", max_active_downloads="4")  # E: arg-type
ZoomPhoneRecordingsToObjectStorageOperator(task_id="r87", dest="s3://b/", account_id="me")  # E: arg-type
ZoomPhoneRecordingsToObjectStorageOperator(task_id="s87", dest="s3://b/", meeting_id=1)  # E: arg-type
ZoomListPhoneVoicemailsOperator(task_id="w88", trashed="no")  # E: arg-type
ZoomDeletePhoneRecordingOperator(task_id="m89")  # E: call-arg

# Attributes carry the hook method's types.
meeting = ZoomGetMeetingOperator(task_id="get_meeting", meeting_id=123)
reveal_type(meeting.meeting_id)  # N: Revealed type is "builtins.int | builtins.str"
meeting.meeting_id.upper()  # E: union-attr
occurrence = meeting.occurence_id  # E: attr-defined
created = ZoomCreateMeetingOperator(task_id="create", topic="Standup", duration=30)
reveal_type(created.duration)  # N: Revealed type is "builtins.int | None"
created.duration + 1  # E: operator
