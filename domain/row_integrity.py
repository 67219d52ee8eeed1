"""Tamper evidence for the rows that decide who sees what and what a party must do. No I/O.

The case timeline is a hash chain (domain/event_chain.py); the rows beside it (a case's
jurisdiction, a liaison's access grant, a task's assignee and outcome, a reporter's identity, an
attachment's name and hash…) are not events, and change in place. Each legitimate write of such a
row appends an entry to the row ledger: the row's *field-class digests* (one SHA-256 per group of
columns, below), chained within a scope (the case, or the registry of users and organisations)
like the timeline. The verifier recomputes every row's digests and compares them with the row's
latest ledger entry: a row edited, inserted or deleted by SQL has no entry that vouches for it,
and the class that differs says what was changed.

Canonical encoding, version 1 (never change it in place: a new encoding is a new version):
  class digest = SHA-256 of the JSON object {"v": 1, "table", "row_key", "class", "values"},
  where `values` maps each column of the class to its canonical value (UTC moments as
  "YYYY-MM-DDTHH:MM:SS.ffffffZ", days as "YYYY-MM-DD", JSON as the database returns it);
  entry hash = SHA-256 of {"v": 1, "scope", "seq", "table", "row_key", "digests", "deleted",
  "at", "prev_hash"}; both serialised with sorted keys, separators "," and ":",
  ensure_ascii=False, UTF-8, lower-case hex. The first entry of a scope has prev_hash GENESIS_HASH.
Columns that the projection derives or touches on every write (`cases.updated_at`, `due_at`,
`overdue`; a user's failed logins) are outside every class, so they cost no entry.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from domain.event_chain import GENESIS_HASH, utc_iso

ENCODING_VERSION = 1
Row = Mapping[Any, Any]  # a row as the database returns it (column name → value)
REGISTRY_SCOPE = "registry"


@dataclass(frozen=True)
class TableSpec:
    """A protected table: its key, the column that places a row in a case, its field classes."""

    table: str
    key: tuple[str, ...]
    case_column: str | None  # None: the row belongs to the registry scope
    classes: dict[str, tuple[str, ...]]
    kinds: dict[str, str]  # column → int | str | bool | json | datetime | date

    @property
    def columns(self) -> tuple[str, ...]:
        seen = dict.fromkeys([*self.key, *([self.case_column] if self.case_column else [])])
        for columns in self.classes.values():
            seen.update(dict.fromkeys(columns))
        return tuple(seen)

    def scope_of(self, row: Row) -> str:
        return f"case:{row[self.case_column]}" if self.case_column else REGISTRY_SCOPE

    def row_key(self, row: Row) -> str:
        return "/".join(str(row[c]) for c in self.key)


def _spec(
    table: str, key: tuple[str, ...], case_column: str | None, kinds: dict[str, str], **classes: tuple[str, ...]
) -> TableSpec:
    return TableSpec(table, key, case_column, classes, kinds)


_D, _DAY, _J, _B, _I, _S = "datetime", "date", "json", "bool", "int", "str"

PROTECTED: dict[str, TableSpec] = {
    spec.table: spec
    for spec in (
        _spec(
            "cases",
            ("id",),
            "id",
            {"id": _I, "closed": _B, "enterprise_id": _I, "created_by_user_id": _I, "created_at": _D, "details": _J},
            identity=("case_no", "workflow_id", "process", "created_by_user_id", "created_at"),
            jurisdiction=("jurisdiction_code", "jurisdiction_path"),
            enterprise=("enterprise_id",),
            status=("title", "status", "closed"),
            details=("details",),
        ),
        _spec(
            "case_access",
            ("case_id", "org_id"),
            "case_id",
            {"case_id": _I, "org_id": _I, "granted_at": _D},
            access=("org_id", "reason", "granted_at"),
        ),
        _spec(
            "tasks",
            ("id",),
            "case_id",
            {
                "case_id": _I,
                "org_id": _I,
                "claimed_by_user_id": _I,
                "completed_by_user_id": _I,
                "opened_at": _D,
                "due_at": _D,
                "completed_at": _D,
                "clock_start_at": _D,
                "original_due_at": _D,
                "fixed_due_on": _DAY,
                "extension_count": _I,
                "outcome": _J,
            },
            assignment=("step", "kind", "parent_task_id", "org_id", "role", "claimed_by_user_id"),
            completion=("status", "completed_at", "completed_by_user_id", "outcome"),
            deadline=(
                "opened_at",
                "due_at",
                "deadline_rule",
                "clock_start_at",
                "fixed_due_on",
                "original_due_at",
                "extension_count",
            ),
        ),
        _spec(
            "public_reports",
            ("id",),
            "case_id",
            {"id": _I, "case_id": _I, "handling_org_id": _I, "anonymous": _B, "received_at": _D},
            reporter=("anonymous", "reporter_name", "reporter_phone"),
            handling=("handling_org_id", "tracking_hash", "received_at"),
        ),
        _spec(
            "attachments",
            ("id",),
            "case_id",
            {"id": _I, "case_id": _I, "size": _I, "uploaded_by_user_id": _I, "from_enterprise": _B, "uploaded_at": _D},
            file=("sha256", "size", "content_type", "filename"),
            placement=("task_id", "category", "from_enterprise"),
            uploader=("uploaded_by_user_id", "uploaded_by_name", "uploaded_at"),
        ),
        _spec(
            "document_services",
            ("id",),
            "case_id",
            {
                "id": _I,
                "case_id": _I,
                "document_id": _I,
                "served_on": _DAY,
                "effective_on": _DAY,
                "proof_attachment_id": _I,
                "recorded_by_user_id": _I,
                "recorded_at": _D,
            },
            service=("document_id", "method", "served_on", "effective_on", "recipient", "proof", "proof_attachment_id"),
            recorder=("recorded_by_user_id", "recorded_by_name", "recorded_at"),
        ),
        _spec(
            "blacklist_entries",
            ("id",),
            "case_id",
            {
                "id": _I,
                "case_id": _I,
                "enterprise_id": _I,
                "deciding_org_id": _I,
                "listed_on": _DAY,
                "exit_on": _DAY,
                "removed_on": _DAY,
                "public": _B,
                "measures": _J,
            },
            subject=(
                "case_no",
                "enterprise_id",
                "enterprise_name",
                "credit_code",
                "deciding_org_id",
                "jurisdiction_code",
            ),
            grounds=("rules", "condition_code", "condition_title", "basis", "reasons", "decision_no"),
            listing=("status", "public", "listed_on", "exit_on", "removed_on", "measures"),
        ),
        _spec(
            "users",
            ("id",),
            None,
            {"id": _I, "org_id": _I, "enterprise_id": _I, "is_active": _B},
            authority=("org_id", "role", "enterprise_id", "is_active"),
            account=("username", "display_name", "password_hash"),
        ),
        _spec(
            "organisations",
            ("id",),
            None,
            {"id": _I},
            authority=("org_type", "jurisdiction_code"),
            name=("name",),
        ),
        _spec(
            "jurisdictions",
            ("code",),
            None,
            {},
            authority=("path", "parent_code", "level"),
            name=("name",),
        ),
    )
}

# What each field class means, for the verifier's messages (Chinese, as the administrators read them).
CLASS_LABELS = {
    "identity": "立案信息",
    "jurisdiction": "管辖区划（决定谁能查看）",
    "enterprise": "涉及企业（决定企业账号能否查看）",
    "status": "案件状态",
    "details": "案件详情",
    "access": "查看授权",
    "assignment": "承办机关与承办人",
    "completion": "办理结果与办理人",
    "deadline": "办理期限",
    "reporter": "举报人身份",
    "handling": "受理机关与查询码",
    "file": "文件名与校验值",
    "placement": "附件归属与可见范围",
    "uploader": "上传人",
    "service": "送达方式与日期",
    "recorder": "送达登记人",
    "subject": "失信主体",
    "grounds": "列入依据",
    "listing": "列入状态与公示",
    "authority": "所属机关、角色与权限",
    "account": "账号与口令",
    "name": "名称",
}


def canonical_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return utc_iso(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict | list | tuple):
        return json.loads(json.dumps(value))
    return value


def _sha256(body: dict[str, Any]) -> str:
    encoded = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()


def class_digests(spec: TableSpec, row: Row) -> dict[str, str]:
    """One digest per field class of the row, each bound to the table and the row's key."""
    row_key = spec.row_key(row)
    return {
        name: _sha256(
            {
                "v": ENCODING_VERSION,
                "table": spec.table,
                "row_key": row_key,
                "class": name,
                "values": {c: canonical_value(row[c]) for c in columns},
            }
        )
        for name, columns in spec.classes.items()
    }


