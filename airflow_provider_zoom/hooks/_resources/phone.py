"""Zoom Phone: call history, call recordings, voicemails and phone numbers, over any date range."""

from __future__ import annotations

import datetime as dt
from typing import Any

from airflow_provider_zoom._contract import facts
from airflow_provider_zoom._http.paths import api_path
from airflow_provider_zoom._values.dates import utc_today
from airflow_provider_zoom.hooks._resources.base import ZoomApiBase, drop_none
from airflow_provider_zoom.validation import check_choice

DateLike = dt.date | dt.datetime | str

# Zoom's SDK types (the only reference for Phone) leave these plain text; the values come from Zoom's
# Phone API reference pages.
PHONE_NUMBER_TYPES = ("all", "assigned", "unassigned", "byoc")
PHONE_RECORDING_OWNER_TYPES = ("user", "callQueue")
PHONE_RECORDING_TYPES = ("OnDemand", "Automatic")
PHONE_QUERY_DATE_TYPES = ("start_time", "end_time")
CALL_HISTORY_TIME_TYPES = ("start_time", "end_time")
# The call recording lists return at most 100 records per page (Zoom's Phone API reference pages).
PHONE_RECORDINGS_PAGE_SIZE = 100
_CALL_HISTORY_KEY = facts.stated(
    facts.endpoint("GET", "/phone/call_history").items_key, "call history's list key"
)

_VOICEMAILS_KEY = facts.stated(facts.endpoint("GET", "/phone/voice_mails").items_key, "voicemail list's key")


