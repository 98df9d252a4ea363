"""The retry policy shared by the hook and the triggers: what to retry, how long to wait, when to stop."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

from airflow_provider_zoom._http.errors import (
    error_from_response,
    exhausted_error,
    header,
    is_daily_limit,
    zoom_message,
)
from airflow_provider_zoom._http.paths import redact_url
from airflow_provider_zoom.exceptions import ZoomTransientError

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


def parse_retry_after(value: str | None, *, now: dt.datetime | None = None) -> float | None:
    """
    Seconds to wait from a ``Retry-After`` value: delta seconds, an HTTP date or an ISO date-time.

    Returns None when the value is missing or unreadable.
    """
    if not value:
        return None
    text = value.strip()
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    when: dt.datetime | None
    try:
        when = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    current = now or dt.datetime.now(dt.timezone.utc)
    return max(0.0, (when - current).total_seconds())


@dataclass(frozen=True)
class RetryPolicy:
    """
    Bounded retries with exponential backoff and full jitter.

    :param max_retries: retries after the first attempt (0 disables retrying).
    :param backoff_base: seconds of the first backoff step.
    :param backoff_max: cap for one backoff step.
    :param max_retry_after: a ``Retry-After`` longer than this fails at once instead of sleeping.
    """

    max_retries: int = 5
    backoff_base: float = 1.0
    backoff_max: float = 60.0
    max_retry_after: float = 300.0

    def backoff(self, attempt: int) -> float:
        """Full-jitter backoff for the given retry number (1-based)."""
        ceiling = min(self.backoff_max, self.backoff_base * (2 ** max(0, attempt - 1)))
        return random.uniform(ceiling / 2, ceiling)

    def wait_for_status(
        self, status: int, headers: Mapping[str, str], message: str, attempt: int
    ) -> float | None:
        """
        Seconds to wait before retry number ``attempt`` (1-based), or None when the reply must not be retried.

        A daily-limit 429 is never retried; a QPS 429 honours ``Retry-After``.
        """
        if status not in RETRY_STATUSES or attempt > self.max_retries:
            return None
        if status == 429:
            if is_daily_limit(status, headers, message):
                return None
            retry_after = parse_retry_after(header(headers, "Retry-After"))
            if retry_after is not None:
                return retry_after if retry_after <= self.max_retry_after else None
        return self.backoff(attempt)

    def wait_for_connection_error(self, attempt: int) -> float | None:
        """Seconds to wait after a connection error or timeout, or None when the budget is spent."""
        if attempt > self.max_retries:
            return None
        return self.backoff(attempt)


@dataclass(frozen=True)
class RetryStep:
    """The next retry: how long to wait and, for the log, why."""

    wait: float
    reason: str


def after_connection_error(
    policy: RetryPolicy, attempt: int, err: BaseException, *, method: str, url: str, path: str
) -> RetryStep:
    """
    The retry after a connection error or timeout on attempt ``attempt`` (1-based).

    :raises ZoomTransientError: when the budget is spent.
    """
    wait = policy.wait_for_connection_error(attempt)
    if wait is None:
        raise ZoomTransientError(
            status_code=0,
            zoom_message=f"{type(err).__name__}: could not reach {redact_url(url)}",
            method=method.upper(),
            path=path,
            hint=f"Gave up after {attempt} attempt(s).",
        )
    return RetryStep(wait, f"{method.upper()} {path} failed ({type(err).__name__})")


def after_error_status(
    policy: RetryPolicy,
    attempt: int,
    *,
    status_code: int,
    headers: Mapping[str, str],
    body: bytes,
    method: str,
    path: str,
) -> RetryStep | None:
    """
    The retry after an error reply on attempt ``attempt`` (1-based), or None to hand the reply back.

    :raises ZoomRateLimitError: for a daily limit (at once) or a 429 that outlived the budget.
    :raises ZoomTransientError: for a 5xx that outlived the budget.
    """
    message = zoom_message(body) if status_code in (429, 503) else ""
    wait = policy.wait_for_status(status_code, headers, message, attempt)
    if wait is None:
        if status_code == 429 or (status_code >= 500 and attempt > 1):
            err = error_from_response(
                status_code=status_code, body=body, headers=headers, method=method, path=path
            )
            raise exhausted_error(err, attempts=attempt, max_retries=policy.max_retries)
        return None
    category = header(headers, "X-RateLimit-Category")
    kind = header(headers, "X-RateLimit-Type")
    note = f" (rate limit {category or '?'} {kind or ''})".rstrip() if category or kind else ""
    return RetryStep(wait, f"{method.upper()} {path} -> {status_code}{note}")
