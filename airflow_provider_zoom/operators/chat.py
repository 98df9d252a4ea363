"""Operators for Zoom Team Chat: list channels, list messages, send a message."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from airflow_provider_zoom.hooks._resources._payloads import exactly_one
from airflow_provider_zoom.operators._fields import is_static
from airflow_provider_zoom.operators.base import ZoomBaseOperator, ZoomListOperator, check_max_results

if TYPE_CHECKING:
    from airflow.sdk import Context


class ZoomListChatChannelsOperator(ZoomListOperator):
    """
    Return the Team Chat channels a user belongs to, every page (Zoom serves 50 per page).
    Scope ``team_chat:read:list_user_channels:admin`` (or ``chat_channel:read:admin``).

    :param user_id: user id, email or ``me``.
    :param max_results: stop after this many channels.
    """

    template_fields: Sequence[str] = (*ZoomListOperator.template_fields, "user_id", "max_results")

    def __init__(self, *, user_id: str = "me", max_results: int | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.user_id = user_id
        self.max_results = max_results

    def list_items(self, context: Context) -> list[dict[str, Any]]:
        return self.hook.list_chat_channels(self.user_id, max_results=check_max_results(self.max_results))


class ZoomListChatMessagesOperator(ZoomListOperator):
    """
    Return the messages of a channel or of a one-to-one chat, every page (50 per page).
    Scope ``team_chat:read:list_user_messages:admin`` (or ``chat_message:read:admin``).

    For long histories use the transfer operators in :mod:`airflow_provider_zoom.transfers`.

    :param user_id: whose view of the chat: user id, email or ``me``.
    :param to_contact: the contact (email or user id); exactly one of ``to_contact``/``to_channel``.
    :param to_channel: the channel id.
    :param date: one day (yyyy-mm-dd); or ``from_``/``to``, not both.
    :param from_: start datetime.
    :param to: end datetime.
    :param include_deleted_and_edited_message: include deleted and edited messages.
    :param search_type: ``message`` or ``file``, together with ``search_key``.
    :param search_key: the text to search for.
    :param exclude_child_message: leave out thread replies.
    :param download_file_formats: e.g. ``audio/mp4`` to get download URLs for those files.
    :param max_results: stop after this many messages.
    """

    template_fields: Sequence[str] = (
        *ZoomListOperator.template_fields,
        "user_id",
        "to_contact",
        "to_channel",
        "date",
        "from_",
        "to",
        "include_deleted_and_edited_message",
        "search_type",
        "search_key",
        "exclude_child_message",
        "download_file_formats",
        "max_results",
    )

    def __init__(
        self,
        *,
        user_id: str = "me",
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
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if is_static([to_contact, to_channel]):
            exactly_one(to_contact=to_contact, to_channel=to_channel)
        self.user_id = user_id
        self.to_contact = to_contact
        self.to_channel = to_channel
        self.date = date
        self.from_ = from_
        self.to = to
        self.include_deleted_and_edited_message = include_deleted_and_edited_message
        self.search_type = search_type
        self.search_key = search_key
        self.exclude_child_message = exclude_child_message
        self.download_file_formats = download_file_formats
        self.max_results = max_results

    def list_items(self, context: Context) -> list[dict[str, Any]]:
        return self.hook.list_chat_messages(
            self.user_id,
            to_contact=self.to_contact or None,
            to_channel=self.to_channel or None,
            date=self.date or None,
            from_=self.from_ or None,
            to=self.to or None,
            include_deleted_and_edited_message=self.include_deleted_and_edited_message,
            search_type=self.search_type or None,
            search_key=self.search_key or None,
            exclude_child_message=self.exclude_child_message,
            download_file_formats=self.download_file_formats or None,
            max_results=check_max_results(self.max_results),
        )


class ZoomSendChatMessageOperator(ZoomBaseOperator):
    """
    Send a Team Chat message to a channel or a contact and return ``{"id": message_id}``.
    Scope ``team_chat:write:user_message:admin`` (or ``chat_message:write:admin``).

    To post when a task fails, use :class:`~airflow_provider_zoom.notifications.chat.ZoomChatNotifier`.

    :param message: the text (templated; at most 4,096 characters).
    :param user_id: the sender: user id, email or ``me``.
    :param to_contact: the recipient (email or user id); exactly one of ``to_contact``/``to_channel``.
    :param to_channel: the channel id.
    :param reply_main_message_id: reply in this message's thread.
    :param at_items: @mentions.
    :param rich_text: formatting ranges.
    :param file_ids: ids of files already uploaded to Zoom.
    :param interactive_cards: interactive card JSON.
    """

    template_fields: Sequence[str] = (
        *ZoomBaseOperator.template_fields,
        "message",
        "user_id",
        "to_contact",
        "to_channel",
        "reply_main_message_id",
        "at_items",
        "rich_text",
        "file_ids",
        "interactive_cards",
    )

    def __init__(
        self,
        *,
        message: str,
        user_id: str = "me",
        to_contact: str | None = None,
        to_channel: str | None = None,
        reply_main_message_id: str | None = None,
        at_items: list[dict[str, Any]] | None = None,
        rich_text: list[dict[str, Any]] | None = None,
        file_ids: list[str] | None = None,
        interactive_cards: list[dict[str, Any]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if is_static([to_contact, to_channel]):
            exactly_one(to_contact=to_contact, to_channel=to_channel)
        self.message = message
        self.user_id = user_id
        self.to_contact = to_contact
        self.to_channel = to_channel
        self.reply_main_message_id = reply_main_message_id
        self.at_items = at_items
        self.rich_text = rich_text
        self.file_ids = file_ids
        self.interactive_cards = interactive_cards

    def execute(self, context: Context) -> dict[str, Any]:
        result = self.hook.send_chat_message(
            self.user_id,
            message=self.message,
            to_contact=self.to_contact or None,
            to_channel=self.to_channel or None,
            reply_main_message_id=self.reply_main_message_id or None,
            at_items=self.at_items or None,
            rich_text=self.rich_text or None,
            file_ids=self.file_ids or None,
            interactive_cards=self.interactive_cards or None,
        )
        self.log.info("Sent Team Chat message %s.", result.get("id"))
        return result
