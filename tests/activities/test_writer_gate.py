"""The SQLite writer gate (db/writer_gate.py): writers queue in the process, and a run of
back-to-back writes leaves the database free for a gap so that other processes' writers get in."""

from __future__ import annotations

import threading

from db.writer_gate import WriterGate, for_database


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def write(gate: WriterGate, time: FakeTime, seconds: float) -> None:
    with gate:
        time.now += seconds


def test_writes_back_to_back_leave_a_gap_after_each_burst() -> None:
    time = FakeTime()
    gate = WriterGate(burst=1.0, gap=0.12, clock=time.clock, sleep=time.sleep)
    for _ in range(25):  # 2.5 s of writes with no pause between them
        write(gate, time, 0.1)
    assert time.slept == [0.12, 0.12]  # after the first second and after the second


def test_a_queue_that_empties_never_waits() -> None:
    time = FakeTime()
    gate = WriterGate(burst=1.0, gap=0.12, clock=time.clock, sleep=time.sleep)
    for _ in range(50):
        write(gate, time, 0.1)
        time.now += 0.2  # the database was free for longer than the gap: nobody was kept out
    assert time.slept == []


def test_writers_of_one_process_hold_the_gate_one_at_a_time() -> None:
    gate = WriterGate()
    inside, most = 0, 0
    count = threading.Lock()
    pause = threading.Event()

    def writer() -> None:
        nonlocal inside, most
        for _ in range(200):
            with gate:
                with count:
                    inside += 1
                    most = max(most, inside)
                pause.wait(0.0001)  # another thread runs here if it can get in
                with count:
                    inside -= 1

    threads = [threading.Thread(target=writer) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most == 1


def test_postgresql_has_no_gate() -> None:
    assert isinstance(for_database("sqlite"), WriterGate)
    assert not isinstance(for_database("postgresql"), WriterGate)
