"""调整计划: the bureau adjusts its plan during the year; the adjustment goes through the same
approval as the plan (国办发〔2015〕20号 (十五) "根据安全生产实际情况及时进行调整和完善"; 北碚 (十四))."""

from __future__ import annotations

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain import inspection_plan as ip
    from domain.errors import Conflict
    from workflows.contracts import CaseActionCommand, UpdateResult
    from workflows.inspection_plan.state import Adjustment, PlanState
    from workflows.kernel import parse_form, require
    from workflows.kernel.action_set import ActionSet

PROPOSED = "计划调整已报同级人民政府审查批准"


class PlanActions(ActionSet[PlanState]):
    codes = ("adjust_plan",)

    def check_adjust_plan(self, cmd: CaseActionCommand) -> None:
        state = self.state
        require(cmd.actor, {(state.inp.bureau_org_id, "handler")}, "只有制订计划的部门可以调整计划")
        parse_form(ip.PlanAdjustmentForm, cmd.form)
        if state.adjustment is not None:
            raise Conflict("已有计划调整待审查批准")
        if not state.in_force:
            raise Conflict("计划尚未批准备案，请在审查或修改环节中修改计划")

    async def adjust_plan(self, cmd: CaseActionCommand) -> UpdateResult:
        form = ip.PlanAdjustmentForm.model_validate(cmd.form)
        items = [item.model_dump() for item in ip.parse_items_text(form.items_text)]
        self.state.adjustment = Adjustment(items, form.reason, cmd.actor)
        self.case.record_event(
            "plan_adjustment_proposed", "提出调整年度监督检查计划", actor=cmd.actor, reason=form.reason
        )
        await self.case.settle()
        return UpdateResult(None, PROPOSED)
