"""One file download: the loop that streams it, resumes it, and checks every answer on the way.

:class:`DownloadState` is plain Python: fed status codes, headers, byte counts and the clock, it
answers whether a response fits what was asked for, how many bytes may still arrive, and whether
the transfer has become too slow. Every ``206`` is checked against its ``Content-Range``, so bytes
the server sends from the wrong offset, or for a different file size, never reach the file.
:class:`FileDownload` runs the requests (through the hook's :class:`DownloadTransport`), writes
through a :class:`DownloadSink` (file and sha256), and decides to resume, restart or fail.
"""

from __future__ import annotations

import hashlib
import queue
import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from airflow_provider_zoom._http.errors import error_from_response, message_path
from airflow_provider_zoom._http.log import Log
from airflow_provider_zoom._http.paths import redact_url
from airflow_provider_zoom.exceptions import ZoomApiError, ZoomTransientError

if TYPE_CHECKING:
    import http.client

    import requests

#: Bytes per write to the destination file (and per hash update).
DOWNLOAD_CHUNK_SIZE = 1 << 20
#: Buffers of ``DOWNLOAD_CHUNK_SIZE`` a download fills in turn: one is filled while the others
#: wait to be hashed. The whole of a download's memory for its bytes.
SINK_BUFFERS = 4

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


#: A token, or a callable that fetches one when first needed; None means the hook's OAuth token.
TokenSource = str | Callable[[], str] | None


@dataclass(frozen=True)
class DownloadResult:
    """What :meth:`~airflow_provider_zoom.hooks.zoom.ZoomHook.download` wrote."""

    bytes_written: int
    sha256: str
    resumed: int = 0
    restarted: int = 0


@dataclass(frozen=True)
class DownloadTransport:
    """
    How a download reaches the network; the hook supplies it.

    :param open_zoom: ``GET`` of Zoom's ``download_url`` with a token (:data:`TokenSource`), without
        following redirects, streamed.
    :param open_cdn: ``GET`` of the signed URL Zoom redirects to, with these headers and no token.
    :param backoff: seconds to wait before retry number ``n`` (1-based).
    :param sleep: waits that long.
    :param log: where resumes and restarts are reported.
    """

    open_zoom: Callable[[str, TokenSource], requests.Response]
    open_cdn: Callable[[str, dict[str, str]], requests.Response]
    backoff: Callable[[int], float]
    sleep: Callable[[float], None]
    log: Log


