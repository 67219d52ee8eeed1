"""The annual review of enforcement files (执法案卷评查), process 7.

Reads like 曲靖 (七) and 西双版纳 (九): the reviewing office draws a reproducible sample of the
closed files of the bureaus below (the seed, the pool and the sample go on the timeline), scores
each file on a checklist the ledger pre-fills (deadlines, documents served, decisions taken by
the right role) and the reviewer confirms or corrects, publishes the results per bureau, and
each bureau with a failed file rectifies it as a task with a deadline.
"""

from __future__ import annotations

import asyncio
from dataclasses import asdict, dataclass, field
from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from activities.names import LEDGER_FACTS
    from domain import enforcement_review as er
    from domain.definitions.enforcement_review import ENFORCEMENT_REVIEW, REVIEWED_BUREAU
    from workflows import contracts  # noqa: F401 - the sandbox resolves the input's annotations in it
    from workflows.enforcement_review.contracts import (
        EnforcementReviewInput,
        EnforcementReviewResult,
        FactsRequest,
        FactsResult,
        FileFacts,
    )
    from workflows.kernel import PROJECTION_TIMEOUT, CaseWorkflow, OpenTask, TaskSpec
    from workflows.kernel.patches import REVIEW_LEGALITY_PATCH, in_force
    from workflows.kernel.state import ProcessState
    from workflows.kernel.steps import spec


@dataclass
class ReviewState(ProcessState[EnforcementReviewInput]):
    files: list[dict[str, Any]] = field(default_factory=list)  # one row per sampled file

    def task(self, code: str, org_id: int, title: str) -> TaskSpec:
        step = ENFORCEMENT_REVIEW.step(code)
        role = self.inp.reviewer_role if step.by != REVIEWED_BUREAU else None
        return spec(step, org_id, title=title, role=role)


@workflow.defn(name=ENFORCEMENT_REVIEW.workflow)
class EnforcementReviewWorkflow(CaseWorkflow[ReviewState], definition=ENFORCEMENT_REVIEW):
    @workflow.run
    async def run(self, inp: EnforcementReviewInput) -> EnforcementReviewResult:
        self.begin(inp)
        self.set_status("sampling", f"{inp.year}年度执法案卷评查：抽取案卷")
        sample = er.draw_sample(inp.seed, inp.pool, inp.sample_share)
        self.record_event(
            "sample_drawn",
            f"随机抽取案卷{len(sample)}件（案卷总数{len(inp.pool)}件，抽取比例不低于{inp.sample_share:.0%}）",
            data={"seed": str(inp.seed), "pool": [f.case_id for f in inp.pool], "sample": [f.case_id for f in sample]},
        )
        facts: FactsResult = await workflow.execute_local_activity(
            LEDGER_FACTS,
            FactsRequest([f.case_id for f in sample]),
            result_type=FactsResult,
            start_to_close_timeout=PROJECTION_TIMEOUT,
        )
        known = {f.case_id: f for f in facts.files}
        await self.review_files(sample, known)
        scores = er.bureau_scores(self.state.files, inp.pass_mark)
        self.update_details(results=[asdict(s) for s in scores])
        # Each bureau may see its own scores only: the timeline names no bureau's score.
        self.record_event("results", f"评查结果已汇总：{len(scores)}个部门，{len(self.state.files)}件案卷")
        await self.rectify()
        self.close_case("done", f"{inp.year}年度执法案卷评查完成")
        await self.finish_case()
        return EnforcementReviewResult("done")

    async def review_files(self, sample: list[er.PoolFile], known: dict[int, FileFacts]) -> None:
        """One checklist task per file, pre-filled from the ledger; the reviewer confirms or corrects."""
        self.set_status("reviewing", "评查中")
        tasks = []
        for item in sample:
            facts = known.get(item.case_id, FileFacts(item.case_id))
            filled = er.prefill(er.LedgerFacts(**{k: v for k, v in asdict(facts).items() if k != "case_id"}))
            task = await self.tasks.open(
                self.state.task("file_review", self.state.inp.reviewing_org_id, f"评查执法案卷{item.case_no}")
            )
            self.state.files.append(
                {
                    **asdict(item),
                    "task_id": task.task_id,
                    "prefill": {k: v.verdict for k, v in filled.items()},
                    "notes": {k: v.note for k, v in filled.items()},
                    "score": None,
                    "failed": [],
                }
            )
            tasks.append(task)
        self.update_details(files=self.state.files)
        await self.flush()
        await asyncio.gather(*(self.score_file(row, task) for row, task in zip(self.state.files, tasks, strict=True)))

    async def score_file(self, row: dict[str, Any], task: OpenTask) -> None:
        outcome = await self.tasks.wait(task)
        if outcome.actor is None:
            return
        checklist = outcome.parsed(er.FileChecklistForm).model_dump()
        row["score"], row["failed"] = er.file_score(checklist), er.failed_items(checklist)
        corrected = [k for k, v in row["prefill"].items() if v and v != checklist[k]]
        row["corrected"] = corrected
        self.update_details(files=self.state.files)
        self.record_event(
            "file_scored",
            f"案卷{row['case_no']}评查得分{row['score']}" + (f"，更正预填项{len(corrected)}项" if corrected else ""),
            actor=outcome.actor,
        )
        await self.flush()

    async def rectify(self) -> None:
        """Each bureau with a failed file rectifies it (西双版纳 (九)), as a task with a deadline."""
        mark = self.state.inp.pass_mark
        legality_fails = in_force(REVIEW_LEGALITY_PATCH)
        failing: dict[int, list[str]] = {}
        for row in self.state.files:
            if row["score"] is None:
                continue
            score, failed = int(row["score"]), row.get("failed", [])
            if er.file_failed(score, failed, mark) if legality_fails else score < mark:
                failing.setdefault(int(row["bureau_org_id"]), []).append(str(row["case_no"]))
        if not failing:
            return
        self.set_status("rectifying", "评查发现问题，被评查部门整改中")
        waits = []
        for org, case_nos in sorted(failing.items()):
            self.grant_access(org, "执法案卷评查结果整改")
            task = await self.tasks.open(
                self.state.task("rectification", org, f"整改评查发现的问题（案卷{'、'.join(case_nos)}）")
            )
            waits.append(self.tasks.wait(task))
        for outcome in await asyncio.gather(*waits):
            if outcome.actor is not None:
                self.record_event("rectified", "被评查部门报送整改情况", actor=outcome.actor)
        await self.flush()
