"""Demo 约谈 in each state and one 重大案件会商 (called from `db/demo.py`)."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client

from db import models
from domain.interview import ConsultationRequest, InterviewRequest
from domain.legal_calendar import CHINA_TZ
from services import case_actions
from services.interview_intake import start_consultation, start_interview
from services.principal import Principal

Step = Callable[[str, int, str, dict[str, Any]], Awaitable[None]]
PrincipalOf = Callable[[sessionmaker[Session], str], Principal]


async def load_interview_demo(
    sessions: sessionmaker[Session],
    client: Client,
    task_queue: str,
    now: dt.datetime,
    principal_of: PrincipalOf,
    step: Step,
    hazard_case_no: str,
) -> int:
    """Interviews waiting for the notice, for the meeting, with commitments under way (one on
    宏达建材's portal), waiting for the conclusion and closed; a consultation convened."""
    today = now.astimezone(CHINA_TZ).date()
    later = (today + dt.timedelta(days=30)).isoformat()

    def enterprise(name: str) -> int:
        with sessions() as db:
            found = db.scalar(select(models.Enterprise.id).where(models.Enterprise.name == name))
            assert found is not None
            return found

    async def interview(username: str, **party: Any) -> int:
        request = InterviewRequest.model_validate(
            {
                "reason": "overdue_hazard",
                "matters": "重大事故隐患逾期未整改，说明原因并作出整改承诺",
                "meeting_on": (today + dt.timedelta(days=3)).isoformat(),
                "place": "麒麟区安委办会议室",
                **party,
            }
        )
        with sessions() as db:
            case = await start_interview(
                db=db,
                client=client,
                task_queue=task_queue,
                principal=principal_of(sessions, username),
                request=request,
                now=now,
            )
            return case.id

    async def notify_and_serve(username: str, case_id: int) -> None:
        notice = {
            "meeting_on": today.isoformat(),
            "place": "安委办会议室",
            "matters": "逾期未整改",
            "attendees_required": "主要负责人",
        }
        await step(username, case_id, "notice", notice)
        # The timeline's event, not the document row: the event is written once the workflow
        # holds the document, so its service is accepted (the row exists a moment earlier).
        document_id = None
        for _ in range(600):
            with sessions() as db:
                issued = db.scalar(
                    select(models.CaseEvent.data).where(
                        models.CaseEvent.case_id == case_id, models.CaseEvent.kind == "document_issued"
                    )
                )
            if issued:
                document_id = issued["document_id"]
                break
            await asyncio.sleep(0.1)
        form = {
            "document_id": document_id,
            "method": "direct",
            "served_on": today.isoformat(),
            "recipient": "主要负责人",
        }
        with sessions() as db:
            await case_actions.act_on_case(
                db=db,
                client=client,
                principal=principal_of(sessions, username),
                case_id=case_id,
                action="serve_document",
                form=form,
            )

    async def meet(username: str, case_id: int, commitments: str) -> None:
        record = {
            "held_on": today.isoformat(),
            "attendees": "企业主要负责人",
            "statements": "承认整改不力",
            "commitments": commitments,
        }
        await step(username, case_id, "meeting", record)

    await interview("ql.office", party_kind="enterprise", enterprise_id=enterprise("曲靖越州金属制品有限公司"))
    notified = await interview(
        "ql.office", party_kind="enterprise", enterprise_id=enterprise("麒麟区南城烟花爆竹经营部")
    )
    await notify_and_serve("ql.office", notified)
    following = await interview(
        "ql.office", party_kind="enterprise", enterprise_id=enterprise("麒麟区宏达建材有限公司")
    )
    await notify_and_serve("ql.office", following)
    await meet(
        "ql.office", following, f"更换失效的可燃气体报警器；{later}；总经理\n完善隐患排查台账；{later}；安全总监"
    )
    concluding = await interview("qj.office", party_kind="government", jurisdiction_code="530302")
    await notify_and_serve("qj.office", concluding)
    await meet("qj.office", concluding, f"完成辖区重大隐患排查；{later}；麒麟区人民政府")
    await step("ql.office", concluding, "commitment", {"done_on": today.isoformat(), "report": "已完成排查"})
    await step("qj.office", concluding, "commitment_check", {"verdict": "fulfilled", "opinion": "核实已落实"})
    closed = await interview(
        "ql.office", party_kind="enterprise", enterprise_id=enterprise("曲靖市珠源危险化学品储运有限公司")
    )
    await notify_and_serve("ql.office", closed)
    await meet("ql.office", closed, f"储罐区增设紧急切断；{later}；总经理")
    await step("ql.office", closed, "commitment", {"done_on": today.isoformat(), "report": "已增设"})
    await step("ql.office", closed, "commitment_check", {"verdict": "fulfilled", "opinion": "现场核实"})
    await step("ql.office", closed, "conclusion", {"outcome": "close", "opinion": "承诺事项已落实"})
    with sessions() as db:
        await start_consultation(
            db=db,
            client=client,
            task_queue=task_queue,
            principal=principal_of(sessions, "ql.handler"),
            request=ConsultationRequest(
                case_no=hazard_case_no,
                agenda="是否涉嫌危险作业罪、移送公安机关",
                meeting_on=today,
                place="麒麟区应急管理局会议室",
            ),
            now=now,
        )
    return 6
