"""Process 5: contested rectification (责令限期整改 → objection → compulsory enforcement).

`workflow.py` is the order, its service, the enterprise's period and the re-inspection;
`penalty.py` the penalty procedure (行政处罚法); `enforcement.py` payment, reminder and
enforcement (行政强制法); `appeals.py`, `measures.py` and `jurisdiction.py` the case actions;
`procedure.py` the steps, periods and the ending every part shares; `state.py` what the case
knows; `documents.py` the documents; `contracts.py` the payloads.
Rows: `domain/definitions/rectification.py`.
"""

from domain.definitions.rectification import RECTIFICATION
from workflows.rectification.contracts import Department, RectificationInput, RectificationResult
from workflows.rectification.workflow import ContestedRectificationWorkflow

PROCESS = RECTIFICATION.code

__all__ = ["PROCESS", "ContestedRectificationWorkflow", "Department", "RectificationInput", "RectificationResult"]
