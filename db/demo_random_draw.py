"""Demo data of the double-random draw: the 麒麟区 bureau's roster (one certificate lapsed, one
conflict declared), its list of matters, one draw published and one awaiting publication."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client

from db import models
from db.roster_models import InspectionMatter, Inspector, InspectorConflict
from domain.random_draw_forms import DrawRequest
from services import random_draws
from services.principal import Principal

Step = Callable[[str, int, str, dict[str, Any]], Awaitable[None]]
ROSTER = (  # name, certificate, years valid from today (negative: lapsed)
    ("张建国", "53030220190001", 3),
    ("李明华", "53030220190002", 3),
    ("王晓燕", "53030220200003", 4),
    ("赵德胜", "53030220200004", 4),
    ("陈立新", "53030220210005", 5),
    ("刘志强", "53030220160006", -1),  # lapsed: never drawn
)
MATTERS = (
    (
        "危险化学品企业安全生产条件随机抽查",
        "《安全生产法》第六十五条；《危险化学品安全管理条例》第六条",
        "安全生产许可条件保持情况、重大危险源管控、特殊作业管理",
        ["化工", "危险化学品"],
        100,
    ),
    (
        "工贸企业安全生产标准化随机抽查",
        "《安全生产法》第六十五条",
        "安全管理制度、隐患排查治理、教育培训",
        ["建材", "冶金"],
        50,
    ),
)


def _seed_registers(sessions: sessionmaker[Session], principal: Principal, today: dt.date) -> list[int]:
    with sessions() as db:
        people = [
            Inspector(
                org_id=principal.org_id,
                name=name,
                certificate_no=number,
                issuing_authority="曲靖市人民政府",
                valid_from=today - dt.timedelta(days=730),
                valid_until=today + dt.timedelta(days=365 * years),
                user_id=principal.user_id if number.endswith("0001") else None,
            )
            for name, number, years in ROSTER
        ]
        matters = [
            InspectionMatter(
                org_id=principal.org_id,
                title=title,
                legal_basis=basis,
                content=content,
                sectors=sectors,
                share_percent=share,
                published_on=today,
            )
            for title, basis, content, sectors, share in MATTERS
        ]
        db.add_all([*people, *matters])
        db.flush()
        firm = db.scalars(select(models.Enterprise).where(models.Enterprise.name == "曲靖市麒麟煤化工有限公司")).one()
        db.add(
            InspectorConflict(
                inspector_id=people[1].id, enterprise_id=firm.id, reason="配偶在该企业任安全管理人员", declared_on=today
            )
        )
        db.commit()
        return [m.id for m in matters]


async def load_random_draw_demo(
    sessions: sessionmaker[Session], client: Client, task_queue: str, principal: Principal, now: dt.datetime, step: Step
) -> int:
    """Returns the number of cases started (two draws)."""
    today = now.date()
    matter_ids = _seed_registers(sessions, principal, today)
    made = []
    for matter_id in matter_ids:
        with sessions() as db:
            row = await random_draws.make_draw(
                db=db,
                client=client,
                task_queue=task_queue,
                principal=principal,
                request=DrawRequest(matter_id=matter_id, team_size=2),
                now=now,
            )
            made.append(row.case_id)
    assert made[0] is not None
    await step("ql.handler", made[0], "publication", {"published_on": today.isoformat(), "channel": "区政府门户网站"})
    return len(made)
