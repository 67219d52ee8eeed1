"""The double-random draw is a pure, reproducible function of its recorded inputs."""

from __future__ import annotations

import hashlib

import pytest

from domain.errors import InvalidInput
from domain.random_draw import DrawInputs, DrawResult, count_from_share, draw, key, matches

SEED = "5f" * 32


def inputs(**changes: object) -> DrawInputs:
    base: dict[str, object] = {
        "seed": SEED,
        "enterprise_pool": tuple(range(100, 140)),
        "inspector_pool": (1, 2, 3, 4, 5, 6),
        "count": 5,
        "team_size": 2,
    }
    base.update(changes)
    return DrawInputs(**base)  # type: ignore[arg-type]


def test_the_same_inputs_give_the_same_result_whatever_the_order_of_the_pools() -> None:
    first = draw(inputs())
    shuffled = draw(inputs(enterprise_pool=tuple(reversed(range(100, 140))), inspector_pool=(6, 4, 2, 1, 3, 5)))
    assert first == shuffled
    assert len(first.selections) == 5 and all(len(s.team) == 2 for s in first.selections)
    assert draw(inputs(seed="00" * 32)) != first


def test_the_documented_algorithm_can_be_rerun_by_hand_with_sha256_alone() -> None:
    by_hand = sorted(range(100, 140), key=lambda e: hashlib.sha256(f"{SEED}|enterprise|{e}".encode()).hexdigest())
    assert [s.enterprise_id for s in draw(inputs()).selections] == by_hand[:5]
    assert key(SEED, "inspector", 100, 3) == hashlib.sha256(f"{SEED}|inspector|100|3".encode()).hexdigest()


def test_a_declared_conflict_keeps_the_inspector_off_that_enterprises_team() -> None:
    plain = draw(inputs(count=40))
    conflicts = tuple((i, s.enterprise_id) for s in plain.selections for i in s.team)
    other = draw(inputs(count=40, conflicts=conflicts))
    for before, after in zip(plain.selections, other.selections, strict=True):
        assert not set(before.team) & set(after.team)


def test_the_work_spreads_over_the_roster() -> None:
    result = draw(inputs(count=30))
    loads = [sum(i in s.team for s in result.selections) for i in range(1, 7)]
    assert max(loads) - min(loads) <= 1


def test_the_record_round_trips_and_a_tampered_result_fails_verification() -> None:
    made = inputs(conflicts=((1, 100),))
    result = draw(made)
    assert DrawInputs.from_record(made.as_record()) == made
    assert matches(DrawInputs.from_record(made.as_record()), DrawResult.from_record(result.as_record()))
    tampered = result.as_record()
    tampered[0]["enterprise_id"] = 999
    assert not matches(made, DrawResult.from_record(tampered))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"team_size": 1}, "不得少于2人"),
        ({"enterprise_pool": ()}, "没有符合条件的企业"),
        ({"count": 41}, "超过符合条件的企业数"),
        ({"inspector_pool": (1,)}, "少于每组所需"),
        ({"inspector_pool": (1, 2), "conflicts": ((1, 100),), "count": 40}, "需回避"),
    ],
)
def test_a_draw_that_cannot_be_made_is_refused_in_chinese(changes: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        draw(inputs(**changes))


def test_a_share_rounds_up_and_must_be_within_range() -> None:
    assert (count_from_share(40, 10), count_from_share(41, 10), count_from_share(3, 1)) == (4, 5, 1)
    for bad in (0, -5, 100.5):
        with pytest.raises(InvalidInput, match="抽查比例"):
            count_from_share(40, bad)
