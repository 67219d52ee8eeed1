"""Who may act on a case: the owner of a task, the case's enterprise for its own submissions,
and the organisations a process names for an action. Raises the domain's refusals."""

from __future__ import annotations

from collections.abc import Callable, Collection

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain.errors import Conflict, Forbidden, InvalidInput
    from workflows.contracts import Actor
    from workflows.kernel.human_task import OpenTask, TaskBoard

# An enterprise user (企业用户) may submit only the steps and actions its process names as the
# enterprise's, and only for its own case.
ENTERPRISE_ROLE = "enterprise"
STAFF_ROLES = frozenset({"handler", "head", "office"})


class Access:
    def __init__(
        self, board: TaskBoard, enterprise_steps: Collection[str], case_enterprise_id: Callable[[], int | None]
    ) -> None:
        self.board = board
        self.enterprise_steps = enterprise_steps
        self._case_enterprise_id = case_enterprise_id

    def is_case_enterprise(self, actor: Actor) -> bool:
        """An enterprise user of this case's enterprise. The service has already refused anyone
        else (404); the workflow checks again where its input names the enterprise."""
        if actor.role != ENTERPRISE_ROLE or actor.enterprise_id is None:
            return False
        known = self._case_enterprise_id()
        return known is None or known == actor.enterprise_id

    def actionable(self, task_id: str, actor: Actor) -> OpenTask:
        """The open task the actor may complete, claim or release."""
        task = self.board.get(task_id)
        if task is None:
            raise InvalidInput("该案件没有此任务")
        if task.closed:
            raise Conflict("该任务已办结，不能重复办理")
        if task.schedule is None:
            raise Conflict("该任务正在生成，请稍后再试")
        if actor.role == ENTERPRISE_ROLE:
            # The enterprise's own submission: first come, whether a handler had claimed it or not.
            if task.spec.step not in self.enterprise_steps or not self.is_case_enterprise(actor):
                raise Forbidden("该事项不由企业提交")
            return task
        if actor.org_id != task.spec.org_id or actor.role != task.spec.role:
            raise Forbidden("该任务不属于您所在单位或岗位")
        # A stand-in (代理) acts on what its absent colleague had claimed (the service sets
        # `on_behalf_of` only within a recorded leave period of a colleague of the same post);
        # a delegator (委派) keeps the step it delegated.
        holds = task.claimed_by in (actor.user_id, actor.on_behalf_of) or actor.user_id == task.delegated_by
        if task.claimed_by is not None and not holds:
            raise Conflict("该任务已被他人签收")
        return task


def require(actor: Actor, allowed: Collection[tuple[int, str]], message: str = "该操作不属于您所在单位或岗位") -> None:
    """Refuse an actor who is none of the (organisation, role) pairs an action names."""
    if (actor.org_id, actor.role) not in allowed:
        raise Forbidden(message)
