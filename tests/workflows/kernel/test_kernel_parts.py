"""The kernel's parts, each driven by a small workflow of its own and the fake projection: no
database, a time-skipping server, one task queue per test (samples-python's way)."""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from temporalio import workflow
from temporalio.client import WorkflowHandle, WorkflowUpdateFailedError
from temporalio.exceptions import ApplicationError
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import UnsandboxedWorkflowRunner, Worker

from domain.errors import Conflict
from domain.process import Party, Start, Step
from domain.supervision import SupervisionForm
from tests.workflows.kernel.fake_projection import UPPER_OFFICE, FakeProjection
from workflows.contracts import Actor, CaseActionCommand, CompleteTaskCommand, UpdateResult
from workflows.kernel import CaseWorkflow, parse_form
from workflows.kernel.deadline import MovableDeadline
from workflows.kernel.decisions import DecisionRequest
from workflows.kernel.period import period
from workflows.kernel.steps import ClockStartMismatch, Started, spec

BUREAU = Party("handler", "承办部门")
DUTY = Step("duty", "部门的职责", BUREAU, SupervisionForm, "probe.duty")
PARTY_TIME = Step("party_time", "企业的期限", BUREAU, SupervisionForm, "probe.party", Start.SERVICE)
HANDLER = Actor(1, "承办人", 10, "handler")
OFFICE = Actor(2, "督办人", UPPER_OFFICE, "office")


@workflow.defn(name="KernelProbe")
class KernelProbe(CaseWorkflow):
    """A process of one step at a time: a department's duty, the party's period, or a movable wait."""

    def __init__(self) -> None:
        super().__init__()
        self.request = DecisionRequest(self.tasks, self.spawn)
        self.until = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
        self.wait = MovableDeadline(lambda: self.until, "probe")
        self.actions.add("ask", self.check_ask, self.ask)
        self.actions.add("move", lambda cmd: None, self.move)

    @workflow.run
    async def run(self, mode: str) -> str:
        self.start_case(1)
        if mode == "duty":
            await self.tasks.human_step(spec(DUTY, 10))
        elif mode == "pair":
            first = await self.tasks.open(spec(DUTY, 10))
            second = await self.tasks.open(spec(DUTY, 10, title="第二项职责"))
            await asyncio.gather(self.tasks.wait(first), self.tasks.wait(second))
        elif mode == "period":
            started = Started(Start.SERVICE, workflow.now())
            form = await period(self.tasks, await self.tasks.open(spec(PARTY_TIME, 10, started=started)))
            self.record_event("result", "lapsed" if form is None else "acted")
        else:
            self.until = workflow.now() + dt.timedelta(days=10)
            await self.wait.sleep()
            self.record_event("result", f"woke on day {(workflow.now() - workflow.info().start_time).days}")
        self.close_case("closed", "结束")
        await self.finish_case()
        return mode

    def check_ask(self, cmd: CaseActionCommand) -> None:
        parse_form(SupervisionForm, cmd.form)
        self.request.refuse_if_pending()

    async def ask(self, cmd: CaseActionCommand) -> UpdateResult:
        self.request.submit(self.decide())
        await self.settle()
        return UpdateResult(None, "asked")

    async def decide(self) -> None:
        outcome = await self.request.decide(spec(DUTY, UPPER_OFFICE, title="决定"))
        self.record_event("decided", "by nobody" if outcome is None else "by the office")

    async def move(self, cmd: CaseActionCommand) -> UpdateResult:
        self.until = self.until + dt.timedelta(days=int(cmd.form["days"]))
        self.wait.wake()
        await self.flush()
        return UpdateResult(None, "moved")


@pytest.fixture
async def probe(time_env: WorkflowEnvironment) -> AsyncIterator[tuple[WorkflowEnvironment, FakeProjection, str]]:
    projection = FakeProjection(days={"probe.duty": 2, "probe.party": 3, "supervision.handle": 2})
    queue = f"kernel-{uuid.uuid4().hex[:8]}"
    async with Worker(
        time_env.client,
        task_queue=queue,
        workflows=[KernelProbe],
        activities=[projection.apply_case_changes],
        workflow_runner=UnsandboxedWorkflowRunner(),
    ):
        yield time_env, projection, queue


async def start(env: WorkflowEnvironment, queue: str, mode: str) -> WorkflowHandle[Any, Any]:
    return await env.client.start_workflow(KernelProbe.run, mode, id=f"probe-{uuid.uuid4().hex[:6]}", task_queue=queue)


