"""The state of one file download: which byte comes next, what the server promised, when to give up.

Plain Python (no HTTP library): the hook feeds it status codes, headers, byte counts and the clock,
and it answers whether a response fits what was asked for, how many bytes may still arrive, and
whether the transfer has become too slow. Every ``206`` is checked against its ``Content-Range``, so
bytes the server sends from the wrong offset, or for a different file size, never reach the file.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

#: Default low-speed limit of a download: below this many bytes per second ...
DEFAULT_SPEED_LIMIT = 64 * 1024
#: ... over this many seconds, the connection is dropped and the download resumes.
DEFAULT_SPEED_TIME = 60.0
#: Restarts from byte zero a download may make after a resume the server answered wrongly.
MAX_RESTARTS = 1

_CONTENT_RANGE = re.compile(r"^\s*bytes\s+(?:(\d+)-(\d+)|\*)/(\d+|\*)\s*$", re.IGNORECASE)


class RangeMismatch(ValueError):
    """The server's answer does not fit the bytes asked for (wrong start, end, total or 416)."""


class TooManyBytes(ValueError):
    """The server sent more bytes than the file's total or the answered range holds."""


class TooSlow(ConnectionError):
    """The transfer stayed below the low-speed limit for the whole window."""


@dataclass(frozen=True)
class ContentRange:
    """A parsed ``Content-Range`` value: first and last byte (inclusive) and the total, when given."""

    first: int | None
    last: int | None
    total: int | None


def parse_content_range(value: str | None) -> ContentRange | None:
    """``bytes 0-99/1000`` -> ``ContentRange(0, 99, 1000)``; None when missing or unreadable."""
    if not value:
        return None
    match = _CONTENT_RANGE.match(value)
    if not match:
        return None
    first, last, total = match.groups()
    return ContentRange(
        int(first) if first is not None else None,
        int(last) if last is not None else None,
        int(total) if total and total != "*" else None,
    )


def _header(headers: Mapping[str, str], name: str) -> str | None:
    value = headers.get(name)
    if value is None:
        lowered = name.lower()
        value = next((v for k, v in headers.items() if k.lower() == lowered), None)
    return value


