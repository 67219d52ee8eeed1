"""Relational model: organisation tree, users, enterprises, and the projection of cases.

Temporal holds the truth about a running case; these tables are its projection for lists,
inboxes and dashboards, written only by activities (idempotently) and by case intake.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from db.account_models import CaseReadAudit as CaseReadAudit
from db.account_models import LoginFailure as LoginFailure
from db.account_models import WebSession as WebSession
from db.base import Base as Base
from db.calendar_models import CalendarDay as CalendarDay
from db.calendar_models import CalendarRevision as CalendarRevision
from db.calendar_models import CalendarYear as CalendarYear
from db.overdue_models import OverdueSnapshot as OverdueSnapshot
from db.public_report_models import PublicFormSubmission as PublicFormSubmission
from db.public_report_models import PublicReport as PublicReport


class Jurisdiction(Base):
    """An administrative division (province → city → county), by its GB/T 2260 code."""

    __tablename__ = "jurisdictions"
    code: Mapped[str] = mapped_column(String(6), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    level: Mapped[str] = mapped_column(String(16))
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("jurisdictions.code"))
    # "530000/530300/530302/": prefix match selects a jurisdiction and everything below it.
    path: Mapped[str] = mapped_column(String(100), index=True)


class Organisation(Base):
    __tablename__ = "organisations"
    __table_args__ = (UniqueConstraint("jurisdiction_code", "org_type"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    org_type: Mapped[str] = mapped_column(String(32))
    jurisdiction_code: Mapped[str] = mapped_column(ForeignKey("jurisdictions.code"))


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(200))
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    role: Mapped[str] = mapped_column(String(32))
    # Set for an enterprise user (role `enterprise`): the enterprise whose cases it sees. Its
    # `org_id` is the bureau that opened the account; it never acts for that bureau.
    enterprise_id: Mapped[int | None] = mapped_column(ForeignKey("enterprises.id"), index=True)
    # A head's capacity (migration 0017): "" or principal, acting or deputy (db/head_capacity.py).
    head_capacity: Mapped[str] = mapped_column(String(16), default="", server_default="")
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Set by an administrator's password reset: the user chooses a new one at the next sign-in.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    # The old per-account lock, unused since login throttling counts (account, address) pairs
    # (services/auth.py, security probe F4); kept so that the schema stays readable by older code.
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None]


class Enterprise(Base):
    __tablename__ = "enterprises"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    credit_code: Mapped[str] = mapped_column(String(18), unique=True)
    industry: Mapped[str] = mapped_column(String(64))
    size: Mapped[str] = mapped_column(String(16))
    jurisdiction_code: Mapped[str] = mapped_column(ForeignKey("jurisdictions.code"), index=True)
    address: Mapped[str] = mapped_column(String(300), default="")
    # The register of inspection objects (migration 0020, domain/enterprise_register.py).
    sector: Mapped[str] = mapped_column(String(32), default="", server_default="")
    risk_grade: Mapped[str] = mapped_column(String(8), default="", server_default="")  # "" = not graded
    is_key_object: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    key_object_reason: Mapped[str] = mapped_column(String(300), default="", server_default="")
    key_object_since: Mapped[dt.date | None] = mapped_column(nullable=True)
    status: Mapped[str] = mapped_column(String(8), default="在营", server_default="在营")


class Case(Base):
    __tablename__ = "cases"
    __table_args__ = (
        Index("ix_cases_jurisdiction_status_due", "jurisdiction_path", "status", "due_at"),
        Index("ix_cases_overdue_path", "overdue", "jurisdiction_path"),
        # The overdue view's counts per subtree and process, from the index alone (0011).
        Index(
            "ix_cases_open_scope",
            "closed",
            "jurisdiction_path",
            "process",
            "overdue",
            postgresql_ops={"jurisdiction_path": "varchar_pattern_ops"},
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    case_no: Mapped[str] = mapped_column(String(40), unique=True)
    workflow_id: Mapped[str] = mapped_column(String(80), unique=True)
    process: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(32))
    closed: Mapped[bool] = mapped_column(Boolean, default=False)
    jurisdiction_code: Mapped[str] = mapped_column(ForeignKey("jurisdictions.code"))
    jurisdiction_path: Mapped[str] = mapped_column(String(100))
    enterprise_id: Mapped[int | None] = mapped_column(ForeignKey("enterprises.id"), index=True)
    created_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime]
    due_at: Mapped[dt.datetime | None]
    overdue: Mapped[bool] = mapped_column(Boolean, default=False)
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)


class CaseAccess(Base):
    """An organisation outside the case's jurisdiction line that a case is addressed or copied to."""

    __tablename__ = "case_access"
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), primary_key=True)
    reason: Mapped[str] = mapped_column(String(100))
    # When access was given: a liaison sees the case's record from this moment, not the agency's
    # deliberation before it (None for grants older than this column: everything is shown).
    granted_at: Mapped[dt.datetime | None]


