"""Draws a tracing announcement (寻亲公告) on A4 with reportlab: title, the opening, the
platform's fields in a table with the photo beside them, the closing, the unit and date."""

from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, Image, Paragraph, Spacer, Table, TableStyle

from rescuedesk.documents.a4_pdf import a4_pdf
from rescuedesk.documents.announcement_content import AnnouncementContent
from rescuedesk.documents.fonts import cjk_font
from rescuedesk.errors import ValidationError

SIDE_MARGIN = 22 * mm
PHOTO_BOX = (42 * mm, 56 * mm)  # a portrait photo's box (width, height)
LABEL_WIDTH = 41 * mm  # 救助管理机构联系方式 on one line


def _styles(font: str) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=font, fontSize=12, leading=20, wordWrap="CJK")
    return {
        "title": ParagraphStyle("title", parent=base, fontSize=26, leading=36, alignment=1),
        "body": ParagraphStyle("body", parent=base, firstLineIndent=24),
        "label": ParagraphStyle("label", parent=base, fontSize=10, leading=16),
        "value": ParagraphStyle("value", parent=base, fontSize=11, leading=16),
        "right": ParagraphStyle("right", parent=base, alignment=2),
    }


def photo_flowable(photo: bytes, box: tuple[float, float] = PHOTO_BOX) -> Flowable:
    """The photo scaled into ``box`` (width, height), its proportions kept."""
    try:
        width, height = ImageReader(io.BytesIO(photo)).getSize()
    except Exception:  # reportlab raises whatever Pillow raised on a file it cannot read
        raise ValidationError("照片无法读取。", field="photo") from None
    scale = min(box[0] / width, box[1] / height)
    return Image(io.BytesIO(photo), width=width * scale, height=height * scale)


def _fields_table(content: AnnouncementContent, s: dict[str, ParagraphStyle]) -> Table:
    rows = [[Paragraph(k, s["label"]), Paragraph(v, s["value"])] for k, v in content.fields]
    page = 210 * mm - 2 * SIDE_MARGIN
    photo_column = PHOTO_BOX[0] + 6 * mm if content.photo else 0
    table = Table(rows, colWidths=[LABEL_WIDTH, page - LABEL_WIDTH - photo_column])
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f2f2f2")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    if not content.photo:
        return table
    return Table(
        [[table, photo_flowable(content.photo)]],
        colWidths=[page - photo_column, photo_column],
        style=TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        ),
    )


def render_announcement(content: AnnouncementContent) -> bytes:
    font = cjk_font()
    s = _styles(font.name)
    story: list[Flowable] = [
        Paragraph(content.title, s["title"]),
        Spacer(1, 6 * mm),
        Paragraph(content.opening, s["body"]),
        Spacer(1, 4 * mm),
        _fields_table(content, s),
        Spacer(1, 5 * mm),
        Paragraph(content.closing, s["body"]),
        Spacer(1, 12 * mm),
        Paragraph(content.unit, s["right"]),
        Paragraph(content.date_text, s["right"]),
    ]
    return a4_pdf(
        story,
        title=content.title,
        author=content.unit,
        side_margin=SIDE_MARGIN,
        topMargin=22 * mm,
        bottomMargin=18 * mm,
    )
