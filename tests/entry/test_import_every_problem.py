"""`rescuedesk import` names every problem of a ledger row at once (issue #13): a bad date,
a place it cannot find (with the nearest place proposed), a wrong ID number, a value that is
not one of the choices, a missing name, and the case's own problems, each with its row and
column, on stdout and in FILE.problems.xlsx; the row is not stored, the good row is.

The real ``rescuedesk`` command runs as another process, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook, load_workbook

from rescuedesk.services.office import vault
from tests.db.test_ledger_import import BAD_ID, GOOD_ID
from tests.entry.test_cli_bad_input import ROOT_PASSWORD, Office, office  # noqa: F401
from tests.factories import count_persons_and_cases

HEADER = [
    "姓名",
    "化名",
    "性别",
    "公民身份号码",
    "民族",
    "户籍地",
    "解救日期",
    "解救地点",
    "案件编号",
    "接收日期",
]
GOOD = [
    "陈好人",
    "",
    "女",
    GOOD_ID,
    "汉族",
    "云南省文山州广南县",
    "2023.5.1",
    "",
    "",
    "2023年5月2日",
]
# Row 3: no name and no alias, a sex that means nothing, a wrong check digit, an unknown
# ethnic group, a misspelt prefecture, a day that does not exist; and the case's own: a
# rescue place too long to store, a police reference without the police unit.
BAD = [
    "",
    "",
    "不详x",
    BAD_ID,
    "火星族",
    "云南省文山洲XX县",
    "2023-02-30",
    "地" * 301,
    "公(2023)123号",
    "2023-03-01",
]
EXPECTED = {"姓名", "性别", "公民身份号码", "民族", "户籍地", "解救日期", "解救地点", "移交单位"}
# Row 4 repeats row 2's person (the same ID number): held until the user decides, and its
# case's own problems named with that, so that the row is mended once.
AGAIN = ["陈好人", "", "女", GOOD_ID, "汉族", "", "2023.6.1", "地" * 301, "公(2023)9号", "2023.6.2"]
AGAIN_EXPECTED = {"公民身份号码", "解救地点", "移交单位"}


def _xlsx(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "受助人"
    for row in (HEADER, GOOD, BAD, AGAIN):
        sheet.append(row)
    book.save(path)
    return path


def _counts(office: Office) -> tuple[int, int]:  # noqa: F811
    db = vault.open_database(office.url, "root", ROOT_PASSWORD)
    try:
        return count_persons_and_cases(db)
    finally:
        db.dispose()


def test_every_problem_of_a_row_at_the_door(office: Office, tmp_path: Path) -> None:  # noqa: F811
    path = _xlsx(tmp_path / "台账.xlsx")
    before = _counts(office)
    result = office.run("import", str(path), "--valid-only")
    assert result.code == 2, (result.code, result.err)
    assert "导入成功 1 行" in result.out and "有问题 2 行（其中重复 1 行）" in result.out, (
        result.out
    )
    assert _counts(office) == (before[0] + 1, before[1] + 1)  # the good row only

    book = load_workbook(path.with_name(path.name + ".problems.xlsx"), read_only=True)
    rows = [r for r in list(book["问题"].values)[1:]]
    assert {r[0] for r in rows} == {3, 4}, rows
    assert sorted(r[1] for r in rows if r[0] == 3) == sorted(EXPECTED), rows  # each once
    assert sorted(r[1] for r in rows if r[0] == 4) == sorted(AGAIN_EXPECTED), rows
    again = {column: message for row, column, message, _sheet in rows if row == 4}
    assert "第2行" in again["公民身份号码"] and "太长" in again["解救地点"]
    messages = {column: message for row, column, message, _sheet in rows if row == 3}
    assert "云南省文山壮族苗族自治州" in messages["户籍地"], messages["户籍地"]
    assert "532600" in messages["户籍地"]
    assert "不存在" in messages["解救日期"]
    assert "校验位" in messages["公民身份号码"]
    assert "姓名" in messages["姓名"] and "化名" in messages["姓名"]
    # stdout names each of them too, with its row and column
    for row, column, message, _sheet in rows:
        assert f"第{row}行 {column}：{message}" in result.out, (row, column, result.out)
