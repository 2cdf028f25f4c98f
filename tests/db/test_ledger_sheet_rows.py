"""Rows of one file that are the same person are named by sheet and row: in a workbook with
two persons-and-cases sheets, "the same as row 2" must say which sheet's row 2, and the
person a later sheet's row 2 registers must not stand in for the earlier sheet's (issue #12)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from rescuedesk.db import Database
from rescuedesk.ledger.decisions import Decision
from rescuedesk.models import AuditEvent, Case, Person
from rescuedesk.services.ledger.ledger_file import import_file
from tests.conftest import Staff
from tests.db.test_cli import run
from tests.db.test_ledger_duplicates import HEADER
from tests.factories import count_persons_and_cases as _counts

WANG = ["王芳", "女", "", "1990-01-01", "230102", "2025.5.1", "2025.5.2"]
ZHAO = ["赵敏", "女", "", "1990-03-03", "130102", "2025.7.1", "2025.7.2"]
WANG_LIKE = ["汪芳", "女", "", "1990-08-08", "130102", "2025.7.1", "2025.7.2"]  # homophone
ZHAO_LIKE = ["照敏", "女", "", "1990-09-09", "130102", "2025.8.1", "2025.8.2"]  # homophone


def _workbook(tmp_path: Path) -> Path:
    """一组: row 2 王芳. 二组: row 2 赵敏 (another person), row 3 汪芳 (王芳 of 一组's row 2?),
    row 4 照敏 (赵敏 of 二组's own row 2?)."""
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for name, rows in (("一组", [WANG]), ("二组", [ZHAO, WANG_LIKE, ZHAO_LIKE])):
        sheet = book.create_sheet(name)
        sheet.append(HEADER)
        for row in rows:
            sheet.append(row)
    path = tmp_path / "两组台账.xlsx"
    book.save(path)
    return path


def _cases_by_name(db: Database) -> dict[str, int]:
    with db.read_session() as s:
        names = {p.id: p.real_name for p in s.scalars(select(Person))}
        out: dict[str, int] = {}
        for case in s.scalars(select(Case)):
            name = names[case.person_id] or ""
            out[name] = out.get(name, 0) + 1
        return out


def test_a_candidate_names_the_sheet_of_its_other_row(
    db: Database, staff: Staff, tmp_path: Path
) -> None:
    path = _workbook(tmp_path)
    with db.write_session() as s:
        plan = import_file(s, staff.caseworker, path, dry_run=True)
    found = [(c.sheet, c.row, c.other_sheet, c.other_row) for c in plan.candidates]
    assert found == [("二组", 3, "一组", 2), ("二组", 4, "二组", 2)]


def test_same_as_a_row_means_the_row_of_the_named_sheet(
    db: Database, staff: Staff, tmp_path: Path
) -> None:
    path = _workbook(tmp_path)
    # Row 2 of 二组 itself (赵敏) is not a candidate of its row 3: not another sheet's row 2.
    with db.write_session() as s:
        result = import_file(
            s,
            staff.caseworker,
            path,
            decisions={("二组", 3): Decision.same_as_row(2), ("二组", 4): Decision.new()},
        )
    assert result.refused and [(p.sheet, p.row) for p in result.problems] == [("二组", 3)]
    assert _counts(db) == (0, 0)
    with db.write_session() as s:
        result = import_file(
            s,
            staff.caseworker,
            path,
            decisions={
                ("二组", 3): Decision.same_as_row(2, sheet="一组"),
                ("二组", 4): Decision.same_as_row(2),  # the entry's own sheet
            },
        )
    assert not result.problems and (result.imported, result.attached) == (4, 2)
    assert _cases_by_name(db) == {"王芳": 2, "赵敏": 2}
    with db.read_session() as s:
        # Both sheets' new persons are named in the import's audit event.
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "import")).one()
        listed = {i for a, b in event.changes["person_ids"] for i in range(a, b + 1)}
        assert listed == set(s.scalars(select(Person.id))) and len(listed) == 2


def test_the_decisions_file_names_the_other_rows_sheet(
    db: Database,
    staff: Staff,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = _workbook(tmp_path)
    code, _, _ = run(capsys, "--db", db.url, "--user", "cw1", "import", str(path), "--dry-run")
    assert code == 2
    template = path.with_name(path.name + ".decisions.json")
    data = json.loads(template.read_text(encoding="utf-8"))
    [wang] = data["rows"]["二组!3"]["candidates"]
    [zhao] = data["rows"]["二组!4"]["candidates"]
    assert (wang["row"], wang["same_as_sheet"]) == (2, "一组")
    assert (zhao["row"], zhao["same_as_sheet"]) == (2, "二组")
    data["rows"]["二组!3"].update(action="same", row=2, same_as_sheet="一组")
    data["rows"]["二组!4"].update(action="same", row=2)  # no sheet: the entry's own
    template.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, out, _ = run(
        capsys, "--db", db.url, "--user", "cw1", "import", str(path), "--decisions", str(template)
    )
    assert code == 0, out
    assert _cases_by_name(db) == {"王芳": 2, "赵敏": 2}
