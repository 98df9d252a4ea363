"""ZoomReportToObjectStorageOperator and the hook's named extracts, against a fake Zoom."""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import sys
from urllib.parse import parse_qs, urlsplit

import pytest

from airflow_provider_zoom._http.paths import api_path
from airflow_provider_zoom.exceptions import ZoomConfigError, ZoomNotFoundError
from airflow_provider_zoom.hooks.extracts import EXTRACTS
from airflow_provider_zoom.hooks.zoom import ZoomHook
from airflow_provider_zoom.transfers.reports import ZoomReportToObjectStorageOperator, flatten_row
from tests.conftest import API
from tests.transfers.conftest import OAUTH_TOKEN

TOKEN_URL = "https://zoom.test/oauth/token"


@pytest.fixture
def report_zoom(requests_mock, zoom_conn):
    """``/report/users/me/meetings``: two pages per window, rows dated inside the window."""
    requests_mock.post(TOKEN_URL, json={"access_token": OAUTH_TOKEN, "expires_in": 3600})
    windows: list[tuple[str, str]] = []

    def meetings(request, context):
        query = {k: v[0] for k, v in parse_qs(urlsplit(request.url).query).items()}
        page = int(query.get("next_page_token", "0") or 0)
        if page == 0:
            windows.append((query["from"], query["to"]))
        base = len(windows) * 100
        rows = [
            {
                "uuid": f"u{base + page * 10 + i}",
                "id": base + i,
                "topic": f"T{i}",
                "start_time": query["from"],
            }
            for i in range(3)
        ]
        if page == 1:
            rows[0]["late_key"] = {"nested": [1, 2]}  # a key the first row did not have
        return {"meetings": rows, "next_page_token": "" if page else "1", "page_size": 3}

    requests_mock.get(re.compile(re.escape(API) + r"/report/users/me/meetings"), json=meetings)
    return windows


def _uuids(data: bytes, fmt: str) -> list[str]:
    """The ``uuid`` column of an extract, read back with each format's own reader."""
    if fmt == "csv":
        return [row["uuid"] for row in csv.DictReader(io.StringIO(data.decode()))]
    if fmt == "parquet":
        import pyarrow.parquet as pq

        return pq.read_table(io.BytesIO(data)).column("uuid").to_pylist()
    return [json.loads(line)["uuid"] for line in data.decode().splitlines()]


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_meetings_report_over_three_months_writes_every_row(report_zoom, dest, fmt):
    name = f"meetings.{fmt}"
    op = ZoomReportToObjectStorageOperator(
        task_id="r",
        dest=dest.url + name,
        dest_conn_id=dest.conn_id,
        extract="meetings_report",
        from_="2024-01-15",
        to="2024-04-10",
    )
    result = op.execute(context={})
    assert report_zoom == [
        ("2024-01-15", "2024-02-14"),
        ("2024-02-15", "2024-03-14"),
        ("2024-03-15", "2024-04-10"),
    ]
    data = dest.read(name)
    uuids = _uuids(data, fmt)
    assert result["rows"] == len(uuids) == 18  # 3 windows x 2 pages x 3 rows
    assert len(set(uuids)) == 18
    assert result["bytes"] == len(data)
    assert result["path"] == dest.url + name
    assert dest.list_keys() == [name]


def test_csv_keeps_first_row_columns_and_puts_late_keys_in_extra(report_zoom, tmp_path):
    op = ZoomReportToObjectStorageOperator(
        task_id="r",
        dest=f"file://{tmp_path}/m.csv",
        extract="meetings_report",
        from_="2024-01-01",
        to="2024-02-10",
    )
    assert op.execute(context={})["rows"] == 12
    rows = list(csv.reader(io.StringIO((tmp_path / "m.csv").read_text())))
    assert rows[0] == ["uuid", "id", "topic", "start_time", "_extra"]
    assert len(rows) == 13
    late = [r for r in rows[1:] if r[4]]
    assert len(late) == 2 and json.loads(late[0][4]) == {"late_key": {"nested": [1, 2]}}


def test_gzip_jsonl(report_zoom, tmp_path):
    op = ZoomReportToObjectStorageOperator(
        task_id="r",
        dest=f"file://{tmp_path}/m.jsonl.gz",
        extract="meetings_report",
        from_="2024-01-01",
        to="2024-01-31",
        compression="gzip",
    )
    assert op.execute(context={})["rows"] == 6
    assert len(gzip.decompress((tmp_path / "m.jsonl.gz").read_bytes()).splitlines()) == 6


