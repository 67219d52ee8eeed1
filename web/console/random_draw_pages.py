"""Pages of the double-random draw (双随机抽查): the roster, the list of matters, the draws, the
draw's page with its seed, pools, result and the "重新验证" button, and the public list."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy import select
from starlette.datastructures import FormData, UploadFile

from api.deps import DbSession, RowId, State, TemporalClient, now
from db import models
from domain.errors import DomainError, InvalidInput
from domain.legal_calendar import CHINA_TZ
from domain.random_draw import DrawInputs
from domain.random_draw_forms import ConflictInput, DrawRequest, InspectorInput, MatterInput
from services import case_queries, inspection_matters, inspector_roster, random_draws
from services.case_actions import RefusedWithErrors
from services.inspector_roster import require_bureau_staff
from web.console.common import MaybeViewer, PageRoute, SignedInViewer, Viewer, checked_form, render, set_flash

router = APIRouter(include_in_schema=False, route_class=PageRoute)


def _text(posted: FormData, name: str) -> str:
    value = posted.get(name, "")
    return value.strip() if isinstance(value, str) else ""


def _values(posted: FormData, names: tuple[str, ...]) -> dict[str, Any]:
    """The non-empty posted fields; numbers stay text for the form model to refuse or accept."""
    return {name: _text(posted, name) for name in names if _text(posted, name)}


def _refusal(exc: ValidationError | DomainError) -> str:
    if isinstance(exc, ValidationError):
        return "；".join(str(e["msg"]).removeprefix("Value error, ") for e in exc.errors())
    if isinstance(exc, RefusedWithErrors):
        return exc.message + "：" + "；".join(f"{e['field']} {e['message']}" for e in exc.errors)
    return exc.message


def _numbers(values: dict[str, Any], *names: str) -> dict[str, Any]:
    for name in names:
        if name in values:
            try:
                values[name] = float(values[name]) if "percent" in name else int(values[name])
            except ValueError:
                raise InvalidInput("请填写数字") from None
    return values


# ---- the roster ---------------------------------------------------------------------------------


@router.get("/roster", response_class=HTMLResponse)
def roster_page(request: Request, db: DbSession, viewer: SignedInViewer) -> Response:
    return _roster(request, db, viewer)


def _roster(request: Request, db: DbSession, viewer: Viewer, status_code: int = 200, **extra: Any) -> Response:
    require_bureau_staff(viewer.principal)
    people = inspector_roster.roster(db, viewer.principal.org_id)
    conflicts = inspector_roster.conflicts_of(db, [p.id for p in people])
    names = {p.id: p.name for p in people}
    named = select(models.Enterprise.id, models.Enterprise.name)
    firms: dict[int, str] = dict(
        db.execute(named.where(models.Enterprise.id.in_([c.enterprise_id for c in conflicts]))).all()
    )
    today = now().astimezone(CHINA_TZ).date()
    return render(
        request,
        "roster.html",
        viewer,
        status_code,
        people=people,
        valid={p.id for p in people if p.valid_on(today)},
        conflicts=[(names.get(c.inspector_id, ""), firms.get(c.enterprise_id, ""), c) for c in conflicts],
        enterprises=case_queries.enterprises_for(db, viewer.principal),
        title="执法人员名录库",
        **extra,
    )


async def _roster_post(request: Request, viewer: Viewer, max_files: int = 0) -> FormData:
    posted = await checked_form(request, viewer, max_files)
    require_bureau_staff(viewer.principal)
    return posted


@router.post("/roster/inspectors", response_class=HTMLResponse)
async def add_inspector(request: Request, db: DbSession, viewer: SignedInViewer) -> Response:
    posted = await _roster_post(request, viewer)
    fields = ("name", "certificate_no", "issuing_authority", "valid_from", "valid_until", "username")
    try:
        inspector = inspector_roster.add_inspector(
            db, viewer.principal, InspectorInput.model_validate(_values(posted, fields))
        )
    except (ValidationError, DomainError) as exc:
        return _roster(request, db, viewer, 422, error=_refusal(exc))
    set_flash(db, viewer, f"已登记执法人员{inspector.name}（执法证号{inspector.certificate_no}）")
    return RedirectResponse("/roster", status_code=303)


@router.post("/roster/import", response_class=HTMLResponse)
async def import_roster(request: Request, db: DbSession, viewer: SignedInViewer) -> Response:
    posted = await _roster_post(request, viewer, max_files=1)
    upload = posted.get("file")
    try:
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise InvalidInput("请选择要导入的 .csv 或 .xlsx 文件")
        added, updated = inspector_roster.import_roster(db, viewer.principal, upload.filename, await upload.read())
    except DomainError as exc:
        return _roster(request, db, viewer, 422, error=_refusal(exc))
    set_flash(db, viewer, f"导入完成：新增{added}人，更新{updated}人")
    return RedirectResponse("/roster", status_code=303)


@router.post("/roster/conflicts", response_class=HTMLResponse)
async def declare_conflict(request: Request, db: DbSession, viewer: SignedInViewer) -> Response:
    posted = await _roster_post(request, viewer)
    try:
        values = _numbers(_values(posted, ("inspector_id", "enterprise_id", "reason")), "inspector_id", "enterprise_id")
        data = ConflictInput.model_validate(values)
        inspector_roster.declare_conflict(db, viewer.principal, data, now().astimezone(CHINA_TZ).date())
    except (ValidationError, DomainError) as exc:
        return _roster(request, db, viewer, 422, error=_refusal(exc))
    set_flash(db, viewer, "已登记回避事由")
    return RedirectResponse("/roster", status_code=303)


# ---- the list of matters ------------------------------------------------------------------------


@router.get("/inspection-matters", response_class=HTMLResponse)
def matters_page(request: Request, db: DbSession, viewer: SignedInViewer) -> Response:
    return _matters(request, db, viewer)


def _matters(request: Request, db: DbSession, viewer: Viewer, status_code: int = 200, **extra: Any) -> Response:
    require_bureau_staff(viewer.principal)
    matters = inspection_matters.matters_of(db, viewer.principal.org_id)
    return render(
        request, "inspection_matters.html", viewer, status_code, matters=matters, title="随机抽查事项清单", **extra
    )


@router.post("/inspection-matters", response_class=HTMLResponse)
async def add_matter(request: Request, db: DbSession, viewer: SignedInViewer) -> Response:
    posted = await checked_form(request, viewer)
    require_bureau_staff(viewer.principal)
    try:
        values = _numbers(
            _values(posted, ("title", "legal_basis", "content", "share_percent", "draw_count")),
            "share_percent",
            "draw_count",
        )
        values["sectors"] = [s for s in _text(posted, "sectors").replace("，", ",").split(",") if s.strip()]
        inspection_matters.add_matter(
            db, viewer.principal, MatterInput.model_validate(values), now().astimezone(CHINA_TZ).date()
        )
    except (ValidationError, DomainError) as exc:
        return _matters(request, db, viewer, 422, error=_refusal(exc))
    set_flash(db, viewer, "已公布抽查事项")
    return RedirectResponse("/inspection-matters", status_code=303)


# ---- the draws ----------------------------------------------------------------------------------


@router.get("/random-draws", response_class=HTMLResponse)
def draws_page(request: Request, db: DbSession, viewer: SignedInViewer) -> Response:
    return _draws(request, db, viewer)


def _draws(request: Request, db: DbSession, viewer: Viewer, status_code: int = 200, **extra: Any) -> Response:
    require_bureau_staff(viewer.principal)
    rows = random_draws.draws_of(db, viewer.principal)
    cases = {c.id: c for c in db.scalars(select(models.Case).where(models.Case.id.in_([r.case_id for r in rows])))}
    matters = inspection_matters.matters_of(db, viewer.principal.org_id)
    titles = {m.id: m.title for m in matters}
    return render(
        request,
        "random_draws.html",
        viewer,
        status_code,
        draws=[(r, cases.get(r.case_id or 0), titles.get(r.matter_id, "")) for r in rows],
        matters=matters,
        title="双随机抽查",
        **extra,
    )


@router.post("/random-draws", response_class=HTMLResponse)
async def create_draw(
    request: Request, db: DbSession, client: TemporalClient, viewer: SignedInViewer, state: State
) -> Response:
    posted = await checked_form(request, viewer)
    values = _values(posted, ("matter_id", "count", "share_percent", "team_size", "redraw_reason"))
    try:
        request_form = DrawRequest.model_validate(
            _numbers(dict(values), "matter_id", "count", "share_percent", "team_size")
        )
        row = await random_draws.make_draw(
            db=db,
            client=client,
            task_queue=state.settings.task_queue,
            principal=viewer.principal,
            request=request_form,
            now=now(),
        )
    except (ValidationError, DomainError) as exc:
        return _draws(request, db, viewer, 422, error=_refusal(exc), posted=values)
    return RedirectResponse(f"/random-draws/{row.id}", status_code=303)


@router.get("/random-draws/{draw_id}", response_class=HTMLResponse)
def draw_page(request: Request, draw_id: RowId, db: DbSession, viewer: SignedInViewer) -> Response:
    return _draw(request, draw_id, db, viewer)


def _draw(request: Request, draw_id: int, db: DbSession, viewer: Viewer, **extra: Any) -> Response:
    row = random_draws.get_draw(db, viewer.principal, draw_id)
    case = db.get(models.Case, row.case_id) if row.case_id else None
    teams = random_draws.selections(db, row.id)
    return render(
        request,
        "random_draw.html",
        viewer,
        draw=row,
        inputs=DrawInputs.from_record(row.inputs),
        case=case,
        teams=teams,
        matter_title=teams[0].matter_title if teams else "",
        title="抽查结果",
        **extra,
    )


@router.post("/random-draws/{draw_id}/verify", response_class=HTMLResponse)
async def verify_draw(request: Request, draw_id: RowId, db: DbSession, viewer: SignedInViewer) -> Response:
    await checked_form(request, viewer)
    row = random_draws.get_draw(db, viewer.principal, draw_id)
    return _draw(request, draw_id, db, viewer, verification=random_draws.verify(db, row))


@router.get("/public/random-inspections", response_class=HTMLResponse)
def public_random_inspections(request: Request, db: DbSession, viewer: MaybeViewer) -> Response:
    """北碚 (十五) and 国办发〔2015〕20号 (十五): the lists of matters and the published results."""
    return render(
        request,
        "public_random_inspections.html",
        viewer,
        matters=inspection_matters.public_matters(db),
        results=inspection_matters.public_results(db),
        title="双随机抽查事项清单及结果公开",
    )
