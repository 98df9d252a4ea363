"""Rate limits: per-second 429 with Retry-After seconds, daily 429 with an ISO date, per-host meeting cap."""

from __future__ import annotations

import datetime as dt

import requests

from airflow_provider_zoom.testing import ZoomEmulator
from airflow_provider_zoom.testing.emulator.clock import EmulatorClock
from airflow_provider_zoom.testing.emulator.ratelimit import RateLimiter, category_for

from .conftest import Api, fetch_token


def test_categories_follow_zoom() -> None:
    assert category_for("GET", "/users/me") == "Light"
    assert category_for("GET", "/users") == "Medium"
    assert category_for("GET", "/users/abc/recordings") == "Medium"
    assert category_for("GET", "/report/meetings/1/participants") == "Heavy"
    assert category_for("POST", "/users/me/meetings") == "Light"
    # Labels a hand-written table once had wrong; they come from Zoom's reference now.
    assert category_for("PUT", "/meetings/1/registrants/status") == "Medium"
    assert category_for("PUT", "/webinars/1/registrants/status") == "Medium"
    assert category_for("POST", "/webinars/1/panelists") == "Medium"
    assert category_for("GET", "/past_webinars/1/absentees") == "Heavy"
    assert category_for("GET", "/meetings/meeting_summaries") == "Medium"
    assert category_for("GET", "/meetings/abc%252F%252Fdef/meeting_summary") == "Light"
    # A route the provider never calls is not in the facts and counts as Light.
    assert category_for("GET", "/phone/users/me/call_logs") == "Light"


def test_headers_on_every_response_when_enabled(zoom: ZoomEmulator, api: Api) -> None:
    assert "X-RateLimit-Category" not in api.get("/users/me").headers
    zoom.state.set_options(rate_limit=True)
    reply = api.get("/users/me")
    assert reply.headers["X-RateLimit-Category"] == "Light"
    assert reply.headers["X-RateLimit-Type"] == "QPS"
    assert reply.headers["X-RateLimit-Limit"] == "30"
    assert int(reply.headers["X-RateLimit-Remaining"]) < 30
    missing = api.get("/users/nobody@example.org")
    assert missing.status_code == 404 and missing.headers["X-RateLimit-Category"] == "Light"
    heavy = api.get("/report/daily")
    assert heavy.headers["X-RateLimit-Category"] == "Heavy"
    assert heavy.headers["X-RateLimit-Type"] == "Daily-limit"
    assert heavy.headers["X-RateLimit-Limit"] == "30000"


def test_qps_limit(zoom: ZoomEmulator, api: Api) -> None:
    zoom.state.set_options(rate_limit=True, qps={"Light": 3})
    replies = [api.get("/users/me") for _ in range(8)]
    limited = [r for r in replies if r.status_code == 429]
    assert limited, [r.status_code for r in replies]
    reply = limited[0]
    assert reply.json()["code"] == 429
    assert reply.headers["X-RateLimit-Type"] == "QPS"
    assert reply.headers["X-RateLimit-Remaining"] == "0"
    assert reply.headers["Retry-After"].isdigit() and int(reply.headers["Retry-After"]) >= 1


def test_daily_limit(zoom: ZoomEmulator, api: Api) -> None:
    zoom.state.set_options(rate_limit=True, daily_limit=5)
    zoom.state.rate_limiter.set_daily_used(5)
    reply = api.get("/report/daily")
    assert reply.status_code == 429
    assert reply.json() == {
        "code": 429,
        "message": "You have reached the maximum daily rate limit for this API. "
        "Refer to the response header for details on when you can make another request.",
    }
    assert reply.headers["X-RateLimit-Type"] == "Daily-limit"
    retry_at = dt.datetime.fromisoformat(reply.headers["Retry-After"].replace("Z", "+00:00"))
    # The limiter counts days on the emulator's clock, which tests sharing this emulator may have moved.
    tomorrow = dt.datetime.fromtimestamp(zoom.state.clock(), dt.timezone.utc).date() + dt.timedelta(days=1)
    assert retry_at == dt.datetime.combine(tomorrow, dt.time(0), dt.timezone.utc)
    assert api.get("/users/me").status_code == 200  # Light requests do not count against the daily cap


