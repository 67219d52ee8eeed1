"""What every part of the rectification shares: its steps, the enterprise's periods, the lawful
days the calendar activity computes, and the ending a case action can bring about.

A revoked decision or the designation of another department ends the procedure (`end`): every
open step closes (except a withdrawal of publication), and the step that was waiting raises
`ProcedureEnded`, which `workflow.run` turns into the case's closing.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Coroutine
from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from activities.names import COMPUTE_LAWFUL_DAY
    from domain import rectification as rc
    from domain.definitions.rectification import RECTIFICATION
    from domain.errors import Conflict, Forbidden
    from domain.forms import StepForm
    from domain.legal_calendar import end_of_day
    from workflows.contracts import CaseActionCommand, IssuedDocument
    from workflows.kernel import PROJECTION_TIMEOUT, CaseWorkflow, OpenTask, TaskOutcome, TaskSpec, parse_form
    from workflows.kernel.action_set import ActionSet
    from workflows.kernel.deadline import MovableDeadline
    from workflows.kernel.period import period
    from workflows.kernel.scope import ProcedureEnded
    from workflows.rectification.contracts import LawfulDay, LawfulDayRequest
    from workflows.rectification.state import Rectification


class Procedure:
    def __init__(self, case: CaseWorkflow[Rectification], state: Rectification) -> None:
        self.case = case
        self.state = state
        self.spawned: list[asyncio.Task[Any]] = []  # cancelled when the case closes (a power cut's notice)
        self.withdrawals: list[asyncio.Task[Any]] = []  # awaited before the case closes
        # 行政强制法 art 53: the court is applied to once the litigation window has passed with
        # no appeal pending; a reconsideration decision moves the window (行政诉讼法 art 45).
        self.litigation_window = MovableDeadline(
            self._litigation_window_end,
            "window",
            ready=lambda: state.pending_appeal(None) is None,
            stop=lambda: state.ended is not None,
        )

    def spawn(self, coroutine: Coroutine[Any, Any, Any]) -> None:
        self.spawned.append(asyncio.create_task(coroutine))

    def disclose(self, what: str) -> None:
        """国办发〔2015〕20号 (十五): an enforcement decision (an order, a suspension, a power cut) is
        made public within 20 working days of the decision; its task opens beside the procedure."""

        async def publish() -> None:
            task = await self.case.tasks.open(self.state.task("measure_publication", title=f"公开执法决定：{what}"))
            outcome = await self.case.tasks.wait(task)
            if outcome.actor is not None:
                self.case.record_event("measure_published", f"已公开{what}", actor=outcome.actor)
                await self.case.flush()

        self.spawn(publish())

    async def step(self, spec: TaskSpec) -> TaskOutcome:
        """A human step of the procedure; the case ending while it is open ends the procedure."""
        outcome = await self.case.tasks.human_step(spec)
        if outcome.actor is None and self.state.ended is not None:
            raise ProcedureEnded()
        return outcome

    async def period(self, task: OpenTask) -> dict[str, Any] | None:
        """A period for the enterprise: the handler records what it did, or the period passes.

        It never escalates, since the delay is the enterprise's, not the department's."""
        lapsed: list[bool] = []
        outcome = await period(self.case.tasks, task, on_lapse=lambda: lapsed.append(True))
        if not lapsed and task.outcome is not None and task.outcome.actor is None and self.state.ended is not None:
            raise ProcedureEnded()
        return outcome

    async def issue(self, doc_type: str, context: dict[str, Any]) -> IssuedDocument:
        """A document of the ordering bureau, keyed by its type (one of each per case)."""
        return await self.case.documents.issue(doc_type, self.state.inp.bureau.org_id, context, key=doc_type)

    async def lawful(self, request: LawfulDayRequest) -> LawfulDay:
        """A day the law allows, computed on the calendar by the activity, never in the workflow."""
        day: LawfulDay = await workflow.execute_local_activity(
            COMPUTE_LAWFUL_DAY, request, result_type=LawfulDay, start_to_close_timeout=PROJECTION_TIMEOUT
        )
        return day

    async def wait_for_litigation_window(self) -> None:
        """A durable wait (months) until the litigation window ends with no appeal pending."""
        if not await self.litigation_window.sleep():
            raise ProcedureEnded()

    def _litigation_window_end(self) -> dt.datetime:
        """The window to sue; after a lost suit, the day before the judgment takes effect."""
        state = self.state
        if state.judgment:
            return end_of_day(dt.date.fromisoformat(state.judgment["effective_on"]) - dt.timedelta(days=1))
        assert state.litigation_until is not None
        return end_of_day(state.litigation_until)

    def end(self, status: str, summary: str) -> None:
        """End the procedure: every open step except a withdrawal of publication closes."""
        self.state.ended = (status, summary)
        for task in self.case.tasks.open_tasks():
            if task.spec.step != "withdraw_publication":
                self.case.tasks.supersede(task, summary)
        self.litigation_window.wake()

    def admit(self, cmd: CaseActionCommand) -> StepForm:
        """Every case action: the ordering bureau's handler, while the case runs, with a valid form."""
        bureau = self.state.inp.bureau
        if (cmd.actor.org_id, cmd.actor.role) != (bureau.org_id, "handler"):
            raise Forbidden("只有承办部门的承办人可以办理")
        if self.state.ended is not None or self.case.current_status in rc.CLOSED_STATUSES:
            raise Conflict("案件已办结")
        return parse_form(RECTIFICATION.action(cmd.action).form, cmd.form)


class RectificationPart(ActionSet[Rectification]):
    """A part of the rectification: the procedure it shares, and the case actions it declares."""

    def __init__(self, procedure: Procedure) -> None:
        self.procedure = procedure
        super().__init__(procedure.case, procedure.state)
