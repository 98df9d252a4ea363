from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from airflow_provider_zoom.webhooks.assets import (
    create_asset,
    parse_zoom_asset_uri,
    sanitize_uri,
    zoom_asset_uri,
)


def test_uri_keeps_account_case():
    assert zoom_asset_uri("D8cJuqWVQ623CI4Q8yQK0Q", "recording.completed") == (
        "zoom://D8cJuqWVQ623CI4Q8yQK0Q/recording.completed"
    )
    assert parse_zoom_asset_uri("zoom://D8cJuq-WV_Q/meeting.participant_joined") == (
        "D8cJuq-WV_Q",
        "meeting.participant_joined",
    )


@pytest.mark.parametrize(
    ("uri", "message"),
    [
        ("zoom:///recording.completed", "account ID"),
        ("zoom://acct", "exactly one event"),
        ("zoom://acct/", "exactly one event"),
        ("zoom://acct/recording.completed/extra", "exactly one event"),
        ("zoom://acct/recording", "event:"),
        ("zoom://acct/Recording.Completed", "event:"),
        ("zoom://acct/recording.completed?x=1", "query"),
        ("zoom://user:pw@acct/recording.completed", "password"),
        ("zoom://acct:80/recording.completed", "port"),
        ("s3://acct/recording.completed", "scheme"),
    ],
)
def test_sanitize_rejects(uri, message):
    with pytest.raises(ValueError, match=message):
        sanitize_uri(urlsplit(uri))


def test_sanitize_accepts():
    parts = urlsplit("zoom://emulator-account/recording.completed")
    assert sanitize_uri(parts) == parts


@pytest.mark.parametrize(("account", "event"), [("", "recording.completed"), ("a/b", "x.y"), ("acct", "")])
def test_bad_parts_name_the_field(account, event):
    with pytest.raises(ValueError, match="account_id|event"):
        zoom_asset_uri(account, event)


def test_create_asset():
    asset = create_asset(account_id="emulator-account", event="recording.completed")
    assert asset.uri == "zoom://emulator-account/recording.completed"
    assert asset.name == asset.uri


def test_handler_inside_airflow_asset_parsing(monkeypatch):
    from airflow.sdk import Asset
    from airflow.sdk.definitions import asset as asset_module

    # As when the provider info registers sanitize_uri for the zoom scheme.
    monkeypatch.setattr(
        asset_module, "_get_uri_normalizer", lambda scheme: sanitize_uri if scheme == "zoom" else None
    )
    assert Asset("ZOOM://Acct-1/recording.completed/").uri == "zoom://Acct-1/recording.completed"
    with pytest.raises(ValueError, match="exactly one event"):
        Asset("zoom://acct")
