"""Recording downloads: redirect to the CDN, tokens, ranges, deterministic bytes, streaming and faults."""

from __future__ import annotations

import hashlib
import os
import time
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from airflow_provider_zoom.testing import ZoomEmulator, expected_file_bytes, expected_sha256

from .conftest import Api


def _recording(zoom: ZoomEmulator, api: Api, **kwargs: Any) -> dict[str, Any]:
    past = zoom.state.add_recorded_meeting("me", **kwargs)
    reply = api.get(f"/meetings/{past['id']}/recordings")
    assert reply.status_code == 200, reply.text
    return reply.json()


def _file(meeting: dict[str, Any], file_type: str) -> dict[str, Any]:
    return next(f for f in meeting["recording_files"] if f["file_type"] == file_type)


def test_recording_shape(zoom: ZoomEmulator, api: Api) -> None:
    meeting = _recording(zoom, api)
    for key in (
        "uuid",
        "id",
        "account_id",
        "host_id",
        "topic",
        "type",
        "start_time",
        "duration",
        "total_size",
        "recording_count",
        "recording_files",
        "password",
    ):
        assert key in meeting
    assert meeting["recording_count"] == len(meeting["recording_files"]) == 6
    mp4 = _file(meeting, "MP4")
    assert mp4["file_extension"] == "MP4"
    assert mp4["recording_type"] == "shared_screen_with_speaker_view"
    assert mp4["status"] == "completed"
    assert mp4["file_size"] == zoom.config.recording_size
    assert mp4["download_url"].startswith(f"{zoom.base_url}/rec/download/")
    assert _file(meeting, "M4A")["recording_type"] == "audio_only"
    assert _file(meeting, "TRANSCRIPT")["file_extension"] == "VTT"
    assert _file(meeting, "CHAT")["recording_type"] == "chat_file"
    for file_type in ("CC", "TIMELINE"):
        special = _file(meeting, file_type)
        assert not {"id", "status", "file_size"} & set(special)
        assert special["download_url"]
    assert meeting["total_size"] == sum(f.get("file_size", 0) for f in meeting["recording_files"])


def test_download_redirects_to_cdn_without_authorization(zoom: ZoomEmulator, api: Api) -> None:
    mp4 = _file(_recording(zoom, api), "MP4")
    first = requests.get(
        mp4["download_url"], headers={"Authorization": f"Bearer {api.token}"}, allow_redirects=False
    )
    assert first.status_code == 302
    location = first.headers["Location"]
    assert location.startswith(f"{zoom.cdn_base_url}/cdn/")
    assert urlsplit(location).port != urlsplit(zoom.base_url).port  # another origin, like Zoom's CDN
    assert {"Expires", "Signature"} <= set(parse_qs(urlsplit(location).query))
    zoom.state.cdn_requests.clear()
    body = requests.get(location)
    assert body.status_code == 200
    assert body.headers["Content-Length"] == str(mp4["file_size"])
    assert body.headers["Accept-Ranges"] == "bytes"
    assert body.headers["Content-Type"] == "video/mp4"
    assert hashlib.sha256(body.content).hexdigest() == expected_sha256(mp4["id"], mp4["file_size"])
    assert zoom.state.cdn_requests[-1]["authorization"] is False

    # A client that follows the redirect the usual way drops the header: the CDN is another origin.
    followed = api.session.get(mp4["download_url"])
    assert followed.status_code == 200 and followed.history[0].status_code == 302
    assert zoom.state.cdn_requests[-1]["authorization"] is False
    # The log does record a client that forwards it.
    requests.get(location, headers={"Authorization": f"Bearer {api.token}"})
    assert zoom.state.cdn_requests[-1]["authorization"] is True


def test_cdn_refuses_a_tampered_or_missing_signature(zoom: ZoomEmulator, api: Api) -> None:
    mp4 = _file(_recording(zoom, api), "MP4")
    location = api.session.get(mp4["download_url"], allow_redirects=False).headers["Location"]
    assert requests.get(location.replace("Signature=", "Signature=0")).status_code == 403
    assert requests.get(location.split("?")[0]).status_code == 403


