"""The enterprise register page (检查对象名录库): list with filters that stay in the URL, an edit
form, and the import of a CSV/XLSX sheet whose refusal shows every wrong row."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from starlette.datastructures import UploadFile

from api.client import client_address
from api.deps import DbSession, RowId, now
from domain.enterprise_register import RISK_GRADES, SIZES, STATUSES
from domain.errors import DomainError, Forbidden, InvalidInput
from domain.forms import form_errors
from services import enterprise_import, enterprise_listing, key_objects, register_config
from services.case_actions import RefusedWithErrors
from services.enterprise_listing import PAGE_SIZE, RegisterFilter
from services.enterprise_registry import REGISTRARS, EnterpriseCreate
from web.console.common import ERROR_STATUS, PageRoute, SignedInViewer, checked_form, render, set_flash
from web.console.directory_pages import _jurisdictions, form_values

router = APIRouter(include_in_schema=False, route_class=PageRoute)


def _filter(q: str, sector: str, risk_grade: str, key_object: str, status: str, page: int) -> RegisterFilter:
    flag = {"1": True, "0": False}.get(key_object)
    return RegisterFilter(q.strip()[:100], sector[:32], risk_grade[:8], flag, status[:8], max(page, 1))


def _lists() -> dict[str, Any]:
    return {"sectors": register_config.sectors(), "grades": RISK_GRADES, "statuses": STATUSES, "sizes": SIZES}


def _register_page(
    request: Request, db: DbSession, viewer: SignedInViewer, where: RegisterFilter, status: int = 200, **extra: Any
) -> Response:
    rows, total = enterprise_listing.search(db, viewer.principal, where)
    query = {
        k: v
        for k, v in {
            "q": where.q,
            "sector": where.sector,
            "risk_grade": where.risk_grade,
            "key_object": "" if where.key_object is None else ("1" if where.key_object else "0"),
            "status": where.status,
        }.items()
        if v
    }
    return render(
        request,
        "enterprise_register.html",
        viewer,
        status,
        rows=rows,
        total=total,
        where=where,
        query=query,
        pages=max(1, -(-total // PAGE_SIZE)),
        may_edit=viewer.principal.role in REGISTRARS,
        columns=list(enterprise_import.COLUMNS),
        title="企业名录",
        **_lists(),
        **extra,
    )


@router.get("/enterprises", response_class=HTMLResponse)
def register_page(
    request: Request,
    db: DbSession,
    viewer: SignedInViewer,
    q: str = "",
    sector: str = "",
    risk_grade: str = "",
    key_object: str = "",
    status: str = "",
    page: int = 1,
) -> Response:
    return _register_page(request, db, viewer, _filter(q, sector, risk_grade, key_object, status, page))


@router.post("/enterprises/import", response_class=HTMLResponse)
async def import_page(request: Request, db: DbSession, viewer: SignedInViewer) -> Response:
    if viewer.principal.role not in REGISTRARS:
        raise Forbidden("只有承办人、机关负责人和安委办工作人员可以导入企业名录")
    form = await checked_form(request, viewer, max_files=1)
    upload = form.get("file")
    try:
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise InvalidInput("请选择要导入的 .csv 或 .xlsx 文件")
        result = enterprise_import.import_register(
            db,
            viewer.principal,
            upload.filename,
            await upload.read(),
            at=now(),
            address=client_address(request, request.app.state.app.settings),
        )
    except RefusedWithErrors as exc:
        db.rollback()
        return _register_page(
            request, db, viewer, RegisterFilter(), 422, import_error=exc.message, import_rows=exc.errors
        )
    except DomainError as exc:
        db.rollback()
        return _register_page(
            request, db, viewer, RegisterFilter(), ERROR_STATUS.get(exc.code, 400), import_error=exc.message
        )
    set_flash(db, viewer, result.message)
    return RedirectResponse("/enterprises", status_code=303)


def _edit_page(
    request: Request, db: DbSession, viewer: SignedInViewer, enterprise_id: int, values: dict[str, Any], **extra: Any
) -> Response:
    status = extra.pop("status", 200)
    return render(
        request,
        "enterprise_edit.html",
        viewer,
        status,
        enterprise_id=enterprise_id,
        values=values,
        history=key_objects.history(db, enterprise_id),
        jurisdictions=_jurisdictions(db, viewer),
        title="修改企业信息",
        **_lists(),
        **extra,
    )


@router.get("/enterprises/{enterprise_id}/edit", response_class=HTMLResponse)
def edit_page(request: Request, enterprise_id: RowId, db: DbSession, viewer: SignedInViewer) -> Response:
    e = enterprise_listing.visible(db, viewer.principal, enterprise_id)
    values = {k: getattr(e, k) for k in EnterpriseCreate.model_fields}
    return _edit_page(request, db, viewer, e.id, values)


@router.post("/enterprises/{enterprise_id}/edit", response_class=HTMLResponse)
async def save_edit(request: Request, enterprise_id: RowId, db: DbSession, viewer: SignedInViewer) -> Response:
    form = await checked_form(request, viewer)
    values = form_values(form)
    field_errors: dict[str, str] = {}
    try:
        body = EnterpriseCreate.model_validate(values)
        saved = enterprise_listing.update(
            db,
            viewer.principal,
            enterprise_id,
            body,
            at=now(),
            address=client_address(request, request.app.state.app.settings),
        )
    except ValidationError as exc:
        errors = form_errors(exc, EnterpriseCreate)
        field_errors = {e["field"]: e["message"] for e in errors}
        message, status = "；".join(e["message"] for e in errors), 422
    except DomainError as exc:
        db.rollback()
        message, status = exc.message, ERROR_STATUS.get(exc.code, 400)
    else:
        set_flash(db, viewer, f"已保存：{saved.name}（{saved.credit_code}）")
        return RedirectResponse("/enterprises", status_code=303)
    enterprise_listing.visible(db, viewer.principal, enterprise_id)
    return _edit_page(
        request, db, viewer, enterprise_id, values, status=status, error=message, field_errors=field_errors
    )
