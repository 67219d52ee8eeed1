"""Payloads exchanged between the API, the workflows and the projection activity.

Plain dataclasses so that Temporal's default converter carries them; fields are only ever
added with defaults, so histories recorded by older code still replay.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

FormValues = dict[str, Any]  # a submitted form's fields by name, as the page or the API posted them


@dataclass
class Actor:
    """The authenticated user on whose behalf the API sends an Update."""

    user_id: int
    name: str
    org_id: int
    role: str
    enterprise_id: int | None = None  # an enterprise user: the enterprise it speaks for
    # A head (机关负责人): "" or principal (正职), acting (主持工作的负责人), deputy (副职).
    head_capacity: str = ""
    # A stand-in (代理) acting during a colleague's leave: the colleague whose claimed task it is.
    # The service sets it only for a period recorded in task_stand_ins (domain/task_actions.py).
    on_behalf_of: int | None = None


@dataclass
class AttachmentRef:
    """A file submitted with a step or action (its bytes are in the attachment store)."""

    sha256: str
    filename: str
    size: int
    content_type: str


@dataclass
class CompleteTaskCommand:
    task_id: str
    actor: Actor
    form: dict[str, Any]
    attachments: list[AttachmentRef] = field(default_factory=list)


@dataclass
class ClaimTaskCommand:
    task_id: str
    actor: Actor
    claim: bool = True  # False releases the claim


@dataclass
class CaseActionCommand:
    """A case-level action that is not the completion of a task (e.g. request an extension)."""

    action: str
    actor: Actor
    form: FormValues
    attachments: list[AttachmentRef] = field(default_factory=list)


@dataclass
class TaskActionCommand:
    """转办/委派/加签/撤回 on a task (domain/task_actions.py). The service resolves the target
    user from the database; the workflow checks who may hand what to whom."""

    task_id: str
    action: str
    actor: Actor
    reason: str
    target_user_id: int | None = None
    target_name: str = ""
    target_org_id: int | None = None
    target_role: str = ""


@dataclass
class UpdateResult:
    task_id: str | None
    message: str
    opened_task_ids: list[str] = field(default_factory=list)


@dataclass
class TaskOpen:
    task_id: str
    step: str
    title: str
    kind: str
    org_id: int
    role: str
    deadline_rule: str
    opened_at: dt.datetime
    due_on: dt.date | None = None  # set when a decision fixes the due day (a rectification deadline)
    parent_task_id: str | None = None
    clock_start: dt.datetime | None = None  # when the clock started, if before the task opened


@dataclass
class TaskChange:
    task_id: str
    status: str | None = None
    overdue: bool | None = None
    set_claim: bool = False
    claimed_by_user_id: int | None = None
    completed_at: dt.datetime | None = None
    completed_by_user_id: int | None = None
    outcome: dict[str, Any] | None = None
    reassign_org_id: int | None = None
    # A new due day (extension): the activity recomputes the due moment and the reminder.
    new_due_on: dt.date | None = None
    # The calendar changed: recompute the clock from its origin; the key makes the event unique.
    recompute_reason: str | None = None
    recompute_key: str = ""
    # Deadline-ledger entries: a unique key from the workflow, and who did what and why.
    clock_key: str = ""
    clock_event: str | None = None  # reminded | escalated | suspended | resumed
    clock_at: dt.datetime | None = None
    clock_actor_id: int | None = None
    clock_actor_name: str = "系统"
    clock_reason: str = ""
    clock_basis: str = ""


@dataclass
class EventRecord:
    key: str
    at: dt.datetime
    kind: str
    summary: str
    actor_user_id: int | None = None
    actor_name: str = "系统"
    reason: str = ""
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class AccessGrant:
    """An organisation outside the case's jurisdiction line that may now see the case."""

    org_id: int
    reason: str


@dataclass
class CaseChange:
    status: str | None = None
    closed: bool | None = None
    details: dict[str, Any] | None = None  # merged into the case's details
    grant_access: list[AccessGrant] = field(default_factory=list)


@dataclass
class ProjectionBatch:
    case_id: int
    opens: list[TaskOpen] = field(default_factory=list)
    changes: list[TaskChange] = field(default_factory=list)
    events: list[EventRecord] = field(default_factory=list)
    case_change: CaseChange | None = None


@dataclass
class TaskSchedule:
    """What the activity computed for a task: its clock and where it escalates."""

    task_id: str
    due_at: dt.datetime
    remind_at: dt.datetime | None
    provisional: bool
    escalation_org_id: int | None  # the safety-committee office one level up
    takeover_org_id: int | None  # the same kind of organisation one level up
    extension_cutoff: dt.date | None = None
    original_due_at: dt.datetime | None = None
    reminders: list[dt.datetime] = field(default_factory=list)  # every reminder moment, earliest first
    extension_count: int = 0
    max_extensions: int | None = None
    max_extension_days: int | None = None


@dataclass
class ProjectionResult:
    schedules: list[TaskSchedule] = field(default_factory=list)


@dataclass
class CalendarChange:
    """Sent to every open case when a year of the holiday calendar is imported or edited."""

    year: int
    revision: str  # unique per change, so each change records its own timeline events
    description: str


@dataclass
class CaseStart:
    """What every case workflow starts from; processes add their own input beside it."""

    case_id: int
    case_no: str
    jurisdiction_code: str
    jurisdiction_path: list[str]
    reported_by: Actor


@dataclass
class DocumentIssue:
    """Ask for a numbered document; `key` makes a retried request return the same document."""

    case_id: int
    key: str
    doc_type: str
    issuer_org_id: int
    context: dict[str, Any] = field(default_factory=dict)
    issued_at: dt.datetime | None = None
    replaces_key: str | None = None


@dataclass
class IssuedDocument:
    document_id: int
    number: str
    title: str
    sha256: str


@dataclass
class DocumentServiceRecord:
    """Record the service (送达) of an issued document; one record per document (a retry finds it)."""

    case_id: int
    document_id: int
    method: str
    served_on: dt.date
    recipient: str = ""
    proof: str = ""
    proof_attachment_id: int | None = None
    recorded_by_user_id: int | None = None
    recorded_by_name: str = ""
    recorded_at: dt.datetime | None = None


@dataclass
class RecordedService:
    document_id: int
    method: str
    served_on: dt.date
    effective_on: dt.date  # the day clocks "from service" start (公告送达: after the announcement period)
