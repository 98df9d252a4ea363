"""
Archive Zoom Phone call recordings and voicemails to object storage.

The same pipeline as cloud recordings (:mod:`airflow_provider_zoom.transfers.recordings`): only the
source differs. Each recording or voicemail is one file of its call: the call (``call_log_id``) takes
the place of a meeting instance, so every file is planned, streamed, verified, recorded and named like
a recording file; after the copy is proven, ``delete_after_archive`` deletes call recordings in Zoom.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from airflow_provider_zoom.exceptions import ZoomConfigError
from airflow_provider_zoom.transfers._derived import document_inherited, refuse
from airflow_provider_zoom.transfers.recordings.deletion import ZoomFiles
from airflow_provider_zoom.transfers.recordings.operator import ZoomRecordingsToObjectStorageOperator
from airflow_provider_zoom.transfers.recordings.source import Source
from airflow_provider_zoom.validation import rendered_to_none

if TYPE_CHECKING:
    from airflow.sdk import Context

    from airflow_provider_zoom.hooks.zoom import ZoomHook
    from airflow_provider_zoom.transfers.recordings.files import TransferSettings

#: What the transfer archives: call recordings, or voicemails.
PHONE_KINDS: tuple[str, ...] = ("recording", "voicemail")
#: Default layouts: one folder per kind, owner and day; file names sort by the call's start.
PHONE_PATH_TEMPLATES: dict[str, str] = {
    "recording": "phone-recordings/{host_id}/{start_date}/{recording_start}-{recording_type}-{file_id}.{ext}",
    "voicemail": "phone-voicemails/{host_id}/{start_date}/{recording_start}-{file_id}.{ext}",
}
# Zoom serves call recordings and voicemails as MP3 audio; its listings name no file type.
_FILE_TYPE, _EXTENSION = "MP3", "mp3"


def as_file(item: Mapping[str, Any], kind: str) -> dict[str, Any]:
    """One call recording or voicemail as a file of the recordings pipeline."""
    return {
        "id": item.get("id"),
        "download_url": item.get("download_url"),
        "file_type": _FILE_TYPE,
        "file_extension": _EXTENSION,
        "recording_type": item.get("recording_type") or kind,
        "recording_start": item.get("date_time"),
        "recording_end": item.get("end_time"),
    }


def as_calls(items: Iterable[Mapping[str, Any]], kind: str) -> list[dict[str, Any]]:
    """
    Call recordings or voicemails in the recordings pipeline's shape: each call as a meeting instance
    (``uuid`` its ``call_log_id``, ``id`` its ``call_id``, its owner as host) with its files, each once
    (a listing walked month by month can return one twice).

    :param items: entries of Zoom's ``recordings`` or ``voice_mails`` list.
    :param kind: ``recording`` or ``voicemail``.
    """
    calls: dict[Any, dict[str, Any]] = {}
    seen: set[Any] = set()
    for item in items:
        if item.get("id") in seen:
            continue
        seen.add(item.get("id"))
        ref = item.get("call_log_id") or item.get("call_id") or item.get("id")
        if ref not in calls:
            owner = item.get("owner")
            owner = owner if isinstance(owner, Mapping) else {}
            calls[ref] = {
                **item,
                "uuid": ref,
                "id": item.get("call_id") or ref,
                "host_id": owner.get("id") or "unknown-owner",
                "topic": f"{item.get('direction') or 'phone'} call",
                "start_time": item.get("date_time"),
                "recording_files": [],
            }
        calls[ref]["recording_files"].append(as_file(item, kind))
    return list(calls.values())


def phone_recording_files(hook: ZoomHook) -> ZoomFiles:
    """Call recordings: read again by call, deleted one by one (``DELETE /phone/recordings/{id}``)."""

    def current(ref: Any) -> Sequence[Mapping[str, Any]]:
        return [as_file(hook.get_phone_call_recording(str(ref)), "recording")]

    def remove_all(ref: Any, items: Sequence[Mapping[str, Any]], action: str) -> None:
        for item in items:
            hook.delete_phone_recording(item["id"])

    return ZoomFiles(
        kind="phone recording",
        current=current,
        remove_all=remove_all,
        remove_one=lambda ref, item, action: hook.delete_phone_recording(item["id"]),
        single_actions=frozenset({"delete"}),
        done={"delete": "deleted"},
    )


class ZoomPhoneRecordingsToObjectStorageOperator(ZoomRecordingsToObjectStorageOperator):
    """
    Copy Zoom Phone call recordings (``kind="recording"``) or voicemails (``kind="voicemail"``) to
    object storage, verified.

    Every guarantee of the recordings transfer (its base class) holds: files stream in chunks and
    resume after a broken stream, are hashed (sha256) in flight and confirmed at their final path
    (Zoom's phone listings give no file size), appear only complete there, are recorded (a manifest
    per call, provenance per object) and skipped on a rerun when already archived.

    The source is the account's recordings or voicemails of ``from_``..``to`` (days; default the run's
    data interval), walked in Zoom's one-month windows, or with ``user_id`` one user's call
    recordings. Each call is a "meeting" of the path fields: ``meeting_uuid`` its ``call_log_id``,
    ``meeting_id`` its ``call_id``, ``host_id`` the owner's id, ``recording_start``/``recording_end``
    the call's start and end.

    Scopes: ``phone:read:list_call_recordings:admin`` (``phone:read:list_user_recordings:admin`` with
    ``user_id``; classic ``phone_recording:read:admin``) or ``phone:read:list_voicemails:admin``
    (classic ``phone_voicemail:read:admin``); with ``delete_after_archive`` also
    ``phone:read:call_recording:admin`` and ``phone:delete:call_recording:admin``.

    :param kind: ``recording`` (default) or ``voicemail``.
    :param user_id: archive this user's call recordings (id, email or ``me``); not for voicemails.
    :param account_id: refused: the listings are the whole account's.
    :param meeting_id: refused: calls are selected by date.
    :param path_template: where each file goes below ``dest``; default one folder per kind, owner
        and day (:data:`PHONE_PATH_TEMPLATES`).
    :param delete_after_archive: ``None`` (keep) or ``delete``: each call recording is deleted in Zoom
        only when its copy was written and verified, and Zoom, asked again right before, still lists
        that very file. Zoom's API deletes no voicemail, so voicemails refuse it.

    The other arguments are those of the recordings transfer:
    """

    template_fields: Sequence[str] = tuple(
        f
        for f in ZoomRecordingsToObjectStorageOperator.template_fields
        if f not in ("account_id", "meeting_id")
    )
    #: Arguments of the recordings transfer that pick no phone source: refused.
    refused_arguments: tuple[str, ...] = ("meeting_id", "account_id")
    file_kind = "phone"
    refused_download = (
        "Zoom refused the OAuth token for this file: phone recordings and voicemails download with the "
        "OAuth token only (no download token to retry with). The file stays in Zoom and is tried again on "
        "the next run; if Zoom keeps refusing, check the scope phone:read:call_recording:admin (recordings) "
        "or phone:read:voicemail:admin (voicemails)."
    )

    def __init__(self, *, kind: str = "recording", path_template: str | None = None, **kwargs: Any) -> None:
        refuse(kwargs, self.refused_arguments, "is not a phone source: give from_/to, or user_id")
        if kind not in PHONE_KINDS:
            raise ZoomConfigError("kind", f"must be one of {', '.join(PHONE_KINDS)}, got {kind!r}")
        if kind == "voicemail" and kwargs.get("user_id") is not None:
            raise ZoomConfigError("user_id", "voicemails are listed for the whole account only")
        super().__init__(path_template=path_template or PHONE_PATH_TEMPLATES[kind], **kwargs)
        self.kind = kind
        self.file_kind = f"phone {kind}"
        # Zoom's API deletes call recordings, one at a time, and no voicemail.
        self.delete_actions = ("delete",) if kind == "recording" else ()

    def _source(self, context: Context) -> Source:
        """The account's (or ``user_id``'s) calls of ``from_``/``to``, else of the run's interval."""
        if self.kind == "voicemail" and rendered_to_none(self.delete_after_archive) is not None:
            raise ZoomConfigError("delete_after_archive", "Zoom's API deletes no voicemail: leave it unset")
        first_day, last_day = self.date_range(
            context, rendered_to_none(self.from_), rendered_to_none(self.to)
        )
        return Source(user_id=rendered_to_none(self.user_id), first_day=first_day, last_day=last_day)

    def list_source(self, hook: ZoomHook, source: Source) -> list[Any]:
        self.log.info("Listing phone %ss from %s to %s.", self.kind, source.first_day, source.last_day)
        if self.kind == "voicemail":
            items = hook.list_phone_voicemails(source.first_day, source.last_day)
        elif source.user_id is not None:
            items = hook.list_user_phone_recordings(source.user_id, source.first_day, source.last_day)
        else:
            items = hook.list_phone_recordings(source.first_day, source.last_day)
        return as_calls(items, self.kind)

    def zoom_files(self, hook: ZoomHook) -> ZoomFiles:
        return phone_recording_files(hook)

    def download_fallback(self, hook: ZoomHook, settings: TransferSettings) -> None:
        # Zoom's phone downloads take the OAuth token only (scope phone:read:call_recording:admin or
        # phone:read:voicemail:admin): a call has no download token, so a refused download fails.
        return None


document_inherited(ZoomPhoneRecordingsToObjectStorageOperator, ZoomRecordingsToObjectStorageOperator)
