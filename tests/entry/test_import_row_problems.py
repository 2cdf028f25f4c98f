"""`rescuedesk import --dry-run` lists every problem of a ledger row's person, not only the
first (issue #11, item 8): the problems report names each column that is wrong.

The real ``rescuedesk`` command runs as another process, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from tests.db.test_ledger_import import BAD_ID, HEADER
from tests.entry.test_cli_bad_input import Office, office  # noqa: F401  # the fixture
from tests.factories import write_ledger

# Each row's person is wrong four ways at once: a name longer than 100 characters, an ID
# number whose check digit is wrong, a birth date in the future, and (row 3) a sex code
# that means nothing.
ROWS = [
    ["1", "李" * 101, "女", BAD_ID, "2099-01-01", "汉族", "", "2023-05-01", "", "2023-05-02"],
    ["2", "王" * 101, "不详x", BAD_ID, "2099-01-01", "汉族", "", "2023-05-01", "", "2023-05-02"],
]
EXPECTED = {
    2: {"姓名", "公民身份号码", "出生日期"},
    3: {"姓名", "性别", "公民身份号码", "出生日期"},
}


def test_every_person_problem_of_a_row_in_the_report(office: Office, tmp_path: Path) -> None:  # noqa: F811
    path = write_ledger(tmp_path / "台账.csv", HEADER, ROWS, "utf-8-sig")
    result = office.run("import", str(path), "--dry-run")
    assert result.code == 2, (result.code, result.err)
    assert "有问题 2 行" in result.out, result.out
    book = load_workbook(path.with_name(path.name + ".problems.xlsx"), read_only=True)
    found: dict[int, set[str]] = {}
    messages: list[str] = []
    for row, column, message, _sheet in list(book["问题"].values)[1:]:
        found.setdefault(row, set()).add(column)
        messages.append(message)
    assert found == EXPECTED, found
    for words in ("太长", "校验位", "出生日期不合理", "性别"):
        assert any(words in m for m in messages), (words, messages)