class FileDownload:
    """
    Stream one recording file into a file object, resuming and checking every answer.

    A dropped or stalled connection resumes with a ``Range`` request from the last byte received,
    up to ``budget`` times. An answer that does not fit (see :class:`DownloadState`) restarts the
    file from byte zero once when the file object is seekable, and fails it otherwise. Zoom's
    redirect to a CDN is followed by hand, so the token never reaches the CDN host; an expired
    signed URL (403, 410) is exchanged for a fresh one through Zoom.

    :param url: Zoom's ``download_url`` (without an ``access_token`` query parameter).
    :param fileobj: a writable binary file object.
    :param transport: how requests are made.
    :param expected_size: Zoom's ``file_size``; a different byte count fails the download.
    :param access_token: the token for Zoom's ``download_url``.
    :param fallback_access_token: the token to try, once, when Zoom refuses ``access_token`` (401).
    :param budget: broken connections and expired CDN URLs allowed.
    :param chunk_size: bytes per write to ``fileobj``.
    :param progress: called as ``progress(bytes_written, expected_size)`` after each write.
    :param speed_limit: low-speed limit in bytes per second; 0 turns it off.
    :param speed_time: seconds the transfer may stay below ``speed_limit``.
    """

    def __init__(
        self,
        url: str,
        fileobj: IO[bytes],
        *,
        transport: DownloadTransport,
        expected_size: int | None = None,
        access_token: TokenSource = None,
        fallback_access_token: TokenSource = None,
        budget: int = 0,
        chunk_size: int = DOWNLOAD_CHUNK_SIZE,
        progress: Callable[[int, int | None], None] | None = None,
        speed_limit: float = DEFAULT_SPEED_LIMIT,
        speed_time: float = DEFAULT_SPEED_TIME,
    ) -> None:
        self.url = url
        self.where = redact_url(url)
        self.transport = transport
        self.budget = budget
        self.fallback = fallback_access_token
        #: Which bytes are written and what the server promised.
        self.state = DownloadState(expected_size=expected_size)
        self.guard = LowSpeedGuard(speed_limit, speed_time)
        self.sink = DownloadSink(fileobj, chunk_size, progress, expected_size)
        #: The token of the next request to Zoom.
        self.token: TokenSource = access_token
        #: Whether ``fallback`` replaced ``token`` already.
        self.used_fallback = False
        #: The signed CDN URL Zoom redirected to; None before the redirect and once it expired.
        self.cdn_url: str | None = None
        #: Broken connections and expired CDN URLs so far, counted against ``budget``.
        self.failures = 0

    def run(self) -> DownloadResult:
        """
        Download the whole file.

        :raises ZoomApiError: when Zoom refuses the download, the size does not match, or the server
            answers resumes with bytes that do not fit.
        :raises ZoomTransientError: when the connection keeps breaking past ``budget``.
        """
        try:
            while not self._attempt():
                pass
            expected = self.state.expected_size
            if expected is not None and self.state.offset != expected:
                raise ZoomApiError(
                    status_code=200,
                    zoom_message=f"downloaded {self.state.offset} bytes but Zoom's file_size is {expected}",
                    method="GET",
                    path=self.where,
                )
            digest = self.sink.hexdigest()
        finally:
            self.sink.close()
        return DownloadResult(
            bytes_written=self.state.offset,
            sha256=digest,
            resumed=self.state.resumes,
            restarted=self.state.restarts,
        )

    def _attempt(self) -> bool:
        """One request and its body: True once the file is complete, False to ask again."""
        import requests

        response = None
        try:
            response = self._open()
            if response is None:
                return False
            self._accept(response)
            before = self.state.offset
            with response:
                self.sink.stream(response, self.state, self.guard)
            if self.state.answer_incomplete() or (
                self.state.file_incomplete() and self.state.offset == before
            ):
                raise requests.ConnectionError(f"stream ended at byte {self.state.offset}")
            # A complete answer may still be a shorter range than asked for: then ask for the rest.
            return not self.state.file_incomplete()
        except RangeMismatch as err:
            self._restart(response, err)
        except TooManyBytes as err:
            raise ZoomApiError(
                status_code=response.status_code if response is not None else 0,
                zoom_message=str(err),
                method="GET",
                path=self.where,
            ) from None
        except (
            requests.ConnectionError,
            requests.Timeout,
            requests.exceptions.ChunkedEncodingError,
            TooSlow,
        ) as err:
            self._resume(response, err)
        return False

    def _open(self) -> requests.Response | None:
        """The response to read bytes from; None when a new token or CDN URL needs a new request."""
        cdn_url = self.cdn_url
        if cdn_url is None:
            response = self.transport.open_zoom(self.url, self.token)
            if response.status_code == 401 and self.fallback is not None and not self.used_fallback:
                response.close()
                self.transport.log.warning(
                    "Zoom refused the token for %s; retrying with the meeting's download token.", self.where
                )
                self.used_fallback = True
                self.token = self.fallback
                return None
            if not response.is_redirect:
                return self._checked(response)
            cdn_url = self.cdn_url = urljoin(self.url, response.headers["Location"])
            response.close()
        return self._checked(self.transport.open_cdn(cdn_url, self.state.range_header()))

    def _checked(self, response: requests.Response) -> requests.Response | None:
        """The response, unless it is an error: None for an expired CDN URL, else the error raised."""
        status = response.status_code
        if status < 400 or (status == 416 and self.state.offset):
            return response  # a 416 to a resume is the state's to judge
        try:
            body = response.content
        finally:
            response.close()
        if status in (403, 410) and self.cdn_url is not None and self.failures < self.budget:
            # A signed CDN URL can expire; go back to Zoom for a fresh one.
            self.cdn_url = None
            self.failures += 1
            return None
        raise error_from_response(
            status_code=status,
            body=body,
            headers=response.headers,
            method="GET",
            path=message_path(self.where),
        )

    def _accept(self, response: requests.Response) -> None:
        """Check the answer against the state; a full file instead of a resume starts over."""
        if self.state.accept(response.status_code, response.headers):
            return
        if not self.sink.seekable:
            raise ZoomTransientError(
                status_code=response.status_code,
                zoom_message="the download broke and the server does not resume (no 206)",
                method="GET",
                path=self.where,
            )
        self.sink.truncate()

    def _restart(self, response: requests.Response | None, err: RangeMismatch) -> None:
        """Start again from byte zero after an answer that does not fit, or fail the file."""
        if response is not None:
            response.close()
        if not (self.state.restart(str(err)) and self.sink.seekable):
            raise ZoomApiError(
                status_code=response.status_code if response is not None else 0,
                zoom_message="the download's bytes do not fit: " + "; ".join(self.state.reasons[-2:]),
                method="GET",
                path=self.where,
                hint="Bytes that do not fit are never written; the file fails instead.",
            ) from None
        self.transport.log.warning("Download of %s: %s; starting again from byte 0.", self.where, err)
        self.sink.truncate()

    def _resume(self, response: requests.Response | None, err: Exception) -> None:
        """Wait, then resume from the last byte received; fail once ``budget`` is used up."""
        if response is not None:
            response.close()
        self.failures += 1
        reason = type(err).__name__ + (f": {err}" if isinstance(err, TooSlow) else "")
        if self.failures > self.budget:
            raise ZoomTransientError(
                status_code=0,
                zoom_message=f"the download kept failing ({reason}) at byte {self.state.offset}",
                method="GET",
                path=self.where,
                hint=f"Gave up after {self.failures} attempt(s).",
            ) from None
        wait = self.transport.backoff(self.failures)
        self.transport.log.warning(
            "Download of %s broke at %d bytes (%s); resuming in %.1fs (retry %d of %d).",
            self.where,
            self.state.offset,
            reason,
            wait,
            self.failures,
            self.budget,
        )
        self.state.resumes += 1
        self.transport.sleep(wait)


