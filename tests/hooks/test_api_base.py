"""``ZoomApiBase``: requests, pagination and month windows written once, on top of one authorized send."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from airflow_provider_zoom.exceptions import ZoomConfigError
from airflow_provider_zoom.hooks._resources.base import ZoomApiBase, drop_none
from airflow_provider_zoom.hooks.zoom import ZoomHook


class _Reply:
    def __init__(self, body: Any, status_code: int = 200) -> None:
        self.status_code = status_code
        self.content = json.dumps(body).encode()


class _Recorder(ZoomApiBase):
    """The base with a send that records each call and answers from a list of pages."""

    def __init__(self, pages: list[Any]) -> None:
        self.pages = list(pages)
        self.sent: list[tuple[str, str, dict[str, Any]]] = []

    def _authorized(self, method: str, path: str, **kwargs: Any) -> Any:
        self.sent.append((method, path, kwargs))
        return _Reply(self.pages.pop(0) if self.pages else {})


def test_the_hook_inherits_the_primitives_instead_of_repeating_them():
    for name in ("request", "request_raw", "paginate", "page_totals", "paginate_date_range"):
        assert getattr(ZoomHook, name) is getattr(ZoomApiBase, name), name
        assert name not in ZoomHook.__dict__, name
    assert "_authorized" in ZoomHook.__dict__


def test_the_base_needs_an_authorized_send():
    with pytest.raises(TypeError, match="_authorized"):
        ZoomApiBase()  # type: ignore[abstract]


def test_request_sends_wire_params_and_parses_json():
    api = _Recorder([{"id": "me"}])
    assert api.request("GET", "/users/me", params={"a": True, "b": None}) == {"id": "me"}
    method, path, kwargs = api.sent[0]
    assert (method, path) == ("GET", "/users/me")
    assert kwargs["params"] == {"a": "true"}
    assert kwargs["stream"] is False


def test_request_raw_hands_back_the_response():
    api = _Recorder([{"x": 1}])
    response = api.request_raw("GET", "/meetings/1/invitation")
    assert response.status_code == 200
    assert api.sent[0][2] == {"stream": False}


def test_paginate_walks_tokens_and_counts_pages():
    api = _Recorder(
        [
            {"users": [{"id": "a"}], "next_page_token": "t", "total_records": 2},
            {"users": [{"id": "b"}], "next_page_token": ""},
        ]
    )
    with api.page_totals() as totals:
        assert [u["id"] for u in api.paginate("/users", items_key="users")] == ["a", "b"]
    assert (totals.total_records, totals.pages) == (2, 2)
    assert api.sent[1][2]["params"]["next_page_token"] == "t"
    assert api._page_totals is None


def test_paginate_date_range_asks_one_window_per_month():
    api = _Recorder([{"meetings": [{"id": 1}]}, {"meetings": [{"id": 2}]}])
    items = list(
        api.paginate_date_range(
            "/report/users/me/meetings", items_key="meetings", from_="2024-01-01", to=dt.date(2024, 2, 10)
        )
    )
    assert [i["id"] for i in items] == [1, 2]
    windows = [(kw["params"]["from"], kw["params"]["to"]) for _, _, kw in api.sent]
    assert windows == [("2024-01-01", "2024-01-31"), ("2024-02-01", "2024-02-10")]


def test_paginate_refuses_a_bad_max_results_naming_it():
    api = _Recorder([])
    with pytest.raises(ZoomConfigError, match="max_results"):
        list(api.paginate("/users", items_key="users", max_results=0))


def test_drop_none_stays_importable_from_the_base():
    assert drop_none({"a": 1, "b": None, "c": 0}) == {"a": 1, "c": 0}
