"""转办, 委派, 加签 and 撤回 from the web side: the target resolved from the database, then the
case workflow's `task_action` Update, whose validator decides (domain/task_actions.py rules)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session
from temporalio.client import Client

from db import models
from domain.errors import Forbidden, InvalidInput
from domain.task_actions import LABELS, STAFF_ROLES, WITHDRAW, WORKFLOW_ACTIONS
from services import case_actions, task_stand_ins
from services.principal import Principal
from workflows.contracts import TaskActionCommand, UpdateResult
from workflows.kernel import CaseWorkflow


@dataclass(frozen=True)
class Candidate:
    user_id: int
    name: str
    org_name: str
    role: str


def candidates(db: Session, principal: Principal, case: models.Case, *, same_post: bool) -> list[Candidate]:
    """Whom a task may go to: colleagues of the same body and post (转办, 委派, 代理), or any
    official whose jurisdiction covers the case (加签, 抄送)."""
    query = (
        select(models.User, models.Organisation)
        .join(models.Organisation, models.Organisation.id == models.User.org_id)
        .join(models.Jurisdiction, models.Jurisdiction.code == models.Organisation.jurisdiction_code)
        .where(models.User.is_active.is_(True), models.User.id != principal.user_id, models.User.role.in_(STAFF_ROLES))
        .order_by(models.Jurisdiction.path, models.Organisation.id, models.User.id)
    )
    if same_post:
        query = query.where(models.User.org_id == principal.org_id, models.User.role == principal.role)
    rows = db.execute(query)
    return [
        Candidate(user.id, user.display_name, org.name, user.role)
        for user, org in rows
        if same_post or case.jurisdiction_path.startswith(_path(db, org.jurisdiction_code))
    ]


def _path(db: Session, code: str) -> str:
    jurisdiction = db.get(models.Jurisdiction, code)
    return jurisdiction.path if jurisdiction else "\x00"


async def act_on_task(
    *,
    db: Session,
    client: Client,
    principal: Principal,
    task_id: str,
    action: str,
    reason: str,
    target_user_id: int | None,
    at: dt.datetime,
) -> UpdateResult:
    if action not in WORKFLOW_ACTIONS:
        raise InvalidInput(f"不支持的任务操作“{action}”")
    if principal.is_read_only or principal.is_enterprise or not principal.has_case_access:
        raise Forbidden(f"您的账号不能{LABELS[action]}任务")
    task, case = case_actions.visible_task(db, principal, task_id)
    actor = principal.actor()
    actor.on_behalf_of = task_stand_ins.on_behalf_of(db, principal, task, at)
    cmd = TaskActionCommand(task_id=task_id, action=action, actor=actor, reason=reason.strip())
    if action != WITHDRAW:
        if target_user_id is None:
            raise InvalidInput("请选择接收人")
        target = db.get(models.User, target_user_id)
        if target is None or not target.is_active:
            raise InvalidInput("接收人不存在")
        org = db.get(models.Organisation, target.org_id)
        jurisdiction = db.get(models.Jurisdiction, org.jurisdiction_code) if org else None
        if jurisdiction is None or not case.jurisdiction_path.startswith(jurisdiction.path):
            raise Forbidden(f"{target.display_name}无权查看本案件，不能{LABELS[action]}")
        cmd.target_user_id, cmd.target_name = target.id, target.display_name
        cmd.target_org_id, cmd.target_role = target.org_id, target.role
    return await case_actions.run_update(db, client, case, CaseWorkflow.task_action, cmd)
