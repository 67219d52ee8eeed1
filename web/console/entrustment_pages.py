"""The entrustment register (委托执法) for heads, offices and administrators, and the page on which
the entrusted unit records that a case is handled under an entrustment."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy import select

from api.client import client_address
from api.deps import DbSession, RowId, now
from db import models
from domain.entrustment import MATTERS
from domain.errors import DomainError
from domain.forms import form_errors
from services import entrustments
from services.case_actions import visible_case
from services.entrustment_acts import acts_under, of_case
from services.entrustments import MANAGERS, READERS, CaseEntrustmentCreate, EntrustmentCreate
from web.console.common import ERROR_STATUS, ConsoleViewer, PageRoute, SignedInViewer, checked_form, render, set_flash

router = APIRouter(include_in_schema=False, route_class=PageRoute)


def _orgs(db: DbSession, viewer: ConsoleViewer) -> list[models.Organisation]:
    """Bureaus and offices of the viewer's jurisdiction: entrusters, and units to entrust."""
    return list(
        db.scalars(
            select(models.Organisation)
            .join(models.Jurisdiction, models.Jurisdiction.code == models.Organisation.jurisdiction_code)
            .where(
                models.Jurisdiction.path.startswith(viewer.principal.jurisdiction_path, autoescape=True),
                models.Organisation.org_type.in_(("emergency_bureau", "safety_office")),
            )
            .order_by(models.Jurisdiction.path, models.Organisation.id)
        )
    )


def _page(request: Request, db: DbSession, viewer: ConsoleViewer, status: int = 200, **extra: Any) -> Response:
    orgs = _orgs(db, viewer)
    names = {o.id: o.name for o in orgs}
    rows = entrustments.visible(db, viewer.principal)
    for row in rows:
        if row.entruster_org_id not in names:
            org = db.get(models.Organisation, row.entruster_org_id)
            names[row.entruster_org_id] = org.name if org else ""
    return render(
        request,
        "entrustments.html",
        viewer,
        status,
        rows=rows,
        names=names,
        orgs=orgs,
        matters=MATTERS,
        may_manage=viewer.principal.role in MANAGERS,
        values=extra.pop("values", {}),
        title="委托执法",
        **extra,
    )


@router.get("/entrustments", response_class=HTMLResponse)
def entrustments_page(request: Request, db: DbSession, viewer: ConsoleViewer) -> Response:
    return _page(request, db, viewer)


@router.post("/entrustments", response_class=HTMLResponse)
async def create_entrustment(request: Request, db: DbSession, viewer: ConsoleViewer) -> Response:
    form = await checked_form(request, viewer)
    values: dict[str, Any] = {k: str(form.get(k, "")).strip() for k in EntrustmentCreate.model_fields}
    values["matters"] = [str(m) for m in form.getlist("matters")]
    for key in ("entruster_org_id", "entrusted_org_id"):
        values[key] = int(values[key]) if values[key].isdigit() else (None if key == "entrusted_org_id" else 0)
    try:
        body = EntrustmentCreate.model_validate(values)
        row = entrustments.create(
            db, viewer.principal, body, at=now(), address=client_address(request, request.app.state.app.settings)
        )
    except ValidationError as exc:
        message, status = "；".join(e["message"] for e in form_errors(exc, EntrustmentCreate)), 422
    except DomainError as exc:
        db.rollback()
        message, status = exc.message, ERROR_STATUS.get(exc.code, 400)
    else:
        set_flash(db, viewer, f"已登记委托：{row.entrusted_name}（{row.document_no}）")
        return RedirectResponse("/entrustments", status_code=303)
    return _page(request, db, viewer, status, error=message, values=values)


@router.post("/entrustments/{entrustment_id}/revoke", response_class=HTMLResponse)
async def revoke_entrustment(request: Request, entrustment_id: RowId, db: DbSession, viewer: ConsoleViewer) -> Response:
    await checked_form(request, viewer)
    row = entrustments.revoke(
        db, viewer.principal, entrustment_id, at=now(), address=client_address(request, request.app.state.app.settings)
    )
    set_flash(db, viewer, f"已撤销委托：{row.document_no}")
    return RedirectResponse("/entrustments", status_code=303)


def _case_page(
    request: Request, db: DbSession, viewer: SignedInViewer, case_id: int, status: int = 200, **extra: Any
) -> Response:
    case = visible_case(db, viewer.principal, case_id)
    mine = entrustments.visible(db, viewer.principal) if viewer.principal.role in READERS else []
    usable = [row for row in mine if acts_under(viewer.principal, row)]
    return render(
        request,
        "case_entrustment.html",
        viewer,
        status,
        case=case,
        current=of_case(db, case.id),
        usable=usable,
        matters=MATTERS,
        title="以委托方名义执法",
        **extra,
    )


@router.get("/cases/{case_id}/entrustment", response_class=HTMLResponse)
def case_entrustment_page(request: Request, case_id: RowId, db: DbSession, viewer: SignedInViewer) -> Response:
    return _case_page(request, db, viewer, case_id)


@router.post("/cases/{case_id}/entrustment", response_class=HTMLResponse)
async def record_case_entrustment(request: Request, case_id: RowId, db: DbSession, viewer: SignedInViewer) -> Response:
    form = await checked_form(request, viewer)
    raw = str(form.get("entrustment_id", ""))
    try:
        body = CaseEntrustmentCreate.model_validate({"entrustment_id": int(raw) if raw.isdigit() else 0})
        entrustments.record_on_case(db, viewer.principal, case_id, body, at=now())
    except ValidationError:
        return _case_page(request, db, viewer, case_id, 422, error="请选择委托")
    except DomainError as exc:
        db.rollback()
        return _case_page(request, db, viewer, case_id, ERROR_STATUS.get(exc.code, 400), error=exc.message)
    set_flash(db, viewer, "本案件将以委托方名义执法，文书落款为委托机关")
    return RedirectResponse(f"/cases/{case_id}", status_code=303)
