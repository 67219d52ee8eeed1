"""The clock of a double-random draw: publication of its results.

国办发〔2015〕20号 (十五): "各有关部门依法对企业作出安全生产执法决定之日起20个工作日内，要向社会公开
执法信息" [S]. The draw is the decision to inspect; the same 20 working days govern the other
disclosures of this project (accident.evaluation_publication). Overridable under
`[deadlines."random_draw.publication"]` in config/process.toml.
"""

from __future__ import annotations

from domain.deadline_rule import DeadlineRule
from domain.legal_calendar import Unit

RANDOM_DRAW_RULES: tuple[DeadlineRule, ...] = (
    DeadlineRule(
        "random_draw.publication",
        "公开随机抽查结果",
        20,
        Unit.WORKING_DAYS,
        "作出抽查决定（抽取）之日",
        "上一级安委办督办",
        "国办发〔2015〕20号（十五）：作出执法决定之日起20个工作日内向社会公开执法信息；"
        "北碚府办发〔2016〕65号（十五）：随机抽查事项清单及时向社会公布",
        "S",
        remind_before=(5, 1),
    ),
)
