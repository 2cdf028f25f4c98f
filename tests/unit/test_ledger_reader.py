"""Reading ledgers: the encoding of a CSV file is judged right even when the first 64 KiB
end inside a character."""

from __future__ import annotations

from pathlib import Path

import pytest

from rescuedesk.ledger.reader import count_rows, csv_encoding, read_rows


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


def test_count_rows_skips_empty_rows(tmp_path: Path) -> None:
    path = tmp_path / "l.csv"
    path.write_text("姓名\n甲\n\n乙\n,\n丙\n", encoding="utf-8")
    assert count_rows(path) == 3
