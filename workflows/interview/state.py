"""Who acts on an interview and on a consultation: the office or bureau that holds the meeting."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain.definitions.interview import BUREAU, CONSULTATION, INTERVIEW, OFFICE
    from workflows.interview.contracts import ConsultationInput, InterviewInput
    from workflows.kernel import TaskSpec
    from workflows.kernel.state import ProcessState
    from workflows.kernel.steps import spec


@dataclass
class InterviewState(ProcessState[InterviewInput]):
    notice_id: int = 0  # the 约谈通知书, whose service the meeting waits for
    all_kept: bool = False  # every commitment verified as kept: the interview may simply close

    def task(self, code: str, **options: Any) -> TaskSpec:
        step = INTERVIEW.step(code)
        assert step.by == OFFICE, code  # the commitments' tasks are the kernel's (Commitments)
        return spec(step, self.inp.office_org_id, **options)


@dataclass
class ConsultationState(ProcessState[ConsultationInput]):
    def task(self, code: str, **options: Any) -> TaskSpec:
        step = CONSULTATION.step(code)
        assert step.by == BUREAU, code
        return spec(step, self.inp.bureau_org_id, **options)
