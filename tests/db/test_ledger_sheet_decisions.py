"""Decisions about likely duplicates belong to a row of one sheet: in a workbook with two
persons-and-cases sheets, row 2 of one sheet may be a duplicate and row 2 of the other not, and
a decision for the first must not touch the second (issue #12)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from rescuedesk.db import Database
from rescuedesk.ledger.decisions import Decision
from rescuedesk.services.ledger.ledger_file import import_file
from tests.conftest import Staff
from tests.db.test_cli import run
from tests.db.test_ledger_duplicates import HEADER, register_mei
from tests.factories import count_persons_and_cases as _counts

MEI_LIKE = ["章小梅", "女", "", "1998年4月2日", "230102", "2025.5.1", "2025.5.2"]  # homophone
NOBODY = ["赵敏", "女", "", "1990-03-03", "130102", "2025.7.1", "2025.7.2"]


def _workbook(tmp_path: Path, *sheets: tuple[str, list[str]]) -> Path:
    """One persons-and-cases sheet per (name, its only row): row 2 of each."""
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for name, row in sheets:
        sheet = book.create_sheet(name)
        sheet.append(HEADER)
        sheet.append(row)
    path = tmp_path / "两组台账.xlsx"
    book.save(path)
    return path


def test_a_decision_applies_to_its_sheet_only(db: Database, staff: Staff, tmp_path: Path) -> None:
    register_mei(db, staff)
    path = _workbook(tmp_path, ("一组", MEI_LIKE), ("二组", NOBODY))
    with db.write_session() as s:
        plan = import_file(s, staff.caseworker, path, dry_run=True)
    assert [(c.sheet, c.row) for c in plan.candidates] == [("一组", 2)]
    with db.write_session() as s:
        result = import_file(s, staff.caseworker, path, decisions={("一组", 2): Decision.skip()})
    assert not result.problems and not result.refused
    assert (result.imported, result.skipped) == (1, 1)  # 赵敏 of 二组 is not skipped
    assert _counts(db) == (2, 2)


def test_a_duplicate_on_the_second_sheet_is_decided_there(
    db: Database, staff: Staff, tmp_path: Path
) -> None:
    register_mei(db, staff)
    path = _workbook(tmp_path, ("一组", NOBODY), ("二组", MEI_LIKE))
    with db.write_session() as s:
        result = import_file(s, staff.caseworker, path, decisions={("二组", 2): Decision.skip()})
    assert not result.problems and (result.imported, result.skipped) == (1, 1)
    assert _counts(db) == (2, 2)


def test_the_command_keys_decisions_by_sheet_and_row(
    db: Database,
    staff: Staff,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    register_mei(db, staff)
    path = _workbook(tmp_path, ("一组", NOBODY), ("二组", MEI_LIKE))
    code, _, _ = run(capsys, "--db", db.url, "--user", "cw1", "import", str(path), "--dry-run")
    assert code == 2
    template = path.with_name(path.name + ".decisions.json")
    data = json.loads(template.read_text(encoding="utf-8"))
    # Two persons-and-cases sheets: the template names the sheet of each row.
    assert list(data["rows"]) == ["二组!2"] and data["rows"]["二组!2"]["sheet"] == "二组"
    data["rows"]["二组!2"]["action"] = "skip"
    template.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, out, _ = run(
        capsys, "--db", db.url, "--user", "cw1", "import", str(path), "--decisions", str(template)
    )
    assert code == 0, out
    assert "按决定跳过 1 行" in out and _counts(db) == (2, 2)


def test_a_decisions_file_without_sheets_means_the_first_cases_sheet(
    db: Database,
    staff: Staff,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    register_mei(db, staff)
    path = _workbook(tmp_path, ("一组", MEI_LIKE), ("二组", NOBODY))
    decisions = tmp_path / "decisions.json"
    decisions.write_text(json.dumps({"rows": {"2": {"action": "skip"}}}), encoding="utf-8")
    code, out, _ = run(
        capsys, "--db", db.url, "--user", "cw1", "import", str(path), "--decisions", str(decisions)
    )
    assert code == 0, out
    assert "按决定跳过 1 行" in out and _counts(db) == (2, 2)
