"""The annual enforcement plan (年度监督检查计划): drafted, approved, filed, adjusted during the year.

`workflow.py` is the procedure, `actions.py` the adjustment (调整计划), `contracts.py` the payloads.
Rows: `domain/definitions/inspection_plan.py`.
"""

from domain.definitions.inspection_plan import INSPECTION_PLAN
from workflows.inspection_plan.workflow import InspectionPlanWorkflow

PROCESS = INSPECTION_PLAN.code

__all__ = ["PROCESS", "InspectionPlanWorkflow"]