@dataclass(frozen=True)
class LedgerEntry:
    """One authorised state of one row (or its deletion), chained within its scope."""

    scope: str
    seq: int
    table: str
    row_key: str
    digests: dict[str, str]
    deleted: bool
    at: dt.datetime
    prev_hash: str
    hash: str = ""


def entry_hash(entry: LedgerEntry) -> str:
    return _sha256(
        {
            "v": ENCODING_VERSION,
            "scope": entry.scope,
            "seq": entry.seq,
            "table": entry.table,
            "row_key": entry.row_key,
            "digests": dict(entry.digests),
            "deleted": entry.deleted,
            "at": utc_iso(entry.at),
            "prev_hash": entry.prev_hash,
        }
    )


def chain(
    scope: str, head: tuple[int, str] | None, rows: Iterable[tuple[str, str, dict[str, str], bool]], at: dt.datetime
) -> list[LedgerEntry]:
    """Entries for (table, row_key, digests, deleted) appended after `head` (None: an empty scope)."""
    seq, prev = head if head is not None else (0, GENESIS_HASH)
    entries = []
    for table, row_key, digests, deleted in rows:
        seq += 1
        entry = LedgerEntry(scope, seq, table, row_key, digests, deleted, at, prev)
        entry = LedgerEntry(scope, seq, table, row_key, digests, deleted, at, prev, entry_hash(entry))
        entries.append(entry)
        prev = entry.hash
    return entries


