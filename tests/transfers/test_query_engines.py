"""The extracts and archive manifests as a user's query engine reads them: DuckDB over real files."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from airflow_provider_zoom._values.dates import utc_today
from airflow_provider_zoom.exceptions import ZoomConfigError
from airflow_provider_zoom.hooks.extracts import EXTRACTS, extract_columns
from airflow_provider_zoom.transfers.reports import EXTRA_COLUMN, ZoomReportToObjectStorageOperator

# Expectations follow the same clock the emulator seeds from; rerun under pinned clocks.
pytestmark = pytest.mark.clock

duckdb = pytest.importorskip("duckdb")
pytest.importorskip("pyarrow")

ROOT = Path(__file__).resolve().parents[2]
DUCK_TYPES = {
    "string": "VARCHAR",
    "json": "VARCHAR",
    "int64": "BIGINT",
    "bool": "BOOLEAN",
    "timestamp": "TIMESTAMP WITH TIME ZONE",
    "date": "DATE",
}


@pytest.fixture
def zoom(emulated_zoom):
    return emulated_zoom


def webinar_ref(zoom) -> str:
    [webinar] = zoom.state.past_webinars.values()
    return webinar.get("uuid") or str(webinar["id"])


def write(dest: str, **kwargs) -> dict:
    return ZoomReportToObjectStorageOperator(task_id="extract", dest=dest, **kwargs).execute(context={})


def rows_of(sql: str) -> list[tuple]:
    with duckdb.connect() as con:
        return con.execute(sql).fetchall()


def one(sql: str) -> tuple:
    [row] = rows_of(sql)
    return row


def columns_of(sql: str) -> dict[str, str]:
    return {row[0]: row[1] for row in rows_of(f"DESCRIBE {sql}")}


def test_participants_in_parquet_csv_and_jsonl_read_alike(zoom, tmp_path):
    from airflow_provider_zoom.hooks.zoom import ZoomHook

    ref = webinar_ref(zoom)
    zoom_rows = list(ZoomHook().iter_extract("webinar_participants", webinar_id=ref))
    assert zoom_rows, "the emulator seeds participants for its past webinar"
    results = {
        fmt: write(
            f"file://{tmp_path}/p.{fmt}", extract="webinar_participants", path_params={"webinar_id": ref}
        )
        for fmt in ("parquet", "csv", "jsonl")
    }
    for fmt, result in results.items():
        assert result["rows"] == len(zoom_rows), fmt
        assert result["bytes"] == (tmp_path / f"p.{fmt}").stat().st_size, fmt

    parquet = f"read_parquet('{tmp_path}/p.parquet')"
    sources = {
        "parquet": parquet,
        "csv": f"read_csv('{tmp_path}/p.csv')",
        "jsonl": f"read_json('{tmp_path}/p.jsonl')",
    }
    for fmt, source in sources.items():
        assert one(f"SELECT count(*) FROM {source}")[0] == len(zoom_rows), fmt
    total = sum(r["duration"] for r in zoom_rows)
    for fmt, source in sources.items():
        assert one(f"SELECT sum(duration) FROM {source}")[0] == total, fmt

    # Parquet carries the schema Zoom describes for the report, whatever the rows happen to hold;
    # CSV leaves types to the engine's guess (ids that look numeric come back as numbers).
    typed = columns_of(f"SELECT * FROM {parquet}")
    expected = extract_columns("webinar_participants")
    assert list(typed) == [*expected, EXTRA_COLUMN]
    assert {name: typed[name] for name in expected} == {n: DUCK_TYPES[k] for n, k in expected.items()}
    assert typed["join_time"] == "TIMESTAMP WITH TIME ZONE" and typed["duration"] == "BIGINT"
    assert typed["user_id"] == "VARCHAR"
    first = min(dt.datetime.fromisoformat(r["join_time"].replace("Z", "+00:00")) for r in zoom_rows)
    got = one(f"SELECT min(join_time) FROM {parquet}")[0]
    assert got == first
    # Keys Zoom sends beyond its description are kept, as JSON, in _extra.
    described = set(expected)
    extras = {k for r in zoom_rows for k in r if k not in described}
    if extras:
        kept = rows_of(f"SELECT {EXTRA_COLUMN} FROM {parquet}")
        assert all(set(json.loads(cell)) <= extras for (cell,) in kept if cell)
        assert any(cell for (cell,) in kept)


def test_meetings_report_partitioned_by_date_reads_as_a_hive_partition(zoom, tmp_path):
    seeded = sorted({m["_start"].date() for m in zoom.state.past_meetings.values()})
    days = [seeded[0], seeded[-1]]
    counts = {}
    for day in days:
        result = write(
            f"file://{tmp_path}/meetings/meetings.parquet",
            extract="meetings_report",
            from_=day.isoformat(),
            to=day.isoformat(),
            date_partition=True,
        )
        assert result["path"] == f"file://{tmp_path}/meetings/date={day.isoformat()}/meetings.parquet"
        counts[day] = result["rows"]
    assert sum(counts.values()) > 0
    rows = rows_of(
        f"SELECT date, count(*) FROM read_parquet('{tmp_path}/meetings/*/meetings.parquet', "
        "hive_partitioning = true) GROUP BY date ORDER BY date"
    )
    assert {d: n for d, n in rows} == {d: n for d, n in counts.items() if n}
    schema = columns_of(f"SELECT * FROM read_parquet('{tmp_path}/meetings/*/meetings.parquet')")
    assert schema["start_time"] == "TIMESTAMP WITH TIME ZONE"
    assert (
        schema["duration"] == "BIGINT" and schema["id"] == "BIGINT" and schema["has_recording"] == "BOOLEAN"
    )


def test_an_empty_extract_is_a_parquet_file_with_the_schema(zoom, tmp_path):
    # Within Zoom's six months of reports, long before the emulator's seeded meetings.
    day = (utc_today() - dt.timedelta(days=120)).isoformat()
    write(
        f"file://{tmp_path}/none.parquet",
        extract="meetings_report",
        from_=day,
        to=day,
    )
    source = f"read_parquet('{tmp_path}/none.parquet')"
    assert one(f"SELECT count(*) FROM {source}")[0] == 0
    assert columns_of(f"SELECT * FROM {source}")["duration"] == "BIGINT"


def test_archive_manifests_read_with_duckdb(zoom, tmp_path):
    from airflow_provider_zoom.transfers.recordings import ZoomRecordingsToObjectStorageOperator

    meetings = [m for m in zoom.state.past_meetings.values() if m.get("_recording")]
    day = max(m["_start"].date() for m in meetings)
    rows = ZoomRecordingsToObjectStorageOperator(
        task_id="archive", dest=f"file://{tmp_path}/archive/", from_=day.isoformat(), to=day.isoformat()
    ).execute(context={})
    archived = [r for r in rows if r["status"] == "archived"]
    assert archived
    manifests = f"read_json('{tmp_path}/archive/**/zoom-manifest-*.json')"
    files = f"(SELECT meeting_uuid, unnest(files, recursive := true) FROM {manifests})"
    count, size = one(f"SELECT count(*), sum(size) FROM {files}")
    assert count == len(archived)
    assert size == sum(r["bytes"] for r in archived)
    types = columns_of(f"SELECT * FROM {files}")
    assert types["size"] == "BIGINT" and types["sha256"] == "VARCHAR"
    by_meeting = dict(rows_of(f"SELECT meeting_uuid, count(*) FROM {files} GROUP BY 1"))
    assert by_meeting == {u: sum(1 for r in archived if r["meeting_uuid"] == u) for u in by_meeting}


def test_values_that_do_not_fit_their_column_are_kept_in_extra():
    from airflow_provider_zoom._storage.parquet import typed_row

    columns = {"join_time": "timestamp", "duration": "int64", "failover": "bool", "name": "string"}
    row = typed_row(
        {"join_time": "not a time", "duration": "12", "failover": "yes", "name": 7, "new": [1]},
        columns,
        EXTRA_COLUMN,
    )
    assert row["join_time"] is None and row["failover"] is None
    assert row["duration"] == 12 and row["name"] == "7"
    assert json.loads(row[EXTRA_COLUMN]) == {"join_time": "not a time", "failover": "yes", "new": [1]}
    clean = typed_row({"join_time": "2024-03-01T10:00:00Z", "duration": 5.0}, columns, EXTRA_COLUMN)
    assert clean["join_time"] == dt.datetime(2024, 3, 1, 10, tzinfo=dt.timezone.utc)
    assert clean["duration"] == 5 and clean[EXTRA_COLUMN] == ""


@pytest.mark.parametrize("value", [True, "sometimes"])
def test_date_partition_without_a_day_or_not_a_bool_names_the_field(zoom, tmp_path, value):
    op = ZoomReportToObjectStorageOperator(
        task_id="x",
        dest=f"file://{tmp_path}/p.parquet",
        extract="webinar_participants",
        path_params={"webinar_id": webinar_ref(zoom)},
        date_partition=value,
    )
    with pytest.raises(ZoomConfigError) as err:
        op.execute(context={})
    assert err.value.field == "date_partition"
    assert not any(tmp_path.iterdir())


def test_the_column_table_is_what_the_tool_distils_from_zoom_s_description():
    """The typed columns are written once, generated from Zoom's API description."""
    spec = next(
        (
            p / "zoom-api" / "zoom-meetings-api-spec" / "components.ts"
            for p in (ROOT.parent / "shared", ROOT.parents[1] / "shared", Path("/work/shared"))
            if (p / "zoom-api" / "zoom-meetings-api-spec" / "components.ts").is_file()
        ),
        None,
    )
    if spec is None:
        pytest.skip("Zoom's API description is not beside the repository")
    import importlib.util

    loader = importlib.util.spec_from_file_location("distil", ROOT / "tools" / "distil_extract_columns.py")
    tool = importlib.util.module_from_spec(loader)
    loader.loader.exec_module(tool)
    generated = tool.render(tool.distil(spec.read_text()))
    assert generated == (ROOT / "airflow_provider_zoom/hooks/_extract_columns.py").read_text()
    assert set(tool.distil(spec.read_text())) <= set(EXTRACTS)
