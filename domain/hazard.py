"""Listed supervision of a major accident hazard (重大事故隐患挂牌督办): steps and their forms.

The procedure (domain notes §1): report → listing decision and supervision notice (挂牌督办通知书)
→ publication and filing with the upper office → rectification plan (治理方案) and its review →
rectification with periodic progress reports and possible extension → on-site acceptance (验收)
→ delisting (摘牌销号) and its publication.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from domain.errors import InvalidInput
from domain.forms import MAX_ID, LongText, OptionalText, ShortText, StepForm, choice

# H1: 一般事故隐患 (grade 0) — harmful but easy to remove, fixed by the unit at once (16号令 art 3 [S]).
# Recorded on a case; listed only where local rules say so (西双版纳 (十二): by county governments).
GENERAL = 0
HAZARD_GRADES = {
    GENERAL: "一般事故隐患",
    1: "一级重大隐患",
    2: "二级重大隐患",
    3: "三级重大隐患",
    4: "四级重大隐患",
}
HAZARD_SOURCES = {"inspection": "监督检查发现", "enterprise_report": "企业自报"}


class HazardReport(StepForm):
    """Intake of a major hazard, from an inspection or an enterprise's own report."""

    enterprise_id: int = Field(title="企业", ge=1, le=MAX_ID)
    title: ShortText = Field(title="隐患名称")
    description: LongText = Field(title="隐患描述")
    grade: int = Field(title="隐患等级（0为一般事故隐患）", ge=0, le=4)
    source: Literal["inspection", "enterprise_report"] = choice(HAZARD_SOURCES, "隐患来源")
    found_on: dt.date = Field(title="发现日期")


class ListingDecisionForm(StepForm):
    decision: Literal["list", "not_list"] = choice({"list": "挂牌督办", "not_list": "不予挂牌"}, "决定")
    # Blank: the system issues the notice with its own number; a number typed here is that of a
    # notice already issued on paper (a case taken over from paper records), and none is issued.
    notice_no: OptionalText = Field("", title="挂牌督办通知书文号（留空由系统制发并编号）", max_length=100)
    # H31: a paper notice's service day; the treatment-plan clock runs from it (通知书送达之日).
    notice_served_on: dt.date | None = Field(None, title="纸质通知书送达日期（填写文号时）")
    rectification_deadline: dt.date | None = Field(None, title="整改期限")
    supervision_matters: OptionalText = Field("", title="督办事项")
    responsible_government: OptionalText = Field("", title="责任政府（下级人民政府）", max_length=200)
    lifting_procedure: OptionalText = Field("", title="督办解除方式和程序")
    reason: OptionalText = Field("", title="理由")

    @model_validator(mode="after")
    def _complete(self) -> ListingDecisionForm:
        if self.decision == "list":
            missing = [
                title
                for name, title in (
                    ("rectification_deadline", "整改期限"),
                    ("supervision_matters", "督办事项"),
                    ("responsible_government", "责任政府"),
                    ("lifting_procedure", "督办解除方式和程序"),
                )
                if not getattr(self, name)
            ]
            if missing:
                raise ValueError("挂牌督办须填写：" + "、".join(missing))
        elif not self.reason:
            raise ValueError("不予挂牌须说明理由")
        return self


class PublicationForm(StepForm):
    channel: ShortText = Field(title="公告渠道（网站、媒体）")
    published_on: dt.date = Field(title="公告日期")
    filed_with_upper_office: bool = Field(title="已报上一级安委办备案")

    @model_validator(mode="after")
    def _filed(self) -> PublicationForm:
        if not self.filed_with_upper_office:
            raise ValueError("须报上一级安委办备案后方可办结")
        return self


class RectificationPlanForm(StepForm):
    """The six items of 16号令 art. 15."""

    objectives: LongText = Field(title="治理的目标和任务")
    measures: LongText = Field(title="采取的方法和措施")
    funds_cny: int = Field(title="经费（元）", ge=0, le=10_000_000_000)
    responsible: ShortText = Field(title="负责治理的机构和人员")
    # H5, 16号令 art 15: the plan is drawn up and carried out under the principal head.
    principal_head: OptionalText = Field("", title="组织实施的主要负责人", max_length=100)
    plan_deadline: dt.date = Field(title="治理的时限")
    safety_measures: LongText = Field(title="安全措施和应急预案")


class PlanReviewForm(StepForm):
    decision: Literal["approve", "return"] = choice({"approve": "审查通过", "return": "退回修改"}, "审查结论")
    opinion: LongText = Field(title="审查意见")


# H2, 安全生产法 第四十一条第二款: 重大事故隐患排查治理情况应当及时向负有安全生产监督管理职责的部门和
# 职工大会或者职工代表大会报告 — the enterprise's report to the bureau says when it went to the 职代会.
WORKERS_CONGRESS_TITLE = "已向职工大会或职工代表大会报告的日期"


class ProgressReportForm(StepForm):
    percent_complete: int = Field(title="完成进度（%）", ge=0, le=100)
    summary: LongText = Field(title="进展情况")
    workers_congress_reported_on: dt.date | None = Field(None, title=WORKERS_CONGRESS_TITLE)
    signed_by_head: bool = Field(False, title="书面报告经企业负责人签字（煤矿）")


class CompletionReportForm(StepForm):
    completed_on: dt.date = Field(title="整改完成日期")
    summary: LongText = Field(title="整改完成情况")
    evaluation: LongText = Field(title="评估意见（本单位专家或安全评价机构）")
    workers_congress_reported_on: dt.date | None = Field(None, title=WORKERS_CONGRESS_TITLE)


