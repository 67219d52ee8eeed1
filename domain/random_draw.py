"""The double-random draw (双随机抽查): which enterprises are inspected, and by whom.

北碚府办发〔2016〕65号 (十五): "建立随机抽取检查对象、随机选派执法检查人员的“双随机”抽查机制，
严格限制监管部门自由裁量权". The draw is a pure function of its recorded inputs, so that anyone
holding the seed and the two pools (both on the case's hash-chained timeline) can re-run it and
find the same result.

Algorithm (version ``sha256-v1``), using nothing but SHA-256 and integer order, so it does not
depend on Python's `random` module or on any version of Python:

1. Each enterprise id ``e`` of the pool gets the key ``SHA-256("{seed}|enterprise|{e}")`` (UTF-8,
   hex digest). The pool is ordered by (key, id); the first ``count`` are drawn, and the drawn
   enterprises keep that order.
2. For each drawn enterprise ``e`` in that order, each inspector ``i`` of the roster pool without
   a declared conflict with ``e`` (行政处罚法 art 43: 回避) gets the key
   ``SHA-256("{seed}|inspector|{e}|{i}")``. Inspectors are ordered by (teams already assigned in
   this draw, key, id), so the work spreads evenly; the first ``team_size`` form the team.
   行政处罚法 art 42: at least two enforcement officers.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from domain.errors import InvalidInput

ALGORITHM = "sha256-v1"
MIN_TEAM_SIZE = 2  # 行政处罚法 art 42: 执法人员不得少于两人


@dataclass(frozen=True)
class DrawInputs:
    """Everything the draw depends on; recorded on the timeline as it is."""

    seed: str
    enterprise_pool: tuple[int, ...]
    inspector_pool: tuple[int, ...]
    count: int
    team_size: int
    conflicts: tuple[tuple[int, int], ...] = ()  # (inspector id, enterprise id) declared
    algorithm: str = ALGORITHM

    def as_record(self) -> dict[str, object]:
        return {
            "algorithm": self.algorithm,
            "seed": self.seed,
            "enterprise_pool": list(self.enterprise_pool),
            "inspector_pool": list(self.inspector_pool),
            "conflicts": [list(pair) for pair in self.conflicts],
            "count": self.count,
            "team_size": self.team_size,
        }

    @classmethod
    def from_record(cls, record: dict[str, object]) -> DrawInputs:
        def ints(key: str) -> tuple[int, ...]:
            return tuple(int(v) for v in record[key])  # type: ignore[attr-defined]

        conflicts = tuple((int(a), int(b)) for a, b in record.get("conflicts", []))  # type: ignore[attr-defined]
        return cls(
            seed=str(record["seed"]),
            enterprise_pool=ints("enterprise_pool"),
            inspector_pool=ints("inspector_pool"),
            count=int(record["count"]),  # type: ignore[call-overload]
            team_size=int(record["team_size"]),  # type: ignore[call-overload]
            conflicts=conflicts,
            algorithm=str(record.get("algorithm", ALGORITHM)),
        )


@dataclass(frozen=True)
class Selection:
    enterprise_id: int
    team: tuple[int, ...]


@dataclass(frozen=True)
class DrawResult:
    selections: tuple[Selection, ...] = field(default_factory=tuple)

    def as_record(self) -> list[dict[str, object]]:
        return [{"enterprise_id": s.enterprise_id, "team": list(s.team)} for s in self.selections]

    @classmethod
    def from_record(cls, record: Iterable[dict[str, object]]) -> DrawResult:
        return cls(
            tuple(
                Selection(int(r["enterprise_id"]), tuple(int(i) for i in r["team"]))  # type: ignore[call-overload, attr-defined]
                for r in record
            )
        )


def key(seed: str, *parts: object) -> str:
    text = "|".join([seed, *(str(p) for p in parts)])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def count_from_share(pool_size: int, share_percent: float) -> int:
    """The number drawn for a share of the pool, rounded up (a share never draws nobody)."""
    if not 0 < share_percent <= 100:
        raise InvalidInput("抽查比例应大于0%且不超过100%")
    return max(1, math.ceil(pool_size * share_percent / 100 - 1e-9))


def check(inputs: DrawInputs) -> None:
    """Refuse a draw that cannot be made, in words a handler understands."""
    if inputs.algorithm != ALGORITHM:
        raise InvalidInput(f"不支持的抽取算法：{inputs.algorithm}")
    if inputs.team_size < MIN_TEAM_SIZE:
        raise InvalidInput("每个检查组的执法人员不得少于2人（行政处罚法第四十二条）")
    if not inputs.enterprise_pool:
        raise InvalidInput("检查对象名录库中没有符合条件的企业，无法抽取")
    if inputs.count < 1:
        raise InvalidInput("抽取企业数量至少为1家")
    if inputs.count > len(inputs.enterprise_pool):
        raise InvalidInput(f"抽取企业数量（{inputs.count}家）超过符合条件的企业数（{len(inputs.enterprise_pool)}家）")
    if len(inputs.inspector_pool) < inputs.team_size:
        raise InvalidInput(
            f"持有效执法证的执法人员只有{len(inputs.inspector_pool)}人，少于每组所需的{inputs.team_size}人"
        )
    if len(set(inputs.enterprise_pool)) != len(inputs.enterprise_pool) or len(set(inputs.inspector_pool)) != len(
        inputs.inspector_pool
    ):
        raise InvalidInput("名录库中有重复的记录")


def draw(inputs: DrawInputs) -> DrawResult:
    """The selection (see the module's docstring for the algorithm). Pools may come in any order."""
    check(inputs)
    seed = inputs.seed
    enterprises = sorted(set(inputs.enterprise_pool), key=lambda e: (key(seed, "enterprise", e), e))
    drawn = enterprises[: inputs.count]
    conflicted: dict[int, set[int]] = {}
    for inspector, enterprise in inputs.conflicts:
        conflicted.setdefault(enterprise, set()).add(inspector)
    load = dict.fromkeys(sorted(set(inputs.inspector_pool)), 0)
    selections: list[Selection] = []
    for enterprise in drawn:
        eligible = [i for i in load if i not in conflicted.get(enterprise, set())]
        if len(eligible) < inputs.team_size:
            raise InvalidInput(
                f"企业（编号{enterprise}）可选派的执法人员只有{len(eligible)}人（其余需回避），"
                f"少于每组所需的{inputs.team_size}人"
            )
        eligible.sort(key=lambda i: (load[i], key(seed, "inspector", enterprise, i), i))
        team = tuple(sorted(eligible[: inputs.team_size]))
        for inspector in team:
            load[inspector] += 1
        selections.append(Selection(enterprise, team))
    return DrawResult(tuple(selections))


def matches(inputs: DrawInputs, recorded: DrawResult) -> bool:
    """Whether re-running the draw from its recorded inputs gives the recorded result."""
    try:
        return draw(inputs) == recorded
    except InvalidInput:
        return False


def sorted_pool(ids: Sequence[int]) -> tuple[int, ...]:
    return tuple(sorted(set(ids)))
