"""`rescuedesk import --kind visits` names every problem of a visit row at once (issue #13):
cells it cannot read, a case it cannot find, and the visit's own rules, each with its row
and column, on stdout and in FILE.problems.xlsx; nothing of the file is stored.

The real ``rescuedesk`` command runs as another process, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import func, select

from rescuedesk.models import Case, FollowUpVisit, Unit
from rescuedesk.models.enums import Stage
from rescuedesk.services.office import vault
from tests.entry.test_cli_bad_input import ROOT_PASSWORD, Office, office  # noqa: F401
from tests.factories import write_ledger

HEADER = ["个案编号", "回访日期", "回访人", "回访方式", "生活状况", "下次回访日期"]


def _a_case_and_visits(office: Office) -> tuple[str, int]:  # noqa: F811
    """An open case the supervisor (of HLJ-HRB) may write to, and the visits stored."""
    db = vault.open_database(office.url, "root", ROOT_PASSWORD)
    try:
        with db.read_session() as s:
            number = s.scalar(
                select(Case.case_number)
                .join(Unit, Unit.id == Case.unit_id)
                .where(Unit.code == "HLJ-HRB", Case.stage != Stage.CLOSED)
                .order_by(Case.id)
                .limit(1)
            )
            assert number is not None
            return number, s.scalar(select(func.count(FollowUpVisit.id))) or 0
    finally:
        db.dispose()


def test_every_problem_of_a_visit_row_at_the_door(office: Office, tmp_path: Path) -> None:  # noqa: F811
    number, visits = _a_case_and_visits(office)
    rows = [
        # row 2: no such case, no such day, a mode and a state that mean nothing
        ["HRB-没有这个", "2024-02-30", "张社工", "飞鸽传书", "极好", ""],
        # row 3: a case found; a mode that means nothing, no visitor, the next visit before it
        [number, "2024.3.1", "", "飞鸽传书", "良好", "2024.2.1"],
    ]
    path = write_ledger(tmp_path / "回访台账.csv", HEADER, rows, "utf-8-sig")
    result = office.run("import", str(path), "--kind", "visits")
    assert result.code == 2, (result.code, result.err)
    assert "有问题 2 行" in result.out, result.out
    assert _a_case_and_visits(office) == (number, visits)  # nothing stored

    book = load_workbook(path.with_name(path.name + ".problems.xlsx"), read_only=True)
    found: dict[int, dict[str, str]] = {}
    for row, column, message, _sheet in list(book["问题"].values)[1:]:
        found.setdefault(row, {})[column] = message
    assert set(found[2]) == {"个案编号", "回访日期", "回访方式", "生活状况"}, found[2]
    assert set(found[3]) == {"回访方式", "回访人", "下次回访日期"}, found[3]
    assert "HRB-没有这个" in found[2]["个案编号"]
    assert "不存在" in found[2]["回访日期"]
    assert "晚于" in found[3]["下次回访日期"]
    for row, problems in found.items():
        for column, message in problems.items():
            assert f"第{row}行 {column}：{message}" in result.out, (row, column, result.out)
