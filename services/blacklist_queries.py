"""The public query of the serious-dishonesty list, and its export for the national credit platforms."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import models
from domain.blacklist import ENTRY_STATUS_LABELS
from domain.credit_code import validate_credit_code
from domain.errors import InvalidInput
from services import public_listing
from services.principal import Principal
from services.public_listing import paginate

PUBLIC_PAGE_SIZE = public_listing.PUBLIC_PAGE_SIZE

# The columns of the export, in the order of the national credit information sharing platform's
# dishonesty-list template (信用中国 / 国家企业信用信息公示系统); English keys for the JSON form.
EXPORT_FIELDS: tuple[tuple[str, str], ...] = (
    ("entity_name", "主体名称"),
    ("credit_code", "统一社会信用代码"),
    ("list_name", "名单名称"),
    ("reasons", "列入事由"),
    ("basis", "列入依据"),
    ("decision_no", "列入决定文书号"),
    ("deciding_authority", "认定部门"),
    ("listed_on", "列入日期"),
    ("valid_until", "有效期至"),
    ("status", "状态"),
    ("removed_on", "移出日期"),
    ("measures", "联合惩戒措施"),
)
LIST_NAME = "安全生产严重失信主体名单"


@dataclass(frozen=True)
class PublicSearch:
    name: str = ""
    code: str = ""
    page: int = 1


def public_entries(db: Session, search: PublicSearch) -> tuple[list[models.BlacklistEntry], int]:
    """Current entries only: a removed entry leaves the public view but stays in the records."""
    query = select(models.BlacklistEntry).where(models.BlacklistEntry.public.is_(True))
    name = search.name.strip()[:100]
    if name:
        query = query.where(models.BlacklistEntry.enterprise_name.contains(name, autoescape=True))
    code = search.code.strip().upper()
    if code:
        try:
            compact = validate_credit_code(code)
        except InvalidInput as exc:
            raise InvalidInput(f"{exc.message}。请核对后重新输入18位统一社会信用代码") from None
        query = query.where(models.BlacklistEntry.credit_code == compact)
    query = query.order_by(models.BlacklistEntry.listed_on.desc(), models.BlacklistEntry.id.desc())
    listing = paginate(db, query, public_listing.PublicSearch.of("", search.page), size=PUBLIC_PAGE_SIZE)
    return listing.rows, listing.total


def export_rows(db: Session, principal: Principal) -> list[dict[str, str]]:
    """Every entry decided in the principal's jurisdiction, with removals, so the platforms withdraw them."""
    rows = db.execute(
        select(models.BlacklistEntry, models.Organisation.name)
        .join(models.Organisation, models.Organisation.id == models.BlacklistEntry.deciding_org_id)
        .join(models.Case, models.Case.id == models.BlacklistEntry.case_id)
        .where(models.Case.jurisdiction_path.startswith(principal.jurisdiction_path, autoescape=True))
        .order_by(models.BlacklistEntry.id)
    )
    return [
        {
            "entity_name": entry.enterprise_name,
            "credit_code": entry.credit_code,
            "list_name": LIST_NAME,
            "reasons": f"{entry.condition_title}：{entry.reasons}",
            "basis": entry.basis,
            "decision_no": entry.decision_no,
            "deciding_authority": authority,
            "listed_on": entry.listed_on.isoformat(),
            "valid_until": entry.exit_on.isoformat(),
            "status": ENTRY_STATUS_LABELS.get(entry.status, entry.status),
            "removed_on": entry.removed_on.isoformat() if entry.removed_on else "",
            "measures": "；".join(entry.measures),
        }
        for entry, authority in rows
    ]


def export_csv(rows: list[dict[str, str]]) -> str:
    """CSV with Chinese headers and a BOM, as spreadsheet tools and the platforms' importers expect."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([label for _, label in EXPORT_FIELDS])
    for row in rows:
        writer.writerow([row[key] for key, _ in EXPORT_FIELDS])
    return "\ufeff" + out.getvalue()
