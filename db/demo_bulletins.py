"""Demo bulletins (通报, 警示, 案情通报) in each state, and a jointly supervised transfer (联合督办);
called from `db.demo.load_demo_cases` after its crime transfer was sent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client

from db import models
from domain.bulletin import BulletinDraft
from domain.legal_calendar import CHINA_TZ
from domain.roles import OrgType
from services import joint_supervision
from services.bulletin_intake import draft_bulletin
from services.principal import Principal

Step = Callable[[str, int, str, dict[str, Any]], Awaitable[None]]
PrincipalOf = Callable[[sessionmaker[Session], str], Principal]


async def load_demo_bulletins(
    sessions: sessionmaker[Session],
    client: Client,
    task_queue: str,
    now: dt.datetime,
    step: Step,
    principal_of: PrincipalOf,
    transfer_case_id: int,
) -> int:
    """Start the demo bulletins; return how many cases were started."""
    today = now.astimezone(CHINA_TZ).date()
    ql, zy = principal_of(sessions, "ql.office").org_id, principal_of(sessions, "zy.office").org_id
    due = (today + dt.timedelta(days=30)).isoformat()

    async def draft(username: str, **fields: Any) -> int:
        with sessions() as db:
            case = await draft_bulletin(
                db=db,
                client=client,
                task_queue=task_queue,
                principal=principal_of(sessions, username),
                draft=BulletinDraft.model_validate(fields),
                now=now,
            )
            return case.id

    approve = {"decision": "approve", "opinion": "同意印发"}
    ack = {"acknowledged_on": today.isoformat(), "note": "已收悉"}
    criticism = {
        "kind": "criticism",
        "facts": "挂牌督办的重大事故隐患逾期未整改，专项整治任务推进迟缓。",
        "rectification": "逐项整改逾期隐患，追究相关人员责任",
        "rectification_deadline": due,
        "public": True,
    }
    # Drafted, awaiting the head's approval.
    await draft(
        "qj.office",
        kind="warning",
        subject="沾益区煤矿井下通风管理警示",
        facts="近期辖区煤矿连续发生局部通风机停风事件。",
        recipients=[zy],
        rectification="开展通风系统专项检查",
        rectification_deadline=due,
    )
    # Issued, awaiting acknowledgement by both county offices (public on the portal).
    issued = await draft("qj.office", subject="麒麟区、沾益区隐患整改不力", recipients=[ql, zy], **criticism)
    await step("qj.head", issued, "approval", approve)
    # Acknowledged, its rectification under way.
    rectifying = await draft("qj.office", subject="麒麟区危险化学品专项整治推进迟缓", recipients=[ql], **criticism)
    await step("qj.head", rectifying, "approval", approve)
    await step("ql.office", rectifying, "acknowledgement", ack)
    # A commendation, acknowledged and closed.
    praised = await draft(
        "qj.office",
        kind="commendation",
        subject="沾益区煤矿安全生产标准化建设成效显著",
        facts="沾益区全部煤矿达到安全生产标准化二级以上。",
        recipients=[zy],
        public=True,
    )
    await step("qj.head", praised, "approval", approve)
    await step("zy.office", praised, "acknowledgement", ack)
    # Rejected by the head: withdrawn.
    rejected = await draft(
        "qj.office", kind="warning", subject="麒麟区节前安全检查警示", facts="节前检查发现问题较多。", recipients=[ql]
    )
    await step("qj.head", rejected, "approval", {"decision": "reject", "opinion": "事实尚需核实"})
    # 麒麟区's office warns its own bureau; the bureau has yet to acknowledge (its clock runs).
    bureau = principal_of(sessions, "ql.handler").org_id
    county = await draft(
        "ql.office",
        kind="warning",
        subject="麒麟区烟花爆竹经营单位节前检查警示",
        facts="节前检查发现多家烟花爆竹经营单位超量储存。",
        recipients=[bureau],
    )
    await step("ql.head", county, "approval", approve)
    # The case bulletin of 麒麟区 for the year so far, sent to its police and procuratorate.
    case_bulletin = await draft(
        "ql.handler",
        kind="case_bulletin",
        subject=f"{today.year}年涉嫌犯罪案件移送情况",
        facts="",
        period_start=dt.date(today.year, 1, 1).isoformat(),
        period_end=today.isoformat(),
    )
    await step("ql.head", case_bulletin, "approval", approve)
    # The demo transfer, supervised jointly by 麒麟区's police and procuratorate.
    with sessions() as db:
        agencies = db.scalars(
            select(models.Organisation.id).where(
                models.Organisation.jurisdiction_code == "530302",
                models.Organisation.org_type.in_([OrgType.PUBLIC_SECURITY, OrgType.PROCURATORATE]),
            )
        ).all()
        joint_supervision.add(
            db, principal_of(sessions, "ql.handler"), transfer_case_id, list(agencies), "重大案件", now
        )
    return 7
