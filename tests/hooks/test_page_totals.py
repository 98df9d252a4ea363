"""``ZoomHook.page_totals``: Zoom's ``total_records`` across pages and month windows."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
import requests_mock as rm

from airflow_provider_zoom.hooks.zoom import ZoomHook
from tests.conftest import API, TOKEN_URL


@pytest.fixture
def mock():
    with rm.Mocker() as m:
        m.post(TOKEN_URL, json={"access_token": "tok", "token_type": "bearer", "expires_in": 3600})
        yield m


def test_totals_of_one_list_come_from_its_first_page_and_pages_are_counted(zoom_conn, mock):
    def page(request, context):
        token = parse_qs(urlsplit(request.url).query).get("next_page_token", [""])[0]
        # A later page claiming another total must not change the list's count.
        return {
            "users": [{"id": token or "a"}],
            "next_page_token": "" if token else "2",
            "total_records": 2 if not token else 99,
        }

    mock.get(API + "/users", json=page)
    hook = ZoomHook()
    with hook.page_totals() as totals:
        assert [u["id"] for u in hook.list_users()] == ["a", "2"]
    assert (totals.total_records, totals.pages) == (2, 2)
    # Outside the block nothing is recorded any more.
    hook.list_users()
    assert totals.pages == 2


def test_totals_add_up_over_month_windows(zoom_conn, mock):
    def page(request, context):
        start = parse_qs(urlsplit(request.url).query)["from"][0]
        return {
            "meetings": [{"uuid": start}],
            "next_page_token": "",
            "total_records": 4 if start < "2024-02" else 3,
        }

    mock.get(API + "/users/me/recordings", json=page)
    hook = ZoomHook()
    with hook.page_totals() as totals:
        hook.list_recordings("me", "2024-01-10", "2024-02-20")
    assert (totals.total_records, totals.pages) == (7, 2)


def test_no_total_when_zoom_sends_none(zoom_conn, mock):
    mock.get(API + "/users", json={"users": [], "next_page_token": ""})
    hook = ZoomHook()
    with hook.page_totals() as totals:
        hook.list_users()
    assert (totals.total_records, totals.pages) == (None, 1)
