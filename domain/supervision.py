"""Supervision of an overdue step by the upper safety-committee office (督办)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from domain.forms import LongText, OptionalText, StepForm, choice

SUPERVISION_DECISIONS = {
    "urge": "催办",
    "list_supervision": "挂牌督办",
    "summon": "约谈",
    "circulate": "通报批评",
    "extend": "准予延期",
    "take_over": "提级办理",
}
# These are logged and the supervision stays open; extension and take-over settle it.
NON_TERMINAL_DECISIONS = frozenset({"urge", "list_supervision", "summon", "circulate"})


class SupervisionForm(StepForm):
    """What an upper safety-committee office does about an overdue step (安全生产约谈实施办法 etc.)."""

    decision: Literal["urge", "list_supervision", "summon", "circulate", "extend", "take_over"] = choice(
        SUPERVISION_DECISIONS, "督办措施"
    )
    reason: LongText = Field(title="理由")
    new_due: dt.date | None = Field(None, title="延期至（准予延期时）")
    meeting_on: dt.date | None = Field(None, title="约谈日期（约谈时）")
    attendees: OptionalText = Field("", title="约谈对象（约谈时）", max_length=500)
    # O2-O4: a listing, a circular or a summons is a recorded decision with its content: the
    # document's number, the matters, the deadline for the follow-up and, for a circular, its scope.
    notice_no: OptionalText = Field("", title="督办通知书、通报或约谈通知文号", max_length=100)
    matters: OptionalText = Field("", title="督办、通报或约谈事项")
    follow_up_due: dt.date | None = Field(None, title="整改落实期限（挂牌督办、约谈时）")
    circulation_scope: OptionalText = Field("", title="通报范围（通报时）", max_length=500)

    @model_validator(mode="after")
    def _complete(self) -> SupervisionForm:
        if self.decision == "extend" and self.new_due is None:
            raise ValueError("准予延期须填写新的期限")
        if self.decision == "summon" and (self.meeting_on is None or not self.attendees):
            raise ValueError("约谈须填写约谈日期和约谈对象")
        missing = [title for name, title in MEASURE_CONTENT.get(self.decision, ()) if not getattr(self, name)]
        if missing:
            raise ValueError(f"{SUPERVISION_DECISIONS[self.decision]}须填写：" + "、".join(missing))
        return self


# What each recorded measure must say (audit O2-O4; 国发〔2010〕23号 挂牌督办: 督办事项、办理期限;
# 安全生产约谈实施办法: 约谈事项和整改要求; 通报: 内容和范围).
MEASURE_CONTENT: dict[str, tuple[tuple[str, str], ...]] = {
    "list_supervision": (("notice_no", "督办通知书文号"), ("matters", "督办事项"), ("follow_up_due", "整改落实期限")),
    "summon": (("matters", "约谈事项"), ("follow_up_due", "整改落实期限")),
    "circulate": (("notice_no", "通报文号"), ("matters", "通报事项"), ("circulation_scope", "通报范围")),
}


class SuspendClockForm(StepForm):
    """Stop a statutory clock for time the law excludes (e.g. technical appraisal, Decree 493 art. 27)."""

    task_id: str = Field(title="任务", min_length=1, max_length=120)
    reason: LongText = Field(title="中止计时事由")
    basis: LongText = Field(title="法律依据")


class ResumeClockForm(StepForm):
    task_id: str = Field(title="任务", min_length=1, max_length=120)
    reason: LongText = Field(title="恢复计时说明")


def check_extension_cap(
    *,
    original_due: dt.date,
    new_due: dt.date,
    extensions_so_far: int,
    max_extensions: int | None,
    max_extension_days: int | None,
) -> None:
    """An extension stays within what the rule allows (how often, how far past the original day).

    `original_due` is the period's unrolled last day after the suspended days (A20: 条例 art 29's
    60 days are measured from it, not from a rolled or pre-suspension day)."""
    from domain.errors import InvalidInput

    if max_extensions is not None and extensions_so_far >= max_extensions:
        raise InvalidInput(f"该期限最多可延长{max_extensions}次，已用完")
    if max_extension_days is not None and (new_due - original_due).days > max_extension_days:
        raise InvalidInput(f"延长后的期限不得超过原期限（扣除中止期间后、未顺延）后{max_extension_days}日")