class Task(Base):
    """A human step: addressed to an organisation and role, optionally claimed by a user."""

    __tablename__ = "tasks"
    __table_args__ = (
        Index("ix_tasks_inbox", "org_id", "status", "due_at"),
        Index("ix_tasks_done", "completed_by_user_id", "completed_at"),
        Index("ix_tasks_overdue_due", "overdue", "status", "due_at"),  # overdue view rows (0011)
        Index("ix_tasks_step_open", "step", "status", "case_id"),  # overdue view step filter (0011)
    )
    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    step: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16), default="step")
    parent_task_id: Mapped[str | None] = mapped_column(String(120))
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    role: Mapped[str] = mapped_column(String(32))
    claimed_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(16))
    opened_at: Mapped[dt.datetime]
    due_at: Mapped[dt.datetime]
    remind_at: Mapped[dt.datetime | None]
    deadline_rule: Mapped[str] = mapped_column(String(64))
    # What the clock was computed from, kept so a calendar change can recompute it.
    clock_start_at: Mapped[dt.datetime | None]
    fixed_due_on: Mapped[dt.date | None]
    deadline_basis: Mapped[str] = mapped_column(Text, default="")
    due_explanation: Mapped[str] = mapped_column(Text, default="")
    provisional: Mapped[bool] = mapped_column(Boolean, default=False)
    overdue: Mapped[bool] = mapped_column(Boolean, default=False)
    completed_at: Mapped[dt.datetime | None]
    completed_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    outcome: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # The statutory clock of this step (the deadline ledger row): see docs/deadlines.md.
    clock_state: Mapped[str] = mapped_column(String(16), default="running")  # running|suspended|met|breached|superseded
    clock_unit: Mapped[str] = mapped_column(String(16), default="")
    clock_budget: Mapped[int] = mapped_column(Integer, default=0)
    waiting_on: Mapped[str] = mapped_column(String(16), default="department")  # department|enterprise|agency
    original_due_at: Mapped[dt.datetime | None]
    suspended_since: Mapped[dt.datetime | None]
    suspended_seconds: Mapped[int] = mapped_column(Integer, default=0)
    extension_count: Mapped[int] = mapped_column(Integer, default=0)


class CaseEvent(Base):
    """Append-only timeline entry: who, when, what, why. Never updated or deleted."""

    __tablename__ = "case_events"
    __table_args__ = (
        UniqueConstraint("case_id", "event_key"),
        UniqueConstraint("case_id", "seq", name="uq_case_events_case_seq"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    event_key: Mapped[str] = mapped_column(String(120))
    at: Mapped[dt.datetime]
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor_name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(40))
    summary: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # Hash chain (domain/event_chain.py): position in the case's timeline, the previous event's
    # hash, and this event's hash over its canonical encoding.
    seq: Mapped[int] = mapped_column(Integer)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


Index("ix_case_events_case", CaseEvent.case_id, CaseEvent.id)


class CaseChainHead(Base):
    """The last link of a case's event chain: a deleted or edited last event no longer matches it."""

    __tablename__ = "case_chain_heads"
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))


