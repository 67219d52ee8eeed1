"""On-site inspections (现场监督检查): the start, the plan, the record and what follows each finding.

Law and policy behind the rules here:
- 安全生产法 art 65: the department enters, inspects and, for what it finds, corrects a violation on
  the spot or orders its correction within a time limit (65(2)), and orders a hazard removed (65(3)).
- 安全生产法 art 68: the inspectors write down the time, place, content, problems found and how they
  were handled; the inspectors and the enterprise's responsible person sign; a refusal to sign is
  recorded and reported to the department.
- 行政处罚法 art 42: at least two law-enforcement officers (执法人员不得少于两人).
- 北碚府办发〔2016〕65号 (十四): "在监督检查前要编制具体的现场检查方案" — a plan before going;
  (十): joint inspections of one enterprise led by one department and done at once (one record).
- 国办发〔2015〕20号 (九): the "四不两直" unannounced inspection (暗查暗访): no notice to the enterprise.

Lists the console's flat forms cannot hold (the checklist, its results, the findings) are typed one
per line and parsed here, with a message a handler understands.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, field_validator, model_validator

from domain.crime_transfer import CRIME_CATEGORIES, CategoryCode
from domain.errors import InvalidInput
from domain.forms import MAX_ID, LongText, OptionalText, StepForm, choice

PROCESS = "inspection"
MIN_INSPECTORS = 2  # 行政处罚法 art 42
MAX_LINES = 100

MODES = {
    "planned": "计划检查（年度监督检查计划）",
    "random": "“双随机”抽查",
    "unannounced": "“四不两直”暗查暗访",
    "joint": "联合执法检查",
    "ad_hoc": "其他检查（专项、举报核查等）",
}
Mode = Literal["planned", "random", "unannounced", "joint", "ad_hoc"]

FINDING_KINDS = {
    "general_hazard": "一般事故隐患",
    "major_hazard": "重大事故隐患",
    "violation": "安全生产违法行为",
    "crime": "涉嫌犯罪",
}
# How a handler types a finding's kind at the start of its line.
KIND_WORDS = {
    "一般隐患": "general_hazard",
    "一般事故隐患": "general_hazard",
    "重大隐患": "major_hazard",
    "重大事故隐患": "major_hazard",
    "违法行为": "violation",
    "违法": "violation",
    "涉嫌犯罪": "crime",
}
# The case each kind of finding starts, by its case number's prefix (services/*_intake.py).
FOLLOW_UP_PREFIX = {"general_hazard": "YB", "major_hazard": "GP", "violation": "ZG", "crime": "YS"}
FOLLOW_UP_LABELS = {
    "general_hazard": "一般事故隐患闭环治理（整改、复查、验收、销号）",
    "major_hazard": "重大事故隐患挂牌督办",
    "violation": "责令限期整改",
    "crime": "涉嫌犯罪案件移送",
}
# 安全生产法 art 65(2)(3): a violation is corrected on the spot, a general hazard removed at once;
# a major hazard and a suspected crime always start a case.
CORRECTABLE_ON_SITE = frozenset({"violation", "general_hazard"})

RESULTS = {"符合": "pass", "不符合": "fail", "不适用": "n/a"}

DepartmentName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


class InspectionStart(StepForm):
    """立案 of an inspection: whom, how, by whom, when; links to the plan or the draw it comes from."""

    enterprise_id: int = Field(title="被检查单位", ge=1, le=MAX_ID)
    mode: Mode = choice(MODES, "检查方式")
    inspectors: list[int] = Field(title="检查人员（执法人员不少于两人）", max_length=20)
    planned_on: dt.date = Field(title="计划检查日期")
    plan_case_id: int | None = Field(None, title="年度监督检查计划", ge=1, le=MAX_ID)
    draw_id: int | None = Field(None, title="“双随机”抽取批次", ge=1, le=MAX_ID)
    lead_department: OptionalText = Field("", title="牵头部门（联合执法）", max_length=100)
    participant_departments: list[DepartmentName] = Field(
        default_factory=list, title="参加部门（联合执法）", max_length=20
    )

    @field_validator("inspectors")
    @classmethod
    def _inspectors(cls, value: list[int]) -> list[int]:
        if len(set(value)) != len(value):
            raise ValueError("检查人员不能重复")
        if len(value) < MIN_INSPECTORS:
            raise ValueError("检查人员不得少于两人（行政处罚法第四十二条）")
        return value

    @model_validator(mode="after")
    def _mode(self) -> InspectionStart:
        if self.mode == "planned" and self.plan_case_id is None:
            raise ValueError("计划检查须关联年度监督检查计划")
        if self.mode == "random" and self.draw_id is None:
            raise ValueError("“双随机”抽查须关联抽取批次")
        if self.mode == "joint":
            if not self.lead_department or not self.participant_departments:
                raise ValueError("联合执法须填写牵头部门和参加部门")
            if self.lead_department in self.participant_departments:
                raise ValueError("牵头部门不能同时列为参加部门")
        elif self.lead_department or self.participant_departments:
            raise ValueError("只有联合执法检查填写牵头部门和参加部门")
        return self


# ---- steps ------------------------------------------------------------------------------------


class PlanForm(StepForm):
    """现场检查方案 (北碚 (十四)): the matters, the checklist and how the visit is done."""

    matters: LongText = Field(title="检查事项")
    checklist: LongText = Field(title="检查清单（每行一项）")
    arrangements: OptionalText = Field("", title="检查方法和分工")

    @field_validator("checklist")
    @classmethod
    def _checklist(cls, value: str) -> str:
        parse_checklist(value)
        return value


class PlanApprovalForm(StepForm):
    decision: Literal["approve", "return"] = choice({"approve": "批准", "return": "退回修改"}, "审批意见")
    opinion: OptionalText = Field("", title="意见")

    @model_validator(mode="after")
    def _reason(self) -> PlanApprovalForm:
        if self.decision == "return" and not self.opinion:
            raise ValueError("退回修改须说明意见")
        return self


SIGNATURES = {"signed": "被检查单位负责人已签字", "refused": "被检查单位负责人拒绝签字"}


class RecordForm(StepForm):
    """现场检查记录 (安全生产法 art 68): each checklist item's result, the findings, the signature."""

    inspected_on: dt.date = Field(title="检查日期")
    place: OptionalText = Field(title="检查地点", max_length=200)
    results: LongText = Field(title="检查清单结果（每行“项目：符合/不符合/不适用”）")
    findings: OptionalText = Field(
        "", title="发现的问题（每行“一般隐患/重大隐患/违法行为/涉嫌犯罪：情况”，无问题留空）"
    )
    signature: Literal["signed", "refused"] = choice(SIGNATURES, "被检查单位签字")
    signed_by: OptionalText = Field("", title="签字的被检查单位负责人", max_length=50)
    witnesses: OptionalText = Field("", title="拒绝签字时的见证人", max_length=200)

    @field_validator("findings")
    @classmethod
    def _findings(cls, value: str) -> str:
        parse_findings(value)
        return value

    @model_validator(mode="after")
    def _signature(self) -> RecordForm:
        if not self.place:
            raise ValueError("请填写检查地点")
        if self.signature == "signed" and not self.signed_by:
            raise ValueError("请填写签字的被检查单位负责人")
        # 安全生产法 art 68: a refusal is recorded; witnesses make the record evidence of it.
        if self.signature == "refused" and not self.witnesses:
            raise ValueError("被检查单位负责人拒绝签字的，须记录见证人")
        return self


