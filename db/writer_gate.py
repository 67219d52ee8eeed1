"""One process's SQLite writers in a queue, with room left for the other processes' writers.

SQLite takes one writer at a time, and a writer that finds it taken waits in SQLite's busy
handler, which sleeps in growing steps (1, 2, 5 … up to 100 ms) and wakes in no order. The
worker runs up to 16 projections at once: left to the busy handler they sleep while the lock
stands free, and an unlucky one waits seconds (projection p95 730-822 ms at N = 50 in
`bench.throughput --small`). Queued on a lock in the process instead, each takes the database as
soon as the previous one commits (p95 about 90 ms).

A queue that never empties could then starve the web process, whose writes (a new case, the
message centre's notices) poll through the busy handler and would hardly ever land in a gap that
is only microseconds long. (The intakes that failed after 30 s at N = 1,000 while this was built
turned out to wait for the web's connection pool, not for this lock: docs/performance.md.)
So after `burst` seconds of writes back to back the gate leaves the database free for `gap`
seconds, longer than
the busy handler's longest sleep, so that every waiting writer of another process polls at least
once while it is free. Under saturation the worker gives up gap / (burst + gap) of the database;
when its queue empties between writes nothing waits at all.

PostgreSQL takes writers in parallel (row locks): no gate there (`for_database`).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from types import TracebackType

BURST = 1.0  # seconds of back-to-back writes before the gate leaves a gap
GAP = 0.12  # seconds: above SQLite's longest busy-handler sleep (100 ms)


class WriterGate:
    def __init__(
        self,
        *,
        burst: float = BURST,
        gap: float = GAP,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._lock = threading.Lock()
        self._burst, self._gap = burst, gap
        self._clock, self._sleep = clock, sleep
        self._burst_started: float | None = None  # when the current run of back-to-back writes began
        self._released = float("-inf")

    def __enter__(self) -> WriterGate:
        self._lock.acquire()
        now = self._clock()
        if self._burst_started is None or now - self._released >= self._gap:
            self._burst_started = now  # the database was free long enough: a new burst
        elif now - self._burst_started >= self._burst:
            self._sleep(self._gap)  # the other processes' turn: the database stays free
            self._burst_started = self._clock()
        return self

    def __exit__(
        self, _type: type[BaseException] | None, _value: BaseException | None, _tb: TracebackType | None
    ) -> None:
        self._released = self._clock()
        self._lock.release()


def for_database(dialect: str) -> AbstractContextManager[object]:
    """The gate for one process's writers of a database of `dialect`."""
    return WriterGate() if dialect == "sqlite" else nullcontext()
