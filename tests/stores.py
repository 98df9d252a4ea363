"""Real object-store servers on loopback for the tests: Azurite, Microsoft's Azure Storage emulator.

It starts on a free port and FAILS the test when it cannot start: the store tests prove the archive
against a real server or not at all.
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
AZURITE_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
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
    logging.getLogger("azure").setLevel(logging.WARNING)  # every request at INFO otherwise
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
        # Its data is in memory: nothing to flush, and a graceful stop waits out idle keep-alives.
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
