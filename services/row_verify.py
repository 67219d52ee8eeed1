"""Verifies the row ledger (domain/row_integrity.py) and the attachment bytes in the store.

Every protected row must match its latest ledger entry class by class; every scope's ledger must
be an unbroken chain ending at its head; a ledger entry whose row is gone must say so (deleted).
Attachment blobs must hash to the SHA-256 their row records (all of them, or a random sample).
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from db.row_ledger import heads_table, ledger_table, typed_table
from domain.row_integrity import (
    CLASS_LABELS,
    PROTECTED,
    LedgerEntry,
    RowProblem,
    changed_classes,
    check_ledger,
    class_digests,
)
from services.attachment_store import AttachmentStore

ROW_PROBLEM_LABELS = {
    "changed": "内容被改动，未经系统登记",
    "not_recorded": "不是经系统写入的（无登记），可能被直接插入数据库",
    "deleted": "已被删除，未经系统登记",
    "ledger_broken": "登记链不完整",
    "blob_changed": "存储的文件内容与登记的 SHA-256 不符",
    "blob_missing": "存储中找不到该文件",
}


@dataclass(frozen=True)
class _Latest:
    id: int
    digests: dict[str, str]
    deleted: bool


def verify_rows(db: Session) -> tuple[int, list[RowProblem]]:
    """(rows checked, problems): each protected row against its latest ledger entry."""
    conn = db.connection()
    problems: list[RowProblem] = []
    latest = _check_ledger(conn, problems)
    checked = 0
    for spec in PROTECTED.values():
        table = typed_table(spec)
        query = sa.select(table).execution_options(yield_per=2000)
        for row in conn.execute(query).mappings():
            checked += 1
            key = spec.row_key(row)
            case_id = int(row[spec.case_column]) if spec.case_column else None
            recorded = latest.pop((spec.table, key), None)
            if recorded is None or recorded.deleted:
                problems.append(RowProblem(spec.table, key, case_id, "not_recorded"))
                continue
            classes = changed_classes(recorded.digests, class_digests(spec, row))
            if classes:
                problems.append(RowProblem(spec.table, key, case_id, "changed", classes))
    for (table_name, key), entry in latest.items():
        if not entry.deleted:
            problems.append(RowProblem(table_name, key, _case_of(table_name, key), "deleted"))
    return checked, problems


def _case_of(table_name: str, key: str) -> int | None:
    if table_name == "cases" or table_name == "case_access":
        return int(key.split("/")[0])
    return None


def _check_ledger(conn: Connection, problems: list[RowProblem]) -> dict[tuple[str, str], _Latest]:
    heads = {r.scope: (r.seq, r.hash) for r in conn.execute(sa.select(heads_table()))}
    latest: dict[tuple[str, str], _Latest] = {}
    seen: set[str] = set()
    for scope, entries in _entries_by_scope(conn, latest):
        seen.add(scope)
        detail = check_ledger(entries, heads.get(scope))
        if detail is not None:
            problems.append(RowProblem("row_ledger", scope, _scope_case(scope), "ledger_broken", detail=detail))
    for scope in heads.keys() - seen:
        detail = check_ledger([], heads[scope])
        problems.append(RowProblem("row_ledger", scope, _scope_case(scope), "ledger_broken", detail=detail or ""))
    return latest


def _scope_case(scope: str) -> int | None:
    return int(scope.split(":")[1]) if scope.startswith("case:") else None


def _entries_by_scope(
    conn: Connection, latest: dict[tuple[str, str], _Latest]
) -> Iterator[tuple[str, list[LedgerEntry]]]:
    ledger = ledger_table()
    query = sa.select(ledger).order_by(ledger.c.scope, ledger.c.seq).execution_options(yield_per=5000)
    current: str | None = None
    entries: list[LedgerEntry] = []
    for r in conn.execute(query):
        if r.scope != current:
            if current is not None:
                yield current, entries
            current, entries = r.scope, []
        entry = LedgerEntry(r.scope, r.seq, r.table_name, r.row_key, r.digests, r.deleted, r.at, r.prev_hash, r.hash)
        entries.append(entry)
        known = latest.get((r.table_name, r.row_key))
        if known is None or known.id < r.id:
            latest[r.table_name, r.row_key] = _Latest(r.id, r.digests, r.deleted)
    if current is not None:
        yield current, entries


def verify_attachment_blobs(
    db: Session, store: AttachmentStore, sample: int | None = None
) -> tuple[int, list[RowProblem]]:
    """(files checked, problems): every attachment's bytes (or `sample` random ones) against its SHA-256."""
    table = typed_table(PROTECTED["attachments"])
    rows = db.execute(sa.select(table).order_by(table.c.id)).mappings().all()
    if sample is not None and sample < len(rows):
        rows = random.sample(list(rows), sample)
    problems: list[RowProblem] = []
    for row in rows:
        key, case_id = str(row["id"]), int(row["case_id"])
        try:
            path = store.path_of(row["sha256"])
        except ValueError:
            problems.append(RowProblem("attachments", key, case_id, "blob_missing", detail=row["filename"]))
            continue
        if not path.is_file():
            problems.append(RowProblem("attachments", key, case_id, "blob_missing", detail=row["filename"]))
        elif _file_sha256(path) != row["sha256"]:
            problems.append(RowProblem("attachments", key, case_id, "blob_changed", detail=row["filename"]))
    return len(rows), problems


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def describe_row(problem: RowProblem, case_no: str | None) -> str:
    where = f"（案件 {case_no}，id {problem.case_id}）" if case_no else ""
    if problem.table == "row_ledger":
        return f"登记链 {problem.row_key}{where}：{ROW_PROBLEM_LABELS[problem.problem]}：{problem.detail}"
    text = f"表 {problem.table} 行 {problem.row_key}{where}：{ROW_PROBLEM_LABELS[problem.problem]}"
    if problem.classes:
        text += "；被改动的字段类：" + "、".join(f"{c}（{CLASS_LABELS.get(c, c)}）" for c in problem.classes)
    if problem.detail:
        text += f"；文件 {problem.detail}"
    return text
