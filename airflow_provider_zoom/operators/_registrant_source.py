"""Read registrants from a CSV or JSON Lines file in object storage, checking every row."""

from __future__ import annotations

import csv
import io
import json
import logging
from collections.abc import Iterator
from typing import Any

from airflow_provider_zoom.exceptions import ZoomConfigError
from airflow_provider_zoom.validation import (
    BATCH_REGISTRANT_FIELDS,
    MEETING,
    build_registrant,
)

log = logging.getLogger(__name__)

SOURCE_FORMATS = ("csv", "jsonl")


def source_format(source: str, given: str | None) -> str:
    """The file's format: ``source_format`` when given, else from the suffix (.csv, .jsonl, .ndjson)."""
    if given:
        if given not in SOURCE_FORMATS:
            raise ZoomConfigError("source_format", f"must be 'csv' or 'jsonl', got {given!r}")
        return given
    name = source.lower().split("?", 1)[0]
    if name.endswith(".csv"):
        return "csv"
    if name.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    raise ZoomConfigError("source_format", f"cannot tell the format of {source!r}; set 'csv' or 'jsonl'")


def _raw_rows(handle: io.TextIOBase, fmt: str) -> Iterator[tuple[int, Any]]:
    """Yield (row number as a person counts it in the file, row) without loading the file."""
    # readline, not iteration: Airflow 3.0's object-storage file wrapper does not forward __iter__.
    lines = iter(handle.readline, "")
    if fmt == "csv":
        reader = csv.DictReader(lines)
        if reader.fieldnames is None:
            return
        reader.fieldnames = [(name or "").strip().lower() for name in reader.fieldnames]
        for row in reader:
            # line_num counts physical lines, so quoted multi-line cells still give the right row.
            yield reader.line_num, row
        return
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as err:
            raise ZoomConfigError("source", f"line {number} is not valid JSON ({err.msg})") from None


def read_registrants(
    source: str, *, conn_id: str | None = None, fmt: str | None = None, kind: str = MEETING
) -> list[dict[str, Any]]:
    """
    Stream ``source`` row by row and return the checked registrants (email, first_name, last_name).

    The first bad row stops the read with an error naming the row and the field, so nothing is sent
    to Zoom from a file with a bad row. Only the three fields Zoom's batch call takes are kept in memory.
    """
    from airflow.sdk import ObjectStoragePath

    fmt = source_format(source, fmt)
    path = ObjectStoragePath(source, conn_id=conn_id) if conn_id else ObjectStoragePath(source)
    rows: list[dict[str, Any]] = []
    ignored: set[str] = set()
    with path.open("r", encoding="utf-8-sig", newline="") as handle:
        for number, raw in _raw_rows(handle, fmt):
            if not isinstance(raw, dict):
                raise ZoomConfigError("source", f"row {number} of {source} is not an object")
            cleaned = {
                str(k).strip(): (v.strip() if isinstance(v, str) else v)
                for k, v in raw.items()
                if k is not None
            }
            ignored.update(k for k, v in cleaned.items() if k not in BATCH_REGISTRANT_FIELDS and v)
            try:
                rows.append(build_registrant(cleaned, kind=kind, batch=True, drop_unknown=True))
            except ZoomConfigError as err:
                raise ZoomConfigError(err.field, f"row {number} of {source}: {err.problem}") from None
    if ignored:
        log.warning(
            "Zoom's batch registration takes only %s; ignored column(s): %s.",
            ", ".join(BATCH_REGISTRANT_FIELDS),
            ", ".join(sorted(ignored)),
        )
    return rows
