"""List operators keep their XCom small: a bound by default, object storage on request, Zoom's totals."""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
import sys
from types import SimpleNamespace

import pytest

from airflow_provider_zoom.exceptions import ZoomConfigError
from airflow_provider_zoom.hooks.zoom import ZoomHook
from airflow_provider_zoom.operators.base import DEFAULT_MAX_XCOM_ROWS, ZoomBaseOperator, ZoomListOperator
from airflow_provider_zoom.operators.registrants import ZoomListWebinarRegistrantsOperator
from airflow_provider_zoom.operators.users import ZoomListUsersOperator


@pytest.fixture
def users(zoom_api):
    """``GET /users``: 7 users in pages of 3, with Zoom's ``total_records`` on every page."""
    people = [{"id": f"u{i}", "email": f"user{i}@example.com", "type": 1} for i in range(7)]

    def page(request, context):
        start = int(zoom_api.query(request).get("next_page_token") or 0)
        rows = people[start : start + 3]
        token = str(start + 3) if start + 3 < len(people) else ""
        return {"users": rows, "next_page_token": token, "page_size": 3, "total_records": len(people)}

    zoom_api.register("GET", "/users", json=page)
    return people


def test_every_list_operator_shares_the_bound_and_the_options():
    import airflow_provider_zoom.operators as package

    lists = []
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if (
                name.startswith("ZoomList")
                and cls.__module__ == module.__name__
                and cls is not ZoomListOperator
            ):
                lists.append(cls)
    returning_rows = [c for c in lists if issubclass(c, ZoomListOperator)]
    assert len(returning_rows) >= 20
    for cls in returning_rows:
        assert "list[" in _returns(cls, "list_items"), cls.__name__
        assert {"result_dest", "max_xcom_rows", "include_total_records"} <= set(cls.template_fields), cls
    for cls in set(lists) - set(returning_rows):  # the polls lists answer one object, not rows
        assert "dict[" in _returns(cls, "execute"), cls.__name__
    assert ZoomListUsersOperator(task_id="u").max_xcom_rows == DEFAULT_MAX_XCOM_ROWS == 1000


def _returns(cls, method: str) -> str:
    """What the operator returns: its own method's annotation, or its hook method's."""
    stop = next(i for i, k in enumerate(cls.__mro__) if k in (ZoomListOperator, ZoomBaseOperator))
    if cls.hook_method and not any(method in vars(k) for k in cls.__mro__[:stop]):
        return str(inspect.signature(getattr(ZoomHook, cls.hook_method)).return_annotation)
    return str(inspect.signature(getattr(cls, method)).return_annotation)


def test_short_lists_come_back_as_before(users):
    assert ZoomListUsersOperator(task_id="u").execute(context={}) == users


def test_a_list_longer_than_the_bound_fails_before_anything_reaches_xcom(users):
    op = ZoomListUsersOperator(task_id="u", max_xcom_rows=5)
    with pytest.raises(ZoomConfigError) as err:
        op.execute(context={})
    assert err.value.field == "max_xcom_rows"
    assert "7 rows" in str(err.value) and "result_dest" in str(err.value)
    assert ZoomListUsersOperator(task_id="u", max_xcom_rows="None").execute(context={}) == users


def test_result_dest_writes_the_rows_and_returns_only_their_path(users, tmp_path):
    op = ZoomListUsersOperator(task_id="u", result_dest=f"file://{tmp_path}/users/all.jsonl", max_xcom_rows=2)
    result = op.execute(context={})
    path = tmp_path / "users" / "all.jsonl"
    assert result == {
        "path": f"file://{path}",
        "rows": 7,
        "bytes": path.stat().st_size,
        "total_records": 7,
    }
    assert [json.loads(line) for line in path.read_text().splitlines()] == users
    assert len(json.dumps(result)) < 200


