"""Webinar panelists: list, add, remove one, remove all."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from airflow_provider_zoom._http.paths import api_path
from airflow_provider_zoom.hooks._resources.base import ZoomApiBase
from airflow_provider_zoom.validation import PANELIST_BATCH_SIZE, check_panelists


class PanelistsMixin(ZoomApiBase):
    """
    Webinar panelist actions.

    Scopes: ``webinar:read:list_panelists:admin``, ``webinar:write:panelist:admin``,
    ``webinar:delete:panelist:admin`` (rate-limit category Medium; Light for deletes).
    """

    def list_webinar_panelists(
        self, webinar_id: int | str, *, max_results: int | None = None
    ) -> list[dict[str, Any]]:
        """
        A webinar's panelists (``id``, ``name``, ``email``, ``join_url`` and name-tag fields).

        Scope: ``webinar:read:list_panelists:admin``.

        :param webinar_id: the webinar id.
        :param max_results: stop after this many panelists.
        """
        return list(
            self.paginate(
                api_path("/webinars/{webinar_id}/panelists", webinar_id=webinar_id),
                items_key="panelists",
                page_size=None,
                max_results=max_results,
            )
        )

    def add_webinar_panelists(
        self, webinar_id: int | str, panelists: Iterable[Mapping[str, Any]]
    ) -> dict[str, Any]:
        """
        Add panelists to a scheduled webinar, as many per request as Zoom takes
        (:data:`~airflow_provider_zoom.validation.PANELIST_BATCH_SIZE`).

        Scope: ``webinar:write:panelist:admin``. Zoom refuses (code 3000) past the webinar's panelist
        limit (100 on most plans).

        :param webinar_id: the webinar id.
        :param panelists: ``[{"name": ..., "email": ..., "name_tag_id": ...}, ...]``.
        :return: ``{"id": webinar id, "updated_at": ..., "added": count}`` from the last batch.
        :raises ZoomConfigError: for an entry without name or email, before any request.
        """
        entries = check_panelists(panelists)
        path = api_path("/webinars/{webinar_id}/panelists", webinar_id=webinar_id)
        reply: dict[str, Any] = {}
        for start in range(0, len(entries), PANELIST_BATCH_SIZE):
            batch = entries[start : start + PANELIST_BATCH_SIZE]
            reply = self.request("POST", path, json={"panelists": batch}) or {}
        return {**reply, "added": len(entries)}

    def remove_webinar_panelist(self, webinar_id: int | str, panelist_id: str) -> dict[str, Any]:
        """
        Remove one panelist from a webinar.

        Scope: ``webinar:delete:panelist:admin``.

        :param webinar_id: the webinar id.
        :param panelist_id: the panelist's ``id`` from :meth:`list_webinar_panelists`.
        """
        return self.request(
            "DELETE",
            api_path(
                "/webinars/{webinar_id}/panelists/{panelist_id}",
                webinar_id=webinar_id,
                panelist_id=panelist_id,
            ),
        )

    def remove_webinar_panelists(self, webinar_id: int | str) -> dict[str, Any]:
        """
        Remove every panelist from a webinar.

        Scope: ``webinar:delete:panelist:admin``.

        :param webinar_id: the webinar id.
        """
        return self.request("DELETE", api_path("/webinars/{webinar_id}/panelists", webinar_id=webinar_id))
