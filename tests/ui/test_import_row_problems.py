"""The import wizard lists every problem of a ledger row, not only the first (issue #11)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from rescuedesk.ui.ops import Workspace
from tests.db.test_ledger_import import BAD_ID, HEADER
from tests.factories import write_ledger
from tests.ui.conftest import wizard_at_dry_run

ROWS = [
    # row 2: an unknown ethnic group and a day that does not exist (cells that cannot be
    # read), and an ID number whose check digit is wrong (the person's check)
    ["1", "周七", "女", BAD_ID, "", "火星族", "", "2023-02-30", "", "2023-03-01"],
    # row 3: the same ID number, and a rescue after the case was received (the case's check)
    ["2", "吴八", "女", BAD_ID, "", "汉族", "", "2023-05-10", "", "2023-05-01"],
]


# Rows whose person is wrong several ways at once (a name longer than 100 characters, a wrong
# check digit, a birth date in the future; row 3 also a sex code that means nothing).
PERSON_ROWS = [
    ["1", "李" * 101, "女", BAD_ID, "2099-01-01", "汉族", "", "2023-05-01", "", "2023-05-02"],
    ["2", "王" * 101, "不详x", BAD_ID, "2099-01-01", "汉族", "", "2023-05-01", "", "2023-05-02"],
]


def _dry_run(qtbot: QtBot, ui_db, tmp_path: Path, rows: list[list[str]]):  # type: ignore[no-untyped-def]
    """The wizard run through to its dry run on a ledger of ``rows``: (wizard, its page)."""
    db, lead, _ = ui_db
    path = write_ledger(tmp_path / "台账.csv", HEADER, rows, "gbk")
    wizard = wizard_at_dry_run(qtbot, Workspace(db, lead), path)
    dry = wizard.dry_run_page
    return wizard, dry


def test_every_problem_of_a_row_in_the_dry_run(qtbot: QtBot, ui_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _wizard, dry = _dry_run(qtbot, ui_db, tmp_path, ROWS)
    shown = {(p.row, p.column) for p, hint in dry.model.items if not hint}
    assert {(2, "民族"), (2, "解救日期"), (2, "公民身份号码")} <= shown, shown
    assert {(3, "公民身份号码"), (3, "解救日期")} <= shown, shown
    assert "2 行有问题" in dry.status.text()


def test_every_person_problem_of_a_row_in_the_dry_run(  # type: ignore[no-untyped-def]
    qtbot: QtBot, ui_db, tmp_path: Path
) -> None:
    _wizard, dry = _dry_run(qtbot, ui_db, tmp_path, PERSON_ROWS)
    shown = {(p.row, p.column) for p, hint in dry.model.items if not hint}
    assert shown == {
        (2, "姓名"),
        (2, "公民身份号码"),
        (2, "出生日期"),
        (3, "姓名"),
        (3, "性别"),
        (3, "公民身份号码"),
        (3, "出生日期"),
    }, shown
    assert "2 行有问题" in dry.status.text()
