"""Measures against an unsafe or refusing unit in a contested rectification, with their rules:
停产停业 — temporary (安全生产法 art 65(3)) or 停产停业整顿 (art 102) — with its period and the
review before resumption, and the grounds of 提请关闭 (art 113) with the penalty counter.

Re-exported by `domain.rectification`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Literal

from pydantic import Field, model_validator

from domain.forms import LongText, OptionalText, ShortText, StepForm, choice

SUSPENSION_KINDS = {
    "temporary": "责令暂时停产停业（安全生产法第六十五条第一款第（三）项，重大事故隐患排除前无法保证安全）",
    "rectification": "责令停产停业整顿（安全生产法第一百零二条，拒不执行消除隐患的决定）",
}


class SuspensionForm(StepForm):
    """The order to stop production: its kind, number, scope, reasons and service; its period runs
    from service (一般不超过六个月, configurable [U]) and ends with a review before resumption."""

    kind: Literal["temporary", "rectification"] = Field(
        "rectification", title="停产停业类型", json_schema_extra={"labels": dict(SUSPENSION_KINDS)}
    )
    order_no: ShortText = Field(title="停产停业决定文号")
    scope: LongText = Field(title="停产停业范围")
    reason: LongText = Field(title="理由")
    # Optional so that orders recorded before it still validate; the action requires it.
    served_on: dt.date | None = Field(None, title="决定送达日期")


class ResumptionApplicationForm(StepForm):
    """The unit applies in writing to resume, the major hazard removed (art 65(3), 16号令 art 18)."""

    applied_on: dt.date = Field(title="申请恢复生产经营日期")
    removal: LongText = Field(title="重大事故隐患排除及整改情况（含评估报告）")


class ResumptionReviewForm(StepForm):
    """Art 65(3): "重大事故隐患排除后，经审查同意，方可恢复生产经营和使用"."""

    decision: Literal["approve", "refuse"] = choice({"approve": "同意恢复生产经营", "refuse": "不同意恢复"}, "审查结论")
    reviewed_on: dt.date = Field(title="审查日期")
    opinion: LongText = Field(title="审查意见")


CLOSURE_GROUNDS = {
    "penalties": "存在重大事故隐患，一百八十日内三次或者一年内四次受到行政处罚（第一百一十三条第（一）项）",
    "not_safe_after_suspension": "经停产停业整顿，仍不具备安全生产条件（第（二）项）",
    "major_accident": "不具备安全生产条件，导致发生重大、特别重大生产安全事故（第（三）项）",
    "refused_suspension": "拒不执行停产停业整顿决定（第（四）项）",
}


def closure_by_penalties(decided_on: Iterable[dt.date]) -> bool:
    """安全生产法 art 113(1): three penalties within 180 days, or four within one year, by the days
    of the penalty decisions; the periods run from the day after the first (民法典 art 201) and end
    on their last day (180 days later; the corresponding day of the next year, art 202)."""
    days = sorted(decided_on)
    for i, first in enumerate(days):
        if i + 2 < len(days) and (days[i + 2] - first).days <= 180:
            return True
        if i + 3 < len(days) and days[i + 3] <= _one_year_after(first):
            return True
    return False


def _one_year_after(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February: the month has no corresponding day, its last day ends it
        return day.replace(year=day.year + 1, day=28)


class ClosureProposalForm(StepForm):
    """安全生产法 art 113: ask the government to close the unit (提请关闭), on one of its grounds."""

    government: ShortText = Field(title="提请关闭的人民政府")
    reasons: LongText = Field(title="提请关闭的理由")
    # Optional so that proposals recorded before it still validate; the action requires it.
    ground: Literal["", "penalties", "not_safe_after_suspension", "major_accident", "refused_suspension"] = Field(
        "", title="关闭情形", json_schema_extra={"labels": dict(CLOSURE_GROUNDS)}
    )
    # One decision a line, "YYYY-MM-DD 文号" (a text field, so the console renders it as one).
    penalties: OptionalText = Field("", title="受到的行政处罚（第（一）项；每行：决定日期 文号）", max_length=2000)

    def penalty_days(self) -> list[dt.date]:
        days = []
        for line in self.penalties.splitlines():
            first = line.strip().split(" ", 1)[0] if line.strip() else ""
            if first:
                try:
                    days.append(dt.date.fromisoformat(first))
                except ValueError:
                    raise ValueError(f"行政处罚决定日期格式应为YYYY-MM-DD：{first}") from None
        return days

    @model_validator(mode="after")
    def _penalties(self) -> ClosureProposalForm:
        if self.ground == "penalties" and not closure_by_penalties(self.penalty_days()):
            raise ValueError("须一百八十日内受到三次或者一年内受到四次行政处罚（安全生产法第一百一十三条第（一）项）")
        return self


SEIZURE_MEASURES = {"seal": "查封", "seize": "扣押"}


class SeizureForm(StepForm):
    """查封、扣押 (安全生产法 art 65(1)(四); 行政强制法 arts 24–25): by a written 强制措施决定书 with a
    list, handed over on the spot; at most 30 days, once extended by at most 30 days."""

    measure: Literal["seal", "seize"] = choice(SEIZURE_MEASURES, "强制措施")
    items: LongText = Field(title="查封、扣押的场所、设施或者财物（名称、数量）")
    place: ShortText = Field(title="地点")
    reason: LongText = Field(title="理由和依据")
    served_on: dt.date = Field(title="决定书当场交付日期")


SEIZURE_HANDLING = {
    "release": "解除查封、扣押（行政强制法第二十八条）",
    "confiscate": "依法没收（第二十七条）",
    "destroy": "依法销毁（第二十七条）",
    "for_fine": "当事人不履行罚款的，依法拍卖抵缴罚款（第四十六条第三款）",
}


class SeizureHandlingForm(StepForm):
    """行政强制法 art 27: a handling decision within the period of art 25."""

    decision: Literal["release", "confiscate", "destroy", "for_fine"] = choice(SEIZURE_HANDLING, "处理决定")
    decided_on: dt.date = Field(title="处理决定日期")
    record: LongText = Field(title="处理情况")
