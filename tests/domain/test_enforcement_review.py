"""The enforcement review's pure rules: the draw, the pre-filled checklist, scores, 公开裁定."""

from __future__ import annotations

import pytest

from domain import enforcement_review as er
from domain.errors import InvalidInput

POOL = [er.PoolFile(i, f"C{i}", 1 if i < 10 else 2, "甲局" if i < 10 else "乙局") for i in range(1, 16)]


def test_the_draw_is_reproducible_from_seed_and_pool_whatever_the_pools_order() -> None:
    first = er.draw_sample(7, POOL, 0.4)
    assert first == er.draw_sample(7, list(reversed(POOL)), 0.4)
    assert first != er.draw_sample(8, POOL, 0.4) or first != er.draw_sample(9, POOL, 0.4)


def test_the_draw_takes_at_least_the_share_of_every_bureau_rounded_up() -> None:
    sample = er.draw_sample(1, POOL, 0.4)
    assert sum(f.bureau_org_id == 1 for f in sample) == 4  # ceil(0.4 × 9)
    assert sum(f.bureau_org_id == 2 for f in sample) == 3  # ceil(0.4 × 6)
    assert len(er.draw_sample(1, POOL, 1.0)) == len(POOL)


def test_the_share_is_never_below_forty_percent() -> None:
    with pytest.raises(InvalidInput, match="40%"):
        er.parse_review_settings({"sample_share": 0.3})
    with pytest.raises(InvalidInput, match="0.1"):
        er.parse_review_settings({"public_ruling_share": 0.05})
    assert er.parse_review_settings({"sample_share": 0.5}).sample_share == 0.5


def test_the_ledger_prefills_deadlines_documents_and_procedure_but_not_legality() -> None:
    clean = er.prefill(er.LedgerFacts(deadlines=3, documents_issued=2, decisions=1))
    assert {k: v.verdict for k, v in clean.items()} == {
        "legality": "",
        "procedure": "pass",
        "documents": "pass",
        "deadlines": "pass",
    }
    faulty = er.prefill(er.LedgerFacts(3, 1, 2, 1, 2, 1))
    assert {k: v.verdict for k, v in faulty.items() if k != "legality"} == dict.fromkeys(
        ("procedure", "documents", "deadlines"), "fail"
    )
    assert "逾期1项" in faulty["deadlines"].note and "1份无送达记录" in faulty["documents"].note


def test_scores_per_bureau_average_the_reviewed_files_and_count_failed_items() -> None:
    checklist = {"legality": "pass", "procedure": "pass", "documents": "fail", "deadlines": "fail"}
    assert er.file_score(checklist) == 50 and er.failed_items(checklist) == ["documents", "deadlines"]
    files = [
        {"bureau_org_id": 1, "bureau_name": "甲局", "score": 50, "failed": ["documents", "deadlines"]},
        {"bureau_org_id": 1, "bureau_name": "甲局", "score": 100, "failed": []},
        {"bureau_org_id": 1, "bureau_name": "甲局", "score": None},
        {"bureau_org_id": 2, "bureau_name": "乙局", "score": 75, "failed": ["legality"]},
    ]
    first, second = er.bureau_scores(files, pass_mark=75)
    assert (first.files_sampled, first.files_reviewed, first.average_score, first.failed_files) == (3, 2, 75.0, 1)
    assert first.failed_items == {"documents": 1, "deadlines": 1}
    # An unlawful enforcement body or basis fails the file whatever its score (行政处罚法 art 38).
    assert (second.average_score, second.failed_files) == (75.0, 1)
    assert er.file_failed(75, ["legality"], 75) and not er.file_failed(75, ["documents"], 75)


def test_a_file_with_nothing_to_check_is_left_to_the_reviewer_and_a_failure_needs_an_opinion() -> None:
    empty = er.prefill(er.LedgerFacts(deadlines=0, documents_issued=0, decisions=0))
    assert (empty["procedure"].verdict, empty["documents"].verdict) == ("", "")
    assert "无决定环节" in empty["procedure"].note
    items = {"legality": "fail", "procedure": "pass", "documents": "pass", "deadlines": "pass"}
    assert "有不符合项时须填写" in er.checklist_errors(items)[0]["message"]
    assert er.checklist_errors({**items, "opinion": "执法主体不适格"}) == []
    assert er.checklist_errors({**items, "legality": "pass"}) == []


def test_public_ruling_share_warns_below_ten_percent() -> None:
    assert er.RulingShare(20, 2, 0.1).warning == ""
    low = er.RulingShare(20, 1, 0.1)
    assert low.share == 0.05 and "低于10%" in low.warning and "国办发" in low.warning
    assert er.RulingShare(0, 0, 0.1).warning == "" and er.RulingShare(0, 0, 0.1).share is None
