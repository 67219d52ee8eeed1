"""The public lists (no login): each searchable and paginated by the one shared mechanism, showing
only what was published, in the page and in the JSON API."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from db import models
from services.public_listing import PUBLIC_PAGE_SIZE

NOW = dt.datetime.now(dt.UTC)
TODAY = NOW.astimezone(dt.timezone(dt.timedelta(hours=8))).date()
ROWS = PUBLIC_PAGE_SIZE + 3  # two pages
_serial = itertools.count(1)


def _enterprise(db: Session, name: str) -> models.Enterprise:
    enterprise = models.Enterprise(
        name=name,
        credit_code=f"91530302PUB{next(_serial):07d}",
        industry="化工",
        size="小型",
        jurisdiction_code="530302",
    )
    db.add(enterprise)
    db.flush()
    return enterprise


def _case(db: Session, process: str, title: str, enterprise: models.Enterprise | None, **details: Any) -> models.Case:
    case = models.Case(
        case_no=f"PUB-{next(_serial):06d}",
        workflow_id=f"public-test-{next(_serial)}",
        process=process,
        title=title,
        status="closed",
        closed=True,
        jurisdiction_code="530302",
        jurisdiction_path="530000/530300/530302/",
        enterprise_id=enterprise.id if enterprise else None,
        created_at=NOW,
        updated_at=NOW,
        details=details,
    )
    db.add(case)
    db.flush()
    return case


def _task(db: Session, case: models.Case, step: str, outcome: dict[str, Any], org: str = "ql.handler") -> None:
    user = db.scalars(select(models.User).where(models.User.username == org)).one()
    db.add(
        models.Task(
            id=f"{case.workflow_id}.{step}",
            case_id=case.id,
            step=step,
            title=step,
            org_id=user.org_id,
            role=user.role,
            status="completed",
            opened_at=NOW,
            due_at=NOW,
            deadline_rule="x",
            completed_at=NOW,
            outcome=outcome,
        )
    )


@pytest.fixture(scope="module")
def published(sessions: sessionmaker[Session]) -> None:
    """Two pages of each list, plus what must not show: unpublished, withdrawn, published tomorrow."""
    with sessions.begin() as db:
        for n in range(ROWS):
            _case(db, "accident", f"公示报告{n:02d}号事故", None, report_published=True, published_on=TODAY.isoformat())
        _case(db, "accident", "公示报告未公布事故", None, report_published=False)
        for n in range(ROWS):
            enterprise = _enterprise(db, f"公示隐患企业{n:02d}")
            case = _case(
                db,
                "hazard",
                f"{enterprise.name}：隐患{n:02d}",
                enterprise,
                hazard_title=f"储罐报警失效，负责人张三丰电话13800001111（{n:02d}）",
                grade_label="四级重大事故隐患",
                listing_office="曲靖市麒麟区安全生产委员会办公室",
                supervising_org="麒麟区应急管理局",
                description="内部核查笔记",
            )
            _task(db, case, "publish_listing", {"published_on": TODAY.isoformat()}, "ql.office")
            if n % 2:
                _task(db, case, "delisting_publication", {"published_on": TODAY.isoformat()}, "ql.office")
        unlisted = _enterprise(db, "公示隐患企业未公告")
        _case(db, "hazard", f"{unlisted.name}：未公告", unlisted, hazard_title="未公告")
        for n in range(ROWS + 2):
            enterprise = _enterprise(db, f"公示处罚企业{n:02d}")
            details: dict[str, Any] = {"decision_no": f"麒应急罚〔2026〕{500 + n}号", "published_on": TODAY.isoformat()}
            if n == ROWS:
                details["publication_withdrawn_on"] = TODAY.isoformat()  # revoked: withdrawn (art 48)
            if n == ROWS + 1:
                details["published_on"] = (TODAY + dt.timedelta(days=1)).isoformat()  # not yet public
            case = _case(db, "rectification", f"{enterprise.name}：责令整改", enterprise, **details)
            _task(
                db, case, "penalty_notice", {"facts": "未按期整改，经理李四拒不配合", "basis": "安全生产法第一百零二条"}
            )
            _task(db, case, "penalty_decision", {"decision": "fine", "fine_cny": 30000}, "ql.head")


LISTS = [
    ("/public/reports", "公示报告", "公示报告07号"),
    ("/public/hazards", "公示隐患企业", "公示隐患企业07"),
    ("/public/enforcement", "公示处罚企业", "公示处罚企业07"),
]


@pytest.mark.parametrize(("path", "everything", "one"), LISTS)
def test_each_public_list_is_searchable_and_paginated(
    pages: TestClient, published: None, path: str, everything: str, one: str
) -> None:
    first = pages.get(f"/api/v1{path}", params={"q": everything}).json()
    assert (first["total"], first["pages"], len(first["items"])) == (ROWS, 2, PUBLIC_PAGE_SIZE)
    second = pages.get(f"/api/v1{path}", params={"q": everything, "page": 2}).json()
    assert len(second["items"]) == 3
    assert not {str(i) for i in first["items"]} & {str(i) for i in second["items"]}
    assert pages.get(f"/api/v1{path}", params={"q": one}).json()["total"] == 1
    html = pages.get(path, params={"q": everything})
    assert html.status_code == 200 and "1 / 2" in html.text and "page=2" in html.text
    assert pages.get(path, params={"q": everything, "page": 2}).text.count(everything) >= 3
    found = pages.get(path, params={"q": one}).text
    assert one in found and "1 / 1" in found
    assert "下一页" not in found


def test_public_lists_show_only_what_was_published_and_mask_personal_data(pages: TestClient, published: None) -> None:
    assert pages.get("/api/v1/public/reports", params={"q": "未公布"}).json()["total"] == 0
    assert pages.get("/api/v1/public/hazards", params={"q": "未公告"}).json()["total"] == 0
    hazards = pages.get("/api/v1/public/hazards", params={"q": "公示隐患企业"}).json()["items"]
    assert all("13800001111" not in h["hazard"] and "张某" in h["hazard"] for h in hazards)
    assert all("内部核查笔记" not in str(h) for h in hazards)
    delisted = pages.get("/api/v1/public/hazards", params={"q": "公示隐患企业", "state": "delisted"}).json()
    listed = pages.get("/api/v1/public/hazards", params={"q": "公示隐患企业", "state": "listed"}).json()
    assert (delisted["total"], listed["total"]) == (ROWS // 2, ROWS - ROWS // 2)
    assert all(h["delisted_on"] for h in delisted["items"]) and not any(h["delisted_on"] for h in listed["items"])
    enforcement = pages.get("/api/v1/public/enforcement", params={"q": "公示处罚企业"}).json()
    numbers = {e["decision_no"] for e in enforcement["items"]}
    assert f"麒应急罚〔2026〕{500 + ROWS}号" not in numbers and enforcement["total"] == ROWS  # withdrawn, future
    item = enforcement["items"][0]
    assert item["penalty"] == "罚款30,000元" and "李某" in item["facts"] and item["authority"] == "麒麟区应急管理局"
    page = pages.get("/public/enforcement")
    assert "20个工作日" in page.text and "国办发〔2015〕20号" in page.text  # the configured rule and its basis
    bad_state = pages.get("/public/hazards", params={"state": "secret"})
    assert bad_state.status_code == 422 and "状态只能是" in bad_state.text


def test_public_landing_page_links_every_list_and_switches_to_english(pages: TestClient) -> None:
    landing = pages.get("/public")
    assert landing.status_code == 200
    for href in ("/public/blacklist", "/public/reports", "/public/hazards", "/public/enforcement", "/public/report"):
        assert f'href="{href}"' in landing.text
    pages.get("/lang/en", params={"next": "/public"})
    english = pages.get("/public/hazards")
    pages.get("/lang/zh", params={"next": "/public"})
    assert "Major hazards under listed supervision" in english.text and "中文" in english.text
