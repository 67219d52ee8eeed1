"""The annual enforcement plan (年度监督检查计划): its items, forms and progress, as pure rules.

国办发〔2015〕20号 (十五), 曲靖 (六): each bureau makes an annual enforcement plan naming its
重点监管对象, 检查内容 and 执法措施, and adjusts it as the situation requires. 北碚 (十四): the
plan is made by the end of January of its year, approved by the same-level government, and
filed with the government's 安委办 and the upper department. 本溪 (五): the enterprises' risk
grading is the basis of the plan (a new plan is suggested from the register's 重点监管对象 and
their grades; each item carries the grade it was chosen with). The clocks are in `inspection_plan_deadlines.py`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, ValidationError, field_validator, model_validator
from pydantic_core import PydanticCustomError

from domain.errors import InvalidInput
from domain.forms import MAX_ID, InputModel, LongText, OptionalText, ShortText, StepForm, choice, error_message

PROCESS = "inspection_plan"
MAX_ITEMS = 500
MONTHS = tuple(range(1, 13))

# 本溪 (五) "开展风险分级": the four-colour grading (红橙黄蓝) of the risk-grading guidance.
RISK_GRADES = {"major": "重大风险", "high": "较大风险", "general": "一般风险", "low": "低风险"}
_GRADE_WORDS = {"重大": "major", "较大": "high", "一般": "general", "低": "low", **{k: k for k in RISK_GRADES}}

STATUS_LABELS = {
    "approval": "待政府审查批准",
    "revision": "退回修改",
    "filing": "已批准，待备案",
    "in_force": "执行中",
    "adjusting": "计划调整待审批",
    "ended": "年度结束",
}

Text200 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class PlanItem(InputModel):
    """One 重点监管对象: the enterprise, the grade it was chosen with, what and how often."""

    enterprise_id: int = Field(title="企业", ge=1, le=MAX_ID)
    risk_grade: Literal["major", "high", "general", "low"] = Field(title="风险等级")
    content: Text200 = Field(title="检查内容")
    frequency: int = Field(title="年度检查次数", ge=1, le=52)
    measures: Text200 = Field(title="执法措施")
    months: list[int] = Field(default_factory=list, title="计划检查月份", max_length=52)

    @field_validator("months")
    @classmethod
    def _months(cls, value: list[int]) -> list[int]:
        if any(m not in MONTHS for m in value):
            raise PydanticCustomError("month", "计划检查月份应为1至12")
        return sorted(value)


class PlanDraft(InputModel):
    """The body of `POST /api/v1/inspection-plans`."""

    year: int = Field(title="计划年度")
    items: list[PlanItem] = Field(title="重点监管对象", max_length=MAX_ITEMS)

    @model_validator(mode="after")
    def _not_empty(self) -> PlanDraft:
        if not self.items:
            raise PydanticCustomError("items", "年度执法计划至少应列明一个重点监管对象")
        ids = [item.enterprise_id for item in self.items]
        if len(set(ids)) != len(ids):
            raise PydanticCustomError("items", "同一企业在计划中只能列一项，请合并检查内容和次数")
        return self


def check_year(year: int, today: dt.date) -> None:
    """A plan is made for this year (late, after January) or for the next one."""
    if not today.year <= year <= today.year + 1:
        raise InvalidInput(f"计划年度应为{today.year}年或{today.year + 1}年")


def approval_due(year: int) -> dt.date:
    """北碚 (十四): "在当年1月底前…报经区政府审查批准" — a dated deadline, not a period."""
    return dt.date(year, 1, 31)


def planned_months(item: Mapping[str, object]) -> list[int]:
    """The month of each planned inspection: the listed months in turn, else spread over the year."""
    frequency = int(str(item["frequency"]))
    listed = [int(m) for m in item.get("months") or []]  # type: ignore[attr-defined]
    if listed:
        return sorted(listed[i % len(listed)] for i in range(frequency))
    return [min(12, 1 + (12 * i) // frequency) for i in range(frequency)]


@dataclass(frozen=True)
class MonthProgress:
    month: int
    planned: int
    done: int
    planned_to_date: int
    done_to_date: int


@dataclass(frozen=True)
class EnterpriseProgress:
    enterprise_id: int
    planned: int
    done: int


@dataclass(frozen=True)
class Progress:
    months: list[MonthProgress]
    enterprises: list[EnterpriseProgress]
    planned: int
    done: int  # inspections of planned enterprises, at most their planned number
    unplanned: int  # inspections recorded against the plan of enterprises it does not name

    @property
    def rate(self) -> float:
        return round(self.done / self.planned, 3) if self.planned else 0.0


def progress(items: Sequence[Mapping[str, object]], done: Iterable[tuple[int, dt.date]]) -> Progress:
    """Planned against done, by month and by enterprise. An enterprise's inspections beyond its
    planned number do not make up for another's missed ones."""
    planned_by_month = dict.fromkeys(MONTHS, 0)
    planned_by_enterprise: dict[int, int] = {}
    for item in items:
        enterprise = int(str(item["enterprise_id"]))
        planned_by_enterprise[enterprise] = int(str(item["frequency"]))
        for month in planned_months(item):
            planned_by_month[month] += 1
    done_by_month = dict.fromkeys(MONTHS, 0)
    done_by_enterprise = dict.fromkeys(planned_by_enterprise, 0)
    unplanned = 0
    for enterprise, day in sorted(done, key=lambda row: row[1]):
        if enterprise not in planned_by_enterprise:
            unplanned += 1
        elif done_by_enterprise[enterprise] < planned_by_enterprise[enterprise]:
            done_by_enterprise[enterprise] += 1
            done_by_month[day.month] += 1
    months, planned_sum, done_sum = [], 0, 0
    for month in MONTHS:
        planned_sum += planned_by_month[month]
        done_sum += done_by_month[month]
        months.append(MonthProgress(month, planned_by_month[month], done_by_month[month], planned_sum, done_sum))
    enterprises = [EnterpriseProgress(e, n, done_by_enterprise[e]) for e, n in planned_by_enterprise.items()]
    return Progress(months, enterprises, planned_sum, done_sum, unplanned)


