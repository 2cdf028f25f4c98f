"""The annual report as XLSX (one table a sheet, indicators apart) and as a PDF with tables
and bar charts. Only suppressed tables reach here: "<5" is already in the cells.

Data in, bytes out: services/reports/annual_report.py builds the report (documents sits below
services and never imports it), this module only lays it out."""

from __future__ import annotations

import io
from typing import Protocol

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from rescuedesk.documents.a4_pdf import a4_pdf
from rescuedesk.documents.fonts import cjk_font
from rescuedesk.privacy.small_cells import CountTable

TOTAL = "合计"


class ReportData(Protocol):
    """What is laid out: services.reports.annual_report.AnnualReport has these fields."""

    year: int
    scope: str
    tables: list[CountTable]
    indicators: list[tuple[str, str]]


def _grid(table: CountTable) -> list[list[object]]:
    shown = table.shown()
    rows: list[list[object]] = [["", *table.col_labels, TOTAL]]
    for label, values in zip([*table.row_labels, TOTAL], shown, strict=True):
        rows.append([label, *values])
    return rows


def to_xlsx(report: ReportData) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for table in report.tables:
        name = table.title.replace("：", "-").replace("×", "x")[:31]
        while name in used:
            name = name[:29] + str(len(used))
        used.add(name)
        sheet = book.create_sheet(name)
        for row in _grid(table):
            sheet.append(row)  # counts stay numbers; suppressed cells are the text "<5"
    sheet = book.create_sheet("indicators")
    sheet.append(["指标", "数值"])
    for name, value in report.indicators:
        sheet.append([name, value])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _chart(table: CountTable, font: str) -> Drawing | None:
    totals = table.shown()[:-1]
    labels, values = [], []
    for label, row in zip(table.row_labels, totals, strict=True):
        if isinstance(row[-1], int):  # a suppressed total is not drawn
            labels.append(label)
            values.append(row[-1])
    if not values:
        return None
    height = 14 * len(values) + 20
    drawing = Drawing(160 * mm, height)
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 90, 10, 160 * mm - 110, height - 20
    chart.data = [values]
    chart.categoryAxis.categoryNames = labels
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 8
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = colors.HexColor("#4a7bb7")
    drawing.add(chart)
    return drawing


def to_pdf(report: ReportData, unit_name: str) -> bytes:
    font = cjk_font().name
    base = ParagraphStyle("b", fontName=font, fontSize=10, leading=15, wordWrap="CJK")
    title = ParagraphStyle("t", parent=base, fontSize=18, leading=26, alignment=1)
    head = ParagraphStyle("h", parent=base, fontSize=12, leading=18, spaceBefore=8)
    story: list = [
        Paragraph(f"{unit_name}<br/>{report.year}年度被拐卖受害人救助工作统计", title),
        Paragraph(
            f"统计范围：{report.scope}。1至4的数字显示为“&lt;5”，"
            "并隐去可据合计推算出这些数字的单元格。",
            base,
        ),
        Spacer(1, 4 * mm),
    ]
    for table in report.tables:
        grid = [[Paragraph(str(c), base) for c in row] for row in _grid(table)]
        t = Table(grid, repeatRows=1)
        t.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                ]
            )
        )
        parts = [Paragraph(table.title, head), t]
        chart = _chart(table, font)
        if chart is not None:
            parts.append(chart)
        story.append(KeepTogether(parts))
    story.append(Paragraph("指标", head))
    t = Table([[Paragraph(a, base), Paragraph(b, base)] for a, b in report.indicators])
    t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.3, colors.grey)]))
    story.append(t)
    return a4_pdf(
        story, title=f"{report.year}年度反拐救助工作统计", author=unit_name, side_margin=18 * mm
    )
