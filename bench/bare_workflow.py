"""The engine's own limits, measured beside the product on the same dev server.

- `BareStepsWorkflow`: the same number of Update-driven steps as a listed-supervision case, and
  nothing else (no activities, no persistence, no HTTP): bench/throughput.py.
- `BareDeadlineWorkflow`: a pending deadline and nothing else; when it falls due the workflow
  ends with how late it woke: bench/timers.py.

`python -m bench.bare_workflow --task-queue bare` runs its worker (the throughput benchmark
starts it as a process of its own, like the product's worker), on the product worker's workflow
runner (WORKFLOW_RUNNER, `worker.workflow_runner`): the comparison is of the work, not of the
SDK's sandbox, which the product leaves out in production (ADR 0016).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os

from temporalio import workflow
from temporalio.client import Client
from temporalio.worker import Worker


@workflow.defn
class BareStepsWorkflow:
    def __init__(self) -> None:
        self._done = 0

    @workflow.run
    async def run(self, steps: int) -> int:
        await workflow.wait_condition(lambda: self._done >= steps)
        await workflow.wait_condition(workflow.all_handlers_finished)
        return self._done

    @workflow.update
    async def complete(self, step: int) -> int:
        self._done += 1
        return self._done

    @complete.validator
    def _validate_complete(self, step: int) -> None:
        if step != self._done:
            raise ValueError(f"step {step} is not the open one ({self._done})")


@workflow.defn
class BareDeadlineWorkflow:
    @workflow.run
    async def run(self, due_at: str) -> float:
        """Seconds between the due moment and the workflow task that handled it."""
        due = dt.datetime.fromisoformat(due_at)
        await workflow.sleep(max(0.0, (due - workflow.now()).total_seconds()))
        return (workflow.now() - due).total_seconds()


async def run_worker(address: str, task_queue: str) -> None:
    from worker import workflow_runner  # the product's runner; imported here, outside the workflows

    client = await Client.connect(address)
    workflows = [BareStepsWorkflow, BareDeadlineWorkflow]
    async with Worker(client, task_queue=task_queue, workflows=workflows, workflow_runner=workflow_runner()):
        await asyncio.Event().wait()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--address", default=os.environ.get("TEMPORAL_ADDRESS", "127.0.0.1:7233"))
    parser.add_argument("--task-queue", default="bare")
    args = parser.parse_args()
    try:
        asyncio.run(run_worker(args.address, args.task_queue))
    except KeyboardInterrupt:
        pass
