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


NAMES = "李秀兰,王建国,张伟,刘芳,陈静,杨洋,赵磊,黄敏,周杰,吴霞,哈尔滨市南岗区,兰州市城关区"


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [("gb18030", "gb18030"), ("gbk", "gb18030"), ("big5", "big5"), ("utf-8-sig", "utf-8-sig")],
)
def test_encoding_big5_is_told_from_gbk(tmp_path: Path, encoding: str, expected: str) -> None:
    """GB18030 decodes Big5 bytes too (into nonsense): Big5 is still recognised."""
    text = "姓名,性別,戶籍地\n" if encoding == "big5" else "姓名,性别,户籍地\n"
    body = NAMES if encoding != "big5" else "李秀蘭,王建國,張偉,劉芳,陳靜,楊洋,趙磊,黃敏,周傑"
    path = tmp_path / "台账.csv"
    path.write_bytes((text + "\n".join(body.split(",")) + "\n").encode(encoding))
    assert csv_encoding(path) == expected
    headers, rows = read_rows(path)
    assert headers[0] == "姓名" and len(list(rows)) == len(body.split(","))


def test_traditional_headers_are_recognised() -> None:
    from rescuedesk.ledger.mapping import propose

    mapping = propose(["姓名", "性別", "身份證號", "戶籍地", "解救地點", "個案編號"])
    assert set(mapping) == {
        "real_name",
        "sex",
        "id_number",
        "household_registration_code",
        "rescue_place",
        "case_number",
    }
