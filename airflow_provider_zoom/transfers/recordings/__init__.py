"""
Archive Zoom cloud recordings to object storage: streamed, verified, idempotent.

The operator, :class:`ZoomRecordingsToObjectStorageOperator`, and the helpers DAGs use
(:func:`archive_totals`, the naming functions) are imported from here. Inside, one module per step:

- :mod:`.source`: which meetings (one, a user's, the account's, over a day range);
- :mod:`.plan`: which of their files to archive, and which must wait;
- :mod:`.naming`: each file's identity and object key, from ``path_template``;
- :mod:`.files`: one file: skipped when already archived, else streamed and verified;
- :mod:`.provenance`: which Zoom file an object holds, recorded with it and read back;
- :mod:`.manifest`: the JSON manifest beside each meeting's files;
- :mod:`.deletion`: trash or delete in Zoom only what is verified, as Zoom lists it right then;
- :mod:`.results`: the rows the task returns, and their totals.
"""

from __future__ import annotations

from airflow_provider_zoom.transfers.recordings.deletion import DELETE_ACTIONS
from airflow_provider_zoom.transfers.recordings.naming import (
    DEFAULT_PATH_TEMPLATE,
    MANIFEST_PREFIX,
    PATH_FIELDS,
    file_identity,
    manifest_key,
    path_values,
    render_key,
)
from airflow_provider_zoom.transfers.recordings.operator import ZoomRecordingsToObjectStorageOperator
from airflow_provider_zoom.transfers.recordings.results import (
    STATUS_ARCHIVED,
    STATUS_FAILED,
    STATUS_LEFT_IN_ZOOM,
    STATUS_NOT_READY,
    STATUS_SKIPPED,
    archive_totals,
)

# This package is the public home of these names (the provider info, the docs and serialized DAGs
# name it), so they say they live here rather than in the module that defines them.
for _public in (
    ZoomRecordingsToObjectStorageOperator,
    archive_totals,
    file_identity,
    manifest_key,
    path_values,
    render_key,
):
    _public.__module__ = __name__
del _public

__all__ = [
    "DEFAULT_PATH_TEMPLATE",
    "DELETE_ACTIONS",
    "MANIFEST_PREFIX",
    "PATH_FIELDS",
    "STATUS_ARCHIVED",
    "STATUS_FAILED",
    "STATUS_LEFT_IN_ZOOM",
    "STATUS_NOT_READY",
    "STATUS_SKIPPED",
    "ZoomRecordingsToObjectStorageOperator",
    "archive_totals",
    "file_identity",
    "manifest_key",
    "path_values",
    "render_key",
]
