"""约谈 and 会商 pages: the office's 督办 view of interviews and overdue commitments, the proposals
of the trigger rules (confirm or dismiss), and the forms that start an interview or a consultation.
The steps themselves are done on the case page and the enterprise portal like every process's."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy import select

from api.deps import DbSession, RowId, State, TemporalClient, now
from db import models
from domain.errors import Conflict, DomainError, Forbidden, InvalidInput
from domain.forms import StepForm
from domain.interview import OUTCOMES, ConsultationRequest, InterviewRequest
from domain.legal_calendar import CHINA_TZ
from domain.roles import OrgType, Role
from services import bulletin_queries, case_queries, instrument_export, interview_queries, interview_triggers
from services.interview_intake import start_consultation, start_interview
from services.principal import Principal, require_case_access, require_role
from web.console.common import PageRoute, SignedInViewer, Viewer, checked_form, refused_form, render, set_flash
from web.console.form_render import field_specs, read_fields
from web.console.settle import settled

router = APIRouter(include_in_schema=False, route_class=PageRoute)
CUSTOM_FIELDS = frozenset({"enterprise_id", "source_case_nos", "jurisdiction_code", "org_id"})
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get("/supervision-instruments.xlsx", response_class=Response)
def instruments_xlsx(db: DbSession, viewer: SignedInViewer) -> Response:
    """督办工具台账: interviews, overdue commitments and bulletins, as the two pages show them."""
    require_case_access(viewer.principal)
    today = now().astimezone(CHINA_TZ).date()
    data = instrument_export.workbook_bytes(
        interview_queries.board(db, viewer.principal, today), bulletin_queries.office_view(db, viewer.principal)
    )
    name = quote(f"督办工具台账-{today.isoformat()}.xlsx", safe="")
    disposition = f"attachment; filename=\"instruments-{today.isoformat()}.xlsx\"; filename*=UTF-8''{name}"
    return Response(data, media_type=XLSX, headers={"Content-Disposition": disposition})


@router.get("/interviews", response_class=HTMLResponse)
def interview_board(request: Request, db: DbSession, viewer: SignedInViewer) -> Response:
    """督办 · 约谈会商: who was interviewed, which commitments are overdue, what the rules propose."""
    require_case_access(viewer.principal)
    today = now().astimezone(CHINA_TZ).date()
    board = interview_queries.board(db, viewer.principal, today)
    proposals = interview_triggers.proposals(db, viewer.principal) if viewer.principal.role == Role.OFFICE else []
    return render(
        request,
        "interviews.html",
        viewer,
        board=board,
        proposals=proposals,
        outcomes=OUTCOMES,
        today=today.isoformat(),
        title="约谈会商",
    )


def _intake(
    request: Request, db: DbSession, viewer: Viewer, form: type[StepForm], status_code: int = 200, **extra: object
) -> Response:
    interview = form is InterviewRequest
    return render(
        request,
        "interview_new.html",
        viewer,
        status_code,
        specs=field_specs(form, CUSTOM_FIELDS),
        enterprises=case_queries.enterprises_for(db, viewer.principal) if interview else [],
        governments=_governments_below(db, viewer.principal) if interview else [],
        departments=_departments_below(db, viewer.principal) if interview else [],
        action="/interviews" if interview else "/consultations",
        interview=interview,
        title="约谈" if interview else "重大案件会商",
        **extra,
    )


def _governments_below(db: DbSession, principal: Principal) -> list[models.Jurisdiction]:
    """The people's governments an office may interview: those of the level below (本溪 (八))."""
    query = select(models.Jurisdiction).where(models.Jurisdiction.parent_code == principal.jurisdiction_code)
    return list(db.scalars(query.order_by(models.Jurisdiction.code)))


def _departments_below(db: DbSession, principal: Principal) -> list[tuple[models.Organisation, str]]:
    """The departments of the level below, with their area's name (the safety offices excluded)."""
    query = (
        select(models.Organisation, models.Jurisdiction.name)
        .join(models.Jurisdiction, models.Jurisdiction.code == models.Organisation.jurisdiction_code)
        .where(
            models.Jurisdiction.parent_code == principal.jurisdiction_code,
            models.Organisation.org_type != OrgType.SAFETY_OFFICE,
        )
        .order_by(models.Jurisdiction.code, models.Organisation.id)
    )
    return [(org, name) for org, name in db.execute(query).all()]


