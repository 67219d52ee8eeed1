"""Workflow throughput against bare Temporal, on the embedded defaults.

In one run on one Temporal CLI dev server (persisted to SQLite):
1. bare: N `BareStepsWorkflow`s, each started and driven through 7 Updates by the Temporal client,
   with no activities, no database and no HTTP (the engine's own limit on this machine);
2. product: N listed-supervision (hazard) cases, each reported over the HTTP API and driven through
   its 7 human steps (listing, publication, plan, review, rectification, acceptance, delisting)
   by a handler and an office user, against one web process and one worker on the SQLite database.
Both with the same number of cases in flight. Prints cases/s for both, the ratio, the latency of
each kind of request and where the product's time goes (the worker's activity timings).

    .venv/bin/python -m bench.throughput --n 1000
    .venv/bin/python -m bench.throughput --small          # N = 50
    .venv/bin/python -m bench.throughput --n 1000 --database postgres
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import select
from temporalio.api.enums.v1 import EventType
from temporalio.client import Client

from bench.bare_workflow import BareStepsWorkflow
from bench.common import ms, percentiles, save_result, throwaway_database
from bench.hazard_driver import HAZARD_STEPS, HazardDriver, login
from bench.stack import BenchStack
from db import models
from db.session import make_engine, make_session_factory
from worker import DEFAULT_RUNNER


async def drive_bare(client: Client, n: int, concurrency: int, task_queue: str) -> tuple[float, dict[str, Any]]:
    steps = len(HAZARD_STEPS)
    starts: list[float] = []
    updates: list[float] = []
    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in range(n):
        queue.put_nowait(i)
    global _last_bare_run
    run = _last_bare_run = f"bare-{int(time.time() * 1000)}"

    async def user() -> None:
        while not queue.empty():
            i = queue.get_nowait()
            started = time.perf_counter()
            handle = await client.start_workflow(BareStepsWorkflow.run, steps, id=f"{run}-{i}", task_queue=task_queue)
            starts.append(time.perf_counter() - started)
            for step in range(steps):
                started = time.perf_counter()
                await handle.execute_update(BareStepsWorkflow.complete, step)
                updates.append(time.perf_counter() - started)
            await handle.result()

    started = time.perf_counter()
    await asyncio.gather(*(user() for _ in range(concurrency)))
    wall = time.perf_counter() - started
    return wall, {"start workflow": _ms(starts), "update": _ms(updates)}


_last_bare_run = ""


async def _history_events(client: Client, workflow_id: str) -> dict[str, int]:
    """Events of one workflow's history by type: what the server stores and the worker replays."""
    history = await client.get_workflow_handle(workflow_id).fetch_history()
    counts: dict[str, int] = {}
    for event in history.events:
        name = EventType.Name(event.event_type).removeprefix("EVENT_TYPE_").lower()
        counts[name] = counts.get(name, 0) + 1
    return dict(sorted(counts.items(), key=lambda item: -item[1]))


def _a_product_workflow(url: str) -> str:
    engine = make_engine(url)
    with make_session_factory(engine)() as db:
        found = db.scalars(
            select(models.Case.workflow_id).where(models.Case.closed.is_(True)).order_by(models.Case.id.desc())
        ).first()
    engine.dispose()
    assert found is not None
    return found


def _ms(samples: list[float]) -> dict[str, float]:
    return {k: (ms(v) if k != "n" else v) for k, v in percentiles(samples).items()}


def _enterprise(url: str) -> int:
    engine = make_engine(url)
    with make_session_factory(engine)() as db:
        found = db.scalars(select(models.Enterprise.id).where(models.Enterprise.jurisdiction_code == "530302")).first()
    engine.dispose()
    assert found is not None, "the seed has enterprises in 麒麟区"
    return found


