"""Timers: how late escalations fire when many deadlines fall due in the same minute.

Method. The listing decision's clock is configured to one hour (a process.toml override, the way a
province sets any clock), and cases are reported the way cases taken over from paper records are:
with `reported_at` in the past, so their first clock started then. `--open` cases (default 10,000)
are reported with the clock starting now (due in an hour, after the benchmark ends), then `--due`
cases (default 1,000) with `reported_at` = T - 1 h, so that all of their deadlines fall due at
the same moment T, a minute or so after the last of them was started. At T the worker must mark
1,000 tasks overdue and open a supervision task (督办) for the city office on each. For every one
this prints how late it fired: by the workflow's clock (`opened_at` of the supervision task, the
start of the workflow task that handled the timer) and as seen in the database by a poll every
0.2 s (what a handler's inbox would show). Also the worker's peak RSS, with 10,000 open
workflows, each with its pending timers, held by one worker.

The engine's own limit comes first, on the same dev server: as many `BareDeadlineWorkflow`s
(bench/bare_workflow.py: a timer and nothing else; when it fires, the workflow ends with how
late it woke) with as many falling due at one moment, on a worker of their own.

    .venv/bin/python -m bench.timers                         # 10,000 open, 1,000 due at once
    .venv/bin/python -m bench.timers --small                 # 1,000 open, 100 due
    .venv/bin/python -m bench.timers --skip-bare             # the product only
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from temporalio.api.enums.v1 import DescribeTaskQueueMode, TaskQueueType
from temporalio.api.taskqueue.v1 import TaskQueue
from temporalio.api.workflowservice.v1 import DescribeTaskQueueRequest
from temporalio.client import Client

from bench.bare_workflow import BareDeadlineWorkflow
from bench.common import percentiles, save_result, throwaway_database
from bench.stack import BenchStack
from bench.throughput import runner_name, runner_tag
from db import models
from db.config_store import load_process_config
from db.session import make_engine, make_session_factory
from domain.hazard import HazardReport
from domain.legal_calendar import CHINA_TZ
from domain.process_config import ProcessConfig
from services.hazard_intake import report_hazard
from services.principal import Principal, load_principal
from services.temporal_client import DATA_CONVERTER
from settings import ROOT

CLOCK = dt.timedelta(hours=1)
SHORT_CLOCK = """
# bench.timers: the listing decision due one hour after the report (no reminder before it).
[deadlines."hazard.listing_decision"]
amount = 1
unit = "hours"
remind_before = []
"""


def _principal(sessions: sessionmaker[Session], username: str) -> Principal:
    with sessions() as db:
        user = db.scalars(select(models.User).where(models.User.username == username)).one()
        return load_principal(db, user)


async def report_many(
    sessions: sessionmaker[Session],
    client: Client,
    config: ProcessConfig,
    n: int,
    reported_at: dt.datetime | None,
    label: str,
    concurrency: int = 10,  # more only queues on the one event loop and the database's writer
) -> float:
    """Reports n hazard cases; returns the rate in cases per second."""
    principal = _principal(sessions, "ql.handler")
    with sessions() as db:
        enterprise = db.scalars(
            select(models.Enterprise.id).where(models.Enterprise.jurisdiction_code == "530302")
        ).first()
    assert enterprise is not None
    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in range(n):
        queue.put_nowait(i)

    async def reporter() -> None:
        while not queue.empty():
            i = queue.get_nowait()
            now = dt.datetime.now(dt.UTC)
            with sessions() as db:
                await report_hazard(
                    db=db,
                    client=client,
                    task_queue="cases",
                    principal=principal,
                    report=HazardReport(
                        enterprise_id=enterprise,
                        title=f"{label}{i}",
                        description="报警装置失效。",
                        grade=4,
                        source="inspection",
                        found_on=now.astimezone(CHINA_TZ).date(),
                    ),
                    config=config,
                    now=now,
                    reported_at=reported_at,
                )

    started = time.perf_counter()
    await asyncio.gather(*(reporter() for _ in range(concurrency)))
    return n / (time.perf_counter() - started)


async def wait_projected(sessions: sessionmaker[Session], n: int, timeout: float = 600) -> None:
    """Until n listing-decision tasks are in the database (the workflows have armed their clocks)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with sessions() as db:
            count = db.query(models.Task).filter(models.Task.step == "listing_decision").count()
        if count >= n:
            return
        await asyncio.sleep(1)
    raise RuntimeError(f"only {count} of {n} first tasks projected")


