"""The hook's local checks are Zoom's reference: what it refuses and allows before any request."""

from __future__ import annotations

import pytest

from airflow_provider_zoom.exceptions import ZoomConfigError
from tests.operators.conftest import make_hook, mocked_zoom


@pytest.fixture
def zoom_api(monkeypatch):
    yield from mocked_zoom(monkeypatch)


@pytest.fixture
def hook(zoom_api):
    return make_hook()


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (
            lambda h: h.add_webinar_registrant(1, email="a@example.com", first_name="A", auto_approve=True),
            "auto_approve",
        ),
        (lambda h: h.update_user("u1", cost_center="cc"), "cost_center"),
        (lambda h: h.get_meeting_recordings(1, ttl="soon"), "ttl"),
        (lambda h: h.get_meeting_recordings(1, ttl=604801), "ttl"),
        (lambda h: h.list_recordings("me", "2026-01-01", trash=True), "from_"),
        (lambda h: h.add_meeting_registrant(1, email="a@example.com", first_name="A" * 65), "first_name"),
        (
            lambda h: h.add_meeting_registrant(
                1, email="a@example.com", first_name="A", no_of_employees="251-500"
            ),
            "no_of_employees",
        ),
    ],
)
def test_refused_before_any_request(hook, zoom_api, call, field):
    with pytest.raises(ZoomConfigError) as err:
        call(hook)
    assert err.value.field == field
    assert zoom_api.calls == []


def test_download_token_ttl_zero_is_allowed(hook, zoom_api):
    zoom_api.register("GET", "/meetings/1/recordings", json={})
    hook.get_meeting_recordings(1, include_fields="download_access_token", ttl=0)
    assert zoom_api.query(zoom_api.call()) == {"include_fields": "download_access_token", "ttl": "0"}


def test_trash_is_one_listing_without_dates(hook, zoom_api):
    zoom_api.register(
        "GET", "/users/me/recordings", json={"meetings": [{"uuid": "a"}], "next_page_token": ""}
    )
    assert hook.list_recordings("me", trash=True, trash_type="recording_file") == [{"uuid": "a"}]
    assert len(zoom_api.calls) == 1
    assert zoom_api.query(zoom_api.call()) == {
        "trash": "true",
        "trash_type": "recording_file",
        "page_size": "300",
    }


def test_panelists_go_in_batches_of_zooms_cap(hook, zoom_api):
    zoom_api.register("POST", "/webinars/9/panelists", json={"id": "9"}, status_code=201)
    hook.add_webinar_panelists(9, [{"name": f"P{i}", "email": f"p{i}@example.com"} for i in range(61)])
    assert [len(zoom_api.body(r)["panelists"]) for r in zoom_api.calls] == [30, 30, 1]


def test_one_page_replies_get_no_page_size(hook, zoom_api):
    zoom_api.register("GET", "/report/meetings/1/polls", json={"questions": [{"email": "a"}]})
    assert list(hook.iter_extract("meeting_polls", meeting_id=1)) == [{"email": "a"}]
    assert zoom_api.query(zoom_api.call()) == {}


def test_every_extract_reads_a_list_zoom_sends():
    from airflow_provider_zoom._contract import facts
    from airflow_provider_zoom.hooks.extracts import EXTRACTS
    from tests.contract.replies import reply_field

    for name, spec in EXTRACTS.items():
        endpoint = facts.endpoint("GET", spec.path)
        if not endpoint.described:
            continue
        assert reply_field(endpoint, f"response.{spec.items_key}")["type"] == "array", name
        assert endpoint.items_key in (None, spec.items_key), name
