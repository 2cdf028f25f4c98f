"""The import command: duplicate candidates in the report, a decisions file to fill in,
follow-up visits sheets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from rescuedesk.db import Database
from rescuedesk.models import FollowUpVisit
from tests.conftest import Staff
from tests.db.test_cli import run
from tests.db.test_ledger_duplicates import _ledger, register_mei
from tests.factories import count_persons_and_cases


def test_command_writes_candidates_and_a_decisions_template(
    db: Database,
    staff: Staff,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    mei = register_mei(db, staff)
    path = _ledger(tmp_path)
    code, out, _ = run(capsys, "--db", db.url, "--user", "cw1", "import", str(path), "--dry-run")
    assert code == 2 and "可能重复 3 处" in out
    sheet = load_workbook(tmp_path / "台账.csv.problems.xlsx")["可能重复"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[1], r[3], r[4]) for r in rows] == [
        (2, 90, mei[0], None),
        (4, 100, None, 3),
        (6, 60, None, 5),
    ]
    template = tmp_path / "台账.csv.decisions.json"
    data = json.loads(template.read_text(encoding="utf-8"))
    assert sorted(data["rows"]) == ["2", "4", "6"]
    code, _, err = run(
        capsys, "--db", db.url, "--user", "cw1", "import", str(path), "--decisions", str(template)
    )
    assert code == 2 and "第2行还没有决定" in err and count_persons_and_cases(db) == (1, 1)
    data["rows"]["2"]["action"], data["rows"]["2"]["person_id"] = "same", mei[0]
    data["rows"]["4"].update(action="same", row=3)
    data["rows"]["6"]["action"] = "skip"
    template.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, out, _ = run(
        capsys, "--db", db.url, "--user", "cw1", "import", str(path), "--decisions", str(template)
    )
    assert code == 0, out
    assert "并入已有受助人 2" in out and "按决定跳过 1 行" in out
    assert count_persons_and_cases(db) == (4, 6)


def test_workbook_with_cases_and_visits_sheets(
    db: Database, staff: Staff, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = Workbook()
    cases = book.active
    cases.title = "台账"
    cases.append(["序号", "姓名", "性别", "解救日期", "接收日期"])
    cases.append(["A-1", "周七", "女", "2026-01-05", "2026-01-06"])
    cases.append(["A-2", "吴八", "女", "2026-02-05", "2026-02-06"])
    notes = book.create_sheet("说明")
    notes.append(["本台账由村妇联填写"])
    visits = book.create_sheet("回访")
    visits.append(["姓名", "回访日期", "回访人", "回访方式", "情况", "下次回访日期"])
    visits.append(["周七", "2026-03-01", "村干部", "入户", "稳定", "2026-06-01"])
    path = tmp_path / "村台账.xlsx"
    book.save(path)
    args = ("--db", db.url, "--user", "cw1", "import", str(path))
    code, out, _ = run(capsys, *args, "--kind", "cases")  # the first sheet only
    assert code == 0 and "个案 2" in out and "回访 0" in out
    code, out, _ = run(capsys, *args, "--kind", "visits", "--dry-run")
    assert code == 2  # a cases sheet read as visits: every row lacks a visit date
    # By headers: the persons are there now, so the visits sheet alone finds 周七's case.
    code, out, _ = run(capsys, *args, "--valid-only")
    assert code == 2 and "回访 1" in out and "重复 2 行" in out
    hints = load_workbook(tmp_path / "村台账.xlsx.problems.xlsx")["提示"]
    assert any("说明" in (r[2] or "") for r in hints.iter_rows(min_row=2, values_only=True))
    with db.read_session() as s:
        assert s.scalar(select(func.count(FollowUpVisit.id))) == 2  # done, and the next planned
