"""Process 7: the double-random draw (双随机抽查) and the publication of its results.

北碚府办发〔2016〕65号 (十五) and 曲靖 (十一); the 20 working days of 国办发〔2015〕20号 (十五).
The draw is made when the case opens (services/random_draws.py, domain/random_draw.py); the one
human step is the publication.
"""

from domain import random_draw_forms as f
from domain.definitions.common import CLOCK_ACTIONS
from domain.process import Party, ProcessDefinition, Step
from domain.random_draw_deadlines import RANDOM_DRAW_RULES

DRAWING_BUREAU = Party("handler", "组织抽查的应急管理部门")

RANDOM_DRAW = ProcessDefinition(
    code=f.PROCESS,
    name="双随机抽查",
    workflow="RandomDrawWorkflow",
    docs="random-draw.md",
    steps=(Step("publication", "公开随机抽查结果", DRAWING_BUREAU, f.PublicationForm, "random_draw.publication"),),
    actions=(*CLOCK_ACTIONS,),
    clocks=RANDOM_DRAW_RULES,
    statuses=f.RANDOM_DRAW_STATUS_LABELS,
)