async def test_an_overdue_duty_escalates_to_the_office_above_and_an_extension_clears_it(probe: Any) -> None:
    env, projection, queue = probe
    handle = await start(env, queue, "duty")
    await env.sleep(dt.timedelta(days=3))
    assert projection.events("overdue") and projection.events("escalated")
    supervision = next(t for t in projection.opened.values() if t.kind == "supervision")
    assert supervision.org_id == UPPER_OFFICE and supervision.title == "督办：部门的职责逾期"
    new_due = (dt.datetime.now(dt.UTC) + dt.timedelta(days=30)).date().isoformat()
    form = {"decision": "extend", "reason": "准予延期", "new_due": new_due}
    await handle.execute_update(KernelProbe.complete_task, CompleteTaskCommand(supervision.task_id, OFFICE, form))
    assert projection.events("deadline_moved")
    duty = next(t for t in projection.opened.values() if t.step == "duty")
    await handle.execute_update(KernelProbe.complete_task, CompleteTaskCommand(duty.task_id, HANDLER, {**form}))
    assert await handle.result() == "duty"


async def test_the_partys_period_lapses_without_escalating(probe: Any) -> None:
    env, projection, queue = probe
    handle = await start(env, queue, "period")
    assert await handle.result() == "period"
    assert projection.events("result") == ["lapsed"]
    assert not projection.events("escalated")
    assert any("期限届满" in s for s in projection.events("task_closed"))
    party = next(t for t in projection.opened.values() if t.step == "party_time")
    assert party.clock_start is not None  # the clock ran from the recorded service, not the task's opening


async def test_a_case_keeps_one_timer_for_all_its_open_tasks(probe: Any) -> None:
    """One-clock patch (issue 22): one alarm for the earliest checkpoint of both tasks; steps done
    before it leave it to ring in vain rather than cancel it (no TimerCanceled in the history)."""
    env, projection, queue = probe
    handle = await start(env, queue, "pair")
    while len([t for t in projection.opened.values() if t.step == "duty"]) < 2:
        await asyncio.sleep(0.05)
    new_due = (dt.datetime.now(dt.UTC) + dt.timedelta(days=30)).date().isoformat()
    form = {"decision": "extend", "reason": "已办", "new_due": new_due}
    for duty in [t for t in projection.opened.values() if t.step == "duty"]:
        await handle.execute_update(KernelProbe.complete_task, CompleteTaskCommand(duty.task_id, HANDLER, form))
    assert await handle.result() == "pair"
    events = (await handle.fetch_history()).events
    assert len([e for e in events if e.HasField("timer_started_event_attributes")]) == 1
    assert not [e for e in events if e.HasField("timer_canceled_event_attributes")]


async def test_a_movable_deadline_waits_for_the_day_it_was_moved_to(probe: Any) -> None:
    env, projection, queue = probe
    handle = await start(env, queue, "wait")
    await env.sleep(dt.timedelta(days=5))
    await handle.execute_update(KernelProbe.act, CaseActionCommand("move", HANDLER, {"days": 7}))
    assert await handle.result() == "wait"
    assert projection.events("result") == ["woke on day 17"]


async def test_a_second_request_waits_for_the_first_decision_and_refusals_carry_the_domain_type(probe: Any) -> None:
    env, projection, queue = probe
    handle = await start(env, queue, "duty")
    ask = CaseActionCommand("ask", HANDLER, {"decision": "urge", "reason": "请求"})
    await handle.execute_update(KernelProbe.act, ask)
    with pytest.raises(WorkflowUpdateFailedError) as refused:
        await handle.execute_update(KernelProbe.act, ask)
    assert isinstance(refused.value.cause, ApplicationError) and refused.value.cause.type == Conflict.__name__
    with pytest.raises(WorkflowUpdateFailedError) as invalid:
        await handle.execute_update(KernelProbe.act, CaseActionCommand("ask", HANDLER, {"decision": "x"}))
    assert invalid.value.cause.type == "InvalidInput" and invalid.value.cause.details  # type: ignore[union-attr]
    with pytest.raises(WorkflowUpdateFailedError) as unknown:
        await handle.execute_update(KernelProbe.act, CaseActionCommand("fly", HANDLER, {}))
    assert "本流程不支持操作" in str(unknown.value.cause)
    await handle.terminate()


def test_a_clock_started_from_another_event_than_its_row_says_is_refused() -> None:
    with pytest.raises(ClockStartMismatch):
        spec(PARTY_TIME, 10)  # the row says: from service
    with pytest.raises(ClockStartMismatch):
        spec(DUTY, 10, started=Started(Start.SERVICE, dt.datetime.now(dt.UTC)))  # the row says: when it opens
    assert spec(PARTY_TIME, 10, started=Started(Start.SERVICE, None)).deadline_rule == "probe.party"
