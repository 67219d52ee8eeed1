"""Reporting the accident (条例 arts 9–12) and what follows at once (arts 10, 21; provincial rule).

- 迟报 found in the recorded moments (art 9) goes on the timeline and into the case data.
- Each level reports upward within 2 hours of its own receipt (arts 10, 11): one task per level,
  an hour clock from that level's receipt, up to the level art 10 names for the grade; a report
  later than 2 hours is 迟报 on the timeline; 越级上报 (art 10 para 3) ends the chain.
- The bureau notifies the police, the labour department, the trade union and the procuratorate
  (art 10): the system itself gives the police and the procuratorate the case; the others are
  asserted only once the bureau records whom it notified and when (`record_notification`).
- The unit's home government sends people when the accident happened elsewhere (art 21).
- The provincial initial report within 15 日 to the upper 安委会, where configured (A13).

Everything here runs only in cases started after `ACCIDENT_REPORTING_PATCH`.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain import accident_steps as steps
    from domain.accident_reporting import (
        LEVEL_NAMES,
        NOTIFIED_AGENCIES,
        ReportTimes,
        late_reports,
        level_report_late,
        upward_chain,
    )
    from domain.definitions.accident import ACCIDENT
    from domain.errors import InvalidInput
    from domain.forms import StepForm
    from domain.legal_calendar import CHINA_TZ
    from domain.process import Start
    from workflows.accident.contracts import ReportingFacts
    from workflows.accident.state import AccidentState
    from workflows.contracts import CaseActionCommand, UpdateResult
    from workflows.kernel import OpenTask, parse_form, require
    from workflows.kernel.action_set import ActionSet
    from workflows.kernel.steps import Started, spec

if TYPE_CHECKING:
    from workflows.kernel import CaseWorkflow


def _local(moment: dt.datetime) -> str:
    return moment.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M")


def check_step(task: OpenTask, form: StepForm) -> None:
    """An upward report's moment lies between this level's receipt and now."""
    if isinstance(form, steps.UpwardReportForm):
        reported_at = _aware(form.reported_at)
        if reported_at > workflow.now():
            raise InvalidInput("上报时间不能晚于现在")
        received = task.spec.clock_start
        # A datetime-local field has minutes only: the receipt's own minute is not "before" it.
        if received is not None and reported_at < received.replace(second=0, microsecond=0):
            raise InvalidInput("上报时间不能早于本级接到事故报告的时间")


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=CHINA_TZ)


def start(case: CaseWorkflow[AccidentState]) -> None:
    """At the report: 迟报, the agencies told by the system, and the tasks that run beside the procedure."""
    inp = case.state.inp
    facts = inp.reporting
    if facts is not None:
        record_lateness(case, facts)
        case.spawn(report_upward(case, facts))
    if inp.home is not None:
        case.grant_access(inp.home.bureau, "事故发生地与事故发生单位所在地不同，派人参加调查")
        case.grant_access(inp.home.office, "事故发生地与事故发生单位所在地不同，派人参加调查")
        case.spawn(home_participation(case, inp.home.bureau))
    if inp.initial_report:
        case.spawn(initial_report(case))


def record_lateness(case: CaseWorkflow[AccidentState], facts: ReportingFacts) -> None:
    inp = case.state.inp
    times = ReportTimes(inp.occurred_at, facts.received_at, facts.unit_head_informed_at, facts.reported_directly)
    found = late_reports(times, facts.immediate_minutes)
    reporting: dict[str, Any] = {
        "occurred_at": inp.occurred_at.isoformat(),
        "received_at": facts.received_at.isoformat(),
        "received_level": facts.received_level,
        "unit_head_informed_at": facts.unit_head_informed_at.isoformat() if facts.unit_head_informed_at else None,
        "reported_directly": facts.reported_directly,
        "late": [late.code for late in found],
        "upward": [],
    }
    case.update_details(reporting=reporting, late_report=any(late.code == "unit_head" for late in found))
    case.record_event(
        "accident_received",
        f"{LEVEL_NAMES[facts.received_level]}应急管理部门于{_local(facts.received_at)}接到事故报告"
        + (f"（单位负责人于{_local(facts.unit_head_informed_at)}接到报告）" if facts.unit_head_informed_at else ""),
    )
    for late in found:
        case.record_event("late_report", late.summary, data={"code": late.code, "minutes_late": late.minutes_late})


async def report_upward(case: CaseWorkflow[AccidentState], facts: ReportingFacts) -> None:
    """条例 第十条、第十一条: level by level, each within 2 hours of its own receipt."""
    state = case.state
    received = facts.received_at
    upward: list[dict[str, Any]] = []
    level = facts.received_level
    # The grade is read at each hop: a rise reported meanwhile carries the report further up.
    while chain := upward_chain(level, state.grade):
        hop = chain[0]
        level = hop.to_level
        org = state.orgs(hop.from_level).bureau
        task = spec(ACCIDENT.step("upward_report"), org, started=Started(Start.REPORTED, received), title=hop.title)
        outcome = await case.tasks.human_step(task)
        if outcome.actor is None:
            return
        form = outcome.parsed(steps.UpwardReportForm)
        reported_at = _aware(form.reported_at)
        late = level_report_late(received, reported_at)
        upward.append(
            {
                "from": hop.from_level,
                "to": "top" if form.skipped_to_top else hop.to_level,
                "received_at": received.isoformat(),
                "reported_at": reported_at.isoformat(),
                "minutes_late": late,
            }
        )
        case.update_details(reporting_upward=list(upward))
        if late:
            case.update_details(late_report=True)
            case.record_event(
                "late_report",
                f"迟报：{LEVEL_NAMES[hop.from_level]}应急管理部门接报后超过2小时才上报（超时{late}分钟，条例第十一条）",
                data={"code": f"upward_{hop.from_level}", "minutes_late": late},
            )
        if form.skipped_to_top:
            case.record_event("reported_upward", "越级上报事故情况（条例第十条第三款）")
            return
        received = reported_at


async def home_participation(case: CaseWorkflow[AccidentState], home_bureau: int) -> None:
    """条例 第二十一条: the unit's home government sends people to the team."""
    outcome = await case.tasks.human_step(spec(ACCIDENT.step("home_participation"), home_bureau))
    if outcome.actor is not None:
        members = outcome.parsed(steps.HomeParticipationForm).members
        case.update_details(home_participants=members)
        case.record_event("home_participated", f"事故发生单位所在地人民政府派人参加调查：{members}")


