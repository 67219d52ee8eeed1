"""What a process definition is made of: one row per legal act (`Step`), the case actions it
allows (`Action`), and who acts (`Party`). Pure data, read by the workflows, the projection's
rule table, the web pages, the JSON API, the enterprise portal, the worker and the docs test.

The procedure itself stays code (the law has loops, parallel branches and abrupt ends); only
the rows are data. A step's clock is a row of the process's clock table (`DeadlineRule`: amount,
unit, legal basis, tag, whose time it is), and `starts` names the recorded event the kernel
starts that clock from — enforced when the task opens, not only described.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from domain.deadline_rule import DeadlineRule
from domain.errors import NotFound
from domain.forms import StepForm


class Start(StrEnum):
    """The recorded event a clock starts from. The kernel refuses to open a task whose clock
    would start from anything else (`workflows/kernel/steps.py`)."""

    OPENED = "opened"  # the act that opens the task (the previous step's completion, a request)
    REPORTED = "reported"  # the day the matter was reported (隐患报送之日), also from paper records
    ACCIDENT = "accident"  # the day of the accident (事故发生之日)
    INSPECTION = "inspection"  # the day of the on-site inspection (现场检查之日)
    SERVICE = "service"  # the day a document's service takes effect (送达之日; 公告送达: after the period)
    FILING = "filing"  # the day the penalty case was opened (立案之日)
    DUE_DAY = "due_day"  # a day fixed by a decision (the rectification deadline, the hearing day)
    LAPSE = "lapse"  # the moment an earlier period ran out (payment due, litigation window, breach)
    RECEIPT = "receipt"  # the receipt of a submitted document (收到事故调查报告之日, 条例 art 32)


# What each start's text in the clock table must say, so the description and the rule agree.
START_WORDS: Mapping[Start, tuple[str, ...]] = {
    Start.OPENED: (),
    Start.REPORTED: ("报送", "报告"),
    Start.ACCIDENT: ("事故发生",),
    Start.INSPECTION: ("检查",),
    Start.SERVICE: ("送达", "收到"),  # receipt of the served document
    Start.FILING: ("立案",),
    Start.DUE_DAY: (),  # the day comes from a decision or an earlier clock
    Start.LAPSE: ("届满", "逾期"),
    Start.RECEIPT: ("收到",),
}


@dataclass(frozen=True)
class Party:
    """Who acts: the role the task is addressed to, and how the docs name the organisation."""

    role: str
    name: str


@dataclass(frozen=True)
class Step:
    code: str
    title: str  # 中文名, the task's title
    by: Party
    form: type[StepForm]
    clock: str  # the code of its row in the clock table
    starts: Start = Start.OPENED
    enterprise_label: str = ""  # set: the enterprise's own submission, as its portal names it


@dataclass(frozen=True)
class Action:
    """A case action (the `act` Update): who may take it, with which form."""

    code: str
    label: str
    form: type[StepForm]
    roles: frozenset[str]
    enterprise_label: str = ""  # set: the enterprise's user may take it for its own case


@dataclass(frozen=True)
class ProcessDefinition:
    code: str
    name: str  # 中文名
    workflow: str  # the pinned workflow type name
    steps: tuple[Step, ...]
    actions: tuple[Action, ...]
    clocks: tuple[DeadlineRule, ...]  # the process's clock table, one row per statutory clock
    statuses: Mapping[str, str] = field(default_factory=dict)
    docs: str = ""  # docs/processes/<file>.md

    def step(self, code: str) -> Step:
        for step in self.steps:
            if step.code == code:
                return step
        raise NotFound(f"流程{self.code}没有环节{code}")

    def clock(self, code: str) -> DeadlineRule:
        for rule in self.clocks:
            if rule.code == code:
                return rule
        raise NotFound(f"流程{self.code}没有期限{code}")

    def action(self, code: str) -> Action:
        for action in self.actions:
            if action.code == code:
                return action
        raise NotFound(f"流程{self.code}没有操作{code}")

    def actions_for(self, role: str) -> tuple[Action, ...]:
        """The case actions a role may take on a case of this process (the workflow checks the rest)."""
        return tuple(a for a in self.actions if role in a.roles)

    @property
    def enterprise_steps(self) -> tuple[Step, ...]:
        return tuple(s for s in self.steps if s.enterprise_label)

    @property
    def enterprise_actions(self) -> tuple[Action, ...]:
        return tuple(a for a in self.actions if a.enterprise_label)
