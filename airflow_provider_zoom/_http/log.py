"""The logger the plumbing and the transfers' steps write to: a task's (structlog) or a stdlib one."""

from __future__ import annotations

from typing import Any, Protocol


class Log(Protocol):
    """The calls made on a logger: ``%``-style messages at three levels."""

    def info(self, msg: Any, /, *args: Any, **kwargs: Any) -> Any: ...

    def warning(self, msg: Any, /, *args: Any, **kwargs: Any) -> Any: ...

    def error(self, msg: Any, /, *args: Any, **kwargs: Any) -> Any: ...


__all__ = ["Log"]