async def initial_report(case: CaseWorkflow[AccidentState]) -> None:
    """Provincial rule [S] (A13): initial findings to the upper 安委会 within 15 日 of the accident."""
    started = Started(Start.ACCIDENT, case.state.inp.occurred_at)
    outcome = await case.tasks.human_step(case.state.task("initial_report", started=started))
    if outcome.actor is not None:
        form = outcome.parsed(steps.InitialReportForm)
        case.record_event("initial_report", f"已向{form.submitted_to}报送事故调查初步情况")


class AccidentNotifications(ActionSet[AccidentState]):
    """条例 第十条: the bureau records whom it notified, when."""

    codes = ("record_notification",)

    def check_record_notification(self, cmd: CaseActionCommand) -> None:
        # 条例 第十条: every regulator that received the report notifies (the place's line).
        bureaus = {(orgs.bureau, "handler") for orgs in self.state.inp.line}
        require(cmd.actor, bureaus, "只有接到事故报告的应急管理部门可以记录事故通知")
        form = parse_form(steps.NotificationForm, cmd.form)
        moment = _aware(form.notified_at)
        if moment > workflow.now():
            raise InvalidInput("通知时间不能晚于现在")
        if moment < self.state.inp.occurred_at:
            raise InvalidInput("通知时间不能早于事故发生时间")

    async def record_notification(self, cmd: CaseActionCommand) -> UpdateResult:
        form = steps.NotificationForm.model_validate(cmd.form)
        moment = _aware(form.notified_at)
        agency = NOTIFIED_AGENCIES[form.agency]
        self.case.record_event(
            "notified",
            f"已通知{agency}（{_local(moment)}，{form.means}）",
            actor=cmd.actor,
            data={"agency": form.agency, "notified_at": moment.isoformat()},
        )
        self.case.update_details(**{f"notified_{form.agency}": moment.isoformat()})
        await self.case.flush()
        return UpdateResult(None, f"已记录通知{agency}")
