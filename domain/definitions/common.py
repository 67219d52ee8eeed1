"""Rows every process shares: the supervision of an overdue step, and the clock actions."""

from domain.deadline_rules import DEFAULT_RULES
from domain.process import Action, Party, Start, Step
from domain.supervision import ResumeClockForm, SupervisionForm, SuspendClockForm

UPPER_OFFICE = Party("office", "上一级安委办")

# 督办: a human task of the office one level up, whose clock runs from the breach.
SUPERVISION = Step("supervision", "督办", UPPER_OFFICE, SupervisionForm, "supervision.handle", Start.LAPSE)
SUPERVISION_CLOCKS = (DEFAULT_RULES["supervision.handle"],)

# Stopping a clock for time the law excludes (e.g. technical appraisal) and restarting it: the
# task's owner or the office above may do it on every process (the workflow checks which task).
CLOCK_ROLES = frozenset({"handler", "office"})
CLOCK_ACTIONS = (
    Action("suspend_clock", "中止计时", SuspendClockForm, CLOCK_ROLES),
    Action("resume_clock", "恢复计时", ResumeClockForm, CLOCK_ROLES),
)

# Actions every workflow takes that have pages of their own rather than a form on the case page:
# the service of a document (/documents/{id}/service) and attachments (the attachment form).
KERNEL_ACTIONS = ("serve_document", "attach")
