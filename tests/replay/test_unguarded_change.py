"""CI catches an unguarded change: the recorded histories of running cases fail to replay on a
workflow whose commands changed without `workflow.patched`, and replay on the guarded original.

The changed workflows are defined here, registered under the real workflow's name, as a careless
edit of `workflows/` would be; see docs/versioning.md.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from temporalio import workflow
from temporalio.client import WorkflowHistory
from temporalio.worker import Replayer, UnsandboxedWorkflowRunner
from temporalio.workflow import NondeterminismError

from services.temporal_client import DATA_CONVERTER
from tests.support import HISTORIES
from workflows.contracts import TaskSchedule
from workflows.hazard_supervision import (
    HazardSupervisionInput,
    HazardSupervisionResult,
    HazardSupervisionWorkflow,
)

# Started before the reminder series existed: one reminder per task, no patch marker.
BEFORE_THE_PATCH = HISTORIES / "hazard_escalation_ladder_extension.json"


@workflow.defn(name="HazardSupervisionWorkflow")
class ReminderSeriesWithoutPatch(HazardSupervisionWorkflow):
    """The reminder series as it would be without `workflow.patched("reminder-series")`:
    every task, old or new, gets the whole series of reminder timers."""

    @workflow.run
    async def run(self, inp: HazardSupervisionInput) -> HazardSupervisionResult:
        return await super().run(inp)

    def __init__(self) -> None:
        super().__init__()
        apply = self.tasks.apply_schedules

        def every_task_gets_the_series(schedules: Sequence[TaskSchedule]) -> None:
            for schedule in schedules:
                task = self.tasks.tasks[schedule.task_id]
                if task.schedule is None:
                    task.pending_reminders = [t for t in schedule.reminders if t > workflow.now()]
            apply(list(schedules))

        self.tasks.apply_schedules = every_task_gets_the_series  # type: ignore[method-assign]


@workflow.defn(name="HazardSupervisionWorkflow")
class ExtraWaitBeforeListing(HazardSupervisionWorkflow):
    """A new step inserted in front of the procedure (here a one-day wait), unguarded."""

    @workflow.run
    async def run(self, inp: HazardSupervisionInput) -> HazardSupervisionResult:
        await workflow.sleep(timedelta(days=1))
        return await super().run(inp)


def _history(path: Path) -> WorkflowHistory:
    recorded = json.loads(path.read_text())
    return WorkflowHistory.from_json(recorded["workflow_id"], recorded["history"])


async def _replay(workflow_class: type[Any], path: Path) -> None:
    # Unsandboxed: the sandbox would re-import this test module; determinism is what is checked.
    replayer = Replayer(
        workflows=[workflow_class], data_converter=DATA_CONVERTER, workflow_runner=UnsandboxedWorkflowRunner()
    )
    await replayer.replay_workflow(_history(path))


@pytest.mark.parametrize("changed", [ReminderSeriesWithoutPatch, ExtraWaitBeforeListing], ids=lambda c: c.__name__)
async def test_an_unguarded_change_fails_replay_of_a_running_case(changed: type[Any]) -> None:
    with pytest.raises(NondeterminismError, match="Nondeterminism error"):
        await _replay(changed, BEFORE_THE_PATCH)


async def test_the_guarded_change_replays_the_same_history() -> None:
    await _replay(HazardSupervisionWorkflow, BEFORE_THE_PATCH)
