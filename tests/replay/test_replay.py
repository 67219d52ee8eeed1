"""Recorded histories of running cases must replay on the current workflow code.

A change that would break a case already running in production fails here. Regenerate the
histories only for a deliberate, patched change: `RECORD_HISTORIES=1 pytest tests/workflows`,
and keep the old files beside the new ones (see docs/versioning.md).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import cast

import pytest
from temporalio.client import WorkflowHistory
from temporalio.worker import Replayer
from temporalio.worker.workflow_sandbox import SandboxedWorkflowRunner

from services.temporal_client import DATA_CONVERTER
from tests.support import HISTORIES
from worker import WORKFLOWS

HISTORY_FILES = sorted(HISTORIES.glob("*.json"))
# Whatever runner the worker uses in production (worker.DEFAULT_RUNNER, unsandboxed: ADR 0016),
# the recorded histories replay under the SDK's full sandbox: every workflow module imported
# afresh per run, datetime.now, random and I/O refused.
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
async def test_recorded_history_replays(path: Path, request: pytest.FixtureRequest) -> None:
    selected = [
        cast(Path, item.callspec.params["path"])
        for item in request.session.items
        if isinstance(item, pytest.Function) and item.originalname == "test_recorded_history_replays"
    ]
    failure = await _replay_failure(path, selected)
    if failure is not None:
        raise failure


_FAILURES: dict[str, Exception | None] = {}


async def _replay_failure(path: Path, selected: list[Path]) -> Exception | None:
    """How `path`'s history failed to replay, if it did.

    The histories of the selected tests are replayed once per test process, by one replayer: the
    SDK checks the workflow definitions (each in a fresh sandbox) once per replayer run instead of
    once per history, which was most of this suite's time. Each history is still a workflow run of
    its own, in a sandbox of its own.
    """
    if path.name not in _FAILURES:
        batch = [each for each in selected if each.name not in _FAILURES and each != path] + [path]

        async def histories() -> AsyncIterator[WorkflowHistory]:
            for each in batch:
                recorded = json.loads(each.read_text())
                yield WorkflowHistory.from_json(recorded["workflow_id"], recorded["history"])

        replayer = Replayer(workflows=WORKFLOWS, data_converter=DATA_CONVERTER, workflow_runner=FULL_SANDBOX)
        async with replayer.workflow_replay_iterator(histories()) as results:
            failures = [result.replay_failure async for result in results]
        _FAILURES.update(zip((each.name for each in batch), failures, strict=True))
    return _FAILURES[path.name]
