"""Verifies every case's event chain and the documents it vouches for, the row ledger of the
protected tables and the attachment bytes (services/row_verify.py); also a command:

    .venv/bin/python -m services.chain_verify [--database-url URL]
        [--attachments all | --attachments sample N | --attachments none] [--attachment-dir DIR]

prints one line per broken case, changed row or altered file (or "all chains intact") and exits 1
when anything is broken or missing.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from activities.event_chain_writer import chain_entry
from db import models
from db.session import make_engine, make_session_factory
from domain.event_chain import BrokenLink, ChainEntry, check_chain
from domain.row_integrity import RowProblem
from services import row_verify
from services.attachment_store import AttachmentStore
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
    rows_checked: int = 0
    attachments_checked: int = 0
    seconds: float = 0.0
    rows_seconds: float = 0.0
    broken: list[tuple[str, BrokenLink]] = field(default_factory=list)  # (case_no, first broken link)
    rows: list[tuple[str | None, RowProblem]] = field(default_factory=list)  # (case_no, problem)

    @property
    def intact(self) -> bool:
        return not self.broken and not self.rows


def verify_all(db: Session, store: AttachmentStore | None = None, sample: int | None = None) -> ChainReport:
    """Walk every case's chain in sequence order and name each broken case's first broken link;
    then every protected row against the row ledger, and with a `store` the attachments' bytes
    (all, or `sample` chosen at random)."""
    report = _verify_events(db)
    started = time.perf_counter()
    cases: dict[int, str] = {row.id: row.case_no for row in db.execute(select(models.Case.id, models.Case.case_no))}
    report.rows_checked, problems = row_verify.verify_rows(db)
    if store is not None:
        report.attachments_checked, blob_problems = row_verify.verify_attachment_blobs(db, store, sample)
        problems.extend(blob_problems)
    report.rows = [(cases.get(p.case_id) if p.case_id is not None else None, p) for p in problems]
    report.rows_seconds = time.perf_counter() - started
    return report


def _verify_events(db: Session) -> ChainReport:
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
    parser = argparse.ArgumentParser(
        description="Verify every case's event hash chain, the row ledger and attachments."
    )
    parser.add_argument("--database-url", default=None, help="defaults to the DATABASE_URL setting")
    parser.add_argument(
        "--attachments",
        nargs="+",
        default=["all"],
        metavar="all|sample N|none",
        help="check every attachment's bytes (default), a random sample of N, or none",
    )
    parser.add_argument("--attachment-dir", default=None, help="defaults to the ATTACHMENT_DIR setting")
    args = parser.parse_args(argv)
    sample = _sample(parser, args.attachments)
    settings = get_settings()
    store = None
    if sample != 0:
        store = AttachmentStore(Path(args.attachment_dir) if args.attachment_dir else settings.attachment_dir or Path())
    engine = make_engine(args.database_url or settings.database_url)
    with make_session_factory(engine)() as db:
        report = verify_all(db, store, sample if sample and sample > 0 else None)
    engine.dispose()
    for case_no, link in report.broken:
        print(describe(case_no, link))  # noqa: T201
    for row_case_no, problem in report.rows:
        print(row_verify.describe_row(problem, row_case_no))  # noqa: T201
    print(  # noqa: T201
        f"{report.cases_checked} cases, {report.events_checked} events, {report.documents_checked} documents "
        f"checked in {report.seconds:.2f} s; {report.rows_checked} rows, {report.attachments_checked} attachment "
        f"files checked in {report.rows_seconds:.2f} s: "
        + ("all chains intact" if report.intact else f"{len(report.broken)} broken cases, {len(report.rows)} rows")
    )
    return 0 if report.intact else 1


def _sample(parser: argparse.ArgumentParser, words: list[str]) -> int:
    """-1: every attachment; 0: none; N: a random sample of N."""
    if words == ["all"]:
        return -1
    if words == ["none"]:
        return 0
    if len(words) == 2 and words[0] == "sample" and words[1].isdigit() and int(words[1]) > 0:
        return int(words[1])
    parser.error("--attachments takes: all | sample N | none")


if __name__ == "__main__":
    sys.exit(main())
