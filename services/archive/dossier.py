"""The dossier (案卷) of a closed case: one ZIP file with a manifest of every part and its SHA-256.

In order, as the archive rules arrange a file (卷内文件排列):
    00-cover.pdf                 the cover (案卷封面) and the table of contents (卷内目录)
    01-documents/NN-<type>.pdf   every issued document, in the order issued
    02-timeline.json             the timeline with its hash chain, and the chain's check
    03-deadline-ledger.json      every step's statutory clock and its history
    04-attachments/NN-<sha>.<ext> the attachments, as uploaded (names in the manifest)
    05-workflow-history.json     the workflow's full Temporal history
    manifest.json                the case, each part's title, size and SHA-256, the retention
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import io
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from activities.event_chain_writer import chain_entry
from db import models
from domain.event_chain import check_chain
from domain.legal_calendar import CHINA_TZ
from domain.processes import PROCESS_LABELS, status_label
from services.attachment_store import AttachmentStore
from services.document_pdf import render_pdf

MANIFEST = "manifest.json"


@dataclass
class Part:
    path: str
    title: str
    data: bytes


@dataclass
class Dossier:
    case_no: str
    parts: list[Part] = field(default_factory=list)
    manifest: dict[str, Any] = field(default_factory=dict)

    def to_zip(self) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            for part in self.parts:
                z.writestr(part.path, part.data)
            z.writestr(MANIFEST, json.dumps(self.manifest, ensure_ascii=False, indent=1))
        return out.getvalue()


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=1, default=str).encode("utf-8")


def _day(at: dt.datetime | None) -> str:
    if at is None:
        return ""
    d = at.astimezone(CHINA_TZ).date()
    return f"{d.year}年{d.month}月{d.day}日"


def build_dossier(
    db: Session,
    store: AttachmentStore,
    case: models.Case,
    history_json: str,
    *,
    assembled_at: dt.datetime,
    retention_years: int,
    retain_until: dt.date | None,
) -> Dossier:
    dossier = Dossier(case.case_no)
    documents = list(
        db.scalars(
            select(models.Document)
            .where(models.Document.case_id == case.id)
            .order_by(models.Document.issued_at, models.Document.id)
        )
    )
    for n, doc in enumerate(documents, 1):
        dossier.parts.append(
            Part(
                f"01-documents/{n:02d}-{doc.doc_type}.pdf",
                f"{doc.title} {doc.number}",
                render_pdf(doc.html, doc.sha256),
            )
        )

    events = list(
        db.scalars(select(models.CaseEvent).where(models.CaseEvent.case_id == case.id).order_by(models.CaseEvent.seq))
    )
    head = db.get(models.CaseChainHead, case.id)
    broken = check_chain(case.id, [chain_entry(e) for e in events], (head.seq, head.hash) if head else None)
    chain: dict[str, Any] = {"intact": broken is None, "events": len(events), "head": head.hash if head else None}
    if broken is not None:
        chain["first_broken_link"] = {"seq": broken.seq, "problem": broken.problem}
    timeline = [
        {
            "seq": e.seq,
            "at": e.at.isoformat(),
            "actor": e.actor_name,
            "kind": e.kind,
            "summary": e.summary,
            "reason": e.reason,
            "data": e.data,
            "prev_hash": e.prev_hash,
            "hash": e.hash,
        }
        for e in events
    ]
    dossier.parts.append(Part("02-timeline.json", "案件时间线及哈希链", _json({"chain": chain, "events": timeline})))

    tasks = list(
        db.scalars(
            select(models.Task).where(models.Task.case_id == case.id).order_by(models.Task.opened_at, models.Task.id)
        )
    )
    ledger = list(
        db.scalars(
            select(models.DeadlineEvent)
            .where(models.DeadlineEvent.case_id == case.id)
            .order_by(models.DeadlineEvent.id)
        )
    )
    clocks = {
        "steps": [
            {
                "task_id": t.id,
                "step": t.step,
                "title": t.title,
                "rule": t.deadline_rule,
                "basis": t.deadline_basis,
                "opened_at": t.opened_at,
                "original_due_at": t.original_due_at,
                "due_at": t.due_at,
                "completed_at": t.completed_at,
                "clock_state": t.clock_state,
                "extensions": t.extension_count,
                "overdue": t.overdue,
            }
            for t in tasks
        ],
        "ledger": [
            {
                "task_id": d.task_id,
                "at": d.at,
                "kind": d.kind,
                "actor": d.actor_name,
                "reason": d.reason,
                "basis": d.basis,
                "due_at": d.due_at,
            }
            for d in ledger
        ],
    }
    dossier.parts.append(Part("03-deadline-ledger.json", "期限台账", _json(clocks)))

    attachments = list(
        db.scalars(select(models.Attachment).where(models.Attachment.case_id == case.id).order_by(models.Attachment.id))
    )
    for n, a in enumerate(attachments, 1):
        suffix = PurePosixPath(a.filename).suffix.lower()
        suffix = suffix if suffix.isascii() and len(suffix) <= 6 and suffix[1:].isalnum() else ""
        dossier.parts.append(
            Part(f"04-attachments/{n:02d}-{a.sha256[:16]}{suffix}", f"附件：{a.filename}", store.read(a.sha256))
        )

    dossier.parts.append(Part("05-workflow-history.json", "流程执行历史（Temporal）", history_json.encode("utf-8")))

    cover = Part(
        "00-cover.pdf", "案卷封面及卷内目录", _cover_pdf(db, case, dossier.parts, retention_years, retain_until)
    )
    dossier.parts.insert(0, cover)
    enterprise = db.get(models.Enterprise, case.enterprise_id) if case.enterprise_id else None
    jurisdiction = db.get(models.Jurisdiction, case.jurisdiction_code)
    dossier.manifest = {
        "format": "anquan-dossier/1",
        "case": {
            "id": case.id,
            "case_no": case.case_no,
            "workflow_id": case.workflow_id,
            "process": case.process,
            "process_label": PROCESS_LABELS.get(case.process, case.process),
            "title": case.title,
            "status": case.status,
            "jurisdiction": jurisdiction.name if jurisdiction else case.jurisdiction_code,
            "enterprise": enterprise.name if enterprise else None,
            "opened_at": case.created_at.isoformat(),
            "closed_at": case.updated_at.isoformat(),
        },
        "assembled_at": assembled_at.isoformat(),
        "retention": {"years": retention_years, "permanent": retention_years == 0, "retain_until": retain_until},
        "chain": chain,
        "parts": [
            {"path": p.path, "title": p.title, "size": len(p.data), "sha256": hashlib.sha256(p.data).hexdigest()}
            for p in dossier.parts
        ],
    }
    dossier.manifest["retention"]["retain_until"] = retain_until.isoformat() if retain_until else None
    return dossier


def _cover_pdf(
    db: Session, case: models.Case, parts: list[Part], retention_years: int, retain_until: dt.date | None
) -> bytes:
    jurisdiction = db.get(models.Jurisdiction, case.jurisdiction_code)
    rows = "".join(
        f"<tr><td>{n}</td><td>{html.escape(p.title)}</td><td>{html.escape(p.path)}</td></tr>"
        for n, p in enumerate(parts, 2)
    )
    term = (
        "永久"
        if retention_years == 0
        else f"{retention_years}年（至{retain_until.isoformat() if retain_until else ''}）"
    )
    page = f"""<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style>
