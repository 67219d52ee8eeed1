"""The mechanics of a crime transfer: its state, who may act, case actions, escalation on the
police's and procuratorate's side, and the helpers the procedure in `crime_transfer.py` uses.

Split from the procedure so that `crime_transfer.py` reads like 国务院令第310号 step after step.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain import crime_transfer as ct
    from domain.errors import Conflict, Forbidden, InvalidInput
    from workflows.contracts import Actor, CaseActionCommand, UpdateResult
    from workflows.crime_transfer_contracts import AgencyOrg, CrimeTransferInput, TransferOrgs
    from workflows.kernel import CaseWorkflow, OpenTask, TaskOutcome, TaskSpec, parse_form, refuse_future_dates
    from workflows.kernel.scope import ProcedureEnded

PROCESS = "crime_transfer"
POLICE = "police_liaison"
PROCURATOR = "procuratorate_liaison"
# The police steps whose delay the procuratorate supervises (310号令 art 17, 刑事诉讼规则 art 562).
FILING_STEPS = frozenset({"filing_decision", "reconsideration", "police_explanation", "filing_on_notice"})


class CrimeTransferCase(CaseWorkflow):
    """State and rules shared by the steps of a transfer; the workflow adds the procedure."""

    process = PROCESS

    def __init__(self) -> None:
        super().__init__()
        self._input: CrimeTransferInput | None = None
        self._police: AgencyOrg | None = None
        self._accepted = False
        self._settled = False
        self._back: dict[str, Any] | None = None
        self._transfer_no = ""
        self._transferred_on = ""
        self._category = ""
        self._oversight: dict[str, list[OpenTask]] = {}
        self._spawned: list[asyncio.Task[Any]] = []
        self.actions.add("transfer_back", self._check_transfer_back, self._transfer_back)
        self.actions.add("record_administrative_measure", self._check_measure, self._record_measure)

    # ---- escalation on the other agency's side ------------------------------------------------

    def on_overdue(self, task: OpenTask) -> None:
        """An overdue step of the police or the procuratorate is also pursued on their own side:
        the same organisation one level up urges it, and the procuratorate supervises the police's
        filing (310号令 art 17); the safety-committee office above escalates as for every step."""
        if task.spec.role not in (POLICE, PROCURATOR) or task.schedule is None:
            return
        upper = task.schedule.takeover_org_id
        if upper is not None:
            self.grant_access(upper, "下级机关逾期督促")
            self._oversee(
                task,
                TaskSpec(
                    "upper_oversight",
                    f"督促下级机关：{task.spec.title}逾期",
                    upper,
                    task.spec.role,
                    "crime_transfer.oversight",
                    ct.OversightForm,
                ),
            )
        if task.spec.step in FILING_STEPS:
            procuratorate = self._orgs().procuratorate.org_id
            self._oversee(
                task,
                TaskSpec(
                    "filing_oversight",
                    f"立案监督：{task.spec.title}逾期",
                    procuratorate,
                    PROCURATOR,
                    "crime_transfer.oversight",
                    ct.OversightForm,
                ),
            )

    def _oversee(self, parent: OpenTask, spec: TaskSpec) -> None:
        async def run() -> None:
            task = await self.tasks.open(spec)
            self._oversight.setdefault(parent.task_id, []).append(task)
            if parent.closed:
                self._close_oversight(parent)
            await self.tasks.wait(task)

        self.record_event("oversight_opened", f"{spec.title}，已提请督促或监督")
        self._spawn(run())

    def _close_oversight(self, parent: OpenTask) -> None:
        for task in self._oversight.pop(parent.task_id, []):
            if not task.closed:
                self.tasks.supersede(task, "被督促事项已办结")

    # ---- actions -----------------------------------------------------------------------------

    def validate_step(self, task: OpenTask, form: Any, actor: Actor) -> None:
        if isinstance(form, ct.ReceiptForm) and form.decision == "forward":
            target = self._police_in(form.forward_to)
            if target is None:
                raise InvalidInput(f"行政区划代码{form.forward_to}没有可转送的公安机关")
            if target.org_id == self._current_police().org_id:
                raise InvalidInput("不能转送本机关")
        if isinstance(form, ct.HandoverForm):
            refuse_future_dates(form, ("handed_over_on",))
        super().validate_step(task, form, actor)

    def _check_transfer_back(self, cmd: CaseActionCommand) -> None:
        """行刑反向衔接: the police or the procuratorate may send the case back after receipt."""
        procurator = (cmd.actor.org_id, cmd.actor.role) == (self._orgs().procuratorate.org_id, PROCURATOR)
        police = (cmd.actor.org_id, cmd.actor.role) == (self._current_police().org_id, POLICE)
        if not (police or procurator):
            raise Forbidden("只有受理移送的公安机关或同级人民检察院可以反向移送")
        if not self._accepted or self._back is not None or self._closing_state():
            raise Conflict("案件尚未签收受理、已反向移送或已办结，不能反向移送")
        parse_form(ct.BackTransferForm, cmd.form)

    def _check_measure(self, cmd: CaseActionCommand) -> None:
        if (cmd.actor.org_id, cmd.actor.role) != (self._orgs().bureau.org_id, "handler"):
            raise Forbidden("只有移送机关承办人可以登记行政处理措施")
        measure = parse_form(ct.AdministrativeMeasureForm, cmd.form)
        if measure.measure == "fine" and measure.amount_cny <= 0:
            raise InvalidInput("罚款须填写罚款金额")

    async def _transfer_back(self, cmd: CaseActionCommand) -> UpdateResult:
        back = ct.BackTransferForm.model_validate(cmd.form).model_dump()
        self._back = back
        by = "人民检察院" if cmd.actor.role == PROCURATOR else "公安机关"
        self.update_details(back_transfer={**back, "by": by}, settled=True)
        self.record_event(
            "transferred_back",
            f"{by}反向移送（{back['document_no']}）：不构成犯罪或不需追究刑事责任，应予行政处罚",
            actor=cmd.actor,
            reason=back["liability"],
            data=back,
        )
        for task in self.tasks.open_tasks():
            if task.spec.step != "copy_receipt":
                self.tasks.supersede(task, "案件已反向移送")
        await self.settle()
        return UpdateResult(None, "已反向移送，移送机关将依法作出行政处理")

    async def _record_measure(self, cmd: CaseActionCommand) -> UpdateResult:
        measure = ct.AdministrativeMeasureForm.model_validate(cmd.form).model_dump()
        label = ct.MEASURES[measure["measure"]]
        self.record_event(
            "administrative_measure",
            f"登记行政处理：{label}（{measure['document_no']}），继续有效",
            actor=cmd.actor,
            reason=measure["description"],
            data=measure,
        )
        message = "已登记"
        if measure["measure"] == "fine" and not self._settled:
            # Art 11 and 行政处罚法 art 27: a fine must not replace the transfer (以罚代刑).
            self.update_details(substitution_warning=True)
            self.record_event(
                "substitution_warning",
                "警示：移送尚未办结即作出罚款，不得以行政处罚代替移送；已缴罚款依法折抵罚金",
                actor=cmd.actor,
            )
            message = "已登记。警示：移送尚未办结，不得以罚代刑"
        await self.flush()
        return UpdateResult(None, message)

    # ---- helpers ---------------------------------------------------------------------------

    async def _step(self, spec: TaskSpec) -> TaskOutcome:
        """A step after the transfer: a reverse transfer closes it and ends the criminal track."""
        outcome = await self._watched(spec)
        if outcome.actor is None and self._back is not None:
            raise ProcedureEnded()
        return outcome

    async def _watched(self, spec: TaskSpec) -> TaskOutcome:
        """A human step whose oversight tasks (if it fell overdue) close when it is done."""
        task = await self.tasks.open(spec)
        outcome = await self.tasks.wait(task)
        self._close_oversight(task)
        return outcome

    def _spawn(self, coroutine: Coroutine[Any, Any, Any]) -> None:
        self._spawned.append(asyncio.create_task(coroutine))

    def _closing_state(self) -> bool:
        return self.current_status in ("closed", "not_transferred")

    def _orgs(self) -> TransferOrgs:
        assert self._input is not None
        return self._input.orgs

    def _current_police(self) -> AgencyOrg:
        assert self._police is not None
        return self._police

    def _police_in(self, jurisdiction_code: str) -> AgencyOrg | None:
        assert self._input is not None
        return next((p for p in self._input.police_elsewhere if p.jurisdiction_code == jurisdiction_code), None)

    def _subject(self) -> str:
        assert self._input is not None
        return self._input.subject

    def _bureau(self, step: str, title: str, rule: str) -> TaskSpec:
        return TaskSpec(step, title, self._orgs().bureau.org_id, "handler", rule, ct.CRIME_TRANSFER_STEP_FORMS[step])

    def _police_step(self, step: str, title: str) -> TaskSpec:
        rule = f"crime_transfer.{step}"
        return TaskSpec(step, title, self._current_police().org_id, POLICE, rule, ct.CRIME_TRANSFER_STEP_FORMS[step])

    def _procurator_step(self, step: str, title: str) -> TaskSpec:
        org = self._orgs().procuratorate.org_id
        return TaskSpec(step, title, org, PROCURATOR, f"crime_transfer.{step}", ct.CRIME_TRANSFER_STEP_FORMS[step])
