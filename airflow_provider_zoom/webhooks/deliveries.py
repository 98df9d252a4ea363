"""
The deliveries already recorded: one row per Zoom delivery key, unique in the metadata database.

Zoom retries a delivery that failed or timed out, and a ``recording.completed`` can arrive more
than once, possibly at different API server workers or hosts at the same moment. The receiver
inserts the delivery's key into ``zoom_webhook_delivery`` in the same transaction as the asset
event; the table's primary key lets exactly one transaction in the whole deployment commit it,
and every other copy gets an ``IntegrityError`` and is answered as a duplicate. The look-up is the
primary key's index, so it costs the same however many events the asset has.

Airflow's own tables cannot be migrated by a provider, so this small table belongs to the
provider: it is created on Airflow's metadata database the first time a delivery needs it
(``CREATE TABLE`` if it is missing, safe when several workers race to create it), and rows older
than :data:`RETENTION` are deleted, at most once every :data:`PRUNE_INTERVAL` per process.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from airflow.models.base import COLLATION_ARGS
from airflow.utils.sqlalchemy import UtcDateTime
from sqlalchemy import (
    Column,
    Index,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    delete,
    insert,
    inspect,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DatabaseError, IntegrityError
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

TABLE_NAME = "zoom_webhook_delivery"
# Zoom's retries and repeated ``recording.completed`` notifications come within hours (see
# docs/webhooks.md); a week covers them with room to spare and keeps the table small.
RETENTION = timedelta(days=7)
PRUNE_INTERVAL = timedelta(minutes=10)

# A metadata of its own, so Airflow's migrations and ``airflow db reset`` never see the table.
_metadata = MetaData()

deliveries = Table(
    TABLE_NAME,
    _metadata,
    # Zoom account IDs are at most 128 characters (see ``assets.validate_account_id``) and
    # case-sensitive: Airflow's collation for ids keeps them so on MySQL.
    Column("account_id", String(128, **COLLATION_ARGS), nullable=False),
    # The SHA-256 hex of the event, its event_ts and its payload (``events.delivery_key``).
    Column("delivery_key", String(64), nullable=False),
    Column("received_at", UtcDateTime, nullable=False),
    PrimaryKeyConstraint("account_id", "delivery_key", name="zoom_webhook_delivery_pkey"),
    Index("idx_zoom_webhook_delivery_received_at", "received_at"),
)

# Databases (by URL, password hidden) known to have the table: the check runs once per process.
_ready: set[str] = set()
_last_prune: dict[str, datetime] = {}


def _database(bind: Engine | Connection) -> str:
    return str(bind.engine.url)


def ensure_table(bind: Engine | Connection) -> None:
    """
    Create the table and its index on ``bind``'s database if they are missing.

    Several API server workers may start on an empty table at once: when another creates it first,
    the error of the losing ``CREATE`` is ignored once the table is seen to exist.

    :param bind: an engine (or connection) of Airflow's metadata database.
    """
    engine = bind.engine
    if _database(engine) in _ready:
        return
    try:
        _metadata.create_all(engine, checkfirst=True)
    except DatabaseError:
        if not inspect(engine).has_table(TABLE_NAME):
            raise
    _ready.add(_database(engine))


def record_delivery(session: Session, *, account_id: str, key: str, now: datetime) -> bool:
    """
    Insert the delivery's key in ``session``'s transaction; False when it is already recorded.

    Call :func:`ensure_table` first, before the session holds a connection (creating the table
    takes another), and call this before writing anything else in the transaction: on a duplicate
    the session is rolled back. A concurrent transaction holding the same key makes this one wait
    for its outcome: if it commits, this is a duplicate; if it rolls back, this one records the
    delivery.

    :param session: a session of Airflow's metadata database.
    :param account_id: the Zoom account the delivery is for.
    :param key: the delivery key.
    :param now: the time of receipt (timezone-aware).
    """
    try:
        session.execute(insert(deliveries).values(account_id=account_id, delivery_key=key, received_at=now))
    except IntegrityError:
        session.rollback()
        return False
    return True


def prune(bind: Engine | Connection, *, now: datetime) -> int:
    """
    Delete rows received more than :data:`RETENTION` before ``now``; the number deleted.

    Runs at most once every :data:`PRUNE_INTERVAL` per database in this process.

    :param bind: an engine of Airflow's metadata database.
    :param now: the current time (timezone-aware).
    """
    engine = bind.engine
    last = _last_prune.get(_database(engine))
    if last is not None and now - last < PRUNE_INTERVAL:
        return 0
    _last_prune[_database(engine)] = now
    ensure_table(engine)
    with engine.begin() as conn:
        result = conn.execute(delete(deliveries).where(deliveries.c.received_at < now - RETENTION))
    if result.rowcount:
        log.info("Pruned %d Zoom webhook delivery keys older than %s.", result.rowcount, RETENTION)
    return int(result.rowcount or 0)