# ---- the items as text, for the web forms and the step/action forms -----------------------

ITEMS_TEXT_FORMAT = "企业编号|风险等级（重大/较大/一般/低）|检查内容|年度检查次数|执法措施|计划月份（如3,9，可空）"
ITEMS_TEXT_HELP = f"每行一个重点监管对象：{ITEMS_TEXT_FORMAT}"
_SPLIT = re.compile(r"[，,、\s]+")


def parse_items_text(text: str) -> list[PlanItem]:
    """The items of a plan typed one per line; refuses with the line number."""
    items: list[PlanItem] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in re.split(r"[|｜]", line)]
        if len(parts) not in (5, 6):
            raise InvalidInput(f"第{number}行应有5或6项，用“|”分隔：{ITEMS_TEXT_HELP}")
        enterprise, grade, content, frequency, measures = parts[:5]
        months = [m for m in _SPLIT.split(parts[5]) if m] if len(parts) == 6 else []
        if not enterprise.isdigit() or not frequency.isdigit() or not all(m.isdigit() for m in months):
            raise InvalidInput(f"第{number}行：企业编号、检查次数和月份应为数字")
        if grade.removesuffix("风险") not in _GRADE_WORDS:
            raise InvalidInput(f"第{number}行：风险等级应为重大、较大、一般或低")
        try:
            items.append(
                PlanItem(
                    enterprise_id=int(enterprise),
                    risk_grade=_GRADE_WORDS[grade.removesuffix("风险")],  # type: ignore[arg-type]
                    content=content,
                    frequency=int(frequency),
                    measures=measures,
                    months=[int(m) for m in months],
                )
            )
        except ValidationError as exc:
            reason = "；".join(str(e["msg"]) for e in exc.errors())
            raise InvalidInput(f"第{number}行：{reason}") from None
    if not items:
        raise InvalidInput("年度执法计划至少应列明一个重点监管对象")
    if len({i.enterprise_id for i in items}) != len(items):
        raise InvalidInput("同一企业在计划中只能列一项，请合并检查内容和次数")
    return items


