"""A workbook of plain sheets (text, numbers, dates), its sheet XML written straight into
the zip as the rows come.

openpyxl's write-only mode makes a cell object and an XML element per cell: at the ledger's
250,000 cases (8 million cells) that was four fifths of the export's time. The parts written
here are the ones openpyxl writes for such a workbook (inline strings, dates as serial numbers
in a yyyy-mm-dd format), so Excel, LibreOffice and the ledger import read it the same way.
No dimension is declared, as openpyxl's write-only sheets declare none: a reader counts rows.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from xml.sax.saxutils import quoteattr

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"

# What XML 1.0 cannot hold (openpyxl refuses them too, with IllegalCharacterError).
ILLEGAL = re.compile(r"[\000-\010\013\014\016-\037]")
# Rows turned into XML text at a time before they are compressed.
BATCH = 2000
EPOCH = dt.date(1899, 12, 30)  # Excel's day 0 (1900 date system)
DATE_STYLE, DATETIME_STYLE = 1, 2  # cellXfs below: yyyy-mm-dd, yyyy-mm-dd h:mm:ss


def escape(text: str) -> str:
    """``text`` as XML character data (what xml.sax.saxutils.escape does, without its
    dictionary of extra entities)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


class IllegalCharacter(ValueError):
    """A text holds a control character no XLSX can store."""


def workbook_bytes(sheets: Iterable[tuple[str, Iterable[Sequence[object]]]]) -> bytes:
    """The XLSX of ``sheets`` (title, rows), each sheet's rows read once, in order, as they
    are written (so a sheet may be a generator that reads the database)."""
    sheets = list(sheets)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as book:
        # The package's parts first ([Content_Types].xml leading, as tools that sniff expect).
        for name, text in _parts([title for title, _ in sheets]).items():
            book.writestr(name, text)
        for number, (_, rows) in enumerate(sheets, 1):
            with book.open(f"xl/worksheets/sheet{number}.xml", "w") as part:
                _write_sheet(part, rows)
    return buffer.getvalue()


def _write_sheet(part: io.BufferedIOBase, rows: Iterable[Sequence[object]]) -> None:
    part.write(f'<worksheet xmlns="{MAIN}"><sheetData>'.encode())
    letters: list[str] = []
    chunk: list[str] = []
    for number, row in enumerate(rows, 1):
        while len(letters) < len(row):
            letters.append(_column_letter(len(letters) + 1))
        cells = []
        for letter, value in zip(letters, row, strict=False):
            if value is None or value == "":
                continue
            if type(value) is str and not ILLEGAL.search(value) and value.strip() == value:
                # The common cell, written here rather than through _cell: a text that
                # needs neither a check's error nor its spaces kept.
                cells.append(
                    f'<c r="{letter}{number}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'
                )
            else:
                cells.append(_cell(f"{letter}{number}", value))
        chunk.append(f'<row r="{number}">{"".join(cells)}</row>')
        if len(chunk) >= BATCH:
            part.write("".join(chunk).encode())
            chunk.clear()
    part.write("".join(chunk).encode())
    part.write(b"</sheetData></worksheet>")


def _cell(ref: str, value: object) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        if ILLEGAL.search(value):
            raise IllegalCharacter(f"单元格 {ref} 含有表格文件无法保存的控制字符。")
        space = ' xml:space="preserve"' if value.strip() != value else ""
        return f'<c r="{ref}" t="inlineStr"><is><t{space}>{escape(value)}</t></is></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}" t="n"><v>{value}</v></c>'
    if isinstance(value, dt.datetime):
        from openpyxl.utils.datetime import to_excel

        return f'<c r="{ref}" s="{DATETIME_STYLE}" t="n"><v>{to_excel(value)}</v></c>'
    if isinstance(value, dt.date):
        days = (value - EPOCH).days
        if 0 < days <= 60:  # Excel's 29 February 1900, which never was (as openpyxl counts)
            days -= 1
        return f'<c r="{ref}" s="{DATE_STYLE}" t="n"><v>{days}</v></c>'
    raise TypeError(f"cannot write {type(value).__name__} to a cell")


def _column_letter(index: int) -> str:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _parts(titles: list[str]) -> dict[str, str]:
    sheets = range(1, len(titles) + 1)
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{SHEET_TYPE}"/>'
        for n in sheets
    )
    office = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    return {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{office}.sheet.main+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{office}.styles+xml"/>'
            f"{overrides}</Types>"
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{PACKAGE}"><Relationship Id="rId1" '
            f'Type="{RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}"><sheets>'
            + "".join(
                f'<sheet name={quoteattr(title)} sheetId="{n}" r:id="rId{n}"/>'
                for n, title in zip(sheets, titles, strict=True)
            )
            + "</sheets></workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{PACKAGE}">'
            + "".join(
                f'<Relationship Id="rId{n}" Type="{RELATIONSHIPS}/worksheet" '
                f'Target="worksheets/sheet{n}.xml"/>'
                for n in sheets
            )
            + f'<Relationship Id="rId{len(titles) + 1}" Type="{RELATIONSHIPS}/styles" '
            'Target="styles.xml"/></Relationships>'
        ),
        "xl/styles.xml": (
            f'<styleSheet xmlns="{MAIN}">'
            '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
            '<numFmt numFmtId="165" formatCode="yyyy-mm-dd h:mm:ss"/></numFmts>'
            '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/>'
            "</font></fonts>"
            '<fills count="2"><fill><patternFill patternType="none"/></fill>'
            '<fill><patternFill patternType="gray125"/></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border>'
            "</borders>"
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
            "</cellStyleXfs>"
            '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
            '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" '
            'applyNumberFormat="1"/>'
            '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" '
            'applyNumberFormat="1"/></cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
            "</cellStyles></styleSheet>"
        ),
    }
