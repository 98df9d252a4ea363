"""
The retry policy and request loop decisions shared by the sync and async hooks.

:class:`RequestAttempts` decides, reply by reply, whether a request is done, sent again (after how
long, with a new token or not) or failed with which error; the two loops only send, sleep and ask it.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from email.utils import parsedate_to_datetime

from airflow_provider_zoom._http.config import ZoomConnectionConfig
from airflow_provider_zoom._http.errors import (
    error_from_response,
    exhausted_error,
    header,
    is_daily_limit,
    token_refused,
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

    Errors (5xx, dropped connections) get a count; per-second rate limits get time instead: many
    tasks sharing one account's budget each wait their turn, so a count of tries says nothing about
    how long a fair turn takes, while a time budget does.

    :param max_retries: retries after the first attempt (0 disables retrying, 429s included).
    :param backoff_base: seconds of the first backoff step.
    :param backoff_max: cap for one backoff step.
    :param max_retry_after: a ``Retry-After`` longer than this fails at once instead of sleeping.
    :param rate_limit_budget: seconds one request may spend waiting out per-second 429s (whatever
        the count) before it fails; 0 leaves 429s to ``max_retries`` alone.
    :param jitter_base: cap of the random extra wait on top of ``Retry-After`` on the first retry;
        it doubles with every further 429 of the same request.
    :param jitter_max: cap for the random extra wait on top of ``Retry-After``.
    :param token_refetches: new tokens fetched for one request after Zoom refused ours (code 124).
    :param uniform: the random source, ``(low, high) -> float`` (tests pass a fixed one).
    """

    max_retries: int = 5
    token_refetches: int = 5
    backoff_base: float = 1.0
    backoff_max: float = 60.0
    max_retry_after: float = 300.0
    rate_limit_budget: float = 300.0
    jitter_base: float = 0.25
    jitter_max: float = 2.0
    uniform: Callable[[float, float], float] = field(default=random.uniform, repr=False, compare=False)

    def _ceiling(self, attempt: int) -> float:
        return min(self.backoff_max, self.backoff_base * (2 ** max(0, attempt - 1)))

    def backoff(self, attempt: int) -> float:
        """Backoff for the given retry number (1-based): random in the upper half of the step."""
        ceiling = self._ceiling(attempt)
        return self.uniform(ceiling / 2, ceiling)

    def spread(self, attempt: int) -> float:
        """Full jitter added to ``Retry-After``, so callers refused together do not retry together."""
        # Small at first (a caller alone loses little of its turn), doubling while 429s go on.
        return self.uniform(0.0, min(self.jitter_max, self.jitter_base * 2 ** max(0, attempt - 1)))

    def wait_for_status(
        self,
        status: int,
        headers: Mapping[str, str],
        message: str,
        attempt: int,
        *,
        waited: float = 0.0,
    ) -> float | None:
        """
        Seconds to wait before retry number ``attempt`` (1-based), or None when the reply must not be retried.

        A daily-limit 429 is never retried; a per-second 429 waits ``Retry-After`` plus jitter, for as
        long as ``waited`` (the seconds this request already slept) stays within the time budget.

        :param waited: seconds already spent waiting on this request.
        """
        if status not in RETRY_STATUSES or self.max_retries <= 0:
            return None
        if status != 429:
            return self.backoff(attempt) if attempt <= self.max_retries else None
        if is_daily_limit(status, headers, message):
            return None
        retry_after = parse_retry_after(header(headers, "Retry-After"))
        if retry_after is not None and retry_after > self.max_retry_after:
            return None
        wait = (retry_after + self.spread(attempt)) if retry_after is not None else self.backoff(attempt)
        if attempt <= self.max_retries or waited + wait <= self.rate_limit_budget:
            return wait
        return None

    def wait_for_token_refused(self, refusals: int) -> float | None:
        """
        Seconds to wait before fetching a new token after Zoom refused ours ``refusals`` times, or None.

        The first refusal is an expired or revoked token: fetch at once. A refusal of a token fetched
        moments ago means another process replaced it (Zoom may revoke older tokens when it issues a
        new one): wait a random while so the processes stop replacing each other's tokens in step.
        """
        if refusals > self.token_refetches:
            return None
        return 0.0 if refusals <= 1 else self.uniform(0.0, self._ceiling(refusals - 1))

    def wait_for_connection_error(self, attempt: int) -> float | None:
        """Seconds to wait after a connection error or timeout, or None when the budget is spent."""
        if attempt > self.max_retries:
            return None
        return self.backoff(attempt)


def policy_for(config: ZoomConnectionConfig, *, max_retries: int | None = None) -> RetryPolicy:
    """The connection's retry policy (``extra.max_retries``, ``extra.rate_limit_budget``)."""
    return RetryPolicy(
        max_retries=config.max_retries if max_retries is None else max_retries,
        rate_limit_budget=float(config.rate_limit_budget),
    )


