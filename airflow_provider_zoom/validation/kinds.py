"""
The two kinds of scheduled event, meetings and webinars, and the endpoints whose bodies they build.

Every rule the other checks read for them comes from Zoom's reference through the facts file.
"""

from __future__ import annotations

from airflow_provider_zoom._contract import facts as _facts

MEETING = "meeting"
WEBINAR = "webinar"


# The endpoint whose body each kind and action builds (True: create); every rule read below comes
# from Zoom's reference through the facts file.
SCHEDULE_ENDPOINTS = {
    (MEETING, True): ("POST", "/users/{userId}/meetings"),
    (MEETING, False): ("PATCH", "/meetings/{meetingId}"),
    (WEBINAR, True): ("POST", "/users/{userId}/webinars"),
    (WEBINAR, False): ("PATCH", "/webinars/{webinarId}"),
}
MEETING_CREATE = _facts.endpoint(*SCHEDULE_ENDPOINTS[MEETING, True])
WEBINAR_CREATE = _facts.endpoint(*SCHEDULE_ENDPOINTS[WEBINAR, True])

MEETING_TYPES = MEETING_CREATE.enum("body.type")
WEBINAR_TYPES = WEBINAR_CREATE.enum("body.type")
RECURRING_FIXED_TYPES = {MEETING: 8, WEBINAR: 9}
