"""Process 7: the annual review of enforcement files (执法案卷评查).

`workflow.py` is the procedure, `contracts.py` the payloads; the rules (the draw, the checklist,
the scores) are pure functions in `domain/enforcement_review.py`.
"""

from domain.definitions.enforcement_review import ENFORCEMENT_REVIEW
from workflows.enforcement_review.workflow import EnforcementReviewWorkflow

PROCESS = ENFORCEMENT_REVIEW.code

__all__ = ["PROCESS", "EnforcementReviewWorkflow"]
