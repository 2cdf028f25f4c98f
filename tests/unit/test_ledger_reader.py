"""Reading ledgers: the encoding of a CSV file is judged right even when the first 64 KiB
end inside a character."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from rescuedesk.ledger.reader import csv_encoding, expected_rows, read_rows


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_encoding_when_the_sample_ends_inside_a_character(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "台账.csv"
    head = "姓名,户籍地\n".encode(encoding)
    body = "\n".join(f"李秀兰{i},哈尔滨市南岗区" for i in range(3000)).encode(encoding)
    # Pad so that byte 65,536 falls in the middle of a two- or three-byte character.
    for pad in range(4):
        data = head + b"x" * pad + body
        try:
            data[:65536].decode(encoding)
        except UnicodeDecodeError:
            break
    else:
        pytest.fail("no padding splits a character")
    path.write_bytes(data)
    assert csv_encoding(path) == {"utf-8": "utf-8-sig", "gbk": "gb18030"}[encoding]
    headers, _rows = read_rows(path)
    assert headers == ["姓名", "户籍地"]


def test_expected_rows(tmp_path: Path) -> None:
    path = tmp_path / "l.csv"
    path.write_text("姓名\n甲\n\n乙\n,\n丙\n", encoding="utf-8")
    assert expected_rows(path) == 3  # exact for CSV: empty rows are skipped
    book = Workbook()
    sheet = book.active
    for row in (["姓名"], ["甲"], [None], ["乙"]):
        sheet.append(row)
    declared = tmp_path / "declared.xlsx"
    book.save(declared)  # a normal workbook declares its size (A1:A4), as Excel does
    assert expected_rows(declared) == 3
    book = Workbook(write_only=True)
    sheet = book.create_sheet("台账")
    for row in (["姓名"], ["甲"], [None], ["乙"]):
        sheet.append(row)
    undeclared = tmp_path / "undeclared.xlsx"
    book.save(undeclared)
    assert expected_rows(undeclared) == 2  # read through: the empty row is skipped
