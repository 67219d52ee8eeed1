"""Runs the message centre's dispatcher in the web process, every NOTIFICATION_INTERVAL_SECONDS,
on a worker thread (the database calls and SMTP are blocking). A missed run harms nothing: the
next one reads from the cursors where this one stopped (services/notifications/dispatch.py)."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import os
import socket
from collections.abc import AsyncIterator

from api.state import AppState
from services.notifications.channels import channels_from
from services.notifications.dispatch import run_once

log = logging.getLogger(__name__)


async def _loop(state: AppState, interval: float) -> None:
    channels = channels_from(state.settings)
    holder = f"{socket.gethostname()}:{os.getpid()}"
    while True:
        try:
            report = await asyncio.to_thread(run_once, state.sessions, channels, dt.datetime.now(dt.UTC), holder)
            if report.created or report.failed:
                log.info(
                    "notices: %s new, %s e-mailed, %s SMS, failed: %s",
                    report.created,
                    report.emailed,
                    report.texted,
                    report.failed,
                )
        except Exception:
            log.exception("notification run failed; the next run tries again")
        await asyncio.sleep(interval)


@contextlib.asynccontextmanager
async def notification_loop(state: AppState, *, enabled: bool) -> AsyncIterator[None]:
    interval = state.settings.notification_interval_seconds
    task = asyncio.create_task(_loop(state, interval)) if enabled else None
    try:
        yield
    finally:
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
