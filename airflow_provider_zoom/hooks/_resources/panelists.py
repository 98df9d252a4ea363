"""Webinar panelists: list, add, remove one, remove all."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from airflow_provider_zoom._contract import facts
from airflow_provider_zoom._http.paths import api_path
from airflow_provider_zoom.hooks._resources.base import ZoomApiBase

_ADD_PANELISTS = facts.endpoint("POST", "/webinars/{webinarId}/panelists")
# Zoom takes at most this many panelists per request (a webinar holds at most 100 on most plans).
PANELIST_BATCH_SIZE = _ADD_PANELISTS.max_items("body.panelists")
PANELIST_FIELDS = frozenset(_ADD_PANELISTS.fields("body.panelists"))


def check_panelists(panelists: Any) -> list[dict[str, Any]]:
    """
    Validate panelist entries before any request.

    :raises ZoomConfigError: naming the entry and field at fault.
    """
    from airflow_provider_zoom.exceptions import ZoomConfigError

    if isinstance(panelists, Mapping | str | bytes) or not isinstance(panelists, Iterable):
        raise ZoomConfigError("panelists", f"must be a list of {{name, email}} objects, got {panelists!r}")
    entries = list(panelists)
    if not entries:
        raise ZoomConfigError("panelists", "must hold at least one panelist")
    checked = []
    for index, entry in enumerate(entries):
        field = f"panelists[{index}]"
        if not isinstance(entry, Mapping):
            raise ZoomConfigError(field, f"must be an object with name and email, got {entry!r}")
        for key in ("name", "email"):
            value = entry.get(key)
            if not isinstance(value, str) or not value.strip():
                raise ZoomConfigError(f"{field}.{key}", "is required and must be non-empty text")
        if "@" not in entry["email"]:
            raise ZoomConfigError(f"{field}.email", f"is not an email address: {entry['email']!r}")
        unknown = sorted(set(entry) - PANELIST_FIELDS)
        if unknown:
            raise ZoomConfigError(
                f"{field}", f"unknown field(s) {', '.join(unknown)}; Zoom accepts {sorted(PANELIST_FIELDS)}"
            )
        checked.append(dict(entry))
    return checked


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
        Add panelists to a scheduled webinar, in batches of :data:`PANELIST_BATCH_SIZE`.

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
