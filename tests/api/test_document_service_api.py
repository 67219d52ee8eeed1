"""Service of documents (送达) and PDFs over the JSON API and the console: a valid service is
recorded once and shown on the case and document pages; every invalid one is refused with a
Chinese message and writes nothing; the PDF carries the document's Chinese text."""

from __future__ import annotations

import asyncio
import datetime as dt
import io

import httpx
from pypdf import PdfReader
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from db import models
from domain.legal_calendar import CHINA_TZ
from tests.api.conftest import Login
from tests.api.test_crime_transfer_api import _complete, _task
from tests.api.test_hazard_api import _enterprise
from tests.workflows.test_rectification import ORDER


def _service_count(sessions: sessionmaker[Session]) -> int:
    with sessions() as db:
        return int(db.scalar(select(func.count()).select_from(models.DocumentService)) or 0)


async def _ordered_case(
    http: httpx.AsyncClient, sessions: sessionmaker[Session], order: dict[str, object] = ORDER
) -> int:
    """A rectification whose order is issued and waits for its service step."""
    today = dt.datetime.now(CHINA_TZ).date().isoformat()
    created = await http.post(
        "/api/v1/rectifications",
        json={
            "enterprise_id": _enterprise(sessions, "530302"),
            "inspection_record_no": "麒应急检〔2026〕31号",
            "inspected_on": today,
            "findings": "消防通道堵塞",
        },
    )
    assert created.status_code == 201, created.text
    case_id = int(created.json()["id"])
    await _complete(http, case_id, "order", order)
    await _task(http, case_id, "service")
    return case_id


async def _case_with_unserved_opinion(http: httpx.AsyncClient, sessions: sessionmaker[Session]) -> tuple[int, dict]:
    """A rectification whose order is served and whose re-inspection opinion waits to be served."""
    today = dt.datetime.now(CHINA_TZ).date().isoformat()
    case_id = await _ordered_case(http, sessions)
    await _complete(
        http,
        case_id,
        "service",
        {"method": "direct", "served_on": today, "recipient": "安全负责人 王五", "proof": "送达回证第12号"},
    )
    await _complete(http, case_id, "completion", {"reported_on": today, "report": "已整改"})
    await _complete(
        http, case_id, "reinspection", {"result": "not_rectified", "inspected_on": today, "opinion": "未整改"}
    )
    await _task(http, case_id, "penalty_notice")
    documents = (await http.get(f"/api/v1/cases/{case_id}")).json()["documents"]
    return case_id, {d["doc_type"]: d for d in documents}


