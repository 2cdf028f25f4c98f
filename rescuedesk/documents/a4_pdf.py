"""An A4 PDF laid out in memory: the page, margins and metadata the letter and the report share."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.platypus import Flowable, SimpleDocTemplate

PageDecoration = Callable[[Any, Any], None]  # (canvas, document), drawn on every page


def a4_pdf(
    story: list[Flowable],
    *,
    title: str,
    author: str,
    side_margin: float,
    on_page: PageDecoration | None = None,
    **margins: float,
) -> bytes:
    """The PDF's bytes; ``margins`` are reportlab's topMargin / bottomMargin when not its own."""
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=side_margin,
        rightMargin=side_margin,
        title=title,
        author=author,
        **margins,
    )
    if on_page is None:
        doc.build(story)
    else:
        doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return out.getvalue()
