"""Azure Blob Storage (adlfs): a server-side move that can refuse to replace, and Azure's checksum."""

from __future__ import annotations

import asyncio
import base64
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
    from fsspec.asyn import sync

    sync(fs.loop, _move, fs, source, target, exclusive)
    fs.invalidate_cache(target)


async def _move(fs: Any, source: str, target: str, exclusive: bool) -> None:
    from azure.core.exceptions import ResourceExistsError, ResourceModifiedError

    src = _blob(fs, source)
    dst = _blob(fs, target)
    # Copy Blob's destination condition: fail with 409 when a blob is there.
    headers = {"If-None-Match": "*"} if exclusive else {}
    try:
        reply = await dst.start_copy_from_url(src.url, headers=headers)
    except (ResourceExistsError, ResourceModifiedError) as err:
        raise FileExistsError(f"{target} appeared while it was being written") from err
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


def content_md5(info: dict[str, Any]) -> str | None:
    """The hex Content-MD5 the store keeps for a blob (``fs.info``), or None when it keeps none."""
    settings = info.get("content_settings") or {}
    value = settings.get("content_md5") if isinstance(settings, dict) else getattr(settings, "content_md5", None)
    if not value:
        return None
    if isinstance(value, str):
        value = base64.b64decode(value)
    return bytes(value).hex()
