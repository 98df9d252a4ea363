"""Walk Zoom's paginated lists: ``next_page_token`` (and ``page_number`` where Zoom still uses it)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Any

from airflow_provider_zoom.exceptions import ZoomApiError

log = logging.getLogger(__name__)

MAX_PAGE_SIZE = 300
# A crawl restarted this many times because Zoom expired its page token fails loudly instead.
MAX_RESTARTS = 3


def is_expired_page_token(err: ZoomApiError) -> bool:
    """Zoom expires ``next_page_token`` after 15 minutes and answers code 300 saying so."""
    text = (err.zoom_message or "").lower()
    return err.status_code in (400, 404) and "page token" in text and ("expired" in text or "invalid" in text)


def _identity(item: Any) -> Any:
    if isinstance(item, dict):
        for key in ("uuid", "id", "registrant_id", "email", "participant_user_id"):
            if item.get(key) not in (None, ""):
                return (key, item[key], item.get("join_time"), item.get("start_time"))
    return None


class PageTotals:
    """
    What Zoom's pages said about the lists they belong to: ``total_records`` (summed over the lists
    read, e.g. one per month window; None when no page carried it) and the number of pages read.
    """

    def __init__(self) -> None:
        self.total_records: int | None = None
        self.pages = 0

    def observe(self, fetch: Callable[[dict[str, Any]], dict[str, Any]]) -> Callable[[dict[str, Any]], Any]:
        """Wrap one list's ``fetch``: every page is counted, the first one's ``total_records`` kept."""
        first = True

        def observed(query: dict[str, Any]) -> Any:
            nonlocal first
            page = fetch(query)
            self.pages += 1
            total = page.get("total_records") if isinstance(page, dict) else None
            if first and isinstance(total, int) and not isinstance(total, bool):
                self.total_records = (self.total_records or 0) + total
            first = False
            return page

        return observed


def iter_items(
    fetch: Callable[[dict[str, Any]], dict[str, Any]],
    *,
    items_key: str | tuple[str, ...],
    params: dict[str, Any] | None = None,
    page_size: int | None = MAX_PAGE_SIZE,
    max_results: int | None = None,
    totals: PageTotals | None = None,
) -> Iterator[Any]:
    """
    Yield the items of every page, one page in memory at a time.

    :param fetch: calls the endpoint with the given query params and returns the JSON page.
    :param items_key: the list's key in each page (``meetings``, ``users``, ``participants``, ...), or
        several keys tried in order.
    :param params: query params for every page.
    :param page_size: page size to ask for (Zoom caps most lists at 300); None leaves it to Zoom.
    :param max_results: stop after this many items.
    :param totals: records the pages' ``total_records`` and count.
    :raises ZoomApiError: when a page fails, or when Zoom keeps expiring the page token.
    """
    if totals is not None:
        fetch = totals.observe(fetch)
    if max_results is not None and max_results <= 0:
        return
    base = {k: v for k, v in (params or {}).items() if v is not None}
    if page_size:
        # No point asking for 300 rows when the caller wants 1.
        base["page_size"] = min(int(page_size), MAX_PAGE_SIZE, max_results or MAX_PAGE_SIZE)
    yielded = 0
    unidentified = 0  # items that cannot be recognised again after a restart
    restarts = 0
    seen: set[Any] = set()
    while True:
        query = dict(base)
        try:
            for item in _walk(fetch, query, items_key):
                ident = _identity(item)
                if restarts and ident is not None and ident in seen:
                    continue
                if ident is not None:
                    seen.add(ident)
                else:
                    unidentified += 1
                yield item
                yielded += 1
                if max_results is not None and yielded >= max_results:
                    return
            return
        except ZoomApiError as err:
            if not is_expired_page_token(err):
                raise
            if restarts >= MAX_RESTARTS or unidentified:
                raise ZoomApiError(
                    status_code=err.status_code,
                    code=err.code,
                    zoom_message=err.zoom_message,
                    method=err.method,
                    path=err.path,
                    hint=(
                        f"Zoom expired the page token {restarts + 1} time(s) after {yielded} item(s); "
                        "the list would be incomplete, so the crawl stops here. Consume pages faster "
                        "or narrow the date range."
                    ),
                ) from err
            restarts += 1
            log.warning(
                "Zoom expired the page token of %s after %d item(s); restarting the list and skipping "
                "items already returned (restart %d of %d).",
                err.path,
                yielded,
                restarts,
                MAX_RESTARTS,
            )


def page_items(page: dict[str, Any], items_key: str | tuple[str, ...]) -> list[Any]:
    """A page's items; with several keys, the first one the page has (Zoom renames some lists)."""
    for key in (items_key,) if isinstance(items_key, str) else items_key:
        if page.get(key) is not None:
            return page[key]
    return []


def _walk(
    fetch: Callable[[dict[str, Any]], dict[str, Any]], query: dict[str, Any], items_key: str | tuple[str, ...]
):
    used_tokens: set[str] = set()
    while True:
        page = fetch(query) or {}
        yield from page_items(page, items_key)
        token = page.get("next_page_token")
        if token:
            if token in used_tokens:
                # A server handing back a token it already gave would loop forever.
                raise ZoomApiError(
                    status_code=200,
                    zoom_message=f"Zoom returned the same next_page_token twice for {items_key}",
                    method="GET",
                )
            used_tokens.add(token)
            query = {**query, "next_page_token": token}
            query.pop("page_number", None)
            continue
        page_count = page.get("page_count")
        page_number = page.get("page_number")
        if isinstance(page_count, int) and isinstance(page_number, int) and page_number < page_count:
            query = {**query, "page_number": page_number + 1}
            continue
        return
