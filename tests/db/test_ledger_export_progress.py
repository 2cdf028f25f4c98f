"""The streamed ledger export counts its cases as it goes, and a cancel leaves nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from rescuedesk.db import Database
from rescuedesk.models import AuditEvent, Case
from rescuedesk.progress import Cancelled
from rescuedesk.services.demo import demo_data
from rescuedesk.services.ledger import ledger_export
from rescuedesk.services.office.context import Actor


@pytest.fixture
def demo(db: Database) -> Database:
    with db.write_session() as s:
        demo_data.generate(s, Actor.system("t"), 120, seed=16, today=dt.date(2026, 11, 1))
    return db


def test_progress_counts_the_cases_and_the_sheets_hold_them(
    demo: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ledger_export, "CHUNK", 50)
    ticks: list[tuple[int, int]] = []
    out = tmp_path / "台账.xlsx"
    with demo.write_session() as s:
        ledger_export.export_ledger(
            s, Actor.system("t"), out, progress=lambda d, t: ticks.append((d, t)) or True
        )
        cases = s.scalar(select(func.count(Case.id)))
        numbers = sorted(s.scalars(select(Case.case_number)))
    assert ticks == [(0, cases), (50, cases), (100, cases), (cases, cases), (cases, cases)]
    book = load_workbook(out, read_only=True)
    assert [row[0] for row in book["台账"].iter_rows(min_row=2, values_only=True)] == numbers
    assert book.sheetnames == ["台账", "回访"]


def test_a_cancelled_export_writes_no_file_and_no_audit(
    demo: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ledger_export, "CHUNK", 50)
    out = tmp_path / "台账.xlsx"
    with pytest.raises(Cancelled), demo.write_session() as s:
        ledger_export.export_ledger(s, Actor.system("t"), out, progress=lambda d, t: d < 100)
    assert not out.exists()
    with demo.read_session() as s:
        assert not s.scalar(select(func.count()).where(AuditEvent.action == "ledger_export"))
