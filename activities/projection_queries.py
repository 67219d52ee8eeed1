"""The projection's own statements, built once per process (activities/projection.py).

Every projection call runs them; building a statement (and its cache key) anew on each call cost
about as much CPU as executing it on SQLite. Values come in as bound parameters.
"""

from __future__ import annotations

import functools
from typing import Any

from sqlalchemy import ColumnElement, Exists, ScalarSelect, Select, bindparam, exists, func, select

from db import models


@functools.cache
def tasks_by_id() -> Select[Any]:
    """The tasks whose id is in :ids."""
    return select(models.Task).where(models.Task.id.in_(bindparam("ids", expanding=True)))


def _open_steps() -> tuple[ColumnElement[bool], ...]:
    # Correlated to the case row being updated, so one expression serves every case.
    return (models.Task.case_id == models.Case.id, models.Task.status == "open", models.Task.kind == "step")


@functools.cache
def case_due_at() -> ScalarSelect[Any]:
    """The earliest due moment of the case's open steps, as the SET value of its UPDATE."""
    return select(func.min(models.Task.due_at)).where(*_open_steps()).scalar_subquery()


@functools.cache
def case_overdue() -> Exists:
    """Whether an open step of the case is overdue, as the SET value of its UPDATE."""
    return exists().where(*_open_steps(), models.Task.overdue.is_(True))
