"""The bureau's list of 一般事故隐患 (西双版纳 (十二): the county lists and supervises them)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db import models
from domain.errors import InvalidInput
from domain.general_hazard import PROCESS, STATUS_LABELS
from services.principal import Principal, require_case_access, require_staff, visible_cases

PER_PAGE = 50


@dataclass(frozen=True)
class HazardPage:
    items: list[tuple[models.Case, str]]  # the case and its enterprise's name
    total: int
    page: int
    pages: int


def list_general_hazards(db: Session, principal: Principal, *, status: str = "", page: int = 1) -> HazardPage:
    """The 一般 hazards of the principal's jurisdiction and below, open ones first, newest first."""
    require_staff(principal)
    require_case_access(principal)
    if status and status not in STATUS_LABELS and status != "open":
        raise InvalidInput("状态不正确")
    where = [models.Case.process == PROCESS, visible_cases(principal)]
    if status == "open":
        where.append(models.Case.closed.is_(False))
    elif status:
        where.append(models.Case.status == status)
    total = int(db.scalar(select(func.count()).select_from(models.Case).where(*where)) or 0)
    pages = max(1, -(-total // PER_PAGE))
    page = min(max(1, page), pages)
    rows = db.execute(
        select(models.Case, models.Enterprise.name)
        .join(models.Enterprise, models.Enterprise.id == models.Case.enterprise_id)
        .where(*where)
        .order_by(models.Case.closed, models.Case.id.desc())
        .offset((page - 1) * PER_PAGE)
        .limit(PER_PAGE)
    ).all()
    return HazardPage([(case, name) for case, name in rows], total, page, pages)