def test_result_dest_as_csv(users, tmp_path):
    import csv

    ZoomListUsersOperator(task_id="u", result_dest=f"file://{tmp_path}/users.csv").execute(context={})
    with open(tmp_path / "users.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["email"] for r in rows] == [u["email"] for u in users]


def test_total_records_is_zoom_s_count_even_when_max_results_stops_early(users, zoom_api):
    op = ZoomListUsersOperator(task_id="u", max_results=2, include_total_records="True")
    assert op.execute(context={}) == {"items": users[:2], "total_records": 7}
    assert len(zoom_api.calls) == 1  # one page was enough


def test_total_records_is_none_where_zoom_sends_none(zoom_api):
    zoom_api.register(
        "GET", "/webinars/9/registrants", json={"registrants": [{"id": "r1"}], "next_page_token": ""}
    )
    op = ZoomListWebinarRegistrantsOperator(task_id="r", webinar_id=9, include_total_records=True)
    assert op.execute(context={}) == {"items": [{"id": "r1"}], "total_records": None}


@pytest.mark.parametrize(
    ("dest", "problem"),
    [
        ("file:///tmp/users.txt", "must end in"),
        ("no-scheme.jsonl", "scheme"),
        ("nosuchfs://bucket/users.jsonl", "nosuchfs"),
        ("file:///tmp/users.parquet.gz", "compresses by itself"),
    ],
)
def test_bad_result_dest_is_refused_before_any_call(zoom_api, dest, problem):
    with pytest.raises(ZoomConfigError) as err:
        ZoomListUsersOperator(task_id="u", result_dest=dest).execute(context={})
    assert err.value.field == "result_dest"
    assert problem in str(err.value)
    assert zoom_api.calls == []


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [({"include_total_records": "maybe"}, "include_total_records"), ({"max_xcom_rows": 0}, "max_xcom_rows")],
)
def test_bad_options_are_refused_before_any_call(zoom_api, kwargs, field):
    with pytest.raises(ZoomConfigError) as err:
        ZoomListUsersOperator(task_id="u", **kwargs).execute(context={})
    assert err.value.field == field
    assert zoom_api.calls == []


def test_parquet_result_dest_needs_pyarrow_and_says_so_before_any_call(zoom_api, monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # as if the parquet extra were not installed
    with pytest.raises(ZoomConfigError) as err:
        ZoomListUsersOperator(task_id="u", result_dest=f"file://{tmp_path}/u.parquet").execute(context={})
    assert err.value.field == "result_dest" and "pyarrow" in str(err.value)
    assert zoom_api.calls == []


def test_parquet_result_dest(users, tmp_path):
    import pyarrow.parquet as pq

    result = ZoomListUsersOperator(task_id="u", result_dest=f"file://{tmp_path}/u.parquet").execute(
        context={}
    )
    assert result["rows"] == pq.read_metadata(tmp_path / "u.parquet").num_rows == len(users)


def test_a_failed_list_leaves_no_file(zoom_api, tmp_path):
    zoom_api.register("GET", "/users", status_code=404, json={"code": 1001, "message": "User does not exist"})
    with pytest.raises(Exception, match="1001|not exist"):
        ZoomListUsersOperator(task_id="u", result_dest=f"file://{tmp_path}/users.jsonl").execute(context={})
    assert list(tmp_path.iterdir()) == []


def test_airflow_s_object_storage_xcom_backend_keeps_a_large_list_out_of_the_database(
    users, tmp_path, monkeypatch
):
    """The alternative: Airflow's common.io XCom backend stores values above a size as files."""
    from airflow.providers.common.io.xcom import backend

    monkeypatch.setenv("AIRFLOW__COMMON_IO__XCOM_OBJECTSTORAGE_PATH", f"file://{tmp_path}/xcom")
    monkeypatch.setenv("AIRFLOW__COMMON_IO__XCOM_OBJECTSTORAGE_THRESHOLD", "256")
    for cached in (backend._get_base_path, backend._get_threshold, backend._get_compression):
        cached.cache_clear()
    try:
        rows = ZoomListUsersOperator(task_id="u", max_xcom_rows=None).execute(context={})
        stored = backend.XComObjectStorageBackend.serialize_value(
            rows, key="return_value", dag_id="d", run_id="r", task_id="u"
        )
        assert len(stored) < 200 and f"{tmp_path}/xcom/d/r/u/" in str(stored)
        [written] = [p for p in (tmp_path / "xcom").rglob("*") if p.is_file()]
        assert json.loads(written.read_text()) == users
        back = backend.XComObjectStorageBackend.deserialize_value(SimpleNamespace(value=stored))
        assert back == users
    finally:
        for cached in (backend._get_base_path, backend._get_threshold, backend._get_compression):
            cached.cache_clear()
