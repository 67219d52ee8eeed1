"""The deadline calculator (no login needed) and the holiday calendar (administrators edit it)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.deps import DbSession, State, TemporalClient
from db.calendar_store import load_calendar
from domain.errors import DomainError, InvalidInput
from domain.legal_calendar import UNIT_LABELS, Unit
from domain.roles import Role
from services import calendar_admin
from services.deadline_calculator import calculate
from web.console.common import ConsoleViewer, MaybeViewer, PageRoute, Viewer, checked_form, render

router = APIRouter(include_in_schema=False, route_class=PageRoute)

FIRST_YEAR, LAST_YEAR = 2000, 2100  # the years the calendar pages hold (D18: no link beyond them)


@router.get("/deadlines", response_class=HTMLResponse)
def calculator_page(
    request: Request,
    db: DbSession,
    viewer: MaybeViewer,
    state: State,
    start: str | None = None,
    amount: str | None = None,
    unit: str = Unit.WORKING_DAYS,
    rule: str = "",
    suspend: Annotated[list[str] | None, Query(max_length=400)] = None,
    extend_days: str = "",
) -> Response:
    """期限计算器: the ledger's arithmetic, with suspensions (one range per line) and an extension."""
    result, error = None, None
    ranges = [r.strip() for text in suspend or [] for r in re.split(r"[\n,，;；]+", text) if r.strip()]
    if start:
        try:
            result = calculate(
                load_calendar(db),
                state.config,
                start=start,
                amount=int(amount) if amount else None,
                unit=None if rule and not amount else unit,
                rule_code=rule or None,
                suspend=ranges,
                extend_days=int(extend_days or "0"),
            )
        except InvalidInput as exc:
            error = exc.message
        except ValueError:
            error = "请填写正确的起算日期（YYYY-MM-DD）、期间（整数）、单位和延长天数（整数）"
    extendable = {code: r for code, r in state.config.deadlines.items() if r.max_extension_days is not None}
    return render(
        request,
        "deadlines.html",
        viewer,
        422 if error else 200,
        result=result,
        error=error,
        start=start or "",
        amount=amount or "",
        unit=unit,
        units=UNIT_LABELS,
        rule=rule,
        rules=extendable,
        suspend="\n".join(ranges),
        extend_days=extend_days,
        title="期限计算器",
    )


@router.get("/calendar/{year}", response_class=HTMLResponse)
def calendar_page(year: int, request: Request, db: DbSession, viewer: ConsoleViewer) -> Response:
    return _calendar(request, db, viewer, year)


def _calendar(
    request: Request, db: DbSession, viewer: Viewer, year: int, status_code: int = 200, **extra: object
) -> Response:
    view = calendar_admin.year_view(db, year) if FIRST_YEAR <= year <= LAST_YEAR else None
    can_edit = viewer.principal.role == Role.ADMIN
    return render(
        request,
        "calendar.html",
        viewer,
        status_code if view else 404,
        view=view,
        year=year,
        can_edit=can_edit,
        title="节假日安排",
        first_year=FIRST_YEAR,
        last_year=LAST_YEAR,
        **extra,
    )


@router.post("/calendar/{year}", response_class=HTMLResponse)
async def save_calendar(
    year: int, request: Request, db: DbSession, client: TemporalClient, viewer: ConsoleViewer, state: State
) -> Response:
    posted = await checked_form(request, viewer)
    try:
        holidays = _dates(str(posted.get("holidays", "")))
        makeup = _dates(str(posted.get("makeup_workdays", "")))
        await calendar_admin.import_year(
            db=db,
            client=client,
            task_queue=state.settings.task_queue,
            principal=viewer.principal,
            year=year,
            published=posted.get("published") == "true",
            source=str(posted.get("source", "")).strip() or "未注明",
            holidays=holidays,
            makeup_workdays=makeup,
        )
    except DomainError as exc:
        code = {"forbidden": 403}.get(exc.code, 422)
        return _calendar(request, db, viewer, year, code, error=exc.message)
    return RedirectResponse(f"/calendar/{year}?saved=1", status_code=303)


def _dates(text: str) -> set[dt.date]:
    days = set()
    for part in text.replace("，", ",").replace("\n", ",").split(","):
        if part.strip():
            try:
                days.add(dt.date.fromisoformat(part.strip()))
            except ValueError:
                raise InvalidInput(f"日期“{part.strip()}”格式不正确，应为YYYY-MM-DD") from None
    return days
