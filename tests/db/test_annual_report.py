"""The annual report: right counts, no small cell, none recomputable, both file formats."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from rescuedesk.db import Database
from rescuedesk.documents.report_files import to_pdf, to_xlsx
from rescuedesk.errors import PermissionDenied, ValidationError
from rescuedesk.models import Case
from rescuedesk.privacy.small_cells import HIDDEN, recoverable
from rescuedesk.reference import divisions
from rescuedesk.services.demo import demo_data
from rescuedesk.services.office.context import Actor
from rescuedesk.services.reports import annual_report
from tests.conftest import Staff
from tests.db.test_letters import pdf_text


@pytest.fixture
def report(db: Database) -> annual_report.AnnualReport:
    with db.write_session() as s:
        demo_data.generate(s, Actor.system("t"), 600, seed=5)
    with db.write_session() as s:
        return annual_report.build(s, Actor.system("t"), 2025)


def test_counts_are_right_and_small_cells_hidden(
    db: Database, report: annual_report.AnnualReport
) -> None:
    with db.read_session() as s:
        registered = s.scalar(
            select(func.count(func.distinct(Case.person_id))).where(
                Case.intake_date.between(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
            )
        )
    first = report.tables[0]
    assert first.full()[-1][-1] == registered  # the grand total of new registrations
    for table in report.tables:
        assert recoverable(table) == [], table.title
        for row in table.shown():
            for value in row:
                assert value == HIDDEN or value == 0 or value >= 5, table.title


def test_xlsx_layout(report: annual_report.AnnualReport) -> None:
    book = load_workbook(io.BytesIO(to_xlsx(report)))
    assert "indicators" in book.sheetnames
    assert len(book.sheetnames) == len(report.tables) + 1
    sheet = book[book.sheetnames[0]]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][-1] == "合计" and rows[-1][0] == "合计"
    for row in rows[1:]:
        assert isinstance(row[0], str)
        assert all(isinstance(v, int) or v == HIDDEN for v in row[1:])


def test_provinces_by_name(report: annual_report.AnnualReport) -> None:
    """The 户籍地 table names the provinces, never their codes (issue #13)."""
    (table,) = [t for t in report.tables if t.title == "新登记受助人：户籍地（省）"]
    named = {divisions.name(p) for p in divisions.DIVISION_DATA if p.endswith("0000")}
    assert set(table.row_labels) <= named | {"不详"}
    assert len(set(table.row_labels) & named) > 3
    text = "".join(pdf_text(to_pdf(report, "测试单位")).split())
    assert any(name in text for name in set(table.row_labels) & named)


def test_pdf_has_the_tables(report: annual_report.AnnualReport) -> None:
    text = pdf_text(to_pdf(report, "测试单位"))
    assert "2025年度" in text and "新登记受助人" in text and "回访" in text


def test_only_statisticians_and_supervisors(db: Database, staff: Staff) -> None:
    with pytest.raises(PermissionDenied), db.write_session() as s:
        annual_report.build(s, staff.caseworker, 2025)
    with pytest.raises(ValidationError), db.write_session() as s:
        annual_report.build(s, staff.statistician, 1990)
    with db.write_session() as s:
        assert annual_report.build(s, staff.statistician, 2025).tables
