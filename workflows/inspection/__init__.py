"""Process 7: the on-site inspection (现场监督检查).

`workflow.py` is the procedure, `documents.py` fills the plan and the record, `contracts.py` the
payloads. Rows: `domain/definitions/inspection.py`.
"""

from domain.definitions.inspection import INSPECTION
from workflows.inspection.contracts import InspectionInput, InspectionResult, RecordDone
from workflows.inspection.workflow import InspectionWorkflow

PROCESS = INSPECTION.code

__all__ = ["PROCESS", "InspectionInput", "InspectionResult", "InspectionWorkflow", "RecordDone"]
