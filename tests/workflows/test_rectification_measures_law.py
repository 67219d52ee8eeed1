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

from domain.errors import InvalidInput
from domain.legal_calendar import CHINA_TZ
from tests.support import record_history
from tests.workflows.hazard_helpers import act, complete, eventually, open_task
from tests.workflows.test_rectification import details, kinds, order_and_serve, start

PROPOSAL = {"refusal": "拒不执行停产停业整顿决定，继续装卸作业", "danger": "储罐区可燃气体泄漏无法报警"}


async def refuse_suspension(sessions: sessionmaker[Session], client: Client, case_id: int) -> None:
    suspension = {"order_no": "麒应急停〔2026〕5号", "scope": "储罐区", "reason": "重大事故隐患未消除"}
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
    await refuse_suspension(sessions, client, case.id)
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
