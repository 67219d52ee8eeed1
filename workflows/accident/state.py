"""The investigating level, the grade and the open report, shared by the procedure and its actions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain.accident_grading import Grade, InvestigatingLevel
    from domain.definitions.accident import ACCIDENT, BUREAU, OFFICE, PROCURATORATE, UPPER_OFFICE
    from domain.process import Party
    from workflows.accident.contracts import AccidentInvestigationInput, LevelOrgs
    from workflows.kernel import OpenTask, TaskSpec
    from workflows.kernel.state import ProcessState
    from workflows.kernel.steps import spec

LEVELS = ("county", "city", "province")
LEVEL_GOVERNMENTS = {"county": "县级人民政府", "city": "设区的市级人民政府", "province": "省级人民政府"}


def available(level: InvestigatingLevel) -> str:
    """The State Council is outside the system: a 特别重大 accident is followed at province level."""
    return "province" if level is InvestigatingLevel.STATE_COUNCIL else str(level.value)


def above(level: str) -> str | None:
    index = LEVELS.index(level)
    return LEVELS[index + 1] if index + 1 < len(LEVELS) else None


@dataclass
class AccidentState(ProcessState[AccidentInvestigationInput]):
    level: str = "county"
    grade: Grade = Grade.GENERAL
    report: OpenTask | None = None  # the open report: the first one, or its revision after a return
    first_report: OpenTask | None = None  # the art 29 clock a revision keeps (A19)
    extensions_used: int = 0  # extensions of the reports already submitted (art 29: one in all)
    replied: bool = False
    # The figures the grade rests on now (条例 第三条; 第十三条 changes), and the upper listing.
    deaths: int = 0
    serious_injuries: int = 0
    missing: int = 0
    supervised: bool = False  # cases before the accident-review patch (listing from the input)
    reviewed: bool = False  # the case runs the accident-review patch's path
    listed_level: str = ""  # the level that listed the case and reviews its report ("": not listed)

    def orgs(self, level: str | None = None) -> LevelOrgs:
        wanted = level or self.level
        return next(orgs for orgs in self.inp.line if orgs.level == wanted)

    def org_of(self, party: Party) -> int:
        if party == UPPER_OFFICE:
            upper = above(self.level)
            assert upper is not None
            return self.orgs(upper).office
        orgs = self.orgs()
        return {BUREAU: orgs.bureau, OFFICE: orgs.office, PROCURATORATE: orgs.procuratorate}[party]

    def task(self, code: str, **options: Any) -> TaskSpec:
        step = ACCIDENT.step(code)
        return spec(step, self.org_of(step.by), **options)
