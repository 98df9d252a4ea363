"""Typed Parquet for the report extracts: one explicit Arrow schema per extract, through pyarrow."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping
from typing import IO, Any

#: The column kinds of the generated extract columns
#: (:func:`airflow_provider_zoom.hooks.extracts.extract_columns`).
KINDS = ("string", "int64", "bool", "timestamp", "date", "json")


def arrow_schema(columns: Mapping[str, str], extra_column: str) -> Any:
    """The Arrow schema of an extract: its typed columns in order, then the ``extra_column`` text."""
    import pyarrow as pa

    types = {
        "string": pa.string(),
        "json": pa.string(),
        "int64": pa.int64(),
        "bool": pa.bool_(),
        "timestamp": pa.timestamp("us", tz="UTC"),
        "date": pa.date32(),
    }
    unknown = sorted({kind for kind in columns.values() if kind not in types})
    if unknown:
        raise ValueError(f"columns: unknown kind(s) {', '.join(unknown)}; use {', '.join(KINDS)}")
    fields = [pa.field(name, types[kind]) for name, kind in columns.items()]
    return pa.schema([*fields, pa.field(extra_column, pa.string())])


_MISFIT = object()


def typed_value(value: Any, kind: str) -> Any:
    """``value`` as the Python value of a column of ``kind``; a private marker when it does not fit."""
    if value is None or (value == "" and kind not in ("string", "json")):
        return None
    if kind == "json":
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    if kind == "string":
        if isinstance(value, str):
            return value
        return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else _MISFIT
    if kind == "int64":
        if isinstance(value, bool):
            return _MISFIT
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            return int(value)
        return _MISFIT
    if kind == "bool":
        return value if isinstance(value, bool) else _MISFIT
    if kind == "timestamp":
        return _timestamp(value)
    if kind == "date":
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value[:10])
            except ValueError:
                return _MISFIT
        return _MISFIT
    raise ValueError(f"columns: unknown kind {kind!r}")


def _timestamp(value: Any) -> Any:
    if not isinstance(value, str):
        return _MISFIT
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        return _MISFIT
    # Zoom's report times are UTC; a time without an offset is taken as UTC too.
    return parsed.replace(tzinfo=dt.timezone.utc) if parsed.tzinfo is None else parsed


def typed_row(row: Any, columns: Mapping[str, str], extra_column: str) -> dict[str, Any]:
    """
    One row for the schema: each column typed; keys beyond the columns, and values that do not fit
    their column's type (kept as Zoom sent them), go to ``extra_column`` as JSON. Nothing is lost.
    """
    if not isinstance(row, Mapping):
        row = {"value": row}
    out: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for name, kind in columns.items():
        value = typed_value(row.get(name), kind)
        if value is _MISFIT:
            extra[name] = row.get(name)
            value = None
        out[name] = value
    extra.update({k: v for k, v in row.items() if k not in columns})
    out[extra_column] = json.dumps(extra, ensure_ascii=False, sort_keys=True, default=str) if extra else ""
    return out


def write_typed_parquet(
    rows: Iterator[Any], handle: IO[bytes], columns: Mapping[str, str], extra_column: str, batch_size: int
) -> int:
    """Write ``rows`` with the extract's schema, ``batch_size`` rows per row group; returns the count."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = arrow_schema(columns, extra_column)
    count = 0
    batch: list[dict[str, Any]] = []
    with pq.ParquetWriter(handle, schema) as writer:
        for row in rows:
            batch.append(typed_row(row, columns, extra_column))
            count += 1
            if len(batch) >= batch_size:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                batch.clear()
        # An empty extract still gets a file with the schema, so a query over it finds its columns.
        writer.write_table(pa.Table.from_pylist(batch, schema=schema))
    return count
