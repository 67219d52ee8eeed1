"""Document numbers: gap-free and unique per issuer, type and year, also when issued concurrently;
a retried issue returns the document already issued."""

from __future__ import annotations

import datetime as dt
import hashlib
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from activities.documents import DocumentActivities
from db import models
from tests.support import principal
from workflows.contracts import DocumentIssue

CONTEXT = {
    "agency_name": "麒麟区应急管理局",
    "transferred_on": "2026-11-23",
    "transfer_no": "麒应急移〔2026〕1号",
    "subject": "麒麟区宏达建材有限公司",
    "category_label": "重大责任事故罪",
    "reasons": "证据不足",
    "reconsideration_period": "3日",
    "procuratorate_name": "麒麟区人民检察院",
}


def _case(sessions: sessionmaker[Session]) -> int:
    with sessions() as db:
        now = dt.datetime.now(dt.UTC)
        case = models.Case(
            case_no=f"T-{now.timestamp()}",
            workflow_id=f"t-{now.timestamp()}",
            process="crime_transfer",
            title="文书编号测试",
            status="filed",
            jurisdiction_code="530302",
            jurisdiction_path="530000/530300/530302/",
            created_at=now,
            updated_at=now,
            details={},
        )
        db.add(case)
        db.commit()
        return case.id


def test_concurrent_issues_get_consecutive_numbers_and_a_retry_issues_nothing_twice(
    sessions: sessionmaker[Session],
) -> None:
    issuer = principal(sessions, "mh.police").org_id  # no other test issues for 勐海县公安局
    case_id = _case(sessions)
    activities = DocumentActivities(sessions)
    issued_at = dt.datetime(2031, 3, 9, 2, tzinfo=dt.UTC)

    def issue(n: int) -> str:
        request = DocumentIssue(case_id, f"notice-{n}", "non_filing_notice", issuer, CONTEXT, issued_at)
        return activities.issue_document(request).number

    with ThreadPoolExecutor(max_workers=8) as pool:
        numbers = list(pool.map(issue, range(20)))
    assert sorted(numbers, key=lambda n: int(n.split("〕")[1][:-1])) == [
        f"勐公（刑）不立字〔2031〕{seq}号" for seq in range(1, 21)
    ]
    assert issue(7) == numbers[7]  # the same key again: the same document, no new number
    with sessions() as db:
        documents = list(db.scalars(select(models.Document).where(models.Document.case_id == case_id)))
        counter = db.get(models.DocumentCounter, (issuer, "non_filing_notice", 2031))
    assert len(documents) == 20 and counter is not None and counter.last_seq == 20
    for document in documents:
        assert hashlib.sha256(document.html.encode("utf-8")).hexdigest() == document.sha256
        assert "2031年3月9日" in document.html and "证据不足" in document.html and document.number in document.html


def test_a_correction_points_at_the_document_it_replaces(sessions: sessionmaker[Session]) -> None:
    issuer = principal(sessions, "jh.police").org_id
    case_id = _case(sessions)
    activities = DocumentActivities(sessions)
    first = activities.issue_document(DocumentIssue(case_id, "notice", "non_filing_notice", issuer, CONTEXT))
    second = activities.issue_document(
        DocumentIssue(
            case_id, "notice-v2", "non_filing_notice", issuer, {**CONTEXT, "reasons": "更正：证据不足"}, None, "notice"
        )
    )
    with sessions() as db:
        corrected = db.get(models.Document, second.document_id)
        assert corrected is not None and corrected.replaces_id == first.document_id
    assert second.number != first.number and second.sha256 != first.sha256


def test_text_in_a_document_is_escaped(sessions: sessionmaker[Session]) -> None:
    issuer = principal(sessions, "bn.police").org_id
    case_id = _case(sessions)
    issued = DocumentActivities(sessions).issue_document(
        DocumentIssue(case_id, "x", "non_filing_notice", issuer, {**CONTEXT, "reasons": "<script>alert(1)</script>"})
    )
    with sessions() as db:
        document = db.get(models.Document, issued.document_id)
        assert document is not None
        assert "<script>" not in document.html and "&lt;script&gt;" in document.html
