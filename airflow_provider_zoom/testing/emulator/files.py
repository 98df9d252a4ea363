"""Deterministic content of emulated recording files.

A file's bytes are a 1 MiB pseudo-random block seeded by the file's key (its ``id``, or the
download token for files without one), repeated: the byte at offset ``o`` is
``block[o % BLOCK_SIZE]``. Nothing is stored, so files of any size cost no memory, and tests can
recompute what an archived copy must contain.

Transcript and closed-caption files are keyed ``vtt:<id or token>`` and hold WebVTT text generated
from the key instead; their size is :func:`webvtt_size` of the key.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from functools import lru_cache

BLOCK_SIZE = 1 << 20
CHUNK_SIZE = 1 << 20
#: Key prefix of the files that hold WebVTT text (TRANSCRIPT and CC).
VTT_PREFIX = "vtt:"
VTT_CUES = 40

_SPEAKERS = ("Ada Lovelace", "Grace Hopper", "Alan Turing", "Zoë Dijkstra")
_PHRASES = (
    "Let's get started with the agenda.",
    "The release candidate passed every check.",
    "Can everyone see my screen?",
    "We still need numbers for the third quarter.",
    "I'll send the notes after the meeting.",
    "The migration finished over the weekend.",
    "Any questions before we move on?",
    "Let's follow up on that next week.",
)


def _timestamp(ms: int) -> str:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


@lru_cache(maxsize=64)
def webvtt_bytes(key: str) -> bytes:
    """The UTF-8 WebVTT text of the file ``key``: numbered cues of ``Speaker: line``."""
    rng = random.Random(f"zoom-emulator-vtt:{key}")
    lines = ["WEBVTT", ""]
    end = 0
    for index in range(1, VTT_CUES + 1):
        start = end + 1000 if index == 1 else end + rng.randint(200, 1500)
        end = start + 3000 if index == 1 else start + rng.randint(1500, 4500)
        lines += [str(index), f"{_timestamp(start)} --> {_timestamp(end)}"]
        lines += [f"{rng.choice(_SPEAKERS)}: {rng.choice(_PHRASES)}", ""]
    return "\n".join(lines).encode()


def webvtt_size(key: str) -> int:
    """Size in bytes of the WebVTT file ``key``."""
    return len(webvtt_bytes(key))


@lru_cache(maxsize=32)
def _double_block(key: str) -> memoryview:
    """Two copies of the file's block back to back, so any chunk is one contiguous slice."""
    block = random.Random(f"zoom-emulator-file:{key}").randbytes(BLOCK_SIZE)
    return memoryview(block + block)


def iter_chunks(key: str, start: int, end: int, chunk_size: int = CHUNK_SIZE) -> Iterator[memoryview]:
    """Yield the bytes ``start..end`` (end exclusive) of the file ``key`` as zero-copy slices."""
    if key.startswith(VTT_PREFIX):
        text = memoryview(webvtt_bytes(key))
        for offset in range(start, min(end, len(text)), chunk_size):
            yield text[offset : min(offset + chunk_size, end)]
        return
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
