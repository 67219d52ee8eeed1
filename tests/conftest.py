from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from domain.process_config import ProcessConfig
from services.temporal_client import DATA_CONVERTER
from tests import support
from worker import build_worker

# Every test runs the workflows under the sandbox's restrictions ("passthrough"), which refuse
# datetime.now, random and I/O on each path a test takes; production runs them unsandboxed, and
# tests/test_workflow_determinism.py reads the paths no test takes (ADR 0016). Processes the tests
# start (the UI stack, the fault tests' workers) inherit it.
os.environ.setdefault("WORKFLOW_RUNNER", "passthrough")

# Every in-process test client logs in from the same address ("testclient"): the per-address
# login throttle is tested with its own settings in tests/security/test_sessions.py.
os.environ.setdefault("LOGIN_ADDRESS_MAX_FAILURES", "100000")

# tests/ui holds the page and browser tests; an abandoned draft under tests/web must never run.
collect_ignore = ["web"]


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with support.throwaway_database(tmp_path_factory.mktemp("db")) as url:
        yield url


@pytest.fixture(scope="session")
def sessions(database_url: str) -> sessionmaker[Session]:
    return support.session_factory(database_url)


@pytest.fixture
async def time_env() -> AsyncIterator[WorkflowEnvironment]:
    """A time-skipping server per test: a workflow another test left behind cannot hold its clock."""
    env = await WorkflowEnvironment.start_time_skipping(
        test_server_existing_path=support.binary("temporal-test-server"),
        data_converter=DATA_CONVERTER,
    )
    await support.register_search_attributes(env.client)
    yield env
    await env.shutdown()


@pytest.fixture
def task_queue() -> str:
    return f"test-{uuid.uuid4().hex[:8]}"


@pytest.fixture
async def case_worker(
    time_env: WorkflowEnvironment, sessions: sessionmaker[Session], task_queue: str
) -> AsyncIterator[Worker]:
    worker = build_worker(time_env.client, task_queue, sessions, ProcessConfig())
    async with worker:
        yield worker
    await support.terminate_open_cases(time_env.client, sessions)


@pytest.fixture
def client(time_env: WorkflowEnvironment) -> Client:
    return time_env.client


def pytest_configure(config: pytest.Config) -> None:
    Path(config.rootpath, "test-results").mkdir(exist_ok=True)


# Under pytest-xdist (scripts/test: `-n K --dist loadscope`, ADR 0012) a module runs whole, in order,
# in one worker (some modules build on their own earlier tests), except the authorisation matrix,
# whose cells depend only on their role: one unit per role, so its ~2,900 cells spread over the
# workers. Units go out slowest first (real processes, browsers, the matrix, workflows), so no long
# module starts last and leaves the other workers idle.
SLOW_FIRST = (
    "tests/faults/",
    "tests/security/test_authorisation_matrix.py",
    "tests/ui/",
    "tests/workflows/",
    "tests/ops/",
    "tests/security/",
    "tests/api/",
)
MATRIX = "tests/security/test_authorisation_matrix.py::test_matrix_cell["


def _slowness(item: pytest.Item) -> int:
    path = item.nodeid
    return next((rank for rank, prefix in enumerate(SLOW_FIRST) if path.startswith(prefix)), len(SLOW_FIRST))


def work_unit(nodeid: str) -> str:
    """The xdist unit a test belongs to: its module, or for a matrix cell its module and role."""
    module = nodeid.split("::", 1)[0]
    if nodeid.startswith(MATRIX):
        return f"{module}:{nodeid[len(MATRIX) :].split('|', 1)[0]}"
    return module


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not hasattr(config, "workerinput"):
        return  # not an xdist worker: a plain run keeps pytest's order
    items.sort(key=_slowness)  # stable: every module keeps its own order


def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """Units of work by `work_unit`, sent in the (slowest-first) collection order. xdist's own
    `--dist loadgroup` relies on rewriting `item._nodeid`, which pytest 9 no longer reads, so the
    scope is given to xdist's scope scheduler here instead (a public xdist hook)."""
    from xdist.scheduler import LoadScopeScheduling

    class WorkUnitScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return work_unit(nodeid)

    return WorkUnitScheduling(config, log)
