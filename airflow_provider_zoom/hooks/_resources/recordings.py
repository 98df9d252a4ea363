"""Cloud recordings: list by user or account over any date range, get, delete."""

from __future__ import annotations

import datetime as dt
from typing import Any

from airflow_provider_zoom._http.paths import api_path, check_id
from airflow_provider_zoom.hooks._resources._payloads import check_choice
from airflow_provider_zoom.hooks._resources.base import ZoomApiBase, drop_none

RECORDING_DELETE_ACTIONS = ("trash", "delete")
# GET /users/{userId}/recordings ``trash_type``: whole meetings or single files in the trash.
RECORDING_TRASH_TYPES = ("meeting_recordings", "recording_file")


def _check_action(action: str) -> str:
    if action not in RECORDING_DELETE_ACTIONS:
        from airflow_provider_zoom.exceptions import ZoomConfigError

        raise ZoomConfigError("action", f"must be 'trash' or 'delete', got {action!r}")
    return action


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
        A user's cloud recordings (one entry per meeting instance) over any date range.

        Zoom accepts one month per call; longer ranges are walked month by month.

        :param user_id: user id, email or ``me``.
        :param from_: first day (default: today, like Zoom).
        :param to: last day (default: ``from_``).
        :param trash: list recordings in the trash instead.
        :param trash_type: ``meeting_recordings`` or ``recording_file`` when ``trash``.
        :param mc: include Meeting Connector recordings.
        :param meeting_id: only this meeting's instances.
        :param max_results: stop after this many meetings.
        """
        start = from_ or dt.date.today()
        end = to or start
        params = drop_none(
            {
                "trash": trash,
                "trash_type": check_choice("trash_type", trash_type or None, RECORDING_TRASH_TYPES),
                "mc": mc,
                "meeting_id": None if meeting_id in (None, "") else check_id("meeting_id", meeting_id),
            }
        )
        return list(
            self.paginate_date_range(
                api_path("/users/{user_id}/recordings", user_id=user_id),
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
        :param to: last day (default: ``from_``).
        :param account_id: ``me`` for the connection's own account, or a sub account id.
        :param max_results: stop after this many meetings.
        """
        start = from_ or dt.date.today()
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

        :param meeting_id: numeric id (latest instance) or instance UUID.
        :param include_fields: ``download_access_token`` to receive a token for the files.
        :param ttl: lifetime in seconds (1-604800) of that download token.
        """
        if ttl is not None and not (1 <= int(ttl) <= 604800):
            from airflow_provider_zoom.exceptions import ZoomConfigError

            raise ZoomConfigError("ttl", f"must be between 1 and 604800 seconds, got {ttl!r}")
        return self.request(
            "GET",
            api_path("/meetings/{meeting_id}/recordings", meeting_id=meeting_id),
            params=drop_none({"include_fields": include_fields, "ttl": ttl}),
        )

    def delete_meeting_recordings(self, meeting_id: int | str, *, action: str = "trash") -> dict[str, Any]:
        """
        Delete all of a meeting's recording files.

        :param meeting_id: numeric id or instance UUID.
        :param action: ``trash`` (default, recoverable for 30 days) or ``delete`` (permanent).
        """
        return self.request(
            "DELETE",
            api_path("/meetings/{meeting_id}/recordings", meeting_id=meeting_id),
            params={"action": _check_action(action)},
        )

    def delete_recording_file(
        self, meeting_id: int | str, recording_id: str, *, action: str = "trash"
    ) -> dict[str, Any]:
        """
        Delete one recording file.

        :param meeting_id: numeric id or instance UUID.
        :param recording_id: the file's ``id``.
        :param action: ``trash`` (default) or ``delete``.
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
