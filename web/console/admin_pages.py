"""Administrators' page: verification of every case's event hash chain."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import DbSession
from domain.errors import Forbidden
from domain.roles import Role
from services import chain_verify, row_verify
from web.console.common import ConsoleViewer, PageRoute, render

router = APIRouter(include_in_schema=False, route_class=PageRoute)


@router.get("/admin/chain", response_class=HTMLResponse)
def chain_page(request: Request, db: DbSession, viewer: ConsoleViewer) -> Response:
    if viewer.principal.role != Role.ADMIN:
        raise Forbidden("仅系统管理员可以校验时间线哈希链")
    report = chain_verify.verify_all(db)
    rows = [
        {"case_no": case_no, "link": link, "problem": chain_verify.PROBLEM_LABELS[link.problem]}
        for case_no, link in report.broken
    ]
    row_lines = [row_verify.describe_row(problem, case_no) for case_no, problem in report.rows]
    return render(
        request, "admin_chain.html", viewer, report=report, rows=rows, row_lines=row_lines, title="时间线哈希链校验"
    )
