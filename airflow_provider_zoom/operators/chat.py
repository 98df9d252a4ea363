"""Operators for Zoom Team Chat: list channels, list messages, send a message."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from airflow_provider_zoom.operators.base import ZoomBaseOperator, ZoomListOperator

if TYPE_CHECKING:
    from airflow.sdk import Context


class ZoomListChatChannelsOperator(ZoomListOperator):
    """
    Return the Team Chat channels a user belongs to, every page (Zoom serves 50 per page).
    Scope ``team_chat:read:list_user_channels:admin`` (or ``chat_channel:read:admin``).
    """

    hook_method = "list_chat_channels"


class ZoomListChatMessagesOperator(ZoomListOperator):
    """
    Return the messages of a channel or of a one-to-one chat, or found by a search across the user's
    chats, every page (50 per page).
    Scope ``team_chat:read:list_user_messages:admin`` (or ``chat_message:read:admin``).

    For long histories use the transfer operators in :mod:`airflow_provider_zoom.transfers`.
    """

    hook_method = "list_chat_messages"


class ZoomSendChatMessageOperator(ZoomBaseOperator):
    """
    Send a Team Chat message to a channel or a contact and return ``{"id": message_id}``.
    Scope ``team_chat:write:user_message:admin`` (or ``chat_message:write:admin``).

    To post when a task fails, use :class:`~airflow_provider_zoom.notifications.chat.ZoomChatNotifier`.
    """

    hook_method = "send_chat_message"

    def result(self, context: Context, reply: dict[str, Any], sent: Mapping[str, Any]) -> dict[str, Any]:
        self.log.info("Sent Team Chat message %s.", reply.get("id"))
        return reply
