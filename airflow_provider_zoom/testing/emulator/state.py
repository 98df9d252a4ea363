"""The emulator's live, in-memory state: credentials, tokens, resources and request logs.

Stored resources are plain dicts shaped like Zoom's JSON; keys starting with ``_`` are internal and
never sent. All methods are safe to call from a test thread while the server runs.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import itertools
import random
import secrets
import threading
import uuid as uuid_mod
from typing import Any
from urllib.parse import urlsplit

from airflow_provider_zoom.testing.emulator import errors
from airflow_provider_zoom.testing.emulator.clock import EmulatorClock
from airflow_provider_zoom.testing.emulator.config import EmulatorConfig
from airflow_provider_zoom.testing.emulator.ratelimit import RateLimiter

#: Request logs keep at most this many entries (the oldest tenth is dropped past it).
MAX_LOG_ENTRIES = 20000

#: Query parameters whose values are never written to the request log.
SECRET_PARAMS = frozenset(
    {"access_token", "refresh_token", "download_access_token", "token", "signature", "code", "client_secret"}
)


def utc_iso(value: dt.datetime) -> str:
    """Zoom's date-time format: ``2024-05-01T10:00:00Z``."""
    return value.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def public(item: dict[str, Any]) -> dict[str, Any]:
    """Copy of ``item`` without the internal ``_`` keys."""
    return {k: v for k, v in item.items() if not k.startswith("_")}


