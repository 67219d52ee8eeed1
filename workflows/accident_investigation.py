"""Process 2 lives in the package `workflows/accident/`; these names stay importable from here."""

from domain.definitions.accident import ACCIDENT
from workflows.accident.contracts import AccidentInvestigationInput, AccidentInvestigationResult, LevelOrgs
from workflows.accident.workflow import AccidentInvestigationWorkflow

PROCESS = ACCIDENT.code

__all__ = [
    "PROCESS",
    "AccidentInvestigationInput",
    "AccidentInvestigationResult",
    "AccidentInvestigationWorkflow",
    "LevelOrgs",
]
