"""抄送: a read-only notice of a case to a user or a unit, with a reason and a timeline line.

The recipient must already be allowed to see the case (services/principal.visible_cases): a copy
informs, it never widens who may read a case file. It lives in the database (task_copies): it
changes nothing a workflow does (docs/decisions/0007-stand-ins-and-copies-in-the-database.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, exists, func, or_, select
from sqlalchemy.orm import Session

from db import models
from db.task_action_models import TaskCopy
from domain.errors import Forbidden, InvalidInput, NotFound
from domain.task_actions import STAFF_ROLES
from services import task_timeline
from services.case_actions import visible_case
from services.principal import Principal, load_principal, visible_cases

PAGE_SIZE = 50


@dataclass(frozen=True)
class CopyRow:
    copy: TaskCopy
    case: models.Case


def _sees(db: Session, user: models.User, case_id: int) -> bool:
    if user.role == "enterprise" or not user.is_active:
        return False
    recipient = load_principal(db, user)
    return db.scalar(select(exists().where(models.Case.id == case_id, visible_cases(recipient)))) is True


def copy_case(
    db: Session,
    principal: Principal,
    *,
    case_id: int,
    task_id: str | None,
    to_user_id: int | None,
    to_org_id: int | None,
    reason: str,
    at: dt.datetime,
) -> TaskCopy:
    if principal.role not in STAFF_ROLES and principal.role not in ("police_liaison", "procuratorate_liaison"):
        raise Forbidden("您的账号不能抄送案件")
    case = visible_case(db, principal, case_id)
    if not reason.strip():
        raise InvalidInput("请填写抄送理由")
    if (to_user_id is None) == (to_org_id is None):
        raise InvalidInput("请选择抄送对象：一名人员或一个单位")
    step_title = ""
    if task_id:
        task = db.get(models.Task, task_id)
        if task is None or task.case_id != case.id:
            raise InvalidInput("该案件没有此任务")
        step_title = task.title
    if to_user_id is not None:
        user = db.get(models.User, to_user_id)
        if user is None:
            raise InvalidInput("抄送对象不存在")
        if not _sees(db, user, case.id):
            raise Forbidden(f"{user.display_name}无权查看本案件，不能抄送（抄送不扩大案件的知悉范围）")
        to_name = user.display_name
    else:
        org = db.get(models.Organisation, to_org_id)
        if org is None:
            raise InvalidInput("抄送单位不存在")
        members = db.scalars(select(models.User).where(models.User.org_id == org.id, models.User.role != "admin"))
        if not any(_sees(db, member, case.id) for member in members):
            raise Forbidden(f"{org.name}无权查看本案件，不能抄送（抄送不扩大案件的知悉范围）")
        to_name = org.name
    copy = TaskCopy(
        case_id=case.id,
        task_id=task_id or None,
        step_title=step_title,
        from_user_id=principal.user_id,
        from_name=principal.display_name,
        to_user_id=to_user_id,
        to_org_id=to_org_id,
        to_name=to_name,
        reason=reason.strip(),
        created_at=at,
    )
    db.add(copy)
    db.flush()
    task_timeline.append(
        db,
        case.id,
        key=f"copy:{copy.id}",
        kind="copy",
        summary=f"抄送：{to_name}" + (f"（{step_title}）" if step_title else ""),
        by=principal,
        reason=copy.reason,
        at=at,
        data={"to_user_id": to_user_id, "to_org_id": to_org_id, "task_id": task_id},
    )
    db.commit()
    return copy


def _mine(principal: Principal) -> ColumnElement[bool]:
    return or_(TaskCopy.to_user_id == principal.user_id, TaskCopy.to_org_id == principal.org_id)


def copies_for(db: Session, principal: Principal, page: int = 1) -> tuple[list[CopyRow], int, int]:
    """Copies to me or my unit of cases I may see, newest first; with the total and the unread."""
    query = (
        select(TaskCopy, models.Case)
        .join(models.Case, models.Case.id == TaskCopy.case_id)
        .where(_mine(principal), visible_cases(principal))
    )
    total = db.scalar(select(func.count()).select_from(query.subquery())) or 0
    unread = db.scalar(select(func.count()).select_from(query.where(TaskCopy.read_at.is_(None)).subquery())) or 0
    ordered = query.order_by(TaskCopy.created_at.desc(), TaskCopy.id.desc())
    rows = db.execute(ordered.offset((max(page, 1) - 1) * PAGE_SIZE).limit(PAGE_SIZE))
    return [CopyRow(c, case) for c, case in rows], total, unread


def open_copy(db: Session, principal: Principal, copy_id: int, at: dt.datetime) -> int:
    """Mark a copy read (the first time) and return its case id; someone else's copy is a 404."""
    copy = db.scalars(
        select(TaskCopy)
        .join(models.Case, models.Case.id == TaskCopy.case_id)
        .where(TaskCopy.id == copy_id, _mine(principal), visible_cases(principal))
    ).one_or_none()
    if copy is None:
        raise NotFound("抄送不存在或不是发给您的")
    if copy.read_at is None:
        copy.read_at = at
        db.commit()
    return copy.case_id
