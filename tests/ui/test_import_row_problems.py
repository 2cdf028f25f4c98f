"""The import wizard lists every problem of a ledger row, not only the first (issue #11)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from rescuedesk.ui.dialogs.import_wizard import ImportWizard
from rescuedesk.ui.ops import Workspace
from tests.db.test_ledger_import import BAD_ID, HEADER
from tests.entry.test_import_every_problem import BAD, EXPECTED, GOOD
from tests.entry.test_import_every_problem import HEADER as MANY_HEADER
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


def test_every_problem_of_a_row_in_the_preview(qtbot: QtBot, ui_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The preview names each problem of a row wrong many ways at once, the nearest place
    proposed for a place it cannot find; each cell it can show is marked."""
    db, lead, _ = ui_db
    path = write_ledger(tmp_path / "台账.csv", MANY_HEADER, [GOOD, BAD], "utf-8-sig")
    wizard = ImportWizard(Workspace(db, lead))
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.file_page.file.setText(str(path))  # keyClicks types Latin-1 only
    wizard.next()
    wizard.next()
    assert wizard.currentId() == ImportWizard.PREVIEW
    preview = wizard.preview_page
    model = preview.model
    assert [r.number for r in model.rows] == [2, 3]
    assert "其中 1 行有问题" in preview.summary.text()
    preview.table.setCurrentIndex(model.index(1, 0))
    detail = preview.detail.text()
    for column in EXPECTED:
        assert f"第 3 行，{column}：" in detail, (column, detail)
    assert "云南省文山壮族苗族自治州" in detail and "532600" in detail
    column = {name: i + 1 for i, name in enumerate(model.fields)}
    for name in ("sex", "id_number", "ethnicity", "household_registration_code", "rescue_date"):
        cell = model.index(1, column[name])
        assert model.data(cell, Qt.ItemDataRole.BackgroundRole) is not None, name
        assert model.data(cell, Qt.ItemDataRole.ToolTipRole), name
    place = model.index(1, column["household_registration_code"])
    assert "532600" in model.data(place, Qt.ItemDataRole.ToolTipRole)
    preview.table.setCurrentIndex(model.index(0, 0))
    assert "第 2 行没有问题" in preview.detail.text()
