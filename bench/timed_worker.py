"""The production worker (`worker.build_worker`) with an interceptor that times every activity.

Started by the benchmarks as a process of its own, like `python worker.py`; on SIGINT or SIGTERM
it writes what it handled to `--report` (JSON): activities per type with their total and
percentile durations, workflow tasks, and the process's peak RSS.

    .venv/bin/python -m bench.timed_worker --name w1 --report /tmp/w1.json
"""

from __future__ import annotations

import argparse
import asyncio
import inspect
import json
import logging
import resource
import signal
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from temporalio import activity, workflow
from temporalio.worker import (
    ActivityInboundInterceptor,
    ExecuteActivityInput,
    ExecuteWorkflowInput,
    HandleUpdateInput,
    Interceptor,
    WorkflowInboundInterceptor,
    WorkflowInterceptorClassInput,
)

from bench.common import percentiles
from db.config_store import load_process_config
from db.session import make_engine, make_session_factory
from services.temporal_client import connect
from settings import get_settings
from worker import build_worker


class ActivityTimes:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.seconds: dict[str, list[float]] = defaultdict(list)

    def record(self, name: str, seconds: float) -> None:
        with self.lock:
            self.seconds[name].append(seconds)


class _TimedActivity(ActivityInboundInterceptor):
    def __init__(self, nxt: ActivityInboundInterceptor, times: ActivityTimes) -> None:
        super().__init__(nxt)
        self._times = times

    def execute_activity(self, input: ExecuteActivityInput) -> Any:  # noqa: A002
        # Sync activities run this in their executor thread and return a value; async ones a coroutine.
        started = time.perf_counter()
        name = activity.info().activity_type
        result = self.next.execute_activity(input)
        if inspect.isawaitable(result):

            async def timed() -> Any:
                try:
                    return await result
                finally:
                    self._times.record(name, time.perf_counter() - started)

            return timed()
        self._times.record(name, time.perf_counter() - started)
        return result


# Workflow code runs in the sandbox: counting updates there goes through a passed-through module.
WORKFLOW_COUNTS: dict[str, int] = defaultdict(int)


class _CountedWorkflow(WorkflowInboundInterceptor):
    async def execute_workflow(self, input: ExecuteWorkflowInput) -> Any:  # noqa: A002
        if not workflow.unsafe.is_replaying():
            WORKFLOW_COUNTS["workflow runs started here"] += 1
        else:  # not in the worker's cache (evicted, or started by another worker): replayed from the start
            WORKFLOW_COUNTS["workflow runs replayed here"] += 1
        return await self.next.execute_workflow(input)

    async def handle_update_handler(self, input: HandleUpdateInput) -> Any:  # noqa: A002
        if not workflow.unsafe.is_replaying():
            WORKFLOW_COUNTS[f"update {input.update}"] += 1
        return await self.next.handle_update_handler(input)


class TimingInterceptor(Interceptor):
    def __init__(self, times: ActivityTimes) -> None:
        self.times = times

    def intercept_activity(self, next: ActivityInboundInterceptor) -> ActivityInboundInterceptor:  # noqa: A002
        return _TimedActivity(next, self.times)

    def workflow_interceptor_class(self, input: WorkflowInterceptorClassInput) -> type[WorkflowInboundInterceptor]:  # noqa: A002
        return _CountedWorkflow


def report(times: ActivityTimes, name: str) -> dict[str, Any]:
    activities = {}
    for activity_type, samples in sorted(times.seconds.items()):
        figures = percentiles(samples)
        activities[activity_type] = {
            "count": len(samples),
            "total_s": round(sum(samples), 2),
            "p50_ms": round(figures["p50"] * 1000, 1),
            "p95_ms": round(figures["p95"] * 1000, 1),
        }
    return {
        "name": name,
        "activities": activities,
        "workflow": dict(WORKFLOW_COUNTS),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


async def main(name: str, out: Path) -> None:
    logging.basicConfig(level=logging.WARNING)
    settings = get_settings()
    client = await connect(settings.temporal_address, settings.temporal_namespace)
    sessions = make_session_factory(make_engine(settings.database_url))
    times = ActivityTimes()
    worker = build_worker(
        client,
        settings.task_queue,
        sessions,
        load_process_config(settings.process_config_file),
        interceptors=[TimingInterceptor(times)],
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    async with worker:
        out.write_text(json.dumps(report(times, name)))  # "ready", and a report even if killed
        while not stop.is_set():
            try:
                await asyncio.wait_for(stop.wait(), timeout=2)
            except TimeoutError:
                out.write_text(json.dumps(report(times, name)))
    out.write_text(json.dumps(report(times, name), ensure_ascii=False, indent=2))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--name", default="worker")
    parser.add_argument("--report", type=Path, required=True)
    args = parser.parse_args()
    asyncio.run(main(args.name, args.report))
