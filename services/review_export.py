"""The enforcement review's scores as an Excel workbook (执法案卷评查.xlsx), one sheet per review."""

from __future__ import annotations

import io
from collections.abc import Sequence

from domain.enforcement_review import CHECK_ITEMS
from services.enforcement_reviews import ReviewScores

HEADERS = [
    "被评查部门",
    "抽取案卷",
    "已评查",
    "平均得分",
    "不合格案卷",
    *(f"{label}（不符合件数）" for label in CHECK_ITEMS.values()),
    "处罚案件",
    "公开裁定",
    "公开裁定比例",
    "提示",
]


def workbook_bytes(reviews: Sequence[ReviewScores]) -> bytes:
    from openpyxl import Workbook  # imported here: only the export needs it
    from openpyxl.styles import Font

    book = Workbook()
    for n, review in enumerate(reviews):
        sheet = book.active if n == 0 else book.create_sheet()
        assert sheet is not None
        sheet.title = review.case_no[-31:]
        sheet.append(
            [f"{review.reviewing_org} {review.year}年度执法案卷评查（{review.case_no}，抽样种子{review.seed}）"]
        )
        sheet["A1"].font = Font(bold=True, size=12)
        sheet.append(HEADERS)
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for b in review.bureaus:
            share = f"{b.public_ruling_share:.0%}" if b.public_ruling_share is not None else "—"
            sheet.append(
                [
                    b.bureau,
                    b.files_sampled,
                    b.files_reviewed,
                    b.average_score if b.average_score is not None else "—",
                    b.failed_files,
                    *(b.failed_items.get(item, 0) for item in CHECK_ITEMS),
                    b.penalty_cases,
                    b.public_rulings,
                    share,
                    b.warning,
                ]
            )
        sheet.column_dimensions["A"].width = 28
        sheet.freeze_panes = "B3"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
