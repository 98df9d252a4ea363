"""``ZoomEmulator``: runs the emulator app with uvicorn in a background thread."""

from __future__ import annotations

import json
import logging
import socket
import threading
import time
import urllib.request
import weakref
from types import TracebackType
from typing import Any

from airflow_provider_zoom._http import DEFAULT_CONN_ID
from airflow_provider_zoom.testing.emulator.config import EmulatorConfig
from airflow_provider_zoom.testing.emulator.state import EmulatorState

STARTUP_TIMEOUT = 15.0
_CUT_MESSAGE = "ASGI callable returned without completing response."


# Every emulator started in this process, while referenced: a test suite's hook reads their
# unknown names after each test without being handed each emulator.
_STARTED: weakref.WeakSet[ZoomEmulator] = weakref.WeakSet()


def started_emulators() -> list[ZoomEmulator]:
    """The emulators started in this process that are still referenced (running or stopped)."""
    return list(_STARTED)


class _InjectedCutFilter(logging.Filter):
    """Hide uvicorn's error line for the download streams the emulator cuts on purpose."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != _CUT_MESSAGE


def _quiet_injected_cuts() -> None:
    logger = logging.getLogger("uvicorn.error")
    if not any(isinstance(f, _InjectedCutFilter) for f in logger.filters):
        logger.addFilter(_InjectedCutFilter())


class ZoomEmulator:
    """A local Zoom API (``/v2``), OAuth token endpoint and recording download host.

    Use it as a context manager, or call ``start()`` / ``stop()``::

        with ZoomEmulator(seed=1, recording_size=1 << 20) as zoom:
            requests.post(f"{zoom.oauth_base_url}/oauth/token", ...)

    ``config`` gives all options at once; keyword ``overrides`` change single fields of it.
    """

    def __init__(self, config: EmulatorConfig | None = None, **overrides: Any) -> None:
        base = config or EmulatorConfig()
        self.config = base.replace(**overrides) if overrides else base
        self.state = EmulatorState(self.config)
        self._server: Any = None
        self._thread: threading.Thread | None = None
        self._port: int | None = None
        self._cdn_port: int | None = None

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> ZoomEmulator:
        """Start serving; returns once the server answers requests."""
        if self._thread is not None:
            raise RuntimeError("the emulator is already running")
        import uvicorn

        from airflow_provider_zoom.testing.emulator.app import create_app

        sock = self._bind(self.config.port)
        cdn_sock = self._bind(self.config.cdn_port)
        self._port = sock.getsockname()[1]
        self._cdn_port = cdn_sock.getsockname()[1]
        self.state.rebase_urls(self.base_url, self.cdn_base_url)
        _quiet_injected_cuts()
        app = create_app(self.state)
        server_config = uvicorn.Config(
            app,
            log_level="warning",
            access_log=False,
            lifespan="off",
            timeout_graceful_shutdown=1,
            server_header=False,
        )
        self._server = uvicorn.Server(server_config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [sock, cdn_sock]}, name="zoom-emulator", daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if self._server.started:
                try:
                    with urllib.request.urlopen(f"{self.base_url}/_emulator/state", timeout=2) as reply:
                        if reply.status == 200:
                            _STARTED.add(self)
                            return self
                except OSError:
                    pass
            if not self._thread.is_alive():
                break
            time.sleep(0.02)
        self.stop()
        raise RuntimeError(f"the Zoom emulator did not start on {self.config.host}:{self._port}")

    def _bind(self, port: int) -> socket.socket:
        sock = socket.socket(
            socket.AF_INET6 if ":" in self.config.host else socket.AF_INET, socket.SOCK_STREAM
        )
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((self.config.host, port))
        except OSError as exc:
            sock.close()
            raise RuntimeError(f"cannot listen on {self.config.host}:{port}: {exc.strerror}") from exc
        return sock

    def stop(self) -> None:
        """Stop serving and wait for the server thread to end."""
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
            if self._thread.is_alive() and self._server is not None:
                self._server.force_exit = True
                self._thread.join(timeout=5)
        self._thread = None
        self._server = None

    def __enter__(self) -> ZoomEmulator:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # ------------------------------------------------------------------ addresses and credentials
    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("the emulator is not started")
        return self._port

    @property
    def base_url(self) -> str:
        host = f"[{self.config.host}]" if ":" in self.config.host else self.config.host
        return f"http://{host}:{self.port}"

    @property
    def cdn_base_url(self) -> str:
        """Origin of the signed download URLs (same host, another port: another origin)."""
        if self._cdn_port is None:
            raise RuntimeError("the emulator is not started")
        host = f"[{self.config.host}]" if ":" in self.config.host else self.config.host
        return f"http://{host}:{self._cdn_port}"

    @property
    def api_base_url(self) -> str:
        return f"{self.base_url}/v2"

    @property
    def oauth_base_url(self) -> str:
        return self.base_url

    @property
    def client_id(self) -> str:
        return self.state.client_id

    @property
    def client_secret(self) -> str:
        return self.state.client_secret

    @property
    def account_id(self) -> str:
        return self.state.account_id

    @property
    def webhook_secret_token(self) -> str:
        return self.state.webhook_secret_token

    @property
    def initial_refresh_token(self) -> str:
        """A valid refresh token; it stops working once exchanged (refresh tokens rotate)."""
        return self.state.initial_refresh_token

    def advance_clock(self, seconds: float) -> float:
        """Move the emulator's clock forward: token, page-token, signed-URL and processing deadlines pass.

        :param seconds: how far, 0 or more.
        :returns: the emulator's time afterwards, in seconds since the epoch.
        :raises ValueError: naming ``seconds`` when it is negative.
        """
        return self.state.clock.advance(seconds)

    def unknown_names(self) -> list[dict[str, Any]]:
        """
        The API requests that carried names outside Zoom's reference, since the last clear.

        Zoom ignores such query parameters and body fields, and so does the emulator (unless
        ``strict``); a test suite reads them here to insist its own requests carry none.

        :returns: ``[{"method": "GET", "path": "/v2/users", "names": ["query.no_such"]}, ...]``.
        """
        return self.state.unknown_names()

    def clear_unknown_names(self) -> None:
        """Forget the unknown names recorded so far."""
        self.state.clear_unknown_names()

    def check_no_unknown_names(self) -> None:
        """
        Raise ``AssertionError`` naming each request that carried names outside Zoom's reference.

        The names are cleared either way, so the next check sees only later requests.
        """
        seen = self.unknown_names()
        self.clear_unknown_names()
        if seen:
            lines = [f"{s['method']} {s['path']}: {', '.join(s['names'])}" for s in seen]
            raise AssertionError(
                "requests carried names outside Zoom's reference (Zoom ignores them):\n  "
                + "\n  ".join(lines)
            )

    def connection(self, conn_id: str = DEFAULT_CONN_ID) -> dict[str, Any]:
        """The Airflow connection for this emulator, as a dict."""
        return {
            "conn_type": "zoom",
            "login": self.client_id,
            "password": self.client_secret,
            "extra": {
                "account_id": self.account_id,
                "api_base_url": self.api_base_url,
                "oauth_base_url": self.oauth_base_url,
                "webhook_secret_token": self.webhook_secret_token,
            },
        }

    def connection_env(self, conn_id: str = DEFAULT_CONN_ID) -> dict[str, str]:
        """``{"AIRFLOW_CONN_<CONN_ID>": <connection JSON>}`` for ``os.environ`` / ``monkeypatch``."""
        return {f"AIRFLOW_CONN_{conn_id.upper()}": json.dumps(self.connection(conn_id))}
