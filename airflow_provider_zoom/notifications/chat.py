"""ZoomChatNotifier: post a Team Chat message from a DAG or task callback."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any

from airflow.sdk import BaseNotifier

from airflow_provider_zoom.hooks._checks import check_arguments
from airflow_provider_zoom.hooks.zoom import ZoomHook
from airflow_provider_zoom.validation import is_static

if TYPE_CHECKING:
    from airflow.sdk import Context

DEFAULT_MESSAGE = (
    "Airflow: task {{ ti.task_id }} of DAG {{ dag.dag_id if dag else ti.dag_id }} "
    "(run {{ run_id }}) is {{ ti.state }}."
)


class ZoomChatNotifier(BaseNotifier):
    """
    Post a (templated) message to a Zoom Team Chat channel or contact, e.g. as ``on_failure_callback``.

    Scope ``team_chat:write:user_message:admin`` (or ``chat_message:write:admin``). A failure to post
    is logged and, unless ``raise_on_error``, swallowed: a broken notification must not hide the
    event it was reporting.

    .. code-block:: python

        ZoomCreateMeetingOperator(
            ...,
            on_failure_callback=ZoomChatNotifier(to_channel="abc123", message="{{ ti.task_id }} failed"),
        )

    :param message: the text; Jinja-templated with the callback's context.
    :param to_channel: the channel id; exactly one of ``to_channel``/``to_contact``.
    :param to_contact: the recipient's email or user id.
    :param user_id: the sender: user id, email or ``me`` (the connection's user).
    :param zoom_conn_id: the ``zoom`` connection.
    :param raise_on_error: re-raise after logging when posting fails.
    """

    template_fields: Sequence[str] = ("message", "to_channel", "to_contact", "user_id", "zoom_conn_id")

    def __init__(
        self,
        *,
        message: str = DEFAULT_MESSAGE,
        to_channel: str | None = None,
        to_contact: str | None = None,
        user_id: str = "me",
        zoom_conn_id: str = ZoomHook.default_conn_name,
        raise_on_error: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if is_static([to_channel, to_contact]):
            # The hook's own rule for the recipient; the message is templated, so stand in for it.
            check_arguments("send_chat_message", message="-", to_channel=to_channel, to_contact=to_contact)
        self.message = message
        self.to_channel = to_channel
        self.to_contact = to_contact
        self.user_id = user_id
        self.zoom_conn_id = zoom_conn_id
        self.raise_on_error = raise_on_error

    @cached_property
    def hook(self) -> ZoomHook:
        return ZoomHook(zoom_conn_id=self.zoom_conn_id)

    def notify(self, context: Context) -> None:
        """Post the rendered message; returns nothing."""
        try:
            result = self.hook.send_chat_message(
                self.user_id or "me",
                message=self.message,
                to_channel=self.to_channel or None,
                to_contact=self.to_contact or None,
            )
            self.log.info("Posted Zoom Team Chat message %s.", result.get("id"))
        except Exception as err:
            self.log.error("Could not post the Zoom Team Chat notification: %s", err)
            if self.raise_on_error:
                raise


send_zoom_chat_notification = ZoomChatNotifier