class RowLedgerEntry(Base):
    """An authorised state of a protected row: its field-class digests, chained per scope
    (domain/row_integrity.py). Written only by the flush hook in db/row_ledger.py; never updated."""

    __tablename__ = "row_ledger"
    __table_args__ = (
        UniqueConstraint("scope", "seq", name="uq_row_ledger_scope_seq"),
        Index("ix_row_ledger_row", "table_name", "row_key", "id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(40))  # "case:<id>" or "registry"
    seq: Mapped[int] = mapped_column(Integer)
    table_name: Mapped[str] = mapped_column(String(40))
    row_key: Mapped[str] = mapped_column(String(200))
    digests: Mapped[dict[str, Any]] = mapped_column(default=dict)  # field class → SHA-256
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    at: Mapped[dt.datetime]
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class RowLedgerHead(Base):
    """The last link of a scope's row ledger: a deleted last entry no longer matches it."""

    __tablename__ = "row_ledger_heads"
    scope: Mapped[str] = mapped_column(String(40), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))


class DeadlineEvent(Base):
    """Append-only history of a statutory clock: armed, reminded, suspended, resumed, extended,
    breached, escalated, superseded, met; with actor, reason and legal basis."""

    __tablename__ = "deadline_events"
    __table_args__ = (UniqueConstraint("task_id", "event_key"), Index("ix_deadline_events_task", "task_id", "id"))
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    task_id: Mapped[str] = mapped_column(ForeignKey("tasks.id"))
    event_key: Mapped[str] = mapped_column(String(120))
    at: Mapped[dt.datetime]
    kind: Mapped[str] = mapped_column(String(20))
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor_name: Mapped[str] = mapped_column(String(100), default="系统")
    reason: Mapped[str] = mapped_column(Text, default="")
    basis: Mapped[str] = mapped_column(Text, default="")
    due_at: Mapped[dt.datetime | None]  # the due moment after this event


class BlacklistEntry(Base):
    """An entry of the serious-dishonesty list (严重失信主体名单), for the public query and the
    export to the national credit platforms. Written only by the blacklist workflow's activity;
    a removed entry stays here with `public` false (the records keep it, the public no longer sees it).
    """

    __tablename__ = "blacklist_entries"
    __table_args__ = (Index("ix_blacklist_entries_public_name", "public", "enterprise_name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), unique=True)
    case_no: Mapped[str] = mapped_column(String(40))
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    enterprise_name: Mapped[str] = mapped_column(String(200))
    credit_code: Mapped[str] = mapped_column(String(18), index=True)
    deciding_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    jurisdiction_code: Mapped[str] = mapped_column(ForeignKey("jurisdictions.code"))
    rules: Mapped[str] = mapped_column(String(8))
    condition_code: Mapped[str] = mapped_column(String(40))
    condition_title: Mapped[str] = mapped_column(String(200))
    basis: Mapped[str] = mapped_column(Text)
    reasons: Mapped[str] = mapped_column(Text)
    decision_no: Mapped[str] = mapped_column(String(80))
    listed_on: Mapped[dt.date]
    exit_on: Mapped[dt.date]
    removed_on: Mapped[dt.date | None]
    status: Mapped[str] = mapped_column(String(16))  # listed | repaired | expired
    public: Mapped[bool] = mapped_column(Boolean, default=False)
    measures: Mapped[list[str]] = mapped_column(JSON, default=list)
    updated_at: Mapped[dt.datetime]


class Document(Base):
    """An issued official document (执法文书): numbered, rendered once, never changed.

    A correction is a new document whose `replaces_id` points at the one it replaces.
    """

    __tablename__ = "documents"
    __table_args__ = (
        UniqueConstraint("case_id", "doc_key"),
        UniqueConstraint("issuer_org_id", "doc_type", "year", "seq"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    doc_key: Mapped[str] = mapped_column(String(120))  # the workflow's key: a retry finds it
    doc_type: Mapped[str] = mapped_column(String(48))
    issuer_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(100))
    html: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    issued_at: Mapped[dt.datetime]
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))


class DocumentService(Base):
    """How and when an issued document was served (送达) on its addressee: one record per document.

    `effective_on` is the day service takes effect: the service day, or for 公告送达 the day the
    announcement period ends. Clocks that run "from service" start there.
    """

    __tablename__ = "document_services"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), unique=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    method: Mapped[str] = mapped_column(String(24))
    served_on: Mapped[dt.date]
    effective_on: Mapped[dt.date]
    recipient: Mapped[str] = mapped_column(String(200), default="")
    proof: Mapped[str] = mapped_column(Text, default="")  # receipt, tracking or announcement reference
    proof_attachment_id: Mapped[int | None] = mapped_column(Integer)  # an uploaded scan, once uploads exist
    recorded_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_by_name: Mapped[str] = mapped_column(String(100), default="")
    recorded_at: Mapped[dt.datetime]


class DocumentCounter(Base):
    """The last number given per issuing organisation, document type and year (no gaps)."""

    __tablename__ = "document_counters"
    issuer_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), primary_key=True)
    doc_type: Mapped[str] = mapped_column(String(48), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer)


class CaseLink(Base):
    """A case started from another (a crime transfer from an accident or a hazard case)."""

    __tablename__ = "case_links"
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    source_case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True, index=True)
    kind: Mapped[str] = mapped_column(String(32))


class Attachment(Base):
    """A file attached to a case (evidence, photo, plan, report). The bytes live outside the
    database, content-addressed by SHA-256 in the attachment directory (services/attachment_store.py)."""

    __tablename__ = "attachments"
    __table_args__ = (Index("ix_attachments_case", "case_id", "id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    task_id: Mapped[str | None] = mapped_column(String(120))  # the submission it came with, if any
    category: Mapped[str] = mapped_column(String(32))  # evidence | photo | plan | report | other
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(Integer)
    content_type: Mapped[str] = mapped_column(String(100))  # as sniffed from the bytes
    filename: Mapped[str] = mapped_column(String(255))  # the uploader's name, shown, never used as a path
    uploaded_by_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    uploaded_by_name: Mapped[str] = mapped_column(String(100))
    from_enterprise: Mapped[bool] = mapped_column(Boolean, default=False)
    uploaded_at: Mapped[dt.datetime]
