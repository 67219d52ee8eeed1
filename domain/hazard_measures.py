"""Measures of the hazard supervision beyond its main line: publication and filing of the listing,
resumption after a suspension, fines, the closure counter, licence suspension.

Each rule cites its source where it lives. Figures marked [S]/[U] in the domain notes are rows of
`domain/deadline_rules.py` or settings of `config/process.toml`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Literal

from pydantic import Field, model_validator

from domain.forms import LongText, OptionalText, ShortText, StepForm, choice


class ListingPublicationForm(StepForm):
    """挂牌公告 (H22): the listing announced in the media within 5 working days."""

    channel: ShortText = Field(title="公告渠道（网站、媒体）")
    published_on: dt.date = Field(title="公告日期")


class UpperFilingForm(StepForm):
    """报上一级安委办备案 (H21): a new listing is reported upward within 3 working days."""

    upper_office: ShortText = Field(title="备案的上一级安委办")
    filed_on: dt.date = Field(title="报送日期")
    filing_no: OptionalText = Field("", title="报送文号或编号", max_length=100)


def quarter_end(day: dt.date) -> dt.date:
    """The last day of the calendar quarter containing `day` (H8: reports by calendar quarter)."""
    last_month = (day.month - 1) // 3 * 3 + 3
    following = dt.date(day.year + 1, 1, 1) if last_month == 12 else dt.date(day.year, last_month + 1, 1)
    return following - dt.timedelta(days=1)


def quarter_label(day: dt.date) -> str:
    return f"{day.year}年第{(day.month - 1) // 3 + 1}季度"


# ---- resumption after 停产停业 (安全生产法 art 65(1)(3); 16号令 art 18; 煤矿安全生产条例 art 48) ----


class ResumptionApplicationForm(StepForm):
    """16号令 art 18: after the closure evaluation, a written application with the plan and the evaluation."""

    applied_on: dt.date = Field(title="申请日期")
    treatment_plan: LongText = Field(title="治理方案（含完成情况）")
    evaluation_report: LongText = Field(title="评估报告（本单位专家或安全评价机构）")
    evaluator: ShortText = Field(title="评估单位或专家")


RESUMPTION_DECISIONS = {"approve": "同意恢复生产经营", "refuse": "不同意恢复（责令改正、继续停产整改）"}


class ResumptionReviewForm(StepForm):
    """安全生产法 art 65(1)(3): "经审查同意，方可恢复生产经营和使用"; 16号令 art 18: on-site review.

    Coal (煤矿安全生产条例 art 48): the department head signs, the mine-safety inspectorate agrees and
    the head of the government approves before the mine may resume."""

    decision: Literal["approve", "refuse"] = choice(RESUMPTION_DECISIONS, "审查结论")
    reviewed_on: dt.date = Field(title="现场审查日期")
    opinion: LongText = Field(title="审查意见")
    head_signed: bool = Field(False, title="本部门主要负责人已签字（煤矿）")
    inspectorate_agreed: bool = Field(False, title="矿山安全监察机构已审核同意（煤矿）")
    government_approved: bool = Field(False, title="本级人民政府主要负责人已批准（煤矿）")


def check_coal_resumption(form: ResumptionReviewForm) -> None:
    """煤矿安全生产条例 art 48: a mine resumes only after the whole sign-off chain."""
    from domain.errors import InvalidInput

    if form.decision == "approve" and not (form.head_signed and form.inspectorate_agreed and form.government_approved):
        raise InvalidInput(
            "煤矿恢复生产须经本部门主要负责人签字、矿山安全监察机构审核同意并报本级人民政府主要负责人批准"
        )


class ResumptionNoticeForm(StepForm):
    """煤矿安全生产条例 art 49: resumption announced within 5 working days of resuming."""

    channel: ShortText = Field(title="公告渠道")
    published_on: dt.date = Field(title="公告日期")


# ---- fines and the closure counter (安全生产法 arts 102, 113) ---------------------------------

PENALTY_TARGETS = {
    "enterprise": "生产经营单位（未采取措施消除事故隐患，五万元以下）",
    "person": "直接负责的主管人员和其他直接责任人员（拒不执行，五万元以上十万元以下）",
}
# 安全生产法 第一百零二条: 未采取措施消除事故隐患的…处五万元以下的罚款；拒不执行的，责令停产停业整顿，
# 对其直接负责的主管人员和其他直接责任人员处五万元以上十万元以下的罚款.
FINE_RANGE_CNY = {"enterprise": (0, 50_000), "person": (50_000, 100_000)}


class HazardPenaltyForm(StepForm):
    """A penalty decision on the hazard (安全生产法 art 102), recorded on the case."""

    decision_no: ShortText = Field(title="行政处罚决定书文号")
    decided_on: dt.date = Field(title="决定日期")
    target: Literal["enterprise", "person"] = choice(PENALTY_TARGETS, "处罚对象")
    person_name: OptionalText = Field("", title="被处罚人员姓名（对人员处罚时）", max_length=100)
    fine_cny: int = Field(title="罚款金额（元）", ge=1, le=100_000)
    facts: LongText = Field(title="违法事实")

    @model_validator(mode="after")
    def _range(self) -> HazardPenaltyForm:
        low, high = FINE_RANGE_CNY[self.target]
        if not low <= self.fine_cny <= high:
            raise ValueError(f"安全生产法第一百零二条：该处罚对象的罚款为{low}元至{high}元")
        if self.target == "person" and not self.person_name:
            raise ValueError("对人员处罚须填写被处罚人员姓名")
        return self


PENALTY_EVENT = "hazard_penalty"  # the timeline's kind of a penalty recorded on a hazard case


def closure_ground(penalty_days: Iterable[dt.date], on: dt.date) -> str | None:
    """安全生产法 第一百一十三条第一项: a unit with a major hazard penalised three times within 180 days
    or four times within one year must be proposed for closure. None: the count is not reached.

    Counted as periods are (民法典 arts 201-202): the day of a penalty is not counted, so a penalty
    180 days (or one year, to the corresponding day) before `on` is still within the period."""
    days = sorted(d for d in penalty_days if d <= on)
    within_180 = [d for d in days if (on - d).days <= 180]
    year_ago = _year_before(on)
    within_year = [d for d in days if d >= year_ago]
    if len(within_180) >= 3:
        return f"一百八十日内受到{len(within_180)}次行政处罚（安全生产法第一百一十三条第一项）"
    if len(within_year) >= 4:
        return f"一年内受到{len(within_year)}次行政处罚（安全生产法第一百一十三条第一项）"
    return None


def _year_before(day: dt.date) -> dt.date:
    """The day one year earlier whose year-long period ends on `day` (29 February: 28 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return dt.date(day.year - 1, 2, 28)


CLOSURE_GROUNDS = {
    "repeat_penalties": "存在重大事故隐患，一百八十日内三次或者一年内四次受到行政处罚（第一百一十三条第一项）",
    "still_unsafe": "经停产停业整顿，仍不具备安全生产条件（第一百一十三条第二项）",
    "refused_suspension": "拒不执行停产停业整顿决定（第一百一十三条第四项）",
    "hopeless": "整改无望（16号令第十八条）",
}


class ClosureProposalForm(StepForm):
    """提请地方人民政府予以关闭 (安全生产法 art 113; 16号令 art 18)."""

    ground: Literal["repeat_penalties", "still_unsafe", "refused_suspension", "hopeless"] = choice(
        CLOSURE_GROUNDS, "提请关闭的情形"
    )
    government: ShortText = Field(title="提请关闭的地方人民政府")
    proposal_no: ShortText = Field(title="提请关闭文号")
    proposed_on: dt.date = Field(title="提请日期")


# ---- licence suspension during listing (16号令 art 21 [U]; Hubei [S]) --------------------------


class LicenceSuspensionForm(StepForm):
    """暂扣安全生产许可证 while the hazard is listed, returned at delisting."""

    licence_no: ShortText = Field(title="安全生产许可证编号")
    decision_no: ShortText = Field(title="暂扣决定文号")
    suspended_on: dt.date = Field(title="暂扣日期")
    licensing_authority: ShortText = Field(title="发证机关")