@router.get("/interviews/new", response_class=HTMLResponse)
def new_interview_page(request: Request, db: DbSession, viewer: SignedInViewer, source: str = "") -> Response:
    require_role(viewer.principal, Role.OFFICE)  # the form only for those who may submit it
    return _intake(request, db, viewer, InterviewRequest, posted={"source_case_nos": source[:40]})


@router.get("/consultations/new", response_class=HTMLResponse)
def new_consultation_page(request: Request, db: DbSession, viewer: SignedInViewer, source: str = "") -> Response:
    require_role(viewer.principal, Role.HANDLER)  # the form only for those who may submit it
    return _intake(request, db, viewer, ConsultationRequest, posted={"case_no": source[:40]})


@router.post("/interviews", response_class=HTMLResponse)
async def create_interview(
    request: Request, db: DbSession, client: TemporalClient, viewer: SignedInViewer, state: State
) -> Response:
    posted = await checked_form(request, viewer)
    values = read_fields(InterviewRequest, posted, CUSTOM_FIELDS)
    chosen = str(posted.get("enterprise_id") or "0")
    values["enterprise_id"] = int(chosen) if chosen.isdigit() else -1  # -1: refused by the model
    listed = str(posted.get("source_case_nos") or "").replace("，", ",")
    values["source_case_nos"] = [n.strip() for n in listed.split(",") if n.strip()]
    values["jurisdiction_code"] = str(posted.get("jurisdiction_code") or "")
    department = str(posted.get("org_id") or "0")
    values["org_id"] = int(department) if department.isdigit() else -1  # -1: refused by the model
    try:
        case = await start_interview(
            db=db,
            client=client,
            task_queue=state.settings.task_queue,
            principal=viewer.principal,
            request=InterviewRequest.model_validate(values),
            now=now(),
        )
    except (ValidationError, DomainError) as exc:
        status, messages = refused_form(exc, InterviewRequest)
        values["source_case_nos"] = ",".join(values["source_case_nos"])
        return _intake(request, db, viewer, InterviewRequest, status, posted=values, **messages)
    await settled(db, case.id, 0)
    return RedirectResponse(f"/cases/{case.id}", status_code=303)


@router.post("/consultations", response_class=HTMLResponse)
async def create_consultation(
    request: Request, db: DbSession, client: TemporalClient, viewer: SignedInViewer, state: State
) -> Response:
    posted = await checked_form(request, viewer)
    values = read_fields(ConsultationRequest, posted)
    try:
        case = await start_consultation(
            db=db,
            client=client,
            task_queue=state.settings.task_queue,
            principal=viewer.principal,
            request=ConsultationRequest.model_validate(values),
            now=now(),
        )
    except (ValidationError, DomainError) as exc:
        status, messages = refused_form(exc, ConsultationRequest)
        return _intake(request, db, viewer, ConsultationRequest, status, posted=values, **messages)
    await settled(db, case.id, 0)
    return RedirectResponse(f"/cases/{case.id}", status_code=303)


@router.post("/interview-proposals/{proposal_id}", response_class=HTMLResponse)
async def decide_proposal(
    request: Request, proposal_id: RowId, db: DbSession, client: TemporalClient, viewer: SignedInViewer, state: State
) -> Response:
    """Confirm (the interview starts, with its date and place) or dismiss (with a reason)."""
    posted = await checked_form(request, viewer)
    if viewer.principal.role != Role.OFFICE:
        raise Forbidden("约谈建议由安委办确认或不予约谈")
    try:
        if posted.get("decision") == "confirm":
            case = await interview_triggers.confirm(
                db=db,
                client=client,
                task_queue=state.settings.task_queue,
                principal=viewer.principal,
                proposal_id=proposal_id,
                meeting_on=dt.date.fromisoformat(str(posted.get("meeting_on") or "")),
                place=str(posted.get("place") or "").strip()[:200] or "约谈机关会议室",
                matters="",
                now=now(),
            )
            return RedirectResponse(f"/cases/{case.id}", status_code=303)
        reason = str(posted.get("reason") or "").strip()[:4000] or "不予约谈"
        interview_triggers.dismiss(db, viewer.principal, proposal_id, reason, now())
    except ValueError:
        set_flash(db, viewer, "约谈日期应为日期，如2027-01-31")
    except (Conflict, InvalidInput) as exc:  # a missing proposal stays a 404, a refusal a 403
        set_flash(db, viewer, exc.message)
    else:
        set_flash(db, viewer, "已不予约谈")
    return RedirectResponse("/interviews", status_code=303)
