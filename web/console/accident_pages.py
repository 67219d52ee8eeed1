"""Accident intake (with live grading), and the public pages of published investigation reports."""

from __future__ import annotations

from collections.abc import Mapping

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy import select

from api.deps import DbSession, State, TemporalClient, now
from db import models
from domain.accident import AccidentReport
from domain.errors import DomainError
from domain.redaction import redact
from services import case_queries
from services.accident_intake import report_accident
from web.console.common import PageRoute, SignedInViewer, Viewer, checked_form, refused_form, render
from web.console.form_render import field_specs, read_fields
from web.console.settle import settled

router = APIRouter(include_in_schema=False, route_class=PageRoute)
# 条例 art 30: the six items of the report, in the order of the article.
REPORT_SECTIONS = (
    ("unit_overview", "事故发生单位概况"),
    ("course_and_rescue", "事故发生经过和事故救援情况"),
    ("casualties_and_loss", "事故造成的人员伤亡和直接经济损失"),
    ("cause_and_nature", "事故发生的原因和事故性质"),
    ("responsibility", "事故责任的认定及处理建议"),
    ("measures", "事故防范和整改措施"),
)


@router.get("/accidents/new", response_class=HTMLResponse)
def new_accident_page(request: Request, db: DbSession, viewer: SignedInViewer) -> Response:
    return _intake(request, db, viewer)


def _intake(request: Request, db: DbSession, viewer: Viewer, status_code: int = 200, **extra: object) -> Response:
    specs = field_specs(AccidentReport, frozenset({"enterprise_id", "occurred_at"}))
    enterprises = case_queries.enterprises_for(db, viewer.principal)
    return render(
        request,
        "accident_new.html",
        viewer,
        status_code,
        specs=specs,
        enterprises=enterprises,
        title="事故报告",
        **extra,
    )


@router.post("/accidents", response_class=HTMLResponse)
async def create_accident(
    request: Request, db: DbSession, client: TemporalClient, viewer: SignedInViewer, state: State
) -> Response:
    posted = await checked_form(request, viewer)
    values = read_fields(AccidentReport, posted, frozenset({"occurred_at"}))
    values["occurred_at"] = str(posted.get("occurred_at", "")) + "+08:00" if posted.get("occurred_at") else ""
    try:
        report = AccidentReport.model_validate(values)
        case = await report_accident(
            db=db,
            client=client,
            task_queue=state.settings.task_queue,
            principal=viewer.principal,
            report=report,
            config=state.config,
            now=now(),
        )
    except (ValidationError, DomainError) as exc:
        status, messages = refused_form(exc, AccidentReport)
        return _intake(request, db, viewer, status, posted=values, **messages)
    await settled(db, case.id, 0)  # the new case page shows its first task, not "starting" (D14)
    return RedirectResponse(f"/cases/{case.id}", status_code=303)


def published_evaluation(details: Mapping[str, object]) -> str:
    """The evaluation's results once made public (安全生产法 art 86(3)), redacted. Cases before the
    publication step (no `evaluation_due_on`) showed the result as soon as it was recorded."""
    result = details.get("evaluation")
    if not result or not (details.get("evaluation_published") or "evaluation_due_on" not in details):
        return ""
    return redact(str(result))


@router.get("/public/reports/{case_no}", response_class=HTMLResponse)
def public_report(case_no: str, request: Request, db: DbSession) -> Response:
    case = db.scalars(select(models.Case).where(models.Case.case_no == case_no)).one_or_none()
    if case is None or case.process != "accident" or not case.details.get("report_published"):
        return render(request, "error.html", None, 404, message="未找到已公布的事故调查报告")
    report = db.scalars(
        select(models.Task)
        .where(
            models.Task.case_id == case.id,
            models.Task.step.in_(("investigation_report", "report_revision")),  # the final report
            models.Task.status == "completed",
        )
        .order_by(models.Task.completed_at.desc())
    ).first()
    sections = []
    if report is not None:
        for key, label in REPORT_SECTIONS:
            if report.outcome.get(key):  # reports filed before art 30's full list hold three items
                sections.append((label, redact(str(report.outcome[key]))))
    return render(
        request,
        "public_report.html",
        None,
        case=case,
        sections=sections,
        evaluation=published_evaluation(case.details),
        account=redact(case.details.get("account", "")),
        title=case.title,
    )
