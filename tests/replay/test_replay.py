"""Recorded histories of running cases must replay on the current workflow code.

A change that would break a case already running in production fails here. Regenerate the
histories only for a deliberate, patched change: `RECORD_HISTORIES=1 pytest tests/workflows`,
and keep the old files beside the new ones (see docs/versioning.md).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from temporalio.client import WorkflowHistory
from temporalio.worker import Replayer
from temporalio.worker.workflow_sandbox import SandboxedWorkflowRunner

from services.temporal_client import DATA_CONVERTER
from tests.support import HISTORIES
from worker import WORKFLOWS

HISTORY_FILES = sorted(HISTORIES.glob("*.json"))
# Whatever runner the worker uses in production (worker.WORKFLOW_RUNNER, docs/decisions/
# 0011-workflow-runner.md), the recorded histories replay under the SDK's full sandbox: every
# workflow module imported afresh per run, datetime.now, random and I/O refused.
FULL_SANDBOX = SandboxedWorkflowRunner()


def test_histories_are_recorded() -> None:
    assert len(HISTORY_FILES) >= 5, "replay histories are missing from tests/replay/histories"


def test_every_workflow_type_has_recorded_histories() -> None:
    """A workflow the worker runs without a recorded history could change unnoticed."""
    recorded = set()
    for path in HISTORY_FILES:
        started = json.loads(path.read_text())["history"]["events"][0]["workflowExecutionStartedEventAttributes"]
        recorded.add(started["workflowType"]["name"])
    registered = {workflow.__name__ for workflow in WORKFLOWS}  # @workflow.defn names them after the class
    assert registered - recorded == set(), "record histories for these workflows (see docs/versioning.md)"


@pytest.mark.parametrize("path", HISTORY_FILES, ids=lambda p: p.stem)
async def test_recorded_history_replays(path: Path) -> None:
    recorded = json.loads(path.read_text())
    history = WorkflowHistory.from_json(recorded["workflow_id"], recorded["history"])
    replayer = Replayer(workflows=WORKFLOWS, data_converter=DATA_CONVERTER, workflow_runner=FULL_SANDBOX)
    await replayer.replay_workflow(history)