class DownloadSink:
    """
    Where a download's bytes go: ``fileobj`` and the sha256, in writes of ``chunk_size`` bytes.

    Bytes are read from the connection straight into one of a few preallocated buffers (see
    :class:`ResponseBody`); that same buffer is written to ``fileobj`` and then hashed on a second
    thread before it is filled again. No byte is copied on the way, and memory stays at
    :data:`SINK_BUFFERS` buffers whatever the file size. Each read returns what has arrived, so a
    connection that breaks mid-chunk loses nothing: what was received is written before the
    download resumes from the byte after it.

    :param fileobj: a writable binary file object.
    :param chunk_size: bytes per write.
    :param progress: called as ``progress(bytes_written, expected_size)`` after each write.
    :param expected_size: passed to ``progress``; a smaller file gets smaller buffers.
    """

    def __init__(
        self,
        fileobj: IO[bytes],
        chunk_size: int,
        progress: Callable[[int, int | None], None] | None,
        expected_size: int | None,
    ) -> None:
        self.fileobj = fileobj
        self.seekable = bool(hasattr(fileobj, "seekable") and fileobj.seekable())
        size = max(1, int(chunk_size))
        self._buffer_size = size if expected_size is None else max(1, min(size, expected_size))
        self._progress = progress
        self._expected = expected_size
        self._hasher = BackgroundSha256(self._buffer_size)
        #: The buffer being filled (None between files) and how many of its bytes are filled.
        self._view: memoryview | None = None
        self._filled = 0
        self._written = 0

    def stream(self, response: Any, state: DownloadState, guard: LowSpeedGuard) -> None:
        """Copy one response body; raises ``requests.ConnectionError`` when the connection breaks."""
        guard.start()
        body = ResponseBody(response)
        try:
            while True:
                view = self._space()
                size = body.readinto(view, state.offset)
                if not size:
                    return
                # Counted only once the state allows them: bytes past the range are never written.
                state.room(size)
                self._filled += size
                if self._view is not None and self._filled == len(self._view):
                    self.flush()
                guard.observe(size)
        finally:
            self.flush()

    def _space(self) -> memoryview:
        """The free part of the buffer being filled (a fresh buffer when there is none)."""
        if self._view is None:
            self._view = self._hasher.buffer()
        return self._view[self._filled :]

    def flush(self) -> None:
        """Write what is buffered to the file, then hand the buffer to the hash."""
        view, size = self._view, self._filled
        if view is None or not size:
            return
        self._view, self._filled = None, 0
        chunk = view[:size]
        # ``write`` must not keep the buffer past its return (io.BufferedIOBase's contract).
        self.fileobj.write(chunk)
        self._hasher.update(chunk)
        self._written += size
        if self._progress is not None:
            self._progress(self._written, self._expected)

    def truncate(self) -> None:
        """Throw away what was written: the download starts again from byte zero."""
        self._view, self._filled = None, 0
        self.fileobj.seek(0)
        self.fileobj.truncate()
        self._hasher.close()
        self._hasher = BackgroundSha256(self._buffer_size)
        self._written = 0

    def hexdigest(self) -> str:
        """The sha256 of every byte written."""
        return self._hasher.hexdigest()

    def close(self) -> None:
        """Stop the hashing thread."""
        self._hasher.close()


