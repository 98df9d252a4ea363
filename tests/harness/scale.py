"""
The scale scenario: the archive DAG with N mapped tasks and the deferrable-sensor DAG, at once, on a
real Airflow deployment (Postgres, api-server, scheduler, dag-processor, triggerer; LocalExecutor or
Celery workers) against the Zoom emulator with its rate limits on.

``benchmarks/scale.py`` prints its figures; ``tests/e2e/test_scale.py`` runs it small and checks them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

EXAMPLES = Path(__file__).resolve().parents[2] / "example_dags"
ARCHIVE_DAG = "zoom_recording_archive"
SENSOR_DAG = "zoom_wait_for_recording"
#: The sensor's recording turns ``completed`` this many seconds after the sensor's first look.
SENSOR_READY_AFTER = 6.0


@dataclass
class ScaleResult:
    """What one scale run measured."""

    executor: str
    tasks: int
    archive_state: str
    sensor_state: str
    task_states: Counter
    sensor_task_states: Counter
    wall_time: float
    files_expected: int
    files_verified: int
    bytes_verified: int
    tokens_issued: int
    requests: Counter
    throttled: Counter
    limits: dict[str, int]
    active_seconds: dict[str, float]
    peak_per_second: dict[str, int]
    xcom_sizes: dict[str, int]
    sensor_deferred: bool
    deployment_start_time: float
    downloads: int = 0
    sensor_first_look: float | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def succeeded(self) -> int:
        return self.task_states.get("success", 0)

    @property
    def failed(self) -> int:
        return sum(n for state, n in self.task_states.items() if state != "success")

    @property
    def peak_xcom(self) -> tuple[str, int]:
        return max(self.xcom_sizes.items(), key=lambda kv: kv[1], default=("-", 0))

    def rate(self, category: str) -> float:
        """Requests per second Zoom accepted in ``category``, over the seconds it saw any."""
        accepted = self.requests.get(category, 0) - self.throttled.get(category, 0)
        return accepted / max(self.active_seconds.get(category, 0.0), 1.0)

    def report(self) -> str:
        mapped = self.tasks
        lines = [
            f"executor                {self.executor}",
            f"deployment start-up     {self.deployment_start_time:.1f} s (Postgres, migrations, processes)",
            f"archive run             {self.archive_state}: {mapped} mapped task(s), "
            f"{self.succeeded} task instance(s) succeeded, {self.failed} failed or unfinished "
            f"({dict(self.task_states)})",
            f"sensor run              {self.sensor_state}: {dict(self.sensor_task_states)}; "
            f"deferred to the triggerer: {'yes' if self.sensor_deferred else 'NO'}; first look "
            + (
                f"{self.sensor_first_look:.1f} s after the trigger"
                if self.sensor_first_look is not None
                else "-"
            ),
            f"wall time               {self.wall_time:.1f} s (archive run, trigger to finish)",
            f"throughput              {mapped / max(self.wall_time, 1e-9):.2f} mapped tasks/s",
            f"files verified          {self.files_verified} of {self.files_expected} "
            f"({self.bytes_verified} bytes, sha256 against the emulator's content)",
            f"OAuth tokens issued     {self.tokens_issued} "
            f"({self.tokens_issued / max(mapped, 1):.2f} per mapped task)",
            f"429s seen               {sum(self.throttled.values())} ({dict(self.throttled) or 'none'})",
        ]
        for category in sorted(self.requests):
            seconds = self.active_seconds.get(category, 0)
            peak = self.peak_per_second.get(category, 0)
            limit = self.limits.get(category)
            ratio = f" ({self.rate(category) / limit:.2f}x of it)" if limit else ""
            lines.append(
                f"Zoom {category:<18} {self.requests[category]} request(s), {self.rate(category):.2f}/s "
                f"accepted over {seconds:.0f} s, peak {peak}/s; limit {limit or '?'}/s{ratio}"
            )
        lines.append(f"downloads               {self.downloads} (not rate limited by category)")
        name, size = self.peak_xcom
        lines.append(f"peak XCom               {size} bytes ({name})")
        lines.append(
            "XCom per task           "
            + ", ".join(f"{task}: {size} B" for task, size in sorted(self.xcom_sizes.items()))
        )
        return "\n".join(lines)


def seed_meetings(zoom: Any, count: int, day: dt.date, recording_size: int) -> list[dict[str, Any]]:
    """``count`` recorded meetings on ``day``, spread over the emulator's users."""
    users = [u for u in zoom.state.users.values() if u.get("status") == "active"]
    start = dt.datetime.combine(day, dt.time(1, 0), dt.timezone.utc)
    meetings = []
    for index in range(count):
        host = users[index % len(users)]
        meetings.append(
            zoom.state.add_recorded_meeting(
                host["id"],
                topic=f"Scale meeting {index}",
                start_time=start + dt.timedelta(seconds=60 * index),
                duration=30,
                recording_size=recording_size,
            )
        )
    return meetings