@dataclass(frozen=True)
class RowProblem:
    """A row (or a ledger link) that no legitimate write vouches for."""

    table: str
    row_key: str
    case_id: int | None
    problem: str  # changed | not_recorded | deleted | ledger_broken | blob_changed | blob_missing
    classes: tuple[str, ...] = ()
    detail: str = ""


def changed_classes(recorded: Mapping[str, str], actual: Mapping[str, str]) -> tuple[str, ...]:
    return tuple(name for name in actual if recorded.get(name) != actual[name])


def check_ledger(entries: Iterable[LedgerEntry], head: tuple[int, str] | None) -> str | None:
    """What is wrong with one scope's ledger chain (entries ordered by seq), or None."""
    expected_seq, prev = 1, GENESIS_HASH
    for entry in entries:
        if entry.seq != expected_seq:
            return f"第 {expected_seq} 条登记缺失（实为第 {entry.seq} 条）"
        if entry.prev_hash != prev:
            return f"第 {entry.seq} 条登记的前一哈希不符（登记被删除、插入或调换）"
        if entry_hash(entry) != entry.hash:
            return f"第 {entry.seq} 条登记被改动（哈希不符）"
        prev, expected_seq = entry.hash, expected_seq + 1
    last = (expected_seq - 1, prev) if expected_seq > 1 else None
    if last != head:
        return f"登记链尾与记录不符（应为 {head[0] if head else 0} 条，实为 {last[0] if last else 0} 条）"
    return None
