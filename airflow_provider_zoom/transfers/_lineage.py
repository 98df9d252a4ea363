"""
OpenLineage for the transfers: Zoom recordings or reports in, object-storage files out.

Used by the transfers' ``get_openlineage_facets_on_complete``, which the
``apache-airflow-providers-openlineage`` listener calls after a task succeeds. Everything that
imports OpenLineage is imported here, inside the functions, so DAG files that import a transfer
parse without it (and without the provider installed).

Dataset names follow OpenLineage's naming conventions: a file in ``s3://bucket/a/b.mp4`` is
namespace ``s3://bucket``, name ``a/b.mp4`` (``gs://`` and ``abfs://`` alike); a local file is
namespace ``file``, name ``/a/b.mp4``. A Zoom source is namespace ``zoom://<account_id>`` (the same
authority as the webhook assets' ``zoom://<account_id>/<event>``) and named after what it is:
``meetings/<uuid>/recordings`` for a meeting's cloud recordings, the API path for a report
(``report/webinars/123/participants``), UUIDs in their URL-safe form (``/`` as ``_``, ``+`` as ``-``,
as in the archive's file names).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

ZOOM_NAMESPACE = "zoom"
_LOCAL = ("file", "local")


def storage_dataset_id(url: str) -> tuple[str, str]:
    """``(namespace, name)`` of an object-storage URL, after OpenLineage's naming conventions."""
    parts = urlsplit(url)
    if parts.scheme in _LOCAL or not parts.scheme:
        return "file", parts.path or url
    return f"{parts.scheme}://{parts.netloc}", parts.path.lstrip("/")


def safe_id(value: Any) -> str:
    """A Zoom id or UUID usable inside a dataset name: UUIDs are base64, written URL-safe (no ``/``)."""
    return str(value).replace("+", "-").replace("/", "_")


def source_name(template: str, ids: Mapping[str, Any]) -> str:
    """
    A report's dataset name: its API path with the ids filled in, without the leading ``/``
    (``report/webinars/123/participants``); placeholders without an id stay as they are.
    """
    import string

    parts = []
    for text, name, _, _ in string.Formatter().parse(template):
        parts.append(text)
        if name is not None:
            value = ids.get(name)
            parts.append(safe_id(value) if value not in (None, "") else "{" + name + "}")
    return "".join(parts).strip("/")


def zoom_namespace(zoom_conn_id: str) -> str:
    """``zoom://<account_id>`` of the connection; its id stands in when it names no account."""
    account = None
    try:
        from airflow_provider_zoom.version_compat import BaseHook

        extra = BaseHook.get_connection(zoom_conn_id).extra_dejson
        account = extra.get("account_id") or extra.get("extra__zoom__account_id")
    except Exception:  # lineage must never fail the task; the namespace falls back to the id
        account = None
    return f"{ZOOM_NAMESPACE}://{account or zoom_conn_id}"


def recordings_lineage(rows: Iterable[Mapping[str, Any]], zoom_conn_id: str) -> Any:
    """
    The :class:`OperatorLineage` of an archive run: one input per meeting, one output per file
    archived or already in place (size in bytes), and one per meeting manifest.

    :param rows: the transfer's result rows (``meeting_uuid``, ``path``, ``bytes``, ``status``, ...).
    :param zoom_conn_id: the Zoom connection, for the input namespace.
    """
    from airflow.providers.common.compat.openlineage.facet import Dataset, OutputDataset
    from airflow.providers.openlineage.extractors import OperatorLineage

    namespace = zoom_namespace(zoom_conn_id)
    inputs: dict[str, Any] = {}
    outputs: list[Any] = []
    for row in rows:
        if row.get("status") not in ("archived", "skipped") or not row.get("path"):
            continue
        uuid = str(row.get("meeting_uuid") or row.get("meeting_id") or "")
        if uuid and uuid not in inputs:
            inputs[uuid] = Dataset(namespace=namespace, name=f"meetings/{safe_id(uuid)}/recordings")
        ns, name = storage_dataset_id(str(row["path"]))
        outputs.append(
            OutputDataset(
                namespace=ns,
                name=name,
                outputFacets=_statistics(size=row.get("bytes"), rows=None),
            )
        )
    return OperatorLineage(inputs=list(inputs.values()), outputs=outputs)


def report_lineage(
    *,
    api_path: str,
    dest_url: str,
    rows: int,
    size: int,
    zoom_conn_id: str,
    columns: Mapping[str, str] | None = None,
) -> Any:
    """
    The :class:`OperatorLineage` of a report extract: the Zoom report in, the file out with its
    row count and size (and its schema when the extract has typed columns).

    :param api_path: the report's dataset name (:func:`source_name`).
    :param dest_url: the written file.
    :param rows: rows written.
    :param size: bytes written.
    :param zoom_conn_id: the Zoom connection, for the input namespace.
    :param columns: the typed columns (field -> kind), for the schema facet.
    """
    from airflow.providers.common.compat.openlineage.facet import Dataset, OutputDataset
    from airflow.providers.openlineage.extractors import OperatorLineage

    source = Dataset(namespace=zoom_namespace(zoom_conn_id), name=api_path)
    ns, name = storage_dataset_id(dest_url)
    facets = _schema_facet(columns) if columns else {}
    out = OutputDataset(
        namespace=ns, name=name, facets=facets, outputFacets=_statistics(size=size, rows=rows)
    )
    return OperatorLineage(inputs=[source], outputs=[out])


def _statistics(*, size: Any, rows: Any) -> dict[str, Any]:
    from airflow.providers.common.compat.openlineage.facet import OutputStatisticsOutputDatasetFacet

    return {
        "outputStatistics": OutputStatisticsOutputDatasetFacet(
            rowCount=int(rows) if rows is not None else None,
            size=int(size) if size is not None else None,
        )
    }


def _schema_facet(columns: Mapping[str, str]) -> dict[str, Any]:
    from airflow.providers.common.compat.openlineage.facet import (
        SchemaDatasetFacet,
        SchemaDatasetFacetFields,
    )

    fields: Sequence[Any] = [SchemaDatasetFacetFields(name=name, type=kind) for name, kind in columns.items()]
    return {"schema": SchemaDatasetFacet(fields=list(fields))}
