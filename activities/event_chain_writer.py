"""Appends an event to its case's hash chain (domain/event_chain.py) inside the caller's transaction.

The caller holds the case row locked (SELECT ... FOR UPDATE on PostgreSQL; SQLite has one writer
at a time), so two workers projecting the same case append one after the other and never fork
the chain; the unique (case_id, seq) constraint refuses a fork should a caller forget the lock.
"""

from __future__ import annotations

import functools
from typing import Any

from sqlalchemy import Insert, Select, Update, bindparam, insert, select, update
from sqlalchemy.orm import Session

from db import models
from domain.event_chain import GENESIS_HASH, ChainEntry, entry_hash


def lock_case(session: Session, case_id: int) -> models.Case | None:
    """Lock the case row before reading its chain head; call it first in the transaction.

    PostgreSQL: SELECT ... FOR UPDATE. SQLite ignores FOR UPDATE and its driver starts the
    transaction only at the first write, so a no-op UPDATE takes the database's write lock
    before anything is read (a second writer waits for it, up to the busy timeout).
    """
    if session.get_bind().dialect.name == "sqlite":
        session.execute(_take_write_lock(), {"lock_case_id": case_id})
    return session.get(models.Case, case_id, with_for_update=True)


# Statements built once per process: every projection call runs them, and building one (with
# its cache key) anew each time cost about as much CPU as executing it.


@functools.cache
def _take_write_lock() -> Update:
    return (
        update(models.Case)
        .where(models.Case.id == bindparam("lock_case_id"))
        .values(id=models.Case.id)
        .execution_options(synchronize_session=False, row_ledger_neutral=True)  # changes no value
    )


@functools.cache
def _head_statements() -> tuple[Select[Any], Insert, Update, Insert]:
    """Read a case's chain head, insert events, update the head, insert a first head."""
    heads = models.Base.metadata.tables["case_chain_heads"]
    return (
        select(heads.c.seq, heads.c.hash).where(heads.c.case_id == bindparam("head_case_id")),
        insert(models.Base.metadata.tables["case_events"]),
        update(heads).where(heads.c.case_id == bindparam("head_case_id")),
        insert(heads),
    )


@functools.cache
def _head_and_present_keys() -> Select[Any]:
    """The case's head, once per event among :keys it holds already (event_key NULL: none)."""
    heads, events = (models.Base.metadata.tables[name] for name in ("case_chain_heads", "case_events"))
    present = (events.c.case_id == heads.c.case_id) & events.c.event_key.in_(bindparam("keys", expanding=True))
    return (
        select(heads.c.seq, heads.c.hash, events.c.event_key)
        .select_from(heads.outerjoin(events, present))
        .where(heads.c.case_id == bindparam("head_case_id"))
    )


@functools.cache
def _present_keys() -> Select[Any]:
    events = models.Base.metadata.tables["case_events"]
    return select(events.c.event_key).where(
        events.c.case_id == bindparam("head_case_id"), events.c.event_key.in_(bindparam("keys", expanding=True))
    )


def append_event(session: Session, event: models.CaseEvent) -> models.CaseEvent:
    """Give `event` its place in the chain, add it to the session and move the case's head."""
    head = session.get(models.CaseChainHead, event.case_id)
    seq, prev = (head.seq + 1, head.hash) if head is not None else (1, GENESIS_HASH)
    event.reason = event.reason or ""
    event.seq, event.prev_hash = seq, prev
    event.hash = entry_hash(chain_entry(event))
    session.add(event)
    if head is None:
        session.add(models.CaseChainHead(case_id=event.case_id, seq=seq, hash=event.hash))
        session.flush()  # the next append in this transaction must find the head it just made
    else:
        head.seq, head.hash = seq, event.hash
    return event


def append_events(session: Session, case_id: int, events: list[dict[str, Any]]) -> None:
    """Append new events (their column values, in order) to the case's chain with Core statements:
    one read of the head, one multi-row INSERT, one write of the head.

    The same links as `append_event` one by one: each event's hash is taken over the same
    canonical entry. The projection writes its events this way; `append_event` stays for callers
    that append one event through the ORM. Both run under the case row's lock (`lock_case`).
    """
    if not events:
        return
    found = session.execute(_head_statements()[0], {"head_case_id": case_id}).first()
    _append(session, case_id, None if found is None else (found.seq, found.hash), events)


def append_new_events(session: Session, case_id: int, events: list[dict[str, Any]]) -> None:
    """`append_events` for those of `events` whose key the case's timeline does not hold yet (a
    retry's are there), with one statement reading both the head and the keys already present."""
    if not events:
        return
    keys = [values["event_key"] for values in events]
    found = session.execute(_head_and_present_keys(), {"head_case_id": case_id, "keys": keys}).all()
    if found:
        head: tuple[int, str] | None = (found[0].seq, found[0].hash)
        present = {row.event_key for row in found if row.event_key is not None}
    else:  # no head: a first append, unless the timeline was written without one
        head = None
        present = set(session.scalars(_present_keys(), {"head_case_id": case_id, "keys": keys}))
    _append(session, case_id, head, [values for values in events if values["event_key"] not in present])


def _append(session: Session, case_id: int, head: tuple[int, str] | None, events: list[dict[str, Any]]) -> None:
    if not events:
        return
    _, insert_events, update_head, insert_head = _head_statements()
    seq, prev = head if head is not None else (0, GENESIS_HASH)
    rows: list[dict[str, Any]] = []
    for values in events:
        seq += 1
        row = {**values, "case_id": case_id, "reason": values.get("reason") or "", "seq": seq, "prev_hash": prev}
        row["data"] = row.get("data") or {}
        prev = row["hash"] = entry_hash(_entry(row))
        rows.append(row)
    session.execute(insert_events, rows)
    if head is None:
        session.execute(insert_head, {"case_id": case_id, "seq": seq, "hash": prev})
    else:
        session.execute(update_head, {"head_case_id": case_id, "seq": seq, "hash": prev})


def _entry(row: dict[str, Any]) -> ChainEntry:
    return ChainEntry(
        case_id=row["case_id"],
        seq=row["seq"],
        event_key=row["event_key"],
        at=row["at"],
        actor_user_id=row.get("actor_user_id"),
        actor_name=row["actor_name"],
        kind=row["kind"],
        summary=row["summary"],
        reason=row["reason"],
        data=row["data"],
        prev_hash=row["prev_hash"],
        hash="",
    )


def chain_entry(event: models.CaseEvent) -> ChainEntry:
    return ChainEntry(
        case_id=event.case_id,
        seq=event.seq,
        event_key=event.event_key,
        at=event.at,
        actor_user_id=event.actor_user_id,
        actor_name=event.actor_name,
        kind=event.kind,
        summary=event.summary,
        reason=event.reason or "",
        data=event.data or {},
        prev_hash=event.prev_hash,
        hash=event.hash or "",
    )
