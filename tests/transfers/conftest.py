"""Fixtures for the transfers: a fake Zoom on requests-mock; local, moto-S3, Azurite and fake-gcs-server
destinations."""

from __future__ import annotations

import hashlib
import io
import json
import logging
import re
import uuid as uuidlib
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from airflow_provider_zoom.transfers.recordings.provenance import is_record_name
from tests.conftest import API, TOKEN_URL
from tests.stores import AzureContainer, GcsBucket, azure_conn_json, azurite, fake_gcs, gcs_conn_json

OAUTH_TOKEN = "oauth-access-token-0123456789"
MEETING_TOKEN = "meeting-download-token-abcdef"
DOWNLOAD_HOST = "https://zoom.test"
CDN_HOST = "https://cdn.zoomcdn.test"
S3_CONN_ID = "aws_s3_test"
AZURE_CONN_ID = "azure_blob_test"
GCS_CONN_ID = "gcs_test"


# ---------------------------------------------------------------------- fake Zoom (requests-mock)
class _BrokenBody(io.RawIOBase):
    """A response body that drops the connection after ``stop`` bytes, like a reset socket."""

    def __init__(self, data: bytes, stop: int | None) -> None:
        self._data = data
        self._stop = len(data) if stop is None else stop
        self._pos = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._pos >= self._stop:
            if self._stop < len(self._data):
                raise ConnectionResetError("connection reset by peer")
            return 0
        n = min(len(buffer), self._stop - self._pos, 64 * 1024)
        buffer[:n] = self._data[self._pos : self._pos + n]
        self._pos += n
        return n


