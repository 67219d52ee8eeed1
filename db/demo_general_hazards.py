"""Demo data of U10: 麒麟区's enterprises' declarations for last month (one missing) and 一般事故隐患
in each state the demo can reach without waiting (rectifying, re-check, acceptance, closed out).
A lapsed period (follow-up) needs the period to pass; the workflow test shows it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client

from db import models
from domain import self_declaration as sd
from domain.legal_calendar import CHINA_TZ
from domain.process_config import ProcessConfig
from domain.roles import Role
from services.general_hazard_intake import start_general_hazard
from services.principal import Principal, load_principal
from services.self_declarations import file_declaration

Step = Callable[[str, int, str, dict[str, Any]], Awaitable[None]]

# (login, enterprise) for the 麒麟区 enterprises the seed gives no user; 曲靖越州金属制品有限公司
# is left without one: its declaration is the missing one.
DECLARING_USERS = (
    ("qy.meihua", "曲靖市麒麟煤化工有限公司"),
    ("qy.zhuyuan", "曲靖市珠源危险化学品储运有限公司"),
    ("qy.nancheng", "麒麟区南城烟花爆竹经营部"),
)
MISSING = "曲靖越州金属制品有限公司"


def _enterprise_users(db: Session) -> None:
    template = db.scalars(select(models.User).where(models.User.username == "qy.hongda")).one()
    for username, name in DECLARING_USERS:
        if db.scalar(select(models.User.id).where(models.User.username == username)) is not None:
            continue
        enterprise = db.scalars(select(models.Enterprise).where(models.Enterprise.name == name)).one()
        db.add(
            models.User(
                username=username,
                display_name=f"{name}（企业用户）",
                password_hash=template.password_hash,
                org_id=template.org_id,  # 麒麟区应急管理局, like qy.hongda
                role=Role.ENTERPRISE,
                enterprise_id=enterprise.id,
            )
        )
    db.commit()


def _principal(sessions: sessionmaker[Session], username: str) -> Principal:
    with sessions() as db:
        return load_principal(db, db.scalars(select(models.User).where(models.User.username == username)).one())


async def load_general_hazard_demo(
    sessions: sessionmaker[Session],
    client: Client,
    task_queue: str,
    config: ProcessConfig,
    now: dt.datetime,
    step: Step,
) -> int:
    """File last month's declarations and walk the hazards to their states; how many cases."""
    today = now.astimezone(CHINA_TZ).date()
    month = sd.previous_month(today)
    with sessions() as db:
        _enterprise_users(db)

    async def declare(username: str, hazards: list[tuple[str, str]]) -> list[int]:
        submission = sd.SelfDeclarationSubmission.model_validate(
            {
                "month": month,
                "no_hazards": not hazards,
                "hazards": [{"description": d, "state": s} for d, s in hazards],
            }
        )
        with sessions() as db:
            row = await file_declaration(
                db=db,
                client=client,
                principal=_principal(sessions, username),
                submission=submission,
                settings=config.self_declaration,
                now=now,
                task_queue=task_queue,
            )
            return [h["case_id"] for h in row.hazards if h["case_id"]]

    rectifying, rechecking = await declare(
        "qy.hongda", [("粉尘车间除尘器滤袋破损", "rectifying"), ("原料堆场安全警示标志缺失", "rectified")]
    )
    await declare("qy.meihua", [])
    await declare("qy.nancheng", [])
    (closed,) = await declare("qy.zhuyuan", [("装卸区静电接地夹损坏", "rectifying")])
    day = today.isoformat()
    await step("qy.zhuyuan", closed, "rectification", {"rectified_on": day, "measures": "更换静电接地夹并检测合格"})
    await step("ql.handler", closed, "recheck", {"checked_on": day, "result": "passed", "opinion": "现场复查合格"})
    await step("ql.handler", closed, "acceptance", {"accepted_on": day, "decision": "accept", "opinion": "同意销号"})
    # Found by the bureau's inspection at the enterprise that has not declared: awaiting acceptance.
    with sessions() as db:
        missing = db.scalars(select(models.Enterprise).where(models.Enterprise.name == MISSING)).one()
        found = await start_general_hazard(
            db,
            client,
            _principal(sessions, "ql.handler"),
            missing.id,
            "机加工车间砂轮机防护罩缺失",
            "inspection",
            task_queue=task_queue,
            now=now,
        )
    await step("ql.handler", found.id, "rectification", {"rectified_on": day, "measures": "加装防护罩"})
    await step("ql.handler", found.id, "recheck", {"checked_on": day, "result": "passed", "opinion": "已加装"})
    return len((rectifying, rechecking, closed, found.id))
