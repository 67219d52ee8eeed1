"""Accident investigation (生产安全事故调查) with the procuratorate involved: steps and forms.

Decree 493 (生产安全事故报告和调查处理条例): report and grade (arts 3, 9–13), who investigates
(art 19), escalated investigation (art 20), the team and the procuratorate (art 22), the report
within 60 days, extendable once by up to 60, appraisal time excluded (arts 27, 29), the reply
within 15 days (30 for 特别重大, extendable by 30) (art 32), publication and evaluation.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, JsonValue, model_validator

from domain.china_time import day_of
from domain.deadline_rules import DEFAULT_RULES
from domain.forms import MAX_ID, LongText, OptionalText, ShortText, StepForm, choice
from domain.legal_calendar import end_of_day


class AccidentReport(StepForm):
    """The accident report at intake (事故报告)."""

    enterprise_id: int = Field(title="事故单位", ge=1, le=MAX_ID)
    occurred_at: dt.datetime = Field(title="事故发生时间")
    place: ShortText = Field(title="事故发生地点")
    deaths: int = Field(title="死亡人数", ge=0, le=100_000)
    serious_injuries: int = Field(title="重伤人数（含急性工业中毒）", ge=0, le=100_000)
    missing: int = Field(0, title="失踪人数", ge=0, le=100_000)
    direct_loss_cny: int = Field(title="直接经济损失（元）", ge=0, le=1_000_000_000_000)
    road_or_fire: bool = Field(False, title="道路交通或火灾事故（伤亡变化补报期7日）")
    typical: bool = Field(False, title="典型事故（较大事故由上级挂牌督办）")
    account: LongText = Field(title="事故简要经过")
    # 条例 第九条 (A3, A4): when the unit's head was told and when this bureau learned of it.
    unit_head_informed_at: dt.datetime | None = Field(None, title="单位负责人接到报告时间")
    received_at: dt.datetime | None = Field(None, title="本部门接到事故报告时间（不填为现在）")
    reported_directly: bool = Field(False, title="情况紧急，现场有关人员直接向本部门报告（条例第九条第二款）")
    # 条例 第二十一条 (A14): the place, when it is not the unit's own county.
    place_code: OptionalText = Field(
        "", title="事故发生地县级行政区划代码（与事故单位所在地不同时填写）", max_length=12
    )
    # Provincial 提级调查 triggers the handler attests (A12; domain/accident_settings.py).
    complex_or_high_impact: bool = Field(False, title="案情特别复杂或社会影响重大")
    concealment_reported: bool = Field(False, title="有瞒报事故的举报")
    high_risk_sector: bool = Field(False, title="矿山、危险化学品、烟花爆竹、冶金、建筑施工领域")
    listed_hazard: bool = Field(False, title="事故单位有省安委会挂牌督办的重大事故隐患")
    after_interview: bool = Field(False, title="事故单位被警示或约谈后12个月内")


class ProcuratorateJoinForm(StepForm):
    decision: Literal["join", "decline"] = choice({"join": "派员参加事故调查", "decline": "不派员参加"}, "决定")
    members: OptionalText = Field("", title="派员名单", max_length=500)
    reason: OptionalText = Field("", title="说明")

    @model_validator(mode="after")
    def _members(self) -> ProcuratorateJoinForm:
        if self.decision == "join" and not self.members:
            raise ValueError("派员参加须填写派员名单")
        return self


class TeamFormationForm(StepForm):
    lead_department: ShortText = Field(title="牵头部门")
    members: LongText = Field(title="调查组成员（政府、应急管理、负有监管职责的部门、监察机关、公安、工会）")
    experts: OptionalText = Field("", title="聘请专家", max_length=500)
    # 条例 第十九条第三款 (A8): only a 一般 accident without casualties, by the county government.
    entrusted_to_enterprise: bool = Field(False, title="县级人民政府委托事故发生单位组织事故调查组")


CONCLUSIONS: dict[str, JsonValue] = {
    "liability": "生产安全责任事故",
    "non_liability": "非责任事故",
    "not_production_safety": "非生产安全事故",
}


class InvestigationReportForm(StepForm):
    """条例 art 30: the six items of the report, with its evidence and every member's signature.
    Items added in 2026-12 default to empty so recorded histories still parse; the step's
    validator requires them (`domain/accident_review.py` `check_report_contents`)."""

    unit_overview: OptionalText = Field("", title="事故发生单位概况")
    course_and_rescue: OptionalText = Field("", title="事故发生经过和事故救援情况")
    casualties_and_loss: OptionalText = Field("", title="事故造成的人员伤亡和直接经济损失")
    cause_and_nature: LongText = Field(title="事故发生的原因和事故性质")
    responsibility: LongText = Field(title="事故责任的认定及对责任者的处理建议")
    measures: LongText = Field(title="事故防范和整改措施")
    evidence_list: OptionalText = Field("", title="附具的证据材料清单")
    signed_by: OptionalText = Field("", title="在报告上签名的调查组成员", max_length=1000)
    suspected_crime: bool = Field(False, title="发现涉嫌犯罪（移送司法机关）")
    # A16: clues of official crimes (国务院令第310号 第十九条: 监察机关; 2006 joint rule: 检察院).
    official_crime_clues: OptionalText = Field("", title="发现公职人员涉嫌职务违法犯罪的线索", max_length=2000)
    # A18: the team's conclusion on the nature; a death accident not 责任事故 is copied to 监察/公安/检察.
    conclusion: Literal["liability", "non_liability", "not_production_safety"] = Field(
        "liability",  # a report recorded before this field was a liability accident's
        title="事故性质认定",
        json_schema_extra={"labels": dict(CONCLUSIONS)},
    )


class DraftReviewForm(StepForm):
    decision: Literal["approve", "return"] = choice({"approve": "审核同意", "return": "退回修改"}, "审核意见")
    opinion: LongText = Field(title="意见")


class ReplyForm(StepForm):
    """批复: the government's reply to the report and the handling items it orders."""

    reply_no: ShortText = Field(title="批复文号")
    penalties: OptionalText = Field("", title="行政处罚事项")
    accountability: OptionalText = Field("", title="移交监察机关追责问责事项")
    crime_referral: bool = Field(False, title="移送涉嫌犯罪")