def test_failed_extract_leaves_nothing_at_the_destination(report_zoom, requests_mock, dest):
    calls = {"n": 0}

    def flaky(request, context):
        calls["n"] += 1
        if calls["n"] > 3:  # the second window's second page
            context.status_code = 404
            return {"code": 3001, "message": "Meeting does not exist."}
        page = "next_page_token" in request.url
        return {"meetings": [{"uuid": f"x{calls['n']}"}], "next_page_token": "" if page else "1"}

    requests_mock.get(re.compile(re.escape(API) + r"/report/users/me/meetings"), json=flaky)
    # A previous good file must survive a failed rewrite untouched.
    from airflow.sdk import ObjectStoragePath

    ObjectStoragePath(dest.url + "m.csv", conn_id=dest.conn_id).write_bytes(b"old,good\n")
    op = ZoomReportToObjectStorageOperator(
        task_id="r",
        dest=dest.url + "m.csv",
        dest_conn_id=dest.conn_id,
        extract="meetings_report",
        from_="2024-01-01",
        to="2024-03-31",
    )
    with pytest.raises(ZoomNotFoundError):
        op.execute(context={})
    assert calls["n"] == 4
    assert dest.list_keys() == ["m.csv"]
    assert dest.read("m.csv") == b"old,good\n"


def test_default_range_is_the_data_interval(report_zoom, tmp_path):
    import datetime as dt

    op = ZoomReportToObjectStorageOperator(
        task_id="r", dest=f"file://{tmp_path}/m.jsonl", extract="meetings_report"
    )
    op.execute(
        context={
            "data_interval_start": dt.datetime(2024, 5, 1, tzinfo=dt.timezone.utc),
            "data_interval_end": dt.datetime(2024, 6, 1, tzinfo=dt.timezone.utc),
        }
    )
    assert report_zoom == [("2024-05-01", "2024-05-31")]


def test_generic_endpoint_with_path_params(requests_mock, zoom_conn, tmp_path):
    requests_mock.post(TOKEN_URL, json={"access_token": OAUTH_TOKEN, "expires_in": 3600})
    # The id is encoded by the hook's rule (UUIDs holding "/" are encoded twice).
    path = api_path("/past_webinars/{webinar_id}/participants", webinar_id="ab/c+dKp3Wq9LmNrTuVwXy==")
    assert "ab/" not in path
    route = requests_mock.get(
        f"{API}{path}",
        json={"participants": [{"id": "p1"}, {"id": "p2"}], "next_page_token": ""},
    )
    op = ZoomReportToObjectStorageOperator(
        task_id="r",
        dest=f"file://{tmp_path}/p.jsonl",
        endpoint="/past_webinars/{webinar_id}/participants",
        items_key="participants",
        path_params={"webinar_id": "ab/c+dKp3Wq9LmNrTuVwXy=="},
    )
    assert op.execute(context={})["rows"] == 2
    assert route.called_once


def test_named_webinar_extracts_hit_their_endpoints(requests_mock, zoom_conn):
    requests_mock.post(TOKEN_URL, json={"access_token": OAUTH_TOKEN, "expires_in": 3600})
    hook = ZoomHook()
    for name, path, key in [
        ("webinar_participants", "/report/webinars/9/participants", "participants"),
        ("webinar_registrants", "/webinars/9/registrants", "registrants"),
        ("webinar_polls", "/report/webinars/9/polls", "questions"),
        ("webinar_qa", "/report/webinars/9/qa", "questions"),
    ]:
        requests_mock.get(f"{API}{path}", json={key: [{"n": name}]})
        assert list(hook.iter_extract(name, webinar_id=9)) == [{"n": name}]


def test_daily_usage_walks_months_and_trims_to_the_range(requests_mock, zoom_conn):
    requests_mock.post(TOKEN_URL, json={"access_token": OAUTH_TOKEN, "expires_in": 3600})

    def daily(request, context):
        q = {k: int(v[0]) for k, v in parse_qs(urlsplit(request.url).query).items()}
        return {
            "dates": [{"date": f"{q['year']}-{q['month']:02d}-{d:02d}", "meetings": d} for d in (1, 15, 28)]
        }

    requests_mock.get(f"{API}/report/daily", json=daily)
    rows = list(ZoomHook().iter_extract("daily_usage", from_="2024-01-10", to="2024-02-20"))
    assert [r["date"] for r in rows] == ["2024-01-15", "2024-01-28", "2024-02-01", "2024-02-15"]


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda h: h.iter_extract("nope"), "extract"),
        (lambda h: h.iter_extract("webinar_qa"), "webinar_id"),
        (lambda h: h.iter_extract("webinar_qa", webinar_id=1, meeting_id=2), "meeting_id"),
        (lambda h: h.iter_extract("meetings_report"), "from_"),
        (lambda h: h.iter_extract("users", from_="2024-01-01"), "from_"),
        (lambda h: h.iter_extract("account_recordings", to="2024-01-01"), "from_"),
        (lambda h: h.iter_endpoint("", "x"), "endpoint"),
    ],
)
def test_extract_input_errors_before_any_request(requests_mock, zoom_conn, call, field):
    with pytest.raises(ZoomConfigError) as err:
        next(iter(call(ZoomHook())))
    assert err.value.field == field
    assert requests_mock.request_history == []


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"dest": "file:///tmp/x.txt", "extract": "users"}, "format"),
        ({"dest": "file:///tmp/x.parquet", "extract": "users"}, "format"),  # without pyarrow
        ({"dest": "file:///tmp/x.csv", "extract": "users", "format": "xml"}, "format"),
        ({"dest": "no-scheme.csv", "extract": "users"}, "dest"),
    ],
)
def test_report_operator_input_errors(requests_mock, zoom_conn, monkeypatch, kwargs, field):
    if kwargs["dest"].endswith(".parquet"):
        monkeypatch.setitem(sys.modules, "pyarrow", None)  # as if the parquet extra were not installed
    op = ZoomReportToObjectStorageOperator(task_id="r", **kwargs)
    with pytest.raises(ZoomConfigError) as err:
        op.execute(context={})
    assert err.value.field == field
    assert requests_mock.request_history == []


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"extract": "users", "endpoint": "/users"}, "extract"),
        ({}, "extract"),
        ({"endpoint": "/users"}, "items_key"),
        ({"extract": "users", "compression": "zip"}, "compression"),
    ],
)
def test_report_operator_argument_errors_at_parse_time(kwargs, field):
    with pytest.raises(ZoomConfigError) as err:
        ZoomReportToObjectStorageOperator(task_id="r", dest="file:///tmp/x.csv", **kwargs)
    assert err.value.field == field


