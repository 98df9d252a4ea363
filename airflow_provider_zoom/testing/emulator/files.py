"""Deterministic content of emulated recording files.

A file's bytes are a 1 MiB pseudo-random block seeded by the file's key (its ``id``, or the
download token for files without one), repeated: the byte at offset ``o`` is
``block[o % BLOCK_SIZE]``. Nothing is stored, so files of any size cost no memory, and tests can
recompute what an archived copy must contain.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from functools import lru_cache

BLOCK_SIZE = 1 << 20
CHUNK_SIZE = 1 << 20


@lru_cache(maxsize=32)
def _double_block(key: str) -> memoryview:
    """Two copies of the file's block back to back, so any chunk is one contiguous slice."""
    block = random.Random(f"zoom-emulator-file:{key}").randbytes(BLOCK_SIZE)
    return memoryview(block + block)


def iter_chunks(key: str, start: int, end: int, chunk_size: int = CHUNK_SIZE) -> Iterator[memoryview]:
    """Yield the bytes ``start..end`` (end exclusive) of the file ``key`` as zero-copy slices."""
    data = _double_block(key)
    chunk_size = min(chunk_size, BLOCK_SIZE)
    offset = start
    while offset < end:
        n = min(chunk_size, end - offset)
        pos = offset % BLOCK_SIZE
        yield data[pos : pos + n]
        offset += n


def expected_file_bytes(file_id: str, size: int, start: int = 0, end: int | None = None) -> Iterator[bytes]:
    """Yield the bytes an emulated file holds from ``start`` up to ``end`` (exclusive, default ``size``)."""
    stop = size if end is None else min(end, size)
    for chunk in iter_chunks(file_id, start, stop):
        yield bytes(chunk)


def expected_sha256(file_id: str, size: int) -> str:
    """Hex SHA-256 of the whole emulated file ``file_id`` of ``size`` bytes."""
    digest = hashlib.sha256()
    for chunk in iter_chunks(file_id, 0, size):
        digest.update(chunk)
    return digest.hexdigest()
