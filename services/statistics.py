"""Statistics beyond overdue (统计分析), over the cases a user may see, for one calendar year
(China time): cases opened by process and month, by jurisdiction, workload per unit and per
person, fines imposed and collected, and crime transfers with their outcomes."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import models
from domain.crime_transfer import CRIME_TRANSFER_STATUS_LABELS
from domain.errors import InvalidInput
from domain.legal_calendar import CHINA_TZ
from domain.processes import PROCESS_LABELS
from services.principal import Principal, visible_cases

MONTHS = tuple(f"{m}月" for m in range(1, 13))
FINE_STEPS = ("penalty_decision",)
PAYMENT_STEPS = ("payment", "reminder_compliance")


@dataclass(frozen=True)
class UnitLoad:
    name: str
    open_tasks: int
    overdue_open: int
    done: int
    done_late: int


@dataclass(frozen=True)
class PersonLoad:
    name: str
    unit: str
    done: int
    done_late: int


@dataclass(frozen=True)
class AreaRow:
    name: str
    opened: int
    open_now: int
    closed: int
    overdue_now: int


@dataclass
class Statistics:
    year: int
    by_process: dict[str, list[int]] = field(default_factory=dict)  # process label → 12 months
    by_area: list[AreaRow] = field(default_factory=list)
    units: list[UnitLoad] = field(default_factory=list)
    people: list[PersonLoad] = field(default_factory=list)
    fines_imposed: list[int] = field(default_factory=lambda: [0] * 12)  # yuan per month
    fines_collected: list[int] = field(default_factory=lambda: [0] * 12)
    fine_decisions: int = 0
    payments: int = 0
    transfers: dict[str, int] = field(default_factory=dict)  # status label → cases opened this year

    @property
    def opened_total(self) -> int:
        return sum(sum(v) for v in self.by_process.values())


def _bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    if not 2000 <= year <= 2100:
        raise InvalidInput("年份应在2000年至2100年之间")
    return dt.datetime(year, 1, 1, tzinfo=CHINA_TZ), dt.datetime(year + 1, 1, 1, tzinfo=CHINA_TZ)


def _month(moment: dt.datetime) -> int:
    return moment.astimezone(CHINA_TZ).month - 1


def compute(db: Session, principal: Principal, year: int, *, now: dt.datetime) -> Statistics:
    start, end = _bounds(year)
    stats = Statistics(year)
    scope = visible_cases(principal)
    cases = db.execute(
        select(models.Case.id, models.Case.process, models.Case.created_at, models.Case.status).where(
            scope, models.Case.created_at >= start, models.Case.created_at < end
        )
    ).all()
    months: dict[str, list[int]] = {label: [0] * 12 for label in PROCESS_LABELS.values()}
    transfers: Counter[str] = Counter()
    for _, process, created_at, status in cases:
        months[PROCESS_LABELS.get(process, process)][_month(created_at)] += 1
        if process == "crime_transfer":
            transfers[CRIME_TRANSFER_STATUS_LABELS.get(status, status)] += 1
    stats.by_process = months
    stats.transfers = dict(transfers.most_common())
    stats.by_area = _areas(db, principal, start, end)
    stats.units, stats.people = _workload(db, principal, start, end, now)
    _fines(db, principal, start, end, stats)
    return stats


def _areas(db: Session, principal: Principal, start: dt.datetime, end: dt.datetime) -> list[AreaRow]:
    """One row per jurisdiction directly below the user's (its own, for a county)."""
    children: list[models.Jurisdiction | None] = list(
        db.scalars(
            select(models.Jurisdiction)
            .where(models.Jurisdiction.parent_code == principal.jurisdiction_code)
            .order_by(models.Jurisdiction.code)
        )
    )
    if not children:
        children = [db.get(models.Jurisdiction, principal.jurisdiction_code)]
    rows = db.execute(
        select(models.Case.jurisdiction_path, models.Case.created_at, models.Case.closed, models.Case.overdue).where(
            visible_cases(principal)
        )
    ).all()
    out = []
    for area in children:
        if area is None:
            continue
        mine = [r for r in rows if r[0].startswith(area.path)]
        out.append(
            AreaRow(
                name=area.name,
                opened=sum(1 for r in mine if start <= r[1] < end),
                open_now=sum(1 for r in mine if not r[2]),
                closed=sum(1 for r in mine if r[2] and start <= r[1] < end),
                overdue_now=sum(1 for r in mine if not r[2] and r[3]),
            )
        )
    return out


def _workload(
    db: Session, principal: Principal, start: dt.datetime, end: dt.datetime, now: dt.datetime
) -> tuple[list[UnitLoad], list[PersonLoad]]:
    rows = db.execute(
        select(
            models.Task.org_id,
            models.Task.status,
            models.Task.due_at,
            models.Task.completed_at,
            models.Task.completed_by_user_id,
            models.Task.overdue,
        )
        .join(models.Case, models.Case.id == models.Task.case_id)
        .where(visible_cases(principal), models.Task.kind == "step")
    ).all()
    units: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    people: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for org_id, status, due_at, completed_at, user_id, overdue in rows:
        unit = units[org_id]
        if status == "open":
            unit[0] += 1
            unit[1] += int(bool(overdue) or due_at < now)
        elif status == "completed" and completed_at is not None and start <= completed_at < end:
            late = completed_at > due_at
            unit[2] += 1
            unit[3] += int(late)
            if user_id is not None:
                people[user_id][0] += 1
                people[user_id][1] += int(late)
    names = {o.id: o.name for o in db.scalars(select(models.Organisation).where(models.Organisation.id.in_(units)))}
    users = {u.id: u for u in db.scalars(select(models.User).where(models.User.id.in_(people)))}
    unit_rows = sorted(
        (UnitLoad(names.get(k, str(k)), *v) for k, v in units.items() if any(v)), key=lambda u: (-u.open_tasks, u.name)
    )
    person_rows = sorted(
        (
            PersonLoad(
                users[k].display_name if k in users else str(k),
                names.get(users[k].org_id, "") if k in users else "",
                *v,
            )
            for k, v in people.items()
        ),
        key=lambda p: (-p.done, p.name),
    )
    return unit_rows, person_rows


def _fines(db: Session, principal: Principal, start: dt.datetime, end: dt.datetime, stats: Statistics) -> None:
    rows = db.execute(
        select(models.Task.step, models.Task.completed_at, models.Task.outcome)
        .join(models.Case, models.Case.id == models.Task.case_id)
        .where(
            visible_cases(principal),
            models.Task.status == "completed",
            models.Task.step.in_(FINE_STEPS + PAYMENT_STEPS),
            models.Task.completed_at >= start,
            models.Task.completed_at < end,
        )
    ).all()
    for step, completed_at, outcome in rows:
        month = _month(completed_at)
        if step in FINE_STEPS and outcome.get("decision") == "fine":
            stats.fines_imposed[month] += int(outcome.get("fine_cny") or 0)
            stats.fine_decisions += 1
        elif step in PAYMENT_STEPS and outcome.get("amount_cny"):
            stats.fines_collected[month] += int(outcome["amount_cny"])
            stats.payments += 1
