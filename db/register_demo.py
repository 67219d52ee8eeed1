"""Demo data of the registers (issue 20): the seeded enterprises graded by risk and sector, some
selected for key supervision with their reason, one closed, and one entrustment of enforcement
from 景洪市应急管理局 to a township (西双版纳 (十八): 县（市）安全监管局委托乡镇（街道）和农场执法)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import models
from db.register_models import Entrustment, KeyObjectChange
from domain.legal_calendar import CHINA_TZ
from domain.roles import OrgType

# name → (risk grade, key-object reason or "", status)
GRADES = {
    "曲靖市麒麟煤化工有限公司": ("重大", "涉及重点监管危险化工工艺和重大危险源", "在营"),
    "曲靖市珠源危险化学品储运有限公司": ("较大", "危险化学品储存，周边人员密集", "在营"),
    "麒麟区南城烟花爆竹经营部": ("较大", "", "在营"),
    "麒麟区宏达建材有限公司": ("一般", "", "在营"),
    "曲靖越州金属制品有限公司": ("一般", "", "在营"),
    "沾益区盘江煤业有限公司": ("重大", "近5年发生过较大事故", "在营"),
    "沾益区花山非金属矿业有限公司": ("较大", "", "停产"),
    "沾益区播乐粮食加工厂": ("低", "", "注销"),
    "西双版纳州景洪液化气有限公司": ("较大", "液化石油气储配站，位于城区", "在营"),
    "景洪市勐养砂石场": ("一般", "", "在营"),
    "勐海县打洛矿业有限公司": ("较大", "", "在营"),
    "勐海县勐混加油站": ("低", "", "在营"),
}


def seed_register_demo(session: Session) -> None:
    """Grade the demo enterprises and register one entrustment (once)."""
    if session.scalar(select(Entrustment.id).limit(1)) is not None:
        return
    now = dt.datetime.now(dt.UTC)
    today = now.astimezone(CHINA_TZ).date()
    for enterprise in session.scalars(select(models.Enterprise)):
        enterprise.sector = enterprise.sector or enterprise.industry
        grade = GRADES.get(enterprise.name)
        if grade is None:
            continue
        enterprise.risk_grade, reason, enterprise.status = grade
        if reason:
            enterprise.is_key_object, enterprise.key_object_reason, enterprise.key_object_since = True, reason, today
            session.flush()
            session.add(
                KeyObjectChange(
                    enterprise_id=enterprise.id,
                    is_key_object=True,
                    reason=reason,
                    effective_on=today,
                    changed_by_user_id=None,
                    changed_by_name="演示数据",
                    changed_at=now,
                )
            )
    bureau = session.scalars(
        select(models.Organisation).where(
            models.Organisation.jurisdiction_code == "532801",
            models.Organisation.org_type == OrgType.EMERGENCY_BUREAU,
        )
    ).first()
    if bureau is not None:
        session.add(
            Entrustment(
                entruster_org_id=bureau.id,
                entrusted_org_id=None,
                entrusted_name="景洪市嘎洒镇人民政府",
                matters=["inspection", "rectification_order"],
                valid_from=dt.date(today.year, 1, 1),
                valid_to=dt.date(today.year, 12, 31),
                document_no=f"景应急委〔{today.year}〕1号",
                note="嘎洒镇辖区内小微企业的日常监督检查和责令限期整改",
                revoked=False,
                created_by_user_id=None,
                created_at=now,
            )
        )
