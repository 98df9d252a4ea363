"""The account and the app behind the connection: who am I, account settings, which scopes the token has."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from airflow_provider_zoom._contract.scopes import DEFAULT_SCOPE_REQUIREMENTS, scope_report
from airflow_provider_zoom.hooks._resources.base import ZoomApiBase, drop_none
from airflow_provider_zoom.validation import check_choice, check_mapping

# Zoom's SDK types leave ``option`` plain text; the values come from Zoom's Accounts API reference page.
ACCOUNT_SETTINGS_OPTIONS = (
    "meeting_authentication",
    "recording_authentication",
    "security",
    "meeting_security",
)

__all__ = ["ACCOUNT_SETTINGS_OPTIONS", "DEFAULT_SCOPE_REQUIREMENTS", "AccountMixin", "scope_report"]


class AccountMixin(ZoomApiBase):
    """The connection's own user, the account's settings, and the token's scopes."""

    def get_current_user(self) -> dict[str, Any]:
        """
        The user the token acts as (``GET /users/me``).

        Scope: ``user:read:user:admin`` (rate-limit category Light).
        """
        return self.request("GET", "/users/me")

    def get_account_settings(
        self, option: str | None = None, *, custom_query_fields: str | None = None
    ) -> dict[str, Any]:
        """
        The account's settings (``GET /accounts/me/settings``).

        Scope: ``account:read:settings:admin`` (rate-limit category Medium).

        :param option: ``meeting_authentication``, ``recording_authentication``, ``security`` or
            ``meeting_security``; default: the general settings.
        :param custom_query_fields: comma-separated names of the settings to return.
        """
        params = {
            "option": check_choice("option", option, ACCOUNT_SETTINGS_OPTIONS),
            "custom_query_fields": custom_query_fields,
        }
        return self.request("GET", "/accounts/me/settings", params=drop_none(params))

    def describe_token_scopes(self, required: Mapping[str, Iterable[str]] | None = None) -> dict[str, Any]:
        """
        The scopes of the current access token and what they allow (never the token itself).

        :param required: operator family -> scopes it needs (``|`` separates alternatives); default: the
            provider's table of every operator family
            (:data:`~airflow_provider_zoom._contract.scopes.DEFAULT_SCOPE_REQUIREMENTS`).
        :return: ``{"granted": [...], "allowed": [families], "missing": {family: [scopes]}, "message",
            "summary"}`` (see :func:`~airflow_provider_zoom._contract.scopes.scope_report`).
        """
        required = check_mapping("required", required) or None
        token = self.get_token()  # type: ignore[attr-defined]
        return scope_report(required, token.scopes)