@dataclass
class DownloadState:
    """
    Where a download stands: ``offset`` bytes written, the file's ``total`` once known, and the
    byte (exclusive) the current response may reach (``limit``).

    :param expected_size: Zoom's ``file_size``, when it gave one.
    """

    expected_size: int | None = None
    offset: int = 0
    total: int | None = None
    limit: int | None = None
    resumes: int = 0
    restarts: int = 0
    reasons: list[str] = field(default_factory=list)

    def range_header(self) -> dict[str, str]:
        """The ``Range`` header of the next request (none from byte zero)."""
        return {"Range": f"bytes={self.offset}-"} if self.offset else {}

    def accept(self, status: int, headers: Mapping[str, str]) -> bool:
        """
        Check a response to the request :meth:`range_header` described.

        :return: True when its body continues at ``offset``; False when it is the whole file from
            byte zero (a ``200`` to a range request): the caller truncates what it wrote.
        :raises RangeMismatch: when a ``206`` does not start at ``offset``, its end or total do not fit
            the expected size or the total seen before, or a ``416`` refuses the resume.
        """
        length_text = _header(headers, "Content-Length")
        length = int(length_text) if length_text and length_text.strip().isdigit() else None
        if status == 416:
            raise RangeMismatch(f"the server refused the resume at byte {self.offset} (416)")
        if status == 206:
            return self._accept_partial(_header(headers, "Content-Range"), length)
        # A full answer: the whole file from byte zero, of Content-Length bytes when it says so.
        resumed_here = self.offset == 0
        self._check_total(length, "Content-Length")
        self.offset, self.total, self.limit = 0, length, length
        return resumed_here

    def _accept_partial(self, header: str | None, length: int | None) -> bool:
        parsed = parse_content_range(header)
        if parsed is None or parsed.first is None or parsed.last is None:
            raise RangeMismatch(f"206 with an unreadable Content-Range {header!r}")
        if parsed.first != self.offset:
            raise RangeMismatch(
                f"asked for bytes from {self.offset}, the server sent Content-Range {header!r}"
            )
        if parsed.last < parsed.first or (parsed.total is not None and parsed.last >= parsed.total):
            raise RangeMismatch(f"206 with an impossible Content-Range {header!r}")
        span = parsed.last - parsed.first + 1
        if length is not None and length != span:
            raise RangeMismatch(f"Content-Length {length} does not match Content-Range {header!r}")
        self._check_total(parsed.total, "Content-Range total")
        if parsed.total is not None:
            self.total = parsed.total
        self.limit = parsed.last + 1
        return True

    def _check_total(self, total: int | None, source: str) -> None:
        if total is None:
            return
        if self.expected_size is not None and total != self.expected_size:
            raise RangeMismatch(f"the {source} is {total} bytes, Zoom's file_size is {self.expected_size}")
        if self.offset and self.total is not None and total != self.total:
            raise RangeMismatch(f"the {source} is {total} bytes, earlier answers said {self.total}")

    def restart(self, reason: str) -> bool:
        """Start again from byte zero because of ``reason``; False once :data:`MAX_RESTARTS` are used up."""
        self.reasons.append(reason)
        if not self.offset:
            return False  # nothing to start again from: the first answer itself is wrong
        if self.restarts >= MAX_RESTARTS:
            return False
        self.restarts += 1
        self.rewound()
        return True

    def rewound(self) -> None:
        """The file was truncated: the next byte is byte zero, and nothing is known of the total."""
        self.offset = 0
        self.total = None
        self.limit = None

    def room(self, size: int) -> int:
        """
        Count ``size`` more bytes as received; return them.

        :raises TooManyBytes: when they go past the answered range or the file's total.
        """
        end = self.offset + size
        bounds = (
            (self.limit, "the answered range"),
            (self.total, "the file's total"),
            (self.expected_size, "Zoom's file_size"),
        )
        for bound, what in bounds:
            if bound is not None and end > bound:
                raise TooManyBytes(f"the server sent bytes past {what} ({bound} bytes) at byte {self.offset}")
        self.offset = end
        return size

    def answer_incomplete(self) -> bool:
        """Whether the current answer ended before the bytes it promised (a broken connection)."""
        return self.limit is not None and self.offset < self.limit

    def file_incomplete(self) -> bool:
        """Whether bytes of the file are still missing after a complete answer (a shorter range)."""
        total = self.total if self.total is not None else self.expected_size
        return total is not None and self.offset < total


@dataclass
class LowSpeedGuard:
    """
    curl's ``--speed-limit``/``--speed-time``: trips when fewer than ``limit`` bytes per second
    arrived over a whole window of ``window`` seconds. ``limit`` 0 turns it off.
    """

    limit: float = DEFAULT_SPEED_LIMIT
    window: float = DEFAULT_SPEED_TIME
    clock: Callable[[], float] = time.monotonic
    _started: float = 0.0
    _bytes: int = 0

    def start(self) -> None:
        """A new response: a new window."""
        self._started = self.clock()
        self._bytes = 0

    def observe(self, size: int) -> None:
        """
        Count ``size`` bytes just received.

        :raises TooSlow: when the window closed below the limit.
        """
        if not self.limit:
            return
        self._bytes += size
        now = self.clock()
        elapsed = now - self._started
        if elapsed < self.window:
            return
        rate = self._bytes / elapsed
        if rate < self.limit:
            raise TooSlow(
                f"{rate:.0f} bytes/s over {elapsed:.1f}s, below the limit of {self.limit:.0f} bytes/s"
            )
        self._started, self._bytes = now, 0


class BadSpeedSetting(ValueError):
    """A low-speed setting is unusable; ``field`` names it."""

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(f"{field}: {problem}")


def check_speed_settings(speed_limit: object, speed_time: object, prefix: str = "") -> None:
    """
    Refuse unusable low-speed settings (``speed_limit`` 0 turns the limit off).

    :raises BadSpeedSetting: naming ``{prefix}speed_limit`` or ``{prefix}speed_time``.
    """
    for name, value in ((f"{prefix}speed_limit", speed_limit), (f"{prefix}speed_time", speed_time)):
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
            or value < 0
        ):
            raise BadSpeedSetting(name, f"must be a finite number >= 0, got {value!r}")
    if speed_limit and not speed_time:
        raise BadSpeedSetting(f"{prefix}speed_time", f"must be > 0 when {prefix}speed_limit is set")
