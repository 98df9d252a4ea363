"""Real object-store servers on loopback for the tests: Azurite (Azure Blob Storage) and a GCS emulator.

Each starts on a free port and FAILS the test when it cannot start: the store tests prove the
archive against a real server or not at all.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import selectors
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: Installed by ``make azurite`` (and so by ``make venv``) from the committed package-lock.json.
AZURITE = ROOT / "tests" / "azurite" / "node_modules" / ".bin" / "azurite-blob"
# Azurite's development account: published by Microsoft, the same in every Azurite.
AZURITE_ACCOUNT = "devstoreaccount1"
AZURITE_KEY = (
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
)
_LISTENING = re.compile(r"listens on (http://[\d.]+:\d+)")
# Starting Node and Azurite takes a second or two; on a loaded machine much longer.
START_TIMEOUT = 120.0


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
    node = shutil.which("node")
    if node is None:
        pytest.fail("Azurite needs node on PATH")
    # No telemetry to Microsoft; --loose and --skipApiVersionCheck accept the newest SDK's headers.
    command = [node, str(AZURITE), "--blobHost", "127.0.0.1", "--blobPort", "0", "--inMemoryPersistence"]
    command += ["--disableTelemetry", "--loose", "--skipApiVersionCheck"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        url = _await_line(process, _LISTENING, START_TIMEOUT).group(1)
        yield f"{url}/{AZURITE_ACCOUNT}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


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
@dataclass
class GcsEmulator:
    """``gcp-storage-emulator`` in this process (its own HTTP thread), data in memory."""

    endpoint: str
    server: Any

    def open_uploads(self, bucket: str) -> list[str]:
        """Resumable upload sessions of ``bucket`` that were neither completed nor cancelled."""
        return sorted(
            str(obj.get("name")) for obj in self.server._storage.resumable.values() if obj.get("bucket") == bucket
        )


def _cancel_resumable(request: Any, response: Any, storage: Any, *args: Any, **kwargs: Any) -> None:
    """DELETE on a resumable session URI: GCS cancels the upload and answers 499."""
    upload_id = request.query.get("upload_id", [""])[0]
    if upload_id in storage.resumable:
        storage.delete_resumable_file_obj(upload_id)
    response.status = 499


def _serve_cancellations() -> None:
    """The emulator answers every resumable-upload call but the cancellation GCS documents; add it."""
    from gcp_storage_emulator import server as emulator

    for pattern, methods in emulator.HANDLERS:
        if pattern.startswith("^/upload/") and emulator.PUT in methods:
            methods.setdefault(emulator.DELETE, _cancel_resumable)


@contextmanager
def gcs_emulator() -> Iterator[GcsEmulator]:
    """A GCS emulator on 127.0.0.1 (a free port)."""
    try:
        from gcp_storage_emulator.server import create_server
    except ImportError as err:
        pytest.fail(f"the GCS emulator is not installed ({err}): make venv installs it with the dev extra")
    logging.getLogger("gcp_storage_emulator").setLevel(logging.WARNING)
    _serve_cancellations()
    server = create_server("127.0.0.1", 0, in_memory=True)
    server._api.daemon = True  # never keeps the interpreter alive
    server.start()
    host, port = server._api._httpd.server_address[:2]
    try:
        yield GcsEmulator(f"http://{host}:{port}", server)
    finally:
        server.stop()


def gcs_conn_json(endpoint: str) -> str:
    """A ``google_cloud_platform`` connection to the emulator: anonymous, its endpoint in the fs options."""
    extra = {"project": "zoom-test", "anon": True, "endpoint_url": endpoint}
    return json.dumps({"conn_type": "google_cloud_platform", "extra": extra})
