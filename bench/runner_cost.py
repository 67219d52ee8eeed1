"""What the workflow sandbox costs per workflow task: the recorded histories replayed in-process.

Replays every history of tests/replay/histories (or those matching `--match`) with
`temporalio.worker.Replayer` under each workflow runner configuration, several rounds, and prints
CPU-milliseconds per history (one workflow run: what a worker pays when it starts a case or
replays one after a cache eviction) and per workflow task (the histories' completed workflow
tasks). No server, no database: the workflow code and the SDK's payload conversion only.

    .venv/bin/python -m bench.runner_cost                      # every history, 3 rounds
    .venv/bin/python -m bench.runner_cost --match hazard_ --rounds 5
    .venv/bin/python -m bench.runner_cost --profile passthrough  # cProfile of one configuration
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import pstats
import time
from collections.abc import AsyncIterator
from pathlib import Path

from temporalio.client import WorkflowHistory
from temporalio.worker import Replayer

from services.temporal_client import DATA_CONVERTER
from worker import RUNNERS, WORKFLOWS, workflow_runner

HISTORIES = Path(__file__).resolve().parent.parent / "tests" / "replay" / "histories"


def load(match: str) -> tuple[list[WorkflowHistory], int]:
    histories, tasks = [], 0
    for path in sorted(HISTORIES.glob("*.json")):
        if match not in path.stem:
            continue
        recorded = json.loads(path.read_text())
        history = WorkflowHistory.from_json(recorded["workflow_id"], recorded["history"])
        tasks += sum(1 for e in history.events if e.HasField("workflow_task_completed_event_attributes"))
        histories.append(history)
    return histories, tasks


async def replay_all(runner_name: str, histories: list[WorkflowHistory]) -> float:
    runner = workflow_runner(runner_name)
    replayer = Replayer(workflows=WORKFLOWS, data_converter=DATA_CONVERTER, workflow_runner=runner)
    started = time.process_time()

    async def each() -> AsyncIterator[WorkflowHistory]:
        for history in histories:
            yield history

    async with replayer.workflow_replay_iterator(each()) as results:
        async for result in results:
            if result.replay_failure is not None:
                raise result.replay_failure
    return time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--match", default="", help="only histories whose file name contains this")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--runners", default=",".join(RUNNERS), help="comma-separated, of " + ", ".join(RUNNERS))
    parser.add_argument("--profile", default="", help="cProfile one runner; print the top 25 by cumulative time")
    args = parser.parse_args()
    histories, tasks = load(args.match)
    print(f"{len(histories)} histories, {tasks} workflow tasks")
    if args.profile:
        asyncio.run(replay_all(args.profile, histories))  # warm: imports
        profiler = cProfile.Profile()
        profiler.enable()
        asyncio.run(replay_all(args.profile, histories))
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
        return
    names = args.runners.split(",")
    for name in names:
        asyncio.run(replay_all(name, histories))  # warm-up: first imports
    seconds: dict[str, list[float]] = {name: [] for name in names}
    for _ in range(args.rounds):  # interleaved, so that the machine's load falls on all alike
        for name in names:
            seconds[name].append(asyncio.run(replay_all(name, histories)))
    print(f"{'runner':<14}{'CPU s (best)':>13}{'ms/history':>12}{'ms/task':>9}")
    base = min(seconds[names[0]])
    for name in names:
        best = min(seconds[name])
        print(
            f"{name:<14}{best:13.2f}{best / len(histories) * 1000:12.1f}{best / tasks * 1000:9.2f}"
            f"   ({best / base:.2f} of {names[0]})"
        )


if __name__ == "__main__":
    main()