FOLLOW_UP_OUTCOMES = {"case_started": "已启动后续案件", "corrected_on_site": "当场予以纠正（无需立案）"}


class FollowUpForm(StepForm):
    """What followed one finding: the case it started (filled in by the system when the handler
    starts the case from the inspection page), or its correction on the spot (art 65(2))."""

    outcome: Literal["case_started", "corrected_on_site"] = choice(FOLLOW_UP_OUTCOMES, "处理结果")
    case_id: int | None = Field(None, title="后续案件（系统填写）", ge=1, le=MAX_ID)
    case_no: OptionalText = Field("", title="后续案件编号（系统填写）", max_length=40)
    note: OptionalText = Field("", title="纠正情况")

    @model_validator(mode="after")
    def _complete(self) -> FollowUpForm:
        if self.outcome == "case_started" and (self.case_id is None or not self.case_no):
            raise ValueError("请从检查案件页面启动后续案件，由系统关联案件编号")
        if self.outcome == "corrected_on_site" and not self.note:
            raise ValueError("当场纠正须记录纠正情况")
        return self


class FollowUpStart(StepForm):
    """The handler's choices when starting a finding's case; the facts come from the record."""

    grade: int | None = Field(None, title="重大隐患等级（1至4级）", ge=1, le=4)
    category: CategoryCode | None = Field(None, title="涉嫌罪名", json_schema_extra={"labels": dict(CRIME_CATEGORIES)})
    own_enforcement_power: bool = Field(False, title="本机关具有行政强制执行权")


