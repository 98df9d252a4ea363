"""Deletion in Zoom checks what Zoom lists right before it: files that appear during a run stay."""

from __future__ import annotations

from pathlib import Path

import pytest

from airflow_provider_zoom.hooks.zoom import ZoomHook
from airflow_provider_zoom.transfers.recordings import ZoomRecordingsToObjectStorageOperator

EXAMPLE = Path(__file__).parents[2] / "example_dags" / "zoom_event_driven_archive.py"


def _add_during_first_download(monkeypatch, add) -> list:
    """Call ``add()`` when the first download starts, as Zoom lists a transcript that completes late."""
    added: list = []
    real = ZoomHook.download

    def download(self, *args, **kwargs):
        if not added:
            added.append(add())
        return real(self, *args, **kwargs)

    monkeypatch.setattr(ZoomHook, "download", download)
    return added


@pytest.mark.parametrize("action", ["trash", "delete"])
def test_a_file_listed_during_the_run_stays_and_is_reported(fake_zoom, tmp_path, monkeypatch, capsys, action):
    meeting = fake_zoom.add_meeting(
        files=[{"file_type": "MP4", "size": 200_000}, {"file_type": "CHAT", "size": 2_000}]
    )
    mp4, chat = meeting["recording_files"]
    added = _add_during_first_download(
        monkeypatch,
        lambda: fake_zoom.add_file(
            meeting, file_type="TRANSCRIPT", size=4_000, recording_type="audio_transcript"
        ),
    )
    op = ZoomRecordingsToObjectStorageOperator(
        task_id="a", dest=f"file://{tmp_path}/", meeting_id=meeting["uuid"], delete_after_archive=action
    )
    rows = op.execute(context={})

    [transcript] = added
    # Only the two archived files went, one by one; the meeting-level delete was not used.
    assert sorted(fake_zoom.deleted) == sorted(
        [(meeting["uuid"], action, mp4["id"]), (meeting["uuid"], action, chat["id"])]
    )
    assert [f["id"] for f in meeting["recording_files"]] == [transcript["id"]]
    [left] = [r for r in rows if r["status"] == "left_in_zoom"]
    assert left["file_id"] == transcript["id"] and left["file_type"] == "TRANSCRIPT"
    assert "after this run's listing" in left["reason"]
    assert not (tmp_path / left["key"]).exists()
    assert f"TRANSCRIPT file {transcript['id']} stays in Zoom" in capsys.readouterr().out
    assert sorted(r["status"] for r in rows) == ["archived", "archived", "left_in_zoom"]


def test_a_file_without_id_stays_when_its_meeting_cannot_go_whole(fake_zoom, tmp_path, monkeypatch):
    meeting = fake_zoom.add_meeting(
        files=[
            {"file_type": "MP4", "size": 200_000},
            {"file_type": "CC", "size": 3_000, "with_id": False, "with_size": False, "recording_type": None},
        ]
    )
    mp4, _cc = meeting["recording_files"]
    _add_during_first_download(
        monkeypatch,
        lambda: fake_zoom.add_file(meeting, file_type="SUMMARY", size=1_000, recording_type="summary"),
    )
    rows = ZoomRecordingsToObjectStorageOperator(
        task_id="a", dest=f"file://{tmp_path}/", meeting_id=meeting["uuid"], delete_after_archive="trash"
    ).execute(context={})

    assert fake_zoom.deleted == [(meeting["uuid"], "trash", mp4["id"])]
    [cc_row] = [r for r in rows if r["file_type"] == "CC"]
    assert cc_row["status"] == "archived" and "without an id" in cc_row["kept_in_zoom"]
    assert sorted(f["file_type"] for f in meeting["recording_files"]) == ["CC", "SUMMARY"]


def test_the_whole_meeting_goes_when_zoom_lists_exactly_the_archived_files(fake_zoom, tmp_path):
    meeting = fake_zoom.add_meeting(
        files=[
            {"file_type": "MP4", "size": 200_000},
            {
                "file_type": "TIMELINE",
                "size": 3_000,
                "with_id": False,
                "with_size": False,
                "recording_type": None,
            },
        ]
    )
    rows = ZoomRecordingsToObjectStorageOperator(
        task_id="a", dest=f"file://{tmp_path}/", meeting_id=meeting["uuid"], delete_after_archive="trash"
    ).execute(context={})
    assert fake_zoom.deleted == [(meeting["uuid"], "trash", None)]
    assert all("kept_in_zoom" not in r for r in rows)


def test_a_file_zoom_lists_with_another_size_now_is_not_deleted(fake_zoom, tmp_path, monkeypatch):
    meeting = fake_zoom.add_meeting(
        files=[{"file_type": "MP4", "size": 200_000}, {"file_type": "CHAT", "size": 2_000}]
    )
    mp4, chat = meeting["recording_files"]
    real = ZoomHook.download

    def download(self, url, *args, **kwargs):
        result = real(self, url, *args, **kwargs)
        if url == chat["download_url"]:
            chat["file_size"] = 2_500  # Zoom rewrote the chat file after it was copied
        return result

    monkeypatch.setattr(ZoomHook, "download", download)
    rows = ZoomRecordingsToObjectStorageOperator(
        task_id="a", dest=f"file://{tmp_path}/", meeting_id=meeting["uuid"], delete_after_archive="trash"
    ).execute(context={})
    assert fake_zoom.deleted == [(meeting["uuid"], "trash", mp4["id"])]
    [chat_row] = [r for r in rows if r["file_type"] == "CHAT"]
    assert "another file_size" in chat_row["kept_in_zoom"]


def test_event_driven_example_keeps_a_transcript_that_completes_during_its_run(
    emulated_zoom, tmp_path, monkeypatch
):
    from airflow_provider_zoom.version_compat import DagBag

    monkeypatch.setenv("ZOOM_ARCHIVE_DEST", f"file://{tmp_path}/")
    monkeypatch.setenv("ZOOM_ARCHIVE_DELETE", "trash")
    bag = DagBag(dag_folder=str(EXAMPLE))
    assert bag.import_errors == {}
    mapped = bag.dags["zoom_event_driven_archive"].get_task("archive_recordings")
    kwargs = {k: mapped.partial_kwargs[k] for k in ("dest", "delete_after_archive")}
    assert kwargs == {"dest": f"file://{tmp_path}/", "delete_after_archive": "trash"}

    state = emulated_zoom.state
    [meeting] = list(state.past_meetings.values())[:1]
    uuid = meeting["uuid"]
    added = _add_during_first_download(monkeypatch, lambda: state.add_recording_file(uuid, size=0))
    rows = ZoomRecordingsToObjectStorageOperator(
        task_id="archive_recordings", meeting_id=uuid, **kwargs
    ).execute(context={})

    [transcript] = added
    left = [r for r in rows if r["status"] == "left_in_zoom"]
    assert [r["file_id"] for r in left] == [transcript["id"]]
    # Zoom still lists the late transcript; every archived file with an id is in the trash.
    still = ZoomHook().get_meeting_recordings(uuid)["recording_files"]
    assert transcript["id"] in {f.get("id") for f in still}
    archived_ids = {r["file_id"] for r in rows if r["status"] == "archived" and r["file_id"]}
    assert archived_ids and not archived_ids & {f.get("id") for f in still}
