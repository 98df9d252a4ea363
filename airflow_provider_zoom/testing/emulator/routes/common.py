"""Helpers shared by the routes: pagination, dates, JSON bodies and path identifiers."""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import unquote

from fastapi import Request

from airflow_provider_zoom.testing.emulator import errors
from airflow_provider_zoom.testing.emulator.state import EmulatorState, public

MONTH_DAYS = 30
REPORT_RETENTION_DAYS = 183


def state_of(request: Request) -> EmulatorState:
    return request.app.state.emulator


def path_uuid(value: str) -> str:
    """Decode the second URL-encoding layer of a UUID path segment.

    The server decodes the path once, so a double-encoded ``%252F`` arrives here as ``%2F``. A
    single-encoded ``/`` was already decoded into a path separator and never reaches a route.
    """
    return unquote(value)


async def json_body(request: Request) -> dict[str, Any]:
    """The request's JSON object body (empty dict when there is none)."""
    raw = await request.body()
    if not raw.strip():
        return {}
    try:
        body = json.loads(raw)
    except ValueError:
        raise errors.bad_request("Request Body should be a valid JSON object.") from None
    if not isinstance(body, dict):
        raise errors.bad_request("Request Body should be a valid JSON object.")
    return body


def page_size_of(value: int | None, *, default: int = 30, maximum: int = 300) -> int:
    """Zoom clamps a ``page_size`` over the maximum to the maximum."""
    if value is None:
        return default
    if value < 1:
        raise errors.invalid_field("page_size", f"page_size must be between 1 and {maximum}.")
    return min(value, maximum)


def paginate(
    state: EmulatorState,
    request: Request,
    items: Sequence[dict[str, Any]],
    *,
    items_key: str,
    page_size: int | None,
    next_page_token: str | None,
    page_number: int | None = None,
    with_page_number: bool = False,
    default_size: int = 30,
    max_size: int = 300,
    render: Callable[[dict[str, Any]], dict[str, Any]] = public,
    extra: dict[str, Any] | None = None,
    total_records: bool = True,
) -> dict[str, Any]:
    """One page of ``items`` (already in order) in Zoom's reply shape.

    ``total_records=False`` for the lists whose reply has no ``total_records`` (meeting summaries,
    chat messages).

    A ``next_page_token`` remembers the last item sent, so items created or deleted between
    pages neither repeat nor skip the rest; it expires after ``page_token_ttl`` seconds.
    """
    size = page_size_of(page_size, default=default_size, maximum=max_size)
    key = _request_key(request)
    idents = [_ident(item) for item in items]
    start = 0
    if next_page_token:
        entry = state.take_page_token(next_page_token, key)
        try:
            start = idents.index(entry["last"]) + 1
        except ValueError:
            start = min(entry["offset"], len(items))
    elif page_number is not None:
        if page_number < 1:
            raise errors.invalid_field("page_number", "page_number must be 1 or more.")
        start = (page_number - 1) * size
    page = list(items[start : start + size])
    end = start + len(page)
    token = state.new_page_token(key, end, idents[end - 1]) if page and end < len(items) else ""
    reply: dict[str, Any] = dict(extra or {})
    if with_page_number:
        reply["page_count"] = max(1, math.ceil(len(items) / size)) if items else 0
        reply["page_number"] = start // size + 1
    reply["page_size"] = size
    if total_records:
        reply["total_records"] = len(items)
    reply["next_page_token"] = token
    reply[items_key] = [render(item) for item in page]
    return reply


def _ident(item: dict[str, Any]) -> Any:
    return item.get("_seq") or item.get("id") or item.get("uuid")


def _request_key(request: Request) -> str:
    skip = {"next_page_token", "page_size", "page_number"}
    params = sorted((k, v) for k, v in request.query_params.multi_items() if k not in skip)
    return f"{request.url.path}?{params}"


def parse_date(field: str, value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value[:10]) if len(value) >= 10 else dt.date.fromisoformat(value)
    except ValueError:
        raise errors.invalid_field(field, f"Invalid date '{value}': use the format yyyy-MM-dd.") from None


def date_range(
    from_: str | None,
    to: str | None,
    *,
    default_days: int = 0,
    max_days: int = MONTH_DAYS,
    retention_days: int | None = None,
) -> tuple[dt.date, dt.date]:
    """Validate a ``from``/``to`` pair (yyyy-mm-dd) as Zoom does for recordings and reports.

    Defaults: ``to`` is today and ``from`` is ``default_days`` before it. The span may not exceed
    one month (``to - from > 30 days`` is refused) nor, with ``retention_days``, start earlier.
    """
    today = dt.datetime.now(dt.timezone.utc).date()
    end = parse_date("to", to) if to else today
    start = parse_date("from", from_) if from_ else end - dt.timedelta(days=default_days)
    if end < start:
        raise errors.invalid_field("to", "The 'to' date must not be earlier than the 'from' date.")
    if (end - start).days > max_days:
        raise errors.ZoomError(
            400,
            300,
            "The date range between 'from' and 'to' cannot exceed one month.",
            errors=[{"field": "from", "message": f"{start} to {end} spans more than one month."}],
        )
    if retention_days is not None and start < today - dt.timedelta(days=retention_days):
        raise errors.invalid_field("from", "Reports can only be retrieved for the last 6 months.")
    return start, end


def parse_datetime(field: str, value: Any) -> dt.datetime:
    """An ISO date-time such as ``2024-05-01T10:00:00Z`` (UTC assumed without offset)."""
    if not isinstance(value, str):
        raise errors.invalid_field(field, f"Invalid date-time {value!r}: use yyyy-MM-ddTHH:mm:ssZ.")
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise errors.invalid_field(field, f"Invalid date-time {value!r}: use yyyy-MM-ddTHH:mm:ssZ.") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.timezone.utc)


def in_range(start: dt.datetime, first: dt.date, last: dt.date) -> bool:
    return first <= start.astimezone(dt.timezone.utc).date() <= last
