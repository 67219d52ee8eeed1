"""Commitments (承诺事项) followed to their verification: one mechanism for the 约谈 and the 会商.

Each commitment is a task of the party that made it (the enterprise on its portal, a
government's office or a department, a police or procuratorate liaison in its inbox), running to
the day it undertook: the party's time, which lapses rather than escalates (`period`). Its report,
or the lapse, opens the verification by the meeting's organiser, which keeps the organiser's
clock and escalates. The commitments run side by side; the case's details keep each one's state
for the 督办 view and the portal (domain/commitments.py `COMMITMENT_STATES`).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass
from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain import commitments as cm
    from domain.process import Step
    from workflows.kernel.human_task import TaskBoard
    from workflows.kernel.outbox import Timeline
    from workflows.kernel.period import period
    from workflows.kernel.steps import spec


@dataclass
class Commitment:
    """One undertaking: what, by when, by whom, and whose task follows it."""

    content: str
    due_on: dt.date
    party: str  # who made it, as the record names it
    org_id: int  # the organisation whose inbox holds the task (the organiser's, for an enterprise)
    role: str


@dataclass
class CommitmentResult:
    commitment: Commitment
    reported: bool
    fulfilled: bool


class Commitments:
    """Follow a meeting's commitments: report (or lapse) → verification, each side by side."""

    def __init__(
        self, board: TaskBoard, timeline: Timeline, report: Step, verify: Step, verifier: tuple[int, str]
    ) -> None:
        self.board = board
        self.timeline = timeline
        self.report_step = report
        self.verify_step = verify
        self.verifier = verifier
        self.states: list[dict[str, Any]] = []

    async def follow(self, items: list[Commitment]) -> list[CommitmentResult]:
        self.states = [
            {"content": c.content, "due_on": c.due_on.isoformat(), "party": c.party, "state": "open"} for c in items
        ]
        self.publish()
        return list(await asyncio.gather(*(self._follow(n, c) for n, c in enumerate(items))))

    def publish(self) -> None:
        self.timeline.update_details(commitments=[dict(s) for s in self.states])

    def _set(self, n: int, state: str, **extra: str) -> None:
        self.states[n] = {**self.states[n], "state": state, **extra}
        self.publish()

    async def _follow(self, n: int, item: Commitment) -> CommitmentResult:
        label = f"{n + 1}. {item.content[:30]}"
        step = spec(self.report_step, item.org_id, role=item.role, due_on=item.due_on, title=f"落实：{label}")
        task = await self.board.open(step)
        report = await period(
            self.board,
            task,
            lapsed="承诺期限届满，未报告落实情况",
            on_lapse=lambda: self.timeline.record_event("commitment_lapsed", f"逾期未报告落实情况：{label}"),
        )
        reported = report is not None
        self._set(n, "reported" if reported else "lapsed")
        org_id, role = self.verifier
        check = spec(self.verify_step, org_id, role=role, title=f"核验：{label}")
        verdict = (await self.board.human_step(check)).parsed(cm.CommitmentVerificationForm)
        fulfilled = verdict.verdict == "fulfilled"
        self._set(n, verdict.verdict, opinion=verdict.opinion)
        self.timeline.record_event(
            "commitment_verified", f"{cm.VERDICTS[verdict.verdict]}：{label}", reason=verdict.opinion
        )
        await self.timeline.flush()
        return CommitmentResult(item, reported, fulfilled)
