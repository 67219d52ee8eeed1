"""Keeps the row ledger (domain/row_integrity.py) current: one place, for every write path.

Two SQLAlchemy hooks on every Session: `after_flush` notes each protected row a flush inserted,
deleted or changed in a protected column; `before_commit` flushes, reads those rows back as the
database now holds them, computes their field-class digests and appends one ledger entry per row
in the same transaction (a row changed by several flushes of one transaction costs one entry). The
projection activity, the intake services, uploads, service records, the blacklist activity and
the demo and seed loaders all write through the ORM, so none of them can forget; a direct SQL
edit bypasses the hook and the verifier (services/row_verify.py) names the row.

Concurrency: a scope's head row is read FOR UPDATE on PostgreSQL, after the transaction's writes,
so two writers of one case append one after the other; the projection already holds the case
row (lock order: case row, then head). SQLite has one writer at a time, and the flush has
already taken its write lock. The unique (scope, seq) constraint refuses a fork regardless.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event, inspect
from sqlalchemy.engine import Connection
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction, UOWTransaction

from db import models
from db.types import UTCDateTime
from domain.row_integrity import PROTECTED, LedgerEntry, Row, TableSpec, chain, class_digests

_TYPES: dict[str, Any] = {
    "int": sa.Integer,
    "str": sa.String,
    "bool": sa.Boolean,
    "json": sa.JSON,
    "datetime": UTCDateTime(timezone=True),
    "date": sa.Date,
}


@functools.cache
def _typed_table(table_name: str) -> sa.TableClause:
    spec = PROTECTED[table_name]
    return sa.table(spec.table, *(sa.column(c, _TYPES[spec.kinds.get(c, "str")]) for c in spec.columns))


def typed_table(spec: TableSpec) -> sa.TableClause:
    """The protected columns of a table, typed so that every reader gets the same Python values
    (the hook, the verifier and migration 0013 read rows through this, never through the models)."""
    return _typed_table(spec.table)


@functools.cache
def ledger_table() -> sa.TableClause:
    return sa.table(
        "row_ledger",
        sa.column("id", sa.Integer),
        sa.column("scope", sa.String),
        sa.column("seq", sa.Integer),
        sa.column("table_name", sa.String),
        sa.column("row_key", sa.String),
        sa.column("digests", sa.JSON),
        sa.column("deleted", sa.Boolean),
        sa.column("at", UTCDateTime(timezone=True)),
        sa.column("prev_hash", sa.String),
        sa.column("hash", sa.String),
    )


@functools.cache
def heads_table() -> sa.TableClause:
    return sa.table(
        "row_ledger_heads", sa.column("scope", sa.String), sa.column("seq", sa.Integer), sa.column("hash", sa.String)
    )


def ledger_row(entry: LedgerEntry) -> dict[str, Any]:
    return {
        "scope": entry.scope,
        "seq": entry.seq,
        "table_name": entry.table,
        "row_key": entry.row_key,
        "digests": entry.digests,
        "deleted": entry.deleted,
        "at": entry.at,
        "prev_hash": entry.prev_hash,
        "hash": entry.hash,
    }


def entries_for_rows(
    rows: Iterable[tuple[TableSpec, Row]], at: dt.datetime
) -> tuple[list[LedgerEntry], dict[str, tuple[int, str]]]:
    """Ledger entries for rows of fresh scopes (a back-fill, a bulk load), and the heads they end at."""
    by_scope: dict[str, list[tuple[str, str, dict[str, str], bool]]] = defaultdict(list)
    for spec, row in rows:
        by_scope[spec.scope_of(row)].append((spec.table, spec.row_key(row), class_digests(spec, row), False))
    entries: list[LedgerEntry] = []
    heads: dict[str, tuple[int, str]] = {}
    for scope, items in by_scope.items():
        chained = chain(scope, None, items, at)
        entries.extend(chained)
        heads[scope] = (chained[-1].seq, chained[-1].hash)
    return entries, heads


@functools.cache
def _append_statements() -> tuple[sa.Select[Any], sa.Insert, sa.Insert, sa.Update]:
    """The statements of `append`, built once: every commit runs them, and building a statement
    (and its cache key) anew each time cost more CPU than executing it on SQLite."""
    heads = heads_table()
    return (
        sa.select(heads.c.seq, heads.c.hash).where(heads.c.scope == sa.bindparam("scope")).with_for_update(),
        sa.insert(ledger_table()),
        sa.insert(heads),
        sa.update(heads).where(heads.c.scope == sa.bindparam("at_scope")),
    )


def append(conn: Connection, scope: str, items: Sequence[tuple[str, str, dict[str, str], bool]]) -> None:
    """Append (table, row_key, digests, deleted) to one scope's ledger and move its head."""
    read_head, insert_entries, insert_head, update_head = _append_statements()
    found = conn.execute(read_head, {"scope": scope}).first()
    head = (found.seq, found.hash) if found is not None else None
    entries = chain(scope, head, items, dt.datetime.now(dt.UTC))
    conn.execute(insert_entries, [ledger_row(e) for e in entries])
    last = entries[-1]
    if head is None:
        conn.execute(insert_head, {"scope": scope, "seq": last.seq, "hash": last.hash})
    else:
        conn.execute(update_head, {"at_scope": scope, "seq": last.seq, "hash": last.hash})


