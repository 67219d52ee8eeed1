"""Payloads of the bulletin process (通报, 警示, 案情通报)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from workflows.contracts import CaseStart


@dataclass
class Recipient:
    """A named government or department (案情通报: the police or the procuratorate of the level)."""

    org_id: int
    role: str  # the post that acknowledges for it (ROLE_FOR_ORG_TYPE)
    name: str


@dataclass
class BulletinInput:
    start: CaseStart
    kind: str  # domain.bulletin.KINDS
    drafter_org_id: int  # the office (案情通报: the bureau) that issues it
    drafter_role: str
    head_org_id: int  # the bureau whose head approves (安委办设在应急管理部门)
    subject: str
    facts: str
    recipients: list[Recipient]
    named_enterprises: list[str] = field(default_factory=list)  # names, as the bulletin prints them
    rectification: str = ""
    rectification_due: str = ""  # ISO day; "" when the bulletin demands no rectification
    public: bool = False
    # 案情通报: the period and its figures, computed from the system's data when drafted.
    period: str = ""
    figures: dict[str, Any] = field(default_factory=dict)


@dataclass
class BulletinResult:
    status: str
    number: str = ""
