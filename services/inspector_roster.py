"""The inspector roster (执法人员名录库) of a bureau and declared conflicts of interest.

Only holders of a valid 执法证 may be drawn (行政处罚法 art 42); an inspector with a declared
conflict with an enterprise is never drawn for it (art 43: 回避). Imports go through
`services.tabular_import`: every row is checked first, and a file with any wrong row imports
nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import models
from db.roster_models import Inspector, InspectorConflict
from domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from domain.random_draw_forms import ROSTER_COLUMNS, ROSTER_REQUIRED, ConflictInput, InspectorInput
from domain.roles import OrgType, Role
from services.case_actions import RefusedWithErrors
from services.principal import Principal, require_role
from services.tabular_import import RowError, check_rows, read_table, refuse_if_any

STAFF_ROLES = frozenset({Role.HANDLER, Role.HEAD})

ACTIVE_WORDS = {
    "是": True,
    "在岗": True,
    "true": True,
    "1": True,
    "否": False,
    "不在岗": False,
    "false": False,
    "0": False,
}


def require_bureau_staff(principal: Principal) -> None:
    require_role(principal, Role.HANDLER, Role.HEAD)
    if principal.org_type != OrgType.EMERGENCY_BUREAU:
        raise Forbidden("执法人员名录库和随机抽查由应急管理部门管理")


def roster(db: Session, org_id: int) -> list[Inspector]:
    return list(db.scalars(select(Inspector).where(Inspector.org_id == org_id).order_by(Inspector.certificate_no)))


def valid_inspectors(db: Session, org_id: int, day: dt.date) -> list[Inspector]:
    """行政处罚法 art 42: only holders of a 执法证 valid on `day`, and in post."""
    return [i for i in roster(db, org_id) if i.valid_on(day)]


def conflicts_of(db: Session, inspector_ids: Sequence[int]) -> list[InspectorConflict]:
    if not inspector_ids:
        return []
    query = select(InspectorConflict).where(InspectorConflict.inspector_id.in_(inspector_ids))
    return list(db.scalars(query.order_by(InspectorConflict.inspector_id, InspectorConflict.enterprise_id)))


def add_inspector(db: Session, principal: Principal, data: InspectorInput) -> Inspector:
    require_bureau_staff(principal)
    if db.scalar(select(Inspector.id).where(Inspector.certificate_no == data.certificate_no)) is not None:
        raise Conflict(f"执法证号{data.certificate_no}已在名录库中")
    inspector = Inspector(org_id=principal.org_id, **_fields(data, _user_id(db, principal, data.username)))
    db.add(inspector)
    db.commit()
    return inspector


def declare_conflict(db: Session, principal: Principal, data: ConflictInput, today: dt.date) -> InspectorConflict:
    require_bureau_staff(principal)
    inspector = db.get(Inspector, data.inspector_id)
    if inspector is None or inspector.org_id != principal.org_id:
        raise NotFound("本单位名录库中没有该执法人员")
    enterprise = db.get(models.Enterprise, data.enterprise_id)
    if enterprise is None:
        raise NotFound("企业不存在")
    county = db.get(models.Jurisdiction, enterprise.jurisdiction_code)
    if county is None or not county.path.startswith(principal.jurisdiction_path):
        raise InvalidInput("该企业不在本单位管辖范围内，不能登记回避")
    existing = db.scalar(
        select(InspectorConflict).where(
            InspectorConflict.inspector_id == data.inspector_id, InspectorConflict.enterprise_id == data.enterprise_id
        )
    )
    if existing is not None:
        raise Conflict("该执法人员与该企业的回避事由已登记")
    conflict = InspectorConflict(
        inspector_id=data.inspector_id, enterprise_id=data.enterprise_id, reason=data.reason, declared_on=today
    )
    db.add(conflict)
    db.commit()
    return conflict


def import_roster(db: Session, principal: Principal, filename: str, data: bytes) -> tuple[int, int]:
    """All rows or none; returns (added, updated). A certificate already in this bureau's roster is
    updated (a renewed 执法证), one held by another bureau is refused."""
    require_bureau_staff(principal)
    rows = read_table(filename, data)
    columns = {header: name for header, name in ROSTER_COLUMNS.items() if name != "active"}
    errors: list[RowError] = []
    checked = _checked_rows(rows, columns, errors)
    cells = dict(rows)
    seen: dict[str, int] = {}
    planned: list[tuple[InspectorInput, bool, int | None]] = []
    for number, row in checked:
        active = _active(cells[number], number, errors)
        if row.certificate_no in seen:
            errors.append(RowError(number, "执法证号", f"与第{seen[row.certificate_no]}行重复"))
        seen[row.certificate_no] = number
        holder = db.scalar(select(Inspector.org_id).where(Inspector.certificate_no == row.certificate_no))
        if holder is not None and holder != principal.org_id:
            errors.append(RowError(number, "执法证号", "该执法证号已登记在其他单位的名录库中"))
        user_id = None
        try:
            user_id = _user_id(db, principal, row.username)
        except InvalidInput as exc:
            errors.append(RowError(number, "系统账号", exc.message))
        planned.append((row, active, user_id))
    refuse_if_any(errors)
    added = updated = 0
    for row, active, user_id in planned:
        fields = _fields(row, user_id) | {"active": active}
        current = db.scalar(select(Inspector).where(Inspector.certificate_no == row.certificate_no))
        if current is None:
            db.add(Inspector(org_id=principal.org_id, **fields))
            added += 1
        else:
            for name, value in fields.items():
                setattr(current, name, value)
            updated += 1
    db.commit()
    return added, updated


def _checked_rows(
    rows: Sequence[tuple[int, Mapping[str, str]]], columns: Mapping[str, str], errors: list[RowError]
) -> list[tuple[int, InspectorInput]]:
    """Each row against the form, one at a time, so the roster's own checks (repeated or foreign
    certificate, unknown account) add to the same list and the handler sees every wrong row."""
    checked: list[tuple[int, InspectorInput]] = []
    for number, row in rows:
        try:
            checked.extend(check_rows([(number, row)], InspectorInput, columns, required=ROSTER_REQUIRED))
        except RefusedWithErrors as exc:
            prefix = f"第{number}行"
            errors.extend(RowError(number, e["field"].removeprefix(prefix).strip(), e["message"]) for e in exc.errors)
    return checked


def _active(cells: Mapping[str, str], number: int, errors: list[RowError]) -> bool:
    text = cells.get("在岗", "").strip().lower()
    if not text:
        return True
    if text not in ACTIVE_WORDS:
        errors.append(RowError(number, "在岗", "应为是或否"))
        return False
    return ACTIVE_WORDS[text]


def _user_id(db: Session, principal: Principal, username: str) -> int | None:
    if not username:
        return None
    user = db.scalar(
        select(models.User).where(models.User.username == username, models.User.org_id == principal.org_id)
    )
    if user is None:
        raise InvalidInput("本单位没有该系统账号")
    # Enterprise accounts share the bureau's org_id: only the bureau's own staff (承办人, 机关负责人)
    # may be an enforcement officer (行政处罚法 art 42).
    if user.role not in STAFF_ROLES:
        raise InvalidInput("该系统账号不是本单位工作人员账号，不能登记为执法人员")
    return user.id


def _fields(data: InspectorInput, user_id: int | None) -> dict[str, object]:
    return {
        "name": data.name,
        "certificate_no": data.certificate_no,
        "issuing_authority": data.issuing_authority,
        "valid_from": data.valid_from,
        "valid_until": data.valid_until,
        "active": data.active,
        "user_id": user_id,
    }
