"""Recording a 一般事故隐患 and starting its closed loop (排查→整改→复查→验收→销号).

Called by the bureau's form and API (found by its inspection: `found_by="inspection"`), by the
enterprise's monthly declaration (its own report: `found_by="self_report"`), and by the on-site
inspection process for each 一般 hazard its record lists (with `source_case_id`). The case sits
with the county bureau where the enterprise is (西双版纳 (十二): 一般隐患由县级…挂牌督办).
"""

from __future__ import annotations

import datetime as dt

from pydantic import ValidationError
from sqlalchemy.orm import Session
from temporalio.client import Client

from db import models
from db.organisation_queries import org_in, path_codes
from domain import general_hazard as gh
from domain.errors import Forbidden, InvalidInput, NotFound
from domain.forms import form_errors
from domain.legal_calendar import CHINA_TZ
from domain.roles import OrgType, Role
from services.case_actions import visible_case
from services.case_start import number_case, start_case_workflow
from services.principal import Principal
from settings import get_settings
from workflows.contracts import CaseStart
from workflows.general_hazard import PROCESS, GeneralHazardInput, GeneralHazardWorkflow


async def start_general_hazard(
    db: Session,
    client: Client,
    principal: Principal,
    enterprise_id: int,
    description: str,
    found_by: str,
    source_case_id: int | None = None,
    *,
    deadline: dt.date | None = None,
    already_rectified: bool = False,
    declaration_id: int | None = None,
    task_queue: str | None = None,
    now: dt.datetime | None = None,
) -> models.Case:
    """Open the case of one 一般 hazard of `enterprise_id` and start its workflow.

    A bureau's handler records what an inspection found in its jurisdiction; an enterprise's user
    reports only its own hazards. Raises InvalidInput, NotFound or Forbidden; writes nothing then."""
    now = now or dt.datetime.now(dt.UTC)
    today = now.astimezone(CHINA_TZ).date()
    try:
        form = gh.GeneralHazardStart.model_validate(
            {
                "enterprise_id": enterprise_id,
                "description": description,
                "found_by": found_by,
                "source_case_id": source_case_id,
                "deadline": deadline,
            }
        )
    except ValidationError as exc:
        raise InvalidInput("；".join(e["message"] for e in form_errors(exc, gh.GeneralHazardStart))) from None
    gh.check_new_deadline(form.deadline, today)
    enterprise = db.get(models.Enterprise, form.enterprise_id)
    if enterprise is None:
        raise NotFound("企业不存在")
    if principal.is_enterprise:
        if principal.enterprise_id != enterprise.id or form.found_by != "self_report":
            raise Forbidden("企业只能报告本企业自查发现的隐患")
    elif principal.role != Role.HANDLER or principal.org_type != OrgType.EMERGENCY_BUREAU:
        raise Forbidden("只有应急管理部门的承办人可以登记一般事故隐患")
    county = db.get(models.Jurisdiction, enterprise.jurisdiction_code)
    assert county is not None
    if not principal.is_enterprise and not county.path.startswith(principal.jurisdiction_path):
        raise Forbidden("该企业不在您的管辖范围内")
    bureau = org_in(db, county.code, OrgType.EMERGENCY_BUREAU)
    if bureau is None:
        raise InvalidInput(f"{county.name}未设应急管理部门，无法登记一般事故隐患")
    source = visible_case(db, principal, form.source_case_id) if form.source_case_id is not None else None
    case = models.Case(
        case_no="",
        workflow_id="",
        process=PROCESS,
        title=f"{enterprise.name}一般事故隐患：{form.description[:40]}",
        status="starting",
        jurisdiction_code=county.code,
        jurisdiction_path=county.path,
        enterprise_id=enterprise.id,
        created_by_user_id=principal.user_id,
        created_at=now,
        updated_at=now,
        details={
            "description": form.description,
            "found_by": form.found_by,
            "found_on": today.isoformat(),
            "declaration_id": declaration_id,
            "source_case_no": source.case_no if source else "",
        },
    )
    number_case(db, case, "YB", now)
    workflow_input = GeneralHazardInput(
        start=CaseStart(case.id, case.case_no, county.code, path_codes(county.path), principal.actor()),
        bureau_org_id=bureau.id,
        enterprise_id=enterprise.id,
        enterprise_name=enterprise.name,
        description=form.description,
        found_by=form.found_by,
        source_case_id=source.id if source else None,
        deadline=form.deadline,
        already_rectified=already_rectified,
    )
    queue = task_queue or get_settings().task_queue
    await start_case_workflow(db, client, case, GeneralHazardWorkflow.run, workflow_input, queue)
    if source is not None:
        db.add(models.CaseLink(case_id=case.id, source_case_id=source.id, kind=PROCESS))
        db.commit()
    return case
