"""Payloads of the inspection process."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from workflows.contracts import CaseStart


@dataclass
class InspectionInput:
    start: CaseStart
    org_id: int  # the department (or, for 暗查暗访, the safety-committee office) that inspects
    org_name: str
    worker_role: str  # "handler" at a bureau, "office" at a safety-committee office
    approver_role: str  # who approves the plan: the bureau's head, or the office itself
    enterprise_id: int
    enterprise_name: str
    credit_code: str
    mode: str
    inspectors: list[str]  # names, as printed on the plan and the record
    planned_on: dt.date
    plan_case_id: int | None = None
    draw_id: int | None = None
    lead_department: str = ""
    participant_departments: list[str] = field(default_factory=list)


@dataclass
class InspectionResult:
    status: str
    findings: int = 0


@dataclass
class RecordDone:
    """The record of an inspection is complete: the annual plan's progress counts it."""

    case_id: int
    plan_case_id: int | None
    draw_id: int | None
    inspected_on: dt.date
