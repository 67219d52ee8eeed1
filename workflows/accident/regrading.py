"""Re-grading on a change in casualties (条例 第十三条、第二十条第二款、第二十二条).

Within 30 days of the accident (7 for road traffic and fire; `domain/accident.py`
`casualty_window_end`), a change in casualties that moves the accident into a grade a higher
government investigates does not move the case by itself: "上级人民政府可以另行组织事故调查组进行调查"
is discretionary. The higher government (its 安委办 in the system) decides. If it forms a new team:
the investigation moves to its level, a new team is formed (or the team not yet formed is formed
there), the procuratorate of that level is invited (art 22: "应当邀请人民检察院派人参加"; the lower
one's open invitation is closed). If it does not, the original team goes on; the grade is
recorded either way.

Listing (挂牌督办) after the decision: on the accident-review patch's path the province's table
`[accident] review_level_by_grade` decides (`review.list_for_grade`, 国办发〔2015〕20号 (六)), once the
investigating level is settled so that the reviewer sits above the new team. Cases started before
that patch recompute `supervised` from the grades listed at intake (`recompute_supervision`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain.accident_grading import Grade
    from domain.accident_steps import RegradeDecisionForm
    from domain.definitions.accident import ACCIDENT
    from domain.process import Start
    from workflows.accident import review
    from workflows.accident.invitation import invite_procuratorate
    from workflows.accident.state import LEVEL_GOVERNMENTS, LEVELS, AccidentState
    from workflows.kernel.steps import Started, spec

if TYPE_CHECKING:
    from workflows.contracts import Actor
    from workflows.kernel import CaseWorkflow


class AccidentActions(Protocol):
    """The accident's case actions, as re-grading uses them (`workflows/accident/actions.py`)."""

    case: CaseWorkflow[Any]
    state: AccidentState

    async def move_investigation(self, level: str, reason: str, actor: Actor | None = None) -> None: ...


def grade_rose(actions: AccidentActions, level: str, grade: Grade) -> None:
    """The grade now falls to `level`'s government: it decides whether to form a new team."""
    case = actions.case
    for pending in case.tasks.open_tasks("regrade_decision"):
        case.tasks.supersede(pending, "事故等级再次变化，改由应当负责调查的人民政府决定")
    government = LEVEL_GOVERNMENTS[level]
    case.record_event(
        "grade_rose",
        f"伤亡变化致事故等级升为{grade}，依条例第十九条应由{government}负责调查；"
        f"由其决定是否另行组织事故调查组（条例第二十条第二款）",
        data={"grade": str(grade), "level": level},
    )
    case.update_details(regrade_pending=level)
    case.spawn(decide(actions, level, grade))


async def decide(actions: AccidentActions, level: str, grade: Grade) -> None:
    case, state = actions.case, actions.state
    government = LEVEL_GOVERNMENTS[level]
    outcome = await case.tasks.human_step(spec(ACCIDENT.step("regrade_decision"), state.orgs(level).office))
    if outcome.actor is None:
        return
    form = outcome.parsed(RegradeDecisionForm)
    case.update_details(regrade_pending=None)
    if form.decision == "keep" or LEVELS.index(level) <= LEVELS.index(state.level):
        case.record_event(
            "regrade_kept", f"{government}决定不另行组织事故调查组，原调查组继续调查", reason=form.opinion
        )
        if state.reviewed:  # the new grade is listed as the province lists it (A36)
            review.list_for_grade(case, str(grade))
        await case.flush()
        return
    team_formed = not case.tasks.open_tasks("team_formation")
    reason = f"{government}另行组织事故调查组进行调查（条例第二十条第二款）"
    await actions.move_investigation(level, reason, outcome.actor)
    case.update_details(team_reformed=True)
    reinvite_procuratorate(case, state)
    if state.reviewed:  # listed above the new team, as the province lists the new grade (A36)
        review.list_for_grade(case, str(grade))
    else:
        recompute_supervision(case, state, grade)
    if team_formed:
        case.spawn(new_team(case, state))
    await case.flush()


def reinvite_procuratorate(case: CaseWorkflow[AccidentState], state: AccidentState) -> None:
    """Art. 22: the new team invites the procuratorate of its own level."""
    for invitation in case.tasks.open_tasks("procuratorate_join"):
        case.tasks.supersede(invitation, "上级人民政府另行组织事故调查组，改邀请上级人民检察院")
    case.record_event("procuratorate_invited", "邀请人民检察院派人参加另行组织的事故调查组（条例第二十二条）")
    case.spawn(invite(case, state))


async def invite(case: CaseWorkflow[AccidentState], state: AccidentState) -> None:
    await invite_procuratorate(case, state, title="邀请派员参加另行组织的事故调查组")


def recompute_supervision(case: CaseWorkflow[AccidentState], state: AccidentState, grade: Grade) -> None:
    """Cases before the accident-review patch: listing from above follows the new grade (the grades
    listed were fixed at intake, `inp.supervised_grades`)."""
    supervised = str(grade) in state.inp.supervised_grades
    if supervised == state.supervised:
        return
    state.supervised = supervised
    case.update_details(supervised=supervised)
    case.record_event(
        "supervision_recomputed",
        f"事故等级升为{grade}：" + ("由上一级安委会挂牌督办、审核把关" if supervised else "不再列入上级挂牌督办"),
    )


async def new_team(case: CaseWorkflow[AccidentState], state: AccidentState) -> None:
    # The team row's clock runs from the accident (A35, `domain/definitions/accident.py`). Cases before
    # the accident-review patch ran the new team's clock from its opening (their timers replay so).
    started = Started(Start.ACCIDENT, state.inp.occurred_at if state.reviewed else None)
    outcome = await case.tasks.human_step(state.task("team_formation", title="另行组织事故调查组", started=started))
    if outcome.actor is not None:
        case.record_event("team_reformed", "上级人民政府另行组织的事故调查组已成立")
