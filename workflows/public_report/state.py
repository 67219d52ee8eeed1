"""Who handles the report and the step that runs on its handling limit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain.definitions.public_report import BUREAU, BUREAU_HEAD, PUBLIC_REPORT, UPPER_HEAD
    from domain.process import Party
    from workflows.kernel import OpenTask, TaskSpec
    from workflows.kernel.state import ProcessState
    from workflows.kernel.steps import spec
    from workflows.public_report.contracts import PublicReportInput


@dataclass
class ReportState(ProcessState[PublicReportInput]):  # no identity of the reporter (contracts.py)
    handling_org: int = 0  # moves when the report is forwarded to the competent bureau
    upper_org: int | None = None  # approves an extension
    handling: OpenTask | None = None  # the open step that runs on the handling limit
    original_due: dt.date | None = None  # the handling limit before any extension
    extended: bool = False

    def org_of(self, party: Party) -> int:
        if party == UPPER_HEAD:
            assert self.upper_org is not None
            return self.upper_org
        assert party in (BUREAU, BUREAU_HEAD)
        return self.handling_org

    def task(self, code: str, **options: Any) -> TaskSpec:
        step = PUBLIC_REPORT.step(code)
        return spec(step, self.org_of(step.by), **options)
