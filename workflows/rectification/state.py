"""What a contested rectification knows while it runs, shared by its procedure and its actions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain.definitions.rectification import OFFICE, RECTIFICATION
    from domain.rectification_deadlines import SURCHARGE_RATE_PER_DAY_PERCENT
    from workflows.contracts import Actor
    from workflows.kernel import OpenTask, TaskSpec
    from workflows.kernel.state import ProcessState
    from workflows.kernel.steps import spec
    from workflows.rectification.contracts import RectificationInput

APPEAL_KINDS = {"reconsideration": "行政复议", "litigation": "行政诉讼", "second_instance": "上诉"}


@dataclass
class Rectification(ProcessState[RectificationInput]):
    ordered_on: dt.date | None = None
    order_no: str = ""
    notice_no: str = ""
    serious: bool = False  # the penalty carries the right to a hearing (行政处罚法 art 63)
    hearing_on: dt.date | None = None
    fine: int = 0
    discussed: str = ""  # the collective discussion's conclusion (行政处罚法 art 57(2)): fine | no_penalty
    decided_by: Actor | None = None  # the head who signed the penalty decision
    decision_no: str = ""
    payment_due: dt.date | None = None
    reconsideration_until: dt.date | None = None
    reconsideration_first: str = ""  # 行政复议法 art 23: the list item, if the decision is on it
    litigation_until: dt.date | None = None
    appeal_until: dt.date | None = None  # the last day to appeal a first-instance judgment (行政诉讼法 art 85)
    judgment: dict[str, str] = field(default_factory=dict)  # {document_no, effective_on} once the party lost
    appeals: list[dict[str, Any]] = field(default_factory=list)  # {kind, filed_on, body, result, decided_on}
    published: bool = False
    publication_task: OpenTask | None = None
    reminder_no: str = ""
    enforce_on: dt.date | None = None
    seizure_no: str = ""  # the 强制措施决定书 of a 查封、扣押 (行政强制法 art 24)
    auction: bool = False  # 行政强制法 art 46(3): sealed property auctioned by the agency itself
    power: str = ""  # "" | proposed | scheduled | stopped | lifted
    suspension_no: str = ""
    suspension_state: str = ""  # "" | suspended | resumed | lapsed | refused (安全生产法 arts 65, 102, 113)
    refused: bool = False
    continuous_fines: list[dict[str, Any]] = field(default_factory=list)
    ended: tuple[str, str] | None = None  # (status, summary) of an ending by a case action

    def task(self, code: str, **options: Any) -> TaskSpec:
        """The bureau's task (its head's for a decision), or the office's for a designation."""
        step = RECTIFICATION.step(code)
        org = self.inp.office if step.by == OFFICE else self.inp.bureau
        return spec(step, org.org_id, **options)

    def note_suspension(self, order_no: str) -> None:
        self.suspension_no = order_no

    def subject(self) -> dict[str, Any]:
        return {"enterprise_name": self.inp.enterprise_name, "credit_code": self.inp.credit_code}

    def pending_appeal(self, kind: str | None) -> dict[str, Any] | None:
        return next((a for a in self.appeals if not a["result"] and (kind is None or a["kind"] == kind)), None)

    def paused(self) -> list[tuple[dt.date, dt.date | None]]:
        """The appeal periods (the surcharge pauses while one is pending)."""
        return [
            (
                dt.date.fromisoformat(a["filed_on"]),
                dt.date.fromisoformat(a["decided_on"]) if a.get("decided_on") else None,
            )
            for a in self.appeals
        ]

    def surcharge_details(self) -> dict[str, Any]:
        """What the case page needs to show the surcharge live (domain.rectification.late_surcharge)."""
        return {
            "principal_cny": self.fine,
            "payment_due": self.payment_due.isoformat() if self.payment_due else None,
            "rate_percent_per_day": SURCHARGE_RATE_PER_DAY_PERCENT,
            "paused": [[a["filed_on"], a.get("decided_on")] for a in self.appeals],
        }
