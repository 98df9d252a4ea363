"""Team Chat: channels, messages, sending a message."""

from __future__ import annotations

from typing import Any

from airflow_provider_zoom._contract import facts
from airflow_provider_zoom._http.paths import api_path
from airflow_provider_zoom._values.dates import to_zoom_datetime
from airflow_provider_zoom.exceptions import ZoomConfigError
from airflow_provider_zoom.hooks._resources.base import ZoomApiBase, drop_none
from airflow_provider_zoom.validation import (
    at_most_one,
    check_bool,
    check_choice,
    check_date,
    exactly_one,
    require,
)

# Zoom's SDK types state neither; both come from Zoom's Team Chat API reference pages: lists serve at
# most 50 items per page, a message holds at most 4,096 characters.
CHAT_PAGE_SIZE = 50
CHAT_MESSAGE_MAX = 4096
CHAT_SEARCH_TYPES = facts.enum("GET", "/chat/users/{userId}/messages", "query.search_type")


class ChatMixin(ZoomApiBase):
    """
    Team Chat actions (scopes:
    ``team_chat:read:list_user_messages:admin``, ``team_chat:write:user_message:admin``, ...).
    """

    def list_chat_channels(
        self, user_id: str = "me", *, max_results: int | None = None
    ) -> list[dict[str, Any]]:
        """
        The channels a user belongs to, all pages (scope ``team_chat:read:list_user_channels:admin``).

        :param user_id: user id, email or ``me``.
        :param max_results: stop after this many channels.
        """
        return list(
            self.paginate(
                api_path("/chat/users/{user_id}/channels", user_id=user_id),
                items_key="channels",
                page_size=CHAT_PAGE_SIZE,
                max_results=max_results,
            )
        )

    def list_chat_messages(
        self,
        user_id: str = "me",
        *,
        to_contact: str | None = None,
        to_channel: str | None = None,
        date: Any = None,
        from_: Any = None,
        to: Any = None,
        include_deleted_and_edited_message: bool | None = None,
        search_type: str | None = None,
        search_key: str | None = None,
        exclude_child_message: bool | None = None,
        download_file_formats: str | None = None,
        max_results: int | None = None,
    ) -> list[dict[str, Any]]:
        """
        Messages a user sent or received in a channel or with a contact, or found by a search across
        all of the user's chats, all pages (scope ``team_chat:read:list_user_messages:admin``).

        :param user_id: whose view of the chats: user id, email or ``me``.
        :param to_contact: the contact's user id, member id or email (or give ``to_channel``).
        :param to_channel: the channel id (or give ``to_contact``); with neither, give ``search_key``.
        :param date: one day (yyyy-mm-dd).
        :param from_: start datetime (sent as ``yyyy-MM-ddTHH:mm:ssZ``).
        :param to: end datetime.
        :param include_deleted_and_edited_message: include deleted and edited messages.
        :param search_type: ``message`` or ``file``, with ``search_key``.
        :param search_key: the text to search for, with ``search_type``.
        :param exclude_child_message: leave out thread replies.
        :param download_file_formats: e.g. ``audio/mp4`` to receive download URLs for those files.
        :param max_results: stop after this many messages.
        """
        # Zoom's reference makes both optional: without either, a search spans all the user's chats
        # (its Team Chat reference page: then search_key is what selects the messages).
        at_most_one(to_contact=to_contact, to_channel=to_channel)
        if not (to_contact or to_channel or search_key):
            raise ZoomConfigError("to_contact or to_channel", "give one, or search all chats with search_key")
        if bool(search_type) != bool(search_key):
            raise ZoomConfigError("search_type / search_key", "give both or neither")
        params = drop_none(
            {
                "to_contact": to_contact,
                "to_channel": to_channel,
                "date": check_date("date", date),
                "from": to_zoom_datetime(from_, "from_") if from_ else None,
                "to": to_zoom_datetime(to, "to") if to else None,
                "include_deleted_and_edited_message": check_bool(
                    "include_deleted_and_edited_message", include_deleted_and_edited_message
                ),
                "search_type": check_choice("search_type", search_type, CHAT_SEARCH_TYPES),
                "search_key": search_key,
                "exclude_child_message": check_bool("exclude_child_message", exclude_child_message),
                "download_file_formats": download_file_formats,
            }
        )
        return list(
            self.paginate(
                api_path("/chat/users/{user_id}/messages", user_id=user_id),
                items_key="messages",
                params=params,
                page_size=CHAT_PAGE_SIZE,
                max_results=max_results,
            )
        )

    def send_chat_message(
        self,
        user_id: str = "me",
        *,
        message: str,
        to_contact: str | None = None,
        to_channel: str | None = None,
        reply_main_message_id: str | None = None,
        at_items: list[dict[str, Any]] | None = None,
        rich_text: list[dict[str, Any]] | None = None,
        file_ids: list[str] | None = None,
        interactive_cards: list[dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        """
        Send a Team Chat message as a user (scope ``team_chat:write:user_message:admin``).

        :param user_id: the sender: user id, email or ``me``.
        :param message: the text (at most 4,096 characters).
        :param to_contact: the recipient's email or user id (or give ``to_channel``).
        :param to_channel: the channel id (or give ``to_contact``).
        :param reply_main_message_id: reply in this message's thread.
        :param at_items: @mentions: ``[{"at_contact", "at_type", "start_position", "end_position"}]``.
        :param rich_text: formatting ranges.
        :param file_ids: ids of files already uploaded to Zoom to attach.
        :param interactive_cards: interactive card JSON.
        :return: ``{"id": message_id}``.
        """
        require("message", message)
        if len(str(message)) > CHAT_MESSAGE_MAX:
            raise ZoomConfigError(
                "message", f"must be at most {CHAT_MESSAGE_MAX} characters, got {len(message)}"
            )
        target, value = exactly_one(to_contact=to_contact, to_channel=to_channel)
        body = drop_none(
            {
                "message": str(message),
                target: value,
                "reply_main_message_id": reply_main_message_id,
                "at_items": at_items,
                "rich_text": rich_text,
                "file_ids": file_ids,
                "interactive_cards": interactive_cards,
            }
        )
        return self.request("POST", api_path("/chat/users/{user_id}/messages", user_id=user_id), json=body)
