"""转办, 委派, 加签 and 撤回 on a human task: the `task_action` Update of every case workflow.

Each action needs a reason and leaves a line on the case's hash-chained timeline. The validator
(`check`) refuses with a domain error and records nothing; the handler (`apply`) runs only behind
TASK_ACTIONS_PATCH, so a history recorded before this module never meets a new command.

- 转办: the task goes to a colleague of the same body and post, who holds it (claimed).
- 委派: the same, but the delegator stays answerable for the step and may still act on it
  (complete it, or take it back by 转办).
- 加签: a co-approval task (step `cosign`) opens for another official; the step cannot complete
  until every co-approval of it is done. Its clock is the step's own due day.
- 撤回: the one who completed a step takes it back while the next step has not started (open,
  unclaimed, nothing else opened since), the process has not read the step's content (its
  `ReadTracked` outcome) and no document was issued since. The next step's waiter
  (TaskBoard.wait) reopens the withdrawn step for its author, makes the redone content the step's
  outcome, and opens the next step afresh. The redone step must keep its result (`decision`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain.china_time import day_of
    from domain.errors import Conflict, Forbidden, InvalidInput
    from domain.task_actions import (
        ADD_SIGNER,
        COSIGN,
        DELEGATE,
        LABELS,
        TRANSFER,
        WITHDRAW,
        check_cosigner,
        check_hand_over,
    )
    from workflows.contracts import Actor, TaskActionCommand, TaskChange, UpdateResult
    from workflows.kernel.access import Access
    from workflows.kernel.documents import Documents
    from workflows.kernel.human_task import OpenTask, ReadTracked, TaskBoard, TaskSpec
    from workflows.kernel.outbox import Timeline
    from workflows.kernel.patches import TASK_ACTIONS_PATCH, in_force


def last_day(due_at: dt.datetime) -> dt.date:
    """The day a clock ends on, whether its moment is that day's 24:00 or its last second."""
    return day_of(due_at - dt.timedelta(seconds=1))


