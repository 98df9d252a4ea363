"""Typed Parquet for the report extracts: one explicit Arrow schema per extract, through pyarrow."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import IO, Any

log = logging.getLogger(__name__)

#: The column kinds of the generated extract columns
#: (:func:`airflow_provider_zoom.hooks.extracts.extract_columns`), and ``float64`` for inferred ones.
KINDS = ("string", "int64", "float64", "bool", "timestamp", "date", "json")


def arrow_schema(columns: Mapping[str, str], extra_column: str) -> Any:
    """The Arrow schema of an extract: its typed columns in order, then the ``extra_column`` text."""
    import pyarrow as pa

    types = {
        "string": pa.string(),
        "json": pa.string(),
        "int64": pa.int64(),
        "float64": pa.float64(),
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


def typed_value(value: Any, kind: str, *, strict: bool = False) -> Any:
    """
    ``value`` as the Python value of a column of ``kind``; a private marker when it does not fit.

    :param strict: only a value of the very JSON type the column holds fits (an inferred column: a
        ``"12"`` or ``""`` in an integer column, or a number in a text column, is not converted).
    """
    if strict and value is not None and not _same_type(value, kind):
        return _MISFIT
    if value is None or (value == "" and kind not in ("string", "json")):
        return None
    convert = _CONVERTERS.get(kind)
    if convert is None:
        raise ValueError(f"columns: unknown kind {kind!r}")
    return convert(value)


def _json_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _string(value: Any) -> Any:
    if isinstance(value, str):
        return value
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else _MISFIT


def _int64(value: Any) -> Any:
    if isinstance(value, bool):
        return _MISFIT
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return _MISFIT


def _float64(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return _MISFIT
    # An integer too large for a double would come back another number.
    return float(value) if float(value) == value else _MISFIT


def _bool(value: Any) -> Any:
    return value if isinstance(value, bool) else _MISFIT


def _date(value: Any) -> Any:
    if not isinstance(value, str):
        return _MISFIT
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return _MISFIT


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


_CONVERTERS: dict[str, Callable[[Any], Any]] = {
    "json": _json_text,
    "string": _string,
    "int64": _int64,
    "float64": _float64,
    "bool": _bool,
    "timestamp": _timestamp,
    "date": _date,
}


def _same_type(value: Any, kind: str) -> bool:
    """Whether a JSON value is of the type an inferred column of ``kind`` holds."""
    if kind == "json":
        return True
    if isinstance(value, bool):
        return kind == "bool"
    if isinstance(value, int):
        return kind in ("int64", "float64")
    if isinstance(value, float):
        return kind == "float64"
    return isinstance(value, str) and kind == "string"


def infer_kinds(rows: Sequence[Any], names: Sequence[str]) -> dict[str, str]:
    """
    The column kinds of ``names`` from the values ``rows`` hold: booleans, integers, numbers (integers
    and fractions together), text; a column of objects or lists, or of mixed types, is JSON text;
    one with no value is text.
    """
    kinds: dict[str, str] = {}
    for name in names:
        seen = {kind for row in rows if isinstance(row, Mapping) and (kind := _json_kind(row.get(name)))}
        if not seen:
            kinds[name] = "string"
        elif len(seen) == 1:
            kinds[name] = seen.pop()
        else:
            kinds[name] = "float64" if seen == {"int64", "float64"} else "json"
    return kinds


def _json_kind(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int64"
    if isinstance(value, float):
        return "float64"
    return "string" if isinstance(value, str) else "json"


def typed_row(
    row: Any,
    columns: Mapping[str, str],
    extra_column: str,
    *,
    strict: bool = False,
    misfits: list[str] | None = None,
) -> dict[str, Any]:
    """
    One row for the schema: each column typed; keys beyond the columns, and values that do not fit
    their column's type (kept as Zoom sent them), go to ``extra_column`` as JSON. Nothing is lost.

    :param strict: see :func:`typed_value`.
    :param misfits: gets the names of the columns whose value went to ``extra_column``.
    """
    if not isinstance(row, Mapping):
        row = {"value": row}
    out: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for name, kind in columns.items():
        value = typed_value(row.get(name), kind, strict=strict)
        if value is _MISFIT:
            extra[name] = row.get(name)
            value = None
            if misfits is not None:
                misfits.append(name)
        out[name] = value
    extra.update({k: v for k, v in row.items() if k not in columns})
    out[extra_column] = json.dumps(extra, ensure_ascii=False, sort_keys=True, default=str) if extra else ""
    return out


def write_inferred_parquet(rows: Iterator[Any], handle: IO[bytes], extra_column: str, batch_size: int) -> int:
    """
    Write ``rows`` with columns inferred from the first ``batch_size`` rows (the first row's keys, typed
    by :func:`infer_kinds`); returns the count. A later value of another type than its column's
    (``2.5`` in an integer column, text in a number column, ``1`` in a boolean one, an object in a
    text one) is not converted: it goes, as sent, to ``extra_column``, its column left null, and
    the first such row of each column is logged with the field's name.
    """
    first = list(itertools.islice(rows, batch_size))
    if not first:
        return write_typed_parquet(iter(()), handle, {"value": "string"}, extra_column, batch_size)
    names = list(first[0].keys()) if isinstance(first[0], Mapping) else ["value"]
    kinds = infer_kinds(first, names)
    return write_typed_parquet(
        itertools.chain(first, rows), handle, kinds, extra_column, batch_size, strict=True
    )


def write_typed_parquet(
    rows: Iterator[Any],
    handle: IO[bytes],
    columns: Mapping[str, str],
    extra_column: str,
    batch_size: int,
    *,
    strict: bool = False,
) -> int:
    """Write ``rows`` with the extract's schema, ``batch_size`` rows per row group; returns the count."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = arrow_schema(columns, extra_column)
    count = 0
    batch: list[dict[str, Any]] = []
    reported: set[str] = set()
    with pq.ParquetWriter(handle, schema) as writer:
        for row in rows:
            misfits: list[str] = []
            batch.append(typed_row(row, columns, extra_column, strict=strict, misfits=misfits))
            count += 1
            for name in set(misfits) - reported:
                reported.add(name)
                log.warning(
                    "Row %d: field %r holds %s, which does not fit its %s column; kept as sent in %s "
                    "(later rows like it too).",
                    count,
                    name,
                    type(row.get(name)).__name__,
                    columns[name],
                    extra_column,
                )
            if len(batch) >= batch_size:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                batch.clear()
        # An empty extract still gets a file with the schema, so a query over it finds its columns.
        writer.write_table(pa.Table.from_pylist(batch, schema=schema))
    return count
