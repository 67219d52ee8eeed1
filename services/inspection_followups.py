"""What follows a finding of an inspection: the case it starts, linked both ways.

From the inspection's page the handler starts, for finding n, the case its kind calls for (安全生产法
art 65(2)(3)): a 一般 hazard enters its closed loop (`start_general_hazard`), a 重大 hazard goes to listed
supervision (hazard intake), a violation to 责令限期整改 (rectification intake), a suspected crime to
a transfer (crime-transfer intake). The new case points back to the inspection (`case_links`, shown
as 来源案件 on its page); the inspection's follow-up task for that finding is completed with the
new case's number, so its page lists each finding with its case.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from sqlalchemy.orm import Session
from temporalio.client import Client

from db import models
from domain.crime_transfer import CrimeTransferStart
from domain.errors import Conflict, DomainError, Forbidden, InvalidInput, NotFound
from domain.hazard import HazardReport
from domain.inspection import FollowUpStart
from domain.process_config import ProcessConfig
from domain.rectification import RectificationStart
from services import general_hazard_intake
from services.case_actions import complete_task, visible_case
from services.crime_transfer_intake import start_crime_transfer
from services.hazard_intake import report_hazard
from services.principal import Principal
from services.rectification_intake import start_rectification
from workflows.inspection import PROCESS

log = logging.getLogger(__name__)
LINK_KIND = "inspection"


def _hazard(inspection: models.Case, finding: dict[str, Any], grade: int) -> HazardReport:
    description = str(finding["description"])
    return HazardReport(
        enterprise_id=inspection.enterprise_id or 0,
        title=description[:60],
        description=f"{description}（{inspection.case_no}现场检查第{finding['no']}项问题）",
        grade=grade,
        source="inspection",
        found_on=dt.date.fromisoformat(inspection.details["inspected_on"]),
    )


async def start_general_hazard(
    *,
    db: Session,
    client: Client,
    task_queue: str,
    principal: Principal,
    inspection: models.Case,
    finding: dict[str, Any],
) -> models.Case:
    """A 一般 hazard found on inspection enters the closed loop 排查→整改→复查→验收→销号 (曲靖 (九),
    西双版纳 (十)); the general-hazard intake links it to the inspection itself."""
    return await general_hazard_intake.start_general_hazard(
        db,
        client,
        principal,
        inspection.enterprise_id or 0,
        f"{finding['description']}（{inspection.case_no}现场检查第{finding['no']}项问题）",
        "inspection",
        inspection.id,
        task_queue=task_queue,
    )


async def start_follow_up(
    *,
    db: Session,
    client: Client,
    task_queue: str,
    principal: Principal,
    case_id: int,
    finding_no: int,
    choice: FollowUpStart,
    config: ProcessConfig,
    now: dt.datetime,
) -> models.Case:
    """Start the case finding `finding_no` of inspection `case_id` calls for, and link it."""
    inspection = visible_case(db, principal, case_id)
    if inspection.process != PROCESS:
        raise NotFound("该案件不是现场检查")
    finding = next((f for f in inspection.details.get("findings") or [] if f.get("no") == finding_no), None)
    if finding is None:
        raise NotFound("该检查问题不存在")
    task = db.get(models.Task, finding.get("task_id") or "")
    if finding.get("outcome") or task is None or task.status != "open":
        raise Conflict("该问题已处理或尚未进入处理环节")
    if task.org_id != principal.org_id or task.role != principal.role:
        raise Forbidden("只有实施检查的部门可以处理检查发现的问题")
    kind = finding["kind"]
    started: models.Case
    if kind == "general_hazard":
        general = await start_general_hazard(
            db=db, client=client, task_queue=task_queue, principal=principal, inspection=inspection, finding=finding
        )
        return await _followed(db, client, principal, task.id, general)
    if kind == "major_hazard":
        if choice.grade is None:
            raise InvalidInput("请选择重大事故隐患等级（1至4级）")
        started = await report_hazard(
            db=db,
            client=client,
            task_queue=task_queue,
            principal=principal,
            report=_hazard(inspection, finding, choice.grade),
            config=config,
            now=now,
        )
    elif kind == "violation":
        order = RectificationStart(
            enterprise_id=inspection.enterprise_id or 0,
            inspection_record_no=inspection.details.get("record_no") or inspection.case_no,
            inspected_on=dt.date.fromisoformat(inspection.details["inspected_on"]),
            findings=finding["description"],
            own_enforcement_power=choice.own_enforcement_power,
        )
        started = await start_rectification(
            db=db, client=client, task_queue=task_queue, principal=principal, start=order, now=now
        )
    else:
        if choice.category is None:
            raise InvalidInput("请选择涉嫌罪名")
        transfer = CrimeTransferStart(
            source_case_id=inspection.id, enterprise_id=None, category=choice.category, facts=finding["description"]
        )
        # The transfer intake links the transfer to its source case itself.
        return await _followed(
            db,
            client,
            principal,
            task.id,
            await start_crime_transfer(
                db=db, client=client, task_queue=task_queue, principal=principal, start=transfer, now=now, config=config
            ),
        )
    db.add(models.CaseLink(case_id=started.id, source_case_id=inspection.id, kind=LINK_KIND))
    db.commit()
    return await _followed(db, client, principal, task.id, started)


async def _followed(
    db: Session, client: Client, principal: Principal, task_id: str, started: models.Case
) -> models.Case:
    """Complete the finding's follow-up task with the case it started; the link stands either way."""
    form = {"outcome": "case_started", "case_id": started.id, "case_no": started.case_no}
    try:
        await complete_task(db=db, client=client, principal=principal, task_id=task_id, form=form)
    except DomainError as exc:  # completed meanwhile: the started case and its link remain
        log.warning("inspection follow-up %s not completed by %s: %s", task_id, started.case_no, exc)
    return started
