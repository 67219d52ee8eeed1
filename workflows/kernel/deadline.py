"""A durable wait whose deadline can move (samples-python's `UpdatableTimer`): a management
period extended by a new violation, a litigation window moved by a reconsideration decision.

The owner moves the deadline by changing what `until` returns and calling `wake`; the waiting
loop re-reads it and re-arms its timer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from temporalio import workflow


def _always() -> bool:
    return True


def _never() -> bool:
    return False


class MovableDeadline:
    def __init__(
        self,
        until: Callable[[], dt.datetime],
        summary: str,
        *,
        ready: Callable[[], bool] = _always,
        stop: Callable[[], bool] = _never,
    ) -> None:
        self._until = until
        self._ready = ready  # passing the deadline ends the wait only when ready (no appeal pending)
        self._stop = stop  # ends the wait early (the case ended)
        self._wake = False
        self.summary = summary

    def wake(self) -> None:
        """The deadline (or readiness) may have changed: re-read it."""
        self._wake = True

    async def sleep(self) -> bool:
        """Until the deadline passes while ready (True) or `stop` holds (False)."""
        while not self._stop():
            left = self._until() - workflow.now()
            if left <= dt.timedelta(0) and self._ready():
                return True
            self._wake = False
            try:
                await workflow.wait_condition(
                    lambda: self._wake,
                    timeout=left if left > dt.timedelta(0) else None,
                    timeout_summary=self.summary,
                )
            except TimeoutError:
                pass
        return False
