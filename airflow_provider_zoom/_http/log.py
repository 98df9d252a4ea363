"""The logger the plumbing and the transfers' steps write to: a task's (structlog) or a stdlib one."""

from __future__ import annotations

import logging
import re
from typing import Any, Protocol


class Log(Protocol):
    """The calls made on a logger: ``%``-style messages at three levels."""

    def info(self, msg: Any, /, *args: Any, **kwargs: Any) -> Any: ...

    def warning(self, msg: Any, /, *args: Any, **kwargs: Any) -> Any: ...

    def error(self, msg: Any, /, *args: Any, **kwargs: Any) -> Any: ...


# A query parameter whose value is a credential: CDN signatures (``Signature``, ``X-Amz-Signature``,
# ``X-Amz-Credential``, ``Policy``, ``Key-Pair-Id``), ``access_token`` and the like.
_SECRET_PARAM = re.compile(
    r"([?&][^=&#\s\"']*(?:sig|token|credential|key|policy|zak|pwd|passcode|auth)[^=&#\s\"']*=)[^&#\s\"']+",
    re.IGNORECASE,
)


def redact_query(text: str) -> str:
    """``text`` with the values of credential-bearing query parameters replaced by ``***``."""
    return _SECRET_PARAM.sub(r"\1***", text) if "=" in text else text


class RedactQueryFilter(logging.Filter):
    """
    Redact signed query strings in the URLs a log record carries.

    urllib3 logs each request's path and query at DEBUG (``"GET /cdn/...?Signature=..." 200``); a
    signed CDN URL works for anyone until it expires, so its signature must not reach a log.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact_query(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact_query(a) if isinstance(a, str) else a for a in record.args)
        return True


# The loggers that print request URLs: urllib3's connection pool (requests), httpx (the triggers).
URL_LOGGERS = ("urllib3.connectionpool", "httpx", "httpcore")


def redact_url_logs() -> None:
    """Install :class:`RedactQueryFilter` on the loggers that print request URLs (once per process)."""
    for name in URL_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactQueryFilter) for f in logger.filters):
            logger.addFilter(RedactQueryFilter())


__all__ = ["Log", "RedactQueryFilter", "redact_query", "redact_url_logs"]
