"""
ZoomHook figures: import cost on top of ``airflow.sdk`` and request throughput vs a bare requests loop.

Run: ``.venv/bin/python benchmarks/hook.py`` (or ``make bench``). Prints a table; asserts nothing.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "2000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))


def import_cost_ms() -> tuple[float, float]:
    """Cumulative import time of the hook module, measured with ``-X importtime`` after ``airflow.sdk``."""
    code = "import airflow.sdk; from airflow.sdk import BaseHook; import airflow_provider_zoom.hooks.zoom"
    samples = []
    for _ in range(5):
        out = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True, check=True
        ).stderr
        total = 0
        for line in out.splitlines():
            m = re.match(r"import time:\s+\d+\s+\|\s+(\d+)\s+\|\s+(\S.*)$", line)
            if m and m.group(2).strip() == "airflow_provider_zoom.hooks.zoom":
                total = int(m.group(1))
            elif m and m.group(2).strip() == "airflow_provider_zoom" and total == 0:
                total = int(m.group(1))
        samples.append(total / 1000)
    return statistics.median(samples), min(samples)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    body = json.dumps({"id": "me", "email": "owner@example.com"}).encode()

    def log_message(self, *args):
        pass

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        body = json.dumps({"access_token": "bench", "expires_in": 3600}).encode()
        self._reply(body)

    def do_GET(self):
        self._reply(self.body)

    def _reply(self, body: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def throughput() -> tuple[float, float]:
    import requests

    from airflow_provider_zoom.hooks.zoom import ZoomHook

    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    os.environ["AIRFLOW_CONN_ZOOM_BENCH"] = json.dumps(
        {
            "conn_type": "zoom",
            "login": "id",
            "password": "secret",
            "extra": {"account_id": "a", "api_base_url": f"{base}/v2", "oauth_base_url": base},
        }
    )
    try:
        bare_rates, hook_rates = [], []
        for _ in range(ROUNDS):
            session = requests.Session()
            start = time.perf_counter()
            for _ in range(REQUESTS):
                session.get(f"{base}/v2/users/me", headers={"Authorization": "Bearer x"}, timeout=60).json()
            bare_rates.append(REQUESTS / (time.perf_counter() - start))
            hook = ZoomHook("zoom_bench")
            start = time.perf_counter()
            for _ in range(REQUESTS):
                hook.request("GET", "/users/me")
            hook_rates.append(REQUESTS / (time.perf_counter() - start))
        return statistics.median(bare_rates), statistics.median(hook_rates)
    finally:
        server.shutdown()


def main() -> None:
    median_ms, min_ms = import_cost_ms()
    bare, hooked = throughput()
    print(f"{'figure':<48} {'value':>12}")
    print("-" * 61)
    print(f"{'import airflow_provider_zoom.hooks.zoom (median)':<48} {median_ms:>9.1f} ms")
    print(f"{'import airflow_provider_zoom.hooks.zoom (best)':<48} {min_ms:>9.1f} ms")
    print(f"{'bare requests.Session GET /users/me':<48} {bare:>8.0f} req/s")
    print(f"{'ZoomHook.request GET /users/me (cached token)':<48} {hooked:>8.0f} req/s")
    print(f"{'hook / bare':<48} {hooked / bare:>11.1%}")


if __name__ == "__main__":
    main()
