"""Write Zoom report and list extracts to object storage as JSONL, CSV or Parquet, page by page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any, cast

from airflow_provider_zoom._http import DEFAULT_CONN_ID
from airflow_provider_zoom._storage.rows import (
    COMPRESSIONS,
    EXTRA_COLUMN,
    FORMATS,
    CountingWriter,
    check_writable,
    flatten_row,
    format_from_suffix,
    write_rows,
)
from airflow_provider_zoom.exceptions import ZoomConfigError
from airflow_provider_zoom.operators.base import ZoomBaseOperator
from airflow_provider_zoom.validation import check_bool, check_endpoint, rendered_to_none, require

if TYPE_CHECKING:
    from airflow.sdk import Context


@dataclass(frozen=True)
class _ReportInputs:
    """
    The rendered inputs of one run, checked.

    :param dest: the file to write (inside its date partition, when asked for).
    :param format: ``jsonl``, ``csv`` or ``parquet``.
    :param from_: first day (None: the extract or endpoint takes no range, or Zoom's default).
    :param to: last day, inclusive.
    :param columns: Parquet's typed schema of a named extract (None: inferred).
    """

    dest: Any
    format: str
    from_: Any = None
    to: Any = None
    columns: Mapping[str, str] | None = None


class ZoomReportToObjectStorageOperator(ZoomBaseOperator):
    """
    Write a Zoom report or list, page by page, to one file in object storage (JSONL, CSV or Parquet).

    Either a named extract (``extract="webinar_participants"``, see
    :data:`airflow_provider_zoom.hooks.extracts.EXTRACTS`) or any list endpoint
    (``endpoint`` + ``items_key``). Date-ranged extracts are walked in Zoom's one-month windows.
    Only one page is held in memory; the file appears at ``dest`` only once complete.

    Scopes: those of the extract's or endpoint's Zoom report or list (the README's scope table).

    CSV columns are the first row's keys, plus a trailing ``_extra`` column that holds, as JSON,
    any key a later row adds; nested values (objects, lists) are JSON text in their cell. Parquet
    (needs ``pyarrow``, the ``parquet`` extra) of a named extract has an explicit typed schema, the
    fields Zoom describes for that report (times as UTC timestamps, durations and counts as
    integers, nested values as JSON text) plus ``_extra`` for anything else, so query engines read
    the same types every day; other lists get the CSV columns with types inferred from the rows.

    :param dest: the file to write, a URL (``s3://bucket/zoom/participants/{{ ds }}.jsonl``) or an
        :class:`~airflow.sdk.ObjectStoragePath`.
    :param dest_conn_id: Airflow connection for the destination store.
    :param extract: a named extract; give this or ``endpoint``.
    :param endpoint: any list endpoint path, e.g. ``/report/webinars/{webinar_id}/participants``.
    :param items_key: the list's key in each page (with ``endpoint``).
    :param path_params: ids for the path's placeholders, e.g. ``{"webinar_id": "{{ params.webinar_id }}"}``.
    :param query_params: extra query parameters (``status``, ``type``, ...).
    :param from_: first day (inclusive); date-ranged extracts default to the run's data interval.
    :param to: last day (inclusive); default the day before the data interval's (exclusive) end.
    :param format: ``jsonl``, ``csv`` or ``parquet``; default from ``dest``'s suffix.
    :param compression: ``None`` or ``gzip`` (JSONL and CSV).
    :param max_results: stop after this many rows.
    :param date_partition: write to ``<dest's folder>/date=YYYY-MM-DD/<dest's name>``, the day being
        ``from_`` (default the data interval's first day), the layout engines read as a partition.
    :param zoom_conn_id: the Zoom connection.
    :return: ``{"path": str, "rows": int, "bytes": int}``.
    """

    template_fields: Sequence[str] = (
        "dest",
        "dest_conn_id",
        "extract",
        "endpoint",
        "items_key",
        "path_params",
        "query_params",
        "from_",
        "to",
        "format",
        "date_partition",
        "zoom_conn_id",
    )
    template_fields_renderers = {"path_params": "json", "query_params": "json"}
    ui_color = "#2D8CFF"

    def __init__(
        self,
        *,
        dest: Any,
        dest_conn_id: str | None = None,
        extract: str | None = None,
        endpoint: str | None = None,
        items_key: str | None = None,
        path_params: Mapping[str, Any] | None = None,
        query_params: Mapping[str, Any] | None = None,
        from_: dt.date | dt.datetime | str | None = None,
        to: dt.date | dt.datetime | str | None = None,
        format: str | None = None,
        compression: str | None = None,
        max_results: int | None = None,
        date_partition: bool = False,
        zoom_conn_id: str = DEFAULT_CONN_ID,
        **kwargs: Any,
    ) -> None:
        super().__init__(zoom_conn_id=zoom_conn_id, **kwargs)
        self.dest = dest
        self.dest_conn_id = dest_conn_id
        self.extract = extract
        self.endpoint = endpoint
        self.items_key = items_key
        self.path_params = dict(path_params or {})
        self.query_params = dict(query_params or {})
        self.from_ = from_
        self.to = to
        self.format = format
        self.compression = compression
        self.max_results = max_results
        self.date_partition = date_partition
        if extract and endpoint:
            raise ZoomConfigError("extract", "give extract or endpoint, not both")
        if not extract and not endpoint:
            raise ZoomConfigError("extract", "give a named extract or an endpoint with items_key")
        if endpoint and not items_key:
            raise ZoomConfigError("items_key", "required with endpoint (the list's key in each page)")
        if endpoint and "{{" not in endpoint and "{%" not in endpoint:
            check_endpoint(endpoint)
        if compression is not None and compression not in COMPRESSIONS:
            raise ZoomConfigError("compression", f"must be None or 'gzip', got {compression!r}")

    def _checked(self, context: Any) -> _ReportInputs:
        from airflow_provider_zoom._storage.objects import check_filesystem, resolve_dest
        from airflow_provider_zoom.hooks.extracts import WINDOW_NONE, extract_columns, get_extract

        dest = resolve_dest(self.dest, rendered_to_none(self.dest_conn_id))
        check_filesystem(dest)
        fmt = (str(self.format).strip().lower() if self.format else "") or format_from_suffix(dest.name)
        if fmt not in FORMATS:
            raise ZoomConfigError("format", f"must be one of {', '.join(FORMATS)}, got {self.format!r}")
        check_writable(fmt, self.compression)
        from_, to = rendered_to_none(self.from_), rendered_to_none(self.to)
        columns = extract_columns(self.extract) if self.extract and fmt == "parquet" else None
        ranged = bool(self.extract) and get_extract(str(self.extract)).window != WINDOW_NONE
        if ranged and from_ is None and to is None:
            from_, to = self.date_range(context, None, None)
        if check_bool("date_partition", self.date_partition):
            dest = self._date_partition(dest, from_, context)
        return _ReportInputs(dest=dest, format=fmt, from_=from_, to=to, columns=columns)

    def _date_partition(self, dest: Any, from_: Any, context: Any) -> Any:
        """``dest`` moved into a ``date=YYYY-MM-DD`` folder of its parent (Hive-style partition)."""
        if from_ is not None:
            day = self.date_range(context, from_, from_)[0]
        else:
            try:
                day = self.date_range(context, None, None)[0]
            except ZoomConfigError:
                raise ZoomConfigError(
                    "date_partition", "needs a day: give from_, or run it in a DAG run with a data interval"
                ) from None
        return dest.parent / f"date={day.isoformat()}" / dest.name

    def execute(self, context: Context) -> dict[str, Any]:
        from airflow_provider_zoom._storage.objects import atomic_write, storage_url

        checked = self._checked(context)
        dest = checked.dest
        hook = self.hook
        ids = {k: v for k, v in self.path_params.items() if v not in (None, "")}
        if self.extract:
            rows = hook.iter_extract(
                self.extract,
                from_=checked.from_,
                to=checked.to,
                params=self.query_params,
                max_results=self.max_results,
                **ids,
            )
            what = f"extract {self.extract}"
        else:
            rows = hook.iter_endpoint(
                check_endpoint(self.endpoint),
                require("items_key", self.items_key),
                self.query_params,
                checked.from_,
                checked.to,
                max_results=self.max_results,
                **ids,
            )
            what = f"endpoint {self.endpoint}"
        url = storage_url(dest)
        self.log.info("Writing %s as %s to %s.", what, checked.format, url)
        with atomic_write(dest) as handle:
            counter = CountingWriter(handle)
            count = write_rows(
                rows,
                cast("IO[bytes]", counter),  # write_rows only writes to it
                checked.format,
                compression=self.compression,
                columns=checked.columns,
            )
        self.log.info("Wrote %d row(s), %d bytes, to %s.", count, counter.bytes, url)
        self._lineage = {
            "api_path": self._api_path(ids),
            "dest_url": url,
            "rows": count,
            "size": counter.bytes,
            "columns": checked.columns,
        }
        return {"path": url, "rows": count, "bytes": counter.bytes}

    def _api_path(self, ids: Mapping[str, Any]) -> str:
        """The report's API path with its ids, naming the lineage input."""
        from airflow_provider_zoom.hooks.extracts import get_extract
        from airflow_provider_zoom.transfers._lineage import source_name

        if self.extract:
            spec = get_extract(self.extract)
            return source_name(spec.path, {**spec.defaults, **ids})
        return source_name(str(self.endpoint), ids)

    def get_openlineage_facets_on_complete(self, task_instance: Any) -> Any:
        """Lineage for the OpenLineage provider: the Zoom report in, the file out (rows, bytes, schema)."""
        from airflow_provider_zoom.transfers._lineage import report_lineage

        done = getattr(self, "_lineage", None)
        if not done:
            return None
        return report_lineage(zoom_conn_id=self.zoom_conn_id, **done)


__all__ = [
    "EXTRA_COLUMN",
    "FORMATS",
    "ZoomReportToObjectStorageOperator",
    "check_writable",
    "flatten_row",
    "write_rows",
]
