"""Process 7: the closed loop of a 一般事故隐患 (排查→整改→复查→验收→销号).

`workflow.py` is the procedure, `state.py` who acts, `contracts.py` the payloads.
Rows: `domain/definitions/general_hazard.py`.
"""

from domain.definitions.general_hazard import GENERAL_HAZARD
from workflows.general_hazard.contracts import GeneralHazardInput, GeneralHazardResult
from workflows.general_hazard.workflow import GeneralHazardWorkflow

PROCESS = GENERAL_HAZARD.code

__all__ = ["PROCESS", "GeneralHazardInput", "GeneralHazardResult", "GeneralHazardWorkflow"]
