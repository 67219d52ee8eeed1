"""The office's instruments as an Excel workbook (督办工具台账.xlsx): the interviews and
consultations with their commitments, the commitments overdue, and the bulletins with who was
named and whose acknowledgement is due or overdue. The same rows the /interviews and /bulletins
pages show, for the principal who asks."""

from __future__ import annotations

import io
from collections.abc import Sequence

from domain.bulletin import KINDS
from services.bulletin_queries import BulletinRow
from services.interview_queries import InterviewBoard

ACK_STATES = {"open": "待签收", "acknowledged": "已签收", "overdue": "签收逾期"}


def workbook_bytes(board: InterviewBoard, bulletins: Sequence[BulletinRow]) -> bytes:
    from openpyxl import Workbook  # imported here: only the export needs it
    from openpyxl.styles import Font

    sheets: list[tuple[str, list[str], list[list[object]]]] = [
        (
            "约谈会商",
            ["案件编号", "类别", "名称", "被约谈方", "状态", "承诺事项", "其中逾期"],
            [
                [i.case_no, "约谈" if i.process == "interview" else "会商", i.title, i.party_kind, i.status]
                + [i.commitments, i.overdue_commitments]
                for i in board.interviews
            ],
        ),
        (
            "逾期承诺事项",
            ["案件编号", "承诺方", "承诺事项", "期限", "状态"],
            [[c.case_no, c.party, c.content, c.due_on, c.state_label] for c in board.overdue],
        ),
        (
            "通报",
            ["案件编号", "类别", "文号", "事由", "被通报单位", "被通报企业", "签收情况", "签收逾期"],
            [
                [b.case_no, KINDS.get(b.kind, b.kind), b.number, b.subject, "、".join(b.named)]
                + ["、".join(b.named_enterprises)]
                + ["；".join(f"{a.org_name}{ACK_STATES.get(a.state, a.state)}" for a in b.acknowledgements)]
                + [b.overdue]
                for b in bulletins
            ],
        ),
    ]
    book = Workbook()
    for index, (title, headers, rows) in enumerate(sheets):
        sheet = book.active if index == 0 else book.create_sheet()
        assert sheet is not None
        sheet.title = title
        sheet.append(headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
