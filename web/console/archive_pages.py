"""案卷 (the legal archive): the dossiers of closed cases this user may read, with their checksums.

The download is the API's `/api/v1/cases/{case_id}/archive/file`, which records each read.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import DbSession
from services.archive import access
from web.console.common import PageRoute, SignedInViewer, render

router = APIRouter(include_in_schema=False, route_class=PageRoute)

PAGE_SIZE = 50


@router.get("/archives", response_class=HTMLResponse)
def archives_page(
    request: Request,
    db: DbSession,
    viewer: SignedInViewer,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    total, rows = access.list_archives(db, viewer.principal, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    pages = max(1, -(-total // PAGE_SIZE))
    return render(request, "archives.html", viewer, rows=rows, total=total, page=page, pages=pages, title="执法案卷")