class FollowUpForm(StepForm):
    """A handling item ordered by the reply: carried out, with the document that did it."""

    document_no: ShortText = Field(title="文书编号")
    result: LongText = Field(title="落实情况")


BLACKLIST_PROPOSAL_LABELS = {"proposed": "已提出列入严重失信主体名单建议", "not_applicable": "不属于列入情形"}


class PenaltyFollowUpForm(FollowUpForm):
    """条例 art 32(2): the penalties the 批复 orders, imposed in the penalty procedure; a
    重大/特别重大 accident is a listing condition of the serious-dishonesty list (11号令)."""

    penalty_case_no: OptionalText = Field("", title="行政处罚案件编号", max_length=200)
    blacklist: Literal["proposed", "not_applicable", ""] = Field(
        "",
        title="严重失信主体名单",
        json_schema_extra={
            "labels": {"proposed": "已提出列入严重失信主体名单建议", "not_applicable": "不属于列入情形"}
        },
    )
    blacklist_case_no: OptionalText = Field("", title="失信名单案件编号", max_length=200)


class PublicationForm(StepForm):
    channel: ShortText = Field(title="公布渠道")
    published_on: dt.date = Field(title="公布日期")
    redacted: bool = Field(title="已按规定对个人信息作脱敏处理")

    @model_validator(mode="after")
    def _redacted(self) -> PublicationForm:
        if not self.redacted:
            raise ValueError("公布前须对个人信息作脱敏处理")
        return self


class EvaluationForm(StepForm):
    result: LongText = Field(title="整改措施落实情况评估结论")
    filed_with_upper_office: bool = Field(title="已报上一级安委办备案")


class ExtensionRequestForm(StepForm):
    requested_due: dt.date = Field(title="申请延长至")
    reason: LongText = Field(title="延期理由")


class ExtensionDecisionForm(StepForm):
    decision: Literal["approve", "reject"] = choice({"approve": "批准延长", "reject": "不予批准"}, "决定")
    opinion: LongText = Field(title="意见")


class CasualtyUpdateForm(StepForm):
    """Art. 13: changes in casualties within 30 days (7 for road traffic and fire) are reported."""

    deaths: int = Field(title="死亡人数", ge=0, le=100_000)
    serious_injuries: int = Field(title="重伤人数", ge=0, le=100_000)
    direct_loss_cny: int = Field(title="直接经济损失（元）", ge=0, le=1_000_000_000_000)
    missing: int = Field(0, title="失踪（下落不明）人数", ge=0, le=100_000)
    reason: LongText = Field(title="变化情况说明")


class EscalationForm(StepForm):
    reason: LongText = Field(title="提级调查理由")


ACCIDENT_STATUS_LABELS = {
    "reported": "已报告",
    "investigating": "调查中",
    "reviewing": "上级审核",
    "replying": "待批复",
    "publishing": "待公布",
    "evaluating": "整改评估期",
    "disclosing": "评估结果待公开",
    "closed": "已结案评估",
}


def casualty_window_days(road_or_fire: bool) -> int:
    """条例 art 13 para 2: 30 days, 7 for road traffic and fire — rows of the rules table (C9)."""
    return DEFAULT_RULES["accident.casualty_window_road_fire" if road_or_fire else "accident.casualty_window"].amount


def casualty_window_end(occurred_at: dt.datetime, days: int) -> dt.datetime:
    """条例 art 13 "自事故发生之日起30日内" (A6): counted in calendar days from the accident's day
    (民法典 art 201: that day is not counted), ending at 24:00 of the last day (art 203 para 2).
    Not rolled past a rest day: it bounds when a change in casualties happened, not an act."""
    return end_of_day(day_of(occurred_at) + dt.timedelta(days=days))
