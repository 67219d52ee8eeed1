"""The workflow of each process definition, and every workflow type the worker runs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from domain.registry import PROCESSES
from workflows.accident.workflow import AccidentInvestigationWorkflow
from workflows.blacklist.workflow import BlacklistWorkflow
from workflows.bulletin.workflow import BulletinWorkflow
from workflows.calendar_reprojection import CalendarReprojectionWorkflow
from workflows.crime_transfer.workflow import CrimeTransferWorkflow
from workflows.enforcement_review.workflow import EnforcementReviewWorkflow
from workflows.general_hazard.workflow import GeneralHazardWorkflow
from workflows.hazard.workflow import HazardSupervisionWorkflow
from workflows.inspection.workflow import InspectionWorkflow
from workflows.inspection_campaign.workflow import CampaignLaunchWorkflow, InspectionCampaignWorkflow
from workflows.inspection_plan.workflow import InspectionPlanWorkflow
from workflows.interview import ConsultationWorkflow, InterviewWorkflow
from workflows.kernel import CaseWorkflow
from workflows.public_report.workflow import PublicReportWorkflow
from workflows.quarterly_report.workflow import QuarterlyReportWorkflow
from workflows.random_draw.workflow import RandomDrawWorkflow
from workflows.rectification.workflow import ContestedRectificationWorkflow

PROCESS_WORKFLOWS: Mapping[str, type[CaseWorkflow[Any]]] = {
    workflow.process: workflow
    for workflow in (
        HazardSupervisionWorkflow,
        AccidentInvestigationWorkflow,
        BlacklistWorkflow,
        CrimeTransferWorkflow,
        ContestedRectificationWorkflow,
        PublicReportWorkflow,
        RandomDrawWorkflow,
        InspectionWorkflow,
        GeneralHazardWorkflow,
        InspectionPlanWorkflow,
        InspectionCampaignWorkflow,
        InterviewWorkflow,
        ConsultationWorkflow,
        BulletinWorkflow,
        EnforcementReviewWorkflow,
        QuarterlyReportWorkflow,
    )
}
assert set(PROCESS_WORKFLOWS) == set(PROCESSES), "every process definition has its workflow"

# Every workflow type the worker runs: each process's, the calendar's re-projection (which serves
# every process) and the launcher of the recurring inspection campaigns.
WORKFLOWS: list[type[Any]] = [*PROCESS_WORKFLOWS.values(), CalendarReprojectionWorkflow, CampaignLaunchWorkflow]
