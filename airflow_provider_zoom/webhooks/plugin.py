"""
Airflow plugin that receives Zoom webhooks in the Airflow API server.

Zoom posts events to ``https://<airflow-api-server>/zoom/webhooks/<conn_id>``. Each delivery
is checked with the ``webhook_secret_token`` of connection ``conn_id`` and recorded as an asset
event on ``zoom://<account_id>/<event>``; DAGs scheduled on that asset then run.

Airflow's authentication does not cover plugin routes: the Zoom signature is the only gate,
so nothing is done for a delivery before its signature checks out.
"""

from __future__ import annotations

import logging

from airflow.plugins_manager import AirflowPlugin
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from airflow_provider_zoom.webhooks.receiver import (
    MAX_BODY_BYTES,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    handle_delivery,
)

log = logging.getLogger(__name__)

URL_PREFIX = "/zoom"


class _BodyTooLarge(Exception):
    pass


async def _read_body(request: Request, limit: int) -> bytes:
    """Read the raw body, stopping as soon as it exceeds ``limit`` bytes."""
    received = bytearray()
    async for chunk in request.stream():
        received += chunk
        if len(received) > limit:
            raise _BodyTooLarge
    return bytes(received)


def _rejected(status_code: int, detail: str) -> JSONResponse:
    return JSONResponse({"status": "rejected", "detail": detail}, status_code=status_code)


def create_app() -> FastAPI:
    """Build the FastAPI application serving ``POST /webhooks/{conn_id}``."""
    app = FastAPI(
        title="Zoom webhooks",
        description="Receives Zoom webhook events and records them as Airflow asset events.",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )

    @app.post("/webhooks/{conn_id}")
    async def receive_zoom_event(conn_id: str, request: Request) -> JSONResponse:
        client = request.client.host if request.client else None
        declared = request.headers.get("content-length")
        if declared is not None:
            try:
                declared_size = int(declared)
            except ValueError:
                log.warning("Zoom webhook for connection %r rejected (400): bad Content-Length.", conn_id)
                return _rejected(400, "bad content-length")
            if declared_size > MAX_BODY_BYTES:
                log.warning(
                    "Zoom webhook for connection %r from %s rejected (413): Content-Length %d > %d bytes.",
                    conn_id,
                    client,
                    declared_size,
                    MAX_BODY_BYTES,
                )
                return _rejected(413, "body too large")
        try:
            body = await _read_body(request, MAX_BODY_BYTES)
        except _BodyTooLarge:
            log.warning(
                "Zoom webhook for connection %r from %s rejected (413): body exceeds %d bytes.",
                conn_id,
                client,
                MAX_BODY_BYTES,
            )
            return _rejected(413, "body too large")
        try:
            # Connection lookup and the database write are blocking: keep them off the event loop.
            result = await run_in_threadpool(
                handle_delivery,
                conn_id,
                body=body,
                signature=request.headers.get(SIGNATURE_HEADER),
                timestamp=request.headers.get(TIMESTAMP_HEADER),
                client=client,
            )
        except Exception:
            # A 5xx makes Zoom deliver the event again later, so nothing is lost.
            log.exception("Zoom webhook for connection %r failed; Zoom will redeliver it.", conn_id)
            return _rejected(500, "internal error")
        return JSONResponse(result.body, status_code=result.status_code)

    return app


app = create_app()


class ZoomWebhookPlugin(AirflowPlugin):
    """Mount the Zoom webhook receiver at ``/zoom`` in the Airflow API server."""

    name = "zoom_webhooks"
    fastapi_apps = [{"name": "zoom_webhooks", "app": app, "url_prefix": URL_PREFIX}]
