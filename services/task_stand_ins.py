"""代理: a stand-in handles a colleague's claimed tasks while the colleague is on leave.

A period is read-side state (task_stand_ins): it changes who the web side lets act for whom, not
what a workflow does. When the stand-in acts on a task the colleague had claimed, the service
sends the stand-in as the actor with `on_behalf_of` the colleague; the workflow's access rule
(workflows/kernel/access.py) accepts that and the timeline names the stand-in. Recording a period
writes a line on the timeline of every case where the colleague holds an open task.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import models
from db.task_action_models import TaskStandIn
from domain.china_time import day_of
from domain.errors import Forbidden, InvalidInput
from domain.task_actions import STAFF_ROLES, STAND_IN, check_hand_over
from services import task_timeline
from services.principal import Principal

MAX_DAYS = 92  # a quarter: a longer absence is a new assignment of the post, not a stand-in


def absentees(db: Session, stand_in_user_id: int, at: dt.datetime) -> list[int]:
    """The colleagues whose claimed tasks this user handles today."""
    today = day_of(at)
    return list(
        db.scalars(
            select(TaskStandIn.user_id).where(
                TaskStandIn.stand_in_user_id == stand_in_user_id,
                TaskStandIn.starts_on <= today,
                TaskStandIn.ends_on >= today,
                TaskStandIn.revoked_at.is_(None),
            )
        )
    )


def on_behalf_of(db: Session, principal: Principal, task: models.Task, at: dt.datetime) -> int | None:
    """The colleague the principal stands in for on this task, if any."""
    claimer = task.claimed_by_user_id
    if claimer is None or claimer == principal.user_id:
        return None
    return claimer if claimer in absentees(db, principal.user_id, at) else None


def periods_of(db: Session, user_id: int) -> list[tuple[TaskStandIn, str, str]]:
    """The periods where the user is away or stands in, newest first, with both names."""
    absent, stand_in = models.User.__table__.alias("absent"), models.User.__table__.alias("stand_in")
    rows = db.execute(
        select(TaskStandIn, absent.c.display_name, stand_in.c.display_name)
        .join(absent, absent.c.id == TaskStandIn.user_id)
        .join(stand_in, stand_in.c.id == TaskStandIn.stand_in_user_id)
        .where((TaskStandIn.user_id == user_id) | (TaskStandIn.stand_in_user_id == user_id))
        .order_by(TaskStandIn.starts_on.desc(), TaskStandIn.id.desc())
    )
    return [(row[0], row[1], row[2]) for row in rows]


def set_stand_in(
    db: Session,
    principal: Principal,
    *,
    stand_in_user_id: int,
    starts_on: dt.date,
    ends_on: dt.date,
    reason: str,
    at: dt.datetime,
) -> TaskStandIn:
    """Record the principal's own leave and who stands in (the head's post only by a head)."""
    if principal.role not in STAFF_ROLES:
        raise Forbidden("只有执法机关和安委办工作人员可以设置代理")
    if not reason.strip():
        raise InvalidInput("请填写代理理由（如请假、出差）")
    if ends_on < starts_on:
        raise InvalidInput("代理结束日期不能早于开始日期")
    if ends_on < day_of(at):
        raise InvalidInput("代理结束日期不能早于今天")
    if (ends_on - starts_on).days + 1 > MAX_DAYS:
        raise InvalidInput(f"代理期限最长{MAX_DAYS}日；更长时间请调整岗位")
    stand_in = db.get(models.User, stand_in_user_id)
    if stand_in is None or not stand_in.is_active:
        raise InvalidInput("代理人不存在")
    if stand_in.id == principal.user_id:
        raise InvalidInput("不能由本人代理自己")
    check_hand_over(principal.role, stand_in.role, stand_in.org_id, principal.org_id, STAND_IN)
    period = TaskStandIn(
        user_id=principal.user_id,
        stand_in_user_id=stand_in.id,
        starts_on=starts_on,
        ends_on=ends_on,
        reason=reason.strip(),
        created_at=at,
    )
    db.add(period)
    db.flush()
    claimed = db.execute(
        select(models.Task.case_id, models.Task.title).where(
            models.Task.claimed_by_user_id == principal.user_id, models.Task.status == "open"
        )
    ).all()
    for case_id in sorted({case_id for case_id, _ in claimed}):
        titles = "、".join(title for cid, title in claimed if cid == case_id)
        task_timeline.append(
            db,
            case_id,
            key=f"stand_in:{period.id}",
            kind="stand_in",
            summary=f"代理：{principal.display_name}请假期间（{starts_on}至{ends_on}）由{stand_in.display_name}代为办理{titles}",
            by=principal,
            reason=period.reason,
            at=at,
            data={"stand_in_user_id": stand_in.id, "starts_on": starts_on.isoformat(), "ends_on": ends_on.isoformat()},
        )
    db.commit()
    return period


def revoke(db: Session, principal: Principal, period_id: int, at: dt.datetime) -> None:
    period = db.get(TaskStandIn, period_id)
    if period is None or period.user_id != principal.user_id:
        raise Forbidden("只能撤销本人设置的代理")
    period.revoked_at = period.revoked_at or at
    db.commit()
