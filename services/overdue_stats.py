"""Overdue supervision statistics (逾期督办统计): where, in which process and step, how long, and who is late.

Read side only, from the projection. Every query is limited by `visible_cases(principal)`, so a
liaison counts only the cases addressed to their organisation. An overdue task is an open task
whose clock has breached (`Task.overdue`), step or supervision alike: a supervision that is
itself overdue is a late upper office.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, false, func, select, true
from sqlalchemy.orm import Session

from db import models
from db.calendar_store import load_calendar
from domain.ageing import (
    AGEING_BUCKETS,
    WAITING_ON_LABELS,
    bucket_for,
    china_day,
    waiting_on_label,
    working_days_between,
)
from domain.errors import InvalidInput
from domain.legal_calendar import LegalCalendar
from domain.processes import PROCESS_LABELS
from services.principal import Principal, visible_cases

# Steps whose task titles name their parent ("督办：隐患整改逾期"): one name for the group.
STEP_GROUP_TITLES = {"supervision": "上级督办"}


def process_label(code: str) -> str:
    return PROCESS_LABELS.get(code, code)


@dataclass(frozen=True)
class StatsFilter:
    under: str | None = None  # a jurisdiction code within the principal's jurisdiction
    process: str | None = None
    step: str | None = None


@dataclass(frozen=True)
class JurisdictionCount:
    code: str
    name: str
    open_cases: int
    overdue_cases: int


@dataclass(frozen=True)
class ProcessCount:
    process: str
    label: str
    open_cases: int
    overdue_cases: int
    overdue_tasks: int


@dataclass(frozen=True)
class StepCount:
    process: str
    step: str
    title: str
    overdue_tasks: int


@dataclass(frozen=True)
class BucketCount:
    key: str
    label: str
    tasks: int


@dataclass(frozen=True)
class WaitingOnCount:
    waiting_on: str
    label: str
    tasks: int


@dataclass(frozen=True)
class OverdueStats:
    scope_code: str
    scope_name: str
    today: dt.date
    overdue_tasks: int
    by_jurisdiction: list[JurisdictionCount]
    by_process: list[ProcessCount]
    by_step: list[StepCount]
    ageing: list[BucketCount]
    by_waiting_on: list[WaitingOnCount]


def resolve_scope(db: Session, principal: Principal, under: str | None) -> models.Jurisdiction:
    """The jurisdiction to report on: `under`, or the principal's own; never outside their own."""
    root = db.get(models.Jurisdiction, under or principal.jurisdiction_code)
    if root is None:
        raise InvalidInput(f"行政区划代码{under}不存在")
    if not root.path.startswith(principal.jurisdiction_path):
        raise InvalidInput("该行政区划不在您的管辖范围内")
    return root