async def test_service_is_validated_recorded_once_and_shown(login: Login, sessions: sessionmaker[Session]) -> None:
    today = dt.datetime.now(CHINA_TZ).date()
    handler, office, other = await login("ql.handler"), await login("ql.office"), await login("jh.handler")
    case_id, documents = await _case_with_unserved_opinion(handler, sessions)
    order, opinion = documents["rectification_order"], documents["reinspection_opinion"]
    # The order was served in its step: the record is on the case, with its proof.
    assert order["service"]["method"] == "direct" and order["service"]["proof"] == "送达回证第12号"
    assert opinion["service"] is None
    before = _service_count(sessions)

    url = f"/api/v1/documents/{opinion['id']}/service"
    post = {"method": "post", "served_on": today.isoformat(), "proof": "EMS 1190 2233 4455"}
    refusals = [
        ({**post, "served_on": (today + dt.timedelta(days=1)).isoformat()}, 422, "送达日期不能晚于今天"),
        ({**post, "served_on": (today - dt.timedelta(days=1)).isoformat()}, 422, "不能早于文书签发日期"),
        ({**post, "proof": ""}, 422, "邮寄送达须填写送达凭证"),
        ({**post, "method": "direct"}, 422, "须填写受送达人"),
        ({**post, "method": "pigeon"}, 422, "送达方式"),
        ({**post, "served_on": "2026-13-01"}, 422, "送达日期"),
    ]
    for form, status, message in refusals:
        response = await handler.post(url, json={"form": form})
        assert response.status_code == status and message in response.json()["message"], (form, response.text)
    assert (await other.post(url, json={"form": post})).status_code == 404  # another county's case
    forbidden = await office.post(url, json={"form": post})
    assert forbidden.status_code == 403 and "制发文书的机关" in forbidden.json()["message"]
    # A document of another case, named through this case's action: unknown here.
    unknown = await handler.post(
        f"/api/v1/cases/{case_id}/actions/serve_document", json={"form": {**post, "document_id": 10**9}}
    )
    assert unknown.status_code == 422 and "本案件没有该文书" in unknown.json()["message"]
    served_twice = await handler.post(f"/api/v1/documents/{order['id']}/service", json={"form": post})
    assert served_twice.status_code == 409 and "不能重复登记" in served_twice.json()["message"]
    assert _service_count(sessions) == before  # nothing written by a refusal

    served = await handler.post(url, json={"form": post})
    assert served.status_code == 201, served.text
    again = await handler.post(url, json={"form": post})
    assert again.status_code == 409 and "不能重复登记" in again.json()["message"]
    assert _service_count(sessions) == before + 1
    record = (await handler.get(url)).json()
    assert record["method"] == "post" and record["proof"] == "EMS 1190 2233 4455"
    assert record["served_on"] == record["effective_on"] == today.isoformat()
    assert record["recorded_by_name"]
    detail = (await handler.get(f"/api/v1/cases/{case_id}")).json()
    assert any(e["kind"] == "document_served" and opinion["number"] in e["summary"] for e in detail["events"])

    case_page = await handler.get(f"/cases/{case_id}")
    assert f'href="/documents/{opinion["id"]}/service"' in case_page.text and "邮寄送达" in case_page.text
    record_page = await handler.get(f"/documents/{opinion['id']}/service")
    assert record_page.status_code == 200 and "EMS 1190 2233 4455" in record_page.text
    assert opinion["sha256"] in record_page.text and "service-form" not in record_page.text
    assert (await other.get(f"/documents/{opinion['id']}/service")).status_code == 404


async def test_service_form_on_the_document_page_refuses_and_records(
    login: Login, sessions: sessionmaker[Session]
) -> None:
    today = dt.datetime.now(CHINA_TZ).date()
    handler = await login("ql.handler")
    _, documents = await _case_with_unserved_opinion(handler, sessions)
    opinion = documents["reinspection_opinion"]
    page = await handler.get(f"/documents/{opinion['id']}/service")
    assert page.status_code == 200 and 'id="service-form"' in page.text and "公告送达" in page.text
    csrf = handler.headers["X-CSRF-Token"]
    refused = await handler.post(
        f"/documents/{opinion['id']}/service",
        data={"csrf_token": csrf, "method": "announcement", "served_on": today.isoformat(), "proof": ""},
    )
    assert refused.status_code == 422 and "公告送达须填写送达凭证" in refused.text
    recorded = await handler.post(
        f"/documents/{opinion['id']}/service",
        data={"csrf_token": csrf, "method": "announcement", "served_on": today.isoformat(), "proof": "公告第8号"},
    )
    assert recorded.status_code == 303
    page = await handler.get(f"/documents/{opinion['id']}/service")
    # 公告送达: deemed served when the announcement period (30 days by default) ends.
    deemed = today + dt.timedelta(days=30)
    assert f"{deemed.year}年{deemed.month}月{deemed.day}日" in page.text and "公告期满" in page.text


