"""Reading ledger rows from XLSX or CSV (UTF-8, GBK/GB18030 as Chinese Excel saves it, or
Big5), streamed a row at a time. A damaged file is a ValidationError naming the file, never a
traceback from the zip or XML reader."""

from __future__ import annotations

import codecs
import csv
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import ParseError

from rescuedesk.errors import ValidationError
from rescuedesk.ledger.normalize import text

# Tried in this order; the names are how the user knows them.
CSV_ENCODINGS = {"utf-8-sig": "UTF-8", "gb18030": "GB18030（GBK）", "big5": "Big5"}
# Text read as GB18030 with fewer of its characters than this in GB2312 (the 7,445 common
# characters every GBK file of simplified Chinese is almost entirely made of) was not GBK.
_GB2312_SHARE = 0.9


def csv_encoding(path: Path) -> str:
    """The encoding to read with (utf-8-sig, gb18030 or big5), judged from 64 KiB.

    GB18030 decodes nearly any bytes, Big5 included, into nonsense; so when both decode,
    Big5 is chosen if the GB18030 reading is not plain simplified Chinese (about half of the
    characters of Big5 text read as GB18030 fall outside GB2312)."""
    with path.open("rb") as handle:
        raw = handle.read(65536)
    decoded: dict[str, str] = {}
    for encoding in CSV_ENCODINGS:
        try:
            # Incremental, not final: the 64 KiB may end inside a character.
            decoded[encoding] = codecs.getincrementaldecoder(encoding)().decode(raw, final=False)
        except UnicodeDecodeError:
            continue
        if encoding == "utf-8-sig":
            return encoding
    gb = decoded.get("gb18030")
    if gb is not None and ("big5" not in decoded or _gb2312_share(gb) >= _GB2312_SHARE):
        return "gb18030"
    if "big5" in decoded:
        return "big5"
    raise ValidationError(
        f"无法识别 CSV 文件 {path} 的编码（试过 {'、'.join(CSV_ENCODINGS.values())}）："
        "请在 Excel 中另存为“CSV UTF-8”后再导入。",
        field="file",
    )


def _gb2312_share(text: str) -> float:
    wide = [c for c in text if ord(c) > 0x7F]
    if not wide:
        return 1.0
    common = 0
    for c in wide:
        try:
            c.encode("gb2312")
        except UnicodeEncodeError:
            continue
        common += 1
    return common / len(wide)


def _csv_rows(path: Path) -> Iterator[list[object]]:
    encoding = csv_encoding(path)
    with path.open(encoding=encoding, newline="") as handle:
        reader = csv.reader(handle)
        try:
            yield from reader
        except UnicodeDecodeError:
            # The first 64 KiB decoded; a later part of the file is in another encoding.
            raise ValidationError(
                f"CSV 文件 {path} 第 {reader.line_num + 1} 行附近不是 "
                f"{CSV_ENCODINGS[encoding]} 编码：文件可能由几个不同编码的文件拼成，"
                "请在 Excel 中另存为“CSV UTF-8”后再导入。",
                field="file",
            ) from None
        except csv.Error as exc:
            raise ValidationError(
                f"CSV 文件 {path} 第 {reader.line_num} 行无法读取：{exc}。", field="file"
            ) from None


# What a damaged or mislabelled .xlsx raises from the zip and XML readers underneath.
_DAMAGED_XLSX = (zipfile.BadZipFile, zlib.error, KeyError, EOFError, ParseError, ValueError)


def _damaged(path: Path) -> ValidationError:
    return ValidationError(
        f"文件 {path} 不是有效的 XLSX 文件（已损坏、不完整，或只是改了扩展名）："
        "请在 Excel 中打开并重新保存为 .xlsx。",
        field="file",
    )


def _open_workbook(path: Path, **options: bool):  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        return load_workbook(path, read_only=True, **options)
    except (*_DAMAGED_XLSX, InvalidFileException):
        raise _damaged(path) from None


def _xlsx_sheets(path: Path) -> Iterator[tuple[str, Iterator[list[object]]]]:
    # read_only streams the sheet XML: memory stays flat however long the ledger is.
    book = _open_workbook(path, data_only=True)
    try:
        for sheet in book.worksheets:
            yield sheet.title, _xlsx_rows(path, sheet)
    finally:
        book.close()


def _xlsx_rows(path: Path, sheet) -> Iterator[list[object]]:  # type: ignore[no-untyped-def]
    try:
        for row in sheet.iter_rows(values_only=True):
            yield list(row)
    except _DAMAGED_XLSX:
        raise _damaged(path) from None


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
        raise ValidationError(f"只能导入 .xlsx 或 .csv 文件，{path} 两者都不是。", field="file")


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
    """About how many rows ``read_sheets`` yields in all its sheets, for a progress bar's total.

    Exact for CSV. For XLSX, the size each sheet declares, less its header (empty rows count
    too); a workbook with a sheet that declares none (openpyxl's write-only mode) is read
    through once, which costs as much as reading it for the import.
    """
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        book = _open_workbook(path)
        try:
            declared = [sheet.max_row for sheet in book.worksheets]
        finally:
            book.close()
        if all(rows is not None for rows in declared):
            return sum(max(0, rows - 1) for rows in declared)  # type: ignore[operator]
    return sum(1 for sheet in read_sheets(path) for _ in sheet.rows)