def overdue_stats(db: Session, principal: Principal, flt: StatsFilter, *, now: dt.datetime) -> OverdueStats:
    """All figures of the supervision view for one scope and filter, as of `now`.

    Two grouped queries, whatever the number of cases: open and overdue cases per (jurisdiction
    path, process), and overdue tasks per (process, step, title, waiting on, due day); lateness
    in working days is then computed once per due day.
    """
    root = resolve_scope(db, principal, flt.under)
    case_groups = _case_counts(db, principal, root, flt)
    task_groups = _overdue_task_groups(db, principal, root, flt)
    calendar = load_calendar(db)
    late_by_day = {day: working_days_late_on(calendar, day, now) for day in {g.due_on for g in task_groups}}

    cases: dict[str, tuple[int, int]] = {}
    for (_path, process), (open_, overdue) in case_groups.items():
        open_sum, overdue_sum = cases.get(process, (0, 0))
        cases[process] = (open_sum + open_, overdue_sum + overdue)
    tasks_per_process: Counter[str] = Counter()
    per_step: Counter[tuple[str, str]] = Counter()
    titles: dict[tuple[str, str], tuple[dt.datetime, str]] = {}
    buckets: Counter[str] = Counter()
    waiting: Counter[str] = Counter()
    for g in task_groups:
        tasks_per_process[g.process] += g.count
        per_step[g.process, g.step] += g.count
        # The group's name: its fixed group title, else the title of its longest overdue task.
        title = STEP_GROUP_TITLES.get(g.step, g.title)
        if (g.process, g.step) not in titles or g.first_due_at < titles[g.process, g.step][0]:
            titles[g.process, g.step] = (g.first_due_at, title)
        buckets[bucket_for(late_by_day[g.due_on]).key] += g.count
        waiting[g.waiting_on] += g.count

    by_process = [
        ProcessCount(p, process_label(p), open_, overdue, tasks_per_process.get(p, 0))
        for p, (open_, overdue) in sorted(cases.items())
    ]
    by_process += [
        ProcessCount(p, process_label(p), 0, 0, n) for p, n in sorted(tasks_per_process.items()) if p not in cases
    ]
    by_step = [
        StepCount(process, step, titles[process, step][1], n)
        for (process, step), n in sorted(per_step.items(), key=lambda item: (-item[1], item[0]))
    ]
    order = [*WAITING_ON_LABELS, *sorted(set(waiting) - set(WAITING_ON_LABELS))]
    return OverdueStats(
        scope_code=root.code,
        scope_name=root.name,
        today=china_day(now),
        overdue_tasks=sum(tasks_per_process.values()),
        by_jurisdiction=_by_jurisdiction(db, root, case_groups),
        by_process=by_process,
        by_step=by_step,
        ageing=[BucketCount(b.key, b.label, buckets.get(b.key, 0)) for b in AGEING_BUCKETS],
        by_waiting_on=[WaitingOnCount(w, waiting_on_label(w), waiting.get(w, 0)) for w in order],
    )


def working_days_late_on(calendar: LegalCalendar, due_on: dt.date, now: dt.datetime) -> int:
    return working_days_between(calendar, due_on, china_day(now))


def _in_subtree(root: models.Jurisdiction, dialect: str = "") -> ColumnElement[bool]:
    prefix = models.Case.jurisdiction_path.startswith(root.path, autoescape=True)
    if dialect != "sqlite":
        return prefix  # PostgreSQL scans the prefix in ix_cases_open_scope (varchar_pattern_ops)
    # SQLite's LIKE is case-insensitive and cannot use an index; the equivalent byte range can.
    # Paths are digits and "/", so the range holds exactly the paths the prefix matches.
    upper = root.path[:-1] + chr(ord(root.path[-1]) + 1)
    return and_(prefix, models.Case.jurisdiction_path >= root.path, models.Case.jurisdiction_path < upper)


def _dialect(db: Session) -> str:
    return db.get_bind().dialect.name


def _case_filters(principal: Principal, flt: StatsFilter) -> list[ColumnElement[bool]]:
    conds = [models.Case.closed == false(), visible_cases(principal)]
    if flt.process:
        conds.append(models.Case.process == flt.process)
    if flt.step:
        conds.append(_has_open_task(flt.step))
    return conds


def _has_open_task(step: str, *, overdue: bool = False) -> ColumnElement[bool]:
    conds = [models.Task.case_id == models.Case.id, models.Task.status == "open", models.Task.step == step]
    if overdue:
        conds.append(models.Task.overdue == true())
    return exists().where(and_(*conds))


def _overdue_case(flt: StatsFilter) -> ColumnElement[bool]:
    """With a step filter a case counts as overdue when that step is; otherwise by its own flag."""
    return _has_open_task(flt.step, overdue=True) if flt.step else models.Case.overdue.is_(True)


