"""Verifies every case's event chain and the documents it vouches for; also a command:

    .venv/bin/python -m services.chain_verify [--database-url URL]

prints one line per broken case (or "all N chains intact") and exits 1 when any is broken.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from activities.event_chain_writer import chain_entry
from db import models
from db.session import make_engine, make_session_factory
from domain.event_chain import BrokenLink, ChainEntry, check_chain
from settings import get_settings

PROBLEM_LABELS = {
    "content_changed": "事件内容被改动（哈希不符）",
    "prev_hash_mismatch": "前一事件哈希不符（事件被删除、插入或调换）",
    "sequence_gap": "事件序号不连续（事件被删除或调换）",
    "head_mismatch": "链尾与记录不符（最后的事件被删除或改动）",
    "document_changed": "文书内容与时间线记录的哈希不符",
}


@dataclass
class ChainReport:
    cases_checked: int = 0
    events_checked: int = 0
    documents_checked: int = 0
    seconds: float = 0.0
    broken: list[tuple[str, BrokenLink]] = field(default_factory=list)  # (case_no, first broken link)

    @property
    def intact(self) -> bool:
        return not self.broken


def verify_all(db: Session) -> ChainReport:
    """Walk every case's chain in sequence order and name each broken case's first broken link."""
    started = time.perf_counter()
    report = ChainReport()
    heads = {h.case_id: (h.seq, h.hash) for h in db.scalars(select(models.CaseChainHead))}
    cases: dict[int, str] = {row.id: row.case_no for row in db.execute(select(models.Case.id, models.Case.case_no))}
    broken: dict[int, BrokenLink] = {}
    seen: set[int] = set()
    for case_id, entries in _entries_by_case(db):
        seen.add(case_id)
        report.events_checked += len(entries)
        link = check_chain(case_id, entries, heads.get(case_id))
        if link is not None:
            broken[case_id] = link
    for case_id in cases.keys() - seen:
        link = check_chain(case_id, [], heads.get(case_id))  # every event of a case deleted
        if link is not None:
            broken[case_id] = link
    report.documents_checked = _check_documents(db, broken)
    report.cases_checked = len(cases)
    report.broken = [(cases.get(c, str(c)), broken[c]) for c in sorted(broken)]
    report.seconds = time.perf_counter() - started
    return report


def _entries_by_case(db: Session) -> Iterator[tuple[int, list[ChainEntry]]]:
    query = select(models.CaseEvent).order_by(models.CaseEvent.case_id, models.CaseEvent.seq)
    current: int | None = None
    entries: list[ChainEntry] = []
    for event in db.scalars(query.execution_options(yield_per=1000)):
        if event.case_id != current:
            if current is not None:
                yield current, entries
            current, entries = event.case_id, []
        entries.append(chain_entry(event))
    if current is not None:
        yield current, entries
    db.expunge_all()


def _check_documents(db: Session, broken: dict[int, BrokenLink]) -> int:
    """A stored document must hash to the SHA-256 its chained `document_issued` event recorded."""
    recorded: dict[int, tuple[int, str]] = {}
    for event in db.scalars(select(models.CaseEvent).where(models.CaseEvent.kind == "document_issued")):
        if isinstance(event.data.get("document_id"), int):
            recorded[event.data["document_id"]] = (event.seq, str(event.data.get("sha256", "")))
    count = 0
    for doc in db.scalars(select(models.Document).order_by(models.Document.id)):
        count += 1
        actual = hashlib.sha256(doc.html.encode("utf-8")).hexdigest()
        seq, expected = recorded.get(doc.id, (0, doc.sha256))
        if (actual != expected or doc.sha256 != expected) and doc.case_id not in broken:
            found = actual if actual != expected else doc.sha256
            broken[doc.case_id] = BrokenLink(
                doc.case_id, seq, "document_changed", expected, f"{found} (文书 {doc.number})"
            )
    return count


def describe(case_no: str, link: BrokenLink) -> str:
    return (
        f"案件 {case_no}（id {link.case_id}）第 {link.seq} 条事件：{PROBLEM_LABELS[link.problem]}；"
        f"应为 {link.expected}，实为 {link.found}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Verify every case's event hash chain.")
    parser.add_argument("--database-url", default=None, help="defaults to the DATABASE_URL setting")
    args = parser.parse_args(argv)
    engine = make_engine(args.database_url or get_settings().database_url)
    with make_session_factory(engine)() as db:
        report = verify_all(db)
    engine.dispose()
    for case_no, link in report.broken:
        print(describe(case_no, link))  # noqa: T201
    print(  # noqa: T201
        f"{report.cases_checked} cases, {report.events_checked} events, {report.documents_checked} documents "
        f"checked in {report.seconds:.2f} s: "
        + ("all chains intact" if report.intact else f"{len(report.broken)} broken")
    )
    return 0 if report.intact else 1


if __name__ == "__main__":
    sys.exit(main())
