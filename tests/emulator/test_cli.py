"""The ``zoom-emulator`` command: help, serving, option errors, send-event and validate-url."""

from __future__ import annotations

import hashlib
import hmac
import json
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import pytest
import requests

from airflow_provider_zoom.testing.emulator.cli import main

SECRET = "cli-test-secret"


def _command() -> list[str]:
    script = Path(sys.executable).with_name("zoom-emulator")
    if script.exists():
        return [str(script)]
    found = shutil.which("zoom-emulator")
    return [found] if found else [sys.executable, "-m", "airflow_provider_zoom.testing.emulator.cli"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_help() -> None:
    result = subprocess.run([*_command(), "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    for word in (
        "--port",
        "--seed",
        "--recording-size",
        "--rate-limit",
        "--strict",
        "--fault-rate",
        "send-event",
        "validate-url",
    ):
        assert word in result.stdout


def test_bad_option_names_the_field() -> None:
    result = subprocess.run(
        [*_command(), "--port", "0", "--fault-rate", "2"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert "--fault-rate" in result.stderr and "probability" in result.stderr


def test_serves_until_terminated() -> None:
    port = _free_port()
    process = subprocess.Popen(
        [*_command(), "--port", str(port), "--seed", "3", "--users", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert f"http://127.0.0.1:{port}" in first, first + (
            process.stderr.read() if process.poll() is not None else ""
        )
        connection = json.loads(process.stdout.readline().split(": ", 1)[1])
        assert connection["extra"]["api_base_url"] == f"http://127.0.0.1:{port}/v2"
        token = requests.post(
            f"http://127.0.0.1:{port}/oauth/token",
            data={"grant_type": "account_credentials", "account_id": connection["extra"]["account_id"]},
            auth=(connection["login"], connection["password"]),
            timeout=10,
        ).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        users = requests.get(f"http://127.0.0.1:{port}/v2/users", headers=headers, timeout=10).json()
        assert users["total_records"] == 2
        # By default a parameter Zoom's reference does not have is ignored, as Zoom does, and
        # recorded; a bad value is still refused.
        unknown = requests.get(
            f"http://127.0.0.1:{port}/v2/users", params={"no_such": "1"}, headers=headers, timeout=10
        )
        assert unknown.status_code == 200
        seen = requests.get(f"http://127.0.0.1:{port}/_emulator/unknown_names", timeout=10).json()
        assert seen == [{"method": "GET", "path": "/v2/users", "names": ["query.no_such"]}]
        bad = requests.get(
            f"http://127.0.0.1:{port}/v2/users", params={"status": "gone"}, headers=headers, timeout=10
        )
        assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "status"
    finally:
        process.terminate()
        returncode = process.wait(timeout=15)
    assert returncode == 0


class _Receiver(BaseHTTPRequestHandler):
    received: list[dict[str, Any]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        timestamp = self.headers["x-zm-request-timestamp"]
        expected = (
            "v0=" + hmac.new(SECRET.encode(), f"v0:{timestamp}:".encode() + body, hashlib.sha256).hexdigest()
        )
        event = json.loads(body)
        self.received.append(
            {"event": event, "signed": hmac.compare_digest(expected, self.headers["x-zm-signature"])}
        )
        if event["event"] == "endpoint.url_validation":
            plain = event["payload"]["plainToken"]
            encrypted = hmac.new(SECRET.encode(), plain.encode(), hashlib.sha256).hexdigest()
            reply = json.dumps({"plainToken": plain, "encryptedToken": encrypted}).encode()
        else:
            reply = b"{}"
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, format: str, *args: Any) -> None:
        return


@pytest.fixture
def receiver() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), _Receiver)
    _Receiver.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/zoom/webhook"
    server.shutdown()
    server.server_close()


def test_send_event(receiver: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    payload = {"account_id": "emulator-account", "object": {"uuid": "abc==", "id": 1, "topic": "From a file"}}
    payload_file = tmp_path / "payload.json"
    payload_file.write_text(json.dumps(payload))
    code = main(
        [
            "send-event",
            "meeting.ended",
            "--to",
            receiver,
            "--secret",
            SECRET,
            "--payload-file",
            str(payload_file),
        ]
    )
    assert code == 0
    assert "HTTP 200" in capsys.readouterr().out
    [delivery] = _Receiver.received
    assert delivery["signed"] is True
    assert delivery["event"]["event"] == "meeting.ended"
    assert delivery["event"]["payload"]["object"]["topic"] == "From a file"


def test_send_event_rejects_a_bad_payload_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]")
    with pytest.raises(SystemExit) as exit_info:
        main(
            [
                "send-event",
                "meeting.ended",
                "--to",
                "http://127.0.0.1:9/x",
                "--secret",
                SECRET,
                "--payload-file",
                str(bad),
            ]
        )
    assert exit_info.value.code == 2
    assert "--payload-file" in capsys.readouterr().err


def test_validate_url(receiver: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate-url", "--to", receiver, "--secret", SECRET]) == 0
    assert capsys.readouterr().out.startswith("OK")
    assert main(["validate-url", "--to", receiver, "--secret", "another-secret"]) == 1
    assert capsys.readouterr().out.startswith("FAILED")
