"""
After each webinar, write its participants, registrants, Q&A and polls to object storage.

What it shows:

- a DAG scheduled on Zoom's ``webinar.ended`` event (the provider's webhook plugin records it as an
  asset event on ``zoom://<account_id>/webinar.ended``); a manual run takes ``webinar_id`` from its
  params instead, e.g. ``airflow dags trigger zoom_webinar_report_extract --conf '{"webinar_id": 123}'``;
- ``ZoomReportToObjectStorageOperator`` mapped over (webinar x extract) with ``expand_kwargs``: each
  extract is read page by page and written atomically, as CSV for flat tables (participants,
  registrants) and JSONL for nested ones (Q&A and polls carry a list of answers per person);
- one folder per webinar: ``<dest>/<webinar uuid or id>/<extract>.<csv|jsonl>``.

Environment:

- ``ZOOM_ACCOUNT_ID``: the Zoom account whose events schedule the DAG (default ``emulator-account``).
- ``ZOOM_REPORT_DEST``: where the files go, default ``file:///tmp/zoom-reports/``; e.g.
  ``s3://my-bucket/zoom/webinars/`` with ``ZOOM_REPORT_DEST_CONN_ID=aws_default``.
- ``ZOOM_POOL_MEDIUM``: the pool for these *Medium* rate-limit APIs (default ``zoom_medium``; create
  it with ``airflow pools set zoom_medium 4 "Zoom Medium APIs"`` or name ``default_pool``).

Zoom scopes: ``report:read:list_webinar_participants:admin``, ``report:read:webinar_qa:admin``,
``report:read:webinar_polls:admin`` (reports need a Pro plan or higher) and
``webinar:read:list_registrants:admin``.
"""

from __future__ import annotations

import os
from datetime import datetime
from typing import Any

from airflow.sdk import Asset, Param, dag, task

from airflow_provider_zoom.transfers.reports import ZoomReportToObjectStorageOperator

ZOOM_ACCOUNT_ID = os.environ.get("ZOOM_ACCOUNT_ID", "emulator-account")
DEST = os.environ.get("ZOOM_REPORT_DEST", "file:///tmp/zoom-reports/").rstrip("/") + "/"
DEST_CONN_ID = os.environ.get("ZOOM_REPORT_DEST_CONN_ID") or None
POOL_MEDIUM = os.environ.get("ZOOM_POOL_MEDIUM", "zoom_medium")

# extract name -> (file format, which webinar reference the endpoint takes)
EXTRACTS = {
    "webinar_participants": ("csv", "instance"),  # a past instance: its UUID, else the webinar id
    "webinar_registrants": ("csv", "webinar"),  # registrants belong to the webinar id
    "webinar_qa": ("jsonl", "instance"),
    "webinar_polls": ("jsonl", "instance"),
}

webinar_ended = Asset(f"zoom://{ZOOM_ACCOUNT_ID}/webinar.ended")


@dag(
    dag_id="zoom_webinar_report_extract",
    schedule=[webinar_ended],
    start_date=datetime(2024, 1, 1),
    catchup=False,
    tags=["zoom", "example", "reports"],
    params={
        "webinar_id": Param(
            None, type=["null", "string", "integer"], description="Webinar ID for manual runs."
        ),
        "webinar_uuid": Param(
            None, type=["null", "string"], description="A past instance's UUID (optional)."
        ),
    },
    doc_md=__doc__,
)
def zoom_webinar_report_extract() -> None:
    @task
    def extracts_to_write(params=None, triggering_asset_events=None) -> list[dict[str, Any]]:
        """One set of operator arguments per (ended webinar, extract)."""
        from airflow_provider_zoom.webhooks.events import zoom_events

        webinars: list[tuple[str, str | None]] = []
        for extra in zoom_events(triggering_asset_events or {}, "webinar.ended"):
            obj = (extra.get("payload") or {}).get("object") or {}
            if obj.get("id"):
                webinars.append((str(obj["id"]), obj.get("uuid")))
        if (params or {}).get("webinar_id"):
            webinars.append((str(params["webinar_id"]), params.get("webinar_uuid")))
        kwargs = []
        for webinar_id, uuid in dict.fromkeys(webinars):
            folder = (uuid or webinar_id).replace("/", "_").replace("+", "-")
            for name, (fmt, ref) in EXTRACTS.items():
                kwargs.append(
                    {
                        "extract": name,
                        "path_params": {
                            "webinar_id": (uuid or webinar_id) if ref == "instance" else webinar_id
                        },
                        "dest": f"{DEST}{folder}/{name}.{fmt}",
                    }
                )
        print(f"{len(kwargs)} extract(s) of {len(set(webinars))} webinar(s) to write.")
        return kwargs

    ZoomReportToObjectStorageOperator.partial(
        task_id="write_extract",
        dest_conn_id=DEST_CONN_ID,
        pool=POOL_MEDIUM,
        map_index_template="{{ task.extract }}",
    ).expand_kwargs(extracts_to_write())


zoom_webinar_report_extract()
