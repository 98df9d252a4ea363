"""
Each delivery is recorded once across processes, by a unique key in the metadata database, and a
redelivery is found through that key's index, never by reading the asset's event history.

The receiver runs in child processes against a real Airflow metadata database on SQLite
(``airflow db migrate``); child processes are what API server workers are.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from airflow_provider_zoom.testing.emulator.events import build_event
from airflow_provider_zoom.webhooks import deliveries
from airflow_provider_zoom.webhooks.signature import compute_signature

SECRET = "dedupe-webhook-secret-51c0"
ACCOUNT = "dedupe-account"
URI = f"zoom://{ACCOUNT}/recording.completed"


# ---------------------------------------------------------------------------- in the child processes
def _create_asset(uri: str) -> None:
    from airflow.models.asset import AssetActive, AssetModel
    from airflow.utils.session import create_session

    with create_session() as session:
        session.add(AssetModel(name=uri, uri=uri, group="asset", extra={}))
        session.add(AssetActive(name=uri, uri=uri))


def _fill(uri: str, extras: list[dict[str, Any]]) -> None:
    from airflow.models.asset import AssetEvent, AssetModel
    from airflow.utils.session import create_session

    now = datetime.now(timezone.utc)
    with create_session() as session:
        asset_id = session.scalar(sa.select(AssetModel.id).where(AssetModel.uri == uri))
        rows = [{"asset_id": asset_id, "extra": e, "timestamp": now} for e in extras]
        session.execute(sa.insert(AssetEvent), rows)


def _deliver(body: bytes, barrier: Any = None) -> str:
    from airflow_provider_zoom.webhooks.receiver import handle_delivery

    ts = int(time.time())
    signature = compute_signature(SECRET, timestamp=ts, body=body)
    if barrier is not None:
        barrier.wait()
    answer = handle_delivery("zoom_default", body=body, signature=signature, timestamp=str(ts))
    assert answer.status_code == 200, answer.body
    return str(answer.body["status"])


def _statements_of_delivery(body: bytes) -> tuple[str, list[str]]:
    """The answer to a delivery and every SQL statement it ran."""
    from airflow import settings
    from sqlalchemy import event

    statements: list[str] = []

    def collect(conn, cursor, statement, parameters, context, executemany):
        statements.append(" ".join(statement.split()).lower())

    event.listen(settings.engine, "before_cursor_execute", collect)
    try:
        return _deliver(body), statements
    finally:
        event.remove(settings.engine, "before_cursor_execute", collect)


def _one_delivery_held_open_while_another_is_answered(held_body: bytes, other_body: bytes) -> list[str]:
    """
    Hold one delivery inside its transaction, after its key is written, and answer another meanwhile.

    Returns what happened, in order. The held delivery is released when the other one has been
    answered; were deliveries serialised, the other could not be answered first and the held one
    would be released only by its safety timeout.
    """
    import threading

    from airflow.assets.manager import asset_manager

    happened: list[str] = []
    inside, other_answered = threading.Event(), threading.Event()
    original = asset_manager.register_asset_change

    def held(**kwargs: Any) -> Any:
        if threading.current_thread().name == "held":
            inside.set()
            if not other_answered.wait(timeout=60):
                happened.append("held delivery released by the timeout")
        return original(**kwargs)

    asset_manager.register_asset_change = held  # type: ignore[method-assign]
    try:
        first = threading.Thread(target=lambda: happened.append(f"held: {_deliver(held_body)}"), name="held")
        first.start()
        assert inside.wait(timeout=60), "the held delivery never reached the asset manager"
        happened.append(f"other: {_deliver(other_body)}")
        other_answered.set()
        first.join()
    finally:
        del asset_manager.register_asset_change
    return happened


def _deliver_while_pruning_fails(body: bytes) -> str:
    from sqlalchemy.exc import OperationalError

    def broken(bind: Any, *, now: datetime) -> int:
        raise OperationalError("DELETE FROM zoom_webhook_delivery", {}, Exception("database is locked"))

    original, deliveries.prune = deliveries.prune, broken
    try:
        return _deliver(body)
    finally:
        deliveries.prune = original


def _events_of(uri: str) -> list[str]:
    from airflow.models.asset import AssetEvent, AssetModel
    from airflow.utils.session import create_session

    with create_session() as session:
        extras = session.scalars(
            sa.select(AssetEvent.extra)
            .join(AssetModel, AssetModel.id == AssetEvent.asset_id)
            .where(AssetModel.uri == uri)
        ).all()
    return [e["payload"]["object"]["uuid"] for e in extras]


# ---------------------------------------------------------------------------- fixtures
def _migrated(home: Path, db_url: str) -> dict[str, str]:
    """Run ``airflow db migrate`` on ``db_url``; the environment that points Airflow at it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW__", "AIRFLOW_CONN_"))}
    env.update(
        {
            "AIRFLOW_HOME": str(home),
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": db_url,
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "AIRFLOW__CORE__LAZY_DISCOVER_PROVIDERS": "True",
            "AIRFLOW_CONN_ZOOM_DEFAULT": json.dumps(
                {"conn_type": "zoom", "extra": {"account_id": ACCOUNT, "webhook_secret_token": SECRET}}
            ),
        }
    )
    migrate = [sys.executable, "-m", "airflow", "db", "migrate"]
    result = subprocess.run(migrate, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    return env


@contextlib.contextmanager
def _processes(env: dict[str, str], count: int) -> Iterator[ProcessPoolExecutor]:
    """Fresh processes that read Airflow's settings from ``env`` when they import it."""
    with pytest.MonkeyPatch.context() as patch:
        for name in [k for k in os.environ if k.startswith(("AIRFLOW__", "AIRFLOW_CONN_", "AIRFLOW_HOME"))]:
            patch.delenv(name)
        for name, value in env.items():
            patch.setenv(name, value)
        with ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("spawn")) as pool:
            yield pool