# ---- the hooks -------------------------------------------------------------------------

_SPEC_BY_CLASS: dict[type, TableSpec] = {
    mapper.class_: PROTECTED[str(getattr(mapper.local_table, "name", ""))]
    for mapper in models.Base.registry.mappers
    if getattr(mapper.local_table, "name", None) in PROTECTED
}


# Each protected table's columns, as a set (TableSpec.columns builds its tuple on every call).
_COLUMNS: dict[str, frozenset[str]] = {spec.table: frozenset(spec.columns) for spec in PROTECTED.values()}


def _changed(obj: object, spec: TableSpec) -> bool:
    state = inspect(obj)
    # An attribute set since the last flush has its old value in committed_state; only those can
    # have changed (cheap: the projection's tasks and cases are dirty in unprotected columns too).
    touched = _COLUMNS[spec.table].intersection(state.committed_state)
    attrs = state.attrs
    return any(attrs[c].history.has_changes() for c in touched)


_PENDING = "row_ledger_pending"


@dataclass
class _Pending:
    """Protected rows a transaction wrote or deleted, noted at each flush, entered at commit."""

    written: dict[str, dict[tuple[Any, ...], None]] = field(default_factory=lambda: defaultdict(dict))
    removed: dict[tuple[str, tuple[Any, ...]], dict[str, Any]] = field(default_factory=dict)


@event.listens_for(Session, "after_flush")
def _note_protected_rows(session: Session, _flush: UOWTransaction) -> None:
    pending: _Pending | None = session.info.get(_PENDING)
    dirty = [o for o in session.dirty if type(o) in _SPEC_BY_CLASS and _changed(o, _SPEC_BY_CLASS[type(o)])]
    changes = [*((o, False) for o in session.new), *((o, False) for o in dirty), *((o, True) for o in session.deleted)]
    for obj, removed in changes:
        spec = _SPEC_BY_CLASS.get(type(obj))
        if spec is None:
            continue
        if pending is None:
            pending = session.info[_PENDING] = _Pending()
        key = tuple(getattr(obj, c) for c in spec.key)
        if removed:
            pending.written[spec.table].pop(key, None)
            pending.removed[spec.table, key] = {c: getattr(obj, c) for c in (*spec.key, spec.case_column) if c}
        else:
            pending.removed.pop((spec.table, key), None)
            pending.written[spec.table][key] = None


