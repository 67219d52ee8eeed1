"""The real system under faults: a Temporal dev server persisted to SQLite and worker processes
(launcher.Stack), driven through the same services the API calls, and an audit of the database.

Every fault test uses these helpers; none starts a process of its own.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import signal
import subprocess
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from temporalio.api.enums.v1 import TaskQueueType
from temporalio.api.taskqueue.v1 import TaskQueue
from temporalio.api.workflowservice.v1 import DescribeTaskQueueRequest
from temporalio.client import Client, WorkflowExecutionStatus

from db import models
from domain.errors import Conflict
from domain.hazard import HazardReport
from domain.legal_calendar import CHINA_TZ
from domain.process_config import ProcessConfig
from domain.rectification import RectificationStart
from launcher import Stack
from services import case_actions
from services.hazard_intake import report_hazard
from services.rectification_intake import start_rectification
from services.temporal_client import connect
from tests.support import principal

NOT_LISTED = {"decision": "not_list", "reason": "经核查不构成重大事故隐患"}
ORDER = {
    "hazards": "储罐区4台可燃气体报警器失效，未与紧急切断联锁",
    "measures": "更换报警器并实现与紧急切断装置联锁",
    "period_days": 30,
    "basis": "安全生产法第六十五条第一款第（二）项",
}
# A step in flight when a process dies may wait for the server's timeouts (sticky queue, workflow
# task) and the worker's restart; nothing in these tests should take longer than this.
STEP_TIMEOUT = 120.0


@dataclass
class Step:
    """One human step to take on one case: which open task, by whom, with which form."""

    case_id: int
    step: str
    username: str
    form: dict[str, Any]


@dataclass
class StepLog:
    """What the drivers saw: completions, 409s after a lost reply, transient errors retried."""

    completed: int = 0
    already_done: int = 0
    retried: Counter[str] = field(default_factory=Counter)


@dataclass
class FaultSystem:
    stack: Stack
    sessions: sessionmaker[Session]
    client: Client
    worker_env: dict[str, str] = field(default_factory=dict)
    task_queue: str = "cases"

    # ---- processes -------------------------------------------------------------------------

    @property
    def workers(self) -> list[subprocess.Popen[bytes]]:
        return [p for p in self.stack.procs if "worker.py" in p.args]  # type: ignore[operator]

    def start_worker(self) -> subprocess.Popen[bytes]:
        return self.stack.start_worker(**self.worker_env)

    def worker_log(self) -> str:
        """What every worker process printed (launch writes their output to log files)."""
        assert self.stack.log_dir is not None
        return "".join(path.read_text(errors="replace") for path in sorted(self.stack.log_dir.glob("worker-*.log")))

    def kill(self, proc: subprocess.Popen[bytes]) -> None:
        """SIGKILL: no shutdown, no flush, exactly what a crash or an OOM kill does."""
        self.stack.end(proc, signal.SIGKILL)

    async def restart_server(self, down_for: float) -> None:
        """Stop the dev server cleanly, keep it down, start it on the same SQLite file."""
        server = next(p for p in self.stack.procs if Path(str(p.args[0])).name == "temporal")  # type: ignore[index]
        self.stack.end(server, signal.SIGINT)
        await asyncio.sleep(down_for)
        self.stack.procs.insert(0, self.stack.start_temporal())
        self.client = await connect_when_ready(self.stack)

    # ---- intake ----------------------------------------------------------------------------

    async def report_hazards(self, count: int, reported_at: dt.datetime | None = None) -> list[int]:
        with self.sessions() as db:
            enterprise = _enterprise(db)
        handler = principal(self.sessions, "ql.handler")

        async def one(n: int) -> int:
            with self.sessions() as db:
                case = await report_hazard(
                    db=db,
                    client=self.client,
                    task_queue=self.task_queue,
                    principal=handler,
                    report=HazardReport(
                        enterprise_id=enterprise,
                        title=f"储罐区可燃气体报警装置失效（{n + 1}）",
                        description="储罐区可燃气体报警器失效，未与紧急切断联锁。",
                        grade=4,
                        source="inspection",
                        found_on=dt.datetime.now(CHINA_TZ).date(),
                    ),
                    config=ProcessConfig(),
                    now=dt.datetime.now(dt.UTC),
                    reported_at=reported_at,
                )
                return case.id

        return await _in_batches(one, count)

    async def order_rectifications(self, count: int) -> list[int]:
        with self.sessions() as db:
            enterprise = _enterprise(db)
        handler = principal(self.sessions, "ql.handler")

        async def one(n: int) -> int:
            with self.sessions() as db:
                case = await start_rectification(
                    db=db,
                    client=self.client,
                    task_queue=self.task_queue,
                    principal=handler,
                    start=RectificationStart(
                        enterprise_id=enterprise,
                        inspection_record_no=f"麒应急检〔2026〕{n + 1}号",
                        inspected_on=dt.datetime.now(CHINA_TZ).date(),
                        findings="可燃气体报警器失效",
                        own_enforcement_power=False,
                    ),
                    now=dt.datetime.now(dt.UTC),
                )
                return case.id

        return await _in_batches(one, count)

    # ---- human steps -----------------------------------------------------------------------

    async def take_steps(self, steps: Sequence[Step], concurrency: int = 20) -> StepLog:
        """Complete every step as a handler would: retry what failed in transit until it is done.

        A completion whose reply was lost in a crash is retried; the workflow then answers 409
        (already completed), which is the proof it happened once.
        """
        log = StepLog()
        gate = asyncio.Semaphore(concurrency)

        async def one(step: Step) -> None:
            async with gate:
                await self._take_step(step, log)

        await asyncio.gather(*(one(s) for s in steps))
        return log

    async def _take_step(self, step: Step, log: StepLog) -> None:
        task_id = await self.open_task_id(step.case_id, step.step)
        who = principal(self.sessions, step.username)
        deadline = time.monotonic() + STEP_TIMEOUT
        failed_before = False
        while True:
            try:
                with self.sessions() as db:
                    await asyncio.wait_for(
                        case_actions.complete_task(
                            db=db, client=self.client, principal=who, task_id=task_id, form=step.form
                        ),
                        timeout=30,
                    )
                log.completed += 1
                return
            except Conflict:
                # Only a retry may find its task done: a first attempt answered 409 is a real error.
                assert failed_before, f"case {step.case_id}: {step.step} refused on the first attempt"
                log.already_done += 1
                return
            except Exception as exc:  # noqa: BLE001 - a crash surfaces as RPC errors or timeouts
                log.retried[type(exc).__name__] += 1
                failed_before = True
                assert time.monotonic() < deadline, f"case {step.case_id}: {step.step} never completed: {exc!r}"
                await asyncio.sleep(0.5)

    async def open_task_id(self, case_id: int, step: str, timeout: float = STEP_TIMEOUT) -> str:
        deadline = time.monotonic() + timeout
        while True:
            with self.sessions() as db:
                task_id = db.scalar(
                    select(models.Task.id)
                    .where(models.Task.case_id == case_id, models.Task.step == step, models.Task.status == "open")
                    .order_by(models.Task.opened_at, models.Task.id)
                )
            if task_id is not None:
                return task_id
            assert time.monotonic() < deadline, f"case {case_id}: no open {step} task"
            await asyncio.sleep(0.2)

    async def wait_for(self, check: Callable[[], bool], timeout: float = STEP_TIMEOUT, what: str = "") -> float:
        """Wait until `check()` holds; return the seconds it took."""
        start = time.monotonic()
        while not check():
            assert time.monotonic() - start < timeout, f"not reached within {timeout}s: {what}"
            await asyncio.sleep(0.2)
        return time.monotonic() - start

    async def wait_for_pollers(self, identities: set[str], timeout: float = STEP_TIMEOUT) -> None:
        """Wait until every worker in `identities` polls the workflow task queue: a workflow sticks
        to the worker that first ran it, so a worker still starting would get no case at all."""
        request = DescribeTaskQueueRequest(
            namespace=self.client.namespace,
            task_queue=TaskQueue(name=self.task_queue),
            task_queue_type=TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
        )
        start = time.monotonic()
        while True:
            response = await self.client.workflow_service.describe_task_queue(request)
            if identities <= {p.identity for p in response.pollers}:
                return
            assert time.monotonic() - start < timeout, f"workers not polling within {timeout}s: {identities}"
            await asyncio.sleep(0.2)

    async def workflow_statuses(self, case_ids: Sequence[int]) -> Counter[str]:
        with self.sessions() as db:
            workflow_ids = list(db.scalars(select(models.Case.workflow_id).where(models.Case.id.in_(case_ids))))
        statuses: Counter[str] = Counter()
        for workflow_id in workflow_ids:
            described = await self.client.get_workflow_handle(workflow_id).describe()
            status = described.status or WorkflowExecutionStatus.RUNNING
            statuses[status.name] += 1
        return statuses

    async def wait_completed(self, case_ids: Sequence[int], timeout: float = STEP_TIMEOUT) -> Counter[str]:
        """Wait until no workflow of these cases is running (a step's reply comes before the case
        closes); return how they ended."""
        deadline = time.monotonic() + timeout
        while True:
            statuses = await self.workflow_statuses(case_ids)
            if not statuses["RUNNING"] or time.monotonic() > deadline:
                return statuses
            await asyncio.sleep(0.5)

    # ---- the audit ---------------------------------------------------------------------------

    def audit(self, case_ids: Sequence[int]) -> Audit:
        return Audit.of(self.sessions, case_ids)


@dataclass
class Audit:
    """Per case: its tasks by step and status, its timeline by kind, its documents."""

    tasks: dict[int, Counter[tuple[str, str]]]
    events: dict[int, Counter[str]]
    documents: dict[int, Counter[str]]
    document_seqs: list[int]  # the issuers' running numbers (all one issuer in these tests)
    duplicate_event_keys: int
    duplicate_ledger_keys: int

    @classmethod
    def of(cls, sessions: sessionmaker[Session], case_ids: Sequence[int]) -> Audit:
        with sessions() as db:
            tasks: dict[int, Counter[tuple[str, str]]] = {c: Counter() for c in case_ids}
            for case_id, step, status in db.execute(
                select(models.Task.case_id, models.Task.step, models.Task.status).where(
                    models.Task.case_id.in_(case_ids)
                )
            ):
                tasks[case_id][(step, status)] += 1
            events: dict[int, Counter[str]] = {c: Counter() for c in case_ids}
            for case_id, kind in db.execute(
                select(models.CaseEvent.case_id, models.CaseEvent.kind).where(models.CaseEvent.case_id.in_(case_ids))
            ):
                events[case_id][kind] += 1
            documents: dict[int, Counter[str]] = {c: Counter() for c in case_ids}
            seqs = []
            for case_id, doc_type, seq in db.execute(
                select(models.Document.case_id, models.Document.doc_type, models.Document.seq).where(
                    models.Document.case_id.in_(case_ids)
                )
            ):
                documents[case_id][doc_type] += 1
                seqs.append(seq)
            # The unique constraints make these zero by construction; counted anyway, so a dropped
            # constraint (or a key that is not deterministic on replay) shows up here.
            duplicate_events = _duplicates(
                db, models.CaseEvent.case_id, models.CaseEvent.event_key, models.CaseEvent.case_id.in_(case_ids)
            )
            duplicate_ledger = _duplicates(
                db,
                models.DeadlineEvent.task_id,
                models.DeadlineEvent.event_key,
                models.DeadlineEvent.task_id.in_(select(models.Task.id).where(models.Task.case_id.in_(case_ids))),
            )
        return cls(tasks, events, documents, sorted(seqs), duplicate_events, duplicate_ledger)


def _duplicates(db: Session, owner: Any, key: Any, where: Any) -> int:
    groups = select(owner, key).where(where).group_by(owner, key).having(func.count() > 1).subquery()
    return int(db.scalar(select(func.count()).select_from(groups)) or 0)


async def connect_when_ready(stack: Stack, timeout: float = 60) -> Client:
    """A client of the dev server, once it answers: its port opens before its frontend is healthy."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return await connect(f"127.0.0.1:{stack.temporal_port}", "default")
        except RuntimeError:  # "Frontend is not healthy yet"
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.2)


async def _in_batches(intake: Callable[[int], Awaitable[int]], count: int, size: int = 10) -> list[int]:
    """Cases reported `size` at a time, as a busy intake desk would; their ids in order."""
    ids: list[int] = []
    for first in range(0, count, size):
        ids += await asyncio.gather(*(intake(n) for n in range(first, min(first + size, count))))
    return sorted(ids)


def _enterprise(db: Session) -> int:
    enterprise = db.scalar(select(models.Enterprise.id).where(models.Enterprise.jurisdiction_code == "530302"))
    assert enterprise is not None
    return enterprise
