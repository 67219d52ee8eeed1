"""Import of the enterprise register (检查对象名录库) from a CSV or XLSX sheet, all or nothing.

Every row is checked first (the USCC's checksum, GB 32100-2015; the jurisdiction; the sector,
risk grade, size and status against their lists; a USCC twice in the file); one wrong row and
nothing is written, the reply listing every wrong row. Otherwise, in one transaction, a new USCC
creates an enterprise and a known one updates it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from pydantic import Field, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from db import models
from domain.credit_code import validate_credit_code
from domain.enterprise_register import RISK_GRADES, SIZES, STATUSES, check_choice, key_object_reason_needed
from domain.errors import DomainError, Forbidden
from domain.forms import InputModel, error_message
from services import audit_log, register_config
from services.enterprise_listing import apply
from services.enterprise_registry import REGISTRARS, EnterpriseCreate
from services.principal import Principal
from services.tabular_import import RowError, check_rows, read_table, refuse_if_any

YES = ("是", "Y", "y", "1", "TRUE", "true")
NO = ("否", "N", "n", "0", "FALSE", "false", "")


class ImportRow(InputModel):
    name: str = Field(min_length=2, max_length=200)
    credit_code: str = Field(min_length=1, max_length=30)
    industry: str = Field("", max_length=64)
    sector: str = Field("", max_length=32)
    size: str = Field(max_length=8)
    jurisdiction: str = Field(min_length=2, max_length=60)
    address: str = Field("", max_length=300)
    risk_grade: str = Field("", max_length=8)
    key_object: str = Field("", max_length=8)
    key_object_reason: str = Field("", max_length=300)
    status: str = Field("", max_length=8)  # blank: 在营 for a new enterprise, unchanged for a known one


# 中文列名 → field; the template's header row in this order.
COLUMNS = {
    "企业名称": "name",
    "统一社会信用代码": "credit_code",
    "行业": "industry",
    "行业领域": "sector",
    "规模": "size",
    "所在行政区划": "jurisdiction",
    "地址": "address",
    "风险等级": "risk_grade",
    "重点监管对象": "key_object",
    "列为重点理由": "key_object_reason",
    "经营状态": "status",
}
REQUIRED = ("name", "credit_code", "size", "jurisdiction")


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int

    @property
    def message(self) -> str:
        return f"导入完成：新增{self.created}家，更新{self.updated}家，未变{self.unchanged}家"


def import_register(
    db: Session, principal: Principal, filename: str, data: bytes, *, at: dt.datetime, address: str
) -> ImportResult:
    if principal.role not in REGISTRARS:
        raise Forbidden("只有承办人、机关负责人和安委办工作人员可以导入企业名录")
    rows = check_rows(read_table(filename, data), ImportRow, COLUMNS, required=REQUIRED)
    jurisdictions = _jurisdictions(db, principal)
    errors: list[RowError] = []
    forms: list[tuple[int, EnterpriseCreate]] = []
    cells = dict(rows)
    first_row: dict[str, int] = {}
    for number, row in rows:
        form = _form(number, row, jurisdictions, errors)
        if form is None:
            continue
        if form.credit_code in first_row:
            errors.append(RowError(number, "统一社会信用代码", f"与第{first_row[form.credit_code]}行重复"))
            continue
        first_row[form.credit_code] = number
        forms.append((number, form))
    existing = _existing(db, [form.credit_code for _, form in forms])
    for number, form in forms:
        known = existing.get(form.credit_code)
        if known is not None and known.jurisdiction_code not in jurisdictions.values():
            errors.append(RowError(number, "统一社会信用代码", "该企业已由其他辖区登记，不能在本辖区导入"))
    refuse_if_any(errors)
    created = updated = unchanged = 0
    for number, form in forms:
        known = existing.get(form.credit_code)
        if known is None:
            known = models.Enterprise(credit_code=form.credit_code, name="", industry="", size="")
            known.jurisdiction_code = form.jurisdiction_code
            known.is_key_object = False
            db.add(known)
            db.flush()
            apply(db, principal, known, form, at=at)
            created += 1
        elif apply(db, principal, known, _keeping_blanks(form, cells[number], known), at=at):
            updated += 1
        else:
            unchanged += 1
    result = ImportResult(created, updated, unchanged)
    audit_log.add(
        db,
        action="enterprises_imported",
        at=at,
        actor=principal,
        target=filename[:200],
        detail={"created": created, "updated": updated, "unchanged": unchanged},
        address=address,
    )
    db.commit()
    return result


def _form(
    number: int, row: ImportRow, jurisdictions: dict[str, str], errors: list[RowError]
) -> EnterpriseCreate | None:
    """The row as a register form, or None with its errors added."""
    before = len(errors)
    code = row.credit_code.strip().upper()
    try:
        code = validate_credit_code(code)
    except DomainError as exc:
        errors.append(RowError(number, "统一社会信用代码", exc.message))
    jurisdiction = jurisdictions.get(row.jurisdiction.strip())
    if jurisdiction is None:
        errors.append(RowError(number, "所在行政区划", f"“{row.jurisdiction}”不是本辖区内的行政区划（填代码或名称）"))
    if row.key_object.strip() not in YES + NO:
        errors.append(RowError(number, "重点监管对象", "应填“是”或“否”"))
    try:  # the row's other cells are checked too, so that one upload reports all its mistakes
        form = _create_form(row, code, jurisdiction or "000000")
    except ValidationError as exc:
        for err in exc.errors():
            field = str(err["loc"][0]) if err["loc"] else ""
            errors.append(RowError(number, _HEADERS.get(field, ""), error_message(err)))
        return None
    for check in _CHOICE_CHECKS:
        try:
            check(form)
        except DomainError as exc:
            errors.append(RowError(number, _column_of(exc.message), exc.message))
    return None if len(errors) > before else form


_CHOICE_CHECKS: tuple[Callable[[EnterpriseCreate], object], ...] = (
    lambda f: check_choice(f.size, SIZES, "规模"),
    lambda f: check_choice(f.sector, register_config.sectors(), "行业领域", blank=True),
    lambda f: check_choice(f.risk_grade, RISK_GRADES, "风险等级", blank=True),
    lambda f: check_choice(f.status, STATUSES, "经营状态"),
    lambda f: key_object_reason_needed(f.is_key_object, f.key_object_reason),
)
_HEADERS = {field: header for header, field in COLUMNS.items()} | {"jurisdiction_code": "所在行政区划"}


def _keeping_blanks(form: EnterpriseCreate, row: ImportRow, known: models.Enterprise) -> EnterpriseCreate:
    """An update changes only what the sheet fills in: a blank or missing cell keeps the register's
    value (a sheet of names and codes must not erase grades, addresses or key-object status)."""
    kept: dict[str, object] = {}
    if not row.industry.strip() and not row.sector.strip():
        kept["industry"] = known.industry
    for field in ("address", "sector", "risk_grade", "status"):
        if not getattr(row, field).strip():
            kept[field] = getattr(known, field)
    if not row.key_object.strip():
        kept["is_key_object"] = known.is_key_object
        kept["key_object_reason"] = known.key_object_reason or ""
    return form.model_copy(update=kept)


def _create_form(row: ImportRow, code: str, jurisdiction: str) -> EnterpriseCreate:
    return EnterpriseCreate(
        name=row.name,
        credit_code=code,
        industry=row.industry or row.sector or "未填",
        size=row.size,
        jurisdiction_code=jurisdiction,
        address=row.address,
        sector=row.sector,
        risk_grade=row.risk_grade,
        is_key_object=row.key_object.strip() in YES,
        key_object_reason=row.key_object_reason,
        status=row.status or "在营",
    )


def _column_of(message: str) -> str:
    for header in ("行业领域", "风险等级", "经营状态", "规模", "重点监管对象"):
        if message.startswith(header) or header in message[:12]:
            return header
    return ""


def _jurisdictions(db: Session, principal: Principal) -> dict[str, str]:
    """Code and name → code, for the divisions of the principal's jurisdiction."""
    rows = db.scalars(
        select(models.Jurisdiction).where(
            models.Jurisdiction.path.startswith(principal.jurisdiction_path, autoescape=True)
        )
    )
    found: dict[str, str] = {}
    for j in rows:
        found[j.code] = j.code
        found[j.name] = j.code
    return found


def _existing(db: Session, codes: list[str]) -> dict[str, models.Enterprise]:
    found: dict[str, models.Enterprise] = {}
    for start in range(0, len(codes), 500):
        chunk = codes[start : start + 500]
        for e in db.scalars(select(models.Enterprise).where(models.Enterprise.credit_code.in_(chunk))):
            found[e.credit_code] = e
    return found
