"""The annual report and the de-identified export at both doors (issue #12, item 4): the
command (run in-process as a script would) and the statistician's pages give the same file
and the same audit events, because both call one function in the core."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from rescuedesk import cli
from rescuedesk.db import Database
from rescuedesk.models.audit import AuditEvent
from rescuedesk.services.demo import demo_data
from rescuedesk.services.office.context import Actor
from rescuedesk.ui.ops import Workspace
from rescuedesk.ui.widgets.statistics_widgets import AnnualReportWidget, ExportWizardWidget

PASSPHRASE = "口令-测试"


@pytest.fixture
def office(tmp_path: Path) -> Iterator[tuple[str, Database]]:
    """A database without accounts: the command acts as the OS user, and so does the page."""
    url = f"sqlite:///{tmp_path / 'office.sqlite3'}"
    assert cli.main(["--db", url, "db", "upgrade"]) == 0
    db = Database(url)
    with db.write_session() as s:
        demo_data.generate(s, Actor.system("t"), 300, seed=9)
    yield url, db
    db.dispose()


def _events_after(db: Database, last: int) -> list[tuple[str, str, dict]]:  # type: ignore[type-arg]
    with db.read_session() as s:
        rows = s.scalars(select(AuditEvent).where(AuditEvent.id > last).order_by(AuditEvent.id))
        return [(e.action, e.entity, dict(e.changes or {})) for e in rows]


def _last(db: Database) -> int:
    with db.read_session() as s:
        return max(s.scalars(select(AuditEvent.id)), default=0)


def _cells(path: Path) -> list[list[object]]:
    book = load_workbook(path, read_only=True)
    return [[c for c in row] for ws in book.worksheets for row in ws.iter_rows(values_only=True)]


def _save_as(monkeypatch: pytest.MonkeyPatch, target: Path) -> None:
    monkeypatch.setattr(
        "rescuedesk.ui.widgets.statistics_widgets.QFileDialog.getSaveFileName",
        lambda *a, **k: (str(target), ""),
    )


def test_annual_report_alike_at_both_doors(
    office: tuple[str, Database], tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, db = office
    before = _last(db)
    by_command = tmp_path / "command.xlsx"
    assert (
        cli.main(["--db", url, "report", "annual", "--year", "2025", "--out", str(by_command)]) == 0
    )
    command_events = _events_after(db, before)

    page = AnnualReportWidget(Workspace(db, Actor.system()))
    qtbot.addWidget(page)
    page.year.setValue(2025)
    page.build()  # the preview: an audited read of its own
    before = _last(db)
    by_page = tmp_path / "page.xlsx"
    _save_as(monkeypatch, by_page)
    page.save(".xlsx")
    assert _cells(by_page) == _cells(by_command)
    assert _events_after(db, before) == command_events
    assert [a for a, *_ in command_events] == ["report"]


def test_annual_report_page_refuses_a_file_it_cannot_write(
    office: tuple[str, Database], tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, db = office
    page = AnnualReportWidget(Workspace(db, Actor.system()))
    qtbot.addWidget(page)
    page.year.setValue(2025)
    page.build()
    _save_as(monkeypatch, tmp_path / "missing-folder" / "r.pdf")
    page.save(".pdf")  # shown in the page's error line, not raised
    assert "无法读写文件" in page.error.text() or "不存在" in page.error.text()


def _export_by_command(url: str, out: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSPHRASE + "\n"))
    return cli.main(
        ["--db", url, "export", "deidentified", "--k", "5", "--passphrase-stdin",
         "--out", str(out)]
    )  # fmt: skip


def _export_page(db: Database, qtbot: QtBot) -> ExportWizardWidget:
    page = ExportWizardWidget(Workspace(db, Actor.system()))
    qtbot.addWidget(page)
    page.k.setValue(5)
    page.passphrase.setText(PASSPHRASE)
    page.assess()
    return page


def _report(path: Path) -> dict:  # type: ignore[type-arg]
    data = json.loads(path.read_text(encoding="utf-8"))
    for moment in ("created", "file"):
        data.pop(moment)
    return data


def test_export_alike_at_both_doors(
    office: tuple[str, Database], tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, db = office
    before = _last(db)
    by_command = tmp_path / "command.csv"
    assert _export_by_command(url, by_command, monkeypatch) == 0
    command_events = _events_after(db, before)

    page = _export_page(db, qtbot)
    before = _last(db)
    by_page = tmp_path / "page.csv"
    _save_as(monkeypatch, by_page)
    page.export()
    assert by_page.read_bytes() == by_command.read_bytes()
    assert _report(tmp_path / "page.csv.report.json") == _report(
        tmp_path / "command.csv.report.json"
    )
    page_events = _events_after(db, before)
    for events in (command_events, page_events):
        for _, _, changes in events:
            changes.pop("file", None)
    assert page_events == command_events
    assert [a for a, *_ in command_events] == ["export"]


def test_export_overwrites_nothing_at_either_door(
    office: tuple[str, Database], tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A risk report already beside the chosen name stays as it was, and nothing is
    written or audited: the command refuses it before any work, and so does the page."""
    url, db = office
    out = tmp_path / "out.csv"
    beside = tmp_path / "out.csv.report.json"
    beside.write_text("an earlier report", encoding="utf-8")
    before = _last(db)
    assert _export_by_command(url, out, monkeypatch) == 2
    page = _export_page(db, qtbot)
    _save_as(monkeypatch, out)
    page.export()
    assert "已存在" in page.error.text()
    assert beside.read_text(encoding="utf-8") == "an earlier report" and not out.exists()
    assert _events_after(db, before) == []
