"""待办 and 已办 as daily tools: filters, search, sorting and pages (all in the URL), the outcome
of a done step in Chinese (D6), and the rows of the XLSX export."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import Session, aliased

from db import models
from domain import registry
from domain.china_time import day_of, start_of
from domain.errors import InvalidInput, NotFound
from domain.forms import choice_labels
from services import task_stand_ins
from services.principal import Principal

PAGE_SIZE = 20
PAGE_SIZES = (10, 20, 50, 100)  # 每页条数 the pages offer
EXPORT_LIMIT = 2000
DUE_WINDOWS = {"overdue": "已逾期", "today": "今日到期", "3": "3日内到期", "7": "7日内到期"}
INBOX_SORTS = {"due": "期限由近到远", "-due": "期限由远到近", "-opened": "最新收到", "opened": "最早收到"}
DONE_SORTS = {"-completed": "最近办结", "completed": "最早办结"}


@dataclass(frozen=True)
class TaskFilter:
    process: str | None = None
    step: str | None = None
    due: str | None = None  # a key of DUE_WINDOWS (待办), or none
    overdue: bool | None = None
    enterprise: int | None = None  # an enterprise id
    jurisdiction: str | None = None  # a jurisdiction code: that area and below
    q: str | None = None  # case number (any part, any case), case title, enterprise name or USCC
    sort: str = "due"
    page: int = 1


@dataclass(frozen=True, slots=True)
class ListedTask:
    """The columns of a task that the lists show, read as a plain row: a listing of 200 open
    tasks as ORM objects spent most of a web process's CPU building their identity-map state
    (bench.load, issue #22). Attribute names are those of `models.Task`."""

    id: str
    case_id: int
    step: str
    title: str
    kind: str
    role: str
    status: str
    claimed_by_user_id: int | None
    opened_at: dt.datetime
    due_at: dt.datetime
    overdue: bool
    provisional: bool
    deadline_basis: str
    due_explanation: str
    completed_at: dt.datetime | None
    outcome: dict[str, object]
    clock_state: str
    clock_unit: str
    waiting_on: str


@dataclass(frozen=True, slots=True)
class ListedCase:
    """The columns of a case that the lists show (names as on `models.Case`)."""

    id: int
    case_no: str
    title: str
    process: str


TASK_COLUMNS = tuple(getattr(models.Task, name) for name in ListedTask.__dataclass_fields__)
CASE_COLUMNS = tuple(getattr(models.Case, name).label(f"case_{name}") for name in ListedCase.__dataclass_fields__)


@dataclass(frozen=True)
class InboxRow:
    task: ListedTask
    case: ListedCase
    org_name: str
    claimed_by_name: str | None
    enterprise_name: str
    outcome: str = ""  # 已办: the result in Chinese


def outcome_label(process: str, step: str, outcome: dict[str, object]) -> str:
    """What a done step decided, as its form's choice reads in Chinese (D6); "已提交" without one."""
    decision = outcome.get("decision")
    if decision is None or decision == "":
        return "已提交" if outcome else "—"
    try:
        labels = choice_labels(registry.form_for(process, step), "decision")
    except (NotFound, KeyError, LookupError):
        labels = {}
    return labels.get(str(decision), "已办结")


def _filtered(
    db: Session, query: Select[models.Task, models.Case], flt: TaskFilter, now: dt.datetime
) -> Select[models.Task, models.Case]:
    if flt.process:
        if flt.process not in registry.PROCESSES:
            raise InvalidInput(f"没有流程{flt.process}")
        query = query.where(models.Case.process == flt.process)
    if flt.step:
        query = query.where(models.Task.step == flt.step)
    if flt.overdue is not None:
        query = query.where(models.Task.overdue.is_(flt.overdue))
    if flt.due:
        if flt.due not in DUE_WINDOWS:
            raise InvalidInput("到期范围只能是：已逾期、今日到期、3日内到期、7日内到期")
        if flt.due == "overdue":
            query = query.where(models.Task.due_at < now)
        else:
            days = 0 if flt.due == "today" else int(flt.due)
            query = query.where(models.Task.due_at < start_of(day_of(now) + dt.timedelta(days=days + 1)))
    if flt.enterprise is not None:
        query = query.where(models.Case.enterprise_id == flt.enterprise)
    if flt.jurisdiction:
        jurisdiction = db.get(models.Jurisdiction, flt.jurisdiction)
        if jurisdiction is None:
            raise InvalidInput(f"行政区划代码{flt.jurisdiction}不存在")
        query = query.where(models.Case.jurisdiction_path.startswith(jurisdiction.path, autoescape=True))
    if flt.q:
        lower = flt.q.lower()  # case numbers and USCCs match in any case ("gp-2026", "91530302…p")
        query = query.where(
            or_(
                func.lower(models.Case.case_no).contains(lower, autoescape=True),
                models.Case.title.contains(flt.q, autoescape=True),
                models.Enterprise.name.contains(flt.q, autoescape=True),
                func.lower(models.Enterprise.credit_code).contains(lower, autoescape=True),
            )
        )
    return query


def _rows(db: Session, query: Select[models.Task, models.Case], done: bool) -> list[InboxRow]:
    claimer = aliased(models.User)
    full = query.with_only_columns(
        *TASK_COLUMNS, *CASE_COLUMNS, models.Organisation.name, claimer.display_name, models.Enterprise.name
    ).join(models.Organisation, models.Organisation.id == models.Task.org_id)
    full = full.outerjoin(claimer, claimer.id == models.Task.claimed_by_user_id)
    n_task, n_case = len(TASK_COLUMNS), len(CASE_COLUMNS)
    rows = []
    for values in db.execute(full).all():
        task = ListedTask(*values[:n_task])
        case = ListedCase(*values[n_task : n_task + n_case])
        org, claimed, enterprise = values[n_task + n_case :]
        outcome = outcome_label(case.process, task.step, task.outcome or {}) if done else ""
        rows.append(InboxRow(task, case, org, claimed, enterprise or "", outcome))
    return rows


def _base(query: Select[models.Task, models.Case]) -> Select[models.Task, models.Case]:
    return query.join(models.Case, models.Case.id == models.Task.case_id).outerjoin(
        models.Enterprise, models.Enterprise.id == models.Case.enterprise_id
    )


def _count(db: Session, query: Select[models.Task, models.Case]) -> int:
    """The number of rows of a filtered list: the count over its joins, not over a subquery
    of every column of both tables (what `select_from(query.subquery())` asks SQLite for)."""
    return db.scalar(query.with_only_columns(func.count(models.Task.id))) or 0


def _page(flt: TaskFilter, size: int) -> tuple[int, int]:
    page = max(flt.page, 1)
    return (page - 1) * size, size


def _in_inbox(db: Session, principal: Principal, now: dt.datetime) -> ColumnElement[bool]:
    holders = [principal.user_id, *task_stand_ins.absentees(db, principal.user_id, now)]
    return and_(
        models.Task.org_id == principal.org_id,
        models.Task.role == principal.role,
        models.Task.status == "open",
        or_(models.Task.claimed_by_user_id.is_(None), models.Task.claimed_by_user_id.in_(holders)),
    )


@dataclass(frozen=True, slots=True)
class EnterpriseChoice:
    id: int
    name: str


def enterprises(db: Session, principal: Principal, now: dt.datetime, *, done: bool) -> list[EnterpriseChoice]:
    """The enterprise filter offers the enterprises of the list's own cases, not every one of the
    jurisdiction (thousands at a city or the province): ids and names only (an office's inbox
    offers hundreds)."""
    mine = models.Task.completed_by_user_id == principal.user_id if done else _in_inbox(db, principal, now)
    cases = select(models.Case.enterprise_id).join(models.Task, models.Task.case_id == models.Case.id).where(mine)
    query = (
        select(models.Enterprise.id, models.Enterprise.name)
        .where(models.Enterprise.id.in_(cases))
        .order_by(models.Enterprise.name)
    )
    return [EnterpriseChoice(id_, name) for id_, name in db.execute(query).all()]


def inbox(
    db: Session,
    principal: Principal,
    flt: TaskFilter,
    now: dt.datetime,
    *,
    limit: int | None = None,
    page_size: int = PAGE_SIZE,
) -> tuple[list[InboxRow], int]:
    """Open tasks of my body and post: unclaimed, mine, and those of a colleague I stand in for."""
    query = _filtered(db, _base(select(models.Task, models.Case)).where(_in_inbox(db, principal, now)), flt, now)
    total = _count(db, query)
    order = {
        "due": (models.Task.due_at,),
        "-due": (models.Task.due_at.desc(),),
        "opened": (models.Task.opened_at,),
        "-opened": (models.Task.opened_at.desc(),),
    }.get(flt.sort)
    if order is None:
        raise InvalidInput("排序方式只能是：" + "、".join(INBOX_SORTS.values()))
    offset, size = (0, limit) if limit else _page(flt, page_size)
    return _rows(db, query.order_by(*order, models.Task.id).offset(offset).limit(size), done=False), total


def done(
    db: Session, principal: Principal, flt: TaskFilter, now: dt.datetime, *, page_size: int = PAGE_SIZE
) -> tuple[list[InboxRow], int]:
    """Steps I completed, newest first by default; the due window does not apply (they are done)."""
    query = _base(select(models.Task, models.Case)).where(models.Task.completed_by_user_id == principal.user_id)
    query = _filtered(db, query, replace(flt, due=None), now)
    total = _count(db, query)
    order = {"-completed": models.Task.completed_at.desc(), "completed": models.Task.completed_at}.get(flt.sort)
    if order is None:
        raise InvalidInput("排序方式只能是：" + "、".join(DONE_SORTS.values()))
    offset, size = _page(flt, page_size)
    return _rows(db, query.order_by(order, models.Task.id).offset(offset).limit(size), done=True), total


def steps(process: str | None) -> dict[str, str]:
    """The steps a filter offers: those of one process, or of all (code → title)."""
    chosen = registry.PROCESSES.get(process or "")
    definitions = [chosen] if chosen else list(registry.PROCESSES.values())
    found = {step.code: step.title for definition in definitions for step in definition.steps}
    return {**found, "supervision": "督办", "cosign": "加签审批"}
