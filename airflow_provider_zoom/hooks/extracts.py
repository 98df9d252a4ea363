"""
The named extracts: the report and list endpoints a warehouse loads, and how each takes its dates.

:class:`~airflow_provider_zoom.hooks.zoom.ZoomHook` walks them (``iter_extract``); the report transfer
reads them to name its files and type its columns.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from airflow_provider_zoom._http.paths import (
    MEETING_PARTICIPANTS_REPORT_PATH,
    WEBINAR_PARTICIPANTS_REPORT_PATH,
    WEBINAR_REGISTRANTS_PATH,
)

#: ``window`` values: how an extract takes its date range.
WINDOW_NONE = "none"  # no dates: the whole list (or one meeting's/webinar's report)
WINDOW_RANGE = "range"  # ``from``/``to`` query parameters, at most one month per call
WINDOW_MONTH = "month"  # ``year``/``month`` query parameters, one calendar month per call


@dataclass(frozen=True)
class ExtractSpec:
    """
    One named extract.

    :param path: API path template; ``{placeholders}`` are filled with the caller's ids.
    :param items_key: the list's key in each reply page.
    :param window: :data:`WINDOW_NONE`, :data:`WINDOW_RANGE` or :data:`WINDOW_MONTH`.
    :param defaults: ids with a default value (``user_id="me"``).
    :param params: fixed query parameters.
    :param description: one line for docs and error messages.
    """

    path: str
    items_key: str
    window: str = WINDOW_NONE
    defaults: Mapping[str, str] = field(default_factory=dict)
    params: Mapping[str, Any] = field(default_factory=dict)
    description: str = ""

    @property
    def ids(self) -> tuple[str, ...]:
        """The ``{placeholders}`` of the path, in order."""
        import string

        return tuple(name for _, name, _, _ in string.Formatter().parse(self.path) if name)


#: Every named extract: name -> spec. Report endpoints need a Pro or higher plan and report scopes.
EXTRACTS: dict[str, ExtractSpec] = {
    "webinar_participants": ExtractSpec(
        WEBINAR_PARTICIPANTS_REPORT_PATH,
        "participants",
        description="who attended a past webinar, one row per join (report:read:list_webinar_participants)",
    ),
    "webinar_registrants": ExtractSpec(
        WEBINAR_REGISTRANTS_PATH,
        "registrants",
        description="a webinar's registrants (webinar:read:list_registrants); params status=approved|denied",
    ),
    "webinar_absentees": ExtractSpec(
        "/past_webinars/{webinar_id}/absentees",
        "registrants",
        description="registrants who did not attend a past webinar (webinar:read:list_absentees)",
    ),
    "webinar_polls": ExtractSpec(
        "/report/webinars/{webinar_id}/polls",
        "questions",
        description="poll answers of a past webinar, one row per voter (report:read:list_webinar_polls)",
    ),
    "webinar_qa": ExtractSpec(
        "/report/webinars/{webinar_id}/qa",
        "questions",
        description="Q&A of a past webinar, one row per asker (report:read:webinar_qna)",
    ),
    "meeting_participants": ExtractSpec(
        MEETING_PARTICIPANTS_REPORT_PATH,
        "participants",
        description="who joined a past meeting, one row per join (report:read:list_meeting_participants)",
    ),
    "meeting_polls": ExtractSpec(
        "/report/meetings/{meeting_id}/polls",
        "questions",
        description="poll answers of a past meeting (report:read:list_meeting_polls)",
    ),
    "meeting_qa": ExtractSpec(
        "/report/meetings/{meeting_id}/qa",
        "questions",
        description="Q&A of a past meeting (report:read:meeting_qna)",
    ),
    "meetings_report": ExtractSpec(
        "/report/users/{user_id}/meetings",
        "meetings",
        window=WINDOW_RANGE,
        defaults={"user_id": "me"},
        params={"type": "past"},
        description="a user's past meetings over a date range (report:read:user)",
    ),
    "users": ExtractSpec(
        "/users",
        "users",
        description="the account's users; params status=active|inactive|pending (user:read:list_users)",
    ),
    "daily_usage": ExtractSpec(
        "/report/daily",
        "dates",
        window=WINDOW_MONTH,
        description="new users, meetings, participants and minutes per day (report:read:admin)",
    ),
    "account_recordings": ExtractSpec(
        "/accounts/{account_id}/recordings",
        "meetings",
        window=WINDOW_RANGE,
        defaults={"account_id": "me"},
        description="every cloud recording in the account (cloud_recording:read:list_account_recordings)",
    ),
    "user_recordings": ExtractSpec(
        "/users/{user_id}/recordings",
        "meetings",
        window=WINDOW_RANGE,
        defaults={"user_id": "me"},
        description="one user's cloud recordings (cloud_recording:read:list_user_recordings)",
    ),
}


def get_extract(name: str) -> ExtractSpec:
    """The spec of a named extract; :class:`ZoomConfigError` naming ``extract`` when unknown."""
    spec = EXTRACTS.get(str(name).strip())
    if spec is None:
        from airflow_provider_zoom.exceptions import ZoomConfigError

        raise ZoomConfigError("extract", f"unknown extract {name!r}; known: {', '.join(sorted(EXTRACTS))}")
    return spec


def extract_columns(name: str) -> dict[str, str] | None:
    """
    The typed columns of a named extract (field -> ``string``, ``int64``, ``bool``, ``timestamp``,
    ``date`` or ``json``), distilled from Zoom's API description; None when Zoom describes none.
    """
    from airflow_provider_zoom.hooks._extract_columns import EXTRACT_COLUMNS

    get_extract(name)
    columns = EXTRACT_COLUMNS.get(str(name).strip())
    return dict(columns) if columns else None


def resolve_range(
    from_: dt.date | dt.datetime | str | None, to: dt.date | dt.datetime | str | None, *, required: bool
) -> tuple[dt.date, dt.date] | None:
    """
    Check and coerce a date range (both ends inclusive); None when neither end is given.

    A missing ``to`` means today (UTC); a ``to`` without ``from_`` is refused.
    """
    from airflow_provider_zoom._values.dates import to_date, utc_today
    from airflow_provider_zoom.exceptions import ZoomConfigError

    if from_ in (None, "") and to in (None, ""):
        if required:
            raise ZoomConfigError("from_", "this extract is date-ranged: give from_ (and to)")
        return None
    if from_ is None or from_ == "":
        raise ZoomConfigError("from_", f"missing while to={to!r} is given")
    start = to_date(from_, "from_")
    end = utc_today() if to is None or to == "" else to_date(to, "to")
    if start > end:
        raise ZoomConfigError("from_", f"{start.isoformat()} is after to={end.isoformat()}")
    return start, end
