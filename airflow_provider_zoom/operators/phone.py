"""Operators for Zoom Phone: call history, call recordings and phone numbers."""

from __future__ import annotations

from airflow_provider_zoom.operators._days import DayRangeListOperator
from airflow_provider_zoom.operators.base import ZoomListOperator


class ZoomListPhoneCallLogsOperator(DayRangeListOperator):
    """
    List the account's call history (``/phone/call_history``) over a date range, walked month by month.
    Scope ``phone:read:list_call_logs:admin`` (Heavy).
    """

    hook_method = "list_phone_call_logs"


class ZoomListUserCallLogsOperator(DayRangeListOperator):
    """
    List one user's call history (``/phone/users/{userId}/call_history``) over a date range, walked
    month by month. Scope ``phone:read:list_call_logs:admin`` (Heavy).
    """

    hook_method = "list_user_call_logs"


class ZoomListPhoneRecordingsOperator(DayRangeListOperator):
    """
    List the account's call recordings (``/phone/recordings``) over a date range, walked month by
    month. Scope ``phone:read:list_call_recordings:admin`` (Medium).
    """

    hook_method = "list_phone_recordings"


class ZoomListUserPhoneRecordingsOperator(DayRangeListOperator):
    """
    List one user's call recordings (``/phone/users/{userId}/recordings``) over a date range, walked
    month by month. Scope ``phone:read:list_user_recordings:admin`` (Medium).
    """

    hook_method = "list_user_phone_recordings"


class ZoomListPhoneNumbersOperator(ZoomListOperator):
    """List the account's Zoom Phone numbers. Scope ``phone:read:list_numbers:admin`` (Medium)."""

    hook_method = "list_phone_numbers"
