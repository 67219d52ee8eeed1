"""The public report form (安全生产举报, no login) and the tracking page.

The form posts without a session, so instead of the session's CSRF token it carries a signed,
expiring form token bound to a cookie of its own (`api/form_token.py`), issued by `GET
/public/report`; a post whose Origin or Sec-Fetch-Site names another site (or `null`) is refused,
a filled-in hidden field (a bot trap) is refused, and the flood limits of `public_report_intake`
apply, per client (IPv6 by /64). The tracking code is shown once, on the answer to the post (never
in a URL, never cached), and the tracking page is asked by POST so that codes stay out of logs.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError
from sqlalchemy import select

from api import form_token
from api.client import client_network
from api.deps import DbSession, State, TemporalClient, now
from api.origin import same_origin
from db import models
from domain import tracking_code
from domain.errors import DomainError
from domain.public_report import PublicReportSubmission
from services import public_report_queries
from services.public_report_intake import client_hash, file_report
from web.console.common import ERROR_STATUS, MaybeViewer, PageRoute, Viewer, refused_form, render
from web.console.form_render import field_specs, read_fields

router = APIRouter(include_in_schema=False, route_class=PageRoute)
CUSTOM_FIELDS = frozenset({"jurisdiction_code"})
BOT_TRAP = "website"  # hidden from people by CSS; a bot that fills every field fills it too
NO_STORE = {"Cache-Control": "no-store"}
REPORT_FORM = "public_report"


def _form(request: Request, db: DbSession, viewer: Viewer | None, status_code: int = 200, **extra: object) -> Response:
    """The form, with a fresh form token (and the browser's form cookie)."""
    settings = request.app.state.app.settings
    token = form_token.issue(request, settings, REPORT_FORM, now())
    jurisdictions = db.scalars(select(models.Jurisdiction).order_by(models.Jurisdiction.path)).all()
    response = render(
        request,
        "public_report_new.html",
        viewer,
        status_code,
        specs=field_specs(PublicReportSubmission, CUSTOM_FIELDS),
        jurisdictions=jurisdictions,
        title="安全生产举报",
        form_token=token.value,
        **extra,
    )
    response.headers.update(NO_STORE)  # a cached page would carry a stale token
    return form_token.remember(response, request, settings, token)


@router.get("/public/report", response_class=HTMLResponse)
def new_public_report(request: Request, db: DbSession, viewer: MaybeViewer) -> Response:
    return _form(request, db, viewer)


@router.post("/public/report", response_class=HTMLResponse)
async def create_public_report(
    request: Request, db: DbSession, client: TemporalClient, state: State, viewer: MaybeViewer
) -> Response:
    same_origin(request, "请从本网站的举报页面提交")
    posted = await request.form()
    values = read_fields(PublicReportSubmission, posted)
    form_token.check(request, str(posted.get(form_token.FORM_FIELD, "")), state.settings, REPORT_FORM, now())
    if str(posted.get(BOT_TRAP, "")).strip():
        return _form(request, db, viewer, 422, posted=values, error="提交未通过校验，请刷新页面后重新填写")
    address = client_network(request, state.settings)
    try:
        submission = PublicReportSubmission.model_validate(values)
        filed = await file_report(
            db=db,
            client=client,
            task_queue=state.settings.task_queue,
            submission=submission,
            client_key=client_hash(address, state.settings.public_form_key),
            limits=state.config.public_report,
            rewards=state.config.report_rewards,
            now=now(),
            flood_key=state.settings.public_form_key,
        )
    except (ValidationError, DomainError) as exc:
        status, messages = refused_form(exc, PublicReportSubmission)
        return _form(request, db, viewer, status, posted=values, **messages)
    response = render(
        request,
        "public_report_filed.html",
        viewer,
        case_no=filed.case.case_no,
        code=tracking_code.grouped(filed.code),
        handling_org=filed.case.details.get("handling_org", ""),
        title="举报已提交",
    )
    response.headers.update(NO_STORE)
    return response


@router.get("/public/track", response_class=HTMLResponse)
def track_page(request: Request, viewer: MaybeViewer) -> Response:
    return render(request, "public_track.html", viewer, title="举报查询")


@router.post("/public/track", response_class=HTMLResponse)
async def track_report(request: Request, db: DbSession, viewer: MaybeViewer) -> Response:
    same_origin(request, "请从本网站的查询页面提交")
    posted = await request.form()
    typed = str(posted.get("code", ""))[:64]
    try:
        report = public_report_queries.track(db, typed)
    except DomainError as exc:
        return render(
            request, "public_track.html", viewer, ERROR_STATUS.get(exc.code, 400), error=exc.message, title="举报查询"
        )
    response = render(request, "public_track.html", viewer, report=report, title="举报查询")
    response.headers.update(NO_STORE)
    return response
