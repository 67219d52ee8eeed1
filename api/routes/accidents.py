"""Accident intake, and the grading behind its form (the grading needs no login: it reveals no case data)."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from api.deps import ActingPrincipal, DbSession, State, TemporalClient, now
from api.intake import CaseCreated
from api.routes.tasks import REFUSALS
from domain.accident import AccidentReport
from domain.accident_grading import grade_accident
from domain.forms import InputModel
from services.accident_intake import report_accident

router = APIRouter(prefix="/api/v1/accidents", tags=["accidents"])


class GradeRequest(InputModel):
    model_config = ConfigDict(extra="forbid")
    deaths: int = Field(ge=0, description="死亡人数")
    serious_injuries: int = Field(ge=0, description="重伤人数（含急性工业中毒）")
    direct_loss_cny: int = Field(ge=0, description="直接经济损失（元）")


class GradeRead(BaseModel):
    grade: str
    investigating_level: str
    investigating_level_label: str
    decided_by: str
    basis: str = "《生产安全事故报告和调查处理条例》第三条、第十九条"


@router.post("/grade", response_model=GradeRead)
def grade(body: GradeRequest) -> GradeRead:
    result = grade_accident(body.deaths, body.serious_injuries, body.direct_loss_cny)
    return GradeRead(
        grade=result.grade,
        investigating_level=result.investigating_level,
        investigating_level_label=result.investigating_level_label,
        decided_by=result.decided_by,
    )


@router.post("", response_model=CaseCreated, status_code=201, responses=REFUSALS)
async def create_accident_case(
    report: AccidentReport, db: DbSession, client: TemporalClient, principal: ActingPrincipal, state: State
) -> CaseCreated:
    case = await report_accident(
        db=db,
        client=client,
        task_queue=state.settings.task_queue,
        principal=principal,
        report=report,
        config=state.config,
        now=now(),
    )
    return CaseCreated.of(case)
