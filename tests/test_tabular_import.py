"""Registers imported from CSV or XLSX: every wrong row reported, nothing half-imported."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook
from pydantic import Field

from domain.errors import InvalidInput
from domain.forms import InputModel
from services.case_actions import RefusedWithErrors
from services.tabular_import import check_rows, read_table


class Person(InputModel):
    name: str = Field(min_length=2, max_length=10)
    cert: str = Field(pattern=r"^\d{4}$")


COLUMNS = {"姓名": "name", "证号": "cert"}


def test_csv_in_utf8_and_gbk_reads_the_same_rows() -> None:
    text = "姓名,证号\n张三,1234\n\n李四,5678\n"
    for encoding in ("utf-8-sig", "gb18030"):
        rows = read_table("roster.CSV", text.encode(encoding))
        assert rows == [(2, {"姓名": "张三", "证号": "1234"}), (4, {"姓名": "李四", "证号": "5678"})]


def test_xlsx_numbers_and_dates_read_as_typed() -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["姓名", "证号"])
    sheet.append(["王五", 4321])
    buffer = io.BytesIO()
    book.save(buffer)
    rows = read_table("roster.xlsx", buffer.getvalue())
    checked = check_rows(rows, Person, COLUMNS, required=("name", "cert"))
    assert [(n, p.name, p.cert) for n, p in checked] == [(2, "王五", "4321")]


def test_every_wrong_row_is_reported_and_none_accepted() -> None:
    rows = read_table("r.csv", "姓名,证号\n张三,1234\n李,12\n赵六,abcd\n".encode())
    with pytest.raises(RefusedWithErrors) as refused:
        check_rows(rows, Person, COLUMNS)
    assert "2 行有错误（第3、4行）" in refused.value.message
    assert "未导入任何数据" in refused.value.message
    fields = [e["field"] for e in refused.value.errors]
    assert fields == ["第3行 姓名", "第3行 证号", "第4行 证号"]


def test_missing_column_wrong_type_and_empty_file_are_refused() -> None:
    with pytest.raises(InvalidInput, match="缺少必需的列：证号"):
        check_rows(read_table("r.csv", "姓名\n张三\n".encode()), Person, COLUMNS, required=("name", "cert"))
    with pytest.raises(InvalidInput, match=r"\.csv 或 \.xlsx"):
        read_table("r.pdf", b"%PDF")
    with pytest.raises(InvalidInput, match="没有数据行"):
        read_table("r.csv", "姓名,证号\n".encode())
    with pytest.raises(InvalidInput, match="无法读取"):
        read_table("r.xlsx", b"not a workbook")
