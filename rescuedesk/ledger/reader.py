"""Reading ledger rows from XLSX or CSV (UTF-8, or GBK/GB18030 as Chinese Excel saves it),
streamed a row at a time."""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from rescuedesk.errors import ValidationError
from rescuedesk.ledger.normalize import text


def csv_encoding(path: Path) -> str:
    """The encoding to read with (utf-8-sig, or gb18030 for GBK), judged from 64 KiB."""
    with path.open("rb") as handle:
        raw = handle.read(65536)
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            # Incremental, not final: the 64 KiB may end inside a character.
            codecs.getincrementaldecoder(encoding)().decode(raw, final=False)
        except UnicodeDecodeError:
            continue
        return encoding
    raise ValidationError("CSV 文件既不是 UTF-8 也不是 GBK 编码。", field="file")


def _csv_rows(path: Path) -> Iterator[list[object]]:
    with path.open(encoding=csv_encoding(path), newline="") as handle:
        yield from csv.reader(handle)


def _xlsx_sheets(path: Path) -> Iterator[tuple[str, Iterator[list[object]]]]:
    from openpyxl import load_workbook

    # read_only streams the sheet XML: memory stays flat however long the ledger is.
    book = load_workbook(path, read_only=True, data_only=True)
    try:
        for sheet in book.worksheets:
            yield sheet.title, (list(row) for row in sheet.iter_rows(values_only=True))
    finally:
        book.close()


@dataclass
class Sheet:
    """One sheet of a ledger: its name, its header row, and its body rows, streamed."""

    name: str
    headers: list[str]
    rows: Iterator[tuple[int, dict[str, object]]]


def read_sheets(path: Path) -> Iterator[Sheet]:
    """Every sheet of an XLSX (a CSV is one sheet named after the file), in order.

    Each sheet's rows must be read before the next sheet is asked for: the file is streamed.
    """
    suffix = path.suffix.lower()
    if suffix == ".csv":
        yield Sheet(path.stem, *_split(_csv_rows(path)))
    elif suffix in (".xlsx", ".xlsm"):
        for name, rows in _xlsx_sheets(path):
            yield Sheet(name, *_split(rows))
    else:
        raise ValidationError("只能导入 .xlsx 或 .csv 文件。", field="file")


def read_rows(path: Path) -> tuple[list[str], Iterator[tuple[int, dict[str, object]]]]:
    """(headers, iterator of (row number as the user sees it, {header: value})) of the first
    sheet."""
    sheet = next(read_sheets(path))
    return sheet.headers, sheet.rows


def _split(
    rows: Iterator[list[object]],
) -> tuple[list[str], Iterator[tuple[int, dict[str, object]]]]:
    """The header is the first non-empty row; merged header cells leave empty names, which
    take the name of the cell to their left."""
    number = 0
    headers: list[str] = []
    for row in rows:
        number += 1
        if any(text(c) for c in row):
            last = ""
            for cell in row:
                name = text(cell) or last
                headers.append(name)
                last = name
            break

    def body() -> Iterator[tuple[int, dict[str, object]]]:
        n = number
        for row in rows:
            n += 1
            if not any(text(c) for c in row):
                continue  # an empty row in the middle is not an error
            yield n, dict(zip(headers, row, strict=False))

    return headers, body()


def expected_rows(path: Path) -> int:
    """About how many rows ``read_rows`` yields, for a progress bar's total.

    Exact for CSV. For XLSX, the size the sheet declares, less the header (empty rows count
    too); a sheet that declares none (openpyxl's write-only mode) is read through once,
    which costs as much as reading it for the import.
    """
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True)
        try:
            declared = book.worksheets[0].max_row
        finally:
            book.close()
        if declared is not None and declared > 1:
            return declared - 1
    _headers, rows = read_rows(path)
    return sum(1 for _ in rows)