def test_download_tokens(zoom: ZoomEmulator, api: Api) -> None:
    past = zoom.state.add_recorded_meeting("me")
    meeting = api.get(
        f"/meetings/{past['id']}/recordings", params={"include_fields": "download_access_token", "ttl": 600}
    ).json()
    url = _file(meeting, "M4A")["download_url"]
    assert requests.get(url, allow_redirects=False).status_code == 401
    assert requests.get(url, params={"access_token": "garbage"}, allow_redirects=False).status_code == 401
    for token in (api.token, meeting["download_access_token"], zoom.state.issue_download_token(past["uuid"])):
        reply = requests.get(url, params={"access_token": token}, allow_redirects=False)
        assert reply.status_code == 302, token[:6]
    # A meeting's download token does not open another meeting's files.
    other = _file(_recording(zoom, api), "M4A")["download_url"]
    assert (
        requests.get(
            other, params={"access_token": meeting["download_access_token"]}, allow_redirects=False
        ).status_code
        == 401
    )
    bad_ttl = api.get(
        f"/meetings/{past['id']}/recordings", params={"include_fields": "download_access_token", "ttl": -1}
    )
    assert bad_ttl.json()["errors"][0]["field"] == "ttl"


def test_intermittent_401_on_bearer_downloads(zoom: ZoomEmulator, api: Api) -> None:
    url = _file(_recording(zoom, api), "MP4")["download_url"]
    zoom.state.set_options(download_401_rate=1.0)
    refused = api.session.get(url, allow_redirects=False)
    assert refused.status_code == 401
    assert refused.json()["code"] == 124
    accepted = requests.get(url, params={"access_token": api.token}, allow_redirects=False)
    assert accepted.status_code == 302


def test_range_requests(zoom: ZoomEmulator, api: Api) -> None:
    mp4 = _file(_recording(zoom, api), "MP4")
    size, file_id = mp4["file_size"], mp4["id"]
    location = api.session.get(mp4["download_url"], allow_redirects=False).headers["Location"]
    part = requests.get(location, headers={"Range": "bytes=100-1099"})
    assert part.status_code == 206
    assert part.headers["Content-Range"] == f"bytes 100-1099/{size}"
    assert part.headers["Content-Length"] == "1000"
    assert part.content == b"".join(expected_file_bytes(file_id, size, 100, 1100))
    tail = requests.get(location, headers={"Range": f"bytes={size - 10}-"})
    assert tail.status_code == 206 and len(tail.content) == 10
    assert tail.content == b"".join(expected_file_bytes(file_id, size, size - 10))
    suffix = requests.get(location, headers={"Range": "bytes=-5"})
    assert suffix.content == tail.content[-5:]
    beyond = requests.get(location, headers={"Range": f"bytes={size}-"})
    assert beyond.status_code == 416
    assert beyond.headers["Content-Range"] == f"bytes */{size}"
    head = requests.head(location)
    assert head.headers["Content-Length"] == str(size) and head.content == b""


def test_range_faults_answer_resumes_wrongly(zoom: ZoomEmulator, api: Api) -> None:
    mp4 = _file(_recording(zoom, api), "MP4")
    size, file_id = mp4["file_size"], mp4["id"]
    location = api.session.get(mp4["download_url"], allow_redirects=False).headers["Location"]
    whole = b"".join(expected_file_bytes(file_id, size))
    seen = {}
    try:
        for fault in ("wrong_start", "wrong_total", "unsatisfiable", "overflow", "ignore"):
            zoom.state.set_options(range_fault=fault)
            seen[fault] = requests.get(location, headers={"Range": "bytes=1000-"})
        zoom.state.set_options(range_fault="wrong_start", range_fault_rate=0.0)
        seen["rate 0"] = requests.get(location, headers={"Range": "bytes=1000-"})
    finally:
        zoom.state.set_options(range_fault=None, range_fault_rate=1.0)
    assert (seen["wrong_start"].status_code, seen["wrong_start"].headers["Content-Range"]) == (
        206,
        f"bytes 0-{size - 1}/{size}",
    )
    assert seen["wrong_start"].content == whole
    assert seen["wrong_total"].headers["Content-Range"] == f"bytes 1000-{size - 1}/{2 * size}"
    assert seen["unsatisfiable"].status_code == 416
    overflow = seen["overflow"]
    assert "Content-Length" not in overflow.headers and overflow.content == whole[1000:] + bytes(4096)
    assert (seen["ignore"].status_code, seen["ignore"].content) == (200, whole)
    assert seen["rate 0"].headers["Content-Range"] == f"bytes 1000-{size - 1}/{size}"
    assert requests.get(location).content == whole  # a request without Range is never touched