def file_bytes(key: str, size: int) -> bytes:
    """Deterministic content for a fake recording file."""
    block = hashlib.sha256(key.encode()).digest() * 2048  # 64 KiB
    return (block * (size // len(block) + 1))[:size]


@dataclass
class FakeZoom:
    """
    Zoom's recording API, download host and CDN on requests-mock.

    ``drops[token]`` lists the byte offsets at which successive CDN responses break;
    ``refuse_oauth_downloads`` makes that many downloads refuse the OAuth token with 401.
    """

    mocker: Any
    meetings: dict[str, dict[str, Any]] = field(default_factory=dict)
    content: dict[str, bytes] = field(default_factory=dict)
    drops: dict[str, list[int]] = field(default_factory=dict)
    refuse_oauth_downloads: int = 0
    deleted: list[tuple[str, str, str | None]] = field(default_factory=list)
    list_calls: list[dict[str, str]] = field(default_factory=list)
    cdn_auth_headers: list[str | None] = field(default_factory=list)
    download_auth: list[str] = field(default_factory=list)

    def install(self) -> FakeZoom:
        m = self.mocker
        m.post(TOKEN_URL, json={"access_token": OAUTH_TOKEN, "token_type": "bearer", "expires_in": 3600})
        m.get(re.compile(re.escape(API) + r"/meetings/[^/]+/recordings(\?.*)?$"), json=self._get_meeting)
        m.delete(
            re.compile(re.escape(API) + r"/meetings/[^/]+/recordings(/[^/?]+)?(\?.*)?$"), text=self._delete
        )
        m.get(
            re.compile(re.escape(API) + r"/(users/[^/]+|accounts/[^/]+)/recordings(\?.*)?$"), json=self._list
        )
        m.get(re.compile(re.escape(DOWNLOAD_HOST) + r"/rec/download/.*"), content=self._download)
        m.get(re.compile(re.escape(CDN_HOST) + r"/.*"), body=self._cdn)
        return self

    # ------------------------------------------------------------------ seeding
    def add_meeting(
        self,
        *,
        meeting_id: int = 85746065432,
        uuid: str | None = None,
        topic: str = "Weekly sync",
        host_email: str = "host@example.com",
        start_time: str = "2024-03-05T10:00:00Z",
        files: list[dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        uuid = uuid or f"{uuidlib.uuid4().hex[:20]}/+=="
        meeting = {
            "uuid": uuid,
            "id": meeting_id,
            "account_id": "acc",
            "host_id": "host-1",
            "host_email": host_email,
            "topic": topic,
            "type": 2,
            "start_time": start_time,
            "duration": 30,
            "recording_files": [],
        }
        for spec in files or [{"file_type": "MP4", "size": 300_000}]:
            self.add_file(meeting, **spec)
        self.meetings[uuid] = meeting
        return meeting

    def add_file(
        self,
        meeting: dict[str, Any],
        *,
        file_type: str,
        size: int,
        recording_type: str | None = "shared_screen_with_speaker_view",
        with_id: bool = True,
        with_size: bool = True,
        status: str | None = "completed",
        extension: str | None = None,
    ) -> dict[str, Any]:
        token = uuidlib.uuid4().hex
        start = meeting["start_time"]
        item: dict[str, Any] = {
            "meeting_id": meeting["uuid"],
            "recording_start": start,
            "recording_end": start.replace("10:00", "10:30"),
            "file_type": file_type,
            "file_extension": extension
            or {"TIMELINE": "JSON", "CC": "VTT", "TRANSCRIPT": "VTT"}.get(file_type, file_type),
            "download_url": f"{DOWNLOAD_HOST}/rec/download/{token}",
        }
        if with_id:
            item["id"] = f"file-{token[:12]}"
            item["status"] = status
        if with_size:
            item["file_size"] = size
        if recording_type:
            item["recording_type"] = recording_type
        self.content[token] = file_bytes(token, size)
        meeting["recording_files"].append(item)
        return item

    @staticmethod
    def token_of(item: dict[str, Any]) -> str:
        return item["download_url"].rsplit("/", 1)[1]

    def sha256_of(self, item: dict[str, Any]) -> str:
        return hashlib.sha256(self.content[self.token_of(item)]).hexdigest()

    # ------------------------------------------------------------------ handlers
    def _meeting_from_path(self, url: str) -> dict[str, Any] | None:
        raw = urlsplit(url).path.split("/meetings/", 1)[1].split("/recordings", 1)[0]
        ref = unquote(raw)
        if ref not in self.meetings:
            ref = unquote(ref)  # Zoom's double-encoding of awkward UUIDs
        if ref in self.meetings:
            return self.meetings[ref]
        for meeting in self.meetings.values():
            if str(meeting["id"]) == ref:
                return meeting
        return None

    def _get_meeting(self, request: Any, context: Any) -> dict[str, Any]:
        meeting = self._meeting_from_path(request.url)
        if meeting is None or not meeting["recording_files"]:
            context.status_code = 404
            return {"code": 3301, "message": "There is no recording for this meeting."}
        reply = json.loads(json.dumps(meeting))
        if "download_access_token" in parse_qs(urlsplit(request.url).query).get("include_fields", [""])[0]:
            reply["download_access_token"] = MEETING_TOKEN
        return reply

    def _list(self, request: Any, context: Any) -> dict[str, Any]:
        query = {k: v[0] for k, v in parse_qs(urlsplit(request.url).query).items()}
        self.list_calls.append(query)
        found = [
            m
            for m in self.meetings.values()
            if m["recording_files"]
            and query.get("from", "") <= m["start_time"][:10] <= query.get("to", "9999")
        ]
        return {"meetings": found, "next_page_token": "", "from": query.get("from"), "to": query.get("to")}

    def _delete(self, request: Any, context: Any) -> str:
        meeting = self._meeting_from_path(request.url)
        action = parse_qs(urlsplit(request.url).query).get("action", ["trash"])[0]
        tail = urlsplit(request.url).path.split("/recordings", 1)[1].strip("/")
        file_id = unquote(tail) or None
        self.deleted.append((meeting["uuid"], action, file_id))
        if file_id:
            meeting["recording_files"] = [f for f in meeting["recording_files"] if f.get("id") != file_id]
        else:
            meeting["recording_files"] = []
        context.status_code = 204
        return ""

    def _download(self, request: Any, context: Any) -> bytes:
        auth = request.headers.get("Authorization", "")
        self.download_auth.append(auth)
        token = urlsplit(request.url).path.rsplit("/", 1)[1]
        if auth == f"Bearer {OAUTH_TOKEN}" and self.refuse_oauth_downloads > 0:
            self.refuse_oauth_downloads -= 1
            context.status_code = 401
            return b'{"code": 124, "message": "Invalid access token."}'
        if auth not in (f"Bearer {OAUTH_TOKEN}", f"Bearer {MEETING_TOKEN}", "Bearer webhook-download-token"):
            context.status_code = 401
            return b'{"code": 124, "message": "Invalid access token."}'
        context.status_code = 302
        context.headers["Location"] = f"{CDN_HOST}/file/{token}?Signature=sig&Expires=1"
        return b""

    def _cdn(self, request: Any, context: Any) -> Any:
        self.cdn_auth_headers.append(request.headers.get("Authorization"))
        token = urlsplit(request.url).path.rsplit("/", 1)[1]
        data = self.content[token]
        start = 0
        if request.headers.get("Range"):
            start = int(request.headers["Range"].split("=")[1].split("-")[0])
            context.status_code = 206
            context.headers["Content-Range"] = f"bytes {start}-{len(data) - 1}/{len(data)}"
        else:
            context.status_code = 200
        context.headers["Content-Length"] = str(len(data) - start)
        pending = self.drops.get(token) or []
        stop = None
        if pending:
            stop = pending.pop(0) - start
        return io.BufferedReader(_BrokenBody(data[start:], stop))


@pytest.fixture
def fake_zoom(requests_mock, zoom_conn, monkeypatch):
    """A fake Zoom with no meetings; the hook does not sleep between retries."""
    from airflow_provider_zoom.hooks.zoom import ZoomHook

    real_init = ZoomHook.__init__

    def fast_init(self, *args, **kwargs):
        real_init(self, *args, **kwargs)
        self._sleep = lambda _seconds: None

    monkeypatch.setattr(ZoomHook, "__init__", fast_init)
    return FakeZoom(requests_mock).install()


# ---------------------------------------------------------------------- destinations
@pytest.fixture(scope="session")
def moto_server():
    """moto's S3 server on 127.0.0.1 (a free port), for the whole session."""
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def s3_conn_json(endpoint: str) -> str:
    return json.dumps(
        {
            "conn_type": "aws",
            "login": "testing",
            "password": "testing",
            "extra": {"endpoint_url": endpoint, "region_name": "us-east-1"},
        }
    )


@pytest.fixture
def s3_bucket(moto_server, monkeypatch):
    """A fresh bucket on the moto server and the ``aws_s3_test`` connection to reach it."""
    import boto3

    monkeypatch.setenv(f"AIRFLOW_CONN_{S3_CONN_ID.upper()}", s3_conn_json(moto_server))
    client = boto3.client(
        "s3",
        endpoint_url=moto_server,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name="us-east-1",
    )
    name = f"zoom-{uuidlib.uuid4().hex[:12]}"
    client.create_bucket(Bucket=name)
    return S3Bucket(name, client)


@dataclass
class S3Bucket:
    name: str
    client: Any

    def list_keys(self) -> list[str]:
        reply = self.client.list_objects_v2(Bucket=self.name)
        return sorted(o["Key"] for o in reply.get("Contents", []))

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()

    def open_uploads(self) -> list[str]:
        return [u["Key"] for u in self.client.list_multipart_uploads(Bucket=self.name).get("Uploads", [])]

    def put(self, key: str, data: bytes) -> None:
        self.client.put_object(Bucket=self.name, Key=key, Body=data)


@pytest.fixture(scope="session")
def azurite_server():
    """Azurite's Blob service on 127.0.0.1 (a free port), for the whole session."""
    with azurite() as endpoint:
        yield endpoint


@pytest.fixture
def azure_container(azurite_server, monkeypatch):
    """A fresh container on Azurite and the ``azure_blob_test`` connection (``wasb``) to reach it."""
    monkeypatch.setenv(f"AIRFLOW_CONN_{AZURE_CONN_ID.upper()}", azure_conn_json(azurite_server))
    return AzureContainer(azurite_server, f"zoom-{uuidlib.uuid4().hex[:12]}").create()


@pytest.fixture(scope="session")
def gcs_server():
    """fake-gcs-server on 127.0.0.1 (a free port), for the whole session."""
    with fake_gcs() as server:
        yield server


@pytest.fixture
def gcs_bucket(gcs_server, monkeypatch):
    """A fresh bucket on fake-gcs-server and the ``gcs_test`` connection to reach it; the resumable
    uploads gcsfs opens meanwhile are noted, so a test can ask the store whether any is still open."""
    import gcsfs.core

    monkeypatch.setenv(f"AIRFLOW_CONN_{GCS_CONN_ID.upper()}", gcs_conn_json(gcs_server))
    bucket = GcsBucket(gcs_server, f"zoom-{uuidlib.uuid4().hex[:12]}")
    initiate = gcsfs.core.initiate_upload

    async def noted(*args: Any, **kwargs: Any) -> str:
        location = await initiate(*args, **kwargs)
        bucket.sessions.append(location)
        return location

    monkeypatch.setattr(gcsfs.core, "initiate_upload", noted)
    return bucket.create()


@dataclass
class Dest:
    """A destination for the operators plus ways to look at what landed there."""

    url: str
    conn_id: str | None
    #: The keys under ``url``, without the hidden records of what each object holds.
    list_keys: Any
    read: Any
    #: Writes bytes at a key as another writer would, behind the operators' back.
    put: Any
    #: The unfinished uploads the store keeps (invisible objects, billed); none on local disk.
    open_uploads: Any = lambda: []
    #: The S3 bucket, where the test asks S3 itself.
    bucket: S3Bucket | None = None


def _visible(keys: list[str], prefix: str = "") -> list[str]:
    """The keys under ``prefix`` less the hidden records (store metadata, not objects), prefix cut."""
    return sorted(
        k[len(prefix) :] for k in keys if k.startswith(prefix) and not is_record_name(k.rsplit("/", 1)[-1])
    )


def _file_dest(root: Any) -> Dest:
    root.mkdir()

    def put(key: str, data: bytes) -> None:
        (root / key).parent.mkdir(parents=True, exist_ok=True)
        (root / key).write_bytes(data)

    def keys() -> list[str]:
        return _visible([str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()])

    return Dest(f"file://{root}/", None, keys, lambda key: (root / key).read_bytes(), put)


def _s3_dest(bucket: S3Bucket) -> Dest:
    return Dest(
        f"s3://{bucket.name}/zoom/",
        S3_CONN_ID,
        lambda: _visible(bucket.list_keys(), "zoom/"),
        lambda key: bucket.read("zoom/" + key),
        lambda key, data: bucket.put("zoom/" + key, data),
        bucket.open_uploads,
        bucket,
    )


def _azure_dest(container: AzureContainer) -> Dest:
    return Dest(
        f"abfs://{container.name}/zoom/",
        AZURE_CONN_ID,
        lambda: _visible(container.list_keys(), "zoom/"),
        lambda key: container.read("zoom/" + key),
        lambda key, data: container.put("zoom/" + key, data),
        container.open_uploads,
    )


def _gcs_dest(bucket: GcsBucket) -> Dest:
    return Dest(
        f"gs://{bucket.name}/zoom/",
        GCS_CONN_ID,
        lambda: _visible(bucket.list_keys(), "zoom/"),
        lambda key: bucket.read("zoom/" + key),
        lambda key, data: bucket.put("zoom/" + key, data),
        bucket.open_uploads,
    )


#: Every store the archive and the extracts are proven on, each against a real server on loopback.
STORES = ["file", "s3", "azure", "gcs"]


@pytest.fixture(params=STORES)
def dest(request, tmp_path):
    """The same tests on the local filesystem, on S3 (moto), on Azure Blob Storage (Azurite) and on
    Google Cloud Storage (fake-gcs-server)."""
    if request.param == "file":
        return _file_dest(tmp_path / "archive")
    if request.param == "s3":
        return _s3_dest(request.getfixturevalue("s3_bucket"))
    if request.param == "azure":
        return _azure_dest(request.getfixturevalue("azure_container"))
    return _gcs_dest(request.getfixturevalue("gcs_bucket"))


# ---------------------------------------------------------------------- the local Zoom emulator
@pytest.fixture(scope="session")
def small_emulator():
    """A small seeded emulator (two users, three past meetings each, one past webinar)."""
    from airflow_provider_zoom.testing import ZoomEmulator

    with ZoomEmulator(recording_size=64 * 1024, seed=23, users=2, meetings_per_user=3) as zoom:
        yield zoom


@pytest.fixture
def emulated_zoom(small_emulator, monkeypatch):
    """``small_emulator``, freshly reset, behind ``zoom_default``."""
    small_emulator.state.reset()
    for key, value in small_emulator.connection_env().items():
        monkeypatch.setenv(key, value)
    return small_emulator
