"""Azure Blob Storage (adlfs): a server-side move that can refuse to replace."""

from __future__ import annotations

import asyncio
from typing import Any

#: The schemes the Microsoft Azure provider serves through adlfs.
AZURE_PROTOCOLS = frozenset({"abfs", "abfss", "az"})
# A copy within one account usually completes in the call; otherwise its status is polled this often.
_COPY_POLL = (0.05, 2.0)


def is_azure(protocol: str) -> bool:
    return protocol in AZURE_PROTOCOLS


def move(fs: Any, source: str, target: str, *, exclusive: bool) -> None:
    """
    Copy ``source`` over ``target`` on the server, wait until the copy is done, delete ``source``.

    :param exclusive: copy only if no blob is at ``target`` (Azure checks it atomically with the
        copy, so two writers never both think they made it): :class:`FileExistsError` otherwise.
    """
    # adlfs runs its client on fsspec's IO loop, in a thread of its own.
    asyncio.run_coroutine_threadsafe(_move(fs, source, target, exclusive), fs.loop).result()
    fs.invalidate_cache(target)


async def _move(fs: Any, source: str, target: str, exclusive: bool) -> None:
    src = _blob(fs, source)
    dst = _blob(fs, target)
    # Copy Blob's destination condition: fail with 409 when a blob is there.
    headers = {"If-None-Match": "*"} if exclusive else {}
    try:
        reply = await dst.start_copy_from_url(src.url, headers=headers)
    except Exception as err:
        # 409 (BlobAlreadyExists) or 412 (ConditionNotMet): azure-core's errors carry the status.
        if exclusive and getattr(err, "status_code", None) in (409, 412):
            raise FileExistsError(f"{target} appeared while it was being written") from err
        raise
    status = reply.get("copy_status")
    delay = _COPY_POLL[0]
    while status == "pending":
        await asyncio.sleep(delay)
        delay = min(delay * 2, _COPY_POLL[1])
        status = (await dst.get_blob_properties()).copy.status
    if status != "success":
        raise OSError(f"Azure could not copy {source} to {target}: copy status {status}")
    await src.delete_blob()


def _blob(fs: Any, path: str) -> Any:
    container, blob, _ = fs.split_path(path)
    return fs.service_client.get_blob_client(container, blob)