def test_flatten_row_and_extract_table():
    assert flatten_row({"a": 1, "b": {"c": 2}, "z": 3}, ["a", "b"]) == [1, '{"c": 2}', '{"z": 3}']
    assert {"webinar_participants", "webinar_registrants", "webinar_polls", "webinar_qa"} <= set(EXTRACTS)
    assert {"meeting_participants", "meetings_report", "users", "daily_usage", "account_recordings"} <= set(
        EXTRACTS
    )


# ---------------------------------------------------------------------- Parquet: no value changes silently
LATE_CHANGES = {
    "int_to_float": ({"score": 1}, {"score": 2.5}),
    "int_to_text": ({"score": 1}, {"score": "high"}),
    "int_to_digits": ({"score": 1}, {"score": "12"}),
    "bool_to_int": ({"ok": True}, {"ok": 1}),
    "int_to_bool": ({"count": 3}, {"count": False}),
    "text_to_number": ({"name": "Ada"}, {"name": 7}),
    "text_to_nested": ({"name": "Ada"}, {"name": {"first": "Ada"}}),
    "nested_to_text": ({"tags": ["a"]}, {"tags": "a"}),
    "float_to_big_int": ({"size": 0.5}, {"size": 2**60 + 1}),
}


def _read_back(data: bytes) -> list[dict]:
    import pyarrow.parquet as pq

    return pq.read_table(io.BytesIO(data)).to_pylist()


def _as_sent(row: dict, kinds: dict, name: str):
    """A value read back: from its column (JSON text decoded for a JSON column), else from _extra."""
    extra = json.loads(row["_extra"]) if row["_extra"] else {}
    if name in extra:
        assert row[name] is None
        return extra[name]
    return json.loads(row[name]) if kinds[name] == "json" else row[name]


@pytest.mark.parametrize("first, late", LATE_CHANGES.values(), ids=LATE_CHANGES.keys())
def test_parquet_keeps_every_late_value_as_sent(monkeypatch, first, late, caplog):
    from airflow_provider_zoom._storage import rows as writers
    from airflow_provider_zoom._storage.parquet import infer_kinds

    monkeypatch.setattr(writers, "_PARQUET_BATCH", 3)  # the schema comes from the first 3 rows
    rows = [{"id": i, **first} for i in range(3)] + [{"id": 3, **late}, {"id": 4, **first}]
    buffer = io.BytesIO()
    assert writers.write_rows(iter(rows), buffer, "parquet") == 5
    back = _read_back(buffer.getvalue())
    kinds = infer_kinds(rows[:3], list(rows[0]))
    [name] = first
    for sent, got in zip(rows, back, strict=True):
        value = _as_sent(got, kinds, name)
        assert value == sent[name] and type(value) is type(sent[name]), (sent, got)
    if kinds[name] != "json":  # a JSON column holds any value as JSON text; others do not convert it
        assert back[3][name] is None
        assert f"Row 4: field '{name}'" in caplog.text


def test_parquet_infers_numbers_and_mixed_columns_from_the_first_rows(monkeypatch):
    import pyarrow.parquet as pq

    from airflow_provider_zoom._storage import rows as writers

    monkeypatch.setattr(writers, "_PARQUET_BATCH", 3)
    rows = [{"n": 1, "mixed": 1}, {"n": 2.5, "mixed": "two"}, {"n": 3, "mixed": None}, {"n": 4, "mixed": [4]}]
    buffer = io.BytesIO()
    writers.write_rows(iter(rows), buffer, "parquet")
    table = pq.read_table(io.BytesIO(buffer.getvalue()))
    assert str(table.schema.field("n").type) == "double"
    assert table.column("n").to_pylist() == [1.0, 2.5, 3.0, 4.0]
    assert [None if v is None else json.loads(v) for v in table.column("mixed").to_pylist()] == [
        1,
        "two",
        None,
        [4],
    ]