def test_per_host_create_cap_has_no_rate_limit_headers(zoom: ZoomEmulator, api: Api) -> None:
    zoom.state.set_options(rate_limit=True, meeting_create_daily_cap=2)
    created = [api.post("/users/me/meetings", json={"topic": f"Cap {i}", "type": 2}) for i in range(2)]
    assert [r.status_code for r in created] == [201, 201]
    assert "X-RateLimit-Category" in created[0].headers
    refused = api.post("/users/me/meetings", json={"topic": "Cap 3", "type": 2})
    assert refused.status_code == 429
    owner = zoom.state.get_user("me")["id"]
    assert refused.json() == {
        "code": 429,
        "message": "You have exceeded the daily rate limit of (2) for Create meeting / Update meeting API "
        f"requests for the user, {owner}",
    }
    assert not [
        h for h in refused.headers if h.lower().startswith("x-ratelimit") or h.lower() == "retry-after"
    ]
    update = api.patch(f"/meetings/{created[0].json()['id']}", json={"topic": "Renamed"})
    assert update.status_code == 429


def test_options_over_the_control_api(zoom: ZoomEmulator, api: Api) -> None:
    reply = requests.post(f"{zoom.base_url}/_emulator/options", json={"rate_limit": True})
    assert reply.status_code == 200 and reply.json()["rate_limit"] is True
    assert "X-RateLimit-Category" in api.get("/users/me").headers
    bad = requests.post(f"{zoom.base_url}/_emulator/options", json={"fault_rate": 3})
    assert bad.status_code == 400 and "fault_rate" in bad.json()["message"]


def test_limiter_counts_on_the_emulator_clock() -> None:
    """Seconds and days pass when the emulator's clock moves, not the wall clock: no sleeps."""
    start = dt.datetime(2026, 3, 31, 23, 59, 58, 250000, tzinfo=dt.timezone.utc).timestamp()
    clock = EmulatorClock(source=lambda: start)  # the wall clock stands still here
    limiter = RateLimiter({"Light": 2, "Medium": 1, "Heavy": 1, "Resource-intensive": 1}, 2, clock=clock)
    assert [limiter.check("Light").allowed for _ in range(3)] == [True, True, False]
    refused = limiter.check("Light")
    assert refused.retry_after == "1" and refused.headers["X-RateLimit-Remaining"] == "0"
    clock.advance(0.75)  # 23:59:59 on the emulator's clock: the next second
    assert limiter.check("Light").allowed
    assert limiter.check("Heavy").allowed
    assert not limiter.check("Heavy").allowed  # one Heavy request per second
    clock.advance(1)  # 1 April, 00:00:00 UTC: a new day, a fresh daily count
    daily = limiter.check("Heavy")
    assert daily.allowed and daily.headers["X-RateLimit-Remaining"] == "1"
    limiter.check("Resource-intensive")
    clock.advance(1)
    capped = limiter.check("Heavy")
    assert not capped.allowed and capped.headers["X-RateLimit-Type"] == "Daily-limit"
    assert capped.retry_after == "2026-04-02T00:00:00Z"


def test_daily_cap_lifts_when_the_emulator_clock_reaches_midnight() -> None:
    with ZoomEmulator(users=1, meetings_per_user=0, rate_limit=True, daily_limit=1) as zoom:
        api = Api(zoom, fetch_token(zoom))
        assert api.get("/report/daily").status_code == 200
        refused = api.get("/report/daily")
        assert refused.status_code == 429
        midnight = dt.datetime.fromisoformat(refused.headers["Retry-After"].replace("Z", "+00:00"))
        now = dt.datetime.fromtimestamp(zoom.state.clock(), dt.timezone.utc)
        zoom.advance_clock((midnight - now).total_seconds() + 1)
        api = Api(zoom, fetch_token(zoom))  # the old token expired on the way
        lifted = api.get("/report/daily")
        assert lifted.status_code == 200, lifted.text
        assert lifted.headers["X-RateLimit-Remaining"] == "0"
        api.session.close()
