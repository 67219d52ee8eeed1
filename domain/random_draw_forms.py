"""The forms and statuses of the double-random draw (双随机抽查), its roster and its matters.

The draw itself is `domain/random_draw.py`; the clock of the publication is
`domain/random_draw_deadlines.py`.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import Field, StringConstraints, model_validator

from domain.forms import InputModel, LongText, OptionalText, ShortText, StepForm
from domain.random_draw import MIN_TEAM_SIZE

PROCESS = "random_draw"

Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50)]


class PublicationForm(StepForm):
    """国办发〔2015〕20号 (十五): 执法信息 published within 20 working days of the decision."""

    published_on: dt.date = Field(title="公开日期")
    channel: ShortText = Field(title="公开渠道", default="本系统公开查询")
    note: OptionalText = Field(title="备注", default="")


class InspectorInput(InputModel):
    """One row of the roster (执法人员名录库), typed in or imported."""

    name: Name = Field(title="姓名")
    certificate_no: Code = Field(title="执法证号")
    issuing_authority: ShortText = Field(title="发证机关")
    valid_from: dt.date = Field(title="有效期起")
    valid_until: dt.date = Field(title="有效期至")
    active: bool = Field(title="在岗", default=True)
    username: Annotated[str, StringConstraints(strip_whitespace=True, max_length=64)] = Field(
        title="系统账号", default=""
    )

    @model_validator(mode="after")
    def _period(self) -> InspectorInput:
        if self.valid_until < self.valid_from:
            raise ValueError("执法证有效期至不得早于有效期起")
        return self


# The roster sheet's columns (中文列名 → field), as `services.tabular_import.check_rows` reads them.
ROSTER_COLUMNS = {
    "姓名": "name",
    "执法证号": "certificate_no",
    "发证机关": "issuing_authority",
    "有效期起": "valid_from",
    "有效期至": "valid_until",
    "在岗": "active",
    "系统账号": "username",
}
ROSTER_REQUIRED = ("name", "certificate_no", "issuing_authority", "valid_from", "valid_until")


class ConflictInput(InputModel):
    """行政处罚法 art 43: an officer with an interest in the enterprise withdraws (回避)."""

    inspector_id: int = Field(title="执法人员", ge=1)
    enterprise_id: int = Field(title="企业", ge=1)
    reason: LongText = Field(title="回避事由")


class MatterInput(InputModel):
    """北碚 (十五): 明确抽查依据、抽查主体、抽查内容、抽查方式."""

    title: ShortText = Field(title="抽查事项")
    legal_basis: LongText = Field(title="抽查依据")
    content: LongText = Field(title="抽查内容")
    sectors: list[Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]] = Field(
        title="适用行业", default_factory=list, max_length=50
    )
    share_percent: float | None = Field(title="抽查比例（%）", default=None, gt=0, le=100)
    draw_count: int | None = Field(title="抽查家数", default=None, ge=1, le=10000)


class DrawRequest(InputModel):
    """A draw for one matter: either a number of enterprises or a share of the pool."""

    matter_id: int = Field(title="抽查事项", ge=1)
    count: int | None = Field(title="抽取企业数", default=None, ge=1, le=10000)
    share_percent: float | None = Field(title="抽取比例（%）", default=None)
    team_size: int = Field(title="每组执法人员数", default=MIN_TEAM_SIZE, le=20)
    # The draw decides (北碚 (十五)): a second draw of the same matter on the same day is allowed
    # only with a reason, which goes on the draw's timeline.
    redraw_reason: str = Field(title="重新抽取的理由", default="", max_length=500)

    @model_validator(mode="after")
    def _one_of(self) -> DrawRequest:
        if self.count is not None and self.share_percent is not None:
            raise ValueError("抽取企业数与抽取比例只能填写一项")
        return self


RANDOM_DRAW_STATUS_LABELS = {
    "publishing": "待公开抽查结果",
    "published": "已公开抽查结果",
}
