"""Runs the dossier assembler in the web process: every minute, on the app's event loop (it
needs the Temporal client for the workflow history). A missed run harms nothing: the jobs wait
in `archive_jobs` for the next one (docs/ops/archive.md)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from api.state import AppState
from services.archive.assembler import archive_settings, run_pending

log = logging.getLogger(__name__)

INTERVAL_SECONDS = 60.0


async def _loop(state: AppState, interval: float) -> None:
    settings = state.settings
    assert settings.archive_dir is not None and settings.attachment_dir is not None
    rules = archive_settings(settings.archive_dir, settings.attachment_dir, settings.archive_config_file)
    while True:
        try:
            report = await run_pending(state.sessions, state.temporal, rules)
            if report.assembled or report.failed:
                log.info("dossiers assembled: %s; failed: %s", report.assembled, report.failed)
        except Exception:
            log.exception("dossier assembly failed; the next run tries again")
        await asyncio.sleep(interval)


@contextlib.asynccontextmanager
async def archive_loop(state: AppState, *, enabled: bool, interval: float = INTERVAL_SECONDS) -> AsyncIterator[None]:
    task = asyncio.create_task(_loop(state, interval)) if enabled else None
    try:
        yield
    finally:
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
