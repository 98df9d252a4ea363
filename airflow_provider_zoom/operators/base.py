"""What every Zoom operator shares: the connection, a cached hook, and date-range defaults."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any

from airflow.sdk import BaseOperator

from airflow_provider_zoom._http.dates import run_days
from airflow_provider_zoom.exceptions import ZoomConfigError
from airflow_provider_zoom.hooks.zoom import ZoomHook

if TYPE_CHECKING:
    from airflow.sdk import Context


class ZoomBaseOperator(BaseOperator):
    """
    Base for operators that call one Zoom action through :class:`~airflow_provider_zoom.hooks.zoom.ZoomHook`.

    :param zoom_conn_id: the Airflow connection of type ``zoom`` (templated).
    """

    template_fields: Sequence[str] = ("zoom_conn_id",)
    ui_color = "#2D8CFF"

    def __init__(self, *, zoom_conn_id: str = ZoomHook.default_conn_name, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.zoom_conn_id = zoom_conn_id

    @cached_property
    def hook(self) -> ZoomHook:
        return ZoomHook(zoom_conn_id=self.zoom_conn_id)

    def date_range(self, context: Context, from_: Any, to: Any) -> tuple[dt.date, dt.date]:
        """
        The inclusive day range to act on: ``from_``/``to`` when given, else the DAG run's data interval.

        See :func:`airflow_provider_zoom._http.dates.run_days`.
        """
        return run_days(context, from_, to)


def push_xcom(context: Context, operator: BaseOperator, key: str, value: Any) -> None:
    """Push an extra XCom (e.g. for an operator link) when the context has a task instance."""
    ti = context.get("ti") if hasattr(context, "get") else None
    if ti is not None and operator.do_xcom_push and value not in (None, ""):
        ti.xcom_push(key=key, value=value)


def check_max_results(value: Any) -> int | None:
    """``max_results`` after templating: a positive whole number, or None for everything."""
    from airflow_provider_zoom.hooks._resources._payloads import check_int

    return check_int("max_results", None if value == "" else value, minimum=1)


#: Rows a list operator returns through XCom by default; longer lists go to ``result_dest``.
DEFAULT_MAX_XCOM_ROWS = 1000


class ZoomListOperator(ZoomBaseOperator):
    """
    Base for operators that return a Zoom list: keeps their XCom small.

    The rows are returned through XCom (stored in Airflow's metadata database) only up to
    ``max_xcom_rows``; a longer list fails the task, before anything is pushed, with a message
    naming the options. With ``result_dest`` the rows are written to one file in object storage
    (JSONL, CSV or Parquet by its suffix, complete or not at all) and the XCom is just
    ``{"path", "rows", "bytes", "total_records"}``, whatever the list's length.

    :param result_dest: write the rows to this file (``s3://bucket/zoom/users/{{ ds }}.jsonl``) and
        return its path instead of the rows.
    :param result_dest_conn_id: Airflow connection for ``result_dest``'s store.
    :param max_xcom_rows: the most rows returned through XCom (default 1000); None for no bound.
    :param include_total_records: return ``{"items": [...], "total_records": n}``: Zoom's own count
        of the list across all pages (None where Zoom sends none), also when ``max_results`` stopped early.
    """

    template_fields: Sequence[str] = (
        *ZoomBaseOperator.template_fields,
        "result_dest",
        "result_dest_conn_id",
        "max_xcom_rows",
        "include_total_records",
    )

    def __init__(
        self,
        *,
        result_dest: Any = None,
        result_dest_conn_id: str | None = None,
        max_xcom_rows: int | str | None = DEFAULT_MAX_XCOM_ROWS,
        include_total_records: bool | str = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.result_dest = result_dest
        self.result_dest_conn_id = result_dest_conn_id
        self.max_xcom_rows = max_xcom_rows
        self.include_total_records = include_total_records

    def list_items(self, context: Context) -> Any:
        """The list: what the operator's Zoom action returns."""
        raise NotImplementedError

    def execute(self, context: Context) -> Any:
        from airflow_provider_zoom.hooks._resources._payloads import check_bool, check_int

        with_totals = check_bool("include_total_records", self.include_total_records)
        bound = check_int(
            "max_xcom_rows", None if self.max_xcom_rows in ("", "None") else self.max_xcom_rows, minimum=1
        )
        dest = self._result_dest()
        with self.hook.page_totals() as totals:
            rows = self.list_items(context)
        if dest is not None:
            return self._write_result(dest, rows, totals.total_records)
        if not isinstance(rows, list):
            return rows
        if bound is not None and len(rows) > bound:
            raise ZoomConfigError(
                "max_xcom_rows",
                f"the list has {len(rows)} rows, more than {bound} to return through XCom (the metadata "
                "database); set result_dest to write them to object storage, narrow it with max_results, "
                "or raise max_xcom_rows",
            )
        if with_totals:
            return {"items": rows, "total_records": totals.total_records}
        return rows

    def _result_dest(self) -> Any:
        from airflow_provider_zoom.transfers._storage import check_filesystem, resolve_dest
        from airflow_provider_zoom.transfers.reports import _format_from_suffix, check_writable

        if self.result_dest in (None, ""):
            return None
        dest = resolve_dest(self.result_dest, self.result_dest_conn_id or None, field="result_dest")
        check_filesystem(dest, field="result_dest")
        fmt = _format_from_suffix(dest.name)
        if not fmt:
            raise ZoomConfigError("result_dest", f"must end in .jsonl, .csv or .parquet, got {dest.name!r}")
        try:
            check_writable(fmt, _compression(dest.name), field="result_dest")
        except ZoomConfigError as err:
            raise ZoomConfigError("result_dest", err.problem) from None
        return dest

    def _write_result(self, dest: Any, rows: Any, total_records: int | None) -> dict[str, Any]:
        from airflow_provider_zoom.transfers._storage import atomic_write, storage_url
        from airflow_provider_zoom.transfers.reports import _CountingWriter, _format_from_suffix, write_rows

        name = dest.name.lower()
        with atomic_write(dest) as handle:
            counter = _CountingWriter(handle)
            count = write_rows(
                iter(rows if isinstance(rows, list) else [rows]),
                counter,
                _format_from_suffix(name),
                compression=_compression(name),
            )
        url = storage_url(dest)
        self.log.info("Wrote %d row(s), %d bytes, to %s.", count, counter.bytes, url)
        return {"path": url, "rows": count, "bytes": counter.bytes, "total_records": total_records}


def _compression(name: str) -> str | None:
    return "gzip" if name.lower().endswith(".gz") else None
