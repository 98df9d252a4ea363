"""
ZoomHook figures: import cost on top of ``airflow.sdk`` and request throughput vs a bare requests loop.

Run: ``.venv/bin/python benchmarks/hook.py`` (or ``make bench``). Prints a table with a ratio column
(imports over their budget, requests over the bare session's rate); asserts nothing.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import time

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "1000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))


def import_cost_ms() -> tuple[float, float]:
    """Cumulative import time of the hook module, measured with ``-X importtime`` after ``airflow.sdk``."""
    code = "import airflow.sdk; from airflow.sdk import BaseHook; import airflow_provider_zoom.hooks.zoom"
    # An installed wheel ships compiled bytecode; an editable checkout (or PYTHONDONTWRITEBYTECODE=1)
    # would otherwise measure the compiler, not the import.
    import airflow_provider_zoom

    package = os.path.dirname(airflow_provider_zoom.__file__)
    subprocess.run([sys.executable, "-m", "compileall", "-q", package], check=True)
    samples = []
    for _ in range(5):
        out = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True, check=True
        ).stderr
        total = 0
        for line in out.splitlines():
            m = re.match(r"import time:\s+\d+\s+\|\s+(\d+)\s+\|\s+(\S.*)$", line)
            # The package itself is already imported by Airflow's provider discovery.
            if m and m.group(2).strip() == "airflow_provider_zoom.hooks.zoom":
                total = int(m.group(1))
        samples.append(total / 1000)
    return statistics.median(samples), min(samples)


def throughput() -> tuple[float, float]:
    """Median requests/s of ``GET /users/me`` against the local emulator: bare session vs ZoomHook."""
    import requests

    from airflow_provider_zoom.hooks.zoom import ZoomHook
    from airflow_provider_zoom.testing import ZoomEmulator

    with ZoomEmulator() as zoom:
        os.environ["AIRFLOW_CONN_ZOOM_BENCH"] = json.dumps(zoom.connection("zoom_bench"))
        hook = ZoomHook("zoom_bench")
        token = hook.get_access_token()
        url = f"{zoom.api_base_url}/users/me"
        bare_rates, hook_rates = [], []
        for _ in range(ROUNDS):
            session = requests.Session()
            start = time.perf_counter()
            for _ in range(REQUESTS):
                response = session.get(url, headers={"Authorization": f"Bearer {token}"}, timeout=60)
                response.raise_for_status()
                response.json()
            bare_rates.append(REQUESTS / (time.perf_counter() - start))
            hook = ZoomHook("zoom_bench")
            start = time.perf_counter()
            for _ in range(REQUESTS):
                hook.request("GET", "/users/me")
            hook_rates.append(REQUESTS / (time.perf_counter() - start))
        return statistics.median(bare_rates), statistics.median(hook_rates)


#: Budget of the hook module's import on top of ``airflow.sdk``.
IMPORT_BUDGET_MS = 30.0


def main() -> None:
    median_ms, min_ms = import_cost_ms()
    bare, hooked = throughput()
    rows = [
        (
            "import airflow_provider_zoom.hooks.zoom (median)",
            f"{median_ms:.1f} ms",
            median_ms / IMPORT_BUDGET_MS,
        ),
        ("import airflow_provider_zoom.hooks.zoom (best)", f"{min_ms:.1f} ms", min_ms / IMPORT_BUDGET_MS),
        ("bare requests.Session GET /users/me (bound)", f"{bare:.0f} req/s", 1.0),
        ("ZoomHook.request GET /users/me (cached token)", f"{hooked:.0f} req/s", hooked / bare),
    ]
    print(f"{'figure':<48} {'value':>12} {'ratio':>7}")
    print("-" * 69)
    for figure, value, ratio in rows:
        print(f"{figure:<48} {value:>12} {ratio:>6.2f}x")
    print(f"ratio: imports over a {IMPORT_BUDGET_MS:.0f} ms budget; requests over the bare session's rate.")


if __name__ == "__main__":
    main()