class PhoneMixin(ZoomApiBase):
    """
    Zoom Phone actions. Date-ranged lists accept one month per call; longer ranges are walked month by
    month, in order.

    Scopes: ``phone:read:list_call_logs:admin`` (call history), ``phone:read:list_call_recordings:admin``
    and ``phone:read:list_recordings:admin`` (call recordings), ``phone:read:call_recording:admin``
    and ``phone:delete:call_recording:admin`` (one recording), ``phone:read:list_voicemails:admin``
    (voicemails), ``phone:read:list_numbers:admin`` (numbers).
    """

    def _list_call_history(
        self,
        path: str,
        from_: DateLike | None,
        to: DateLike | None,
        params: dict[str, Any],
        max_results: int | None,
    ) -> list[dict[str, Any]]:
        start = from_ or utc_today()
        return list(
            self.paginate_date_range(
                path,
                items_key=_CALL_HISTORY_KEY,
                from_=start,
                to=to or start,
                params=params,
                max_results=max_results,
            )
        )

    def list_phone_call_logs(
        self,
        from_: DateLike | None = None,
        to: DateLike | None = None,
        *,
        keyword: str | None = None,
        time_type: str | None = None,
        filters: dict[str, Any] | None = None,
        max_results: int | None = None,
    ) -> list[dict[str, Any]]:
        """
        The account's call history (``GET /phone/call_history``, which replaces the retired
        ``/phone/call_logs``) over any date range.

        Scope: ``phone:read:list_call_logs:admin`` (rate-limit category Heavy).

        :param from_: first day (default: today).
        :param to: last day, inclusive (default: ``from_``).
        :param keyword: filter by name, number or extension.
        :param time_type: ``start_time`` (default) or ``end_time``: which call time the range applies to.
        :param filters: other query filters Zoom accepts, e.g. ``{"directions": "inbound"}``.
        :param max_results: stop after this many calls.
        """
        # Explicit arguments win, but an unset one must not erase the same key given in ``filters``.
        params = {
            **(filters or {}),
            **drop_none(
                {
                    "keyword": keyword,
                    "time_type": check_choice("time_type", time_type, CALL_HISTORY_TIME_TYPES),
                }
            ),
        }
        return self._list_call_history("/phone/call_history", from_, to, params, max_results)

    def list_user_call_logs(
        self,
        user_id: str = "me",
        from_: DateLike | None = None,
        to: DateLike | None = None,
        *,
        keyword: str | None = None,
        time_type: str | None = None,
        max_results: int | None = None,
    ) -> list[dict[str, Any]]:
        """
        One user's call history (``GET /phone/users/{userId}/call_history``) over any date range.

        Scope: ``phone:read:list_call_logs:admin`` (rate-limit category Heavy).

        :param user_id: user id, email or ``me``.
        :param from_: first day (default: today).
        :param to: last day, inclusive (default: ``from_``).
        :param keyword: filter by name, number or extension.
        :param time_type: ``start_time`` (default) or ``end_time``.
        :param max_results: stop after this many calls.
        """
        params = drop_none(
            {"keyword": keyword, "time_type": check_choice("time_type", time_type, CALL_HISTORY_TIME_TYPES)}
        )
        path = api_path("/phone/users/{user_id}/call_history", user_id=user_id)
        return self._list_call_history(path, from_, to, params, max_results)

    def list_phone_numbers(
        self,
        type: str = "all",
        *,
        extension_type: str | None = None,
        number_type: str | None = None,
        site_id: str | None = None,
        pending_numbers: bool | None = None,
        max_results: int | None = None,
    ) -> list[dict[str, Any]]:
        """
        The account's Zoom Phone numbers.

        Scope: ``phone:read:list_numbers:admin`` (rate-limit category Medium).

        :param type: ``all`` (default), ``assigned``, ``unassigned`` or ``byoc``.
        :param extension_type: assignee type: ``user``, ``callQueue``, ``autoReceptionist``,
            ``commonArea``, ...
        :param number_type: ``toll`` or ``tollfree``.
        :param site_id: only this site's numbers.
        :param pending_numbers: include numbers pending porting.
        :param max_results: stop after this many numbers.
        """
        params = drop_none(
            {
                "type": check_choice("type", type, PHONE_NUMBER_TYPES),
                "extension_type": extension_type,
                "number_type": number_type,
                "site_id": site_id,
                "pending_numbers": pending_numbers,
            }
        )
        return list(
            self.paginate("/phone/numbers", items_key="phone_numbers", params=params, max_results=max_results)
        )

    def list_phone_recordings(
        self,
        from_: DateLike | None = None,
        to: DateLike | None = None,
        *,
        owner_type: str | None = None,
        recording_type: str | None = None,
        site_id: str | None = None,
        query_date_type: str | None = None,
        max_results: int | None = None,
    ) -> list[dict[str, Any]]:
        """
        The account's call recordings (``GET /phone/recordings``) over any date range.

        Scope: ``phone:read:list_call_recordings:admin`` (rate-limit category Medium).

        :param from_: first day (default: today).
        :param to: last day, inclusive (default: ``from_``).
        :param owner_type: ``user`` or ``callQueue`` (default: all owners).
        :param recording_type: ``OnDemand`` or ``Automatic`` (default: both).
        :param site_id: only this site's recordings.
        :param query_date_type: ``start_time`` or ``end_time`` of the call.
        :param max_results: stop after this many recordings.
        """
        params = drop_none(
            {
                "owner_type": check_choice("owner_type", owner_type, PHONE_RECORDING_OWNER_TYPES),
                "recording_type": check_choice("recording_type", recording_type, PHONE_RECORDING_TYPES),
                "site_id": site_id,
                "query_date_type": check_choice("query_date_type", query_date_type, PHONE_QUERY_DATE_TYPES),
            }
        )
        start = from_ or utc_today()
        return list(
            self.paginate_date_range(
                "/phone/recordings",
                items_key="recordings",
                from_=start,
                to=to or start,
                params=params,
                page_size=PHONE_RECORDINGS_PAGE_SIZE,
                max_results=max_results,
            )
        )

    def list_user_phone_recordings(
        self,
        user_id: str = "me",
        from_: DateLike | None = None,
        to: DateLike | None = None,
        *,
        max_results: int | None = None,
    ) -> list[dict[str, Any]]:
        """
        One user's call recordings (``GET /phone/users/{userId}/recordings``) over any date range.

        Scope: ``phone:read:list_recordings:admin`` (rate-limit category Medium).

        :param user_id: user id, email or ``me``.
        :param from_: first day (default: today).
        :param to: last day, inclusive (default: ``from_``).
        :param max_results: stop after this many recordings.
        """
        start = from_ or utc_today()
        return list(
            self.paginate_date_range(
                api_path("/phone/users/{user_id}/recordings", user_id=user_id),
                items_key="recordings",
                from_=start,
                to=to or start,
                page_size=PHONE_RECORDINGS_PAGE_SIZE,
                max_results=max_results,
            )
        )

    def list_phone_voicemails(
        self,
        from_: DateLike | None = None,
        to: DateLike | None = None,
        *,
        status: str | None = None,
        owner_type: str | None = None,
        voicemail_type: str | None = None,
        site_id: str | None = None,
        trashed: bool | None = None,
        max_results: int | None = None,
    ) -> list[dict[str, Any]]:
        """
        The account's voicemails (``GET /phone/voice_mails``) over any date range, each with its
        ``download_url``.

        Scope: ``phone:read:list_voicemails:admin`` (rate-limit category Heavy).

        :param from_: first day (default: today).
        :param to: last day, inclusive (default: ``from_``).
        :param status: ``all``, ``read`` or ``unread`` (Zoom's default: all).
        :param owner_type: ``user`` or ``callQueue`` (default: all owners).
        :param voicemail_type: ``normal``, ``spam`` or ``maybeSpam``.
        :param site_id: only this site's voicemails.
        :param trashed: list the voicemails in the trash instead.
        :param max_results: stop after this many voicemails.
        """
        params = drop_none(
            {
                "status": status,
                "owner_type": check_choice("owner_type", owner_type, PHONE_RECORDING_OWNER_TYPES),
                "voicemail_type": voicemail_type,
                "site_id": site_id,
                "trashed": trashed,
            }
        )
        start = from_ or utc_today()
        return list(
            self.paginate_date_range(
                "/phone/voice_mails",
                items_key=_VOICEMAILS_KEY,
                from_=start,
                to=to or start,
                params=params,
                page_size=PHONE_RECORDINGS_PAGE_SIZE,
                max_results=max_results,
            )
        )

    def get_phone_call_recording(self, call_log_id: str) -> dict[str, Any]:
        """
        The recording of one call (``GET /phone/call_logs/{id}/recordings``), as Zoom lists it now.

        Scope: ``phone:read:call_recording:admin`` (rate-limit category Light).

        :param call_log_id: the call's ``call_log_id`` (or ``call_id``).
        """
        return self.request("GET", api_path("/phone/call_logs/{id}/recordings", id=call_log_id))

    def delete_phone_recording(self, recording_id: str) -> None:
        """
        Delete one call recording (``DELETE /phone/recordings/{recordingId}``).

        Scope: ``phone:delete:call_recording:admin`` (rate-limit category Light).

        :param recording_id: the recording's ``id``.
        """
        self.request("DELETE", api_path("/phone/recordings/{recording_id}", recording_id=recording_id))
