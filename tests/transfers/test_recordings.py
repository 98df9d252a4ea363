"""ZoomRecordingsToObjectStorageOperator against a fake Zoom, on the local disk and on S3 (moto)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest

from airflow_provider_zoom.exceptions import ZoomConfigError
from airflow_provider_zoom.hooks.zoom import DOWNLOAD_CHUNK_SIZE
from airflow_provider_zoom.transfers.recordings import (
    DEFAULT_PATH_TEMPLATE,
    ZoomRecordingsToObjectStorageOperator,
    file_identity,
    manifest_key,
    render_key,
)
from airflow_provider_zoom.version_compat import AirflowException
from tests.transfers.conftest import CDN_HOST, MEETING_TOKEN, OAUTH_TOKEN

SMALL = 300_000


def make_op(dest, **kwargs) -> ZoomRecordingsToObjectStorageOperator:
    kwargs.setdefault("task_id", "archive")
    return ZoomRecordingsToObjectStorageOperator(dest=dest.url, dest_conn_id=dest.conn_id, **kwargs)


def media_keys(dest) -> list[str]:
    return [k for k in dest.list_keys() if "zoom-manifest-" not in k]


def manifest_of(dest) -> dict:
    [key] = [k for k in dest.list_keys() if "zoom-manifest-" in k]
    return json.loads(dest.read(key))


# ---------------------------------------------------------------------- happy paths
def test_archives_a_meeting_verified_with_manifest(fake_zoom, dest):
    meeting = fake_zoom.add_meeting(
        files=[
            {"file_type": "MP4", "size": 700_000},
            {"file_type": "M4A", "size": 200_000, "recording_type": "audio_only"},
            {"file_type": "TRANSCRIPT", "size": 5_000, "recording_type": "audio_transcript"},
        ]
    )
    rows = make_op(dest, meeting_id=meeting["uuid"]).execute(context={})

    assert [r["status"] for r in rows] == ["archived"] * 3
    assert len(media_keys(dest)) == 3
    for item, row in zip(meeting["recording_files"], rows, strict=True):
        data = dest.read(row["key"])
        assert len(data) == item["file_size"] == row["bytes"]
        assert hashlib.sha256(data).hexdigest() == fake_zoom.sha256_of(item) == row["sha256"]
        assert row["meeting_uuid"] == meeting["uuid"] and row["file_id"] == item["id"]
        assert row["path"] == dest.url + row["key"]  # a plain URL, without the connection id
    manifest = manifest_of(dest)
    assert manifest["meeting_uuid"] == meeting["uuid"]
    assert {f["sha256"] for f in manifest["files"]} == {r["sha256"] for r in rows}
    assert {f["path"] for f in manifest["files"]} == {r["key"] for r in rows}
    # Default layout: host / day / topic-id / start-type-id.ext
    assert rows[0]["key"].startswith("host@example.com/2024-03-05/Weekly_sync-85746065432/20240305T100000Z-")
    assert rows[0]["key"].endswith(".mp4")
    assert fake_zoom.deleted == []


def test_token_never_reaches_the_cdn(fake_zoom, dest):
    meeting = fake_zoom.add_meeting(
        files=[{"file_type": "MP4", "size": SMALL}, {"file_type": "CHAT", "size": 900}]
    )
    make_op(dest, meeting_id=meeting["uuid"]).execute(context={})
    assert fake_zoom.cdn_auth_headers == [None, None]
    assert fake_zoom.download_auth == [f"Bearer {OAUTH_TOKEN}"] * 2
    for request in fake_zoom.mocker.request_history:
        if request.url.startswith(CDN_HOST):
            assert OAUTH_TOKEN not in request.url and "Authorization" not in request.headers


def test_account_recordings_over_the_data_interval(fake_zoom, tmp_path):
    inside = fake_zoom.add_meeting(meeting_id=1, start_time="2024-03-05T10:00:00Z")
    fake_zoom.add_meeting(
        meeting_id=2, start_time="2024-03-06T10:00:00Z"
    )  # the next day: not in the interval
    op = ZoomRecordingsToObjectStorageOperator(task_id="a", dest=f"file://{tmp_path}/")
    context = {
        "data_interval_start": dt.datetime(2024, 3, 5, tzinfo=dt.timezone.utc),
        "data_interval_end": dt.datetime(2024, 3, 6, tzinfo=dt.timezone.utc),
    }
    rows = op.execute(context=context)
    assert fake_zoom.list_calls[0]["from"] == fake_zoom.list_calls[0]["to"] == "2024-03-05"
    assert [r["meeting_uuid"] for r in rows] == [inside["uuid"]]
    assert "/accounts/me/recordings" in fake_zoom.mocker.request_history[1].url


def test_user_recordings_filtered_by_type(fake_zoom, tmp_path):
    meeting = fake_zoom.add_meeting(
        files=[
            {"file_type": "MP4", "size": SMALL},
            {"file_type": "M4A", "size": SMALL, "recording_type": "audio_only"},
            {"file_type": "NEW_KIND", "size": 100},
        ]
    )
    op = ZoomRecordingsToObjectStorageOperator(
        task_id="a",
        dest=f"file://{tmp_path}/",
        user_id="host@example.com",
        from_="2024-03-01",
        to="2024-03-31",
        file_types="mp4, new_kind",
        recording_types=["shared_screen_with_speaker_view"],
    )
    rows = op.execute(context={})
    assert sorted(r["file_type"] for r in rows) == ["MP4", "NEW_KIND"]
    assert "/users/host%40example.com/recordings" in fake_zoom.mocker.request_history[1].url
    assert all(r["meeting_uuid"] == meeting["uuid"] for r in rows)


def test_files_without_id_or_size_get_stable_names(fake_zoom, dest):
    meeting = fake_zoom.add_meeting(
        files=[
            {"file_type": "MP4", "size": SMALL},
            {"file_type": "CC", "size": 4_000, "with_id": False, "with_size": False, "recording_type": None},
            {
                "file_type": "TIMELINE",
                "size": 2_000,
                "with_id": False,
                "with_size": False,
                "recording_type": None,
            },
        ]
    )
    rows = make_op(dest, meeting_id=meeting["uuid"]).execute(context={})
    by_type = {r["file_type"]: r for r in rows}
    assert by_type["CC"]["status"] == by_type["TIMELINE"]["status"] == "archived"
    assert by_type["CC"]["file_id"] is None
    assert by_type["CC"]["key"].endswith(".vtt") and "-cc-cc-" in by_type["CC"]["key"]
    assert by_type["TIMELINE"]["key"].endswith(".json")
    assert by_type["CC"]["bytes"] == 4_000
    # Stable: the same meeting gives the same names again.
    again = [render_key(DEFAULT_PATH_TEMPLATE, meeting, f) for f in meeting["recording_files"]]
    assert sorted(again) == sorted(r["key"] for r in rows)
    assert file_identity(meeting, meeting["recording_files"][1]) != file_identity(
        meeting, meeting["recording_files"][2]
    )


# ---------------------------------------------------------------------- broken streams
def test_a_stream_that_breaks_mid_file_resumes(fake_zoom, dest):
    chunk = DOWNLOAD_CHUNK_SIZE  # a drop mid-chunk keeps every byte received; the resume starts after it
    meeting = fake_zoom.add_meeting(files=[{"file_type": "MP4", "size": 2 * chunk + 500_000}])
    item = meeting["recording_files"][0]
    fake_zoom.drops[fake_zoom.token_of(item)] = [chunk + 400_000, 2 * chunk + 100_000]
    [row] = make_op(dest, meeting_id=meeting["uuid"], delete_after_archive="trash").execute(context={})
    assert row["status"] == "archived"
    assert hashlib.sha256(dest.read(row["key"])).hexdigest() == fake_zoom.sha256_of(item)
    ranges = [r.headers.get("Range") for r in fake_zoom.mocker.request_history if r.url.startswith(CDN_HOST)]
    assert ranges == [None, f"bytes={chunk + 400_000}-", f"bytes={2 * chunk + 100_000}-"]
    assert fake_zoom.deleted == [(meeting["uuid"], "trash", None)]


def test_a_stream_that_keeps_breaking_fails_without_partial_file_or_deletion(fake_zoom, dest):
    meeting = fake_zoom.add_meeting(
        files=[{"file_type": "MP4", "size": 1_000_000}, {"file_type": "CHAT", "size": 1_000}]
    )
    item = meeting["recording_files"][0]
    fake_zoom.drops[fake_zoom.token_of(item)] = [100_000 * i for i in range(1, 10)]
    op = make_op(dest, meeting_id=meeting["uuid"], delete_after_archive="delete")
    with pytest.raises(AirflowException, match="1 of 2 recording file"):
        op.execute(context={})
    keys = dest.list_keys()
    assert not any(k.endswith(".mp4") for k in keys), keys
    assert not any(".partial" in k for k in keys), keys
    assert fake_zoom.deleted == []
    assert dest.open_uploads() == []
    # The good file and the manifest (listing only it) are kept for the rerun.
    assert [f["file_type"] for f in manifest_of(dest)["files"]] == ["CHAT"]


def test_nothing_is_deleted_in_zoom_unless_the_store_confirms_each_file(fake_zoom, dest, monkeypatch):
    """A store that reports fewer bytes than were written (a lost upload part) blocks the deletion."""
    from airflow_provider_zoom._storage import objects as _storage

    meeting = fake_zoom.add_meeting(
        files=[{"file_type": "MP4", "size": SMALL}, {"file_type": "CC", "size": 900, "with_id": False}]
    )
    real_info = _storage.object_info

    def short_info(path):
        info = real_info(path)
        if info is not None and path.name.endswith(".mp4"):
            info = {**info, "size": info["size"] - 1}
        return info

    monkeypatch.setattr(_storage, "object_info", short_info)
    op = make_op(dest, meeting_id=meeting["uuid"], delete_after_archive="trash")
    with pytest.raises(AirflowException, match="holds 299999 bytes after writing 300000"):
        op.execute(context={})
    assert fake_zoom.deleted == []


# ---------------------------------------------------------------------- reruns and deletion
def test_rerun_skips_what_is_archived(fake_zoom, dest):
    meeting = fake_zoom.add_meeting(
        files=[{"file_type": "MP4", "size": SMALL}, {"file_type": "CHAT", "size": 800}]
    )
    first = make_op(dest, meeting_id=meeting["uuid"]).execute(context={})
    downloads = len(fake_zoom.download_auth)
    second = make_op(dest, meeting_id=meeting["uuid"], verify_existing=True).execute(context={})
    assert [r["status"] for r in second] == ["skipped", "skipped"]
    assert [r["sha256"] for r in second] == [r["sha256"] for r in first]
    assert len(fake_zoom.download_auth) == downloads  # nothing downloaded again


def test_rerun_replaces_a_file_of_the_wrong_size(fake_zoom, dest):
    meeting = fake_zoom.add_meeting(files=[{"file_type": "MP4", "size": SMALL}])
    [row] = make_op(dest, meeting_id=meeting["uuid"]).execute(context={})
    from airflow.sdk import ObjectStoragePath

    ObjectStoragePath(dest.url + row["key"], conn_id=dest.conn_id).write_bytes(b"truncated")
    [again] = make_op(dest, meeting_id=meeting["uuid"]).execute(context={})
    assert again["status"] == "archived"
    assert len(dest.read(row["key"])) == SMALL


def test_redelivered_event_after_trash_is_a_no_op(fake_zoom, tmp_path):
    meeting = fake_zoom.add_meeting()
    op = ZoomRecordingsToObjectStorageOperator(
        task_id="a", dest=f"file://{tmp_path}/", meeting_id=meeting["uuid"], delete_after_archive="trash"
    )
    assert [r["status"] for r in op.execute(context={})] == ["archived"]
    assert op.execute(context={}) == []  # Zoom now says "no recording"
    assert len(fake_zoom.deleted) == 1


def test_no_delete_while_a_file_is_processing(fake_zoom, tmp_path):
    meeting = fake_zoom.add_meeting(
        files=[
            {"file_type": "MP4", "size": SMALL},
            {"file_type": "M4A", "size": SMALL, "status": "processing"},
        ]
    )
    op = ZoomRecordingsToObjectStorageOperator(
        task_id="a", dest=f"file://{tmp_path}/", meeting_id=meeting["uuid"], delete_after_archive="trash"
    )
    rows = op.execute(context={})
    assert sorted(r["status"] for r in rows) == ["archived", "not_ready"]
    assert fake_zoom.deleted == []


def test_filtered_archive_deletes_only_archived_files(fake_zoom, tmp_path):
    meeting = fake_zoom.add_meeting(
        files=[{"file_type": "MP4", "size": SMALL}, {"file_type": "M4A", "size": SMALL}]
    )
    mp4 = meeting["recording_files"][0]
    op = ZoomRecordingsToObjectStorageOperator(
        task_id="a",
        dest=f"file://{tmp_path}/",
        meeting_id=meeting["uuid"],
        file_types=["MP4"],
        delete_after_archive="trash",
    )
    op.execute(context={})
    assert fake_zoom.deleted == [(meeting["uuid"], "trash", mp4["id"])]


def test_meeting_without_recordings_is_logged_not_raised(fake_zoom, tmp_path, capsys):
    op = ZoomRecordingsToObjectStorageOperator(task_id="a", dest=f"file://{tmp_path}/", meeting_id="999")
    assert op.execute(context={}) == []
    assert "has no cloud recording" in capsys.readouterr().out


# ---------------------------------------------------------------------- tokens
def test_refused_oauth_token_falls_back_to_the_meeting_download_token(fake_zoom, tmp_path, capsys):
    meeting = fake_zoom.add_meeting()
    fake_zoom.refuse_oauth_downloads = 1
    op = ZoomRecordingsToObjectStorageOperator(
        task_id="a", dest=f"file://{tmp_path}/", meeting_id=meeting["uuid"]
    )
    [row] = op.execute(context={})
    assert row["status"] == "archived"
    assert fake_zoom.download_auth == [f"Bearer {OAUTH_TOKEN}", f"Bearer {MEETING_TOKEN}"]
    assert any("include_fields=download_access_token" in r.url for r in fake_zoom.mocker.request_history)
    logs = capsys.readouterr()
    assert "retrying with the meeting's download token" in logs.out
    assert MEETING_TOKEN not in logs.out + logs.err and OAUTH_TOKEN not in logs.out + logs.err


def test_webhook_download_token_is_used_instead_of_oauth(fake_zoom, tmp_path):
    meeting = fake_zoom.add_meeting()
    op = ZoomRecordingsToObjectStorageOperator(
        task_id="a",
        dest=f"file://{tmp_path}/",
        meeting_id=meeting["uuid"],
        download_token="webhook-download-token",
    )
    op.execute(context={})
    assert fake_zoom.download_auth == ["Bearer webhook-download-token"]
    assert fake_zoom.cdn_auth_headers == [None]


# ---------------------------------------------------------------------- bad input, before any request
@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"meeting_id": "1", "from_": "2024-01-01"}, "from_"),
        ({"meeting_id": "1", "user_id": "me"}, "meeting_id"),
        ({"user_id": "me", "account_id": "me", "from_": "2024-01-01"}, "user_id"),
        ({"meeting_id": "1", "delete_after_archive": "shred"}, "delete_after_archive"),
        ({"meeting_id": "1", "file_types": ["MP4", "mp 4!"]}, "file_types"),
        ({"meeting_id": "1", "recording_types": ["a/b"]}, "recording_types"),
        ({"meeting_id": "1", "path_template": "{nope}/{file_id}"}, "path_template"),
        ({"meeting_id": "1", "path_template": "../{file_id}"}, "path_template"),
        ({"meeting_id": "1", "dest": "/no/scheme"}, "dest"),
        ({"meeting_id": "1", "dest": "nosuchfs://bucket/x"}, "dest"),
        ({"to": "2024-01-01"}, "from_"),
        ({"from_": "2024-02-01", "to": "2024-01-01"}, "from_"),
        ({}, "from_"),  # no dates and no data interval
    ],
)
def test_bad_input_is_refused_before_any_request(fake_zoom, tmp_path, kwargs, field):
    kwargs.setdefault("dest", f"file://{tmp_path}/")
    op = ZoomRecordingsToObjectStorageOperator(task_id="a", **kwargs)
    with pytest.raises(ZoomConfigError) as err:
        op.execute(context={})
    assert err.value.field == field
    assert fake_zoom.mocker.request_history == []


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"max_active_downloads": 0}, "max_active_downloads"),
        ({"download_token_ttl": 0}, "download_token_ttl"),
        ({"download_speed_limit": -5}, "download_speed_limit"),
        ({"download_speed_limit": True}, "download_speed_limit"),
        ({"download_speed_time": float("inf")}, "download_speed_time"),
        ({"download_speed_limit": 1000, "download_speed_time": 0}, "download_speed_time"),
    ],
)
def test_bad_constant_arguments_fail_at_parse_time(kwargs, field):
    with pytest.raises(ZoomConfigError) as err:
        ZoomRecordingsToObjectStorageOperator(task_id="a", dest="file:///tmp/x/", **kwargs)
    assert err.value.field == field


def test_colliding_template_is_refused(fake_zoom, tmp_path):
    meeting = fake_zoom.add_meeting(
        files=[{"file_type": "MP4", "size": 10}, {"file_type": "MP4", "size": 20}]
    )
    op = ZoomRecordingsToObjectStorageOperator(
        task_id="a", dest=f"file://{tmp_path}/", meeting_id=meeting["uuid"], path_template="{topic}.{ext}"
    )
    with pytest.raises(ZoomConfigError, match="same name"):
        op.execute(context={})


# ---------------------------------------------------------------------- names
def test_names_are_safe_on_every_store():
    meeting = {
        "uuid": "ab/c+d==",
        "id": 123,
        "host_email": "h@x.com",
        "topic": "Q1 / planning: \x00 <draft>?" + "x" * 200,
        "start_time": "2024-01-02T03:04:05Z",
    }
    item = {
        "id": "f/1",
        "file_type": "MP4",
        "file_extension": "MP4",
        "recording_start": "2024-01-02T03:04:05Z",
    }
    key = render_key("{topic}/{meeting_uuid}/{file_id}.{ext}", meeting, item)
    topic, uuid, name = key.split("/")
    assert "\x00" not in key and ":" not in key and "<" not in key and "?" not in key
    assert len(topic) <= 80 and topic.startswith("Q1_planning")
    assert uuid == "ab_c-d=="
    assert name == "f_1.mp4"
    # Stable and distinct: a different long topic gives a different capped name.
    other = render_key("{topic}", {**meeting, "topic": meeting["topic"] + "y"}, item)
    assert other != topic and render_key("{topic}", meeting, item) == topic
    assert manifest_key([key], meeting) == f"{topic}/{uuid}/zoom-manifest-ab_c-d==.json"


def test_long_downloads_log_progress(fake_zoom, tmp_path, capsys):
    meeting = fake_zoom.add_meeting(files=[{"file_type": "MP4", "size": 3 * DOWNLOAD_CHUNK_SIZE}])
    op = ZoomRecordingsToObjectStorageOperator(
        task_id="a", dest=f"file://{tmp_path}/", meeting_id=meeting["uuid"], progress_interval=0
    )
    op.execute(context={})
    out = capsys.readouterr().out
    assert "Downloading file://" in out and "of 3.0 MiB (100%)" in out and "MB/s" in out


# ---------------------------------------------------------------------- one name, two recordings
SHARED_TEMPLATE = "{host_email}/{start_date}/{topic}/{recording_type}.{ext}"


def test_a_second_meeting_with_the_same_name_neither_overwrites_nor_skips(fake_zoom, dest):
    # One task per meeting (the event-driven set-up): the same day, topic and size, one name.
    first = fake_zoom.add_meeting(meeting_id=111, files=[{"file_type": "MP4", "size": SMALL}])
    second = fake_zoom.add_meeting(
        meeting_id=222, start_time="2024-03-05T15:00:00Z", files=[{"file_type": "MP4", "size": SMALL}]
    )
    [mp4_a], [mp4_b] = first["recording_files"], second["recording_files"]
    [row] = make_op(
        dest, meeting_id=first["uuid"], path_template=SHARED_TEMPLATE, delete_after_archive="trash"
    ).execute(context={})
    assert fake_zoom.deleted == [(first["uuid"], "trash", None)]

    with pytest.raises(AirflowException, match="could not be archived") as failed:
        make_op(
            dest, meeting_id=second["uuid"], path_template=SHARED_TEMPLATE, delete_after_archive="trash"
        ).execute(context={})

    message = str(failed.value)
    for named in (first["uuid"], mp4_a["id"], second["uuid"], mp4_b["id"], SHARED_TEMPLATE):
        assert named in message, named
    # The first meeting's bytes stay; nothing of the second meeting was deleted in Zoom.
    assert hashlib.sha256(dest.read(row["key"])).hexdigest() == fake_zoom.sha256_of(mp4_a)
    assert fake_zoom.deleted == [(first["uuid"], "trash", None)]
    assert second["recording_files"] == [mp4_b]
    [entry] = manifest_of(dest)["files"]
    assert (entry["meeting_uuid"], entry["file_id"], entry["sha256"]) == (
        first["uuid"],
        mp4_a["id"],
        fake_zoom.sha256_of(mp4_a),
    )


def test_the_store_records_which_recording_an_object_holds(fake_zoom, dest):
    meeting = fake_zoom.add_meeting(files=[{"file_type": "MP4", "size": SMALL}])
    [item] = meeting["recording_files"]
    [row] = make_op(dest, meeting_id=meeting["uuid"]).execute(context={})
    if dest.bucket is not None:
        head = dest.bucket.client.head_object(Bucket=dest.bucket.name, Key="zoom/" + row["key"])
        assert head["Metadata"]["zoom-file-key"] == item["id"]
        assert head["Metadata"]["zoom-meeting-uuid"] == meeting["uuid"]
    else:
        folder, _, name = row["key"].rpartition("/")
        record = json.loads(dest.read(f"{folder}/.{name}.zoom.json"))
        assert (record["file_key"], record["meeting_uuid"], record["sha256"], record["size"]) == (
            item["id"],
            meeting["uuid"],
            fake_zoom.sha256_of(item),
            SMALL,
        )


@pytest.mark.parametrize("same_bytes", [True, False])
def test_an_object_nothing_vouches_for_is_kept_unless_it_holds_these_bytes(fake_zoom, dest, same_bytes):
    meeting = fake_zoom.add_meeting(files=[{"file_type": "MP4", "size": SMALL}])
    [item] = meeting["recording_files"]
    key = render_key(DEFAULT_PATH_TEMPLATE, meeting, item)
    data = fake_zoom.content[fake_zoom.token_of(item)]
    other = data if same_bytes else bytes(reversed(data))  # the same size, other bytes
    dest.put(key, other)
    op = make_op(dest, meeting_id=meeting["uuid"], delete_after_archive="trash")
    if same_bytes:
        [row] = op.execute(context={})
        assert row["status"] == "archived" and row["sha256"] == fake_zoom.sha256_of(item)
        assert fake_zoom.deleted == [(meeting["uuid"], "trash", None)]
    else:
        with pytest.raises(AirflowException, match="no record of which"):
            op.execute(context={})
        assert fake_zoom.deleted == []
    assert dest.read(key) == other


# ---------------------------------------------------------------------- long multi-byte names
LONG_TOPICS = {
    "emoji": "\N{GRINNING FACE}" * 70,
    "emoji_and_japanese": ("定例会議\N{PARTY POPPER}" * 16)[:80],
    "mathematical_bold": "".join(chr(0x1D400 + (i % 52)) for i in range(80)),
}


@pytest.mark.parametrize("topic", LONG_TOPICS.values(), ids=LONG_TOPICS.keys())
@pytest.mark.parametrize("template", [DEFAULT_PATH_TEMPLATE, "{topic}/{topic}_{topic}_{file_id}.{ext}"])
def test_long_multibyte_topics_get_names_every_store_takes(fake_zoom, dest, topic, template):
    from airflow_provider_zoom._storage.objects import MAX_NAME_BYTES

    meeting = fake_zoom.add_meeting(
        topic=topic,
        files=[
            {"file_type": "MP4", "size": SMALL},
            {"file_type": "CC", "size": 2_000, "with_id": False, "with_size": False, "recording_type": None},
        ],
    )
    # Another meeting whose topic differs only at its end: its names must differ too.
    other = fake_zoom.add_meeting(
        meeting_id=85746065432, topic=topic[:-1] + "x", files=[{"file_type": "MP4", "size": SMALL}]
    )
    rows = [
        row
        for m in (meeting, other)
        for row in make_op(dest, meeting_id=m["uuid"], path_template=template).execute(context={})
    ]

    assert [r["status"] for r in rows] == ["archived"] * 3
    keys = [r["key"] for r in rows]
    assert len(set(keys)) == 3
    for key, item in zip(keys, [*meeting["recording_files"], *other["recording_files"]], strict=True):
        for segment in key.split("/"):
            assert len(segment.encode("utf-8")) <= MAX_NAME_BYTES, segment
        assert hashlib.sha256(dest.read(key)).hexdigest() == fake_zoom.sha256_of(item)
        assert key.split("/")[-1].rsplit(".", 1)[1] in ("mp4", "vtt")  # the extension survives the cut


def test_a_shortened_value_is_cut_between_characters_and_stays_distinct():
    from airflow_provider_zoom._storage.objects import MAX_SEGMENT_BYTES, safe_segment

    for topic in LONG_TOPICS.values():
        short = safe_segment(topic)
        head, _, digest = short.rpartition("-")
        assert len(short.encode("utf-8")) <= MAX_SEGMENT_BYTES and len(digest) == 10
        assert head and topic.startswith(head)
        assert safe_segment(topic[:-1] + "x") != short
        assert safe_segment(topic) == short


# ---------------------------------------------------------------------- a completion that fails
def test_a_failing_multipart_completion_leaves_no_open_upload(fake_zoom, s3_bucket, monkeypatch):
    import s3fs

    real = s3fs.S3FileSystem.call_s3
    completions = []

    def call_s3(self, method, *args, **kwargs):
        if method == "complete_multipart_upload":
            # A part list S3 refuses (InvalidPart): the completion fails on the server, every time.
            completions.append(kwargs["UploadId"])
            parts = kwargs["MultipartUpload"]["Parts"]
            kwargs["MultipartUpload"] = {"Parts": [{**p, "PartNumber": p["PartNumber"] + 100} for p in parts]}
        return real(self, method, *args, **kwargs)

    monkeypatch.setattr(s3fs.S3FileSystem, "call_s3", call_s3)
    block = 5 * 1024 * 1024
    meeting = fake_zoom.add_meeting(files=[{"file_type": "MP4", "size": block + 300_000}])
    op = ZoomRecordingsToObjectStorageOperator(
        task_id="archive",
        dest=f"s3://{s3_bucket.name}/zoom/",
        dest_conn_id="aws_s3_test",
        meeting_id=meeting["uuid"],
        upload_block_size=block,
        delete_after_archive="trash",
    )
    with pytest.raises(AirflowException, match="1 of 1 recording file"):
        op.execute(context={})
    assert completions  # the multipart upload was really completed, and failed
    assert s3_bucket.list_keys() == []
    assert s3_bucket.open_uploads() == []
    assert fake_zoom.deleted == []


def test_two_tasks_writing_one_name_at_once_archive_one_and_delete_only_it(fake_zoom, dest, monkeypatch):
    import threading

    from airflow_provider_zoom.hooks.zoom import ZoomHook

    meetings = [
        fake_zoom.add_meeting(
            meeting_id=100 + n,
            start_time=f"2024-03-05T1{n}:00:00Z",
            files=[{"file_type": "MP4", "size": SMALL}],
        )
        for n in range(2)
    ]
    files = {m["uuid"]: m["recording_files"][0] for m in meetings}
    # Neither download starts before the other task has started its own or has ended: both find
    # the name free, and only the store (or the claim of the name) decides.
    progress = threading.Condition()
    downloading, ended = [], []
    real = ZoomHook.download

    def download(self, *args, **kwargs):
        with progress:
            downloading.append(1)
            progress.notify_all()
            assert progress.wait_for(lambda: len(downloading) == 2 or ended, timeout=60)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(ZoomHook, "download", download)
    outcomes: dict[str, object] = {}

    def run(meeting):
        op = make_op(
            dest, meeting_id=meeting["uuid"], path_template=SHARED_TEMPLATE, delete_after_archive="trash"
        )
        try:
            outcomes[meeting["uuid"]] = op.execute(context={})
        except AirflowException as err:
            outcomes[meeting["uuid"]] = err
        finally:
            with progress:
                ended.append(meeting["uuid"])
                progress.notify_all()

    threads = [threading.Thread(target=run, args=(m,)) for m in meetings]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    failed = [m for m in meetings if isinstance(outcomes[m["uuid"]], AirflowException)]
    archived = [m for m in meetings if m not in failed]
    assert len(failed) == len(archived) == 1, outcomes
    [winner], [loser] = archived, failed
    [row] = outcomes[winner["uuid"]]
    assert hashlib.sha256(dest.read(row["key"])).hexdigest() == fake_zoom.sha256_of(files[winner["uuid"]])
    assert fake_zoom.deleted == [(winner["uuid"], "trash", None)]
    assert loser["recording_files"] == [files[loser["uuid"]]]
    assert winner["uuid"] in str(outcomes[loser["uuid"]])
    assert dest.open_uploads() == []