class ExtensionRequestForm(StepForm):
    requested_deadline: dt.date = Field(title="申请延期至")
    reason: LongText = Field(title="延期理由")


class ExtensionDecisionForm(StepForm):
    decision: Literal["approve", "reject"] = choice({"approve": "同意延期", "reject": "不同意延期"}, "决定")
    new_deadline: dt.date | None = Field(None, title="延期后的整改期限")
    opinion: LongText = Field(title="意见")

    @model_validator(mode="after")
    def _deadline(self) -> ExtensionDecisionForm:
        if self.decision == "approve" and self.new_deadline is None:
            raise ValueError("同意延期须填写延期后的整改期限")
        return self


ACCEPTANCE_DECISIONS = {
    "pass": "验收合格",
    "fail": "验收不合格",
    # 16号令 art 18: 整改无望 → penalty or a request to the government to close the unit.
    "hopeless": "整改无望，依法处罚并提请关闭",
}


class AcceptanceForm(StepForm):
    decision: Literal["pass", "fail", "hopeless"] = choice(ACCEPTANCE_DECISIONS, "验收结论")
    accepted_on: dt.date = Field(title="验收日期")
    inspectors: ShortText = Field(title="验收人员（专家）")
    opinion: LongText = Field(title="验收意见")
    new_deadline: dt.date | None = Field(None, title="重新整改期限（不合格时）")

    @model_validator(mode="after")
    def _deadline(self) -> AcceptanceForm:
        if self.decision == "fail" and self.new_deadline is None:
            raise ValueError("验收不合格须确定重新整改期限")
        return self


class SuspensionOrderForm(StepForm):
    """责令停产停业整顿 (安全生产法 art. 102) for a hazard not rectified in time."""

    order_no: ShortText = Field(title="停产停业整顿决定文号")
    scope: LongText = Field(title="停产停业范围")
    reason: LongText = Field(title="理由")


class SuspensionRefusedForm(StepForm):
    """The enterprise refused the order: may be 危险作业罪 (刑法 art. 134之一(二))."""

    facts: LongText = Field(title="拒不执行的事实")
    evidence: LongText = Field(title="证据")


STATUS_LABELS = {
    "reported": "待挂牌",
    "general_recorded": "一般隐患已登记",
    "resumption": "待审查恢复生产",
    "closure_proposed": "已提请关闭",
    "not_listed": "不予挂牌",
    "listed": "已挂牌",
    "planning": "制定治理方案",
    "rectifying": "整改中",
    "accepting": "待验收",
    "delisting": "待销号",
    "delisted": "已摘牌销号",
}


def check_rectification_deadline(deadline: dt.date, today: dt.date, max_days: int) -> None:
    """A rectification deadline lies in the future and within the configured maximum."""
    if deadline <= today:
        raise InvalidInput(f"整改期限{deadline.isoformat()}须晚于今天（{today.isoformat()}）")
    if (deadline - today).days > max_days:
        raise InvalidInput(f"整改期限不得超过{max_days}日（最长不超过1年）")


def check_total_rectification(deadline: dt.date, decided_on: dt.date, max_days: int) -> None:
    """H23: extensions included, rectification ends at most `max_days` (default 366, "最长不超过1年")
    after the listing decision; an extension's own cap never adds a second year."""
    limit = decided_on + dt.timedelta(days=max_days)
    if deadline > limit:
        raise InvalidInput(
            f"整改期限连同延期合计不得超过{max_days}日（自{decided_on.isoformat()}挂牌督办决定起最长不超过1年，"
            f"至迟{limit.isoformat()}）"
        )


def check_extension_request(requested: dt.date, current: dt.date, today: dt.date, cutoff: dt.date | None) -> None:
    """An extension asks for a later date, made early enough before the current deadline."""
    if requested <= current:
        raise InvalidInput(f"申请延期的日期须晚于现有整改期限{current.isoformat()}")
    if cutoff is not None and today > cutoff:
        raise InvalidInput(f"延期申请应在整改期限届满前提出（最迟{cutoff.isoformat()}），已超过申请时限")


def check_required_records(form: StepForm, today: dt.date, *, coal: bool = False) -> None:
    """What cases under the 2026 rules must record (H2, H5, H31, H8 coal); older cases are not asked."""
    if isinstance(form, RectificationPlanForm) and not form.principal_head:
        raise InvalidInput("治理方案须写明组织实施的主要负责人（16号令第十五条）")
    if isinstance(form, ProgressReportForm | CompletionReportForm):
        reported = form.workers_congress_reported_on
        if reported is None:
            raise InvalidInput(
                "重大事故隐患排查治理情况须同时向职工大会或职工代表大会报告（安全生产法第四十一条第二款）"
            )
        if reported > today:
            raise InvalidInput("向职工大会或职工代表大会报告的日期不能晚于今天")
    if coal and isinstance(form, ProgressReportForm) and not form.signed_by_head:
        raise InvalidInput("煤矿重大事故隐患书面报告须经煤矿企业负责人签字（煤矿安全生产条例第三十五条）")
    if isinstance(form, ListingDecisionForm) and form.decision == "list" and form.notice_no:
        if form.notice_served_on is None:
            raise InvalidInput("填写纸质通知书文号的，须登记其送达日期（治理方案期限自送达之日起算）")
        if form.notice_served_on > today:
            raise InvalidInput("送达日期不能晚于今天")
