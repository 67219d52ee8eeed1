"""The statistics as an Excel workbook (统计分析.xlsx): one sheet per table of the page."""

from __future__ import annotations

import io

from services.statistics import MONTHS, Statistics


def workbook_bytes(stats: Statistics, scope_name: str) -> bytes:
    from openpyxl import Workbook  # imported here: only the export needs it
    from openpyxl.styles import Font

    book = Workbook()
    sheets = [
        ("按流程和月份", ["流程", *MONTHS, "合计"], [[p, *v, sum(v)] for p, v in stats.by_process.items()]),
        (
            "按辖区",
            ["辖区", "本年新立案件", "在办", "本年已办结", "逾期在办"],
            [[a.name, a.opened, a.open_now, a.closed, a.overdue_now] for a in stats.by_area],
        ),
        (
            "单位工作量",
            ["单位", "在办任务", "其中逾期", "本年办结", "其中逾期办结"],
            [[u.name, u.open_tasks, u.overdue_open, u.done, u.done_late] for u in stats.units],
        ),
        (
            "人员工作量",
            ["人员", "单位", "本年办结", "其中逾期办结"],
            [[p.name, p.unit, p.done, p.done_late] for p in stats.people],
        ),
        (
            "罚款",
            ["月份", "决定罚款（元）", "缴纳入库（元）"],
            [[m, stats.fines_imposed[i], stats.fines_collected[i]] for i, m in enumerate(MONTHS)]
            + [["合计", sum(stats.fines_imposed), sum(stats.fines_collected)]],
        ),
        ("涉嫌犯罪移送", ["办理状态", "案件数"], [[k, v] for k, v in stats.transfers.items()]),
    ]
    first = True
    for title, headers, rows in sheets:
        sheet = book.active if first else book.create_sheet()
        first = False
        assert sheet is not None
        sheet.title = title
        sheet.append([f"{scope_name} {stats.year}年 {title}"])
        sheet["A1"].font = Font(bold=True, size=12)
        sheet.append(headers)
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(row)
        sheet.column_dimensions["A"].width = 28
        sheet.freeze_panes = "B3"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
