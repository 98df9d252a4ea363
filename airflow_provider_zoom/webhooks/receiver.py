"""
Turn one Zoom webhook delivery into at most one Airflow asset event.

This module is independent of the web framework: :func:`handle_delivery` takes the raw body
and the two signature headers and returns the status and JSON to answer with. The FastAPI
adapter lives in :mod:`airflow_provider_zoom.webhooks.plugin`.

The request path makes no call to Zoom: it reads the connection, checks the signature and
writes to the metadata database, so Zoom gets its answer well within its 3 second limit.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from airflow_provider_zoom._http.config import extra_value, parse_extra
from airflow_provider_zoom.exceptions import ZoomConfigError
from airflow_provider_zoom.webhooks.assets import zoom_asset_uri
from airflow_provider_zoom.webhooks.events import (
    URL_VALIDATION_EVENT,
    MalformedEventError,
    build_extra,
    delivery_key,
    parse_event,
)
from airflow_provider_zoom.webhooks.signature import (
    DEFAULT_TOLERANCE_SECONDS,
    SIGNATURE_VERSION,
    url_validation_response,
    verify_signature,
)

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 1024 * 1024
SIGNATURE_HEADER = "x-zm-signature"
TIMESTAMP_HEADER = "x-zm-request-timestamp"

REGISTERED = "registered"
DUPLICATE = "duplicate"
NO_CONSUMER = "no_consumer"

# "v0=" followed by a hex SHA-256 digest.
_SIGNATURE_LENGTH = len(SIGNATURE_VERSION) + 1 + 64


@dataclass(frozen=True)
class WebhookResponse:
    """The HTTP status and JSON body to answer a delivery with."""

    status_code: int
    body: dict[str, Any]


@dataclass(frozen=True)
class WebhookEndpoint:
    """
    What the receiver needs from a ``zoom`` connection.

    :param conn_id: the connection id in the URL.
    :param secret_token: ``extra.webhook_secret_token``; kept out of ``repr``.
    :param account_id: ``extra.account_id``: events of other accounts are refused, and it is used
        when an event carries none.
    """

    conn_id: str
    secret_token: str = field(repr=False)
    account_id: str | None = None


def _get_connection(conn_id: str) -> Any | None:
    """Read a connection the way the API server does (secrets backends, env vars, then the DB)."""
    from airflow.exceptions import AirflowNotFoundException
    from airflow.models.connection import Connection

    try:
        return Connection.get_connection_from_secrets(conn_id)
    except AirflowNotFoundException:
        return None


def load_endpoint(conn_id: str) -> WebhookEndpoint | None:
    """
    Return the webhook settings of connection ``conn_id``, or None if it cannot receive webhooks.

    :param conn_id: the Airflow connection id.
    """
    conn = _get_connection(conn_id)
    if conn is None:
        log.warning("Zoom webhook for unknown connection %r rejected (404).", conn_id)
        return None
    try:
        extra = parse_extra(conn.extra)
    except ZoomConfigError as err:
        log.error("Zoom webhook for connection %r rejected (404): %s", conn_id, err.problem)
        return None
    secret = extra_value(extra, "webhook_secret_token")
    if not secret or not isinstance(secret, str):
        log.error(
            "Zoom webhook for connection %r rejected (404): extra.webhook_secret_token is not set; "
            "copy the Secret Token from the Zoom app's Feature page into the connection.",
            conn_id,
        )
        return None
    account_id = extra_value(extra, "account_id")
    return WebhookEndpoint(
        conn_id=conn_id, secret_token=secret, account_id=str(account_id).strip() if account_id else None
    )


def signature_problem(
    secret_token: str,
    *,
    body: bytes,
    signature: str | None,
    timestamp: str | None,
    tolerance: int = DEFAULT_TOLERANCE_SECONDS,
    now: float | None = None,
) -> str | None:
    """
    Explain why a delivery's signature is not acceptable, or return None when it is.

    The explanation is for the server log; it never contains the secret or the signature.

    :param secret_token: the connection's webhook secret token.
    :param body: the raw request body.
    :param signature: the ``x-zm-signature`` header.
    :param timestamp: the ``x-zm-request-timestamp`` header.
    :param tolerance: seconds a timestamp may be off the server clock.
    :param now: the current time in seconds since the epoch (for tests).
    """
    current = time.time() if now is None else now
    if not signature:
        return f"the {SIGNATURE_HEADER} header is missing"
    if timestamp is None or not str(timestamp).strip():
        return f"the {TIMESTAMP_HEADER} header is missing"
    try:
        ts = int(str(timestamp).strip())
    except ValueError:
        return f"the {TIMESTAMP_HEADER} header is not whole seconds since the epoch"
    if current - ts > tolerance:
        age = int(current - ts)
        return f"the {TIMESTAMP_HEADER} is {age} s old (tolerance {tolerance} s): stale or replayed"
    if ts - current > tolerance:
        return f"the {TIMESTAMP_HEADER} is {int(ts - current)} s in the future (tolerance {tolerance} s)"
    if not signature.strip().startswith(f"{SIGNATURE_VERSION}="):
        return f"the {SIGNATURE_HEADER} header is not a {SIGNATURE_VERSION}= signature"
    if not verify_signature(
        secret_token, timestamp=ts, body=body, signature=signature, tolerance=tolerance, now=current
    ):
        if len(signature.strip()) != _SIGNATURE_LENGTH:
            return f"the {SIGNATURE_HEADER} header has the wrong length"
        return "the signature does not match the body and the connection's webhook_secret_token"
    return None


def _register_asset_event(
    *, uri: str, extra: dict[str, Any], account_id: str, key: str, now: datetime
) -> str:
    """
    Record an asset event on every active asset with ``uri``, unless this delivery is already recorded.

    This is the one place that writes to Airflow's metadata database; it uses
    ``AssetManager.register_asset_change``, whose signature is internal to Airflow and is
    checked against the Airflow version this provider pins in its tests. The delivery key goes
    into the provider's ``zoom_webhook_delivery`` table in the same transaction: its primary key
    lets one copy of a delivery commit, across every API server process and host.

    :param uri: the ``zoom://<account>/<event>`` asset URI.
    :param extra: the asset event extra (credentials already masked).
    :param account_id: the Zoom account of the delivery.
    :param key: the delivery key, stored in ``extra`` and in the delivery table.
    :param now: the time of receipt.
    :return: :data:`REGISTERED`, :data:`DUPLICATE` or :data:`NO_CONSUMER`.
    """
    from airflow.assets.manager import asset_manager
    from airflow.models.asset import AssetActive, AssetModel
    from airflow.utils.session import create_session
    from sqlalchemy import and_, select
    from sqlalchemy.exc import SQLAlchemyError

    from airflow_provider_zoom.webhooks import deliveries

    with create_session() as session:
        # Before the session's first statement: creating the table takes a connection of its own.
        deliveries.ensure_table(session.get_bind())
        assets = session.scalars(
            select(AssetModel)
            .join(AssetActive, and_(AssetActive.name == AssetModel.name, AssetActive.uri == AssetModel.uri))
            .where(AssetModel.uri == uri)
        ).all()
        if not assets:
            return NO_CONSUMER
        # First write of the transaction: a copy being recorded elsewhere makes this wait for it.
        if not deliveries.record_delivery(session, account_id=account_id, key=key, now=now):
            return DUPLICATE
        registered = False
        for asset in assets:
            event = asset_manager.register_asset_change(
                asset=asset, extra=extra, source_is_api=True, session=session
            )
            registered = registered or event is not None
        if not registered:
            # The assets went inactive meanwhile: keep the key free for a later redelivery.
            session.rollback()
            return NO_CONSUMER
        bind = session.get_bind()
    try:
        deliveries.prune(bind, now=now)
    except SQLAlchemyError:
        # The event is recorded: a failed clean-up must not make Zoom deliver it again.
        log.warning("Could not prune old Zoom webhook delivery keys; will try again later.", exc_info=True)
    return REGISTERED


def _reject(status_code: int, message: str) -> WebhookResponse:
    return WebhookResponse(status_code, {"status": "rejected", "detail": message})


def handle_delivery(
    conn_id: str,
    *,
    body: bytes,
    signature: str | None,
    timestamp: str | None,
    client: str | None = None,
    now: float | None = None,
) -> WebhookResponse:
    """
    Check one delivery and answer it: a URL validation challenge, or an event to record.

    :param conn_id: the connection id from the URL; its ``webhook_secret_token`` signs deliveries.
    :param body: the raw request body (already limited to :data:`MAX_BODY_BYTES`).
    :param signature: the ``x-zm-signature`` header.
    :param timestamp: the ``x-zm-request-timestamp`` header.
    :param client: the caller's address, for the log.
    :param now: the current time in seconds since the epoch (for tests).
    """
    source = f" from {client}" if client else ""
    endpoint = load_endpoint(conn_id)
    if endpoint is None:
        return _reject(404, "unknown webhook endpoint")

    problem = signature_problem(
        endpoint.secret_token, body=body, signature=signature, timestamp=timestamp, now=now
    )
    if problem:
        log.warning("Zoom webhook for connection %r%s rejected (401): %s.", conn_id, source, problem)
        return _reject(401, "invalid signature")

    try:
        event = parse_event(body)
    except MalformedEventError as err:
        log.warning("Zoom webhook for connection %r%s rejected (400): %s.", conn_id, source, err)
        return _reject(400, "malformed event")
    name = event["event"]

    if name == URL_VALIDATION_EVENT:
        try:
            answer = url_validation_response(
                endpoint.secret_token, str(event["payload"].get("plainToken") or "")
            )
        except ValueError as err:
            log.warning("Zoom webhook for connection %r%s rejected (400): %s.", conn_id, source, err)
            return _reject(400, "malformed event")
        log.info("Zoom webhook URL validation for connection %r%s answered.", conn_id, source)
        return WebhookResponse(200, answer)

    account_id = event["payload"].get("account_id") or endpoint.account_id
    if endpoint.account_id and str(account_id).strip() != endpoint.account_id:
        # The secret token proves who signed, not whose account: one app's secret must not fire
        # another account's DAGs.
        log.warning(
            "Zoom webhook %r for connection %r%s refused (403): payload.account_id %r is not the "
            "connection's extra.account_id %r.",
            name,
            conn_id,
            source,
            str(account_id)[:64],
            endpoint.account_id,
        )
        return _reject(403, "event for another account")
    try:
        uri = zoom_asset_uri(str(account_id) if account_id else "", name)
    except ValueError as err:
        log.warning(
            "Zoom webhook %r for connection %r%s rejected (400): %s (payload.account_id, falling back to "
            "the connection's extra.account_id).",
            name,
            conn_id,
            source,
            err,
        )
        return _reject(400, "malformed event")

    key = delivery_key(event)
    extra = build_extra(event, account_id=str(account_id), conn_id=conn_id, key=key)
    now_dt = datetime.fromtimestamp(time.time() if now is None else now, tz=timezone.utc)
    outcome = _register_asset_event(uri=uri, extra=extra, account_id=str(account_id), key=key, now=now_dt)
    what = f"Zoom event {name!r} (event_ts={event.get('event_ts')}, delivery key {key[:12]})"
    if outcome == REGISTERED:
        log.info("%s for connection %r%s recorded on asset %s.", what, conn_id, source, uri)
    elif outcome == DUPLICATE:
        log.info(
            "%s for connection %r%s is a redelivery; already recorded on %s.", what, conn_id, source, uri
        )
    else:
        log.warning(
            "%s for connection %r%s accepted but not recorded: no DAG is scheduled on asset %s "
            "(the asset is not active in Airflow).",
            what,
            conn_id,
            source,
            uri,
        )
    return WebhookResponse(200, {"status": outcome})
