"""A double-random draw (双随机抽查), from the draw to the publication of its results.

北碚府办发〔2016〕65号 (十五): the bureau draws the enterprises to inspect and the officers who
inspect them at random, from its register and its roster. The draw is made before this workflow
starts (a pure function of a seed from `secrets` and the sorted pools, domain/random_draw.py); the
workflow records the seed, both pools, the declared conflicts and the result on the case's
hash-chained timeline, so anyone can re-run it (services/random_draws.verify). 国办发〔2015〕20号
(十五): the results are published within 20 working days of the decision; an overdue publication
escalates through the kernel like every department's step.
"""

from __future__ import annotations

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain.definitions.random_draw import RANDOM_DRAW
    from domain.errors import InvalidInput
    from domain.forms import StepForm
    from domain.random_draw_forms import PublicationForm
    from workflows import contracts  # noqa: F401 - the sandbox resolves the input's annotations in it
    from workflows.contracts import Actor
    from workflows.kernel import CaseWorkflow, OpenTask, refuse_future_dates
    from workflows.random_draw.contracts import RandomDrawInput, RandomDrawResult
    from workflows.random_draw.state import DrawState


@workflow.defn(name=RANDOM_DRAW.workflow)
class RandomDrawWorkflow(CaseWorkflow[DrawState], definition=RANDOM_DRAW):
    @workflow.run
    async def run(self, inp: RandomDrawInput) -> RandomDrawResult:
        self.state.bureau_org = inp.bureau_org_id
        self.begin(inp)
        self.record_draw(inp)
        self.set_status("publishing", f"已抽取{len(inp.selections)}家企业，待公开抽查结果")
        outcome = await self.tasks.human_step(self.state.task("publication"))
        form = outcome.parsed(PublicationForm)
        self.update_details(published_on=form.published_on.isoformat(), publication_channel=form.channel)
        self.record_event(
            "results_published",
            f"已于{form.published_on.isoformat()}通过{form.channel}公开抽查结果",
            actor=outcome.actor,
            reason=form.note,
        )
        self.close_case("published", "已公开抽查结果")
        await self.finish_case()
        return RandomDrawResult("published")

    def record_draw(self, inp: RandomDrawInput) -> None:
        """The seed, the pools and the result, on the chain (the verification re-runs from them)."""
        pools = inp.inputs
        summary = (
            f"随机抽取：事项「{inp.matter_title}」，企业名录{len(pools.get('enterprise_pool', []))}家中抽取"
            f"{len(inp.selections)}家，执法人员{len(pools.get('inspector_pool', []))}人中每组选派"
            f"{pools.get('team_size')}人"
        )
        self.record_event(
            "draw_made",
            summary,
            actor=inp.start.reported_by,
            reason=inp.redraw_reason,
            data={
                "draw_id": inp.draw_id,
                "matter_id": inp.matter_id,
                "drawn_on": inp.drawn_on,
                "inputs": pools,
                "selections": inp.selections,
            },
            key="draw_made",
        )
        self.update_details(draw_id=inp.draw_id, matter_id=inp.matter_id, drawn_on=inp.drawn_on)

    def validate_step(self, task: OpenTask, form: StepForm, actor: Actor) -> None:
        refuse_future_dates(form, ("published_on",))
        published = getattr(form, "published_on", None)
        if published is not None and published.isoformat() < self.state.inp.drawn_on:
            raise InvalidInput("公开日期不能早于抽取日期")
        super().validate_step(task, form, actor)
