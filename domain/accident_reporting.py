"""Reporting an accident (生产安全事故报告和调查处理条例 arts 9–12): who reports to whom, how fast, and
what counts as 迟报 (a late report).

- 条例 第九条: the people on site report to the unit's head "立即"; the unit head reports to the
  county-level (or higher) regulator of the accident's place within 1 hour of receiving the report;
  in an emergency the site staff may report directly to the regulator (第二款).
- 条例 第十条: the regulator reports upward level by level — 一般 to the city (设区的市) level, 较大 to
  the province, 特别重大/重大 to the State Council's department — and notifies the police, the
  labour department, the trade union and the procuratorate; levels may be skipped (第三款).
- 条例 第十一条: each level reports upward within 2 hours.
- 条例 第十二条第四项: the report includes the persons missing (下落不明).

"立即" has no figure in the law: a unit head told more than `immediate_minutes` after the accident
is flagged for verification (configuration, `[accident] immediate_report_minutes`; 0 disables).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from domain.accident_grading import Grade
from domain.errors import InvalidInput

LEVEL_ORDER = ("county", "city", "province", "state_council")
LEVEL_NAMES = {
    "county": "县级",
    "city": "设区的市级",
    "province": "省级",
    "state_council": "国务院",
}
# 条例 第十条第一款: how far up each grade is reported.
REPORTED_UP_TO = {
    Grade.GENERAL: "city",
    Grade.LARGER: "province",
    Grade.MAJOR: "state_council",
    Grade.EXTRAORDINARY: "state_council",
}
UNIT_REPORT_HOURS = 1  # 条例 第九条
LEVEL_REPORT_HOURS = 2  # 条例 第十一条

# 条例 第十条: the agencies the regulator notifies on receiving the report.
NOTIFIED_AGENCIES = {
    "police": "公安机关",
    "labour": "劳动保障行政部门",
    "union": "工会",
    "procuratorate": "人民检察院",
}


@dataclass(frozen=True)
class UpwardReport:
    """One level's report to the next (条例 第十一条: within 2 hours of its own receipt)."""

    from_level: str
    to_level: str

    @property
    def title(self) -> str:
        return f"向{LEVEL_NAMES[self.to_level]}应急管理部门上报事故情况"


def upward_chain(received_level: str, grade: Grade) -> list[UpwardReport]:
    """The reports owed from the level that received the report up to the level of art 10."""
    top = LEVEL_ORDER.index(REPORTED_UP_TO[grade])
    start = LEVEL_ORDER.index(received_level)
    return [UpwardReport(LEVEL_ORDER[i], LEVEL_ORDER[i + 1]) for i in range(start, top)]


@dataclass(frozen=True)
class ReportTimes:
    occurred_at: dt.datetime
    received_at: dt.datetime  # when the bureau learned of the accident
    unit_head_informed_at: dt.datetime | None = None  # when the unit's head was told
    reported_directly: bool = False  # 第九条第二款: site staff reported to the regulator directly


@dataclass(frozen=True)
class LateReport:
    code: str
    summary: str
    minutes_late: int


def check_report_times(times: ReportTimes, now: dt.datetime) -> None:
    """The order of the recorded moments (a typing error is refused, not flagged as late)."""
    if times.received_at > now:
        raise InvalidInput("接到事故报告时间不能晚于现在")
    if times.received_at < times.occurred_at:
        raise InvalidInput("接到事故报告时间不能早于事故发生时间")
    head = times.unit_head_informed_at
    if head is not None and not times.occurred_at <= head <= times.received_at:
        raise InvalidInput("单位负责人接到报告时间应在事故发生之后、本部门接到报告之前")


def late_reports(times: ReportTimes, immediate_minutes: int) -> list[LateReport]:
    """迟报 found in the recorded moments (条例 第九条)."""
    found: list[LateReport] = []
    head = times.unit_head_informed_at
    if head is not None and not times.reported_directly:
        due = head + dt.timedelta(hours=UNIT_REPORT_HOURS)
        if times.received_at > due:
            late = _minutes(times.received_at - due)
            found.append(
                LateReport(
                    "unit_head",
                    f"迟报：单位负责人接到报告后超过{UNIT_REPORT_HOURS}小时才向应急管理部门报告"
                    f"（超时{late}分钟，条例第九条）",
                    late,
                )
            )
        if immediate_minutes > 0 and head - times.occurred_at > dt.timedelta(minutes=immediate_minutes):
            late = _minutes(head - times.occurred_at) - immediate_minutes
            found.append(
                LateReport(
                    "site_staff",
                    f"现场有关人员未立即向单位负责人报告（事故发生{_minutes(head - times.occurred_at)}分钟后才报告，"
                    f"条例第九条“立即报告”，待核实）",
                    late,
                )
            )
    return found


def level_report_late(received_at: dt.datetime, reported_at: dt.datetime) -> int:
    """Minutes past the 2 hours of 条例 第十一条 (0: on time)."""
    over = reported_at - (received_at + dt.timedelta(hours=LEVEL_REPORT_HOURS))
    return _minutes(over) if over > dt.timedelta(0) else 0


def _minutes(delta: dt.timedelta) -> int:
    return int(delta.total_seconds() // 60)