@pytest.fixture(scope="module")
def workers(tmp_path_factory) -> Iterator[ProcessPoolExecutor]:
    """Four processes on an Airflow metadata database on SQLite, migrated by Airflow."""
    home = tmp_path_factory.mktemp("airflow-dedupe")
    with _processes(_migrated(home, f"sqlite:///{home / 'airflow.db'}"), 4) as pool:
        yield pool


def _body(uuid: str) -> bytes:
    event = build_event("recording.completed", account_id=ACCOUNT)
    event["payload"]["object"]["uuid"] = uuid
    return json.dumps(event).encode()


# ---------------------------------------------------------------------------- tests
@pytest.mark.e2e
def test_copies_racing_in_four_processes_record_one_event(workers):
    uri = URI.replace("recording.completed", "recording.transcript_completed")
    workers.submit(_create_asset, uri).result()
    with multiprocessing.Manager() as manager:
        for index in range(3):
            event = build_event("recording.transcript_completed", account_id=ACCOUNT)
            event["payload"]["object"]["uuid"] = f"Race{index}=="
            body = json.dumps(event).encode()
            # All four processes are past their start-up and send at once.
            barrier = manager.Barrier(4)
            answers = sorted(f.result() for f in [workers.submit(_deliver, body, barrier) for _ in range(4)])
            assert answers == ["duplicate", "duplicate", "duplicate", "registered"]
    assert sorted(workers.submit(_events_of, uri).result()) == ["Race0==", "Race1==", "Race2=="]


@pytest.mark.e2e
def test_a_redelivery_is_found_by_its_key_without_reading_the_event_history(workers):
    from airflow_provider_zoom.webhooks.events import build_extra, delivery_key

    workers.submit(_create_asset, URI).result()
    # History: 2,000 earlier events of the asset in the last hour.
    history = []
    for index in range(2000):
        event = build_event("recording.completed", account_id=ACCOUNT, event_ts=1_800_000_000_000 + index)
        history.append(
            build_extra(event, account_id=ACCOUNT, conn_id="zoom_default", key=delivery_key(event))
        )
    workers.submit(_fill, URI, history).result()

    body = _body("IndexedLookup==")
    first, first_sql = workers.submit(_statements_of_delivery, body).result()
    again, again_sql = workers.submit(_statements_of_delivery, body).result()
    assert (first, again) == ("registered", "duplicate")
    for statements in (first_sql, again_sql):
        reads = [s for s in statements if s.startswith("select") and "asset_event" in s]
        assert reads == [], reads
    # The redelivery ends at the unique key: one insert refused, no event written.
    assert [s for s in again_sql if s.startswith("insert")] == [
        s for s in again_sql if s.startswith(f"insert into {deliveries.TABLE_NAME}")
    ]
    assert len([s for s in again_sql if s.startswith("insert")]) == 1
    assert workers.submit(_events_of, URI).result().count("IndexedLookup==") == 1


