"""The checks of the accident's step forms and the penalty follow-up ordered by the 批复.

- 条例 art 30: the report holds the six items, lists its evidence and is signed by the members (A23).
- 条例 art 32(2): "有关机关应当按照人民政府的批复…对事故发生单位和有关人员进行行政处罚" — the
  follow-up names the penalty case and its decision; a 重大/特别重大 accident is a listing condition
  of the serious-dishonesty list (应急管理部令第11号, article number unconfirmed), so its follow-up
  states that the listing was proposed and names that case (A28).
"""

from __future__ import annotations

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain import accident
    from domain.accident_grading import Grade
    from domain.accident_review import check_report_contents
    from domain.errors import Conflict, InvalidInput
    from domain.forms import StepForm
    from workflows.accident.review import AccidentCase
    from workflows.accident.state import AccidentState
    from workflows.kernel import OpenTask, refuse_future_dates

# 11号令: 发生特别重大、重大生产安全事故 is a listing condition (domain/blacklist.py `major_accident`).
BLACKLIST_GRADES = (Grade.EXTRAORDINARY, Grade.MAJOR)
DATE_FIELDS = ("submitted_on", "filed_on", "delivered_on", "published_on")


def check_step(state: AccidentState, task: OpenTask, form: StepForm) -> None:
    """The accident's checks beyond the form's fields (validators only: never on replay)."""
    refuse_future_dates(form, DATE_FIELDS)
    if task.spec.step in ("investigation_report", "report_revision"):
        check_report_contents(form.model_dump())
    if task.spec.step == "supervised_matters" and not state.replied:
        raise Conflict("挂牌督办事项包括调查报告的批复，批复前不能报告办结")
    if task.spec.step == "penalty_follow_up" and isinstance(form, accident.PenaltyFollowUpForm):
        check_penalty_follow_up(state.grade, form)


def check_penalty_follow_up(grade: Grade, form: accident.PenaltyFollowUpForm) -> None:
    if not form.penalty_case_no:
        raise InvalidInput("请填写行政处罚案件编号（按批复启动的行政处罚程序）")
    if not form.blacklist:
        raise InvalidInput("请说明是否提出列入严重失信主体名单的建议")
    if grade in BLACKLIST_GRADES and form.blacklist != "proposed":
        raise InvalidInput(f"{grade}事故属于严重失信主体名单列入情形，须提出列入建议")
    if form.blacklist == "proposed" and not form.blacklist_case_no:
        raise InvalidInput("已提出列入建议的，请填写失信名单案件编号")


async def follow_up_penalty(case: AccidentCase) -> None:
    """The penalty ordered by the 批复, linked to its penalty case and any listing proposal."""
    outcome = await case.tasks.human_step(case.state.task("penalty_follow_up"))
    if outcome.actor is None:
        return
    done = outcome.parsed(accident.PenaltyFollowUpForm)
    listing = f"；列入严重失信主体名单建议：{done.blacklist_case_no}" if done.blacklist == "proposed" else ""
    case.record_event(
        "penalty_applied", f"已按批复作出行政处罚：{done.document_no}（案件{done.penalty_case_no}）{listing}"
    )
    case.update_details(penalty_case_no=done.penalty_case_no, blacklist_case_no=done.blacklist_case_no)
    await case.flush()
