"""The serious-dishonesty list: proposal (intake) for handlers, and the public query without login."""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from api.deps import DbSession, State, TemporalClient, now
from domain.blacklist import BlacklistProposal
from domain.errors import DomainError, InvalidInput
from services import blacklist_queries, case_queries
from services.blacklist_intake import propose_listing
from services.public_listing import PublicPage, PublicSearch
from web.console.common import PageRoute, SignedInViewer, Viewer, checked_form, refused_form, render
from web.console.form_render import field_specs, read_fields
from web.console.settle import settled

router = APIRouter(include_in_schema=False, route_class=PageRoute)
CUSTOM_FIELDS = frozenset({"enterprise_id", "condition"})


@router.get("/blacklist/new", response_class=HTMLResponse)
def new_blacklist_page(
    request: Request, db: DbSession, viewer: SignedInViewer, state: State, source: str = ""
) -> Response:
    return _intake(request, db, viewer, state, posted={"source_case_no": source[:40]})


def _intake(
    request: Request, db: DbSession, viewer: Viewer, state: State, status_code: int = 200, **extra: object
) -> Response:
    return render(
        request,
        "blacklist_new.html",
        viewer,
        status_code,
        specs=field_specs(BlacklistProposal, CUSTOM_FIELDS),
        enterprises=case_queries.enterprises_for(db, viewer.principal),
        conditions=state.config.blacklist.conditions,
        title="提请列入严重失信主体名单",
        **extra,
    )


@router.post("/blacklist", response_class=HTMLResponse)
async def create_blacklist_case(
    request: Request, db: DbSession, client: TemporalClient, viewer: SignedInViewer, state: State
) -> Response:
    posted = await checked_form(request, viewer)
    values = read_fields(BlacklistProposal, posted)
    try:
        proposal = BlacklistProposal.model_validate(values)
        case = await propose_listing(
            db=db,
            client=client,
            task_queue=state.settings.task_queue,
            principal=viewer.principal,
            proposal=proposal,
            config=state.config,
            now=now(),
        )
    except (ValidationError, DomainError) as exc:
        status, messages = refused_form(exc, BlacklistProposal)
        return _intake(request, db, viewer, state, status, posted=values, **messages)
    await settled(db, case.id, 0)  # the new case page shows its first task, not "starting" (D14)
    return RedirectResponse(f"/cases/{case.id}", status_code=303)


@router.get("/public/blacklist", response_class=HTMLResponse)
def public_blacklist(request: Request, db: DbSession, name: str = "", code: str = "", page: int = 1) -> Response:
    """面向社会公开查询: anyone, without login, sees the current entries."""
    search = blacklist_queries.PublicSearch(name[:100], code[:40], max(page, 1))
    try:
        rows, total = blacklist_queries.public_entries(db, search)
    except InvalidInput as exc:
        return _public(request, search, [], 0, 422, error=exc.message, code_error=exc.message)
    return _public(request, search, rows, total)


def _public(
    request: Request,
    search: blacklist_queries.PublicSearch,
    rows: Sequence[object],
    total: int,
    status_code: int = 200,
    **extra: object,
) -> Response:
    listing = PublicPage(list(rows), total, PublicSearch.of("", search.page))
    return render(
        request,
        "public_blacklist.html",
        None,
        status_code,
        entries=rows,
        total=total,
        search=search,
        searched=bool(search.name or search.code),
        listing=listing,
        pager_filters={"name": search.name, "code": search.code},
        title="安全生产严重失信主体名单公开查询",
        **extra,
    )
