"""Pages for finding things: search across the visible cases (全局搜索), and registering an
enterprise that is not yet in the register (登记企业)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy import select
from starlette.datastructures import FormData

from api.client import client_address
from api.deps import DbSession, now
from db import models
from domain.enterprise_register import RISK_GRADES, SIZES, STATUSES
from domain.errors import DomainError
from domain.forms import form_errors
from domain.roles import Role
from services import case_search, enterprise_registry, register_config
from services.case_queries import enterprises_for
from services.enterprise_registry import EnterpriseCreate
from services.principal import require_role
from web.console.common import ERROR_STATUS, PageRoute, SignedInViewer, checked_form, render, set_flash

router = APIRouter(include_in_schema=False, route_class=PageRoute)


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, db: DbSession, viewer: SignedInViewer, q: str = "") -> Response:
    q = q.strip()[:100]
    hits, error = [], None
    if q:
        try:
            hits = case_search.search(db, viewer.principal, q)
        except DomainError as exc:
            error = exc.message
    status = 422 if error else 200
    return render(request, "search.html", viewer, status, q=q, hits=hits, error=error, title="搜索")


def _jurisdictions(db: DbSession, viewer: SignedInViewer) -> list[tuple[str, str]]:
    rows = db.scalars(
        select(models.Jurisdiction)
        .where(models.Jurisdiction.path.startswith(viewer.principal.jurisdiction_path, autoescape=True))
        .order_by(models.Jurisdiction.path)
    )
    return [(j.code, j.name) for j in rows]


def form_values(form: FormData) -> dict[str, Any]:
    """The posted register form as EnterpriseCreate reads it (a checkbox is a yes/no)."""
    values: dict[str, Any] = {
        k: str(form.get(k, "")).strip() for k in EnterpriseCreate.model_fields if k != "is_key_object"
    }
    values["is_key_object"] = form.get("is_key_object") == "1"
    values["status"] = values["status"] or "在营"
    return values


@router.get("/enterprises/new", response_class=HTMLResponse)
def new_enterprise(request: Request, db: DbSession, viewer: SignedInViewer) -> Response:
    require_role(viewer.principal, Role.HANDLER, Role.OFFICE, Role.HEAD)  # the form only for those who may submit it
    return render(
        request,
        "enterprise_new.html",
        viewer,
        values={},
        sizes=SIZES,
        sectors=register_config.sectors(),
        grades=RISK_GRADES,
        statuses=STATUSES,
        jurisdictions=_jurisdictions(db, viewer),
        known=len(enterprises_for(db, viewer.principal)),
        title="登记企业",
    )


@router.post("/enterprises", response_class=HTMLResponse)
async def create_enterprise(request: Request, db: DbSession, viewer: SignedInViewer) -> Response:
    form = await checked_form(request, viewer)
    values = form_values(form)
    field_errors: dict[str, str] = {}
    try:
        body = EnterpriseCreate.model_validate(values)
        created = enterprise_registry.register(
            db, viewer.principal, body, at=now(), address=client_address(request, request.app.state.app.settings)
        )
    except ValidationError as exc:
        errors = form_errors(exc, EnterpriseCreate)
        field_errors = {e["field"]: e["message"] for e in errors}
        message, status = "；".join(e["message"] for e in errors), 422
    except DomainError as exc:
        message, status = exc.message, ERROR_STATUS.get(exc.code, 400)
    else:
        set_flash(db, viewer, f"已登记企业：{created.name}（{created.credit_code}）")
        return RedirectResponse("/enterprises/new", status_code=303)
    return render(
        request,
        "enterprise_new.html",
        viewer,
        status,
        values=values,
        field_errors=field_errors,
        error=message,
        sizes=SIZES,
        sectors=register_config.sectors(),
        grades=RISK_GRADES,
        statuses=STATUSES,
        jurisdictions=_jurisdictions(db, viewer),
        known=len(enterprises_for(db, viewer.principal)),
        title="登记企业",
    )
