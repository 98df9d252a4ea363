"""Cloud recordings: list by user or account over any date range, get, delete."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from airflow_provider_zoom._contract import facts
from airflow_provider_zoom._http.paths import MEETING_RECORDINGS_PATH, api_path, check_id, with_access_token
from airflow_provider_zoom._values.arguments import normalize_types
from airflow_provider_zoom._values.dates import utc_today
from airflow_provider_zoom.hooks._resources.base import ZoomApiBase, drop_none
from airflow_provider_zoom.validation import check_bool, check_choice, check_int, require

RECORDING_DELETE_ACTIONS = facts.enum("DELETE", "/meetings/{meetingId}/recordings", "query.action")
RECORDING_TRASH_TYPES = facts.enum("GET", "/users/{userId}/recordings", "query.trash_type")
DOWNLOAD_TOKEN_TTL_MIN, DOWNLOAD_TOKEN_TTL_MAX = facts.bounds(
    "GET", "/meetings/{meetingId}/recordings", "query.ttl"
)

# A link that expires as it is made is of no use: download links last at least a second.
DOWNLOAD_LINK_TTL_MIN = max(1, int(DOWNLOAD_TOKEN_TTL_MIN or 0))
# What each download link carries of its file's entry in Zoom's reply.
_LINK_FIELDS = ("id", "file_type", "file_extension", "recording_type", "file_size", "recording_start")


def _check_action(action: str) -> str:
    return check_choice("action", action, RECORDING_DELETE_ACTIONS)


class RecordingsMixin(ZoomApiBase):
    """Cloud recording actions (scopes: ``cloud_recording:read:list_user_recordings:admin`` and friends)."""

    def list_recordings(
        self,
        user_id: str = "me",
        from_: dt.date | dt.datetime | str | None = None,
        to: dt.date | dt.datetime | str | None = None,
        *,
        trash: bool | None = None,
        trash_type: str | None = None,
        mc: bool | None = None,
        meeting_id: int | str | None = None,
        max_results: int | None = None,
    ) -> list[dict[str, Any]]:
        """
        A user's cloud recordings (one entry per meeting instance) over any date range, or the trash.

        Zoom accepts one month per call; longer ranges are walked month by month. The trash cannot
        be filtered by date (Zoom's reference): with ``trash`` it is one listing without ``from``/``to``.

        :param user_id: user id, email or ``me``.
        :param from_: first day (default: today, like Zoom); not with ``trash``.
        :param to: last day, inclusive (default: ``from_``); not with ``trash``.
        :param trash: list recordings in the trash instead (the whole trash: Zoom cannot filter it by date).
        :param trash_type: ``meeting_recordings`` or ``recording_file`` when ``trash``.
        :param mc: include Meeting Connector recordings.
        :param meeting_id: only this meeting's instances.
        :param max_results: stop after this many meetings.
        """
        trash = check_bool("trash", trash)
        params = drop_none(
            {
                "trash": trash,
                "trash_type": check_choice("trash_type", trash_type or None, RECORDING_TRASH_TYPES),
                "mc": check_bool("mc", mc),
                "meeting_id": None if meeting_id in (None, "") else check_id("meeting_id", meeting_id),
            }
        )
        path = api_path("/users/{user_id}/recordings", user_id=user_id)
        if trash:
            if from_ or to:
                from airflow_provider_zoom.exceptions import ZoomConfigError

                raise ZoomConfigError("from_", "Zoom cannot filter the trash by date: leave from_/to unset")
            return list(self.paginate(path, items_key="meetings", params=params, max_results=max_results))
        start = from_ or utc_today()
        end = to or start
        return list(
            self.paginate_date_range(
                path,
                items_key="meetings",
                from_=start,
                to=end,
                params=params,
                max_results=max_results,
            )
        )

    def list_account_recordings(
        self,
        from_: dt.date | dt.datetime | str | None = None,
        to: dt.date | dt.datetime | str | None = None,
        *,
        account_id: str = "me",
        max_results: int | None = None,
    ) -> list[dict[str, Any]]:
        """
        Every user's cloud recordings in the account over any date range.

        :param from_: first day (default: today).
        :param to: last day, inclusive (default: ``from_``).
        :param account_id: ``me`` (the connection's account; default) or a sub account id.
        :param max_results: stop after this many meetings.
        """
        start = from_ or utc_today()
        end = to or start
        return list(
            self.paginate_date_range(
                api_path("/accounts/{account_id}/recordings", account_id=account_id),
                items_key="meetings",
                from_=start,
                to=end,
                max_results=max_results,
            )
        )

    def get_meeting_recordings(
        self,
        meeting_id: int | str,
        *,
        include_fields: str | None = None,
        ttl: int | None = None,
    ) -> dict[str, Any]:
        """
        One meeting's recording and its files (not paginated: Zoom returns every file at once).

        :param meeting_id: meeting id (latest instance) or instance UUID.
        :param include_fields: ``download_access_token`` to receive a token for the files.
        :param ttl: lifetime in seconds (0-604800, Zoom's bounds) of that download token.
        """
        ttl = check_int("ttl", ttl, minimum=DOWNLOAD_TOKEN_TTL_MIN, maximum=DOWNLOAD_TOKEN_TTL_MAX)
        return self.request(
            "GET",
            api_path(MEETING_RECORDINGS_PATH, meeting_id=meeting_id),
            params=drop_none({"include_fields": include_fields, "ttl": ttl}),
        )

    def delete_meeting_recordings(self, meeting_id: int | str, *, action: str = "trash") -> dict[str, Any]:
        """
        Delete all of a meeting's recording files.

        :param meeting_id: meeting id or instance UUID.
        :param action: ``trash`` (default, recoverable for 30 days) or ``delete`` (permanent).
        """
        return self.request(
            "DELETE",
            api_path(MEETING_RECORDINGS_PATH, meeting_id=meeting_id),
            params={"action": _check_action(action)},
        )

    def delete_recording_file(
        self, meeting_id: int | str, recording_id: str, *, action: str = "trash"
    ) -> dict[str, Any]:
        """
        Delete one recording file.

        :param meeting_id: meeting id or instance UUID.
        :param recording_id: the file's ``id``.
        :param action: ``trash`` (default; recoverable for 30 days) or ``delete`` (permanent).
        """
        return self.request(
            "DELETE",
            api_path(
                "/meetings/{meeting_id}/recordings/{recording_id}",
                meeting_id=meeting_id,
                recording_id=recording_id,
            ),
            params={"action": _check_action(action)},
        )

    def get_recording_download_links(
        self,
        meeting_id: int | str,
        *,
        ttl: int = 3600,
        file_types: Sequence[str] | str | None = None,
    ) -> dict[str, Any]:
        """
        Links that download a meeting's recording files without further authentication.

        Asks Zoom for the meeting's ``download_access_token`` (valid ``ttl`` seconds) and returns, for
        each file, ``download_url?access_token=<token>`` with its expiry. The token and the links are
        masked in task logs and never logged. Scope ``cloud_recording:read:list_recording_files:admin``.

        :param meeting_id: meeting id (latest instance) or instance UUID.
        :param ttl: lifetime of the links in seconds (1-604800); default one hour.
        :param file_types: only these file types (``MP4``, ``M4A``, ``TRANSCRIPT``, ``CHAT``, ...);
            default: every file.
        :return: ``{"meeting_uuid", "meeting_id", "topic", "expires_at", "files": [{"id", "file_type",
            "file_extension", "recording_type", "file_size", "recording_start", "download_url",
            "expires_at"}]}``.
        :raises ZoomApiError: when Zoom sends no download token.
        """
        from airflow.sdk.log import mask_secret

        ttl = check_int(
            "ttl", require("ttl", ttl), minimum=DOWNLOAD_LINK_TTL_MIN, maximum=DOWNLOAD_TOKEN_TTL_MAX
        )
        wanted = normalize_types(file_types)
        # Counted from before the request, so the stated expiry is never later than Zoom's.
        expires_at = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=ttl)).replace(microsecond=0)
        recording = self.get_meeting_recordings(meeting_id, include_fields="download_access_token", ttl=ttl)
        token = recording.get("download_access_token")
        if not token:
            from airflow_provider_zoom.exceptions import ZoomApiError

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
                {**{key: item.get(key) for key in _LINK_FIELDS}, "download_url": link, "expires_at": stamp}
            )
        return {
            "meeting_uuid": recording.get("uuid"),
            "meeting_id": recording.get("id"),
            "topic": recording.get("topic"),
            "expires_at": stamp,
            "files": files,
        }