def verify_archive(folder: Path, meetings: list[dict[str, Any]]) -> tuple[int, int, int]:
    """(files expected, files whose content matches Zoom's, their bytes); manifests not counted."""
    from airflow_provider_zoom.testing import expected_sha256

    expected = Counter(
        expected_sha256(f["_key"], f["_size"]) for m in meetings for f in m["_recording"]["_files"]
    )
    found: Counter = Counter()
    size = 0
    for path in folder.rglob("*"):
        if (
            path.is_file()
            and not path.name.startswith("zoom-manifest-")
            and not path.name.endswith(".partial")
        ):
            data = path.read_bytes()
            found[hashlib.sha256(data).hexdigest()] += 1
            size += len(data)
    verified = sum(min(n, found[digest]) for digest, n in expected.items())
    return sum(expected.values()), verified, size


def _make_ready_after_first_look(zoom: Any, past: dict[str, Any], stop: threading.Event) -> threading.Thread:
    """Keep the sensor's recording processing until the sensor has looked once, then finish it."""
    path = f"/v2/meetings/{past['id']}/recordings"

    def watch() -> None:
        while not stop.wait(0.1):
            if any(r["path"] == path for r in list(zoom.state.requests)):
                with zoom.state.lock:
                    past["_recording"]["_ready_at"] = time.time() + SENSOR_READY_AFTER
                return

    thread = threading.Thread(target=watch, daemon=True, name="sensor-recording")
    thread.start()
    return thread


