"""Registers imported from an uploaded CSV or XLSX file, all or nothing.

A handler uploads a sheet of enterprises or inspectors. Every row is checked against the
register's input model before anything is written; if one row is wrong, nothing is imported and
the reply lists every wrong row with its number (as the spreadsheet shows it: the header is row 1)
and column, so that the handler fixes the file and uploads it again. The caller writes the rows
in one transaction.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from pydantic import ValidationError

from domain.errors import InvalidInput, TooLarge
from domain.forms import InputModel, error_message
from services.case_actions import RefusedWithErrors

MAX_ROWS = 5000
MAX_BYTES = 5 * 1024 * 1024
CSV_ENCODINGS = ("utf-8-sig", "gb18030")  # Excel in China saves CSV as GBK by default

Row = TypeVar("Row", bound=InputModel)


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"field": f"第{self.row}行 {self.column}".rstrip(), "message": self.message}


def read_table(filename: str, data: bytes) -> list[tuple[int, dict[str, str]]]:
    """The sheet's data rows as (row number, {header: cell text}); blank rows are skipped."""
    if len(data) > MAX_BYTES:
        raise TooLarge(f"文件过大：不得超过 {MAX_BYTES // (1024 * 1024)} MB")
    lowered = filename.lower()
    if lowered.endswith(".xlsx"):
        grid = _xlsx_grid(data)
    elif lowered.endswith(".csv"):
        grid = _csv_grid(data)
    else:
        raise InvalidInput("只能导入 .csv 或 .xlsx 文件")
    if not grid:
        raise InvalidInput("文件中没有表头行")
    header = [cell.strip() for cell in grid[0]]
    if not any(header):
        raise InvalidInput("文件第1行应为表头")
    rows: list[tuple[int, dict[str, str]]] = []
    for number, cells in enumerate(grid[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        padded = [*cells, *([""] * (len(header) - len(cells)))]
        rows.append((number, {name: padded[i].strip() for i, name in enumerate(header) if name}))
    if not rows:
        raise InvalidInput("文件中没有数据行")
    if len(rows) > MAX_ROWS:
        raise TooLarge(f"一次最多导入 {MAX_ROWS} 行，本文件有 {len(rows)} 行")
    return rows


def check_rows(
    rows: Sequence[tuple[int, Mapping[str, str]]],
    model: type[Row],
    columns: Mapping[str, str],
    *,
    required: Sequence[str] = (),
) -> list[tuple[int, Row]]:
    """Each row checked against `model`; `columns` maps a header (中文列名) to the model's field.
    Raises RefusedWithErrors listing every wrong row when any is wrong: nothing is half-imported."""
    if rows:
        present = set(rows[0][1])
        missing = [header for header, field in columns.items() if field in required and header not in present]
        if missing:
            raise InvalidInput("缺少必需的列：" + "、".join(missing))
    by_field = {field: header for header, field in columns.items()}
    checked: list[tuple[int, Row]] = []
    errors: list[RowError] = []
    for number, cells in rows:
        values = {field: cells[header] for header, field in columns.items() if header in cells and cells[header] != ""}
        try:
            checked.append((number, model.model_validate(values)))
        except ValidationError as exc:
            for err in exc.errors():
                field = str(err["loc"][0]) if err["loc"] else ""
                errors.append(RowError(number, by_field.get(field, field), error_message(err)))
    refuse_if_any(errors)
    return checked


def refuse_if_any(errors: Sequence[RowError]) -> None:
    """The one refusal of an import: every wrong row, and that nothing was imported."""
    if errors:
        rows = sorted({e.row for e in errors})
        listed = "、".join(map(str, rows[:20])) + ("等" if len(rows) > 20 else "")
        raise RefusedWithErrors(
            f"导入未执行：{len(rows)} 行有错误（第{listed}行），请改正后重新导入，未导入任何数据",
            [e.as_dict() for e in errors],
        )


def _csv_grid(data: bytes) -> list[list[str]]:
    for encoding in CSV_ENCODINGS:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise InvalidInput("CSV 文件编码无法识别：请以 UTF-8 或 GBK 保存")
    if "\x00" in text:
        raise InvalidInput("CSV 文件含有非法字符")
    return [list(row) for row in csv.reader(io.StringIO(text))]


def _xlsx_grid(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook  # imported here: only an import needs it

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise InvalidInput("无法读取该 Excel 文件：请确认是 .xlsx 格式") from exc
    try:
        sheet = workbook.worksheets[0]
        grid: list[list[str]] = []
        for values in sheet.iter_rows(values_only=True):
            grid.append([_cell_text(value) for value in values])
            if len(grid) > MAX_ROWS + 1:
                raise TooLarge(f"一次最多导入 {MAX_ROWS} 行")
        return grid
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.date):  # a date cell (a datetime too): the date, as a handler typed it
        return value.isoformat()[:10]
    return str(value)