@pytest.mark.e2e
def test_a_failed_prune_does_not_fail_a_recorded_delivery(workers):
    uri = f"zoom://{ACCOUNT}/recording.stopped"
    workers.submit(_create_asset, uri).result()
    event = build_event("recording.stopped", account_id=ACCOUNT)
    body = json.dumps(event).encode()
    # The event and its key are committed before the clean-up runs.
    assert workers.submit(_deliver_while_pruning_fails, body).result() == "registered"
    assert workers.submit(_deliver, body).result() == "duplicate"


@pytest.mark.e2e
def test_event_of_an_asset_no_dag_uses_leaves_the_key_free(workers):
    body = json.dumps(build_event("meeting.ended", account_id=ACCOUNT)).encode()
    assert workers.submit(_deliver, body).result() == "no_consumer"
    workers.submit(_create_asset, f"zoom://{ACCOUNT}/meeting.ended").result()
    # Once a DAG uses the asset, Zoom's redelivery of that event is recorded.
    assert workers.submit(_deliver, body).result() == "registered"
    assert workers.submit(_deliver, body).result() == "duplicate"


@pytest.mark.e2e
@pytest.mark.timeout(600)
def test_deliveries_do_not_wait_for_each_other_on_postgres(tmp_path):
    from tests.harness.deployment import PostgresServer

    postgres = PostgresServer(tmp_path / "postgres").start()
    try:
        env = _migrated(tmp_path / "airflow", postgres.url)
        with _processes(env, 1) as worker:
            worker.submit(_create_asset, URI).result()
            happened = worker.submit(
                _one_delivery_held_open_while_another_is_answered, _body("Held=="), _body("Other==")
            ).result()
            assert happened == ["other: registered", "held: registered"]
            assert sorted(worker.submit(_events_of, URI).result()) == ["Held==", "Other=="]
    finally:
        postgres.stop()


# ---------------------------------------------------------------------------- the table by itself
@pytest.fixture
def engine(tmp_path) -> Iterator[sa.Engine]:
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'meta.db'}")
    deliveries.ensure_table(engine)
    yield engine
    engine.dispose()


def test_table_is_keyed_on_account_and_delivery_key_and_created_once(engine):
    deliveries.ensure_table(engine)
    deliveries._ready.discard(str(engine.url))
    deliveries.ensure_table(engine)  # already there: nothing happens
    inspector = sa.inspect(engine)
    assert inspector.get_pk_constraint(deliveries.TABLE_NAME)["constrained_columns"] == [
        "account_id",
        "delivery_key",
    ]
    assert [i["column_names"] for i in inspector.get_indexes(deliveries.TABLE_NAME)] == [["received_at"]]


def test_a_key_is_recorded_once_per_account(engine):
    from sqlalchemy.orm import Session

    now = datetime(2031, 5, 6, 7, 8, 9, tzinfo=timezone.utc)
    outcomes = []
    for account in ("acct-a", "acct-a", "acct-b"):
        with Session(engine) as session:
            recorded = deliveries.record_delivery(session, account_id=account, key="k" * 64, now=now)
            session.commit()
            outcomes.append(recorded)
    assert outcomes == [True, False, True]


def test_a_rolled_back_delivery_leaves_its_key_free(engine):
    from sqlalchemy.orm import Session

    now = datetime(2031, 5, 6, 7, 8, 9, tzinfo=timezone.utc)
    with Session(engine) as session:
        assert deliveries.record_delivery(session, account_id="acct", key="a" * 64, now=now)
        session.rollback()  # e.g. the asset event could not be written
    with Session(engine) as session:
        assert deliveries.record_delivery(session, account_id="acct", key="a" * 64, now=now)
        session.commit()


def test_prune_deletes_keys_past_retention_at_most_once_per_interval(engine):
    from sqlalchemy.orm import Session

    start = datetime(2031, 1, 1, tzinfo=timezone.utc)
    with Session(engine) as session:
        for index, age in enumerate((timedelta(days=8), timedelta(days=6), timedelta(0))):
            deliveries.record_delivery(session, account_id="acct", key=f"{index:064d}", now=start - age)
        session.commit()

    def keys() -> list[str]:
        with engine.connect() as conn:
            return sorted(conn.scalars(sa.select(deliveries.deliveries.c.delivery_key)))

    assert deliveries.prune(engine, now=start) == 1
    assert keys() == [f"{1:064d}", f"{2:064d}"]
    # Two days later the second key is past retention, but the last prune was too recent to repeat...
    assert deliveries.prune(engine, now=start + deliveries.PRUNE_INTERVAL / 2 + timedelta(days=0)) == 0
    # ...until the interval has passed.
    assert deliveries.prune(engine, now=start + timedelta(days=2)) == 1
    assert keys() == [f"{2:064d}"]
