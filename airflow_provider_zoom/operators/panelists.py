"""Operators for webinar panelists: list, add, remove one, remove all."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from airflow_provider_zoom.operators.base import ZoomBaseOperator, ZoomListOperator

if TYPE_CHECKING:
    from airflow.sdk import Context


class ZoomListWebinarPanelistsOperator(ZoomListOperator):
    """
    Return a webinar's panelists (``id``, ``name``, ``email``, ``join_url``, ...).

    Scope ``webinar:read:list_panelists:admin``. Every input is templated.
    """

    hook_method = "list_webinar_panelists"


class ZoomAddWebinarPanelistsOperator(ZoomBaseOperator):
    """
    Add panelists to a scheduled webinar (sent in batches of 30) and return Zoom's reply with ``added``.

    Each entry needs ``name`` and ``email``; ``virtual_background_id``, ``name_tag_id``,
    ``name_tag_name``, ``name_tag_pronouns`` and ``name_tag_description`` are optional. Entries are
    checked when the DAG is parsed (unless templated) and again before any request. Scope
    ``webinar:write:panelist:admin``. Every input is templated.
    """

    hook_method = "add_webinar_panelists"
    template_fields_renderers = {"panelists": "json"}

    def result(self, context: Context, reply: dict[str, Any], sent: Mapping[str, Any]) -> dict[str, Any]:
        self.log.info("Added %d panelist(s) to webinar %s.", reply.get("added", 0), sent["webinar_id"])
        return reply


class ZoomRemoveWebinarPanelistOperator(ZoomBaseOperator):
    """
    Remove one panelist from a webinar and return ``{"webinar_id", "panelist_id", "removed": True}``.

    Scope ``webinar:delete:panelist:admin``. Every input is templated.
    """

    hook_method = "remove_webinar_panelist"

    def result(self, context: Context, reply: dict[str, Any], sent: Mapping[str, Any]) -> dict[str, Any]:
        self.log.info("Removed panelist %s from webinar %s.", sent["panelist_id"], sent["webinar_id"])
        return {"webinar_id": sent["webinar_id"], "panelist_id": sent["panelist_id"], "removed": True}


class ZoomRemoveWebinarPanelistsOperator(ZoomBaseOperator):
    """
    Remove every panelist from a webinar and return ``{"webinar_id", "removed": "all"}``.

    Scope ``webinar:delete:panelist:admin``. Every input is templated.
    """

    hook_method = "remove_webinar_panelists"

    def result(self, context: Context, reply: dict[str, Any], sent: Mapping[str, Any]) -> dict[str, Any]:
        self.log.info("Removed all panelists from webinar %s.", sent["webinar_id"])
        return {"webinar_id": sent["webinar_id"], "removed": "all"}