async def run(n: int, concurrency: int, database: str) -> None:
    with tempfile.TemporaryDirectory(prefix="anquan-throughput-") as tmp, throwaway_database(database) as url:
        stack = BenchStack(Path(tmp), url)
        driver: HazardDriver | None = None
        try:
            stack.start_temporal()
            stack.start_worker("w1")
            web = stack.start_web("web1")
            stack.start_bare_worker()
            client = await Client.connect(stack.temporal_address)

            warm = max(5, concurrency // 2)
            print(f"warming up ({warm} bare, {warm} product cases) …", flush=True)
            await drive_bare(client, warm, concurrency, "bare")
            handler, office = await login(web, "ql.handler"), await login(web, "ql.office")
            await HazardDriver(handler, office, _enterprise(url)).run_many(warm, concurrency, prefix="预热")
            before = stack.worker_report("w1")
            cpu_bare_start, self_bare_start = stack.cpu_seconds(), _self_cpu()

            print(f"bare Temporal: {n} workflows × {len(HAZARD_STEPS)} updates, {concurrency} in flight …", flush=True)
            bare_wall, bare_latency = await drive_bare(client, n, concurrency, "bare")
            cpu_product_start, self_product_start = stack.cpu_seconds(), _self_cpu()
            print(f"product: {n} hazard cases × {len(HAZARD_STEPS)} steps over HTTP …", flush=True)
            driver = HazardDriver(handler, office, _enterprise(url))
            product_wall = await driver.run_many(n, concurrency)
            await asyncio.sleep(2.5)  # the worker's report is refreshed every 2 s
            history = {
                "bare": await _history_events(client, f"{_last_bare_run}-0"),
                "product": await _history_events(client, _a_product_workflow(url)),
            }
            after = stack.worker_report("w1")
            cpu_end, self_end = stack.cpu_seconds(), _self_cpu()
            await handler.aclose()
            await office.aclose()
        finally:
            stack.stop()
            if driver is not None and driver.timings.errors:  # keep the processes' logs to read the errors in
                kept = shutil.copytree(tmp, Path(tempfile.gettempdir()) / f"{Path(tmp).name}-logs", dirs_exist_ok=True)
                print(f"errors: the processes' logs are kept in {kept}", file=sys.stderr)

    bare_rate, product_rate = n / bare_wall, n / product_wall
    latency = {kind: _ms(samples) for kind, samples in driver.timings.seconds.items()}
    activities = _activity_delta(before, after)
    cpu = {
        "bare": _cpu_delta(cpu_bare_start, cpu_product_start, self_product_start - self_bare_start),
        "product": _cpu_delta(cpu_product_start, cpu_end, self_end - self_product_start),
    }
    print(f"\nworkflow runner: {runner_name()}   database: {database}   N = {n}, {concurrency} in flight")
    print(f"\n{'':<26}{'wall s':>9}{'cases/s':>10}{'steps/s':>10}")
    print(f"{'bare Temporal':<26}{bare_wall:9.1f}{bare_rate:10.2f}{bare_rate * len(HAZARD_STEPS):10.1f}")
    product_steps = product_rate * len(HAZARD_STEPS)
    print(f"{'product (HTTP + worker)':<26}{product_wall:9.1f}{product_rate:10.2f}{product_steps:10.1f}")
    print("\nlatency (ms)                 n     p50     p95     max")
    for kind, figures in {**{f"bare {k}": v for k, v in bare_latency.items()}, **latency}.items():
        print(f"  {kind:<24}{figures['n']:>6}{figures['p50']:8.1f}{figures['p95']:8.1f}{figures['max']:8.1f}")
    print("\nworker activities during the product run: count, total s, p50 ms, p95 ms")
    for name, figures in activities.items():
        count, total = figures["count"], figures["total_s"]
        print(f"  {name:<24}{count:>6}{total:9.1f}{figures['p50_ms']:8.1f}{figures['p95_ms']:8.1f}")
    print(f"worker peak RSS {after['peak_rss_mb']} MB")
    print("\nCPU seconds per process (bare run | product run), and per case (ms):")
    for name in cpu["product"]:
        bare_s, product_s = cpu["bare"].get(name, 0.0), cpu["product"][name]
        print(f"  {name:<28}{bare_s:8.1f} |{product_s:8.1f}   {bare_s / n * 1000:7.0f} |{product_s / n * 1000:7.0f}")
    bare_total, product_total = _total(cpu["bare"]), _total(cpu["product"])
    per_case = f"{bare_total / n * 1000:7.0f} |{product_total / n * 1000:7.0f}"
    print(f"  {'total':<28}{bare_total:8.1f} |{product_total:8.1f}   {per_case}")
    if POSTGRES_CPU in cpu["product"]:
        print(f"  (the total leaves out {POSTGRES_CPU}: other clients of the server count in it)")
    print("\nhistory events of one workflow (bare | product):")
    for kind in sorted(set(history["bare"]) | set(history["product"]), key=lambda k: -history["product"].get(k, 0)):
        print(f"  {kind:<40}{history['bare'].get(kind, 0):6} |{history['product'].get(kind, 0):6}")
    print(f"  {'total':<40}{sum(history['bare'].values()):6} |{sum(history['product'].values()):6}")
    ratios = _ratios(n, bare_rate, product_rate, bare_latency, latency, cpu)
    print("\nratios (product / bare, this run):")
    print(f"  cases/s                                  {ratios['cases_per_s']:6.2f}   (target >= 0.5)")
    print(f"  step p95 over HTTP / bare Update p95     {ratios['step_p95']:6.2f}   (target <= 3)")
    print(f"  CPU-s per case, all processes            {ratios['cpu_per_case']:6.2f}")
    worker_ms, bare_ms = ratios["worker_cpu_ms_per_case"], ratios["bare_worker_cpu_ms_per_case"]
    print(f"  worker CPU-ms per case                   {worker_ms:6.0f}   (bare worker {bare_ms:.0f})")
    worker_ms, bare_ms = ratios["worker_cpu_ms_per_step"], ratios["bare_worker_cpu_ms_per_update"]
    print(f"  worker CPU-ms per step completed         {worker_ms:6.1f}   (bare worker per Update {bare_ms:.1f})")
    print(f"errors: {len(driver.timings.errors)}")
    for error in driver.timings.errors[:5]:
        print("error:", error, file=sys.stderr)
    save_result(
        f"throughput-{database}-{n}{runner_tag()}",
        {
            "n": n,
            "concurrency": concurrency,
            "database": database,
            "bare": {"wall_s": bare_wall, "cases_per_s": bare_rate, "latency_ms": bare_latency},
            "product": {"wall_s": product_wall, "cases_per_s": product_rate, "latency_ms": latency},
            "ratio": product_rate / bare_rate,
            "ratios": ratios,
            "workflow_runner": runner_name(),
            "errors": len(driver.timings.errors),
            "activities": activities,
            "cpu_seconds": cpu,
            "history_events": history,
        },
    )


def runner_name() -> str:
    """The worker's workflow runner (WORKFLOW_RUNNER, passed on to the worker process)."""
    return os.environ.get("WORKFLOW_RUNNER", "") or DEFAULT_RUNNER


def runner_tag() -> str:
    """ "-<runner>" for a results file of a run on another runner than the default, else ""."""
    return "" if runner_name() == DEFAULT_RUNNER else f"-{runner_name()}"


def _ratios(
    n: int,
    bare_rate: float,
    product_rate: float,
    bare_latency: dict[str, dict[str, float]],
    latency: dict[str, dict[str, float]],
    cpu: dict[str, dict[str, float]],
) -> dict[str, float]:
    """The figures to read: product against bare Temporal, measured in the same run."""
    bare_update_p95 = bare_latency["update"]["p95"]
    step_p95 = latency.get("complete step", {"p95": 0.0})["p95"]
    workers = [v for k, v in cpu["product"].items() if k.startswith("worker ")]
    return {
        "cases_per_s": round(product_rate / bare_rate, 3),
        "step_p95": round(step_p95 / bare_update_p95, 2) if bare_update_p95 else 0.0,
        "cpu_per_case": round(_total(cpu["product"]) / max(_total(cpu["bare"]), 1e-9), 2),
        "worker_cpu_ms_per_case": round(sum(workers) / n * 1000, 1),
        "bare_worker_cpu_ms_per_case": round(cpu["bare"].get("bare worker", 0.0) / n * 1000, 1),
        # Per step completed: a run with errors completed fewer steps than N cases have.
        "worker_cpu_ms_per_step": round(sum(workers) / max(latency.get("complete step", {"n": 0})["n"], 1) * 1000, 1),
        "bare_worker_cpu_ms_per_update": round(
            cpu["bare"].get("bare worker", 0.0) / max(bare_latency["update"]["n"], 1) * 1000, 1
        ),
    }


POSTGRES_CPU = "postgresql (all backends)"


def _total(cpu: dict[str, float]) -> float:
    """CPU of this run's own processes: PostgreSQL's figure counts every client of the server."""
    return sum(seconds for name, seconds in cpu.items() if name != POSTGRES_CPU)


def _self_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _cpu_delta(start: dict[str, float], end: dict[str, float], driver: float) -> dict[str, float]:
    used = {name: round(end.get(name, 0.0) - start.get(name, 0.0), 1) for name in end}
    return {**used, "load driver (this process)": round(driver, 1)}


def _activity_delta(before: dict[str, Any], after: dict[str, Any]) -> dict[str, dict[str, float]]:
    """Counts and totals of the timed run only (the report is cumulative; percentiles are overall)."""
    delta = {}
    for name, figures in after["activities"].items():
        old = before["activities"].get(name, {"count": 0, "total_s": 0.0})
        delta[name] = {
            **figures,
            "count": figures["count"] - old["count"],
            "total_s": round(figures["total_s"] - old["total_s"], 2),
        }
    return delta


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1000, help="cases (and bare workflows)")
    parser.add_argument("--small", action="store_true", help="N = 50")
    parser.add_argument("--concurrency", type=int, default=20, help="cases in flight at once")
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    args = parser.parse_args()
    asyncio.run(run(50 if args.small else args.n, args.concurrency, args.database))


if __name__ == "__main__":
    main()