class EmulatorState:
    """Everything the emulator knows. Tests may read and change it directly.

    Attributes of interest to tests:
        tokens_issued: access tokens issued by ``POST /oauth/token`` so far.
        token_grants: grant type of each issued token, in order.
        initial_refresh_token: a valid refresh token for the ``refresh_token`` grant.
        users, meetings, webinars, past_meetings, past_webinars: resources by id / uuid.
        registrants, webinar_registrants, panelists: lists per meeting / webinar id.
        channels, chat_messages, phone_recordings, voicemails, call_logs, phone_numbers: chat and phone
            data.
        account_settings: the account's settings groups (the ``option`` replies under ``_`` keys).
        requests: log of API requests: ``{"method", "path", "query", "status"}`` (secrets redacted),
            plus ``unknown_names`` when the request carried names outside Zoom's reference.
        unknown_seen: the requests that carried such names, ``{"method", "path", "names"}``.
        cdn_requests: log of CDN requests: ``{"path", "authorization", "range", "status"}``;
            ``authorization`` is True when the request carried an ``Authorization`` header.
    """

    def __init__(self, config: EmulatorConfig, clock: EmulatorClock | None = None) -> None:
        self.config = config
        # Every deadline (tokens, page tokens, signed URLs, processing) reads this clock, never
        # time.time(), so a test can move past one without waiting.
        self.clock = clock or EmulatorClock()
        self.lock = threading.RLock()
        self.base_url = "http://127.0.0.1"
        self.cdn_base_url = "http://127.0.0.1"
        self._signing_key = b""
        self.reset()

    # ------------------------------------------------------------------ lifecycle
    def reset(self) -> None:
        """Forget every token, log and change, and seed the sample data again."""
        from airflow_provider_zoom.testing.emulator.seed import seed_state

        with self.lock:
            config = self.config
            self.client_id = config.client_id
            self.client_secret = config.client_secret
            self.account_id = config.account_id
            self.webhook_secret_token = config.webhook_secret_token
            self._rng = random.Random(f"state:{config.seed}")
            self._fault_rng = random.Random(config.fault_seed)
            self._seq = itertools.count(1)
            self._signing_key = hashlib.sha256(f"cdn:{config.seed}".encode()).digest()
            self.access_tokens: dict[str, float] = {}
            self.refresh_tokens: set[str] = set()
            self.tokens_issued = 0
            self.token_grants: list[str] = []
            self.download_access_tokens: dict[str, tuple[str, float]] = {}
            self.webhook_download_tokens: dict[str, tuple[str, float]] = {}
            self.page_tokens: dict[str, dict[str, Any]] = {}
            self.requests: list[dict[str, Any]] = []
            self.unknown_seen: list[dict[str, Any]] = []
            self.cdn_requests: list[dict[str, Any]] = []
            self.create_update_counts: dict[tuple[str, str], int] = {}
            self.rate_limiter = RateLimiter(config.qps, config.daily_limit, clock=self.clock)
            self.users: dict[str, dict[str, Any]] = {}
            self.meetings: dict[int, dict[str, Any]] = {}
            self.deleted_meetings: dict[int, dict[str, Any]] = {}
            self.registrants: dict[int, list[dict[str, Any]]] = {}
            self.past_meetings: dict[str, dict[str, Any]] = {}
            self.webinars: dict[int, dict[str, Any]] = {}
            self.webinar_registrants: dict[int, list[dict[str, Any]]] = {}
            self.panelists: dict[int, list[dict[str, Any]]] = {}
            self.past_webinars: dict[str, dict[str, Any]] = {}
            self.channels: dict[str, dict[str, Any]] = {}
            self.chat_messages: list[dict[str, Any]] = []
            self.phone_recordings: list[dict[str, Any]] = []
            self.voicemails: list[dict[str, Any]] = []
            self.call_logs: list[dict[str, Any]] = []
            self.phone_numbers: list[dict[str, Any]] = []
            self.downloads: dict[str, dict[str, Any]] = {}
            self.account_settings: dict[str, Any] = {}
            self.initial_refresh_token = self.new_refresh_token()
            seed_state(self, random.Random(config.seed))

    def rebase_urls(self, base_url: str, cdn_base_url: str) -> None:
        """Serve from ``base_url``: rewrite the stored URLs (join_url, share_url...) that used the old one."""
        with self.lock:
            old = self.base_url
            self.base_url, self.cdn_base_url = base_url, cdn_base_url
            if old == base_url:
                return
            stores = (
                self.users,
                self.meetings,
                self.deleted_meetings,
                self.registrants,
                self.past_meetings,
                self.webinars,
                self.webinar_registrants,
                self.panelists,
                self.channels,
            )
            for store in stores:
                _replace_prefix(store, old, base_url)

    def set_options(self, **options: Any) -> None:
        """Change options at runtime, e.g. ``rate_limit``, ``qps``, ``fault_rate``, ``download_401_rate``."""
        with self.lock:
            self.config = self.config.replace(**options)
            if "fault_seed" in options:
                self._fault_rng = random.Random(self.config.fault_seed)
            if "qps" in options or "daily_limit" in options:
                self.rate_limiter.qps = dict(self.config.qps)
                self.rate_limiter.daily_limit = self.config.daily_limit

    # ------------------------------------------------------------------ ids and randomness
    def next_seq(self) -> int:
        return next(self._seq)

    def new_id(self, length: int = 22) -> str:
        """A Zoom-style opaque id (URL-safe base64 characters)."""
        raw = self._rng.randbytes(length)
        return base64.urlsafe_b64encode(raw).decode()[:length].replace("=", "A")

    def new_uuid(self) -> str:
        """A meeting-instance UUID: base64 of 16 bytes (may contain ``/`` and ``+``)."""
        return base64.b64encode(self._rng.randbytes(16)).decode()

    def new_file_id(self) -> str:
        return str(uuid_mod.UUID(bytes=self._rng.randbytes(16), version=4))

    def new_meeting_id(self) -> int:
        while True:
            value = self._rng.randint(10**10, 10**11 - 1)
            if (
                value not in self.meetings
                and value not in self.webinars
                and value not in self.deleted_meetings
            ):
                return value

    def fault(self, rate: float | None = None) -> bool:
        """Draw from the fault generator: True with probability ``rate`` (default ``fault_rate``)."""
        rate = self.config.fault_rate if rate is None else rate
        if rate <= 0:
            return False
        with self.lock:
            return self._fault_rng.random() < rate

    # ------------------------------------------------------------------ OAuth tokens
    def issue_access_token(self, grant: str) -> str:
        token = "eyJ" + secrets.token_urlsafe(48)
        with self.lock:
            if self.config.single_active_token:
                self.access_tokens.clear()
            self.access_tokens[token] = self.clock() + self.config.token_ttl
            self.tokens_issued += 1
            self.token_grants.append(grant)
        return token

    def new_refresh_token(self) -> str:
        token = "eyJ" + secrets.token_urlsafe(48)
        with self.lock:
            self.refresh_tokens.add(token)
        return token

    def check_access_token(self, token: str | None) -> None:
        """Raise the 401 (code 124) Zoom sends for a missing, unknown or expired token."""
        if not token:
            raise errors.invalid_token()
        expiry = self.access_tokens.get(token)
        if expiry is None:
            raise errors.invalid_token()
        if expiry <= self.clock():
            raise errors.invalid_token(expired=True)

    def is_live_access_token(self, token: str | None) -> bool:
        expiry = self.access_tokens.get(token or "")
        return expiry is not None and expiry > self.clock()

    def expire_access_tokens(self) -> None:
        """Make every issued access token expired (Zoom then answers 124 "Access token is expired.")."""
        with self.lock:
            for token in self.access_tokens:
                self.access_tokens[token] = self.clock() - 1

    # ------------------------------------------------------------------ lookups
    def get_user(self, user_id: str) -> dict[str, Any]:
        """A user by id, email or ``me`` (the account owner); 404 code 1001 otherwise."""
        if user_id == "me":
            return next(iter(self.users.values()))
        user = self.users.get(user_id)
        if user is None:
            lowered = user_id.lower()
            user = next((u for u in self.users.values() if u["email"].lower() == lowered), None)
        if user is None:
            raise errors.user_not_found(user_id)
        return user

    def get_meeting(self, meeting_id: str | int) -> dict[str, Any]:
        try:
            meeting = self.meetings.get(int(meeting_id))
        except (TypeError, ValueError):
            meeting = None
        if meeting is None:
            raise errors.meeting_not_found(meeting_id)
        return meeting

    def get_webinar(self, webinar_id: str | int) -> dict[str, Any]:
        try:
            webinar = self.webinars.get(int(webinar_id))
        except (TypeError, ValueError):
            webinar = None
        if webinar is None:
            raise errors.webinar_not_found(webinar_id)
        return webinar

    def instances_of(self, meeting_id: int, *, webinar: bool = False) -> list[dict[str, Any]]:
        """Past instances of a meeting (or webinar) id, oldest first."""
        source = self.past_webinars if webinar else self.past_meetings
        found = [p for p in source.values() if p["id"] == meeting_id]
        return sorted(found, key=lambda p: p["_start"])

    def get_past_meeting(self, id_or_uuid: str, *, webinar: bool = False) -> dict[str, Any]:
        """A past instance by UUID, or the latest instance of a numeric id; 404 code 3001 otherwise."""
        source = self.past_webinars if webinar else self.past_meetings
        found = source.get(id_or_uuid)
        if found is None and id_or_uuid.isdigit():
            instances = self.instances_of(int(id_or_uuid), webinar=webinar)
            found = instances[-1] if instances else None
        if found is None:
            raise errors.webinar_not_found(id_or_uuid) if webinar else errors.meeting_not_found(id_or_uuid)
        return found

    # ------------------------------------------------------------------ recordings and downloads
    def register_download(self, record: dict[str, Any], token: str | None = None) -> str:
        """Make ``record`` (a stored recording file) downloadable at ``/rec/download/{token}``."""
        token = token or record.get("id") or secrets.token_urlsafe(24)
        record["_token"] = token
        record.setdefault("_key", record.get("id") or token)
        self.downloads[token] = record
        return token

    def download_url(self, token: str) -> str:
        return f"{self.base_url}/rec/download/{token}"

    def download_file(self, url_or_token: str) -> dict[str, Any]:
        """``{"key", "size", "file_type", "meeting_uuid"}`` of a download URL, for verifying copies.

        ``expected_sha256(info["key"], info["size"])`` is what a verified copy must hash to.
        """
        token = urlsplit(url_or_token).path.rsplit("/", 1)[-1] if "/" in url_or_token else url_or_token
        record = self.downloads[token]
        return {
            "key": record["_key"],
            "size": record["_size"],
            "file_type": record.get("file_type") or record.get("recording_type"),
            "meeting_uuid": record.get("_meeting_uuid"),
        }

    def add_recorded_meeting(
        self,
        user_id: str = "me",
        *,
        topic: str = "Recorded meeting",
        ready_after: float = 0.0,
        start_time: dt.datetime | None = None,
        duration: int = 30,
        recording_size: int | None = None,
        uuid: str | None = None,
        meeting_id: int | None = None,
    ) -> dict[str, Any]:
        """Add an ended meeting with a cloud recording that becomes ``completed`` after ``ready_after`` s.

        Returns the stored past-meeting dict (its ``uuid`` and ``id`` address it in the API).
        """
        from airflow_provider_zoom.testing.emulator.factories import add_past_meeting

        with self.lock:
            host = self.get_user(user_id)
            start = start_time or dt.datetime.now(dt.timezone.utc).replace(microsecond=0) - dt.timedelta(
                minutes=duration + 5
            )
            return add_past_meeting(
                self,
                host,
                topic=topic,
                start=start,
                duration=duration,
                recording_size=recording_size or self.config.recording_size,
                ready_at=self.clock() + ready_after,
                uuid=uuid,
                meeting_id=meeting_id,
            )

    def add_recording_file(
        self,
        meeting_uuid: str,
        *,
        file_type: str = "TRANSCRIPT",
        extension: str = "VTT",
        recording_type: str = "audio_transcript",
        size: int = 0,
        with_id: bool = True,
    ) -> dict[str, Any]:
        """Add a file to a recorded meeting, as Zoom does when a transcript or summary completes later.

        Returns the stored file (``download_file`` of its ``_token`` gives what a copy must hold).
        """
        from airflow_provider_zoom.testing.emulator.factories import recording_file

        with self.lock:
            past = self.past_meetings[meeting_uuid]
            start, end = (
                dt.datetime.fromisoformat(past[k].replace("Z", "+00:00")) for k in ("start_time", "end_time")
            )
            record = recording_file(
                self, meeting_uuid, start, end, file_type, extension, recording_type, size, with_id
            )
            past["_recording"]["_files"].append(record)
            return record

    def issue_download_token(self, meeting_uuid: str, ttl: int = 86400) -> str:
        """A webhook-style ``download_token`` for the recording files of ``meeting_uuid``."""
        token = "eyJ" + secrets.token_urlsafe(40)
        with self.lock:
            self.webhook_download_tokens[token] = (meeting_uuid, self.clock() + ttl)
        return token

    def issue_download_access_token(self, meeting_uuid: str, ttl: int) -> str:
        token = "eyJ" + secrets.token_urlsafe(40)
        with self.lock:
            self.download_access_tokens[token] = (meeting_uuid, self.clock() + ttl)
        return token

    def meeting_token_allows(self, token: str, meeting_uuid: str | None) -> bool:
        """Whether ``token`` is a live per-meeting download token for ``meeting_uuid``."""
        now = self.clock()
        for table in (self.download_access_tokens, self.webhook_download_tokens):
            entry = table.get(token)
            if entry and entry[1] > now and entry[0] == meeting_uuid:
                return True
        return False

    def sign_cdn(self, token: str, expires: int) -> str:
        message = f"{token}:{expires}".encode()
        return hmac.new(self._signing_key, message, hashlib.sha256).hexdigest()

    # ------------------------------------------------------------------ pagination tokens
    def new_page_token(self, key: str, offset: int, last_ident: Any) -> str:
        token = secrets.token_urlsafe(24)
        with self.lock:
            if len(self.page_tokens) >= MAX_LOG_ENTRIES:
                now = self.clock()
                self.page_tokens = {k: v for k, v in self.page_tokens.items() if v["expires"] > now}
            self.page_tokens[token] = {
                "key": key,
                "offset": offset,
                "last": last_ident,
                "expires": self.clock() + self.config.page_token_ttl,
            }
        return token

    def take_page_token(self, token: str, key: str) -> dict[str, Any]:
        entry = self.page_tokens.get(token)
        if entry is None or entry["key"] != key or entry["expires"] <= self.clock():
            raise errors.bad_request("The next page token is invalid or expired.")
        return entry

    def expire_page_tokens(self) -> None:
        with self.lock:
            for entry in self.page_tokens.values():
                entry["expires"] = 0.0

    # ------------------------------------------------------------------ request logs
    def log_request(self, method: str, path: str, query: list[tuple[str, str]]) -> dict[str, Any]:
        entry = {
            "method": method,
            "path": path,
            "query": {k: ("***" if k.lower() in SECRET_PARAMS else v) for k, v in query},
            "status": None,
            "time": self.clock(),
        }
        with self.lock:
            self.requests.append(entry)
            if len(self.requests) > MAX_LOG_ENTRIES:
                del self.requests[: MAX_LOG_ENTRIES // 10]
        return entry

    def record_unknown(self, entry: dict[str, Any], names: list[str]) -> None:
        """Note the names outside Zoom's reference that the logged request ``entry`` carried."""
        with self.lock:
            entry["unknown_names"] = list(names)
            self.unknown_seen.append({"method": entry["method"], "path": entry["path"], "names": list(names)})
            if len(self.unknown_seen) > MAX_LOG_ENTRIES:
                del self.unknown_seen[: MAX_LOG_ENTRIES // 10]

    def unknown_names(self) -> list[dict[str, Any]]:
        """``[{"method", "path", "names"}]``: each request since the last clear that carried unknown names."""
        with self.lock:
            return [dict(seen, names=list(seen["names"])) for seen in self.unknown_seen]

    def clear_unknown_names(self) -> None:
        with self.lock:
            self.unknown_seen.clear()

    def count_create_update(self, host_id: str) -> None:
        """Count a meeting/webinar create or update against the host's daily cap (429 past it)."""
        day = dt.datetime.fromtimestamp(self.clock(), dt.timezone.utc).date().isoformat()
        with self.lock:
            used = self.create_update_counts.get((host_id, day), 0)
            if used >= self.config.meeting_create_daily_cap:
                raise errors.ZoomError(
                    429,
                    429,
                    f"You have exceeded the daily rate limit of ({self.config.meeting_create_daily_cap}) for "
                    f"Create meeting / Update meeting API requests for the user, {host_id}",
                    rate_limit_headers=False,
                )
            self.create_update_counts[(host_id, day)] = used + 1

    def snapshot(self) -> dict[str, Any]:
        """Counts for the control API."""
        with self.lock:
            return {
                "tokens_issued": self.tokens_issued,
                "token_grants": list(self.token_grants),
                "users": len(self.users),
                "meetings": len(self.meetings),
                "past_meetings": len(self.past_meetings),
                "webinars": len(self.webinars),
                "requests": len(self.requests),
                "unknown_names": len(self.unknown_seen),
                "cdn_requests": len(self.cdn_requests),
                "rate_limit": self.config.rate_limit,
                "fault_rate": self.config.fault_rate,
                "download_401_rate": self.config.download_401_rate,
                "strict": self.config.strict,
            }


def _replace_prefix(value: Any, old: str, new: str) -> Any:
    """Replace the ``old`` URL prefix by ``new`` in every string nested in dicts and lists, in place."""
    if isinstance(value, dict):
        for key, item in value.items():
            value[key] = _replace_prefix(item, old, new)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            value[index] = _replace_prefix(item, old, new)
    elif isinstance(value, str) and value.startswith(old + "/"):
        return new + value[len(old) :]
    return value
