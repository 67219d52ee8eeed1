"""约谈 (interview, `workflow.py`) and 重大案件会商 (consultation, `consultation.py`).

Both follow their meeting's commitments with the kernel's `Commitments`
(workflows/kernel/commitments.py). Rows: `domain/definitions/interview.py`.
"""

from domain.definitions.interview import CONSULTATION, INTERVIEW
from workflows.interview.consultation import ConsultationWorkflow
from workflows.interview.workflow import InterviewWorkflow

PROCESS = INTERVIEW.code
CONSULTATION_PROCESS = CONSULTATION.code

__all__ = ["CONSULTATION_PROCESS", "PROCESS", "ConsultationWorkflow", "InterviewWorkflow"]
