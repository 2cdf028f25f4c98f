"""Draws a referral letter on A4 with reportlab: letterhead, number, body, details, contact,
and a return slip with a QR code to cut off and send back."""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from rescuedesk.documents.a4_pdf import a4_pdf
from rescuedesk.documents.announcement_pdf import photo_flowable
from rescuedesk.documents.fonts import cjk_font
from rescuedesk.documents.letter_content import LetterContent

LETTER_PHOTO_BOX = (30 * mm, 40 * mm)  # small: the letter and its slip stay on one page


def _styles(font: str) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=font, fontSize=12, leading=20, wordWrap="CJK")
    return {
        "base": base,
        "head": ParagraphStyle(
            "head",
            parent=base,
            fontSize=18,
            leading=26,
            alignment=1,
            textColor=colors.HexColor("#a00000"),
        ),
        "title": ParagraphStyle("title", parent=base, fontSize=20, leading=30, alignment=1),
        "number": ParagraphStyle("number", parent=base, alignment=1, fontSize=11),
        "right": ParagraphStyle("right", parent=base, alignment=2),
        "body": ParagraphStyle("body", parent=base, firstLineIndent=24),
        "small": ParagraphStyle("small", parent=base, fontSize=10, leading=16),
    }


class QrCode(Flowable):
    """A QR code drawn as one path on the canvas.

    reportlab's QrCodeWidget builds a validated shape per run of dark modules, which made
    the QR code three quarters of a letter's rendering time.
    """

    def __init__(self, payload: str, size: float = 28 * mm, border: int = 2) -> None:
        super().__init__()
        self.size = size
        self.border = border
        qr = QrCodeWidget(payload).qr
        qr.make()
        self.modules = qr.modules

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        count = len(self.modules)
        box = self.size / (count + 2 * self.border)
        path = self.canv.beginPath()
        for r, row in enumerate(self.modules):
            c = 0
            for dark, run in itertools.groupby(bool(m) for m in row):
                n = len(list(run))
                if dark:
                    path.rect(
                        (c + self.border) * box,
                        self.size - (r + self.border + 1) * box,
                        n * box,
                        box,
                    )
                c += n
        self.canv.setFillColor(colors.black)
        self.canv.drawPath(path, stroke=0, fill=1)


class CutLine(Flowable):
    def __init__(self, label: str, font: str) -> None:
        super().__init__()
        self.label = label
        self.font = font
        self.height = 10 * mm

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, self.height

    def draw(self) -> None:
        c = self.canv
        c.setDash(4, 3)
        c.setStrokeColor(colors.grey)
        c.line(0, self.height / 2, self.width, self.height / 2)
        c.setDash()
        c.setFont(self.font, 9)
        c.setFillColor(colors.grey)
        c.drawCentredString(self.width / 2, self.height / 2 + 2, self.label)


def render_letter(content: LetterContent) -> bytes:
    font = cjk_font()
    s = _styles(font.name)
    story: list = [
        Paragraph(content.letterhead, s["head"]),
        Spacer(1, 2 * mm),
        Paragraph(content.title, s["title"]),
        Paragraph(content.letter_number, s["number"]),
        Spacer(1, 5 * mm),
    ]
    for i, paragraph in enumerate(content.paragraphs):
        story.append(Paragraph(paragraph, s["base"] if i == 0 else s["body"]))
    if content.details:
        story.append(Spacer(1, 3 * mm))
        table = Table(
            [[Paragraph(k, s["small"]), Paragraph(v, s["small"])] for k, v in content.details],
            colWidths=[30 * mm, 80 * mm],
        )
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                    ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f2f2f2")),
                ]
            )
        )
        story.append(table)
    if content.photo:  # to the police only (letter_content.compose): beside the details
        photo = photo_flowable(content.photo, LETTER_PHOTO_BOX)
        if content.details:
            details = story.pop()
            photo = Table(
                [[details, photo]],
                colWidths=[120 * mm, LETTER_PHOTO_BOX[0] + 4 * mm],
                style=TableStyle(
                    [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]
                ),
            )
        story += [Spacer(1, 3 * mm), photo] if not content.details else [photo]
    story += [
        Spacer(1, 4 * mm),
        Paragraph(f"请求服务：{content.service}", s["base"]),
        Paragraph(f"联系人：{content.caseworker}　电话：{content.caseworker_phone}", s["base"]),
        Spacer(1, 8 * mm),
        Paragraph(content.letterhead + "（盖章）", s["right"]),
        Paragraph(content.date_text, s["right"]),
        Spacer(1, 8 * mm),
        CutLine("沿此线剪下，填写后寄回", font.name),
    ]
    slip = [
        Paragraph(line, s["small"] if i else s["title"])
        for i, line in enumerate(content.slip_lines)
    ]
    story.append(
        Table(
            [[slip, QrCode(content.qr_payload)]],
            colWidths=[120 * mm, 34 * mm],
            style=TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]),
        )
    )
    return a4_pdf(
        story,
        title=f"转介函 {content.letter_number}",
        author=content.letterhead,
        side_margin=22 * mm,
        topMargin=18 * mm,
        bottomMargin=15 * mm,
        on_page=_copy_mark(font.name) if content.is_copy else None,
    )


def _copy_mark(font: str):  # type: ignore[no-untyped-def]
    def draw(canvas, _doc) -> None:  # type: ignore[no-untyped-def]
        canvas.saveState()
        canvas.setFont(font, 60)
        canvas.setFillColor(colors.Color(0.8, 0, 0, alpha=0.15))
        canvas.translate(A4[0] / 2, A4[1] / 2)
        canvas.rotate(35)
        canvas.drawCentredString(0, 0, "副  本")
        canvas.restoreState()

    return draw


def render_batch(
    contents: list[LetterContent],
    *,
    workers: int | None = None,
    progress: Callable[[int, int], bool] | None = None,
) -> list[bytes]:
    """Render many letters on every core (batch printing); ``progress`` may cancel.

    Worker processes are spawned, not forked, so a running Qt application is not copied.
    """
    workers = workers or os.cpu_count() or 1
    if workers == 1 or len(contents) < 20:
        results = []
        for i, content in enumerate(contents, start=1):
            results.append(render_letter(content))
            if progress is not None and not progress(i, len(contents)):
                raise InterruptedError
        return results
    context = multiprocessing.get_context("spawn")
    results = []
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        for i, pdf in enumerate(pool.map(render_letter, contents, chunksize=16), start=1):
            results.append(pdf)
            if progress is not None and not progress(i, len(contents)):
                pool.shutdown(cancel_futures=True)
                raise InterruptedError
    return results
