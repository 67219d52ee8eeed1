"""The worker's workflow runner is chosen by WORKFLOW_RUNNER (ADR 0011, ADR 0016): production runs
unsandboxed, every test runs the workflows sandboxed, the replay tests beside this file under the
full sandbox."""

from __future__ import annotations

import pytest
from temporalio.worker import UnsandboxedWorkflowRunner
from temporalio.worker.workflow_sandbox import SandboxedWorkflowRunner

import worker
from tests.replay import test_replay


def test_every_runner_is_known_and_the_default_is_one_of_them() -> None:
    assert worker.DEFAULT_RUNNER in worker.RUNNERS
    assert isinstance(worker.workflow_runner("unsandboxed"), UnsandboxedWorkflowRunner)
    for name in ("sandbox", "passthrough", "passthrough-all"):
        assert isinstance(worker.workflow_runner(name), SandboxedWorkflowRunner)


def test_production_runs_unsandboxed_and_the_tests_run_sandboxed() -> None:
    assert worker.DEFAULT_RUNNER == "unsandboxed"
    # tests/conftest.py: without it every workflow test would run as production does, and no
    # test would see the sandbox refuse a clock read or I/O on the path it takes.
    assert isinstance(worker.workflow_runner(), SandboxedWorkflowRunner)


def test_the_environment_chooses_the_runner(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKFLOW_RUNNER", "sandbox")
    assert isinstance(worker.workflow_runner(), SandboxedWorkflowRunner)
    monkeypatch.setenv("WORKFLOW_RUNNER", "no-such-runner")
    with pytest.raises(ValueError, match="WORKFLOW_RUNNER"):
        worker.workflow_runner()


def test_replays_run_under_the_full_sandbox() -> None:
    runner = test_replay.FULL_SANDBOX
    assert isinstance(runner, SandboxedWorkflowRunner)
    assert not runner.restrictions.passthrough_all_modules
    assert "workflows" not in runner.restrictions.passthrough_modules
    assert "domain" not in runner.restrictions.passthrough_modules
