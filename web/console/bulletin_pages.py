"""Bulletins (通报, 警示, 案情通报) in the console: the office's 督办 view of who was named and which
acknowledgements are overdue, the drafting form; jointly supervised cases (联合督办) and their
deadlines; and, on the public portal, the published bulletins and their text."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy import select

from api.deps import DbSession, RowId, State, TemporalClient, now
from db import models
from domain.bulletin import KINDS, BulletinDraft
from domain.errors import DomainError
from services import bulletin_queries, joint_supervision
from services.bulletin_intake import draft_bulletin
from services.case_actions import visible_case
from services.principal import Principal
from services.public_listing import PublicSearch
from web.console.common import MaybeViewer, PageRoute, SignedInViewer, Viewer, checked_form, refused_form, render
from web.console.form_render import field_specs, posted_number, read_fields
from web.console.settle import settled
from web.console.transfer_pages import DOCUMENT_CSP

router = APIRouter(include_in_schema=False, route_class=PageRoute)
LISTS = frozenset({"recipients", "named_enterprises"})


@router.get("/bulletins", response_class=HTMLResponse)
def bulletins_page(request: Request, db: DbSession, viewer: SignedInViewer, overdue: bool = False) -> Response:
    rows = bulletin_queries.office_view(db, viewer.principal, overdue_only=overdue)
    return render(request, "bulletins.html", viewer, rows=rows, overdue=overdue, title="通报督办")


def _choices(db: DbSession, principal: Principal) -> tuple[list[models.Organisation], list[models.Enterprise]]:
    """The bodies and enterprises of the drafter's jurisdiction and below, to be named."""
    inside = select(models.Jurisdiction.code).where(
        models.Jurisdiction.path.startswith(principal.jurisdiction_path, autoescape=True)
    )
    orgs = db.scalars(
        select(models.Organisation)
        .where(models.Organisation.jurisdiction_code.in_(inside), models.Organisation.id != principal.org_id)
        .order_by(models.Organisation.jurisdiction_code, models.Organisation.id)
    ).all()
    enterprises = db.scalars(
        select(models.Enterprise).where(models.Enterprise.jurisdiction_code.in_(inside)).order_by(models.Enterprise.id)
    ).all()
    return list(orgs), list(enterprises)


def _form(request: Request, db: DbSession, viewer: Viewer, status_code: int = 200, **extra: object) -> Response:
    orgs, enterprises = _choices(db, viewer.principal)
    return render(
        request,
        "bulletin_new.html",
        viewer,
        status_code,
        specs=field_specs(BulletinDraft, LISTS),
        orgs=orgs,
        enterprises=enterprises,
        kinds=KINDS,
        title="起草通报",
        **extra,
    )


@router.get("/bulletins/new", response_class=HTMLResponse)
def new_bulletin_page(
    request: Request, db: DbSession, viewer: SignedInViewer, from_case: int | None = None
) -> Response:
    posted = _from_interview(db, viewer.principal, from_case) if from_case is not None else {}
    return _form(request, db, viewer, posted=posted)


def _from_interview(db: DbSession, principal: Principal, case_id: int) -> dict[str, object]:
    """A 约谈 concluded with 予以通报 (本溪 (八)): the draft starts from the interview, naming the
    interviewed party; the office completes and submits it."""
    case = visible_case(db, principal, case_id)
    details = case.details or {}
    if case.process != "interview" or not details.get("bulletin_requested"):
        return {}
    orgs, _ = _choices(db, principal)
    party = details.get("party_name", "")
    enterprise = case.enterprise_id if details.get("party_kind") == "enterprise" else None
    return {
        "kind": "criticism",
        "subject": f"关于{party}约谈承诺事项落实不力的通报",
        "facts": f"{case.case_no}约谈：{details.get('reason', '')}。{details.get('bulletin_reason', '')}",
        "recipients": [o.id for o in orgs if o.name == party],
        "named_enterprises": [enterprise] if enterprise else [],
    }


@router.post("/bulletins", response_class=HTMLResponse)
async def create_bulletin(
    request: Request, db: DbSession, client: TemporalClient, viewer: SignedInViewer, state: State
) -> Response:
    posted = await checked_form(request, viewer)
    values = read_fields(BulletinDraft, posted, LISTS)
    for name in LISTS:
        values[name] = [posted_number(v) for v in posted.getlist(name) if isinstance(v, str) and v.strip()]
    try:
        draft = BulletinDraft.model_validate(values)
        case = await draft_bulletin(
            db=db,
            client=client,
            task_queue=state.settings.task_queue,
            principal=viewer.principal,
            draft=draft,
            now=now(),
        )
    except (ValidationError, DomainError) as exc:
        status, messages = refused_form(exc, BulletinDraft)
        return _form(request, db, viewer, status, posted=values, **messages)
    await settled(db, case.id, 0)
    return RedirectResponse(f"/cases/{case.id}", status_code=303)


@router.get("/joint-supervisions", response_class=HTMLResponse)
def joint_supervisions_page(request: Request, db: DbSession, viewer: SignedInViewer) -> Response:
    cases = joint_supervision.deadlines_for(db, viewer.principal)
    return render(request, "joint_supervisions.html", viewer, cases=cases, title="联合督办")


@router.get("/public/bulletins", response_class=HTMLResponse)
def public_bulletins(
    request: Request, db: DbSession, viewer: MaybeViewer, q: str | None = None, page: int = 1
) -> Response:
    listing = bulletin_queries.published_bulletins(db, PublicSearch.of(q, page))
    return render(request, "public_bulletins.html", viewer, listing=listing, title="安全生产通报")


@router.get("/public/bulletins/{document_id}", response_class=HTMLResponse)
def public_bulletin(document_id: RowId, db: DbSession) -> Response:
    """The issued text itself, as the case's document page serves it (no script runs)."""
    document = bulletin_queries.published_document(db, document_id)
    return HTMLResponse(
        document.html, headers={"Content-Security-Policy": DOCUMENT_CSP, "X-Document-SHA256": document.sha256}
    )
