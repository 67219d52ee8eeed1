"""The holiday calendar: anyone may read a year; an administrator imports or edits one."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field

from api.deps import ActingConsolePrincipal, DbSession, State, TemporalClient
from api.routes.tasks import REFUSALS
from domain.forms import InputModel
from services import calendar_admin

router = APIRouter(prefix="/api/v1/calendar", tags=["calendar"])
Year = Annotated[int, Path(ge=2000, le=2100)]


class YearRead(BaseModel):
    year: int
    known: bool
    published: bool
    source: str
    holidays: list[dt.date]
    makeup_workdays: list[dt.date]


class YearWrite(InputModel):
    published: bool = Field(description="true for the State Council's official notice, false for a provisional draft")
    source: str = Field(min_length=1, max_length=200, description="e.g. 国办发明电〔2026〕x号")
    holidays: list[dt.date] = Field(max_length=60)
    makeup_workdays: list[dt.date] = Field(max_length=20)


class ImportRead(BaseModel):
    year: int
    reprojection_workflow_id: str


@router.get("/{year}", response_model=YearRead)
def read_year(year: Year, db: DbSession) -> YearRead:
    return YearRead.model_validate(calendar_admin.year_view(db, year))


@router.put("/{year}", response_model=ImportRead, responses=REFUSALS)
async def import_year(
    year: Year, body: YearWrite, db: DbSession, client: TemporalClient, principal: ActingConsolePrincipal, state: State
) -> ImportRead:
    workflow_id = await calendar_admin.import_year(
        db=db,
        client=client,
        task_queue=state.settings.task_queue,
        principal=principal,
        year=year,
        published=body.published,
        source=body.source,
        holidays=set(body.holidays),
        makeup_workdays=set(body.makeup_workdays),
    )
    return ImportRead(year=year, reprojection_workflow_id=workflow_id)
