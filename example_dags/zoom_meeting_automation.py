"""
Automate a Zoom meeting's life cycle: create it, register people, fetch the invitation, update it,
list who is registered, and delete it again.

What it shows:

* creating a scheduled meeting with registration turned on (``approval_type`` 0 approves
  registrants automatically, ``registration_type`` 1 lets them register once), its start time
  templated from the run's date;
* passing the new meeting's id to later tasks with ``create_meeting.output["zoom_meeting_id"]``
  (an XCom reference that also sets the task order; the whole meeting is the task's return value);
* adding registrants in batches of 30 with ``ZoomAddMeetingRegistrantsOperator``; swap
  ``registrants=`` for ``source="s3://bucket/registrants.csv", source_conn_id="aws_default"`` to
  read a CSV or JSON Lines file instead (columns ``email,first_name,last_name``);
* a clean-up task that runs even when an earlier task failed (``trigger_rule="all_done"``).

The ``zoom_default`` connection (type ``zoom``, a Server-to-Server OAuth app) needs the scopes
``meeting:write:meeting:admin``, ``meeting:read:meeting:admin``, ``meeting:update:meeting:admin``,
``meeting:delete:meeting:admin``, ``meeting:write:batch_registrants:admin``,
``meeting:read:list_registrants:admin`` and ``meeting:read:invitation:admin``
(or the classic ``meeting:write:admin`` and ``meeting:read:admin``).

Try it locally against the Zoom emulator: run ``zoom-emulator`` and point ``zoom_default`` at it.
"""

from __future__ import annotations

import pendulum
from airflow.sdk import DAG

from airflow_provider_zoom.operators.meetings import (
    ZoomCreateMeetingOperator,
    ZoomDeleteMeetingOperator,
    ZoomGetMeetingInvitationOperator,
    ZoomUpdateMeetingOperator,
)
from airflow_provider_zoom.operators.registrants import (
    ZoomAddMeetingRegistrantsOperator,
    ZoomListMeetingRegistrantsOperator,
)

REGISTRANTS = [
    {"email": "ada.lovelace@example.com", "first_name": "Ada", "last_name": "Lovelace"},
    {"email": "grace.hopper@example.com", "first_name": "Grace", "last_name": "Hopper"},
    {"email": "alan.turing@example.com", "first_name": "Alan", "last_name": "Turing"},
]

with DAG(
    dag_id="zoom_meeting_automation",
    schedule=None,
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    tags=["zoom", "example"],
    doc_md=__doc__,
):
    create_meeting = ZoomCreateMeetingOperator(
        task_id="create_meeting",
        topic="Quarterly planning ({{ ds }})",
        type=2,
        start_time="{{ macros.ds_add(ds, 7) }}T15:00:00Z",
        duration=45,
        timezone="UTC",
        agenda="Plans for the next quarter.",
        settings={
            "approval_type": 0,
            "registration_type": 1,
            "join_before_host": False,
            "mute_upon_entry": True,
            "auto_recording": "none",
        },
    )
    # The create operator also pushes the new id under its own XCom key (the key its extra link reads).
    meeting_id = create_meeting.output["zoom_meeting_id"]

    add_registrants = ZoomAddMeetingRegistrantsOperator(
        task_id="add_registrants",
        meeting_id=meeting_id,
        registrants=REGISTRANTS,
        auto_approve=True,
    )

    get_invitation = ZoomGetMeetingInvitationOperator(task_id="get_invitation", meeting_id=meeting_id)

    update_meeting = ZoomUpdateMeetingOperator(
        task_id="update_meeting",
        meeting_id=meeting_id,
        topic=(
            "Quarterly planning ({{ ds }}, "
            "{{ ti.xcom_pull(task_ids='add_registrants') | length }} registered)"
        ),
        duration=60,
    )

    list_registrants = ZoomListMeetingRegistrantsOperator(
        task_id="list_registrants", meeting_id=meeting_id, status="approved"
    )

    delete_meeting = ZoomDeleteMeetingOperator(
        task_id="delete_meeting",
        meeting_id=meeting_id,
        cancel_meeting_reminder=False,
        # Clean up even when a step in between failed, so no test meeting is left behind.
        trigger_rule="all_done",
    )

    (
        create_meeting
        >> add_registrants
        >> get_invitation
        >> update_meeting
        >> list_registrants
        >> delete_meeting
    )