INSPECTION_STATUS_LABELS = {
    "planning": "待编制现场检查方案",
    "approving": "待审批现场检查方案",
    "inspecting": "待现场检查",
    "following_up": "待处理检查发现的问题",
    "completed": "检查完毕",
}


# ---- parsing the typed lists -------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    no: int
    kind: str
    description: str


_SEPARATOR = re.compile(r"[：:]")


def _lines(text: str) -> list[str]:
    lines = [line.strip(" \t-•·") for line in text.splitlines()]
    found = [line for line in lines if line]
    if len(found) > MAX_LINES:
        raise ValueError(f"最多{MAX_LINES}行")
    return found


def parse_checklist(text: str) -> list[str]:
    items = _lines(text)
    if not items:
        raise ValueError("检查清单至少一项")
    if len(set(items)) != len(items):
        raise ValueError("检查清单有重复项目")
    return items


def parse_results(text: str, checklist: list[str]) -> list[tuple[str, str]]:
    """Each item of the plan's checklist with its result; an item left out or unknown is refused."""
    results: dict[str, str] = {}
    for line in _lines(text):
        parts = _SEPARATOR.split(line, maxsplit=1)
        if len(parts) != 2 or parts[1].strip() not in RESULTS:
            raise InvalidInput(f"检查清单结果“{line}”应写成“项目：符合/不符合/不适用”")
        item = parts[0].strip()
        if item not in checklist:
            raise InvalidInput(f"“{item}”不在现场检查方案的检查清单中")
        results[item] = parts[1].strip()
    missing = [item for item in checklist if item not in results]
    if missing:
        raise InvalidInput("以下检查项目没有检查结果：" + "、".join(missing))
    return [(item, results[item]) for item in checklist]


def parse_findings(text: str) -> list[Finding]:
    findings: list[Finding] = []
    for line in _lines(text):
        parts = _SEPARATOR.split(line, maxsplit=1)
        kind = KIND_WORDS.get(parts[0].strip()) if len(parts) == 2 else None
        if kind is None or not parts[1].strip():
            raise ValueError(f"问题“{line}”应以“一般隐患：”“重大隐患：”“违法行为：”或“涉嫌犯罪：”开头")
        findings.append(Finding(len(findings) + 1, kind, parts[1].strip()))
    return findings


def check_follow_up(kind: str, form: FollowUpForm) -> None:
    """The case a finding started must be of its kind; only some findings are corrected on the spot."""
    if form.outcome == "corrected_on_site":
        if kind not in CORRECTABLE_ON_SITE:
            raise InvalidInput(f"{FINDING_KINDS[kind]}不能以当场纠正了结，须启动{FOLLOW_UP_LABELS[kind]}")
        return
    if not form.case_no.startswith(FOLLOW_UP_PREFIX[kind] + "-"):
        raise InvalidInput(f"{FINDING_KINDS[kind]}应启动{FOLLOW_UP_LABELS[kind]}案件")
