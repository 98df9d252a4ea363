"""Google Cloud Storage (gcsfs): small objects in one request, and the MD5 GCS keeps of each object."""

from __future__ import annotations

import base64
import hashlib
import io
from typing import Any

#: The schemes the Google provider serves through gcsfs.
GCS_PROTOCOLS = frozenset({"gs", "gcs"})
#: The most bytes sent in one request (gcsfs's own limit for its one-request upload).
ONE_REQUEST = 5 * 2**20


def is_gcs(protocol: str) -> bool:
    return protocol in GCS_PROTOCOLS


class GcsWriter:
    """
    Writes one GCS object: in one request when it fits one part, else through gcsfs's resumable
    upload, opened once the bytes outgrow that part. Hashes what it is given: GCS computes an MD5
    of every object not composed of others, so the two can be compared once the object is there.

    One request is also the upload whose create-only condition (``ifGenerationMatch=0``) every GCS
    emulator honours; GCS honours it on resumable uploads too.

    :param mode: ``wb``, or ``xb`` to create the object only where there is none.
    """

    def __init__(self, fs: Any, path: str, mode: str, block_size: int | None = None) -> None:
        self.fs = fs
        self.path = path
        self.mode = mode
        self.block_size = block_size
        self.md5 = hashlib.md5(usedforsecurity=False)
        self.upload: Any = None
        self.closed = False
        self._buffer = io.BytesIO()
        self._limit = min(block_size or ONE_REQUEST, ONE_REQUEST)

    def write(self, data: Any) -> int:
        self.md5.update(data)
        if self.upload is not None:
            return self.upload.write(data)
        written = self._buffer.write(data)
        if self._buffer.tell() > self._limit:
            kwargs = {"block_size": self.block_size} if self.block_size else {}
            self.upload = self.fs.open(self.path, self.mode, **kwargs)
            self.upload.write(self._buffer.getvalue())
            self._buffer = io.BytesIO()
        return written

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def close(self) -> None:
        """Complete the object (gcsfs raises :class:`FileExistsError` when a create-only write finds one)."""
        if self.closed:
            return
        if self.upload is None:
            mode = "create" if "x" in self.mode else "overwrite"
            self.fs.pipe_file(self.path, self._buffer.getvalue(), mode=mode)
        else:
            self.upload.close()
        self.closed = True

    def discard(self) -> None:
        """Cancel the resumable upload, if one was opened; nothing of this object is then stored."""
        if self.upload is not None:
            self.upload.discard()
        self.closed = True


def md5_differs(info: dict[str, Any] | None, written: GcsWriter) -> bool:
    """Whether the store's MD5 of an object (``md5Hash``, base64) is not that of the bytes written."""
    stored = info.get("md5Hash") if info else None
    return isinstance(stored, str) and base64.b64decode(stored) != written.md5.digest()
