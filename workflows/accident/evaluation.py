"""The evaluation of the rectification and prevention measures (path of the accident-review patch).

安全生产法 art 86(3): "负责事故调查处理的国务院有关部门和地方人民政府应当在批复事故调查报告后
一年内，组织有关部门对事故整改和防范措施落实情况进行评估，并及时向社会公开评估结果" (A30).
国办发〔2015〕20号 (六), 本溪 (四), 西双版纳 (六): "评估情况报上级人民政府安全生产委员会办公室备案"
(A31) — a filing the upper office records, not a checkbox. The policy's "在事故结案1年后" is the
configurable alternative anchor (`evaluation_anchor = "closure"`); the law's one year after the
批复 is the default.
"""

from __future__ import annotations

import asyncio
import datetime as dt

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain.accident_review import EvaluationPublicationForm, EvaluationResultForm, add_years
    from domain.legal_calendar import CHINA_TZ
    from workflows.accident.review import AccidentCase, file_with_upper_office


def evaluation_window(anchor: dt.date, opens_after_days: int, extra_days: int) -> tuple[dt.datetime, dt.date]:
    """When the evaluation task opens (start of the day, China time) and its last day: the
    corresponding day a year after the anchor (民法典 art 202), plus any configured extra days."""
    opens = dt.datetime.combine(anchor + dt.timedelta(days=opens_after_days), dt.time(), tzinfo=CHINA_TZ)
    return opens, add_years(anchor, 1) + dt.timedelta(days=extra_days)


async def evaluate(case: AccidentCase, replied_on: dt.date, closed_on: dt.date) -> None:
    """Evaluate by the due day, publish the results, file them with the upper office."""
    state = case.state
    inp = state.inp
    anchor = closed_on if inp.evaluation_anchor == "closure" else replied_on
    opens, due = evaluation_window(anchor, inp.evaluation_after_days, inp.evaluation_due_extra_days)
    basis = "事故结案" if inp.evaluation_anchor == "closure" else "批复"
    case.set_status("evaluating", f"整改措施落实期：{basis}后一年内评估（{due}前）", evaluation_due_on=due.isoformat())
    if opens > workflow.now():
        await workflow.sleep(opens - workflow.now())
    outcome = await case.tasks.human_step(state.task("measures_evaluation", due_on=due))
    result = outcome.parsed(EvaluationResultForm)
    case.update_details(evaluation=result.result, evaluation_organised_by=result.organised_by)
    case.record_event("evaluation_done", f"整改和防范措施落实情况评估完成（{result.organised_by}）")
    case.set_status("disclosing", "评估完成，待向社会公开评估结果并报上级安委办备案")
    await asyncio.gather(publish_results(case), file_with_upper_office(case, "evaluation_filing", "评估情况"))


async def publish_results(case: AccidentCase) -> None:
    outcome = await case.tasks.human_step(case.state.task("evaluation_publication"))
    if outcome.actor is None:
        return
    publication = outcome.parsed(EvaluationPublicationForm)
    case.update_details(evaluation_published_on=publication.published_on.isoformat(), evaluation_published=True)
    case.record_event("evaluation_published", f"评估结果已于{publication.published_on}通过{publication.channel}公开")
    await case.flush()
