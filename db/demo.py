"""Demo data: `--migrate` applies migrations and seeds organisations; `--cases` starts demo cases.

Demo cases run through the real workflows (the worker must be running), in different states:
just reported, in planning, in rectification, delisted, one taken over from paper records
whose listing decision is already overdue and escalated to the upper office, and an accident
under investigation with the procuratorate invited, and its suspected crime transferred to the
police (waiting for the 麒麟区 police liaison to sign), and a public report under verification.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from db import models
from db.config_store import load_process_config
from db.demo_bulletins import load_demo_bulletins
from db.demo_general_hazards import load_general_hazard_demo
from db.demo_inspections import load_demo_inspections
from db.demo_plans import load_demo_plans
from db.demo_random_draw import load_random_draw_demo
from db.demo_review import load_review_demo
from db.interview_demo import load_interview_demo
from db.migrate import upgrade
from db.register_demo import seed_register_demo
from db.seed import seed_organisations
from db.session import make_engine, make_session_factory
from domain import tracking_code
from domain.accident import AccidentReport
from domain.crime_transfer import CrimeTransferStart
from domain.hazard import HazardReport
from domain.legal_calendar import CHINA_TZ
from domain.public_report import PublicReportSubmission
from domain.rectification import RectificationStart
from services import case_actions
from services.accident_intake import report_accident
from services.crime_transfer_intake import start_crime_transfer
from services.hazard_intake import report_hazard
from services.principal import Principal, load_principal
from services.public_report_intake import file_report
from services.rectification_intake import start_rectification
from services.temporal_client import connect
from settings import get_settings


def migrate_and_seed(url: str) -> None:
    upgrade(url)
    engine = make_engine(url)
    with Session(engine) as session:
        seed_organisations(session)
        seed_register_demo(session)
        session.commit()
    engine.dispose()


def _principal(sessions: sessionmaker[Session], username: str) -> Principal:
    with sessions() as db:
        user = db.scalars(select(models.User).where(models.User.username == username)).one()
        return load_principal(db, user)


async def _wait_task(sessions: sessionmaker[Session], case_id: int, step: str) -> str:
    for _ in range(300):
        with sessions() as db:
            task_id = db.scalar(
                select(models.Task.id).where(
                    models.Task.case_id == case_id,
                    models.Task.step == step,
                    models.Task.status == "open",
                )
            )
        if task_id:
            return task_id
        await asyncio.sleep(0.1)
    raise RuntimeError(f"case {case_id}: step {step} did not open")


async def load_demo_cases(url: str) -> int:
    """Start the demo cases once; return how many were started."""
    settings = get_settings()
    sessions = make_session_factory(make_engine(url))
    with sessions() as db:
        if db.scalar(select(func.count()).select_from(models.Case)):
            return 0
    client = await connect(settings.temporal_address, settings.temporal_namespace)
    config = load_process_config(settings.process_config_file)
    now = dt.datetime.now(dt.UTC)
    today = now.astimezone(CHINA_TZ).date()

    async def report(username: str, enterprise: str, title: str, grade: int, days_ago: int = 0) -> int:
        with sessions() as db:
            ent = db.scalars(select(models.Enterprise).where(models.Enterprise.name == enterprise)).one()
            case = await report_hazard(
                db=db,
                client=client,
                task_queue=settings.task_queue,
                principal=_principal(sessions, username),
                report=HazardReport(
                    enterprise_id=ent.id,
                    title=title,
                    description=f"{title}。现场检查发现，需停产整改。",
                    grade=grade,
                    source="inspection",
                    found_on=today - dt.timedelta(days=days_ago),
                ),
                config=config,
                now=now,
                reported_at=now - dt.timedelta(days=days_ago) if days_ago else None,
            )
            return case.id

    async def step(username: str, case_id: int, name: str, form: dict[str, Any]) -> None:
        task_id = await _wait_task(sessions, case_id, name)
        with sessions() as db:
            await case_actions.complete_task(
                db=db,
                client=client,
                principal=_principal(sessions, username),
                task_id=task_id,
                form=form,
            )

    deadline = (today + dt.timedelta(days=90)).isoformat()
    listing = {
        "decision": "list",
        "rectification_deadline": deadline,
        "supervision_matters": "按治理方案完成整改，按季度报送进展",
        "lifting_procedure": "整改完成后书面申请验收，验收合格后摘牌销号并公告",
    }
    publication = {
        "channel": "人民政府门户网站",
        "published_on": today.isoformat(),
        "filed_with_upper_office": True,
    }
    plan = {
        "objectives": "彻底消除重大事故隐患",
        "measures": "停产整改，更换设备，完善联锁",
        "funds_cny": 520000,
        "responsible": "企业安全管理部",
        "principal_head": "企业主要负责人",
        "plan_deadline": deadline,
        "safety_measures": "整改期间停止相关作业，制定应急预案",
    }

    ammonia = await report("ql.handler", "曲靖市珠源危险化学品储运有限公司", "液氨储罐区未设置紧急切断装置", 4)

    planning = await report("zy.handler", "沾益区盘江煤业有限公司", "井下局部通风机无备用电源", 4)
    await step(
        "zy.office",
        planning,
        "listing_decision",
        {
            **listing,
            "notice_no": "",  # blank: the system issues the supervision notice and numbers it
            "responsible_government": "曲靖市沾益区人民政府",
        },
    )

    rectifying = await report("jh.handler", "西双版纳州景洪液化气有限公司", "液化气充装站安全间距不足", 3)
    await step(
        "bn.office",
        rectifying,
        "listing_decision",
        {
            **listing,
            "notice_no": "西安委办督〔2026〕7号",
            "notice_served_on": today.isoformat(),  # a paper notice: its service starts the plan clock
            "responsible_government": "景洪市人民政府",
        },
    )
    await step("jh.handler", rectifying, "rectification_plan", plan)
    await step(
        "bn.office",
        rectifying,
        "plan_review",
        {"decision": "approve", "opinion": "治理方案可行，同意实施"},
    )

    done = await report("ql.handler", "麒麟区宏达建材有限公司", "粉磨车间除尘系统未设泄爆装置", 4)
    await step(
        "ql.office",
        done,
        "listing_decision",
        {
            **listing,
            "notice_no": "麒安委办督〔2026〕2号",
            "notice_served_on": today.isoformat(),
            "responsible_government": "曲靖市麒麟区人民政府",
        },
    )
    await step(
        "ql.office", done, "listing_publication", {"channel": "人民政府门户网站", "published_on": today.isoformat()}
    )
    await step(
        "ql.office",
        done,
        "upper_filing",
        {"upper_office": "曲靖市安委办", "filed_on": today.isoformat(), "filing_no": "麒安委办备〔2026〕2号"},
    )
    await step("ql.handler", done, "rectification_plan", plan)
    await step("ql.office", done, "plan_review", {"decision": "approve", "opinion": "同意"})
    await step(
        "ql.handler",
        done,
        "rectification",
        {
            "completed_on": today.isoformat(),
            "summary": "已加装泄爆片并通过检测",
            "evaluation": "专家组评估合格",
            "workers_congress_reported_on": today.isoformat(),
        },
    )
    await step(
        "ql.office",
        done,
        "acceptance",
        {
            "decision": "pass",
            "accepted_on": today.isoformat(),
            "inspectors": "省安科院专家组",
            "opinion": "隐患已消除",
        },
    )
    await step("ql.office", done, "delisting_publication", publication)

    # Taken over from paper records, reported 20 days ago and never decided: overdue at once.
    await report("mh.handler", "勐海县打洛矿业有限公司", "尾矿库排洪设施堵塞", 4, days_ago=20)

    # An accident: the 麒麟区 procuratorate liaison finds the invitation in their inbox.
    with sessions() as db:
        plant = db.scalars(select(models.Enterprise).where(models.Enterprise.name == "曲靖越州金属制品有限公司")).one()
        accident = await report_accident(
            db=db,
            client=client,
            task_queue=settings.task_queue,
            principal=_principal(sessions, "ql.handler"),
            report=AccidentReport(
                enterprise_id=plant.id,
                occurred_at=now - dt.timedelta(hours=5),
                place="熔铸车间",
                deaths=1,
                serious_injuries=2,
                direct_loss_cny=1_800_000,
                account="熔铸炉出铁口喷溅，1名作业人员死亡，2人重伤。",
                missing=0,
                road_or_fire=False,
                typical=False,
                unit_head_informed_at=now - dt.timedelta(hours=5) + dt.timedelta(minutes=20),
                received_at=now - dt.timedelta(hours=5) + dt.timedelta(minutes=50),
                reported_directly=False,
                place_code="530302",
                complex_or_high_impact=False,
                concealment_reported=False,
                high_risk_sector=False,
                listed_hazard=False,
                after_interview=False,
            ),
            config=config,
            now=now,
        )
        # The accident's findings go to the police: approved and sent, waiting for ql.police to sign.
        transfer = await start_crime_transfer(
            db=db,
            client=client,
            task_queue=settings.task_queue,
            principal=_principal(sessions, "ql.handler"),
            start=CrimeTransferStart(
                source_case_id=accident.id,
                enterprise_id=None,
                category="major_liability_accident",
                facts="熔铸炉出铁口未按规程检修即恢复作业，致1人死亡、2人重伤",
            ),
            now=now,
        )
    await step(
        "ql.handler",
        transfer.id,
        "transfer_report",
        {
            "team_members": "李明、王强",
            "category": "major_liability_accident",
            "facts": "企业负责人明知出铁口耐火材料损坏仍指挥恢复生产，致1人死亡、2人重伤",
            "evidence": "现场勘验笔录、询问笔录6份、设备检修记录",
            "exhibits": "损坏的出铁口耐火砖",
            "appraisals": "技术鉴定意见1份",
        },
    )
    await step("ql.head", transfer.id, "approval", {"decision": "approve", "reason": "涉嫌重大责任事故罪，依法移送"})
    await step("ql.handler", transfer.id, "transfer", {"method": "online", "materials": "调查报告、证据材料、鉴定意见"})
    # A rectification ordered after an inspection, its order issued and waiting to be served.
    with sessions() as db:
        ent = db.scalars(select(models.Enterprise).where(models.Enterprise.name == "麒麟区宏达建材有限公司")).one()
        rectification = await start_rectification(
            db=db,
            client=client,
            task_queue=settings.task_queue,
            principal=_principal(sessions, "ql.handler"),
            start=RectificationStart(
                enterprise_id=ent.id,
                inspection_record_no=f"麒应急检〔{today.year}〕8号",
                inspected_on=today,
                findings="粉磨车间电气线路私拉乱接，配电柜前堆放杂物",
                own_enforcement_power=False,
            ),
            now=now,
        )
    await step(
        "ql.handler",
        rectification.id,
        "order",
        {
            "hazards": "粉磨车间电气线路私拉乱接；配电柜前堆放杂物，影响操作和散热",
            "measures": "按规范重新敷设线路并穿管保护；清理配电柜前通道，保持0.8米以上操作空间",
            "period_days": 15,
            "basis": "安全生产法第六十五条第一款第（二）项",
        },
    )
    await _wait_task(sessions, rectification.id, "service")  # the order is issued, waiting to be served
    # A public report (举报), accepted by 麒麟区应急管理局 and under verification.
    with sessions() as db:
        filed = await file_report(
            db=db,
            client=client,
            task_queue=settings.task_queue,
            submission=PublicReportSubmission(
                jurisdiction_code="530302",
                description="晚上有工人在烟花爆竹仓库旁边用电焊切割铁架，周围没有灭火器，也没有人看管。",
                place="麒麟区南城门外烟花爆竹经营部仓库",
                enterprise_name="麒麟区南城烟花爆竹经营部",
                occurred_on=today,
                reporter_name="赵先生",
                reporter_phone="13908741234",
            ),
            client_key="demo",
            limits=config.public_report,
            now=now,
        )
    await step("ql.handler", filed.case.id, "triage", {"decision": "accept", "reason": "属本局监管的经营单位"})
    print(f"demo public report {filed.case.case_no}: tracking code {tracking_code.grouped(filed.code)}", flush=True)
    draws = await load_random_draw_demo(
        sessions, client, settings.task_queue, _principal(sessions, "ql.handler"), now.astimezone(CHINA_TZ), step
    )
    inspections = await load_demo_inspections(sessions, client, settings.task_queue, config, now, step)
    general = await load_general_hazard_demo(sessions, client, settings.task_queue, config, now, step)
    plans = await load_demo_plans(sessions, client, settings.task_queue, now.astimezone(CHINA_TZ), step)
    with sessions() as db:
        ammonia_no = db.scalars(select(models.Case.case_no).where(models.Case.id == ammonia)).one()
    # 约谈 in each state and a 重大案件会商 (issue #21).
    interviews = await load_interview_demo(sessions, client, settings.task_queue, now, _principal, step, ammonia_no)
    bulletins = await load_demo_bulletins(sessions, client, settings.task_queue, now, step, _principal, transfer.id)
    reviews = await load_review_demo(
        sessions, client, settings.task_queue, config, now, step, lambda name: _principal(sessions, name)
    )
    return 9 + draws + inspections + general + plans + interviews + bulletins + reviews


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--migrate", action="store_true", help="apply migrations and seed organisations")
    parser.add_argument("--cases", action="store_true", help="start the demo cases if there are none")
    args = parser.parse_args()
    url = get_settings().database_url
    if args.migrate:
        migrate_and_seed(url)
    if args.cases:
        started = asyncio.run(load_demo_cases(url))
        if started:
            print(f"started {started} demo cases", flush=True)
        # The Temporal client's native threads can abort a normal interpreter exit
        # ("PyGILState_Release"); everything is written and committed, so leave at once.
        os._exit(0)


if __name__ == "__main__":
    main()
