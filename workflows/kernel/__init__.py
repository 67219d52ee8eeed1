"""The case kernel: small parts every process workflow holds (docs/architecture.md, ADR 0006).

The public surface is what a process uses; each part's state stays inside its module.
"""

from workflows.kernel.access import ENTERPRISE_ROLE, require
from workflows.kernel.case import CaseWorkflow
from workflows.kernel.human_task import OpenTask, TaskOutcome, TaskSpec
from workflows.kernel.projector import PROJECTION_TIMEOUT, SA_JURISDICTION, SA_PROCESS, SA_STATUS
from workflows.kernel.refusals import CONFLICT, FORBIDDEN, INVALID, parse_form
from workflows.kernel.today import china_today, refuse_future_dates

__all__ = [
    "CONFLICT",
    "ENTERPRISE_ROLE",
    "FORBIDDEN",
    "INVALID",
    "PROJECTION_TIMEOUT",
    "SA_JURISDICTION",
    "SA_PROCESS",
    "SA_STATUS",
    "CaseWorkflow",
    "OpenTask",
    "TaskOutcome",
    "TaskSpec",
    "china_today",
    "parse_form",
    "refuse_future_dates",
    "require",
]
