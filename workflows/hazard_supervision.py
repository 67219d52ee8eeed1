"""Process 1 lives in the package `workflows/hazard/`; these names stay importable from here."""

from domain.definitions.hazard import HAZARD
from workflows.hazard.contracts import HazardSupervisionInput, HazardSupervisionResult
from workflows.hazard.workflow import HazardSupervisionWorkflow

PROCESS = HAZARD.code

__all__ = ["PROCESS", "HazardSupervisionInput", "HazardSupervisionResult", "HazardSupervisionWorkflow"]
