"""Zoom webhook signatures: verify incoming events and answer URL validation.

Zoom signs ``v0:{x-zm-request-timestamp}:{raw body}`` with HMAC-SHA256 keyed by the app's
secret token and sends ``v0=<hex digest>`` in ``x-zm-signature``. The raw bytes are signed,
so verification must never re-serialise the JSON.
"""

from __future__ import annotations

import hashlib
import hmac
import time

SIGNATURE_VERSION = "v0"
DEFAULT_TOLERANCE_SECONDS = 300


def _hmac_hex(secret_token: str, message: bytes) -> str:
    return hmac.new(secret_token.encode("utf-8"), message, hashlib.sha256).hexdigest()


def _as_bytes(body: bytes | str) -> bytes:
    return body.encode("utf-8") if isinstance(body, str) else bytes(body)


def compute_signature(secret_token: str, *, timestamp: str | int, body: bytes | str) -> str:
    """
    Return the ``x-zm-signature`` value Zoom would send for ``body`` at ``timestamp``.

    :param secret_token: the app's webhook secret token.
    :param timestamp: the ``x-zm-request-timestamp`` header (seconds since the epoch).
    :param body: the raw request body.
    """
    message = f"{SIGNATURE_VERSION}:{timestamp}:".encode() + _as_bytes(body)
    return f"{SIGNATURE_VERSION}={_hmac_hex(secret_token, message)}"


def verify_signature(
    secret_token: str,
    *,
    timestamp: str | int | None,
    body: bytes | str,
    signature: str | None,
    tolerance: int = DEFAULT_TOLERANCE_SECONDS,
    now: float | None = None,
) -> bool:
    """
    Check a Zoom webhook delivery's signature and freshness.

    :param secret_token: the app's webhook secret token.
    :param timestamp: the ``x-zm-request-timestamp`` header.
    :param body: the raw request body, exactly as received.
    :param signature: the ``x-zm-signature`` header.
    :param tolerance: seconds a timestamp may differ from ``now`` (either way) before the
        delivery is treated as a replay.
    :param now: the current time in seconds since the epoch (for tests); defaults to ``time.time()``.
    :return: True only when the signature matches and the timestamp is fresh.
    """
    if not secret_token or not signature or timestamp is None:
        return False
    try:
        ts = int(str(timestamp).strip())
    except ValueError:
        return False
    current = time.time() if now is None else now
    if abs(current - ts) > tolerance:
        return False
    expected = compute_signature(secret_token, timestamp=ts, body=body)
    # compare_digest keeps the comparison constant-time, so the signature cannot be guessed byte by byte.
    return hmac.compare_digest(expected.encode(), signature.strip().encode())


def url_validation_response(secret_token: str, plain_token: str) -> dict[str, str]:
    """
    Answer Zoom's ``endpoint.url_validation`` challenge.

    :param secret_token: the app's webhook secret token.
    :param plain_token: ``payload.plainToken`` from the challenge event.
    """
    if not plain_token:
        raise ValueError("payload.plainToken: missing from the endpoint.url_validation event")
    return {
        "plainToken": plain_token,
        "encryptedToken": _hmac_hex(secret_token, plain_token.encode("utf-8")),
    }