def test_stall_drips_the_second_half(zoom: ZoomEmulator, api: Api) -> None:
    mp4 = _file(_recording(zoom, api, recording_size=100_000), "MP4")
    location = api.session.get(mp4["download_url"], allow_redirects=False).headers["Location"]
    zoom.state.set_options(stall_rate=1.0, drip_bytes=10_000, drip_interval=0.1)
    try:
        started = time.perf_counter()
        body = requests.get(location).content
        elapsed = time.perf_counter() - started
    finally:
        zoom.state.set_options(stall_rate=0.0)
    assert body == b"".join(expected_file_bytes(mp4["id"], 100_000))
    assert elapsed >= 0.4  # five drips of 10 KB, 0.1 s apart (the last pause ends after the body)


def test_file_sizes_can_be_left_out_of_listings(zoom: ZoomEmulator, api: Api) -> None:
    past = zoom.state.add_recorded_meeting("me")
    zoom.state.set_options(list_file_sizes=False)
    try:
        hidden = api.get(f"/meetings/{past['id']}/recordings").json()["recording_files"]
    finally:
        zoom.state.set_options(list_file_sizes=True)
    shown = api.get(f"/meetings/{past['id']}/recordings").json()["recording_files"]
    assert not any("file_size" in f for f in hidden)
    assert [f["download_url"] for f in hidden] == [f["download_url"] for f in shown]
    assert any("file_size" in f for f in shown)


@pytest.mark.parametrize(
    "options",
    [{"range_fault": "sideways"}, {"range_fault_rate": 2}, {"stall_rate": -0.1}, {"drip_interval": 0}],
)
def test_download_faults_are_validated(options: dict[str, Any]) -> None:
    from airflow_provider_zoom.testing import EmulatorConfig

    with pytest.raises(ValueError, match=next(iter(options))):
        EmulatorConfig(**options)


def test_files_without_id_are_verifiable(zoom: ZoomEmulator, api: Api) -> None:
    cc = _file(_recording(zoom, api), "CC")
    info = zoom.state.download_file(cc["download_url"])
    body = api.session.get(cc["download_url"]).content
    assert len(body) == info["size"]
    assert hashlib.sha256(body).hexdigest() == expected_sha256(info["key"], info["size"])


def test_expected_bytes_are_deterministic() -> None:
    a = b"".join(expected_file_bytes("file-a", 3 << 20))
    assert len(a) == 3 << 20
    assert a == b"".join(expected_file_bytes("file-a", 3 << 20))
    assert a[: 1 << 20] == a[1 << 20 : 2 << 20]
    assert a[:64] != b"".join(expected_file_bytes("file-b", 64))
    assert hashlib.sha256(a).hexdigest() == expected_sha256("file-a", 3 << 20)


def _rss_kib() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS")


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="reads memory use from /proc")
def test_large_file_streams_with_flat_memory(zoom: ZoomEmulator, api: Api) -> None:
    size = int(1.1 * (1 << 30))
    past = zoom.state.add_recorded_meeting("me", recording_size=size)
    mp4 = _file(api.get(f"/meetings/{past['id']}/recordings").json(), "MP4")
    assert mp4["file_size"] == size
    baseline = peak = _rss_kib()
    digest = hashlib.sha256()
    received = 0
    with api.session.get(mp4["download_url"], stream=True) as reply:
        assert reply.headers["Content-Length"] == str(size)
        for index, chunk in enumerate(reply.iter_content(1 << 20)):
            digest.update(chunk)
            received += len(chunk)
            if index % 16 == 0:
                peak = max(peak, _rss_kib())
    assert received == size
    assert (peak - baseline) < 64 * 1024, f"RSS grew by {(peak - baseline) // 1024} MiB"
    assert digest.hexdigest() == expected_sha256(mp4["id"], size)


