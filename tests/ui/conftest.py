from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.state import AppState
from domain.process_config import ProcessConfig
from launcher import Stack, free_port
from settings import Settings
from tests import support

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def pages(database_url: str) -> TestClient:
    """The app without Temporal, for pages that need none."""
    state = AppState(
        settings=Settings(),
        sessions=support.session_factory(database_url),
        temporal=None,  # type: ignore[arg-type]
        config=ProcessConfig(),
    )
    app = create_app(state)
    app.state.app = state
    return TestClient(app)


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The real system: Temporal dev server, worker and web app as processes."""
    tmp = tmp_path_factory.mktemp("stack")
    with ExitStack() as cleanup:
        if os.environ.get("TEST_POSTGRES_URL"):
            url = cleanup.enter_context(support.throwaway_database(tmp))
        else:
            url = f"sqlite:///{tmp / 'cases.sqlite3'}"
        system = Stack(
            data_dir=tmp,
            database_url=url,
            web_port=free_port(),
            temporal_port=free_port(),
            ui_port=free_port(),
            persist_temporal=False,
            quiet=True,
        )
        cleanup.callback(system.stop)
        system.start()
        yield system


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail("Debian's chromium is required (REQUIRE_BROWSER=1): apt-get install chromium fonts-noto-cjk")
        pytest.skip("Debian's chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()
