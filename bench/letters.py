"""Referral letter speed (issue #6): one letter ready to preview, and a batch of 1,000.

Baseline, measured in the same run: a one-page PDF with the same embedded CJK font and a
single paragraph, i.e. what reportlab costs before the letter's own work.
Targets: one letter < 300 ms; a batch at >= 100 letters/s.
"""

from __future__ import annotations

import io
import statistics
import tempfile
import time
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate

from rescuedesk.db import Database, upgrade_to_head
from rescuedesk.documents.fonts import cjk_font
from rescuedesk.documents.letter_pdf import render_batch, render_letter
from rescuedesk.models import Case
from rescuedesk.services.demo import demo_data
from rescuedesk.services.office.context import Actor
from rescuedesk.services.referrals.letters import issue_letter


def _baseline_pdf() -> bytes:
    out = io.BytesIO()
    style = ParagraphStyle("b", fontName=cjk_font().name, fontSize=12, wordWrap="CJK")
    SimpleDocTemplate(out, pagesize=A4).build([Paragraph("转介函 基准页面" * 10, style)])
    return out.getvalue()


def main(batch: int = 1000) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite:///{Path(tmp) / 'letters.sqlite3'}")
        upgrade_to_head(db)
        actor = Actor.system("bench")
        with db.write_session() as s:
            demo_data.generate(s, actor, 200, seed=3)
        with db.read_session() as s:
            case_ids = [c for (c,) in s.query(Case.id).filter(Case.stage != "closed")]
        _baseline_pdf()  # font registration and imports out of the timings

        def one(case_id: int) -> bytes:
            with db.write_session() as s:
                content, _ = issue_letter(s, actor, case_id, "hospital", override_reason="bench")
            return render_letter(content)

        one(case_ids[0])
        singles = []
        for case_id in case_ids[1:21]:
            start = time.perf_counter()
            one(case_id)
            singles.append((time.perf_counter() - start) * 1000)
        base = []
        for _ in range(20):
            start = time.perf_counter()
            _baseline_pdf()
            base.append((time.perf_counter() - start) * 1000)
        single, baseline = statistics.median(singles), statistics.median(base)
        print(
            f"one letter (issue + PDF)        {single:8.1f} ms   baseline {baseline:6.1f} ms"
            f"   ratio {single / baseline:5.2f}x   target < 300 ms",
            flush=True,
        )
        # Batch printing: issue each letter (one transaction each), render on every core.
        start = time.perf_counter()
        contents = []
        for i in range(batch):
            with db.write_session() as s:
                content, _ = issue_letter(
                    s, actor, case_ids[i % len(case_ids)], "hospital", override_reason="bench"
                )
            contents.append(content)
        pdfs = render_batch(contents)
        elapsed = time.perf_counter() - start
        assert len(pdfs) == batch
        start = time.perf_counter()
        for _ in range(batch):
            _baseline_pdf()
        base_elapsed = time.perf_counter() - start
        rate, base_rate = batch / elapsed, batch / base_elapsed
        print(
            f"batch of {batch} letters          {rate:8.1f} /s   baseline {base_rate:6.1f} /s"
            f"   ratio {base_rate / rate:5.2f}x   target >= 100 letters/s",
            flush=True,
        )
        db.dispose()


if __name__ == "__main__":
    main()