def test_fault_injection(zoom: ZoomEmulator, api: Api) -> None:
    mp4 = _file(_recording(zoom, api), "MP4")
    location = api.session.get(mp4["download_url"], allow_redirects=False).headers["Location"]
    zoom.state.set_options(fault_rate=1.0)
    failed = api.get("/users/me")
    assert failed.status_code >= 500
    assert set(failed.json()) == {"code", "message"}
    with pytest.raises((requests.exceptions.ChunkedEncodingError, requests.exceptions.ConnectionError)):
        requests.get(location).content  # noqa: B018 - reading the body triggers the cut
    zoom.state.set_options(fault_rate=0.0)
    assert api.get("/users/me").status_code == 200
    assert len(requests.get(location).content) == mp4["file_size"]


def test_ready_after(zoom: ZoomEmulator, api: Api) -> None:
    past = zoom.state.add_recorded_meeting("me", ready_after=600)
    meeting = api.get(f"/meetings/{past['id']}/recordings").json()
    mp4 = _file(meeting, "MP4")
    assert mp4["status"] == "processing"
    assert api.session.get(mp4["download_url"], allow_redirects=False).status_code == 404
    zoom.advance_clock(599)
    assert _file(api.get(f"/meetings/{past['id']}/recordings").json(), "MP4")["status"] == "processing"
    zoom.advance_clock(2)
    assert _file(api.get(f"/meetings/{past['id']}/recordings").json(), "MP4")["status"] == "completed"
    assert api.session.get(mp4["download_url"], allow_redirects=False).status_code == 302


def test_control_api_adds_recordings(zoom: ZoomEmulator, api: Api) -> None:
    created = requests.post(
        f"{zoom.base_url}/_emulator/recordings", json={"topic": "Via control", "ready_after": 0}
    )
    assert created.status_code == 201
    body = created.json()
    assert body["topic"] == "Via control"
    assert api.get(f"/meetings/{body['id']}/recordings").json()["uuid"] == body["uuid"]
    bad = requests.post(f"{zoom.base_url}/_emulator/recordings", json={"colour": "red"})
    assert bad.status_code == 400 and "colour" in bad.json()["message"]


def test_cdn_latency_delays_the_first_byte(zoom: ZoomEmulator, api: Api) -> None:
    import time

    mp4 = _file(_recording(zoom, api), "MP4")
    location = requests.get(
        mp4["download_url"], headers={"Authorization": f"Bearer {api.token}"}, allow_redirects=False
    ).headers["Location"]
    zoom.state.set_options(cdn_latency=0.3)
    try:
        started = time.perf_counter()
        slow = requests.get(location, headers={"Range": "bytes=0-0"})
        delayed = time.perf_counter() - started
    finally:
        zoom.state.set_options(cdn_latency=0.0)
    quick = requests.get(location, headers={"Range": "bytes=0-0"})
    assert slow.status_code == quick.status_code == 206
    # A lower bound holds on any machine; a fast reply's timing does not, so the host's own record of
    # what it waited says the second answer came without the delay.
    assert delayed >= 0.3
    assert [r["latency"] for r in zoom.state.cdn_requests[-2:]] == [0.3, 0.0]


def test_cdn_latency_is_validated() -> None:
    from airflow_provider_zoom.testing import EmulatorConfig

    with pytest.raises(ValueError, match="cdn_latency"):
        EmulatorConfig(cdn_latency=-1)


def test_download_fault_rate_is_validated() -> None:
    from airflow_provider_zoom.testing import EmulatorConfig

    with pytest.raises(ValueError, match="download_fault_rate"):
        EmulatorConfig(download_fault_rate=1.5)
