"""The listing as the workflow knows it, and its public entry (blacklist_entries), which the
activity `write_blacklist_entry` sets after every change."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from activities.names import WRITE_BLACKLIST_ENTRY
    from domain import blacklist
    from domain.china_time import day_of, start_of
    from domain.definitions.blacklist import BLACKLIST
    from workflows.blacklist.contracts import BlacklistEntryWrite, BlacklistInput
    from workflows.kernel import PROJECTION_TIMEOUT, TaskSpec
    from workflows.kernel.state import ProcessState
    from workflows.kernel.steps import spec


@dataclass
class Listing(ProcessState[BlacklistInput]):
    state: str = "proposed"  # proposed | listed | repaired | exited | not_listed
    decision_no: str = ""
    listed_on: dt.date | None = None
    exit_at: dt.datetime | None = None  # when the management period ends
    removed_at: dt.datetime | None = None
    acknowledged: dict[str, str] = field(default_factory=dict)  # partner → reference of its acknowledgement
    violations: int = 0
    # The period's last day counts whole (B12); False for listings made before that patch.
    whole_last_day: bool = False

    def task(self, code: str, **options: Any) -> TaskSpec:
        """Every step is the deciding bureau's (谁处罚、谁决定、谁负责)."""
        return spec(BLACKLIST.step(code), self.inp.deciding_org_id, **options)

    def period_end(self) -> dt.datetime:
        assert self.exit_at is not None
        return self.exit_at

    def exit_on(self) -> dt.date:
        """The period's last day (民法典 art 202: the corresponding day of the last month)."""
        if self.whole_last_day:
            return day_of(self.period_end() - dt.timedelta(seconds=1))
        return day_of(self.period_end())

    def ends_after(self, last_day: dt.date) -> dt.datetime:
        """When a period whose last day is `last_day` is over: after its 24:00 (民法典 art 203)."""
        return start_of(last_day + dt.timedelta(days=1)) if self.whole_last_day else start_of(last_day)

    def partners(self) -> list[str]:
        return blacklist.partners_of([blacklist.Measure(m.code, m.title, m.partner) for m in self.inp.measures])

    def entry(self) -> BlacklistEntryWrite:
        """The whole public entry as the workflow sees it now."""
        inp = self.inp
        assert self.listed_on is not None
        status = {"listed": "listed", "repaired": "repaired"}.get(self.state, "expired")
        return BlacklistEntryWrite(
            case_id=inp.start.case_id,
            case_no=inp.start.case_no,
            enterprise_id=inp.enterprise_id,
            enterprise_name=inp.subject_name(),  # a person: "name (unit, role)" (B5)
            credit_code=inp.credit_code,
            deciding_org_id=inp.deciding_org_id,
            jurisdiction_code=inp.start.jurisdiction_code,
            rules=inp.rules,
            condition_code=inp.condition_code,
            condition_title=inp.condition_title,
            basis=inp.basis,
            reasons=inp.facts,
            decision_no=self.decision_no,
            listed_on=self.listed_on,
            exit_on=self.exit_on(),
            status=status,
            public=status == "listed",
            updated_at=workflow.now(),
            measures=[m.title for m in inp.measures],
            removed_on=day_of(self.removed_at) if self.removed_at else None,
        )

    async def write_entry(self) -> None:
        """The public entry follows every change of the listing."""
        await workflow.execute_local_activity(
            WRITE_BLACKLIST_ENTRY, self.entry(), start_to_close_timeout=PROJECTION_TIMEOUT
        )
