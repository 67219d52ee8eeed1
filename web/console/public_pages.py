"""The public portal (公开查询, no login): a landing page and the published lists.

Every list shares one search box (`q`), one pager and one page size (`services.public_listing`);
the serious-dishonesty list keeps its own page (`/public/blacklist`, with its credit-code search)
and the report form and its tracking page are in `public_report_pages`.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import DbSession, State, now
from domain.legal_calendar import CHINA_TZ
from services import public_records
from services.public_listing import PublicSearch
from web.console.common import MaybeViewer, PageRoute, render

router = APIRouter(include_in_schema=False, route_class=PageRoute)

PUBLIC_LISTS = (
    ("/public/blacklist", "安全生产严重失信主体名单", "列入管理期内的严重失信主体，可按名称或统一社会信用代码查询"),
    ("/public/reports", "事故调查报告公开", "经批复公布的生产安全事故调查报告，个人信息已脱敏"),
    ("/public/hazards", "重大事故隐患挂牌督办公告", "挂牌督办中与已摘牌销号的重大事故隐患"),
    ("/public/enforcement", "行政执法信息公示", "行政处罚决定等执法信息，自公开之日起可查询"),
    ("/public/random-inspections", "双随机抽查事项清单及结果", "各部门随机抽查事项清单，以及已公开的抽查结果"),
    ("/public/bulletins", "安全生产通报", "安委办公开印发的通报批评、通报表扬和警示通报"),
    ("/public/report", "安全生产举报", "举报安全生产违法行为，可匿名；凭查询码查询办理进展"),
    ("/public/report-outcomes", "举报处理情况公开", "各承办部门举报核查、整改和奖励兑付情况（本溪市实施意见（十））"),
)


@router.get("/public", response_class=HTMLResponse)
def public_index(request: Request, viewer: MaybeViewer) -> Response:
    return render(request, "public_index.html", viewer, lists=PUBLIC_LISTS, title="公开查询")


@router.get("/public/reports", response_class=HTMLResponse)
def public_reports(
    request: Request, db: DbSession, viewer: MaybeViewer, q: str | None = None, page: int = 1
) -> Response:
    listing = public_records.published_reports(db, PublicSearch.of(q, page))
    return render(request, "public_reports.html", viewer, listing=listing, title="事故调查报告公开")


@router.get("/public/hazards", response_class=HTMLResponse)
def public_hazards(
    request: Request, db: DbSession, viewer: MaybeViewer, q: str | None = None, state: str = "", page: int = 1
) -> Response:
    search, error = PublicSearch.of(q, page), None
    if state not in public_records.HAZARD_STATES:
        state, error = "", "状态只能是：挂牌督办中、已摘牌销号或全部"
    return render(
        request,
        "public_hazards.html",
        viewer,
        422 if error else 200,
        listing=public_records.hazard_notices(db, search, state),
        state=state,
        states=public_records.HAZARD_STATES,
        error=error,
        title="重大事故隐患挂牌督办公告",
    )


@router.get("/public/enforcement", response_class=HTMLResponse)
def public_enforcement(
    request: Request, db: DbSession, viewer: MaybeViewer, state: State, q: str | None = None, page: int = 1
) -> Response:
    today = now().astimezone(CHINA_TZ).date()
    listing = public_records.enforcement_notices(db, PublicSearch.of(q, page), today)
    return render(
        request,
        "public_enforcement.html",
        viewer,
        listing=listing,
        rule=state.config.rule("rectification.enforcement_publication"),
        penalty_rule=state.config.rule("rectification.publication"),
        title="行政执法信息公示",
    )
