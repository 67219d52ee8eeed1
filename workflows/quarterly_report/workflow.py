"""The quarterly report to the organisation department (本溪 (二), 国办发 (四)), process 8.

After a quarter ends, the office gets one task: send the quarter's report (generated from the data
on the page 季度报告, exported as XLSX) to the Party organisation department of its level, within
the configured days [U]. An overdue task escalates through the kernel like any other step.
"""

from __future__ import annotations

from dataclasses import dataclass

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain.definitions.quarterly_report import QUARTERLY_REPORT
    from domain.quarterly_report import QuarterlySubmissionForm
    from workflows import contracts  # noqa: F401 - the sandbox resolves the input's annotations in it
    from workflows.contracts import CaseStart
    from workflows.kernel import CaseWorkflow
    from workflows.kernel.state import ProcessState
    from workflows.kernel.steps import spec


@dataclass
class QuarterlyReportInput:
    start: CaseStart
    org_id: int  # the reporting office
    role: str  # its staff's role
    year: int
    quarter: int


@dataclass
class QuarterlyReportResult:
    status: str


@dataclass
class QuarterlyState(ProcessState[QuarterlyReportInput]):
    pass


@workflow.defn(name=QUARTERLY_REPORT.workflow)
class QuarterlyReportWorkflow(CaseWorkflow[QuarterlyState], definition=QUARTERLY_REPORT):
    @workflow.run
    async def run(self, inp: QuarterlyReportInput) -> QuarterlyReportResult:
        self.begin(inp)
        period = f"{inp.year}年第{inp.quarter}季度"
        self.set_status("due", f"{period}安全生产工作情况待报送同级党委组织部门")
        step = QUARTERLY_REPORT.step("submit")
        outcome = await self.tasks.human_step(
            spec(step, inp.org_id, title=f"报送{period}安全生产工作情况", role=inp.role)
        )
        sent = outcome.parsed(QuarterlySubmissionForm)
        self.update_details(submitted_on=sent.submitted_on.isoformat(), recipient=sent.recipient)
        self.close_case("submitted", f"{period}安全生产工作情况已报送{sent.recipient}")
        await self.finish_case()
        return QuarterlyReportResult("submitted")
