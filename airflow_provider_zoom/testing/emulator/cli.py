"""``zoom-emulator``: serve the Zoom API emulator, or send signed webhook events to an endpoint.

zoom-emulator --port 8089 [--seed N] [--users N] [--recording-size BYTES] [--rate-limit] [--fault-rate P]
zoom-emulator send-event recording.completed --to URL --secret TOKEN [--payload-file FILE]
zoom-emulator validate-url --to URL --secret TOKEN

The command is installed by ``airflow-provider-zoom-emulator`` (``pip install
"airflow-provider-zoom[emulator]"``); ``python -m airflow_provider_zoom.testing.emulator.cli`` runs it too.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zoom-emulator",
        description="Serve a local emulator of Zoom's REST API v2 (OAuth, /v2 routes, recording downloads).",
    )
    parser.add_argument(
        "--host", default="127.0.0.1", help="loopback address to listen on (default 127.0.0.1)"
    )
    parser.add_argument("--port", type=int, default=8089, help="API port; 0 picks a free one (default 8089)")
    parser.add_argument(
        "--cdn-port", type=int, default=0, help="port of the download host; 0 picks a free one"
    )
    parser.add_argument("--seed", type=int, default=42, help="seed of the sample data (default 42)")
    parser.add_argument("--users", type=int, default=5, help="number of seeded users (default 5)")
    parser.add_argument(
        "--meetings-per-user", type=int, default=3, help="seeded meetings per user (default 3)"
    )
    parser.add_argument("--recording-size", type=int, default=2 * 1024 * 1024, help="bytes of each MP4 file")
    parser.add_argument("--token-ttl", type=int, default=3600, help="access token lifetime in seconds")
    parser.add_argument("--rate-limit", action="store_true", help="enforce Zoom's rate limits")
    parser.add_argument(
        "--strict",
        action="store_true",
        help="refuse query parameters and body fields unknown to Zoom's reference with code 300 naming"
        " the field (default: ignore them, as Zoom does, and record them)",
    )
    # Ignoring unknown names is the default now; the old switch stays accepted for scripts.
    parser.add_argument("--lenient", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--fault-rate", type=float, default=0.0, help="probability of injected 5xx / cut downloads"
    )
    parser.add_argument("--fault-seed", type=int, default=0, help="seed of the fault generator")
    parser.add_argument(
        "--download-401-rate", type=float, default=0.0, help="probability a download refuses a bearer token"
    )
    commands = parser.add_subparsers(dest="command", metavar="{send-event,validate-url}")

    send = commands.add_parser("send-event", help="send one signed webhook event to an endpoint")
    send.add_argument("event", help="event name, e.g. recording.completed")
    send.add_argument("--to", required=True, dest="url", help="endpoint URL")
    send.add_argument("--secret", required=True, help="the app's webhook secret token")
    send.add_argument("--payload-file", type=Path, help="JSON file holding the event's payload object")

    validate = commands.add_parser("validate-url", help="run Zoom's endpoint.url_validation challenge")
    validate.add_argument("--to", required=True, dest="url", help="endpoint URL")
    validate.add_argument("--secret", required=True, help="the app's webhook secret token")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "send-event":
        return _send_event(parser, args)
    if args.command == "validate-url":
        return _validate_url(parser, args)
    return _serve(parser, args)


def _serve(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    try:
        from airflow_provider_zoom.testing import EmulatorConfig, ZoomEmulator
    except ModuleNotFoundError as exc:
        parser.error(str(exc))

    try:
        config = EmulatorConfig(
            host=args.host,
            port=args.port,
            cdn_port=args.cdn_port,
            seed=args.seed,
            users=args.users,
            meetings_per_user=args.meetings_per_user,
            recording_size=args.recording_size,
            token_ttl=args.token_ttl,
            rate_limit=args.rate_limit,
            fault_rate=args.fault_rate,
            fault_seed=args.fault_seed,
            download_401_rate=args.download_401_rate,
            strict=args.strict and not args.lenient,
        )
    except ValueError as exc:
        field, _, problem = str(exc).partition(":")
        parser.error(f"--{field.replace('_', '-')}:{problem}" if field.isidentifier() else str(exc))
    stop = threading.Event()

    def _on_signal(signum: int, frame: Any) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
    emulator = ZoomEmulator(config)
    try:
        emulator.start()
    except RuntimeError as exc:
        print(f"zoom-emulator: {exc}", file=sys.stderr)
        return 1
    try:
        print(f"Zoom emulator listening on {emulator.base_url} (API {emulator.api_base_url})", flush=True)
        print(f"Airflow connection: {json.dumps(emulator.connection())}", flush=True)
        print("Press Ctrl-C to stop.", flush=True)
        while not stop.wait(0.5):
            pass
    finally:
        emulator.stop()
    return 0


def _load_payload(parser: argparse.ArgumentParser, path: Path | None) -> dict[str, Any] | None:
    if path is None:
        return None
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        parser.error(f"--payload-file: cannot read {path}: {exc.strerror}")
    except ValueError as exc:
        parser.error(f"--payload-file: {path} is not valid JSON: {exc}")
    if not isinstance(payload, dict):
        parser.error(f"--payload-file: {path} must hold a JSON object")
    return payload


def _send_event(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    import requests

    from airflow_provider_zoom.testing.emulator.events import send_event

    payload = _load_payload(parser, args.payload_file)
    try:
        status, body = send_event(args.url, args.event, secret_token=args.secret, payload=payload)
    except ValueError as exc:
        parser.error(str(exc))
    except requests.RequestException as exc:
        print(
            f"zoom-emulator: could not deliver {args.event} to {args.url}: {type(exc).__name__}",
            file=sys.stderr,
        )
        return 1
    print(f"{args.event} -> HTTP {status}")
    if body:
        print(body)
    return 0 if 200 <= int(status) < 300 else 1


def _validate_url(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from airflow_provider_zoom.testing.emulator.events import run_url_validation

    try:
        ok, message = run_url_validation(args.url, secret_token=args.secret)
    except ValueError as exc:
        parser.error(str(exc))
    print(("OK: " if ok else "FAILED: ") + message)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
