"""Making, verifying and publishing a double-random draw (双随机抽查).

The pools are read from the bureau's registers on the draw day: the enterprises of its
jurisdiction in the matter's sectors (在营 only, once the register has a status column), the
inspectors with a 执法证 valid that day (行政处罚法 art 42), and their declared conflicts with
those enterprises (art 43). The seed comes from `secrets`; the selection is the pure function
`domain.random_draw.draw`. The workflow records inputs and result on the case's hash-chained
timeline, and `verify` re-runs the draw from what the timeline holds.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from temporalio.client import Client

from activities.event_chain_writer import chain_entry
from db import models
from db.organisation_queries import path_codes
from db.roster_models import InspectionMatter, Inspector, RandomDraw
from domain.enterprise_register import CLOSED
from domain.errors import Forbidden, InvalidInput, NotFound
from domain.event_chain import check_chain
from domain.legal_calendar import CHINA_TZ
from domain.random_draw import DrawInputs, DrawResult, count_from_share, draw, sorted_pool
from domain.random_draw_forms import DrawRequest
from domain.roles import Role
from services.case_start import number_case, start_case_workflow
from services.inspector_roster import conflicts_of, require_bureau_staff, valid_inspectors
from services.principal import Principal, require_role
from workflows.contracts import Actor, CaseStart
from workflows.random_draw import PROCESS, RandomDrawWorkflow
from workflows.random_draw.contracts import RandomDrawInput


@dataclass(frozen=True)
class DrawnInspection:
    """One enterprise to inspect and its team: what the inspection process starts from."""

    draw_id: int
    matter_id: int
    matter_title: str
    enterprise_id: int
    enterprise_name: str
    inspector_ids: tuple[int, ...]
    inspector_names: tuple[str, ...]


@dataclass
class Verification:
    draw_id: int
    recorded: bool  # the draw is on the case's timeline
    chain_intact: bool
    matches: bool  # re-running from the recorded seed and pools gives the recorded result
    message: str
    details: dict[str, Any] = field(default_factory=dict)


def enterprise_pool(db: Session, jurisdiction_path: str, sectors: list[str]) -> list[int]:
    """The bureau's register (检查对象名录库) for a matter: the enterprises of its area in the
    matter's sectors (the register's 行业领域, or the registered industry where none is set),
    without the deregistered (`domain.enterprise_register.may_be_inspected`)."""
    enterprise = models.Enterprise
    sector_column = func.coalesce(func.nullif(enterprise.sector, ""), enterprise.industry)
    query = (
        select(enterprise.id)
        .join(models.Jurisdiction, models.Jurisdiction.code == enterprise.jurisdiction_code)
        .where(models.Jurisdiction.path.startswith(jurisdiction_path))
        .where(enterprise.status != CLOSED)  # may_be_inspected, as SQL
    )
    if sectors:
        query = query.where(sector_column.in_(sectors))
    return sorted(db.scalars(query))


def draw_inputs(
    db: Session, principal: Principal, matter: InspectionMatter, request: DrawRequest, day: dt.date
) -> DrawInputs:
    enterprises = sorted_pool(enterprise_pool(db, principal.jurisdiction_path, list(matter.sectors)))
    inspectors = sorted_pool([i.id for i in valid_inspectors(db, principal.org_id, day)])
    if not enterprises:
        raise InvalidInput("检查对象名录库中没有符合该事项行业的在营企业，无法抽取")
    in_pool = set(enterprises)
    conflicts = tuple(
        (c.inspector_id, c.enterprise_id) for c in conflicts_of(db, inspectors) if c.enterprise_id in in_pool
    )
    count = _count(request, matter, len(enterprises))
    return DrawInputs(secrets.token_hex(32), enterprises, inspectors, count, request.team_size, conflicts)


def _count(request: DrawRequest, matter: InspectionMatter, pool_size: int) -> int:
    if request.count is not None:
        return request.count
    if request.share_percent is not None:
        return count_from_share(pool_size, request.share_percent)
    if matter.draw_count is not None:
        return min(matter.draw_count, pool_size)
    if matter.share_percent is not None:
        return count_from_share(pool_size, float(matter.share_percent))
    raise InvalidInput("请填写抽取企业数或抽取比例")


async def make_draw(
    *, db: Session, client: Client, task_queue: str, principal: Principal, request: DrawRequest, now: dt.datetime
) -> RandomDraw:
    """Draw, record and open the publication: bad input (422) writes nothing."""
    require_bureau_staff(principal)
    matter = db.get(InspectionMatter, request.matter_id)
    if matter is None or matter.org_id != principal.org_id:
        raise NotFound("本单位随机抽查事项清单中没有该事项")
    day = now.astimezone(CHINA_TZ).date()
    reason = request.redraw_reason.strip()
    earlier = db.scalar(
        select(RandomDraw.id).where(
            RandomDraw.org_id == principal.org_id, RandomDraw.matter_id == matter.id, RandomDraw.drawn_on == day
        )
    )
    if earlier is not None and not reason:
        raise InvalidInput("该事项今日已抽取过：抽取结果即为检查对象，如确需重新抽取，请填写重新抽取的理由")
    inputs = draw_inputs(db, principal, matter, request, day)
    result = draw(inputs)
    row = RandomDraw(
        matter_id=matter.id,
        org_id=principal.org_id,
        drawn_on=day,
        drawn_at=now,
        drawn_by_user_id=principal.user_id,
        inputs=inputs.as_record(),
        selections=result.as_record(),
    )
    db.add(row)
    case = models.Case(
        case_no="",
        workflow_id="",
        process=PROCESS,
        title=f"双随机抽查：{matter.title}"[:200],
        status="starting",
        jurisdiction_code=principal.jurisdiction_code,
        jurisdiction_path=principal.jurisdiction_path,
        enterprise_id=None,
        created_by_user_id=principal.user_id,
        created_at=now,
        updated_at=now,
        details={
            "matter": matter.title,
            "drawn_on": day.isoformat(),
            "selected": len(result.selections),
            "redraw_reason": reason if earlier is not None else "",
        },
    )
    number_case(db, case, "SJ", now)  # commits the draw row too, not yet tied to its case
    actor = Actor(principal.user_id, principal.display_name, principal.org_id, principal.role)
    workflow_input = RandomDrawInput(
        start=CaseStart(case.id, case.case_no, case.jurisdiction_code, path_codes(case.jurisdiction_path), actor),
        bureau_org_id=principal.org_id,
        draw_id=row.id,
        matter_id=matter.id,
        matter_title=matter.title,
        drawn_on=day.isoformat(),
        inputs=inputs.as_record(),
        selections=result.as_record(),
        redraw_reason=reason if earlier is not None else "",
    )
    try:
        await start_case_workflow(db, client, case, RandomDrawWorkflow.run, workflow_input, task_queue)
    except Exception:
        db.delete(row)
        db.commit()
        raise
    row.case_id = case.id
    db.commit()
    return row


def get_draw(db: Session, principal: Principal, draw_id: int) -> RandomDraw:
    row = db.get(RandomDraw, draw_id)
    if row is None:
        raise NotFound("抽查记录不存在")
    require_role(principal, Role.HANDLER, Role.HEAD, Role.OFFICE)
    if principal.org_id == row.org_id:
        return row
    case = db.get(models.Case, row.case_id) if row.case_id else None
    if case is None or not case.jurisdiction_path.startswith(principal.jurisdiction_path):
        raise Forbidden("无权查看该抽查记录")
    return row


def verify(db: Session, row: RandomDraw) -> Verification:
    """Re-run the draw from the seed and pools on the timeline and compare with its result."""
    if row.case_id is None:
        return Verification(row.id, False, False, False, "抽查记录尚未登记到案件时间线")
    events = list(
        db.scalars(
            select(models.CaseEvent).where(models.CaseEvent.case_id == row.case_id).order_by(models.CaseEvent.seq)
        )
    )
    head = db.get(models.CaseChainHead, row.case_id)
    broken = check_chain(row.case_id, [chain_entry(e) for e in events], (head.seq, head.hash) if head else None)
    recorded = next((e for e in events if e.kind == "draw_made"), None)
    if recorded is None:
        return Verification(row.id, False, broken is None, False, "抽取记录尚未写入时间线，请稍后再验证")
    inputs = DrawInputs.from_record(recorded.data["inputs"])
    on_chain = DrawResult.from_record(recorded.data["selections"])
    try:
        rerun = draw(inputs)
    except InvalidInput as exc:
        return Verification(row.id, True, broken is None, False, f"无法按记录重新抽取：{exc.message}")
    same_row = row.inputs == recorded.data["inputs"] and DrawResult.from_record(row.selections) == on_chain
    matches = rerun == on_chain and same_row
    if broken is not None:
        message = f"时间线哈希链在第{broken.seq}条记录处断开，记录可能被篡改"
    elif matches:
        message = "验证通过：按记录的随机种子和名录重新抽取，结果与记录一致"
    else:
        message = "验证未通过：重新抽取的结果与记录不一致"
    return Verification(
        row.id,
        True,
        broken is None,
        matches and broken is None,
        message,
        {"event_seq": recorded.seq, "event_hash": recorded.hash, "rerun": rerun.as_record()},
    )


def selections(db: Session, draw_id: int) -> list[DrawnInspection]:
    """Each drawn enterprise and its team, in draw order: one inspection to carry out each."""
    row = db.get(RandomDraw, draw_id)
    if row is None:
        raise NotFound("抽查记录不存在")
    matter = db.get(InspectionMatter, row.matter_id)
    assert matter is not None
    result = DrawResult.from_record(row.selections)
    enterprise_ids = [s.enterprise_id for s in result.selections]
    inspector_ids = {i for s in result.selections for i in s.team}
    firms = select(models.Enterprise.id, models.Enterprise.name).where(models.Enterprise.id.in_(enterprise_ids))
    names: dict[int, str] = dict(db.execute(firms).all())
    officers = select(Inspector.id, Inspector.name).where(Inspector.id.in_(inspector_ids))
    people: dict[int, str] = dict(db.execute(officers).all())
    return [
        DrawnInspection(
            row.id,
            matter.id,
            matter.title,
            s.enterprise_id,
            names.get(s.enterprise_id, ""),
            s.team,
            tuple(people.get(i, "") for i in s.team),
        )
        for s in result.selections
    ]


def draws_of(db: Session, principal: Principal) -> list[RandomDraw]:
    return list(
        db.scalars(select(RandomDraw).where(RandomDraw.org_id == principal.org_id).order_by(RandomDraw.id.desc()))
    )
