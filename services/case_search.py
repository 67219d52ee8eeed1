"""Search across the cases a user may see (全局搜索): by case number fragment, title, enterprise
name or unified social credit code (USCC), document number, and person (a name in the case's
particulars, or a person who acted on its timeline)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import String, cast, func, or_, select
from sqlalchemy.orm import Session

from db import models
from domain.errors import InvalidInput
from services.principal import Principal, visible_cases

LIMIT = 50
MATCHES = ("案件编号", "案件名称", "企业名称", "统一社会信用代码", "文书文号", "人员")


@dataclass(frozen=True)
class Hit:
    case: models.Case
    enterprise_name: str
    matched: tuple[str, ...]  # what matched, in MATCHES' words
    detail: str  # the matching document number or person, where that is what matched


def _needle(text: str) -> str:
    q = " ".join(text.split())
    if len(q) < 2:
        raise InvalidInput("请输入至少2个字（案件编号、企业名称、统一社会信用代码、文书文号或人员姓名）")
    if len(q) > 100:
        raise InvalidInput("搜索内容不能超过100个字")
    return q


def search(db: Session, principal: Principal, text: str, *, limit: int = LIMIT) -> list[Hit]:
    """The visible cases matching `text`, newest first, each with what matched."""
    q = _needle(text)
    upper = q.upper()
    # JSON is stored with non-ASCII characters escaped (\\u5f20): look for both spellings.
    escaped = json.dumps(q)[1:-1]
    by_document = select(models.Document.case_id).where(models.Document.number.contains(q, autoescape=True))
    by_actor = select(models.CaseEvent.case_id).where(models.CaseEvent.actor_name.contains(q, autoescape=True))
    details = cast(models.Case.details, String)
    conditions = {
        "案件编号": func.upper(models.Case.case_no).contains(upper, autoescape=True),
        "案件名称": models.Case.title.contains(q, autoescape=True),
        "企业名称": models.Enterprise.name.contains(q, autoescape=True),
        "统一社会信用代码": models.Enterprise.credit_code.startswith(upper, autoescape=True),
        "文书文号": models.Case.id.in_(by_document),
        "人员": or_(
            details.contains(q, autoescape=True),
            details.contains(escaped, autoescape=True),
            models.Case.id.in_(by_actor),
        ),
    }
    rows = db.execute(
        select(models.Case, models.Enterprise.name, *(c.label(f"m{i}") for i, c in enumerate(conditions.values())))
        .outerjoin(models.Enterprise, models.Enterprise.id == models.Case.enterprise_id)
        .where(visible_cases(principal), or_(*conditions.values()))
        .order_by(models.Case.updated_at.desc(), models.Case.id.desc())
        .limit(limit)
    ).all()
    hits = []
    for row in rows:
        case, enterprise = row[0], row[1] or ""
        matched = tuple(label for i, label in enumerate(conditions) if row[2 + i])
        hits.append(Hit(case, enterprise, matched, _detail(db, case, q, matched)))
    return hits


def _detail(db: Session, case: models.Case, q: str, matched: tuple[str, ...]) -> str:
    if "文书文号" in matched:
        numbers = db.scalars(
            select(models.Document.number).where(
                models.Document.case_id == case.id, models.Document.number.contains(q, autoescape=True)
            )
        ).all()
        return "、".join(numbers)
    if "人员" in matched:
        actors = db.scalars(
            select(models.CaseEvent.actor_name)
            .where(models.CaseEvent.case_id == case.id, models.CaseEvent.actor_name.contains(q, autoescape=True))
            .distinct()
        ).all()
        return "、".join(actors) or f"案件信息中含“{q}”"
    return ""
