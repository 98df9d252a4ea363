"""Rows written to a binary file as JSONL, CSV or Parquet, one buffer in memory at a time."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping, Sequence
from typing import IO, Any

from airflow_provider_zoom.exceptions import ZoomConfigError

FORMATS = ("jsonl", "csv", "parquet")
COMPRESSIONS = ("gzip",)
#: CSV/Parquet column that holds, as JSON, the keys a row has beyond the first row's columns.
EXTRA_COLUMN = "_extra"
_SUFFIX_FORMATS = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".csv": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
}
_FLUSH_BYTES = 1 << 20
_PARQUET_BATCH = 10_000


def check_writable(fmt: str, compression: str | None, *, field: str = "format") -> None:
    """Refuse, naming ``field``, a format this installation cannot write (Parquet without pyarrow)."""
    if fmt != "parquet":
        return
    if compression:
        raise ZoomConfigError("compression", "Parquet compresses by itself; leave compression unset")
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise ZoomConfigError(
            field, "parquet needs the pyarrow package (the parquet extra); or write jsonl or csv"
        ) from None


def write_rows(
    rows: Iterator[Any],
    handle: IO[bytes],
    fmt: str,
    *,
    compression: str | None = None,
    columns: Mapping[str, str] | None = None,
) -> int:
    """
    Write ``rows`` to a binary handle in ``fmt``; returns the row count. Memory: one buffer.

    :param columns: Parquet's typed schema (field -> kind, see :mod:`.parquet`); None infers it.
    """
    import gzip

    if fmt == "parquet":
        if columns:
            from airflow_provider_zoom._storage.parquet import write_typed_parquet

            return write_typed_parquet(rows, handle, columns, EXTRA_COLUMN, _PARQUET_BATCH)
        return _write_parquet(rows, handle)
    target: IO[bytes] = handle
    zipped = None
    if compression == "gzip":
        zipped = gzip.GzipFile(fileobj=handle, mode="wb", mtime=0)
        target = zipped  # type: ignore[assignment]
    count = _write_jsonl(rows, target) if fmt == "jsonl" else _write_csv(rows, target)
    if zipped is not None:
        zipped.close()  # writes the gzip trailer; the underlying handle stays open
    return count


def _write_jsonl(rows: Iterator[Any], handle: IO[bytes]) -> int:
    buffer = io.BytesIO()
    count = 0
    for row in rows:
        buffer.write(json.dumps(row, ensure_ascii=False, separators=(",", ":"), default=str).encode())
        buffer.write(b"\n")
        count += 1
        if buffer.tell() >= _FLUSH_BYTES:
            handle.write(buffer.getvalue())
            buffer = io.BytesIO()
    handle.write(buffer.getvalue())
    return count


def flatten_row(row: Any, columns: Sequence[str]) -> list[Any]:
    """One CSV/Parquet row: the ``columns`` in order (nested values as JSON), then ``_extra``."""
    if not isinstance(row, dict):
        row = {"value": row}
    cells = [_cell(row.get(name)) for name in columns]
    extra = {k: v for k, v in row.items() if k not in columns}
    cells.append(json.dumps(extra, ensure_ascii=False, sort_keys=True, default=str) if extra else "")
    return cells


def _cell(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return value


def _write_csv(rows: Iterator[Any], handle: IO[bytes]) -> int:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    columns: list[str] | None = None
    count = 0
    for row in rows:
        if columns is None:
            columns = list(row.keys()) if isinstance(row, dict) else ["value"]
            writer.writerow([*columns, EXTRA_COLUMN])
        writer.writerow(flatten_row(row, columns))
        count += 1
        if text.tell() >= _FLUSH_BYTES:
            handle.write(text.getvalue().encode())
            text.seek(0)
            text.truncate()
    handle.write(text.getvalue().encode())
    return count


def _write_parquet(rows: Iterator[Any], handle: IO[bytes]) -> int:
    from airflow_provider_zoom._storage.parquet import write_inferred_parquet

    return write_inferred_parquet(rows, handle, EXTRA_COLUMN, _PARQUET_BATCH)


class CountingWriter:
    """A write-only wrapper that counts the bytes reaching the store."""

    def __init__(self, handle: IO[bytes]) -> None:
        self._handle = handle
        self.bytes = 0

    def write(self, data: bytes) -> int:
        self._handle.write(data)
        self.bytes += len(data)
        return len(data)

    def flush(self) -> None:
        pass

    def writable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.bytes

    @property
    def closed(self) -> bool:
        return False


def format_from_suffix(name: str) -> str:
    lowered = name.lower()
    if lowered.endswith(".gz"):
        lowered = lowered[:-3]
    for suffix, fmt in _SUFFIX_FORMATS.items():
        if lowered.endswith(suffix):
            return fmt
    return ""


__all__ = [
    "COMPRESSIONS",
    "EXTRA_COLUMN",
    "FORMATS",
    "CountingWriter",
    "check_writable",
    "flatten_row",
    "format_from_suffix",
    "write_rows",
]
