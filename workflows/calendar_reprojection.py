"""Re-projects open deadlines after a year of the holiday calendar is imported or edited.

Durable fan-out: it pages through the affected cases and signals each one; a crash resumes where
it stopped. It continues as new after every page so its history stays small at a province's scale.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from temporalio import workflow
from temporalio.exceptions import ApplicationError

with workflow.unsafe.imports_passed_through():
    from activities.calendar_reprojection import CasesToReproject, ReprojectionPage
    from activities.names import FIND_CASES_TO_REPROJECT
    from workflows.contracts import CalendarChange
    from workflows.kernel import CaseWorkflow


@dataclass
class ReprojectionInput:
    change: CalendarChange
    after_case_id: int = 0
    signalled: int = 0


@workflow.defn(name="CalendarReprojectionWorkflow")
class CalendarReprojectionWorkflow:
    @workflow.run
    async def run(self, inp: ReprojectionInput) -> int:
        change, signalled = inp.change, inp.signalled
        page = await workflow.execute_activity(
            FIND_CASES_TO_REPROJECT,
            ReprojectionPage(change.year, inp.after_case_id),
            result_type=CasesToReproject,
            start_to_close_timeout=dt.timedelta(minutes=2),
        )
        for workflow_id in page.workflow_ids:
            try:
                await workflow.get_external_workflow_handle(workflow_id).signal(CaseWorkflow.calendar_changed, change)
                signalled += 1
            except ApplicationError:
                workflow.logger.info("case %s closed before its deadlines were re-projected", workflow_id)
        if len(page.workflow_ids) < ReprojectionPage(change.year).limit:
            return signalled
        workflow.continue_as_new(ReprojectionInput(change, page.last_case_id, signalled))
