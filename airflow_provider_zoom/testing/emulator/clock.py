"""The emulator's clock: the wall clock, plus the seconds a test has moved it forward.

Token, page-token, signed-URL and processing deadlines read it, so a test makes them pass by
advancing the clock (``ZoomEmulator.advance_clock`` or ``POST /_emulator/clock``) instead of
sleeping past a short lifetime.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class EmulatorClock:
    """Seconds since the epoch, as the emulator sees them.

    :param source: where the time comes from (default the wall clock, ``time.time``).
    """

    def __init__(self, source: Callable[[], float] = time.time) -> None:
        self._source = source
        self._offset = 0.0
        self._lock = threading.Lock()

    def __call__(self) -> float:
        return self._source() + self._offset

    @property
    def offset(self) -> float:
        """How far the clock has been moved ahead of its source, in seconds."""
        return self._offset

    def advance(self, seconds: float) -> float:
        """Move the clock forward; returns the new time.

        :param seconds: how far; time never runs backwards, so it must be 0 or more.
        :raises ValueError: naming ``seconds`` when it is negative or not a number.
        """
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not seconds >= 0:
            raise ValueError(f"seconds: must be a number of seconds, 0 or more, got {seconds!r}")
        with self._lock:
            self._offset += float(seconds)
        return self()
