"""Configuration of the Zoom API emulator."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from typing import Any

from airflow_provider_zoom._contract.facts import HEAVY, LIGHT, MEDIUM, RESOURCE_INTENSIVE

#: Zoom's rate-limit categories, as named in its API reference.
RATE_LIMIT_CATEGORIES = (LIGHT, MEDIUM, HEAVY, RESOURCE_INTENSIVE)

#: How the download host may answer a ``Range`` request wrongly (see ``EmulatorConfig.range_fault``).
RANGE_FAULTS = ("wrong_start", "wrong_total", "unsatisfiable", "overflow", "ignore")

#: Requests per second per category (Zoom's Pro plan values).
DEFAULT_QPS: dict[str, int] = {"Light": 30, "Medium": 20, "Heavy": 10, "Resource-intensive": 10}


@dataclass
class EmulatorConfig:
    """Options of a ``ZoomEmulator``. Every field can also be passed as a keyword to ``ZoomEmulator``.

    Attributes:
        host: interface to listen on (loopback only).
        port: TCP port; 0 picks a free one.
        cdn_port: TCP port of the download "CDN" that ``/rec/download`` redirects to; 0 picks a free
            one. It is a separate origin, like Zoom's, so HTTP clients drop ``Authorization`` there.
        seed: seed of the deterministic sample data (users, meetings, recordings...).
        users: number of seeded users; the first one is the account owner (``me``).
        meetings_per_user: scheduled meetings and recorded past meetings seeded per user.
        recording_size: size in bytes of each seeded MP4 file (M4A files are a quarter of it).
        token_ttl: ``expires_in`` of issued access tokens, in seconds.
        page_token_ttl: lifetime of a ``next_page_token``, in seconds (Zoom: 15 minutes).
        single_active_token: when true, issuing an access token revokes the earlier ones.
        rate_limit: enforce the per-category rate limits and send the ``X-RateLimit-*`` headers.
        qps: requests per second allowed per rate-limit category.
        daily_limit: daily cap shared by the Heavy and Resource-intensive categories.
        meeting_create_daily_cap: meeting/webinar creates+updates per host per UTC day (Zoom: 100).
        fault_rate: probability of an injected 5xx on an API call and of a download cut short.
        fault_seed: seed of the fault-injection random generator.
        download_401_rate: probability that a download refuses a valid bearer token with 401
            (a token passed as the ``access_token`` query parameter is still accepted).
        download_fault_rate: probability that a download stream is cut short, without faults on API
            calls; None (default) uses ``fault_rate``.
        cdn_latency: seconds the download host waits before answering, like a real CDN's time to
            first byte over the internet; 0 (default) answers at once.
        strict: refuse query parameters and body fields that Zoom's reference does not list with
            code 300 naming the field; by default they are ignored, as Zoom ignores them, and
            recorded (``ZoomEmulator.unknown_names()``). Values of known fields (types, enums,
            bounds, lengths, required fields) are checked either way.

        range_fault: how the download host answers a ``Range`` request (a resume) wrongly, with
            probability ``range_fault_rate``: ``wrong_start`` (206 with the whole file from byte 0,
            labelled ``bytes 0-…``), ``wrong_total`` (206 claiming another total), ``unsatisfiable``
            (416), ``overflow`` (206 whose chunked body runs past the range) or ``ignore`` (200 with
            the whole file); None (default) answers ranges correctly.
        range_fault_rate: probability that a ``Range`` request meets ``range_fault``.
        stall_rate: probability that a download stream, after half its bytes, slows to a drip of
            ``drip_bytes`` every ``drip_interval`` seconds (the read timeout never fires).
        list_file_sizes: list ``file_size`` with recording files; False lists it for none, as Zoom
            does for CC and TIMELINE files, so only the download's own answers tell its size.
        client_id, client_secret, account_id, webhook_secret_token: the emulated app's credentials.
    """

    host: str = "127.0.0.1"
    port: int = 0
    cdn_port: int = 0
    seed: int = 42
    users: int = 5
    meetings_per_user: int = 3
    recording_size: int = 2 * 1024 * 1024
    token_ttl: int = 3600
    page_token_ttl: float = 900.0
    single_active_token: bool = False
    rate_limit: bool = False
    qps: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_QPS))
    daily_limit: int = 30000
    meeting_create_daily_cap: int = 100
    fault_rate: float = 0.0
    fault_seed: int = 0
    download_401_rate: float = 0.0
    download_fault_rate: float | None = None
    cdn_latency: float = 0.0
    strict: bool = False

    range_fault: str | None = None
    range_fault_rate: float = 1.0
    stall_rate: float = 0.0
    drip_bytes: int = 16 * 1024
    drip_interval: float = 1.5
    list_file_sizes: bool = True
    client_id: str = "emulator-client-id"
    client_secret: str = "emulator-client-secret"
    account_id: str = "emulator-account"
    webhook_secret_token: str = "emulator-webhook-secret"

    def __post_init__(self) -> None:
        self.validate()

    def validate(self) -> None:
        """Raise ``ValueError`` naming the first field whose value is unusable."""
        if self.host not in ("127.0.0.1", "localhost", "::1"):
            raise ValueError(f"host: the emulator listens on loopback only, got {self.host!r}")
        _int_range("port", self.port, 0, 65535)
        _int_range("cdn_port", self.cdn_port, 0, 65535)
        if self.port and self.port == self.cdn_port:
            raise ValueError(f"cdn_port: must differ from port ({self.port})")
        _int_range("users", self.users, 1, 10000)
        _int_range("meetings_per_user", self.meetings_per_user, 0, 1000)
        _int_range("recording_size", self.recording_size, 1, 1 << 50)
        _int_range("token_ttl", self.token_ttl, 1, 10**9)
        _int_range("daily_limit", self.daily_limit, 1, 10**9)
        _int_range("meeting_create_daily_cap", self.meeting_create_daily_cap, 1, 10**9)
        if not isinstance(self.seed, int) or isinstance(self.seed, bool):
            raise ValueError(f"seed: must be an integer, got {self.seed!r}")
        if not isinstance(self.fault_seed, int) or isinstance(self.fault_seed, bool):
            raise ValueError(f"fault_seed: must be an integer, got {self.fault_seed!r}")
        _positive_number("page_token_ttl", self.page_token_ttl)
        _probability("fault_rate", self.fault_rate)
        _probability("download_401_rate", self.download_401_rate)
        if self.download_fault_rate is not None:
            _probability("download_fault_rate", self.download_fault_rate)
        if self.range_fault is not None and self.range_fault not in RANGE_FAULTS:
            raise ValueError(f"range_fault: must be None or one of {RANGE_FAULTS}, got {self.range_fault!r}")
        _probability("range_fault_rate", self.range_fault_rate)
        _probability("stall_rate", self.stall_rate)
        _int_range("drip_bytes", self.drip_bytes, 1, 1 << 24)
        if not isinstance(self.drip_interval, (int, float)) or not 0 < self.drip_interval <= 60:
            raise ValueError(f"drip_interval: must be between 0 and 60 seconds, got {self.drip_interval!r}")
        if not isinstance(self.cdn_latency, (int, float)) or not 0 <= self.cdn_latency <= 60:
            raise ValueError(f"cdn_latency: must be between 0 and 60 seconds, got {self.cdn_latency!r}")
        if not isinstance(self.strict, bool):
            raise ValueError(f"strict: must be true or false, got {self.strict!r}")
        if not isinstance(self.qps, dict):
            raise ValueError(f"qps: must be a mapping of category to requests per second, got {self.qps!r}")
        for name, value in self.qps.items():
            if name not in RATE_LIMIT_CATEGORIES:
                raise ValueError(
                    f"qps: unknown rate-limit category {name!r}; use one of {RATE_LIMIT_CATEGORIES}"
                )
            _int_range(f"qps[{name!r}]", value, 1, 10**6)
        self.qps = {**DEFAULT_QPS, **self.qps}
        for name in ("client_id", "client_secret", "account_id", "webhook_secret_token"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value:
                raise ValueError(f"{name}: must be a non-empty string")

    def replace(self, **overrides: Any) -> EmulatorConfig:
        """Return a copy with ``overrides`` applied (unknown names raise ``TypeError`` naming them)."""
        known = {f.name for f in dataclasses.fields(self)}
        unknown = sorted(set(overrides) - known)
        if unknown:
            raise TypeError(f"unknown emulator option(s): {', '.join(unknown)}")
        return dataclasses.replace(self, **overrides)


def _int_range(name: str, value: Any, low: int, high: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError(f"{name}: must be an integer, got {value!r}")
    if not low <= value <= high:
        raise ValueError(f"{name}: must be between {low} and {high}, got {value}")


def _positive_number(name: str, value: Any) -> None:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or value <= 0
    ):
        raise ValueError(f"{name}: must be a positive number, got {value!r}")


def _probability(name: str, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0.0 <= value <= 1.0:
        raise ValueError(f"{name}: must be a probability between 0 and 1, got {value!r}")