class TaskActions:
    def __init__(self, board: TaskBoard, timeline: Timeline, access: Access, documents: Documents) -> None:
        self.board = board
        self.timeline = timeline
        self.access = access
        self.documents = documents
        self.documents_before: dict[str, int] = {}  # completed task → documents issued before it
        self.withdrawals: dict[str, tuple[str, Actor, str]] = {}  # next task → (withdrawn task, by, why)
        self.redone: dict[str, str] = {}  # reopened task → the task whose outcome it replaces
        board.on_withdrawn = self._redo

    def completed(self, task_id: str, opened: list[str], documents_before: int) -> None:
        """Keep what a completion opened and how many documents were issued before it (no command)."""
        self.board.followers[task_id] = opened
        self.documents_before[task_id] = documents_before

    # ---- validator ----------------------------------------------------------------------

    def check(self, cmd: TaskActionCommand) -> None:
        if cmd.action not in LABELS or cmd.action not in (TRANSFER, DELEGATE, ADD_SIGNER, WITHDRAW):
            raise InvalidInput(f"不支持的任务操作“{cmd.action}”")
        if not cmd.reason.strip():
            raise InvalidInput(f"请填写{LABELS[cmd.action]}理由")
        if cmd.actor.role not in ("handler", "head", "office", "police_liaison", "procuratorate_liaison"):
            raise Forbidden(f"您的账号不能{LABELS[cmd.action]}任务")
        if cmd.action == WITHDRAW:
            self._check_withdraw(cmd)
            return
        task = self.access.actionable(cmd.task_id, cmd.actor)
        if task.spec.kind == COSIGN.code:
            raise Conflict("加签审批任务只能由被加签人本人办理，不能再转办、委派或加签")
        if cmd.target_user_id is None or cmd.target_org_id is None:
            raise InvalidInput("请选择接收人")
        if cmd.target_user_id == cmd.actor.user_id:
            raise InvalidInput(f"不能{LABELS[cmd.action]}给自己")
        if cmd.action == ADD_SIGNER:
            check_cosigner(cmd.target_role)
            if any(t.spec.kind == COSIGN.code and t.claimed_by == cmd.target_user_id for t in self.cosigns(task)):
                raise Conflict("已向该人员加签，尚未审批")
            return
        check_hand_over(task.spec.role, cmd.target_role, cmd.target_org_id, task.spec.org_id, cmd.action)

    def check_complete(self, task: OpenTask, form: dict[str, object]) -> None:
        """A step waits for its co-approvals; a redone step keeps its result."""
        if any(not c.closed for c in self.cosigns(task)):
            raise Conflict("本环节已加签，须待被加签人审批后才能办结")
        original = self.board.get(self.redone.get(task.task_id))
        if original is not None and original.outcome is not None:
            before = original.outcome.form.get("decision")
            if before is not None and form.get("decision") != before:
                raise Conflict("撤回后重新办理只能修改内容，不能改变办理结果；如需改变结果，请在下一环节退回")

    def cosigns(self, task: OpenTask) -> list[OpenTask]:
        tasks = self.board.tasks.values()
        return [t for t in tasks if t.spec.kind == COSIGN.code and t.spec.parent_task_id == task.task_id]

    def _check_withdraw(self, cmd: TaskActionCommand) -> None:
        done = self.board.get(cmd.task_id)
        if done is None:
            raise InvalidInput("该案件没有此任务")
        if done.outcome is None or done.outcome.actor is None:
            raise Conflict("只能撤回已办结的环节")
        if done.outcome.actor.user_id != cmd.actor.user_id:
            raise Forbidden("只能撤回本人办结的环节")
        followers = self.board.followers.get(done.task_id, [])
        nxt = self.board.get(followers[0]) if len(followers) == 1 else None
        if nxt is None or nxt.closed or nxt.task_id not in self.board.waiting:
            raise Conflict("下一环节已开始或本环节办结后流程未进入单一的下一环节，不能撤回")
        if nxt.claimed_by is not None or nxt.withdrawn or self.cosigns(nxt):
            raise Conflict("下一环节已被签收或已开始办理，不能撤回")
        if nxt.task_id != self.board.task_id(self.board.seq):
            raise Conflict("办结后案件已有其他进展，不能撤回")
        if getattr(done.outcome.form, "read", True):
            # The process has read the content (to decide, to fill a document, to keep it): taking
            # it back would leave the case built on what was withdrawn.
            raise Conflict("流程已依据本环节的办理内容继续办理，不能撤回；如需更正，请在下一环节退回")
        if len(self.documents.ledger.issued) > self.documents_before.get(done.task_id, 0):
            # A numbered document issued on the strength of this step stands; correct it by its own procedure.
            raise Conflict("本环节办结后已制发文书，不能撤回；如需更正，请按文书更正程序办理")

    # ---- handler ------------------------------------------------------------------------

    async def apply(self, cmd: TaskActionCommand) -> UpdateResult:
        label = LABELS[cmd.action]
        if not in_force(TASK_ACTIONS_PATCH):  # pragma: no cover - no old history has this Update
            raise Conflict(f"该案件不支持{label}")
        task = self.board.tasks[cmd.task_id]
        if cmd.action == WITHDRAW:
            nxt = self.board.tasks[self.board.followers[task.task_id][0]]
            self.withdrawals[nxt.task_id] = (task.task_id, cmd.actor, cmd.reason)
            nxt.withdrawn = nxt.wake = True
            await self.timeline.settle()
            return UpdateResult(task.task_id, "已撤回，请重新办理", [self.board.task_id(self.board.seq)])
        if cmd.action == ADD_SIGNER:
            return await self._add_signer(task, cmd)
        task.claimed_by = cmd.target_user_id
        # 委派 keeps the delegator answerable (it may still act on the step); 转办 hands it over.
        task.delegated_by = cmd.actor.user_id if cmd.action == DELEGATE else None
        self.board.claim(task)
        keeps = "，委派人仍对本环节负责" if cmd.action == DELEGATE else ""
        self.timeline.record_event(
            cmd.action,
            f"{label}：{task.spec.title} → {cmd.target_name}{keeps}",
            actor=cmd.actor,
            reason=cmd.reason,
            data={"task_id": task.task_id, "to_user_id": cmd.target_user_id, "to": cmd.target_name},
        )
        await self.timeline.flush()
        return UpdateResult(task.task_id, f"已{label}给{cmd.target_name}")

    async def _add_signer(self, task: OpenTask, cmd: TaskActionCommand) -> UpdateResult:
        assert task.schedule is not None and cmd.target_org_id is not None
        spec = TaskSpec(
            step=COSIGN.code,
            title=f"加签审批：{task.spec.title}",
            org_id=cmd.target_org_id,
            role=cmd.target_role,
            deadline_rule=task.spec.deadline_rule,
            form=COSIGN.form,
            due_on=last_day(task.schedule.due_at),  # the step's own due day: asking buys no time
            kind=COSIGN.code,
            parent_task_id=task.task_id,
        )
        self.timeline.record_event(
            ADD_SIGNER,
            f"加签：{task.spec.title}，请{cmd.target_name}审批",
            actor=cmd.actor,
            reason=cmd.reason,
            data={"task_id": task.task_id, "to_user_id": cmd.target_user_id, "to": cmd.target_name},
        )
        cosign = await self.board.open(spec)
        cosign.claimed_by = cmd.target_user_id
        self.board.claim(cosign)
        await self.timeline.flush()
        return UpdateResult(task.task_id, f"已加签，待{cmd.target_name}审批", [cosign.task_id])

    async def _redo(self, nxt: OpenTask) -> OpenTask:
        """The waiter of the next step: redo the withdrawn step, then open the next step afresh."""
        withdrawn_id, actor, reason = self.withdrawals.pop(nxt.task_id)
        withdrawn = self.board.tasks[withdrawn_id]
        assert withdrawn.outcome is not None and withdrawn.schedule is not None
        self.timeline.record_event(
            WITHDRAW,
            f"撤回：{withdrawn.spec.title}（下一环节“{nxt.spec.title}”尚未开始）",
            actor=actor,
            reason=reason,
            data={"task_id": withdrawn_id, "next_task_id": nxt.task_id},
        )
        self.board.supersede(nxt, "上一环节已撤回，重新办理后再开始")
        supervision = self.board.get(nxt.supervision_task_id)
        if supervision is not None and not supervision.closed:
            self.board.supersede(supervision, "被督办事项已撤回")
        # The withdrawn step's own due day: taking a step back does not restart its clock.
        redo = await self.board.open(dataclasses.replace(withdrawn.spec, due_on=last_day(withdrawn.schedule.due_at)))
        redo.claimed_by = actor.user_id
        self.board.claim(redo)
        self.redone[redo.task_id] = withdrawn_id
        await self.timeline.flush()
        outcome = await self.board.wait(redo)
        if outcome.actor is None:  # the case ended while the step was being redone
            return nxt
        # The process holds the withdrawn step's outcome: it now reads the redone content.
        withdrawn.outcome.form = ReadTracked(outcome.form)  # still unread by the process
        withdrawn.outcome.actor, withdrawn.outcome.at = outcome.actor, outcome.at
        self.board.timeline.change_task(TaskChange(withdrawn_id, outcome=outcome.form))
        return await self.board.open(dataclasses.replace(nxt.spec))
