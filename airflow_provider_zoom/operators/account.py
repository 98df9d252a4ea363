"""Operators about the connection itself: the current user, account settings, the token's scopes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from airflow_provider_zoom.exceptions import ZoomConfigError
from airflow_provider_zoom.hooks._resources.account import ACCOUNT_SETTINGS_OPTIONS
from airflow_provider_zoom.operators._fields import is_static
from airflow_provider_zoom.operators.base import ZoomBaseOperator
from airflow_provider_zoom.validation import check_bool, check_choice

if TYPE_CHECKING:
    from airflow.sdk import Context


class ZoomGetCurrentUserOperator(ZoomBaseOperator):
    """
    Return the user the connection acts as (``GET /users/me``): id, email, type, account id, ...

    Scope ``user:read:user:admin``.
    """

    def execute(self, context: Context) -> dict[str, Any]:
        return self.hook.get_current_user()


class ZoomGetAccountSettingsOperator(ZoomBaseOperator):
    """
    Return the account's settings (``GET /accounts/me/settings``).

    Scope ``account:read:settings:admin``. Every input is templated.

    :param option: ``meeting_authentication``, ``recording_authentication``, ``security`` or
        ``meeting_security``; default: the general settings.
    :param custom_query_fields: comma-separated names of the settings to return.
    """

    template_fields: Sequence[str] = (*ZoomBaseOperator.template_fields, "option", "custom_query_fields")

    def __init__(
        self, *, option: str | None = None, custom_query_fields: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.option = option
        self.custom_query_fields = custom_query_fields
        if is_static(option):
            check_choice("option", option, ACCOUNT_SETTINGS_OPTIONS)

    def execute(self, context: Context) -> dict[str, Any]:
        return self.hook.get_account_settings(
            self.option or None, custom_query_fields=self.custom_query_fields or None
        )


class ZoomDescribeTokenScopesOperator(ZoomBaseOperator):
    """
    Report which scopes the connection's token has and which operator families they allow.

    Returns ``{"granted": [...], "allowed": [...], "missing": {family: [scopes]}, "message": ...}``;
    never the token itself. Useful as a first task that fails fast when the app lacks a scope.

    :param required: operator family -> scopes it needs (``|`` separates alternatives); default: the
        provider's table of every operator family.
    :param fail_on_missing: fail the task when a required family lacks a scope.
    """

    template_fields: Sequence[str] = (*ZoomBaseOperator.template_fields, "required", "fail_on_missing")
    template_fields_renderers = {"required": "json"}

    def __init__(
        self, *, required: dict[str, list[str]] | None = None, fail_on_missing: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.required = required
        self.fail_on_missing = fail_on_missing

    def execute(self, context: Context) -> dict[str, Any]:
        report = self.hook.describe_token_scopes(self.required or None)
        self.log.info("%s", report["message"])
        if check_bool("fail_on_missing", self.fail_on_missing) and report["missing"]:
            raise ZoomConfigError("required", report["message"])
        return report