def run_scale(
    tasks: int = 200,
    *,
    executor: str = "LocalExecutor",
    root: Path,
    parallelism: int = 8,
    pools: Mapping[str, int] | None = None,
    qps: Mapping[str, int] | None = None,
    users: int = 20,
    recording_size: int = 64 * 1024,
    timeout: float = 3600,
    progress: Callable[[str], None] = lambda message: None,
) -> ScaleResult:
    """
    Run the scenario once and measure it. Everything started here is stopped before returning.

    :param tasks: mapped archive tasks (= recorded meetings on the archived day).
    :param executor: ``LocalExecutor`` or ``CeleryExecutor`` (with a Redis broker and two workers).
    :param root: folder for the deployment, the archive and the logs.
    :param parallelism: task slots of the deployment.
    :param pools: ``{name: slots}``; default ``zoom_light`` 6, ``zoom_medium`` 2, ``zoom_sensors`` 2.
    :param qps: the emulator's per-second limit per category (default: Zoom's Pro plan).
    :param users: users of the emulated account, hosting the meetings in turn.
    :param recording_size: bytes of each MP4 (M4A files are a quarter of it).
    :param timeout: seconds to wait for both runs.
    :param progress: called with a line of text at each step.
    """
    from airflow_provider_zoom.testing import ZoomEmulator
    from airflow_provider_zoom.testing.emulator.config import DEFAULT_QPS
    from airflow_provider_zoom.testing.emulator.ratelimit import category_for
    from tests.harness.deployment import AirflowDeployment, DeploymentError

    root = Path(root)
    archive_dir = root / "archive"
    archive_dir.mkdir(parents=True, exist_ok=True)
    limits = dict(qps or DEFAULT_QPS)
    pools = dict(pools or {"zoom_light": 6, "zoom_medium": 2, "zoom_sensors": 2})
    today = dt.datetime.now(dt.timezone.utc).date()
    day = today - dt.timedelta(days=3)
    stop_watch = threading.Event()
    with ZoomEmulator(
        seed=7, users=users, meetings_per_user=0, recording_size=recording_size, rate_limit=True, qps=limits
    ) as zoom:
        meetings = seed_meetings(zoom, tasks, day, recording_size)
        sensor_meeting = zoom.state.add_recorded_meeting(topic="Sensor meeting", ready_after=86400)
        env = {
            **zoom.connection_env(),
            "ZOOM_ARCHIVE_DEST": f"file://{archive_dir}/",
            "ZOOM_ARCHIVE_SCHEDULE": "none",
            "ZOOM_POKE_INTERVAL": "2",
        }
        started = time.monotonic()
        progress(f"starting Postgres and Airflow ({executor}) under {root}")
        with AirflowDeployment(
            root / "deployment",
            [EXAMPLES / "zoom_recording_archive.py", EXAMPLES / "zoom_wait_for_recording.py"],
            executor=executor,
            env=env,
            parallelism=parallelism,
            pools=pools,
            progress=progress,
        ) as airflow:
            for dag_id in (ARCHIVE_DAG, SENSOR_DAG):
                airflow.wait_for_dag(dag_id)
            startup = time.monotonic() - started
            progress(f"deployment up in {startup:.0f} s; triggering the runs")
            watcher = _make_ready_after_first_look(zoom, sensor_meeting, stop_watch)
            zoom.state.rate_limiter.reset()
            tokens_before = zoom.state.tokens_issued
            first_request = len(zoom.state.requests)
            triggered_at = time.time()
            sensor_run = airflow.trigger(SENSOR_DAG, conf={"meeting_id": sensor_meeting["id"]})
            start = dt.datetime.combine(day, dt.time(0), dt.timezone.utc)
            t0 = time.monotonic()
            archive_run = airflow.trigger(ARCHIVE_DAG, data_interval=(start, start + dt.timedelta(days=1)))
            deadline = t0 + timeout
            states = {ARCHIVE_DAG: "queued", SENSOR_DAG: "queued"}
            runs = {ARCHIVE_DAG: archive_run, SENSOR_DAG: sensor_run}
            wall = None
            deferred = False
            last_report = 0.0
            try:
                while time.monotonic() < deadline:
                    airflow.check_alive()
                    for dag_id, run_id in runs.items():
                        if states[dag_id] not in ("success", "failed"):
                            states[dag_id] = airflow.run_state(dag_id, run_id)
                    if states[ARCHIVE_DAG] in ("success", "failed") and wall is None:
                        wall = time.monotonic() - t0
                    if not deferred:
                        deferred = any(
                            state == "deferred" for _, _, state in airflow.task_states(SENSOR_DAG, sensor_run)
                        )
                    if all(s in ("success", "failed") for s in states.values()):
                        break
                    if time.monotonic() - last_report > 30:
                        last_report = time.monotonic()
                        counts = Counter(s for _, _, s in airflow.task_states(ARCHIVE_DAG, archive_run))
                        elapsed = time.monotonic() - t0
                        progress(f"{elapsed:.0f} s: archive {dict(counts)}, sensor run {states[SENSOR_DAG]}")
                    time.sleep(0.5)
                else:
                    scheduler = next(s for s in airflow.services if s.name == "scheduler")
                    raise DeploymentError(
                        f"the runs did not finish within {timeout:.0f} s: {states}; the scheduler's log ends "
                        f"with:\n{scheduler.tail()}"
                    )
            finally:
                stop_watch.set()
                watcher.join()
            archive_tis = airflow.task_states(ARCHIVE_DAG, archive_run)
            sensor_tis = airflow.task_states(SENSOR_DAG, sensor_run)
            if airflow.postgres is None:
                raise DeploymentError("the deployment runs without Postgres: no XComs to read")
            xcoms = airflow.postgres.execute(
                "SELECT task_id, max(octet_length(value::text)) FROM xcom "
                "WHERE dag_id = %s AND run_id = %s AND key = 'return_value' GROUP BY task_id",
                ARCHIVE_DAG,
                archive_run,
            )
            triggerer_log = next(s for s in airflow.services if s.name == "triggerer").tail(200_000)
        requests = [r for r in list(zoom.state.requests)[first_request:]]
        tokens = zoom.state.tokens_issued - tokens_before
    by_category: Counter = Counter()
    throttled: Counter = Counter()
    seconds: dict[str, Counter] = {}
    downloads = 0
    for entry in requests:
        if not entry["path"].startswith("/v2/"):
            # Token requests and /rec/download redirects: not rate limited by category.
            downloads += entry["path"].startswith("/rec/")
            continue
        category = category_for(entry["method"], entry["path"][3:] or "/")
        by_category[category] += 1
        if entry["status"] == 429:
            throttled[category] += 1
        else:
            seconds.setdefault(category, Counter())[int(entry["time"])] += 1
    active = {c: float(max(s) - min(s) + 1) for c, s in seconds.items()}
    sensor_looks = [r["time"] for r in requests if f"/{sensor_meeting['id']}" in r["path"]]
    peaks = {c: max(s.values()) for c, s in seconds.items()}
    expected, verified, size = verify_archive(archive_dir, meetings)
    return ScaleResult(
        executor=executor,
        tasks=tasks,
        archive_state=states[ARCHIVE_DAG],
        sensor_state=states[SENSOR_DAG],
        task_states=Counter(state for _, _, state in archive_tis),
        sensor_task_states=Counter(f"{task}={state}" for task, _, state in sensor_tis),
        wall_time=wall if wall is not None else time.monotonic() - t0,
        files_expected=expected,
        files_verified=verified,
        bytes_verified=size,
        tokens_issued=tokens,
        requests=by_category,
        throttled=throttled,
        limits=limits,
        active_seconds=active,
        peak_per_second=peaks,
        xcom_sizes={task: int(n) for task, n in xcoms},
        sensor_deferred=deferred or "ZoomRecordingReadyTrigger" in triggerer_log,
        deployment_start_time=startup,
        downloads=downloads,
        sensor_first_look=min(sensor_looks) - triggered_at if sensor_looks else None,
        extra={"archive_run": archive_run, "sensor_run": sensor_run, "triggerer_log": triggerer_log[-5000:]},
    )
