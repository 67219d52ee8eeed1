"""Public reports of work-safety violations (安全生产举报, 12350): the form anyone may fill in,
the steps of their verification, what the reporter sees and how identities are masked.

安全生产法 art 73 [P]: the department accepts, verifies and records a report, transfers what is
outside its remit, and keeps the reporter's identity confidential. The clocks are in
`public_report_deadlines.py`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, field_validator, model_validator
from pydantic_core import PydanticCustomError

from domain.forms import LongText, OptionalText, ShortText, StepForm, choice

PROCESS = "public_report"
MAX_DESCRIPTION = 2000
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}$")


# The length caps of the public form; the shared text types allow 4,000 characters.
ReportText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_DESCRIPTION)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, max_length=50)]
Phone = Annotated[str, StringConstraints(strip_whitespace=True, max_length=20)]
EnterpriseName = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
JurisdictionCode = Annotated[str, StringConstraints(strip_whitespace=True, max_length=6)]


class PublicReportSubmission(StepForm):
    """举报: what, where, which enterprise if known; contact details optional (anonymous allowed)."""

    jurisdiction_code: str = Field(title="所在地区", pattern=r"^\d{6}$")
    description: ReportText = Field(title="举报内容（违法行为）")
    place: ShortText = Field(title="发生地点")
    enterprise_name: EnterpriseName = Field("", title="涉及单位名称（如知道）")
    occurred_on: dt.date | None = Field(None, title="发现或发生日期")
    reporter_name: Name = Field("", title="举报人姓名（可不填）")
    reporter_phone: Phone = Field("", title="联系电话（可不填）")

    @field_validator("reporter_phone")
    @classmethod
    def _phone(cls, value: str) -> str:
        value = value.replace(" ", "")
        if value and not (_MOBILE.match(value) or _LANDLINE.match(value)):
            raise PydanticCustomError("phone", "应为11位手机号或带区号的固定电话（如0874-3123456）")
        return value

    @property
    def anonymous(self) -> bool:
        return not (self.reporter_name or self.reporter_phone)


TRIAGE_DECISIONS = {
    "accept": "受理",
    "forward": "转交有管辖权的地区",
    # 安全生产法 art 73(1): outside the department's remit, transferred to the competent department.
    "transfer": "转交其他有关部门处理（不属于本部门职责）",
    # 安全生产法 art 73(2): a report involving deaths is verified and handled under the county-level
    # (or higher) people's government.
    "government": "涉及人员死亡，报请县级以上人民政府组织核查处理",
    "not_accept": "不予受理",
}
HANDED_OVER = frozenset({"transfer", "government"})


class TriageForm(StepForm):
    decision: Literal["accept", "forward", "transfer", "government", "not_accept"] = choice(
        TRIAGE_DECISIONS, "受理意见"
    )
    forward_to: JurisdictionCode = Field("", title="转交地区（6位行政区划代码，如沾益区530303）")
    department: OptionalText = Field(
        "", title="转交部门或报请的人民政府（如市场监督管理局、麒麟区人民政府）", max_length=100
    )
    involves_death: bool = Field(False, title="举报事项涉及人员死亡")
    reason: OptionalText = Field("", title="理由（内部）")

    @model_validator(mode="after")
    def _complete(self) -> TriageForm:
        if self.decision == "forward" and not re.fullmatch(r"\d{6}", self.forward_to):
            raise ValueError("转交须填写6位行政区划代码")
        if self.decision == "not_accept" and not self.reason:
            raise ValueError("不予受理须说明理由")
        if self.decision in HANDED_OVER and not self.department:
            raise ValueError("转交其他部门或报请人民政府须填写部门或人民政府名称")
        if self.decision == "government" and not self.involves_death:
            raise ValueError("只有涉及人员死亡的举报报请县级以上人民政府组织核查处理")
        # 安全生产法 art 73(2): the bureau may not verify a death-related report on its own.
        if self.involves_death and self.decision in ("accept", "not_accept"):
            raise ValueError("涉及人员死亡的举报事项，应当报请县级以上人民政府组织核查处理")
        return self


class VerificationForm(StepForm):
    verified_on: dt.date = Field(title="核查日期")
    method: Literal["site_inspection", "records", "interview"] = choice(
        {"site_inspection": "现场检查", "records": "调阅资料", "interview": "询问调查"}, "核查方式"
    )
    findings: LongText = Field(title="核查情况（内部）")


RESULTS = {"substantiated": "举报属实", "partly": "举报部分属实", "not_substantiated": "举报不属实"}
HANDOFFS = {"none": "无需立案", "hazard": "移交重大事故隐患挂牌督办", "rectification": "移交责令限期整改"}


class ConclusionForm(StepForm):
    result: Literal["substantiated", "partly", "not_substantiated"] = choice(RESULTS, "核查结论")
    conclusion: LongText = Field(title="处理意见（内部）")
    handoff: Literal["none", "hazard", "rectification"] = choice(HANDOFFS, "后续处理")


class RectificationSignForm(StepForm):
    """安全生产法 art 73(1): "需要落实整改措施的，报经有关负责人签字并督促落实"."""

    measures: LongText = Field(title="需要落实的整改措施")
    decision: Literal["sign"] = choice({"sign": "同意并签字，督促落实"}, "负责人签字")
    opinion: OptionalText = Field("", title="负责人意见")


class ReplyForm(StepForm):
    """The reply is public: the tracking page shows it to whoever holds the code."""

    reply: ReportText = Field(title="答复内容（举报人凭查询码可见，勿写举报人信息）")
    replied_on: dt.date = Field(title="答复日期")
    channel: Literal["online", "phone", "sms", "letter"] = choice(
        {"online": "网上答复（查询码）", "phone": "电话", "sms": "短信", "letter": "书面"}, "答复方式"
    )


class ExtensionRequestForm(StepForm):
    days: int = Field(title="申请延长天数", ge=1, le=366)
    reason: LongText = Field(title="延期理由（将告知举报人）")


class ExtensionDecisionForm(StepForm):
    decision: Literal["approve", "refuse"] = choice({"approve": "批准延期", "refuse": "不批准"}, "审批意见")
    opinion: LongText = Field(title="意见")


PUBLIC_REPORT_STATUS_LABELS = {
    "received": "待受理",
    "verifying": "核查中",
    "concluding": "待作出处理结论",
    "replying": "待答复举报人",
    "signing": "待负责人签字落实整改",
    "rewarding": "待作出举报奖励决定",
    "paying_reward": "待兑付举报奖励",
    "concluded": "已办结",
    "not_accepted": "不予受理",
    "transferred": "已转交有关部门",
    "government": "已报请人民政府组织核查",
}

# What the reporter reads on the tracking page: a status, never the internal step.
PUBLIC_STATUS_LABELS = {
    "starting": "已收到举报",
    "received": "已收到举报，待受理",
    "verifying": "已受理，正在核查",
    "concluding": "已受理，正在核查",
    "signing": "核查完毕，正在落实整改",
    "replying": "核查完毕，正在答复",
    "rewarding": "已答复，正在审查举报奖励",
    "paying_reward": "已决定奖励，待领取",
    "concluded": "已办结",
    "not_accepted": "不予受理",
    "transferred": "已转交有关部门处理",
    "government": "已报请人民政府组织核查处理",
}
CLOSED_STATUSES = frozenset({"concluded", "not_accepted", "transferred", "government"})


def mask_name(name: str) -> str:
    """张三丰 → 张**: the surname stays so that a handler outside the office can speak of 'Mr Zhang'."""
    return name[:1] + "*" * max(len(name) - 1, 1) if name else ""


def mask_phone(phone: str) -> str:
    """13812345678 → 138****5678."""
    if not phone:
        return ""
    return phone[:3] + "*" * max(len(phone) - 7, 2) + phone[-4:] if len(phone) > 7 else "*" * len(phone)


@dataclass(frozen=True)
class ReporterView:
    """The reporter as a principal sees them: in full only in the handling office."""

    anonymous: bool
    name: str
    phone: str
    masked: bool


@dataclass(frozen=True)
class FloodLimits:
    """Flood protection of the public form (see docs/processes/public-report.md).

    Limits are per client (an IPv4 address or an IPv6 /64) and per repeated text, never for
    everyone at once: beyond `total_per_hour` reports in all, the form does not close but each
    client's allowance drops to `flood_per_client_per_hour`, so a fresh reporter is still served.
    """

    per_client_per_hour: int = 5
    total_per_hour: int = 500  # the flood threshold: beyond it the per-client allowance tightens
    flood_per_client_per_hour: int = 1
    per_description_per_day: int = 3  # the same text (normalised) from any number of clients
