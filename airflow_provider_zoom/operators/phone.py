"""Operators for Zoom Phone: call history, call recordings and phone numbers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from airflow_provider_zoom.hooks._resources.phone import (
    CALL_HISTORY_TIME_TYPES,
    PHONE_NUMBER_TYPES,
    PHONE_QUERY_DATE_TYPES,
    PHONE_RECORDING_OWNER_TYPES,
    PHONE_RECORDING_TYPES,
)
from airflow_provider_zoom.operators._fields import is_static
from airflow_provider_zoom.operators.base import ZoomListOperator, check_max_results
from airflow_provider_zoom.validation import check_choice, require

if TYPE_CHECKING:
    from airflow.sdk import Context

_RANGE_DOC = """
    Incremental by default: without ``from_``/``to`` it covers the DAG run's data interval (end
    exclusive), so consecutive runs cover each day once. Ranges longer than a month are walked month
    by month.
"""


class _PhoneRangeOperator(ZoomListOperator):
    """Shared inputs of the date-ranged phone lists."""

    template_fields: Sequence[str] = (*ZoomListOperator.template_fields, "from_", "to", "max_results")
    choices: dict[str, tuple[str, ...]] = {}

    def __init__(
        self, *, from_: Any = None, to: Any = None, max_results: int | str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.from_ = from_
        self.to = to
        self.max_results = max_results

    def check_choices(self) -> None:
        for field, allowed in self.choices.items():
            value = getattr(self, field)
            if is_static(value):
                check_choice(field, value, allowed)


class ZoomListPhoneCallLogsOperator(_PhoneRangeOperator):
    """
    List the account's call history (``/phone/call_history``) over a date range.

    Scope ``phone:read:list_call_logs:admin`` (Heavy). Every input is templated.

    :param from_: first day; default: the data interval's start.
    :param to: last day, inclusive; default: the last day of the data interval.
    :param keyword: filter by name, number or extension.
    :param time_type: ``start_time`` or ``end_time``: which call time the range applies to.
    :param filters: other query filters Zoom accepts, sent as given.
    :param max_results: stop after this many calls.
    """

    __doc__ = (__doc__ or "") + _RANGE_DOC
    template_fields: Sequence[str] = (*_PhoneRangeOperator.template_fields, "keyword", "time_type", "filters")
    choices = {"time_type": CALL_HISTORY_TIME_TYPES}

    def __init__(
        self,
        *,
        keyword: str | None = None,
        time_type: str | None = None,
        filters: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.keyword = keyword
        self.time_type = time_type
        self.filters = filters
        self.check_choices()

    def list_items(self, context: Context) -> list[dict[str, Any]]:
        start, end = self.date_range(context, self.from_, self.to)
        calls = self.hook.list_phone_call_logs(
            start,
            end,
            keyword=self.keyword or None,
            time_type=self.time_type or None,
            filters=self.filters or None,
            max_results=check_max_results(self.max_results),
        )
        self.log.info("Found %d calls from %s to %s.", len(calls), start, end)
        return calls


class ZoomListUserCallLogsOperator(_PhoneRangeOperator):
    """
    List one user's call history (``/phone/users/{userId}/call_history``) over a date range.

    Scope ``phone:read:list_call_logs:admin`` (Heavy). Every input is templated.

    :param user_id: user id, email or ``me``.
    :param from_: first day; default: the data interval's start.
    :param to: last day, inclusive; default: the last day of the data interval.
    :param keyword: filter by name, number or extension.
    :param time_type: ``start_time`` or ``end_time``.
    :param max_results: stop after this many calls.
    """

    __doc__ = (__doc__ or "") + _RANGE_DOC
    template_fields: Sequence[str] = (*_PhoneRangeOperator.template_fields, "user_id", "keyword", "time_type")
    choices = {"time_type": CALL_HISTORY_TIME_TYPES}

    def __init__(
        self, *, user_id: str = "me", keyword: str | None = None, time_type: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.user_id = user_id
        self.keyword = keyword
        self.time_type = time_type
        self.check_choices()

    def list_items(self, context: Context) -> list[dict[str, Any]]:
        require("user_id", self.user_id)
        start, end = self.date_range(context, self.from_, self.to)
        return self.hook.list_user_call_logs(
            self.user_id,
            start,
            end,
            keyword=self.keyword or None,
            time_type=self.time_type or None,
            max_results=check_max_results(self.max_results),
        )


class ZoomListPhoneRecordingsOperator(_PhoneRangeOperator):
    """
    List the account's call recordings (``/phone/recordings``) over a date range.

    Scope ``phone:read:list_call_recordings:admin`` (Medium). Every input is templated.

    :param from_: first day; default: the data interval's start.
    :param to: last day, inclusive; default: the last day of the data interval.
    :param owner_type: ``user`` or ``callQueue``; default: all owners.
    :param recording_type: ``OnDemand`` or ``Automatic``; default: both.
    :param site_id: only this site's recordings.
    :param query_date_type: ``start_time`` or ``end_time`` of the call.
    :param max_results: stop after this many recordings.
    """

    __doc__ = (__doc__ or "") + _RANGE_DOC
    template_fields: Sequence[str] = (
        *_PhoneRangeOperator.template_fields,
        "owner_type",
        "recording_type",
        "site_id",
        "query_date_type",
    )
    choices = {
        "owner_type": PHONE_RECORDING_OWNER_TYPES,
        "recording_type": PHONE_RECORDING_TYPES,
        "query_date_type": PHONE_QUERY_DATE_TYPES,
    }

    def __init__(
        self,
        *,
        owner_type: str | None = None,
        recording_type: str | None = None,
        site_id: str | None = None,
        query_date_type: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.owner_type = owner_type
        self.recording_type = recording_type
        self.site_id = site_id
        self.query_date_type = query_date_type
        self.check_choices()

    def list_items(self, context: Context) -> list[dict[str, Any]]:
        start, end = self.date_range(context, self.from_, self.to)
        recordings = self.hook.list_phone_recordings(
            start,
            end,
            owner_type=self.owner_type or None,
            recording_type=self.recording_type or None,
            site_id=self.site_id or None,
            query_date_type=self.query_date_type or None,
            max_results=check_max_results(self.max_results),
        )
        self.log.info("Found %d call recordings from %s to %s.", len(recordings), start, end)
        return recordings


class ZoomListUserPhoneRecordingsOperator(_PhoneRangeOperator):
    """
    List one user's call recordings (``/phone/users/{userId}/recordings``) over a date range.

    Scope ``phone:read:list_user_recordings:admin`` (Medium). Every input is templated.

    :param user_id: user id, email or ``me``.
    :param from_: first day; default: the data interval's start.
    :param to: last day, inclusive; default: the last day of the data interval.
    :param max_results: stop after this many recordings.
    """

    __doc__ = (__doc__ or "") + _RANGE_DOC
    template_fields: Sequence[str] = (*_PhoneRangeOperator.template_fields, "user_id")

    def __init__(self, *, user_id: str = "me", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.user_id = user_id

    def list_items(self, context: Context) -> list[dict[str, Any]]:
        require("user_id", self.user_id)
        start, end = self.date_range(context, self.from_, self.to)
        return self.hook.list_user_phone_recordings(
            self.user_id, start, end, max_results=check_max_results(self.max_results)
        )


class ZoomListPhoneNumbersOperator(ZoomListOperator):
    """
    List the account's Zoom Phone numbers.

    Scope ``phone:read:list_numbers:admin`` (Medium). Every input is templated.

    :param type: ``all`` (default), ``assigned``, ``unassigned`` or ``byoc``.
    :param extension_type: assignee type (``user``, ``callQueue``, ``autoReceptionist``, ...).
    :param number_type: ``toll`` or ``tollfree``.
    :param site_id: only this site's numbers.
    :param max_results: stop after this many numbers.
    """

    template_fields: Sequence[str] = (
        *ZoomListOperator.template_fields,
        "type",
        "extension_type",
        "number_type",
        "site_id",
        "max_results",
    )

    def __init__(
        self,
        *,
        type: str = "all",
        extension_type: str | None = None,
        number_type: str | None = None,
        site_id: str | None = None,
        max_results: int | str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.type = type
        self.extension_type = extension_type
        self.number_type = number_type
        self.site_id = site_id
        self.max_results = max_results
        if is_static(type):
            check_choice("type", type, PHONE_NUMBER_TYPES)

    def list_items(self, context: Context) -> list[dict[str, Any]]:
        return self.hook.list_phone_numbers(
            self.type or "all",
            extension_type=self.extension_type or None,
            number_type=self.number_type or None,
            site_id=self.site_id or None,
            max_results=check_max_results(self.max_results),
        )
