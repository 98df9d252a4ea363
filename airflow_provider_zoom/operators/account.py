"""Operators about the connection itself: the current user, account settings, the token's scopes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from airflow_provider_zoom.exceptions import ZoomConfigError
from airflow_provider_zoom.operators.base import ZoomBaseOperator
from airflow_provider_zoom.validation import check_bool

if TYPE_CHECKING:
    from airflow.sdk import Context


class ZoomGetCurrentUserOperator(ZoomBaseOperator):
    """
    Return the user the connection acts as (``GET /users/me``): id, email, type, account id, ...

    Scope ``user:read:user:admin``.
    """

    hook_method = "get_current_user"


class ZoomGetAccountSettingsOperator(ZoomBaseOperator):
    """
    Return the account's settings (``GET /accounts/me/settings``). Scope ``account:read:settings:admin``.
    """

    hook_method = "get_account_settings"


class ZoomDescribeTokenScopesOperator(ZoomBaseOperator):
    """
    Report which scopes the connection's token has and which operator families they allow.

    Returns ``{"granted": [...], "allowed": [...], "missing": {family: [scopes]}, "message": ...}``;
    never the token itself. Useful as a first task that fails fast when the app lacks a scope.

    :param fail_on_missing: fail the task when a required family lacks a scope.
    """

    hook_method = "describe_token_scopes"
    template_fields: Sequence[str] = (*ZoomBaseOperator.template_fields, "fail_on_missing")
    template_fields_renderers = {"required": "json"}

    def __init__(self, *, fail_on_missing: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.fail_on_missing = fail_on_missing

    def result(self, context: Context, reply: dict[str, Any], sent: Mapping[str, Any]) -> dict[str, Any]:
        self.log.info("%s", reply["message"])
        if check_bool("fail_on_missing", self.fail_on_missing) and reply["missing"]:
            raise ZoomConfigError("required", reply["message"])
        return reply