async def drained(client: Client, task_queue: str, timeout: float = 900) -> None:
    """Until the task queue has no workflow task waiting (the server's approximate backlog)."""
    request = DescribeTaskQueueRequest(
        namespace=client.namespace,
        task_queue=TaskQueue(name=task_queue),
        api_mode=DescribeTaskQueueMode.DESCRIBE_TASK_QUEUE_MODE_ENHANCED,
        task_queue_types=[TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW],
        report_stats=True,
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        response = await client.workflow_service.describe_task_queue(request)
        backlog = sum(
            info.stats.approximate_backlog_count
            for version in response.versions_info.values()
            for info in version.types_info.values()
        )
        if backlog == 0:
            return
        await asyncio.sleep(1)
    raise RuntimeError(f"task queue {task_queue} still has a backlog after {timeout:.0f} s")


@dataclass(frozen=True)
class CpuReading:
    at: float  # time.monotonic()
    spent: dict[str, float]  # process → CPU seconds so far


async def cpu_at(stack: BenchStack, moment: dt.datetime) -> CpuReading:
    """Every process's CPU so far, read at `moment` (at once if it has passed)."""
    await asyncio.sleep(max(0.0, (moment - dt.datetime.now(dt.UTC)).total_seconds()))
    return CpuReading(time.monotonic(), stack.cpu_seconds())


def burst_cpu(before: CpuReading, stack: BenchStack) -> dict[str, float]:
    """CPU seconds each process spent since `before`, and the window's wall time (key "wall")."""
    now = stack.cpu_seconds()
    spent = {name: round(now.get(name, 0.0) - used, 2) for name, used in before.spent.items()}
    return {**spent, "wall": round(time.monotonic() - before.at, 2)}


async def bare_lateness(
    client: Client, stack: BenchStack, n_open: int, n_due: int, concurrency: int = 20
) -> tuple[list[float], dict[str, float]]:
    """The engine alone: n_open bare deadlines, n_due of them at one moment; how late each woke,
    and the CPU each process spent from that moment until every result was read (the reading,
    ten at a time from 5 s after the moment, is in the server's figure)."""
    run_id = f"bare-deadline-{int(time.time())}"

    async def start_all(ids: range, due_at: dt.datetime) -> None:
        queue = list(ids)

        async def starter() -> None:
            while queue:
                i = queue.pop()
                await client.start_workflow(
                    BareDeadlineWorkflow.run, due_at.isoformat(), id=f"{run_id}-{i}", task_queue="bare"
                )

        await asyncio.gather(*(starter() for _ in range(concurrency)))

    print(f"bare Temporal: starting {n_open - n_due:,} deadlines due in an hour …", flush=True)
    began = time.perf_counter()
    await start_all(range(n_due, n_open), dt.datetime.now(dt.UTC) + CLOCK)
    await drained(client, "bare")  # every timer armed, as the product's setup waits for its tasks
    rate = (n_open - n_due) / (time.perf_counter() - began)
    due_at = (dt.datetime.now(dt.UTC) + dt.timedelta(seconds=n_due / rate * 1.5 + 15)).replace(microsecond=0)
    print(f"  {rate:.1f} workflows/s started and armed; {n_due:,} more due at {due_at:%H:%M:%S} UTC …", flush=True)
    await start_all(range(n_due), due_at)
    await drained(client, "bare")
    if dt.datetime.now(dt.UTC) > due_at:
        print("  (the due moment passed before every timer was armed: the figures below include that)")
    # Each result is the workflow's own measure; read them after the moment, ten at a time, so the
    # reading does not compete with the timers it measures.
    before = await cpu_at(stack, due_at)
    await asyncio.sleep(5)
    gate = asyncio.Semaphore(10)

    async def lateness(i: int) -> float:
        async with gate:
            return float(await client.get_workflow_handle(f"{run_id}-{i}").result())

    late = list(await asyncio.gather(*(lateness(i) for i in range(n_due))))
    return late, burst_cpu(before, stack)


async def run(n_open: int, n_due: int, database: str, *, bare: bool = True) -> None:
    with tempfile.TemporaryDirectory(prefix="anquan-timers-") as tmp, throwaway_database(database) as url:
        config_file = Path(tmp) / "process.toml"
        config_file.write_text((ROOT / "config" / "process.toml").read_text() + SHORT_CLOCK)
        stack = BenchStack(Path(tmp), url, extra_env={"PROCESS_CONFIG_FILE": str(config_file)})
        sessions = make_session_factory(make_engine(url))
        config = load_process_config(config_file)
        try:
            stack.start_temporal()
            bare_late: list[float] = []
            bare_cpu: dict[str, float] = {}
            if bare:
                stack.start_bare_worker()
                bare_late, bare_cpu = await bare_lateness(
                    await Client.connect(stack.temporal_address), stack, n_open, n_due
                )
                p = percentiles(bare_late)
                print(
                    f"bare Temporal late: n {p['n']}, p50 {p['p50']:.2f} s, p99 {p['p99']:.2f} s, max {p['max']:.2f} s"
                )
            stack.start_worker("w1")
            client = await Client.connect(stack.temporal_address, data_converter=DATA_CONVERTER)

            print(f"reporting {n_open - n_due:,} cases due in an hour …", flush=True)
            rate = await report_many(sessions, client, config, n_open - n_due, None, "计时背景")
            await wait_projected(sessions, n_open - n_due)
            print(f"  {rate:.1f} cases/s; all first tasks projected", flush=True)

            lead = dt.timedelta(seconds=n_due / rate * 1.5 + 30)
            due_at = (dt.datetime.now(dt.UTC) + lead).replace(microsecond=0)
            print(f"reporting {n_due:,} cases all due at {due_at:%H:%M:%S} UTC …", flush=True)
            await report_many(sessions, client, config, n_due, due_at - CLOCK, "同时到期")
            await wait_projected(sessions, n_open)
            with sessions() as db:
                due_tasks = {
                    t.id: t.due_at
                    for t in db.scalars(
                        select(models.Task).where(models.Task.due_at <= due_at + dt.timedelta(seconds=1))
                    )
                }
            late_start = max(0.0, (dt.datetime.now(dt.UTC) - due_at).total_seconds())
            print(f"  {len(due_tasks)} tasks due at {due_at:%H:%M:%S}; setup finished {late_start:.1f} s after it")

            before = await cpu_at(stack, due_at)
            engine_late, seen_late = await watch(sessions, due_tasks, due_at + dt.timedelta(seconds=300))
            product_cpu = burst_cpu(before, stack)
            await asyncio.sleep(2.5)
            twice = escalated_twice(sessions, set(due_tasks))
            report = stack.worker_report("w1")
        finally:
            stack.stop()

    print(f"\nworkflow runner: {runner_name()}   database: {database}   {n_open:,} open, {n_due:,} due at once")
    if bare_late:
        p = percentiles(bare_late)
        print(f"bare Temporal late: n {p['n']}, p50 {p['p50']:.2f} s, p99 {p['p99']:.2f} s, max {p['max']:.2f} s")
    for name, samples in (("by the workflow clock", engine_late), ("seen in the database", seen_late)):
        p = percentiles(samples)
        print(f"escalations late {name}: n {p['n']}, p50 {p['p50']:.2f} s, p99 {p['p99']:.2f} s, max {p['max']:.2f} s")
    missing = len(due_tasks) - len(seen_late)
    print(f"escalations not seen within 5 minutes: {missing}   escalated twice: {twice}")
    print(f"worker peak RSS: {report['peak_rss_mb']} MB ({n_open:,} open cases)")
    print_burst_cpu(n_due, product_cpu, bare_cpu)
    bare_p99 = percentiles(bare_late)["p99"] if bare_late else 0.0
    ratio = percentiles(engine_late)["p99"] / bare_p99 if bare_p99 > 0 else None
    print("\nratios and limits (this run):")
    if ratio is not None:
        print(f"  p99 lateness product / bare Temporal      {ratio:6.2f}   (target <= 1.5)")
    else:
        print("  p99 lateness product / bare Temporal         -   (--skip-bare, or bare Temporal never late)")
    print(f"  worker peak RSS                          {report['peak_rss_mb']:6.0f} MB (target < 500)")
    print(f"  escalations missing / twice              {missing:>6} / {twice}   (target 0 / 0)")
    save_result(
        result_name(database, n_open, bare=bool(bare_late)),
        {
            "open": n_open,
            "due": n_due,
            "report_rate": rate,
            "late_by_workflow_clock_s": percentiles(engine_late),
            "bare_late_s": percentiles(bare_late) if bare_late else None,
            "late_seen_in_db_s": percentiles(seen_late),
            "missing": missing,
            "escalated_twice": twice,
            "p99_ratio_product_bare": ratio,
            "workflow_runner": runner_name(),
            "setup_late_s": late_start,
            "worker_peak_rss_mb": report["peak_rss_mb"],
            "burst_cpu_s": {"product": product_cpu, "bare": bare_cpu},
            "worker": report,
        },
    )


def print_burst_cpu(n_due: int, product: dict[str, float], bare: dict[str, float]) -> None:
    """Where the burst's time goes: CPU per escalation of each process, and the share of the
    window's wall time it was busy (near 100 %: the process was the queue; a Python process runs
    its workflow tasks and activities on one core at a time)."""
    product_wall, bare_wall = product.get("wall", 0.0), bare.get("wall", 0.0)
    print(
        f"\nCPU from the due moment to the last escalation seen ({product_wall:.1f} s)"
        f" and, for bare Temporal, to its last result read ({bare_wall:.1f} s):"
    )
    print(f"  {'process':<28}{'product ms/escalation':>22}{'busy':>7}{'bare ms/timer':>15}{'busy':>7}")
    for name in sorted((set(product) | set(bare)) - {"wall"}):
        cells: list[str] = []
        for figures, wall in ((product, product_wall), (bare, bare_wall)):
            if name in figures and wall > 0:
                cells.append(f"{figures[name] / n_due * 1000:>{15 if cells else 22}.1f}{figures[name] / wall:>7.0%}")
            else:
                cells.append(f"{'-':>{15 if cells else 22}}{'':>7}")
        print(f"  {name:<28}{''.join(cells)}")


def result_name(database: str, n_open: int, *, bare: bool) -> str:
    """bench/results/<name>.json: runs without bare Temporal, or on another runner, apart."""
    return f"timers-{database}-{n_open}{'' if bare else '-skip-bare'}{runner_tag()}"


def escalated_twice(sessions: sessionmaker[Session], due: set[str]) -> int:
    """Due tasks with more than one supervision task opened on them (an escalation repeated)."""
    with sessions() as db:
        rows = db.execute(
            select(models.Task.parent_task_id, func.count())
            .where(models.Task.kind == "supervision")
            .group_by(models.Task.parent_task_id)
            .having(func.count() > 1)
        ).all()
    return sum(1 for parent, _count in rows if parent in due)


async def watch(
    sessions: sessionmaker[Session], due_tasks: dict[str, dt.datetime], until: dt.datetime
) -> tuple[list[float], list[float]]:
    """Polls for the supervision tasks opened on the due tasks; lateness by workflow clock and as seen."""
    engine_late: dict[str, float] = {}
    seen_late: dict[str, float] = {}
    while len(seen_late) < len(due_tasks) and dt.datetime.now(dt.UTC) < until:
        with sessions() as db:
            rows = db.execute(
                select(models.Task.parent_task_id, models.Task.opened_at).where(models.Task.kind == "supervision")
            ).all()
        now = dt.datetime.now(dt.UTC)
        for parent, opened_at in rows:
            if parent in due_tasks and parent not in seen_late:
                seen_late[parent] = (now - due_tasks[parent]).total_seconds()
                engine_late[parent] = (opened_at - due_tasks[parent]).total_seconds()
        await asyncio.sleep(0.2)
    return list(engine_late.values()), list(seen_late.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--open", type=int, default=10_000, help="open cases with pending deadlines")
    parser.add_argument("--due", type=int, default=1_000, help="of which fall due at the same moment")
    parser.add_argument("--small", action="store_true", help="1,000 open, 100 due")
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--skip-bare", action="store_true", help="leave out bare Temporal's own lateness")
    args = parser.parse_args()
    n_open, n_due = (1_000, 100) if args.small else (args.open, args.due)
    asyncio.run(run(n_open, n_due, args.database, bare=not args.skip_bare))


if __name__ == "__main__":
    main()