class ResponseBody:
    """
    A response body read into the caller's buffer, one network read at a time.

    A body of known length that needs no decoding (a recording file) is read with
    ``readinto1`` straight from the connection into the buffer: one copy, from the socket, as
    curl makes. Once all of it is read the connection goes back to the pool. Any other body
    (chunked, compressed, or a stand-in response) is read with urllib3's ``read1`` and copied.
    Either way a read returns what has arrived and never waits for a whole buffer, so bytes that
    arrived before a break are kept and a stalled stream still reaches the low-speed check.
    """

    def __init__(self, response: Any) -> None:
        self._raw = response.raw
        self._message = _plain_message(self._raw)
        #: Bytes of a plain message still to come.
        self._left = self._message.length if self._message is not None else 0

    def readinto(self, view: memoryview, offset: int) -> int:
        """
        Read at most ``len(view)`` bytes into ``view``; 0 at the end of the body.

        :raises requests.ConnectionError: when the connection breaks (at byte ``offset``).
        """
        import requests
        import urllib3

        try:
            if self._message is not None:
                return self._read_plain(view)
            piece = self._raw.read1(len(view), decode_content=True)
            view[: len(piece)] = piece
            return len(piece)
        except (urllib3.exceptions.HTTPError, OSError) as err:
            raise requests.ConnectionError(f"broke at byte {offset}: {err}") from None

    def _read_plain(self, view: memoryview) -> int:
        message = self._message
        assert message is not None and message.fp is not None
        if not self._left:
            # The whole body is read: the connection is at a clean boundary and can be reused.
            message.close()
            self._raw.release_conn()
            return 0
        size: int = message.fp.readinto1(view[: self._left] if len(view) > self._left else view)
        self._left -= size
        return size


def _plain_message(raw: Any) -> http.client.HTTPResponse | None:
    """The ``http.client`` response under urllib3's, when its body can be read as it is."""
    import http.client

    message = getattr(raw, "_fp", None)
    if not isinstance(message, http.client.HTTPResponse) or message.fp is None:
        return None
    encoding = str(raw.headers.get("Content-Encoding", "")).strip().lower()
    if message.chunked or message.length is None or encoding not in ("", "identity"):
        return None
    # Nothing read through urllib3 yet, so nothing sits in its buffers.
    if raw.tell() or not hasattr(message.fp, "readinto1") or not hasattr(raw, "release_conn"):
        return None
    return message


class BackgroundSha256:
    """
    sha256 on a second thread over buffers it lends, so hashing overlaps filling the next one.

    :meth:`buffer` lends one of at most ``count`` buffers of ``size`` bytes (made when first
    needed); :meth:`update` hashes a filled part of one and takes the buffer back once hashed.
    hashlib releases the GIL for large updates; memory stays at ``count`` buffers whatever the
    file size.
    """

    def __init__(self, size: int, count: int = SINK_BUFFERS) -> None:
        self._size = size
        self._unmade = count
        self._free: queue.SimpleQueue[bytearray] = queue.SimpleQueue()
        self._todo: queue.SimpleQueue[memoryview | None] = queue.SimpleQueue()
        self._hash = hashlib.sha256()
        self._thread = threading.Thread(target=self._run, name="zoom-sha256", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (view := self._todo.get()) is not None:
            self._hash.update(view)
            self._free.put(view.obj)  # type: ignore[arg-type]

    def buffer(self) -> memoryview:
        """A buffer to fill (waits while every buffer is still being hashed)."""
        if self._free.empty() and self._unmade:
            self._unmade -= 1
            return memoryview(bytearray(self._size))
        return memoryview(self._free.get())

    def update(self, view: memoryview) -> None:
        """Hash ``view`` (part of a buffer from :meth:`buffer`, which is not to be touched again)."""
        self._todo.put(view)

    def hexdigest(self) -> str:
        """The digest of everything given; ends the thread."""
        self.close()
        return self._hash.hexdigest()

    def close(self) -> None:
        """End the thread (idempotent)."""
        if self._thread.is_alive():
            self._todo.put(None)
            self._thread.join()


class NoAuth:
    """A requests auth hook that strips any Authorization header (no .netrc lookups either)."""

    def __call__(self, request: Any) -> Any:
        request.headers.pop("Authorization", None)
        return request


def pop_access_token(url: str) -> tuple[str, str | None]:
    """
    Move an ``access_token`` query parameter out of a URL: it travels in a header instead.

    :param url: a ``download_url``, perhaps with ``?access_token=...``.
    :return: the URL without it, and the token (None when there was none).
    """
    parts = urlsplit(url)
    if "access_token" not in parts.query:
        return url, None
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    token = next((v for k, v in pairs if k == "access_token"), None)
    query = urlencode([(k, v) for k, v in pairs if k != "access_token"])
    return urlunsplit(parts._replace(query=query)), token
