"""
Input checks for every Zoom argument, in one public place.

Each check takes the argument's name and its value (after templating) and returns the value as
Zoom reads it, or raises :class:`~airflow_provider_zoom.exceptions.ZoomConfigError` naming the
field. Where Zoom's reference states a rule (an enum, a bound, a maximum length, the fields a body
may hold), the rule is read from the contract facts, not written here. The hook runs them before
any request; operators, sensors, transfers and triggers reach Zoom only through it.

- :mod:`~airflow_provider_zoom.validation.checks`: one value (``check_int``, ``check_choice``, ...);
- whole request bodies, a module each: :mod:`~airflow_provider_zoom.validation.meetings` (and
  webinars, by kind: :mod:`~airflow_provider_zoom.validation.kinds`),
  :mod:`~airflow_provider_zoom.validation.webinars`, :mod:`~airflow_provider_zoom.validation.recurrence`,
  :mod:`~airflow_provider_zoom.validation.settings`, :mod:`~airflow_provider_zoom.validation.registrants`,
  :mod:`~airflow_provider_zoom.validation.panelists`, :mod:`~airflow_provider_zoom.validation.users`;
- :mod:`~airflow_provider_zoom.validation.requests`: a request to any endpoint, named by its path;
- :func:`is_static`: whether a value can be checked now, before templating.
"""

from __future__ import annotations

from airflow_provider_zoom._http.paths import check_id
from airflow_provider_zoom._values.arguments import (
    blank_to_none,
    is_static,
    normalize_types,
    rendered_to_none,
)
from airflow_provider_zoom._values.dates import check_range
from airflow_provider_zoom.validation.checks import (
    at_most_one,
    check_against_reference,
    check_bool,
    check_choice,
    check_control_characters,
    check_date,
    check_email,
    check_int,
    check_low_speed,
    check_mapping,
    check_max_results,
    check_text,
    exactly_one,
    id_list,
    require,
)
from airflow_provider_zoom.validation.kinds import (
    MEETING,
    MEETING_TYPES,
    RECURRING_FIXED_TYPES,
    SCHEDULE_ENDPOINTS,
    WEBINAR,
    WEBINAR_TYPES,
)
from airflow_provider_zoom.validation.meetings import (
    AGENDA_MAX,
    PASSWORD_MAX,
    TOPIC_MAX,
    MeetingFields,
    build_meeting_payload,
)
from airflow_provider_zoom.validation.panelists import (
    PANELIST_BATCH_SIZE,
    PANELIST_FIELDS,
    check_panelists,
)
from airflow_provider_zoom.validation.recurrence import (
    MONTHLY_DAY_MAX,
    MONTHLY_WEEK_DAYS,
    MONTHLY_WEEKS,
    RECURRENCE_END_TIMES_MAX,
    RECURRENCE_INTERVAL_MAX,
    RECURRENCE_KEYS,
    RECURRENCE_TYPES,
    WEEKLY_DAYS,
    build_recurrence,
)
from airflow_provider_zoom.validation.registrants import (
    BATCH_REGISTRANT_FIELDS,
    BATCH_REGISTRANTS_MAX,
    EMPLOYEE_COUNTS,
    PURCHASE_ROLES,
    PURCHASING_TIME_FRAMES,
    REGISTRANT_ACTIONS,
    REGISTRANT_FIELDS,
    REGISTRANT_LANGUAGES,
    REGISTRANT_NAME_MAX,
    REGISTRANT_STATUSES,
    STATUS_REGISTRANTS_MAX,
    WEBINAR_REGISTRANT_FIELDS,
    build_registrant,
    build_status_registrants,
    chunks,
    validate_registrants,
)
from airflow_provider_zoom.validation.requests import (
    HTTP_METHODS,
    READ_METHODS,
    check_endpoint,
    check_method,
    check_query_params,
)
from airflow_provider_zoom.validation.settings import (
    APPROVAL_TYPES,
    AUDIO_TYPES,
    AUTO_RECORDING,
    REGISTRATION_TYPES,
    build_settings,
)
from airflow_provider_zoom.validation.users import (
    USER_CREATE_ACTIONS,
    USER_DELETE_ACTIONS,
    USER_INCLUDE_FIELDS,
    USER_INFO_KEYS,
    USER_NAME_MAX,
    USER_PROFILE_FIELDS,
    USER_STATUSES,
    USER_TYPES,
    build_user_info,
    build_user_profile,
)
from airflow_provider_zoom.validation.webinars import (
    WebinarFields,
)

__all__ = [
    "AGENDA_MAX",
    "APPROVAL_TYPES",
    "AUDIO_TYPES",
    "AUTO_RECORDING",
    "BATCH_REGISTRANTS_MAX",
    "BATCH_REGISTRANT_FIELDS",
    "EMPLOYEE_COUNTS",
    "HTTP_METHODS",
    "MEETING",
    "MEETING_TYPES",
    "MeetingFields",
    "MONTHLY_DAY_MAX",
    "MONTHLY_WEEKS",
    "MONTHLY_WEEK_DAYS",
    "PANELIST_BATCH_SIZE",
    "PANELIST_FIELDS",
    "PASSWORD_MAX",
    "PURCHASE_ROLES",
    "PURCHASING_TIME_FRAMES",
    "READ_METHODS",
    "RECURRENCE_END_TIMES_MAX",
    "RECURRENCE_INTERVAL_MAX",
    "RECURRENCE_KEYS",
    "RECURRENCE_TYPES",
    "RECURRING_FIXED_TYPES",
    "REGISTRANT_ACTIONS",
    "REGISTRANT_FIELDS",
    "REGISTRANT_LANGUAGES",
    "REGISTRANT_NAME_MAX",
    "REGISTRANT_STATUSES",
    "REGISTRATION_TYPES",
    "SCHEDULE_ENDPOINTS",
    "STATUS_REGISTRANTS_MAX",
    "TOPIC_MAX",
    "USER_CREATE_ACTIONS",
    "USER_DELETE_ACTIONS",
    "USER_INCLUDE_FIELDS",
    "USER_INFO_KEYS",
    "USER_NAME_MAX",
    "USER_PROFILE_FIELDS",
    "USER_STATUSES",
    "USER_TYPES",
    "WEBINAR",
    "WEBINAR_REGISTRANT_FIELDS",
    "WEBINAR_TYPES",
    "WebinarFields",
    "WEEKLY_DAYS",
    "at_most_one",
    "blank_to_none",
    "build_meeting_payload",
    "build_recurrence",
    "build_registrant",
    "build_settings",
    "build_status_registrants",
    "build_user_info",
    "build_user_profile",
    "rendered_to_none",
    "check_against_reference",
    "check_bool",
    "check_choice",
    "check_date",
    "check_email",
    "check_control_characters",
    "check_endpoint",
    "check_id",
    "check_int",
    "check_low_speed",
    "check_mapping",
    "check_max_results",
    "check_panelists",
    "check_method",
    "check_query_params",
    "check_range",
    "check_text",
    "chunks",
    "exactly_one",
    "id_list",
    "is_static",
    "normalize_types",
    "require",
    "validate_registrants",
]
