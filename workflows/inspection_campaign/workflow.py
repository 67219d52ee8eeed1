"""Recurring inspection campaigns (曲靖 (十一)): a Schedule's run opens a case for every bureau.

`CampaignLaunchWorkflow` is the Schedule's action: it computes the period and the due day from
its own start, has an activity create (once) a case row per emergency-management bureau of the
campaign's jurisdiction, and starts each case's `InspectionCampaignWorkflow` as a child whose id
is the case's workflow id, so a repeated run of a period opens nothing twice.
`InspectionCampaignWorkflow` is the bureau's one step, on the case kernel: due on the configured
day, reminded, and escalated to the office above when missed, like any other task.
"""

from __future__ import annotations

from dataclasses import dataclass

from temporalio import workflow
from temporalio.common import WorkflowIDReusePolicy
from temporalio.exceptions import WorkflowAlreadyStartedError
from temporalio.workflow import ParentClosePolicy

with workflow.unsafe.imports_passed_through():
    from activities.names import OPEN_CAMPAIGN_CASES
    from domain import inspection_campaigns as ic
    from domain.china_time import day_of
    from domain.definitions.inspection_campaign import INSPECTION_CAMPAIGN
    from workflows import contracts  # noqa: F401 - the sandbox resolves the input's annotations in it
    from workflows.inspection_campaign.contracts import (
        CampaignCase,
        CampaignCasesRequest,
        CampaignCasesResult,
        CampaignLaunchResult,
        CampaignRun,
    )
    from workflows.kernel import PROJECTION_TIMEOUT, CaseWorkflow, TaskSpec
    from workflows.kernel.state import ProcessState
    from workflows.kernel.steps import spec

LAUNCH_WORKFLOW = "CampaignLaunchWorkflow"


@dataclass
class CampaignState(ProcessState[CampaignCase]):
    pass


@workflow.defn(name=LAUNCH_WORKFLOW)
class CampaignLaunchWorkflow:
    @workflow.run
    async def run(self, run: CampaignRun) -> CampaignLaunchResult:
        today = day_of(workflow.now())
        campaign = ic.Campaign(run.code, run.title, run.kind, "", run.jurisdiction, run.report_days, run.sector)
        request = CampaignCasesRequest(run, campaign.period(today), today, campaign.due_on(today))
        found: CampaignCasesResult = await workflow.execute_activity(
            OPEN_CAMPAIGN_CASES, request, result_type=CampaignCasesResult, start_to_close_timeout=PROJECTION_TIMEOUT
        )
        opened = 0
        for case in found.cases:
            try:
                await workflow.start_child_workflow(
                    InspectionCampaignWorkflow.run,
                    case,
                    id=case.workflow_id,
                    parent_close_policy=ParentClosePolicy.ABANDON,
                    id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
                )
                opened += 1
            except WorkflowAlreadyStartedError:
                pass  # a retried or repeated run: the bureau's case is already open
        return CampaignLaunchResult(request.period, opened)


@workflow.defn(name=INSPECTION_CAMPAIGN.workflow)
class InspectionCampaignWorkflow(CaseWorkflow[CampaignState], definition=INSPECTION_CAMPAIGN):
    @workflow.run
    async def run(self, inp: CampaignCase) -> str:
        self.begin(inp)
        self.set_status(
            "open", f"{inp.title}：请于{inp.due_on.isoformat()}前完成检查并报送情况", due_on=inp.due_on.isoformat()
        )
        outcome = await self.tasks.human_step(self.task(inp))
        report = outcome.parsed(ic.CampaignReportForm)
        self.update_details(
            enterprises_inspected=report.enterprises_inspected,
            hazards_found=report.hazards_found,
            completed_on=report.completed_on.isoformat(),
        )
        self.close_case("reported", "已报送检查情况")
        await self.finish_case()
        return "reported"

    def task(self, inp: CampaignCase) -> TaskSpec:
        step = INSPECTION_CAMPAIGN.step("campaign_report")
        return spec(step, inp.bureau_org_id, due_on=inp.due_on, title=f"{step.title}：{inp.title}")


__all__ = ["LAUNCH_WORKFLOW", "CampaignLaunchWorkflow", "InspectionCampaignWorkflow"]
