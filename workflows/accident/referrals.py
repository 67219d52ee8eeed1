"""What the team hands on when it reports (条例 第二十六条第三款; 国务院令第310号 第十九条; 2019 衔接办法).

- A17: material on suspected crimes goes to the judicial organs "及时": a task for the bureau, done
  when a crime-transfer case is opened from this accident (`services/accident_referral.py` links
  it and completes the task with the transfer's number) or when the handler records the hand-over
  of the material by its document number.
- A16: clues of official crimes go to the 监察机关 (310号令 第十九条) or, under the 2006 joint rule,
  the procuratorate: a task recording to which, by which document, when.
- A18: an accident with at least one death concluded not a production-safety (or not a liability)
  accident: the written conclusion is copied to the same-level 监察机关, 公安机关 and 人民检察院.

The tasks run beside the reply; they exist only in cases that reach the report after
`ACCIDENT_REFERRALS_PATCH`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain import accident
    from domain import accident_steps as steps
    from workflows.accident.state import AccidentState

if TYPE_CHECKING:
    from workflows.kernel import CaseWorkflow

CLUE_RECIPIENTS = {"supervision": "同级监察机关", "procuratorate": "同级人民检察院"}


def open_referrals(case: CaseWorkflow[AccidentState], report: accident.InvestigationReportForm) -> None:
    state = case.state
    if report.suspected_crime:
        case.record_event(
            "crime_transfer_referral",
            "事故调查组发现涉嫌犯罪，应及时将有关材料移交司法机关（条例第二十六条第三款）",
            reason=report.responsibility,
        )
        case.update_details(crime_transfer_referral=True)
        case.spawn(crime_referral(case))
    if report.official_crime_clues:
        case.grant_access(state.orgs().procuratorate, "事故调查中发现职务违法犯罪线索")
        case.record_event(
            "official_crime_clues",
            "事故调查组发现公职人员涉嫌职务违法犯罪线索，移送监察机关或人民检察院",
            reason=report.official_crime_clues,
        )
        case.spawn(official_clue_referral(case))
    if report.conclusion != "liability" and state.deaths >= 1:
        label = accident.CONCLUSIONS[report.conclusion]
        case.grant_access(state.orgs().police, "死亡事故性质认定结论抄送")
        case.grant_access(state.orgs().procuratorate, "死亡事故性质认定结论抄送")
        case.record_event(
            "conclusion_to_copy",
            f"造成{state.deaths}人死亡的事故认定为{label}：结论应抄送同级监察机关、公安机关和人民检察院",
        )
        case.update_details(conclusion=report.conclusion)
        case.spawn(conclusion_copy(case))


async def crime_referral(case: CaseWorkflow[AccidentState]) -> None:
    outcome = await case.tasks.human_step(case.state.task("crime_referral"))
    if outcome.actor is None:
        return
    form = outcome.parsed(steps.CrimeReferralForm)
    case.update_details(crime_transfer_case_no=form.transfer_case_no)
    case.record_event(
        "crime_material_handed_over",
        f"涉嫌犯罪材料已移交（{form.transfer_case_no}，{form.handed_over_on.isoformat()}）",
        actor=outcome.actor,
    )


async def official_clue_referral(case: CaseWorkflow[AccidentState]) -> None:
    outcome = await case.tasks.human_step(case.state.task("official_clue_referral"))
    if outcome.actor is None:
        return
    form = outcome.parsed(steps.OfficialClueReferralForm)
    recipient = CLUE_RECIPIENTS[form.recipient]
    case.update_details(official_clues_to=form.recipient)
    case.record_event(
        "official_clues_referred",
        f"职务违法犯罪线索已移送{recipient}（{form.document_no}，{form.handed_over_on.isoformat()}）",
        actor=outcome.actor,
    )


async def conclusion_copy(case: CaseWorkflow[AccidentState]) -> None:
    outcome = await case.tasks.human_step(case.state.task("conclusion_copy"))
    if outcome.actor is None:
        return
    form = outcome.parsed(steps.ConclusionCopyForm)
    case.update_details(conclusion_copied_on=form.copied_on.isoformat())
    case.record_event(
        "conclusion_copied",
        f"事故性质认定结论（{form.document_no}）已于{form.copied_on.isoformat()}抄送同级监察机关、公安机关和人民检察院",
        actor=outcome.actor,
    )
