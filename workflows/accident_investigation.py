"""Process 2 lives in the package `workflows/accident/`; these names stay importable from here."""

from workflows.accident.contracts import AccidentInvestigationInput, AccidentInvestigationResult, LevelOrgs
from workflows.accident.workflow import PROCESS, AccidentInvestigationWorkflow

__all__ = [
    "PROCESS",
    "AccidentInvestigationInput",
    "AccidentInvestigationResult",
    "AccidentInvestigationWorkflow",
    "LevelOrgs",
]
