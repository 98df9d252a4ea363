"""Exceptions raised by the Zoom provider."""

from __future__ import annotations

from typing import Any

from airflow_provider_zoom.version_compat import AirflowException, AirflowFailException


class ZoomConfigError(AirflowException, ValueError):
    """
    A connection field or an operator argument is missing or malformed.

    Raised before any call to Zoom. ``field`` names the offending input.
    """

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(f"{field}: {problem}")


class ZoomApiError(AirflowException):
    """
    Zoom answered with an error.

    :param status_code: the HTTP status (0 when no response arrived).
    :param code: Zoom's numeric error code, when the body carried one.
    :param zoom_message: Zoom's message, or a readable summary of a non-JSON body.
    :param method: the HTTP method of the failed request.
    :param path: the request path, relative to the API base URL, without query string.
    :param errors: Zoom's per-field validation errors, if any.
    """

    # Zoom's status, 0 when no reply came: not always an HTTPStatus, as AirflowException's default is.
    status_code: int  # type: ignore[assignment]  # an int where the base declares HTTPStatus

    def __init__(
        self,
        *,
        status_code: int,
        code: int | None = None,
        zoom_message: str = "",
        method: str = "",
        path: str = "",
        errors: list[dict[str, Any]] | None = None,
        hint: str | None = None,
    ) -> None:
        self.status_code = status_code
        self.code = code
        self.zoom_message = zoom_message
        self.method = method
        self.path = path
        self.errors = errors or []
        self.hint = hint
        super().__init__(self._render())

    def _render(self) -> str:
        code = f" (code {self.code})" if self.code is not None else ""
        text = f"{self.method} {self.path} -> {self.status_code}{code}: {self.zoom_message}".strip()
        for err in self.errors:
            text += f"\n  {err.get('field', '?')}: {err.get('message', '')}"
        if self.hint:
            text += f"\n{self.hint}"
        return text

    def __reduce__(self):  # keep the exception picklable for XCom/triggers
        return (
            _rebuild,
            (
                type(self),
                {
                    "status_code": self.status_code,
                    "code": self.code,
                    "zoom_message": self.zoom_message,
                    "method": self.method,
                    "path": self.path,
                    "errors": self.errors,
                    "hint": self.hint,
                },
            ),
        )


def _rebuild(cls: type[ZoomApiError], kwargs: dict[str, Any]) -> ZoomApiError:
    return cls(**kwargs)


class ZoomAuthError(ZoomApiError):
    """401/403: bad credentials, an expired token, or a missing scope (named in ``missing_scopes``)."""

    def __init__(self, *, missing_scopes: list[str] | None = None, **kwargs: Any) -> None:
        self.missing_scopes = missing_scopes or []
        super().__init__(**kwargs)

    def __reduce__(self):
        fn, (cls, kwargs) = super().__reduce__()
        return fn, (cls, {**kwargs, "missing_scopes": self.missing_scopes})


class ZoomNotFoundError(ZoomApiError):
    """404: the meeting, webinar, user or recording does not exist (or not any more)."""


class ZoomRateLimitError(ZoomApiError):
    """
    429 that retrying will not fix soon: a daily limit, or retries exhausted.

    :param category: Zoom's rate-limit category (Light, Medium, Heavy, Resource-intensive), if known.
    :param limit_type: ``QPS``, ``Daily-limit`` or ``per-host daily`` for the meeting create/update cap.
    :param retry_after: when Zoom says the limit resets (ISO text or seconds), if it said.
    """

    def __init__(
        self,
        *,
        category: str | None = None,
        limit_type: str | None = None,
        retry_after: str | None = None,
        **kwargs: Any,
    ) -> None:
        self.category = category
        self.limit_type = limit_type
        self.retry_after = retry_after
        super().__init__(**kwargs)

    def __reduce__(self):
        fn, (cls, kwargs) = super().__reduce__()
        extra = {"category": self.category, "limit_type": self.limit_type, "retry_after": self.retry_after}
        return fn, (cls, {**kwargs, **extra})


class ZoomTransientError(ZoomApiError):
    """A 5xx, a QPS 429 or a dropped connection that outlived the retry budget."""


class ZoomRefreshTokenStaleError(AirflowFailException):
    """
    Zoom rotated the refresh token but the new one could not be stored: the stored one no longer works.

    Fails the task without retries (a retry would only present the invalidated token again). The
    message says how to recover and never holds a token.

    :param variable: the Variable that holds the stale refresh token.
    :param reason: why the write failed (the error's type, never its value).
    """

    def __init__(self, variable: str, reason: str) -> None:
        self.variable = variable
        self.reason = reason
        super().__init__(
            f"Zoom issued a new refresh token, but storing it in Variable {variable!r} failed ({reason}); "
            f"the refresh token stored there is now stale and Zoom will refuse it. To recover, authorise "
            f"the Zoom app again and put the new refresh token in Variable {variable!r}."
        )

    def __reduce__(self):
        return (type(self), (self.variable, self.reason))
