"""Hourly overdue snapshots (逾期趋势): open and overdue cases per jurisdiction subtree and process.

`take_snapshot` is idempotent within an hour, so the in-process scheduler may run it late, twice,
or from two app processes at once: the hour's rows are written once and a missed hour stays a gap.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from db import models
from domain.errors import Forbidden, InvalidInput
from services.principal import Principal

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TrendPoint:
    taken_at: dt.datetime
    open_cases: int
    overdue_cases: int


def snapshot_hour(now: dt.datetime) -> dt.datetime:
    """`now` truncated to the hour, in UTC: the key of one snapshot."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(dt.UTC).replace(minute=0, second=0, microsecond=0)


def take_snapshot(session_factory: sessionmaker[Session], now: dt.datetime) -> int:
    """Write this hour's counts for every jurisdiction and process; returns the rows written.

    A second run in the same hour writes nothing; a run that loses a race with another process
    on the unique key (taken_at, jurisdiction_code, process) rolls back and writes nothing either.
    """
    taken_at = snapshot_hour(now)
    with session_factory() as session:
        try:
            rows = _missing_rows(session, taken_at)
            session.add_all(rows)
            session.commit()
        except IntegrityError:
            session.rollback()
            log.info("overdue snapshot for %s already written by another process", taken_at.isoformat())
            return 0
        except Exception:
            session.rollback()
            raise
    if rows:
        log.info("overdue snapshot for %s: %d rows", taken_at.isoformat(), len(rows))
    return len(rows)


def _missing_rows(session: Session, taken_at: dt.datetime) -> list[models.OverdueSnapshot]:
    existing = set(
        session.execute(
            select(models.OverdueSnapshot.jurisdiction_code, models.OverdueSnapshot.process).where(
                models.OverdueSnapshot.taken_at == taken_at
            )
        )
    )
    # One grouped pass over open cases; each (path, process) group then counts for every ancestor.
    groups = session.execute(
        select(
            models.Case.jurisdiction_path,
            models.Case.process,
            func.count(),
            func.count().filter(models.Case.overdue.is_(True)),
        )
        .where(models.Case.closed.is_(False))
        .group_by(models.Case.jurisdiction_path, models.Case.process)
    )
    by_path: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    processes: set[str] = set()
    for path, process, open_cases, overdue_cases in groups:
        by_path[path].append((process, open_cases, overdue_cases))
        processes.add(process)
    # Processes that had cases once keep a row of zeros, so the trend line drops to 0 instead of ending.
    processes.update(session.scalars(select(models.Case.process).distinct()))

    rows = []
    for jurisdiction in session.scalars(select(models.Jurisdiction).order_by(models.Jurisdiction.code)):
        totals = dict.fromkeys(processes, (0, 0))
        for path, counts in by_path.items():
            if path.startswith(jurisdiction.path):
                for process, open_cases, overdue_cases in counts:
                    open_sum, overdue_sum = totals[process]
                    totals[process] = (open_sum + open_cases, overdue_sum + overdue_cases)
        for process in sorted(totals):
            if (jurisdiction.code, process) in existing:
                continue
            open_cases, overdue_cases = totals[process]
            rows.append(
                models.OverdueSnapshot(
                    taken_at=taken_at,
                    jurisdiction_code=jurisdiction.code,
                    process=process,
                    open_cases=open_cases,
                    overdue_cases=overdue_cases,
                )
            )
    return rows


def series(
    session: Session,
    principal: Principal,
    jurisdiction_code: str | None = None,
    process: str | None = None,
    since: dt.datetime | None = None,
) -> list[TrendPoint]:
    """The trend of one jurisdiction (default: the principal's own), oldest first.

    Without `process` the points sum all processes. Snapshots count every case of a subtree,
    so a liaison, who may see only the cases addressed to them, gets no trend.
    """
    if not principal.has_case_access:
        raise Forbidden("系统管理员账号不能查看案件统计")
    if principal.is_liaison:
        raise Forbidden("联络员只能查看抄送本单位的案件，无权查看辖区逾期趋势")
    code = jurisdiction_code or principal.jurisdiction_code
    jurisdiction = session.get(models.Jurisdiction, code)
    if jurisdiction is None:
        raise InvalidInput(f"行政区划代码{code}不存在")
    if not jurisdiction.path.startswith(principal.jurisdiction_path):
        raise InvalidInput("该行政区划不在您的管辖范围内")
    query = (
        select(
            models.OverdueSnapshot.taken_at,
            func.sum(models.OverdueSnapshot.open_cases),
            func.sum(models.OverdueSnapshot.overdue_cases),
        )
        .where(models.OverdueSnapshot.jurisdiction_code == code)
        .group_by(models.OverdueSnapshot.taken_at)
        .order_by(models.OverdueSnapshot.taken_at)
    )
    if process:
        query = query.where(models.OverdueSnapshot.process == process)
    if since is not None:
        query = query.where(models.OverdueSnapshot.taken_at >= since)
    return [
        TrendPoint(taken_at, int(open_cases), int(overdue)) for taken_at, open_cases, overdue in session.execute(query)
    ]