@page {{ size: A4; margin: 25mm 20mm; }}
body {{ font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", serif; font-size: 11pt; }}
h1 {{ text-align: center; font-size: 22pt; letter-spacing: 8pt; margin-top: 40mm; }}
table.cover td {{ padding: 4pt 8pt; font-size: 13pt; }}
h2 {{ text-align: center; page-break-before: always; }}
table.toc {{ width: 100%; border-collapse: collapse; }}
table.toc td, table.toc th {{ border: 0.5pt solid #000; padding: 3pt 5pt; font-size: 10pt; }}
</style></head><body>
<h1>执法案卷</h1>
<table class="cover">
<tr><td>案号</td><td>{html.escape(case.case_no)}</td></tr>
<tr><td>案由</td><td>{html.escape(case.title)}</td></tr>
<tr><td>程序</td><td>{html.escape(PROCESS_LABELS.get(case.process, case.process))}</td></tr>
<tr><td>办理结果</td><td>{html.escape(status_label(case.process, case.status))}</td></tr>
<tr><td>辖区</td><td>{html.escape(jurisdiction.name if jurisdiction else case.jurisdiction_code)}</td></tr>
<tr><td>立案日期</td><td>{_day(case.created_at)}</td></tr>
<tr><td>结案日期</td><td>{_day(case.updated_at)}</td></tr>
<tr><td>保管期限</td><td>{html.escape(term)}</td></tr>
</table>
<h2>卷内目录</h2>
<table class="toc"><tr><th>序号</th><th>题名</th><th>文件</th></tr>
<tr><td>1</td><td>案卷封面及卷内目录</td><td>00-cover.pdf</td></tr>{rows}</table>
</body></html>"""
    return render_pdf(page, hashlib.sha256(page.encode("utf-8")).hexdigest())