def _case_counts(
    db: Session, principal: Principal, root: models.Jurisdiction, flt: StatsFilter
) -> dict[tuple[str, str], tuple[int, int]]:
    """(open, overdue) cases per (jurisdiction path, process) of the scope: one index scan."""
    query = (
        select(
            models.Case.jurisdiction_path,
            models.Case.process,
            func.count(),
            func.count().filter(_overdue_case(flt)),
        )
        .where(_in_subtree(root, _dialect(db)), *_case_filters(principal, flt))
        .group_by(models.Case.jurisdiction_path, models.Case.process)
    )
    return {(path, process): (open_, overdue) for path, process, open_, overdue in db.execute(query)}


def _by_jurisdiction(
    db: Session, root: models.Jurisdiction, case_groups: dict[tuple[str, str], tuple[int, int]]
) -> list[JurisdictionCount]:
    """The scope's own cases (as "（本级）") and each direct child's subtree."""
    children = list(
        db.scalars(
            select(models.Jurisdiction)
            .where(models.Jurisdiction.parent_code == root.code)
            .order_by(models.Jurisdiction.code)
        )
    )
    result = []
    for jurisdiction in [root, *children]:
        exact = jurisdiction is root and bool(children)
        open_cases = overdue_cases = 0
        for (path, _process), (open_, overdue) in case_groups.items():
            if path == root.path if exact else path.startswith(jurisdiction.path):
                open_cases += open_
                overdue_cases += overdue
        name = jurisdiction.name + ("（本级）" if exact else "")
        result.append(JurisdictionCount(jurisdiction.code, name, open_cases, overdue_cases))
    return result


@dataclass(frozen=True)
class _TaskGroup:
    process: str
    step: str
    title: str
    waiting_on: str
    due_on: dt.date  # China date
    first_due_at: dt.datetime
    count: int


def _due_day(db: Session) -> ColumnElement[Any]:
    """The China date of a task's due moment, in SQL (China keeps no daylight saving time)."""
    if _dialect(db) == "postgresql":
        return func.date(func.timezone("Asia/Shanghai", models.Task.due_at))
    return func.date(models.Task.due_at, "+8 hours")


def overdue_task_conditions(
    principal: Principal, root: models.Jurisdiction, flt: StatsFilter
) -> list[ColumnElement[bool]]:
    # `= true`, not `IS true`: an equality both databases can look up in ix_tasks_overdue_due.
    conds = [
        models.Task.overdue == true(),
        models.Task.status == "open",
        models.Case.closed == false(),
        # The prefix alone: the overdue tasks drive these queries (ix_tasks_overdue_due); a range on
        # the cases would make SQLite start from all the subtree's cases instead.
        _in_subtree(root),
        visible_cases(principal),
    ]
    if flt.process:
        conds.append(models.Case.process == flt.process)
    if flt.step:
        conds.append(models.Task.step == flt.step)
    return conds


def _overdue_task_groups(
    db: Session, principal: Principal, root: models.Jurisdiction, flt: StatsFilter
) -> list[_TaskGroup]:
    day = _due_day(db)
    query = (
        select(
            models.Case.process,
            models.Task.step,
            models.Task.title,
            models.Task.waiting_on,
            day,
            func.min(models.Task.due_at),
            func.count(),
        )
        .join(models.Case, models.Case.id == models.Task.case_id)
        .where(*overdue_task_conditions(principal, root, flt))
        .group_by(models.Case.process, models.Task.step, models.Task.title, models.Task.waiting_on, day)
    )
    groups = []
    for process, step, title, waiting_on, due_on, first_due_at, count in db.execute(query):
        if isinstance(due_on, str):  # SQLite answers dates as text
            due_on = dt.date.fromisoformat(due_on)
        if isinstance(first_due_at, str):
            first_due_at = dt.datetime.fromisoformat(first_due_at)
        if first_due_at.tzinfo is None:
            first_due_at = first_due_at.replace(tzinfo=dt.UTC)
        groups.append(_TaskGroup(process, step, title, waiting_on, due_on, first_due_at, count))
    return groups
