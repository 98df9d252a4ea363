"""A webinar's fields: its body is built and checked as a meeting's (:mod:`.meetings`), by kind."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypedDict


class WebinarFields(TypedDict, total=False):
    """
    A webinar's fields, as creating and updating it take them; each is optional.

    ``ZoomHook.create_webinar``/``update_webinar`` and their operators take them as keywords;
    :func:`build_meeting_payload` checks them against Zoom's reference before they are sent.

    :param topic: the webinar's topic (at most 200 characters).
    :param type: 5 webinar (Zoom's default), 6 recurring with no fixed time, 9 recurring with a
        fixed time (needs ``recurrence``).
    :param start_time: a datetime or ISO 8601 text; sent in UTC, or as wall-clock time in
        ``timezone`` when it has no offset.
    :param duration: minutes.
    :param timezone: IANA time zone, e.g. ``Europe/Berlin``.
    :param password: passcode: at most 10 characters (the account's passcode rules may ask for more).
    :param agenda: description, at most 2,000 characters.
    :param recurrence: as for meetings (type 1 daily, 2 weekly, 3 monthly; repeat_interval at most
        90 days, 12 weeks or 3 months; end_times 1-60).
    :param settings: checked settings: host_video, panelists_video, practice_session, hd_video,
        on_demand, approval_type (0/1/2), registration_type (1/2/3), registrants_email_notification,
        audio, auto_recording, global_dial_in_countries, ... (any webinar setting of Zoom's
        reference; an unknown key is refused).
    :param settings_extra: any other webinar setting, sent unchecked.
    :param default_passcode: let Zoom generate a passcode (create only: Zoom's update body refuses it).
    :param schedule_for: schedule on behalf of this user (email or id).
    :param template_id: create from this webinar template (create only: Zoom's update body refuses it).
    :param tracking_fields: ``[{"field": ..., "value": ...}]``.
    :param extra_fields: top-level fields Zoom added later (e.g. ``is_simulive``), sent as-is.
    """

    topic: str
    type: int
    start_time: dt.datetime | str
    duration: int
    timezone: str
    password: str
    agenda: str
    recurrence: dict[str, Any]
    settings: dict[str, Any]
    settings_extra: dict[str, Any]
    default_passcode: bool
    schedule_for: str
    template_id: str
    tracking_fields: list[dict[str, Any]]
    extra_fields: dict[str, Any]