@dataclass(frozen=True)
class RetryStep:
    """
    The next retry: how long to wait, whether to fetch a new token first and, for the log, why.

    :param wait: seconds to sleep before sending again.
    :param reason: what failed, for the log.
    :param new_token: fetch a new access token (Zoom refused ours) before sending again.
    :param note: the log line's ending (retry number and time waited, or the token count).
    """

    wait: float
    reason: str
    new_token: bool = False
    note: str = ""

    @property
    def message(self) -> str:
        """The log line for this retry."""
        return f"{self.reason}; {self.note}" if self.note else self.reason


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
    waited: float = 0.0,
) -> RetryStep | None:
    """
    The retry after an error reply on attempt ``attempt`` (1-based), or None to hand the reply back.

    :param waited: seconds this request already spent waiting between attempts.
    :raises ZoomRateLimitError: for a daily limit (at once) or a 429 that outlived the budget.
    :raises ZoomTransientError: for a 5xx that outlived the budget.
    """
    message = zoom_message(body) if status_code in (429, 503) else ""
    wait = policy.wait_for_status(status_code, headers, message, attempt, waited=waited)
    if wait is None:
        if status_code == 429 or (status_code >= 500 and attempt > 1):
            err = error_from_response(
                status_code=status_code, body=body, headers=headers, method=method, path=path
            )
            raise exhausted_error(
                err,
                attempts=attempt,
                max_retries=policy.max_retries,
                waited=waited,
                rate_limit_budget=policy.rate_limit_budget,
            )
        return None
    category = header(headers, "X-RateLimit-Category")
    kind = header(headers, "X-RateLimit-Type")
    note = f" (rate limit {category or '?'} {kind or ''})".rstrip() if category or kind else ""
    return RetryStep(wait, f"{method.upper()} {path} -> {status_code}{note}")


@dataclass
class RequestAttempts:
    """
    The decisions of one request's loop, made the same way whichever client sends it.

    The sync hook (``requests``) and the async hook (``httpx``) send, sleep and fetch tokens; after
    every connection error or reply they ask this object what comes next: hand the reply back, send
    again after a wait (with a new token when Zoom refused ours, 401 code 124), or raise the mapped
    error. It does no I/O, so both loops are tested against the same decisions.

    :param policy: the connection's retry policy.
    :param method: the request method.
    :param path: the path for messages (no query string, no secrets).
    :param url: the URL sent to (redacted in messages).
    :param refetch_tokens: a refused token may be replaced (false for a given ``access_token`` and for
        the token request itself).
    :param raise_errors: raise the mapped error for a final error reply; false hands it back (the
        token endpoint's replies are parsed by their caller).
    """

    policy: RetryPolicy
    method: str
    path: str
    url: str = ""
    refetch_tokens: bool = False
    raise_errors: bool = True
    attempt: int = 0
    waited: float = 0.0
    tokens: int = 1

    def after_connection_error(self, err: BaseException) -> RetryStep:
        """
        The retry after a dropped connection or timeout.

        :raises ZoomTransientError: when the budget is spent.
        """
        self.attempt += 1
        step = after_connection_error(
            self.policy, self.attempt, err, method=self.method, url=self.url, path=self.path
        )
        return self._waiting(step)

    def after_reply(self, status_code: int, headers: Mapping[str, str], body: bytes) -> RetryStep | None:
        """
        The retry after a reply, or None to hand the reply back (a success, or a final error reply
        when ``raise_errors`` is false).

        :param body: the reply's body; only read for an error status, so pass ``b""`` for a success.
        :raises ZoomApiError: (or a subclass) for an error reply that is not retried.
        """
        if status_code < 400:
            return None
        self.attempt += 1
        step = after_error_status(
            self.policy,
            self.attempt,
            status_code=status_code,
            headers=headers,
            body=body,
            method=self.method,
            path=self.path,
            waited=self.waited,
        )
        if step is not None:
            return self._waiting(step)
        refused = self.refetch_tokens and token_refused(status_code, body)
        wait = self.policy.wait_for_token_refused(self.tokens) if refused else None
        if wait is not None:
            # A new token starts a new request: its own retry count and time budget.
            self.tokens += 1
            self.attempt, self.waited = 0, 0.0
            note = f"fetching token {self.tokens} of {self.policy.token_refetches + 1} in {wait:.1f}s."
            return RetryStep(wait, "Zoom refused the access token (code 124)", new_token=True, note=note)
        if not self.raise_errors:
            return None
        raise error_from_response(
            status_code=status_code,
            body=body,
            headers=headers,
            method=self.method,
            path=self.path,
            tokens_tried=self.tokens if refused else 1,
        )

    def _waiting(self, step: RetryStep) -> RetryStep:
        note = f"retry {self.attempt} in {step.wait:.1f}s ({self.waited:.1f}s waited so far)."
        self.waited += step.wait
        return replace(step, note=note)