@event.listens_for(Session, "before_commit")
def _record_protected_rows(session: Session) -> None:
    """One entry per protected row the transaction changed, as it stands at commit."""
    session.flush()  # the commit's own flush comes after this hook: note its rows first
    pending: _Pending | None = session.info.pop(_PENDING, None)
    if pending is None:
        return
    conn = session.connection()
    by_scope: dict[str, list[tuple[str, str, dict[str, str], bool]]] = defaultdict(list)
    for table_name, keys in pending.written.items():
        spec = PROTECTED[table_name]
        for row in _read_rows(conn, spec, list(keys)):
            by_scope[spec.scope_of(row)].append((spec.table, spec.row_key(row), class_digests(spec, row), False))
    removed: dict[str, list[tuple[tuple[Any, ...], dict[str, Any]]]] = defaultdict(list)
    for (table_name, key), row in pending.removed.items():
        removed[table_name].append((key, row))
    for table_name, items in removed.items():
        spec = PROTECTED[table_name]
        still = {tuple(r[c] for c in spec.key): r for r in _read_rows(conn, spec, [key for key, _ in items])}
        for key, row in items:
            found = still.get(key)  # a rolled-back savepoint may have undone the delete
            digests = class_digests(spec, found) if found is not None else {}
            by_scope[spec.scope_of(row)].append((spec.table, spec.row_key(row), digests, found is None))
    for scope in sorted(by_scope):  # one order for every writer: no deadlock between scopes
        append(conn, scope, by_scope[scope])


@event.listens_for(Session, "after_soft_rollback")
def _forget_protected_rows(session: Session, previous: SessionTransaction) -> None:
    """A rolled-back transaction wrote nothing. After a savepoint's rollback the notes stay: the
    read-back at commit finds what the savepoint undid."""
    if not previous.nested:
        session.info.pop(_PENDING, None)


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk_writes(state: ORMExecuteState) -> None:
    """An ORM bulk UPDATE or DELETE of a protected entity would bypass the flush hooks: refuse it
    (a programming error, found by the first test that runs it)."""
    if not (state.is_update or state.is_delete) or state.execution_options.get("row_ledger_neutral"):
        return
    mapper = state.bind_mapper
    spec = _SPEC_BY_CLASS.get(mapper.class_) if mapper is not None else None
    if spec is None or (state.is_update and not _sets_protected_column(state.statement, spec)):
        return
    raise RuntimeError(
        f"bulk {'UPDATE' if state.is_update else 'DELETE'} of {spec.table} bypasses the row ledger:"
        " load the rows and change them through the session (db/row_ledger.py)"
    )


def _sets_protected_column(statement: Any, spec: TableSpec) -> bool:
    """Whether an UPDATE sets a protected column (a user's failed logins, say, are not protected)."""
    values = getattr(statement, "_values", None)
    if not values:
        return True  # ordered or multi-row values: assume the worst
    return any(str(getattr(column, "key", column)) in spec.columns for column in values)


@functools.cache
def _read_by_key(table_name: str) -> sa.Select[Any]:
    """SELECT a single-key table's protected columns WHERE key IN :keys, built once per table."""
    spec = PROTECTED[table_name]
    table = typed_table(spec)
    return sa.select(table).where(table.c[spec.key[0]].in_(sa.bindparam("keys", expanding=True)))


def _read_rows(conn: Connection, spec: TableSpec, keys: list[tuple[Any, ...]]) -> list[Row]:
    """The rows in key order, the order SQLite returns them in: PostgreSQL returns them in its
    storage order, which depends on the order of the transaction's statements, and the ledger
    entries follow this order."""
    table = typed_table(spec)
    rows: list[Row] = []
    for start in range(0, len(keys), 500):
        chunk = list(dict.fromkeys(keys[start : start + 500]))
        if len(spec.key) == 1:
            rows.extend(conn.execute(_read_by_key(spec.table), {"keys": [k[0] for k in chunk]}).mappings())
            continue
        condition = sa.or_(*(sa.and_(*(table.c[c] == v for c, v in zip(spec.key, k, strict=True))) for k in chunk))
        rows.extend(conn.execute(sa.select(table).where(condition)).mappings())
    return sorted(rows, key=lambda row: tuple(row[c] for c in spec.key))
