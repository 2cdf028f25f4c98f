"""The streamed workbook reads back as openpyxl's write-only workbook of the same rows does."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from xml.etree import ElementTree

import pytest
from openpyxl import Workbook, load_workbook

from rescuedesk.documents.xlsx_writer import IllegalCharacter, workbook_bytes

ROWS = [
    ["个案编号", "姓名", "出生日期", "身高", "备注"],
    ["HRB-2026-0001", "张晓梅", dt.date(1990, 5, 17), 158, " 前后有空格 "],
    ["HRB-2026-0002", None, dt.date(1900, 2, 28), 0, "a < b & c > d \"引号\" '单引号'"],
    ["HRB-2026-0003", "", dt.date(1900, 3, 1), 2.5, "第一行\n第二行"],
    ["HRB-2026-0004", "=SUM(A1)", dt.datetime(2026, 11, 25, 10, 30, 15), True, None],
    [],
    ["HRB-2026-0005", "李", None, -3, "尾"],
    [f"{i}" for i in range(30)],  # beyond column Z
]


def _openpyxl_bytes(sheets: list[tuple[str, list[list[object]]]]) -> bytes:
    book = Workbook(write_only=True)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _values(data: bytes, read_only: bool) -> dict[str, list[list[object]]]:
    book = load_workbook(io.BytesIO(data), read_only=read_only, data_only=True)
    out = {}
    for sheet in book.worksheets:
        rows = []
        for row in sheet.iter_rows(values_only=True):
            values = [None if v == "" else v for v in row]
            while values and values[-1] is None:
                values.pop()
            rows.append(values)
        while rows and not rows[-1]:
            rows.pop()
        out[sheet.title] = rows
    return out


@pytest.mark.parametrize("read_only", [True, False])
def test_reads_back_as_openpyxl_writes(read_only: bool) -> None:
    # A text starting with "=" is a text here; openpyxl would make it a formula (no value).
    plain = [r for r in ROWS if not (len(r) > 1 and r[1] == "=SUM(A1)")]
    sheets = [("台账", plain), ("回访", [["计划回访日期"], [dt.date(2026, 12, 1)]])]
    ours = _values(workbook_bytes(sheets), read_only)
    assert ours == _values(_openpyxl_bytes(sheets), read_only)
    born = dt.datetime(1990, 5, 17)
    assert ours["台账"][1] == ["HRB-2026-0001", "张晓梅", born, 158, " 前后有空格 "]
    assert ours["回访"][1] == [dt.datetime(2026, 12, 1)]


def test_a_text_like_a_formula_stays_text_and_datetimes_keep_their_time() -> None:
    values = _values(workbook_bytes([("s", ROWS)]), read_only=True)["s"]
    assert values[4] == ["HRB-2026-0004", "=SUM(A1)", dt.datetime(2026, 11, 25, 10, 30, 15), True]
    assert values[7] == [f"{i}" for i in range(30)]


def test_every_part_is_well_formed_and_the_content_types_come_first() -> None:
    data = workbook_bytes([("台账", ROWS), ("a&b<c>", [["x"]])])
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        assert book.namelist()[0] == "[Content_Types].xml"
        for name in book.namelist():
            ElementTree.fromstring(book.read(name))
    assert list(_values(data, read_only=True)) == ["台账", "a&b<c>"]


def test_a_control_character_is_refused() -> None:
    with pytest.raises(IllegalCharacter, match="B2"):
        workbook_bytes([("s", [["a"], ["b", "bell\x07"]])])


def test_rows_are_read_once_and_in_order() -> None:
    seen: list[str] = []

    def rows(name: str):  # type: ignore[no-untyped-def]
        for i in range(3):
            seen.append(f"{name}{i}")
            yield [f"{name}{i}"]

    workbook_bytes([("a", rows("a")), ("b", rows("b"))])
    assert seen == ["a0", "a1", "a2", "b0", "b1", "b2"]
