"""Bulletins (通报, 警示, 案情通报) in the console: the office's 督办 view of who was named and which
acknowledgements are overdue, the drafting form; jointly supervised cases (联合督办) and their
deadlines; and, on the public portal, the published bulletins and their text."""

from __future__ import annotations

import dataclasses

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy import select

from api.deps import DbSession, RowId, State, TemporalClient, now
from db import models
from db.organisation_queries import org_in
from domain.bulletin import KINDS, OFFICE_KINDS, BulletinDraft
from domain.errors import DomainError
from domain.forms import MAX_ID
from domain.interview import REASONS
from domain.roles import OrgType, Role
from services import bulletin_queries, joint_supervision
from services.bulletin_intake import draft_bulletin
from services.case_actions import visible_case
from services.principal import Principal
from services.public_listing import PublicSearch
from web.console.common import MaybeViewer, PageRoute, SignedInViewer, Viewer, checked_form, refused_form, render
from web.console.form_render import FieldSpec, field_specs, posted_number, read_fields
from web.console.settle import settled
from web.console.transfer_pages import DOCUMENT_CSP

router = APIRouter(include_in_schema=False, route_class=PageRoute)
LISTS = frozenset({"recipients", "named_enterprises"})
# What a case bulletin does not have (it goes to the police and the procuratorate of the level, is
# never public and demands nothing), and what a 通报 does not have.
NOT_IN_CASE_BULLETIN = frozenset({"rectification", "rectification_deadline", "public"})
NOT_IN_OFFICE_BULLETIN = frozenset({"period_start", "period_end"})


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


def kinds_for(principal: Principal) -> dict[str, str]:
    """The kinds this user may draft (as `bulletin_intake._drafter_may` checks them): an office
    drafts 通报 and 警示, a bureau's handler the case bulletin."""
    if principal.role == Role.OFFICE and principal.org_type == OrgType.SAFETY_OFFICE:
        return {k: v for k, v in KINDS.items() if k in OFFICE_KINDS}
    if principal.role == Role.HANDLER and principal.org_type == OrgType.EMERGENCY_BUREAU:
        return {"case_bulletin": KINDS["case_bulletin"]}
    return {}


def _specs(kinds: dict[str, str]) -> list[FieldSpec]:
    case_bulletin_only = set(kinds) == {"case_bulletin"}
    skip = LISTS | (NOT_IN_CASE_BULLETIN if case_bulletin_only else NOT_IN_OFFICE_BULLETIN)
    specs = field_specs(BulletinDraft, skip)
    return [dataclasses.replace(s, options=list(kinds.items())) if s.name == "kind" else s for s in specs]


def _form(request: Request, db: DbSession, viewer: Viewer, status_code: int = 200, **extra: object) -> Response:
    orgs, enterprises = _choices(db, viewer.principal)
    kinds = kinds_for(viewer.principal)
    return render(
        request,
        "bulletin_new.html",
        viewer,
        status_code,
        specs=_specs(kinds),
        orgs=orgs,
        enterprises=enterprises,
        kinds=kinds,
        names_bodies=bool(set(kinds) & OFFICE_KINDS),
        title="起草通报",
        **extra,
    )


@router.get("/bulletins/new", response_class=HTMLResponse)
def new_bulletin_page(
    request: Request, db: DbSession, viewer: SignedInViewer, from_case: int | None = None
) -> Response:
    posted = _from_interview(db, viewer.principal, from_case) if from_case is not None else {}
    source = posted.pop("source", None)
    notice = posted.pop("recipient_notice", None)
    return _form(request, db, viewer, posted=posted, source=source, recipient_notice=notice)


def _source(db: DbSession, principal: Principal, raw: object) -> dict[str, object] | None:
    """The interview a refused draft started from, to keep the link back on the form again."""
    if not isinstance(raw, str) or not raw.isdigit() or not 0 < int(raw) <= MAX_ID:
        return None
    case = visible_case(db, principal, int(raw))
    return {"id": case.id, "case_no": case.case_no, "title": case.title} if case.process == "interview" else None


def _party_org(db: DbSession, case: models.Case, orgs: list[models.Organisation]) -> int | None:
    """The organisation that stands for the interviewed party among the bodies to be named: a
    government by its safety-committee office (which held its commitments, `interview_intake.resolve_party`),
    a department by itself. An enterprise is named among the enterprises, not here."""
    details = case.details or {}
    ids = {o.id for o in orgs}
    if details.get("party_kind") == "government":
        office = org_in(db, case.jurisdiction_code, OrgType.SAFETY_OFFICE)
        return office.id if office is not None and office.id in ids else None
    if details.get("party_kind") == "department":
        return next((o.id for o in orgs if o.name == details.get("party_name")), None)
    return None


def _from_interview(db: DbSession, principal: Principal, case_id: int) -> dict[str, object]:
    """A 约谈 concluded with 予以通报 (本溪 (八)): the draft starts from the interview, naming the
    interviewed party; the office completes and submits it. Besides the form's values: `source`,
    the interview to link back to, and `recipient_notice` when no body to name could be chosen."""
    case = visible_case(db, principal, case_id)
    details = case.details or {}
    if case.process != "interview" or not details.get("bulletin_requested"):
        return {}
    orgs, _ = _choices(db, principal)
    party = str(details.get("party_name", ""))
    enterprise = case.enterprise_id if details.get("party_kind") == "enterprise" else None
    committed, kept = details.get("committed"), details.get("kept")
    if isinstance(committed, int) and isinstance(kept, int) and kept < committed:
        subject = f"关于{party}约谈承诺事项未全部落实的通报"
        outcome = f"约谈承诺{committed}项，落实{kept}项。"
    else:
        subject = f"关于{party}约谈有关情况的通报"
        outcome = ""
    reason = str(details.get("reason", ""))
    opinion = str(details.get("bulletin_reason", "")).strip().rstrip("。")
    recipient = _party_org(db, case, orgs)
    notice = None
    if recipient is None:
        notice = f"被约谈方{party}不在可选的通报对象中，请选择被通报的政府或部门（通报对象必填）。"
    return {
        "kind": "criticism",
        "subject": subject,
        "facts": f"{case.case_no}约谈（{REASONS.get(reason, reason)}）。{outcome}{opinion + '。' if opinion else ''}",
        "recipients": [recipient] if recipient is not None else [],
        "named_enterprises": [enterprise] if enterprise else [],
        "source": {"id": case.id, "case_no": case.case_no, "title": case.title},
        "recipient_notice": notice,
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
        source = _source(db, viewer.principal, posted.get("from_case"))
        return _form(request, db, viewer, status, posted=values, source=source, **messages)
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
