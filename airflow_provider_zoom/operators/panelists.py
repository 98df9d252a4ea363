"""Operators for webinar panelists: list, add, remove one, remove all."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from airflow_provider_zoom.hooks._resources.panelists import check_panelists
from airflow_provider_zoom.operators._fields import is_static
from airflow_provider_zoom.operators.base import ZoomBaseOperator, ZoomListOperator, check_max_results
from airflow_provider_zoom.validation import require

if TYPE_CHECKING:
    from airflow.sdk import Context


class ZoomListWebinarPanelistsOperator(ZoomListOperator):
    """
    Return a webinar's panelists (``id``, ``name``, ``email``, ``join_url``, ...).

    Scope ``webinar:read:list_panelists:admin``. Every input is templated.

    :param webinar_id: the webinar id.
    :param max_results: stop after this many panelists.
    """

    template_fields: Sequence[str] = (*ZoomListOperator.template_fields, "webinar_id", "max_results")

    def __init__(self, *, webinar_id: int | str, max_results: int | str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.webinar_id = webinar_id
        self.max_results = max_results

    def list_items(self, context: Context) -> list[dict[str, Any]]:
        require("webinar_id", self.webinar_id)
        return self.hook.list_webinar_panelists(
            self.webinar_id, max_results=check_max_results(self.max_results)
        )


class ZoomAddWebinarPanelistsOperator(ZoomBaseOperator):
    """
    Add panelists to a scheduled webinar (sent in batches of 30) and return Zoom's reply with ``added``.

    Each entry needs ``name`` and ``email``; ``virtual_background_id``, ``name_tag_id``,
    ``name_tag_name``, ``name_tag_pronouns`` and ``name_tag_description`` are optional. Entries are
    checked when the DAG is parsed (unless templated) and again before any request. Scope
    ``webinar:write:panelist:admin``. Every input is templated.

    :param webinar_id: the webinar id.
    :param panelists: ``[{"name": "Ada Lovelace", "email": "ada@example.com"}, ...]``.
    """

    template_fields: Sequence[str] = (*ZoomBaseOperator.template_fields, "webinar_id", "panelists")
    template_fields_renderers = {"panelists": "json"}

    def __init__(self, *, webinar_id: int | str, panelists: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.webinar_id = webinar_id
        self.panelists = panelists
        if is_static(panelists):
            check_panelists(panelists)

    def execute(self, context: Context) -> dict[str, Any]:
        require("webinar_id", self.webinar_id)
        reply = self.hook.add_webinar_panelists(self.webinar_id, self.panelists)
        self.log.info("Added %d panelist(s) to webinar %s.", reply.get("added", 0), self.webinar_id)
        return reply


class ZoomRemoveWebinarPanelistOperator(ZoomBaseOperator):
    """
    Remove one panelist from a webinar.

    Scope ``webinar:delete:panelist:admin``. Every input is templated.

    :param webinar_id: the webinar id.
    :param panelist_id: the panelist's ``id`` (from the list of panelists).
    """

    template_fields: Sequence[str] = (*ZoomBaseOperator.template_fields, "webinar_id", "panelist_id")

    def __init__(self, *, webinar_id: int | str, panelist_id: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.webinar_id = webinar_id
        self.panelist_id = panelist_id

    def execute(self, context: Context) -> dict[str, Any]:
        require("webinar_id", self.webinar_id)
        require("panelist_id", self.panelist_id)
        self.hook.remove_webinar_panelist(self.webinar_id, self.panelist_id)
        self.log.info("Removed panelist %s from webinar %s.", self.panelist_id, self.webinar_id)
        return {"webinar_id": self.webinar_id, "panelist_id": self.panelist_id, "removed": True}


class ZoomRemoveWebinarPanelistsOperator(ZoomBaseOperator):
    """
    Remove every panelist from a webinar.

    Scope ``webinar:delete:panelist:admin``. Every input is templated.

    :param webinar_id: the webinar id.
    """

    template_fields: Sequence[str] = (*ZoomBaseOperator.template_fields, "webinar_id")

    def __init__(self, *, webinar_id: int | str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.webinar_id = webinar_id

    def execute(self, context: Context) -> dict[str, Any]:
        require("webinar_id", self.webinar_id)
        self.hook.remove_webinar_panelists(self.webinar_id)
        self.log.info("Removed all panelists from webinar %s.", self.webinar_id)
        return {"webinar_id": self.webinar_id, "removed": "all"}
