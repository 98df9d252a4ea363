"""Operators for Zoom users: create, get, update, delete (or disassociate), list."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from airflow_provider_zoom.operators.base import ZoomBaseOperator, ZoomListOperator
from airflow_provider_zoom.validation import build_user_profile

if TYPE_CHECKING:
    from airflow.sdk import Context


class ZoomCreateUserOperator(ZoomBaseOperator):
    """
    Add a user to the account and return ``{"id", "email", "first_name", "last_name", "type"}``.

    Scope ``user:write:user:admin`` (or ``user:write:admin``). Nested values of ``user_info`` are templated.
    """

    hook_method = "create_user"
    template_fields_renderers = {"user_info": "json"}

    def result(self, context: Context, reply: dict[str, Any], sent: Mapping[str, Any]) -> dict[str, Any]:
        self.log.info("Created user %s (%s).", reply.get("id"), sent["action"])
        return reply


class ZoomGetUserOperator(ZoomBaseOperator):
    """Return a user's profile. Scope ``user:read:user:admin`` (or ``user:read:admin``)."""

    hook_method = "get_user"


class ZoomUpdateUserOperator(ZoomBaseOperator):
    """
    Update a user's profile; returns ``{"id": user_id, "updated": [field names]}``.

    Scope ``user:update:user:admin`` (or ``user:write:admin``). Nested values of ``profile`` are templated.
    """

    hook_method = "update_user"
    template_fields_renderers = {"profile": "json"}

    def result(self, context: Context, reply: dict[str, Any], sent: Mapping[str, Any]) -> dict[str, Any]:
        updated = sorted(build_user_profile(sent["profile"]))
        self.log.info("Updated user %s: %s.", sent["user_id"], ", ".join(updated))
        return {"id": sent["user_id"], "updated": updated}


class ZoomDeleteUserOperator(ZoomBaseOperator):
    """
    Disassociate (default: the person keeps a Basic account of their own) or permanently delete a
    user; returns ``{"id": user_id, "action": action}``. Scope ``user:delete:user:admin``
    (or ``user:write:admin``).
    """

    hook_method = "delete_user"

    def result(self, context: Context, reply: dict[str, Any], sent: Mapping[str, Any]) -> dict[str, Any]:
        self.log.info("User %s: %s done.", sent["user_id"], sent["action"])
        return {"id": sent["user_id"], "action": sent["action"]}


class ZoomListUsersOperator(ZoomListOperator):
    """
    Return the account's users, every page. Scope ``user:read:list_users:admin`` (or ``user:read:admin``).

    For large accounts use the transfer operators in :mod:`airflow_provider_zoom.transfers`
    to write the list to object storage instead of XCom.
    """

    hook_method = "list_users"
