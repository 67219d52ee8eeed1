"""Process 1 lives in the package `workflows/hazard/`; these names stay importable from here."""

from workflows.hazard.contracts import HazardSupervisionInput, HazardSupervisionResult
from workflows.hazard.workflow import PROCESS, HazardSupervisionWorkflow

__all__ = ["PROCESS", "HazardSupervisionInput", "HazardSupervisionResult", "HazardSupervisionWorkflow"]
