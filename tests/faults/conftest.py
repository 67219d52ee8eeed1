"""Fault tests run the real processes: a Temporal dev server persisted to its SQLite file and
worker processes, against a throwaway database (SQLite, or PostgreSQL with TEST_POSTGRES_URL).

Each process writes its output to a log file in the test's temporary directory, named in the
failure message, so a failure in CI can be read afterwards.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import ExitStack
from pathlib import Path

import pytest

from launcher import Stack, free_port
from tests import support
from tests.faults.system import FaultSystem, connect_when_ready

Launch = Callable[..., Awaitable[FaultSystem]]
WORKER_CONNECTIONS = "faults-worker"  # application_name of the workers' PostgreSQL connections


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/faults/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.faults)


@pytest.fixture
async def launch(tmp_path: Path) -> AsyncIterator[Launch]:
    """Start the dev server, `workers` worker processes and, with `web`, the web app;
    `process_toml` replaces the clocks."""
    with ExitStack() as cleanup:

        async def _launch(
            workers: int = 1, process_toml: str = "", web: bool = False, **worker_env: str
        ) -> FaultSystem:
            url = cleanup.enter_context(support.throwaway_database(tmp_path))
            stack = Stack(
                data_dir=tmp_path,
                database_url=url,
                web_port=free_port(),
                temporal_port=free_port(),
                ui_port=free_port(),
                persist_temporal=True,
                quiet=True,
                log_dir=tmp_path,
            )
            cleanup.callback(stack.stop)
            if url.startswith("postgresql"):
                # Names the workers' connections, so a test can cut exactly those.
                worker_env.setdefault("DATABASE_URL", f"{url}?application_name={WORKER_CONNECTIONS}")
            if process_toml:
                (tmp_path / "process.toml").write_text(process_toml)
                worker_env["PROCESS_CONFIG_FILE"] = str(tmp_path / "process.toml")
            stack.start_temporal()
            for _ in range(workers):
                stack.start_worker(**worker_env)
            if web:
                stack.start_web()
            client = await connect_when_ready(stack)
            return FaultSystem(stack, support.session_factory(url), client, worker_env=worker_env)

        yield _launch
