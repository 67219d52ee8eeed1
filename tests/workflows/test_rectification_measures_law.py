"""Legal fidelity of the measures against continued refusal in a contested rectification (audit
2026-12 §3.7): stopping the power supply (安全生产法 art 70), the refusal that may be a crime, and
停产停业 with its period and resumption. Each test is named after the rules it proves."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from domain.errors import Conflict, InvalidInput
from domain.legal_calendar import CHINA_TZ, LegalCalendar
from domain.rectification import next_working_day_from
from tests.support import record_history
from tests.workflows.hazard_helpers import act, complete, eventually, open_task, tasks_of
from tests.workflows.test_rectification import details, document, kinds, order_and_serve, start, today

CALENDAR = LegalCalendar()
PROPOSAL = {"refusal": "拒不执行停产停业整顿决定，继续装卸作业", "danger": "储罐区可燃气体泄漏无法报警"}


async def refuse_suspension(
    sessions: sessionmaker[Session], client: Client, env: WorkflowEnvironment, case_id: int
) -> None:
    served = (await today(env)).isoformat()
    suspension = {
        "order_no": "麒应急停〔2026〕5号",
        "scope": "储罐区",
        "reason": "重大事故隐患未消除",
        "served_on": served,
    }
    await act(sessions, client, "ql.handler", case_id, "order_suspension", suspension)
    refusal = {"facts": "拒不停产，继续组织储罐区装卸作业", "evidence": "现场检查笔录、监控录像"}
    await act(sessions, client, "ql.handler", case_id, "report_refusal", refusal)


async def test_R44_R45_R46_R47_principal_head_approves_an_emergency_cut_at_once_lifted_on_compliance(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    """Art 70: only the department's principal head approves (R44); in an emergency endangering
    safety the supply stops without the 24 hours' notice (R45); compliance lifts it at once (R46);
    the refusal of the stop order is referred as possible 危险作业罪 (刑法 art 134之一, R47)."""
    case = await start(sessions, client, task_queue, time_env)
    await order_and_serve(sessions, client, time_env, case.id)
    await refuse_suspension(sessions, client, time_env, case.id)
    assert "crime_transfer_referral" in kinds(sessions, case.id)  # R47
    assert details(sessions, case.id)["crime_transfer_referral"] is True
    await act(sessions, client, "ql.handler", case.id, "propose_power_cut", PROPOSAL)
    approval = await open_task(sessions, case.id, "power_cut_approval")
    assert approval.role == "head"
    approve = {"decision": "approve", "opinion": "同意"}
    with pytest.raises(InvalidInput, match="主要负责人"):
        await complete(sessions, client, "ql.head", case.id, "power_cut_approval", {**approve, "capacity": "deputy"})
    with pytest.raises(InvalidInput, match="主要负责人"):
        await complete(sessions, client, "ql.head", case.id, "power_cut_approval", approve)
    await complete(sessions, client, "ql.head", case.id, "power_cut_approval", {**approve, "capacity": "principal"})
    notified = (await time_env.get_current_time()).astimezone(CHINA_TZ).replace(microsecond=0)
    notice = {
        "power_company": "云南电网曲靖麒麟供电局",
        "letter_no": "麒应急停电〔2026〕3号",
        "enterprise_notified_at": notified.isoformat(),
        "emergency": True,
    }
    with pytest.raises(InvalidInput, match="紧急情形"):
        await complete(sessions, client, "ql.handler", case.id, "power_cut_notice", notice)
    facts = "储罐区可燃气体持续泄漏，周边200米内有居民"
    await complete(sessions, client, "ql.handler", case.id, "power_cut_notice", {**notice, "emergency_facts": facts})
    await eventually(lambda: "power_supply_stopped" in kinds(sessions, case.id))  # no 24 hours' wait
    power = details(sessions, case.id)["power_supply"]
    assert isinstance(power, dict) and power["state"] == "stopped"
    assert dt.datetime.fromisoformat(str(power["stop_at"])) < notified + dt.timedelta(hours=1)
    assert "power_cut_emergency" in kinds(sessions, case.id)
    await act(sessions, client, "ql.handler", case.id, "lift_power_cut", {"compliance": "已停产并消除泄漏"})
    assert details(sessions, case.id)["power_supply"]["state"] == "lifted"  # type: ignore[index]
    await record_history(client, case.workflow_id, "rectification_power_cut_emergency")


async def test_R1_R3_R6_R19_suspension_runs_its_period_and_resumes_only_after_review(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    """安全生产法 art 65(3): a temporary suspension, generally at most 6 months from service ([U],
    R3), ends with resumption only after the department's review (R1); the order and the suspension
    are public within 20 working days of the decision (国办发〔2015〕20号 (十五), R19); closure
    (art 113) is proposed on one of its grounds, the penalty counter checked (R6)."""
    case = await start(sessions, client, task_queue, time_env)
    await order_and_serve(sessions, client, time_env, case.id)
    order_publication = await open_task(sessions, case.id, "measure_publication")
    assert order_publication.deadline_rule == "rectification.measure_publication"
    assert (order_publication.clock_budget, order_publication.clock_unit) == (20, "working_days")
    assert "责令限期整改指令书" in order_publication.title
    served = await today(time_env)
    suspension = {
        "kind": "temporary",
        "order_no": "麒应急停〔2026〕6号",
        "scope": "储罐区",
        "reason": "重大事故隐患排除前无法保证安全",
        "served_on": served.isoformat(),
    }
    await act(sessions, client, "ql.handler", case.id, "order_suspension", suspension)
    period = await open_task(sessions, case.id, "suspension")
    assert period.fixed_due_on == next_working_day_from(CALENDAR, served + dt.timedelta(days=180))
    titles = {t.title for t in tasks_of(sessions, case.id) if t.step == "measure_publication"}
    assert any("停产停业决定" in title for title in titles)
    closure = {"government": "曲靖市麒麟区人民政府", "reasons": "仍不具备安全生产条件"}
    with pytest.raises(Conflict, match="第一百一十三条第（二）项"):
        await act(
            sessions,
            client,
            "ql.handler",
            case.id,
            "propose_closure",
            {**closure, "ground": "not_safe_after_suspension"},
        )
    three = [served - dt.timedelta(days=d) for d in (0, 100, 181)]
    with pytest.raises(InvalidInput, match="一百八十日内受到三次"):
        await act(
            sessions,
            client,
            "ql.handler",
            case.id,
            "propose_closure",
            {
                **closure,
                "ground": "penalties",
                "penalties": "\n".join(f"{d.isoformat()} 麒应急罚〔2026〕{i}号" for i, d in enumerate(three)),
            },
        )
    application = {"applied_on": served.isoformat(), "removal": "报警器已更换并与紧急切断联锁，评估报告附后"}
    await complete(sessions, client, "ql.handler", case.id, "suspension", application)
    review = await open_task(sessions, case.id, "resumption_review")
    assert review.role == "head"
    refuse = {"decision": "refuse", "reviewed_on": served.isoformat(), "opinion": "联锁未调试"}
    await complete(sessions, client, "ql.head", case.id, "resumption_review", refuse)
    again = await open_task(sessions, case.id, "suspension")
    assert again.fixed_due_on == period.fixed_due_on  # the same period, not a new one
    assert "resumed" not in str(details(sessions, case.id)["suspension"])
    await complete(sessions, client, "ql.handler", case.id, "suspension", application)
    approve = {"decision": "approve", "reviewed_on": served.isoformat(), "opinion": "隐患已排除"}
    await complete(sessions, client, "ql.head", case.id, "resumption_review", approve)
    await eventually(lambda: "resumption_approved" in kinds(sessions, case.id))
    assert details(sessions, case.id)["suspension"]["state"] == "resumed"  # type: ignore[index]
    await record_history(client, case.workflow_id, "rectification_suspension_resumed")


async def test_R3_R6_a_lapsed_suspension_is_a_ground_to_propose_closure(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    case = await start(sessions, client, task_queue, time_env)
    await order_and_serve(sessions, client, time_env, case.id)
    served = (await today(time_env)).isoformat()
    suspension = {"order_no": "麒应急停〔2026〕7号", "scope": "全厂", "reason": "拒不执行", "served_on": served}
    await act(sessions, client, "ql.handler", case.id, "order_suspension", suspension)
    await open_task(sessions, case.id, "suspension")
    await time_env.sleep(dt.timedelta(days=186))
    await eventually(lambda: "suspension_lapsed" in kinds(sessions, case.id))
    closure = {"government": "曲靖市麒麟区人民政府", "reasons": "整顿期满仍不具备安全生产条件"}
    await act(
        sessions, client, "ql.handler", case.id, "propose_closure", {**closure, "ground": "not_safe_after_suspension"}
    )
    assert "第（二）项" in str(details(sessions, case.id)["closure_ground"])


async def test_R2_coercive_and_onsite_measure_decisions_are_issued_with_their_periods(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    """The standard documents of the measures: 强制措施决定书 for 查封、扣押 (行政强制法 art 24, a
    handling decision within 30 days, art 25/27) and 现场处理措施决定书 for a temporary suspension
    (安全生产法 art 65(3)); the 听证告知书 is issued with a serious penalty's notice (R8 test)."""
    case = await start(sessions, client, task_queue, time_env)
    await order_and_serve(sessions, client, time_env, case.id)
    served = await today(time_env)
    seizure = {
        "measure": "seal",
        "items": "储罐区装卸设备2套",
        "place": "厂区东侧储罐区",
        "reason": "重大事故隐患未消除，继续使用可能引发事故",
        "served_on": served.isoformat(),
    }
    await act(sessions, client, "ql.handler", case.id, "seize_property", seizure)
    with pytest.raises(Conflict, match="已采取查封、扣押措施"):
        await act(sessions, client, "ql.handler", case.id, "seize_property", seizure)
    letter = await document(sessions, case.id, "coercive_measure_decision")
    assert letter.title == "强制措施决定书" and "第二十四条" in letter.html and "储罐区装卸设备2套" in letter.html
    handling = await open_task(sessions, case.id, "seizure_handling")
    assert (handling.clock_budget, handling.clock_unit, handling.role) == (30, "calendar_days", "head")
    assert handling.clock_start_at is not None and handling.clock_start_at.astimezone(CHINA_TZ).date() == served
    suspension = {
        "kind": "temporary",
        "order_no": "麒应急停〔2026〕8号",
        "scope": "储罐区",
        "reason": "重大事故隐患排除前无法保证安全",
        "served_on": served.isoformat(),
    }
    await act(sessions, client, "ql.handler", case.id, "order_suspension", suspension)
    await open_task(sessions, case.id, "suspension")
    onsite = await document(sessions, case.id, "onsite_measure_decision")
    assert onsite.title == "现场处理措施决定书" and "第六十五条第一款第（三）项" in onsite.html
    decided = {"decision": "release", "decided_on": served.isoformat(), "record": "隐患已排除"}
    await complete(sessions, client, "ql.head", case.id, "seizure_handling", decided)
    await eventually(lambda: "seizure_handled" in kinds(sessions, case.id))
    await record_history(client, case.workflow_id, "rectification_seizure_and_onsite_measure")
