"""Zoom's per-account rate limits: per-second limits per category and a shared daily cap.

Categories are the "Rate Limit Label" of each operation in Zoom's API reference, read from the
distilled facts (``airflow_provider_zoom._contract.facts``). Heavy and
Resource-intensive requests also count against the daily cap, which resets at 00:00 UTC.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from airflow_provider_zoom._contract import facts
from airflow_provider_zoom._contract.facts import HEAVY, LIGHT, RESOURCE_INTENSIVE

DAILY_MESSAGE = (
    "You have reached the maximum daily rate limit for this API. "
    "Refer to the response header for details on when you can make another request."
)
QPS_MESSAGE = "You have reached the maximum per-second rate limit for this API. Try again later."


def category_for(method: str, api_path: str) -> str:
    """Rate-limit category of ``method api_path`` (the path after ``/v2``, as sent).

    It is the operation's Rate Limit Label in the facts distilled from Zoom's reference. The few
    emulator routes the provider never calls are not in the facts and count as Light.
    """
    return facts.category(method, api_path) or LIGHT


def next_utc_midnight(now: float) -> dt.datetime:
    today = dt.datetime.fromtimestamp(now, dt.timezone.utc).date()
    return dt.datetime.combine(today + dt.timedelta(days=1), dt.time(0), dt.timezone.utc)


@dataclass
class Verdict:
    """Outcome of a rate-limit check: the headers to send and, when refused, the 429 details."""

    headers: dict[str, str]
    allowed: bool
    retry_after: str = ""
    message: str = ""


class RateLimiter:
    """Counts requests per category per second and Heavy/Resource-intensive requests per UTC day.

    :param clock: seconds since the epoch; the emulator passes its own clock, so a test moves past
        a second or a day by advancing it instead of sleeping.
    """

    def __init__(self, qps: dict[str, int], daily_limit: int, clock: Callable[[], float] = time.time) -> None:
        self.qps = dict(qps)
        self.daily_limit = daily_limit
        self.clock = clock
        self._lock = threading.Lock()
        self._second: dict[str, tuple[int, int]] = {}
        self._day: tuple[str, int] = ("", 0)

    def reset(self) -> None:
        with self._lock:
            self._second.clear()
            self._day = ("", 0)

    def check(self, category: str, now: float | None = None) -> Verdict:
        """Count one request of ``category`` and say whether it may proceed."""
        now = self.clock() if now is None else now
        with self._lock:
            second = int(now)
            window, count = self._second.get(category, (second, 0))
            if window != second:
                window, count = second, 0
            limit = self.qps[category]
            daily = category in (HEAVY, RESOURCE_INTENSIVE)
            day_key = _day_of(now)
            day, day_count = self._day if self._day[0] == day_key else (day_key, 0)
            if daily and day_count >= self.daily_limit:
                return Verdict(
                    self._headers(category, "Daily-limit", self.daily_limit, 0),
                    False,
                    next_utc_midnight(now).strftime("%Y-%m-%dT%H:%M:%SZ"),
                    DAILY_MESSAGE,
                )
            if count >= limit:
                retry = max(1, int(window + 1 - now + 0.999))
                return Verdict(self._headers(category, "QPS", limit, 0), False, str(retry), QPS_MESSAGE)
            self._second[category] = (window, count + 1)
            if not daily:
                return Verdict(self._headers(category, "QPS", limit, limit - count - 1), True)
            self._day = (day, day_count + 1)
            remaining = self.daily_limit - day_count - 1
            return Verdict(self._headers(category, "Daily-limit", self.daily_limit, remaining), True)

    def set_daily_used(self, used: int, now: float | None = None) -> None:
        """Pretend ``used`` Heavy/Resource-intensive requests were already made today."""
        now = self.clock() if now is None else now
        with self._lock:
            self._day = (_day_of(now), used)

    @staticmethod
    def _headers(category: str, kind: str, limit: int, remaining: int) -> dict[str, str]:
        return {
            "X-RateLimit-Category": category,
            "X-RateLimit-Type": kind,
            "X-RateLimit-Limit": str(limit),
            "X-RateLimit-Remaining": str(max(0, remaining)),
        }


def _day_of(now: float) -> str:
    return dt.datetime.fromtimestamp(now, dt.timezone.utc).date().isoformat()
