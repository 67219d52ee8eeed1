"""A task of a process step, built from the step's row in the process definition.

The row names who acts, the form, the clock and the event the clock starts from (`Start`). The
caller passes the recorded event (`Started`); a clock that would start from any other event is a
programming error, raised before anything is written, so the row and the procedure cannot drift.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain.process import Start, Step
    from workflows.kernel.human_task import TaskSpec


class ClockStartMismatch(AssertionError):
    """The procedure started a clock from another event than its row says."""


@dataclass(frozen=True)
class Started:
    """The recorded event a clock starts from; `at` None: the event is the task's opening."""

    kind: Start
    at: dt.datetime | None


def spec(
    step: Step,
    org_id: int,
    *,
    started: Started | None = None,
    due_on: dt.date | None = None,
    title: str | None = None,
    role: str | None = None,
    clock: str | None = None,
) -> TaskSpec:
    """The task of `step` for `org_id`; its clock starts where the step's row says."""
    check_start(step, started, due_on)
    return TaskSpec(
        step.code,
        title or step.title,
        org_id,
        role or step.by.role,
        clock or step.clock,
        step.form,
        due_on=due_on,
        clock_start=started.at if started else None,
    )


def check_start(step: Step, started: Started | None, due_on: dt.date | None) -> None:
    if step.starts == Start.DUE_DAY:
        if due_on is None or started is not None:
            raise ClockStartMismatch(f"{step.code}: the clock runs to a day fixed by a decision")
        return
    if step.starts == Start.OPENED:
        if started is not None:
            raise ClockStartMismatch(f"{step.code}: the clock starts when the task opens, not at {started.kind}")
        return
    if started is None or started.kind != step.starts:  # by value: the sandbox may load a second copy
        raise ClockStartMismatch(f"{step.code}: the clock starts from {step.starts}, not {started}")
