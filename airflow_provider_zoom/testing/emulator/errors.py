"""Zoom-shaped API errors: ``{"code": int, "message": str}`` plus ``errors`` for validation failures."""

from __future__ import annotations

from typing import Any


class ZoomError(Exception):
    """An error reply as Zoom sends it; raised by routes and rendered by the app's exception handler."""

    def __init__(
        self,
        status: int,
        code: int,
        message: str,
        *,
        errors: list[dict[str, str]] | None = None,
        headers: dict[str, str] | None = None,
        rate_limit_headers: bool = True,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.errors = errors
        self.headers = headers or {}
        self.rate_limit_headers = rate_limit_headers

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.errors:
            body["errors"] = self.errors
        return body


def invalid_field(field: str, message: str) -> ZoomError:
    """Validation failure (code 300) naming the offending field."""
    return ZoomError(400, 300, "Validation Failed.", errors=[{"field": field, "message": message}])


def bad_request(message: str, code: int = 300) -> ZoomError:
    return ZoomError(400, code, message)


def user_not_found(user_id: str) -> ZoomError:
    return ZoomError(404, 1001, f"User does not exist: {user_id}.")


def meeting_not_found(meeting_id: Any) -> ZoomError:
    return ZoomError(404, 3001, f"Meeting does not exist: {meeting_id}.")


def webinar_not_found(webinar_id: Any) -> ZoomError:
    return ZoomError(404, 3001, f"Webinar does not exist: {webinar_id}.")


def no_recording() -> ZoomError:
    return ZoomError(404, 3301, "There is no recording for this meeting.")


def invalid_token(expired: bool = False) -> ZoomError:
    message = "Access token is expired." if expired else "Invalid access token."
    return ZoomError(401, 124, message, rate_limit_headers=False)