async def test_pdf_of_a_document_has_its_chinese_text_and_the_same_access(
    login: Login, sessions: sessionmaker[Session]
) -> None:
    handler, other = await login("ql.handler"), await login("jh.handler")
    case_id = await _ordered_case(handler, sessions)
    order = (await handler.get(f"/api/v1/cases/{case_id}")).json()["documents"][0]
    # The order's service is recorded in its own step, whose date starts the rectification period.
    today = dt.datetime.now(CHINA_TZ).date().isoformat()
    in_step = await handler.post(
        f"/api/v1/documents/{order['id']}/service",
        json={"form": {"method": "direct", "served_on": today, "recipient": "王五"}},
    )
    assert in_step.status_code == 409 and "送达责令限期整改指令书" in in_step.json()["message"]
    record_page = await handler.get(f"/documents/{order['id']}/service")
    assert "送达责令限期整改指令书" in record_page.text and 'id="service-form"' not in record_page.text
    for url in (f"/api/v1/documents/{order['id']}/pdf", f"/documents/{order['id']}/pdf"):
        response = await handler.get(url)
        assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
        assert response.headers["x-document-sha256"] == order["sha256"]
        reader = PdfReader(io.BytesIO(response.content))
        text = "".join(page.extract_text() for page in reader.pages)
        assert "责令限期整改指令书" in text and order["number"] in text and "自本指令书送达之日起30日内" in text
        assert (await other.get(url)).status_code == 404


async def test_a_document_issued_as_the_case_closes_is_served_with_the_same_checks(
    login: Login, sessions: sessionmaker[Session]
) -> None:
    today = dt.datetime.now(CHINA_TZ).date()
    handler, office = await login("ql.handler"), await login("ql.office")
    case_id = await _ordered_case(handler, sessions)
    served = {"method": "direct", "served_on": today.isoformat(), "recipient": "王五"}
    await _complete(handler, case_id, "service", served)
    await _complete(handler, case_id, "completion", {"reported_on": today.isoformat(), "report": "已整改"})
    await _complete(
        handler,
        case_id,
        "reinspection",
        {"result": "rectified", "inspected_on": today.isoformat(), "opinion": "已整改到位"},
    )
    for _ in range(200):  # the opinion is issued and the case closes right after the last step
        detail = (await handler.get(f"/api/v1/cases/{case_id}")).json()
        if detail["closed"] and any(d["doc_type"] == "reinspection_opinion" for d in detail["documents"]):
            break
        await asyncio.sleep(0.05)
    opinion = next(d for d in detail["documents"] if d["doc_type"] == "reinspection_opinion")
    url = f"/api/v1/documents/{opinion['id']}/service"
    before = _service_count(sessions)
    future = await handler.post(url, json={"form": {**served, "served_on": (today + dt.timedelta(days=1)).isoformat()}})
    assert future.status_code == 422 and "不能晚于今天" in future.json()["message"]
    no_method = await handler.post(url, json={"form": {"served_on": today.isoformat()}})
    assert no_method.status_code == 422 and "送达方式" in no_method.json()["message"]
    assert (await office.post(url, json={"form": served})).status_code == 403
    assert _service_count(sessions) == before
    recorded = await handler.post(url, json={"form": served})
    assert recorded.status_code == 201 and opinion["number"] in recorded.json()["message"]
    assert (await handler.post(url, json={"form": served})).status_code == 409
    assert (await handler.get(url)).json()["recipient"] == "王五"


async def test_pdf_of_a_document_with_a_character_no_shipped_font_draws_is_refused_with_its_name(
    login: Login, sessions: sessionmaker[Session]
) -> None:
    handler = await login("ql.handler")
    case_id = await _ordered_case(handler, sessions, {**ORDER, "hazards": "报警器失效😀，位置见𠀀号图"})
    order = (await handler.get(f"/api/v1/cases/{case_id}")).json()["documents"][0]
    api = await handler.get(f"/api/v1/documents/{order['id']}/pdf")
    assert api.status_code == 422, api.text
    assert api.json()["message"] == "文书中含有无法排版的字符：😀（U+1F600）、𠀀（U+20000），无法生成PDF"
    page = await handler.get(f"/documents/{order['id']}/pdf")
    assert page.status_code == 422 and "文书中含有无法排版的字符：😀（U+1F600）" in page.text
