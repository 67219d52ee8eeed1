"""Payloads of the 约谈 (interview) and the 重大案件会商 (consultation)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from workflows.contracts import CaseStart


@dataclass
class InterviewInput:
    start: CaseStart
    office_org_id: int  # the interviewing safety-committee office
    office_name: str
    party_kind: str  # government | department | enterprise (domain/interview.py PARTY_KINDS)
    party_name: str
    # Whose inbox holds the commitments: the lower level's safety office (for its government), the
    # department, or, for an enterprise (which acts on its portal), the interviewing office.
    party_org_id: int
    party_role: str
    enterprise_id: int | None
    reason: str
    matters: str
    meeting_on: dt.date
    place: str
    source_case_nos: list[str] = field(default_factory=list)


@dataclass
class InterviewResult:
    status: str


@dataclass
class Agency:
    """One agency of a consultation: its organisation and the role that acts for it."""

    key: str  # 应急 | 公安 | 检察
    org_id: int
    role: str
    name: str


@dataclass
class ConsultationInput:
    start: CaseStart
    bureau_org_id: int  # the emergency-management bureau that convenes
    agencies: list[Agency]
    source_case_no: str
    agenda: str
    meeting_on: dt.date
    place: str


@dataclass
class ConsultationResult:
    status: str