# 本溪 (五): the risk grade sets the 监管周期. No text fixes the number of visits per grade: these
# are the new plan's suggestions from the register's 重点监管对象, which the handler edits [U].
SUGGESTED_VISITS = {"重大": 4, "较大": 2, "一般": 1, "低": 1}


def suggested_items_text(key_objects: Sequence[tuple[int, str]]) -> str:
    """A new plan's items from the register's 重点监管对象 (id, risk grade): one line each, in the
    form `parse_items_text` reads; an ungraded enterprise is suggested as 一般."""
    lines = []
    for enterprise_id, grade in key_objects:
        grade = grade if grade in SUGGESTED_VISITS else "一般"
        lines.append(
            f"{enterprise_id}|{grade}|安全生产主体责任落实情况|{SUGGESTED_VISITS[grade]}|责令限期改正、依法处罚|"
        )
    return "\n".join(lines)


def items_text(items: Sequence[Mapping[str, object]]) -> str:
    """The inverse of `parse_items_text`, to pre-fill an adjustment."""
    lines = []
    for item in items:
        months = ",".join(str(m) for m in item.get("months") or [])  # type: ignore[attr-defined]
        grade = RISK_GRADES[str(item["risk_grade"])].removesuffix("风险")
        fields = [item["enterprise_id"], grade, item["content"], item["frequency"], item["measures"], months]
        lines.append("|".join(str(f) for f in fields))
    return "\n".join(lines)


# ---- step and action forms ------------------------------------------------------------------

APPROVAL_DECISIONS = {"approve": "批准", "return": "退回修改"}


class PlanApprovalForm(StepForm):
    """The government's review (审查批准), recorded by its 安委办."""

    decision: Literal["approve", "return"] = choice(APPROVAL_DECISIONS, "审查结论")
    approval_no: OptionalText = Field("", title="批准文号", max_length=60)
    opinion: LongText = Field(title="审查意见")

    @model_validator(mode="after")
    def _number(self) -> PlanApprovalForm:
        if self.decision == "approve" and not self.approval_no:
            raise PydanticCustomError("approval_no", "批准计划须填写批准文号")
        return self


class PlanRevisionForm(StepForm):
    items_text: LongText = Field(title="修改后的重点监管对象")
    note: ShortText = Field(title="修改说明")

    @field_validator("items_text")
    @classmethod
    def _items(cls, value: str) -> str:
        _parse_or_refuse(value)
        return value


class PlanFilingForm(StepForm):
    filed_on: dt.date = Field(title="备案日期")
    file_no: OptionalText = Field("", title="备案编号", max_length=60)
    note: OptionalText = Field("", title="备注", max_length=400)


class PlanAdjustmentForm(StepForm):
    """调整计划: the new items and why (国办发 (十五) "根据安全生产实际情况及时进行调整和完善")."""

    items_text: LongText = Field(title="调整后的重点监管对象")
    reason: LongText = Field(title="调整理由")

    @field_validator("items_text")
    @classmethod
    def _items(cls, value: str) -> str:
        _parse_or_refuse(value)
        return value


def _parse_or_refuse(value: str) -> None:
    try:
        parse_items_text(value)
    except InvalidInput as exc:
        raise PydanticCustomError("items_text", exc.message) from None


_ITEM_FIELDS = {name: field.title or name for name, field in PlanItem.model_fields.items()}


def read_draft(raw: object) -> PlanDraft:
    """The API's body, refused with the item and field a handler reads ("第2个重点监管对象的年度检查次数")."""
    try:
        return PlanDraft.model_validate(raw)
    except ValidationError as exc:
        messages = []
        for err in exc.errors():
            loc = [str(p) for p in err["loc"]]
            text = error_message(err)
            if len(loc) >= 3 and loc[0] == "items" and loc[1].isdigit():
                messages.append(f"第{int(loc[1]) + 1}个重点监管对象的{_ITEM_FIELDS.get(loc[2], loc[2])}：{text}")
            elif loc and loc[0] in PlanDraft.model_fields:
                messages.append(f"{PlanDraft.model_fields[loc[0]].title}：{text}")
            else:
                messages.append(text)
        raise InvalidInput("；".join(messages)) from None
