"""The import wizard as a caseworker uses it: a messy ledger, a mapping corrected by hand, the
preview, a dry run that writes nothing, the problems saved as XLSX, a cancelled import that
leaves the database as it was, and an import of the valid rows."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from rescuedesk.ledger import mapping as ledger_mapping
from rescuedesk.services.casefile import cases
from rescuedesk.services.casefile.case_queries import CaseFilter, count_cases, list_cases
from rescuedesk.services.ledger import ledger_file
from rescuedesk.ui.dialogs.import_wizard import ImportWizard
from rescuedesk.ui.idle_lock import IdleWatcher
from rescuedesk.ui.main_window import MainWindow
from rescuedesk.ui.ops import Workspace
from tests.db.test_ledger_import import GOOD_ID, HEADER, OTHER_ID, ROWS
from tests.factories import write_ledger
from tests.ui.conftest import in_modal, wizard_at_dry_run

# The proposal cannot know this header: the test maps it by hand, as a user would.
UNKNOWN_HEADER = "获救时间"


def _ledger(tmp_path: Path) -> Path:
    """The messy GBK ledger of the import tests, with a rescue-date header nobody proposes."""
    header = [UNKNOWN_HEADER if h == "解救日期" else h for h in HEADER]
    return write_ledger(tmp_path / "村台账.csv", header, ROWS, "gbk")


def _stored(session, actor, case_id: int) -> tuple:  # type: ignore[no-untyped-def,type-arg]
    """What a caseworker sees of an imported case (the read is audited, as in the program)."""
    case = cases.read_case(session, actor, case_id)
    p = case.person
    return (
        p.real_name,
        p.id_number,
        p.ethnicity,
        p.household_registration_code,
        case.rescue_date,
        case.intake_date,
    )


def _cases(workspace: Workspace) -> int:
    return workspace.call(count_cases, CaseFilter())


@pytest.fixture
def held_count() -> Iterator[threading.Event]:
    """Cleared, it holds a run in the background before its first row until it is set again,
    so a test can press Cancel while the run is surely still going."""
    release = threading.Event()
    release.set()
    real = ledger_file.expected_rows

    def held(path: Path) -> int:
        release.wait(10)
        return real(path)

    mp = pytest.MonkeyPatch()
    mp.setattr(ledger_file, "expected_rows", held)
    yield release
    release.set()
    mp.undo()


def _through_preview(qtbot: QtBot, wizard: ImportWizard, path: Path) -> None:
    wizard.file_page.file.setText(str(path))  # keyClicks types Latin-1 only
    wizard.next()
    assert wizard.currentId() == ImportWizard.MAPPING
    wizard.mapping_page.set_field(UNKNOWN_HEADER, "rescue_date")
    wizard.next()
    assert wizard.currentId() == ImportWizard.PREVIEW


def test_a_messy_ledger_through_the_wizard(  # type: ignore[no-untyped-def]
    qtbot: QtBot, ui_db, tmp_path: Path, held_count: threading.Event
) -> None:
    db, lead, _ = ui_db
    workspace = Workspace(db, lead)
    before = _cases(workspace)
    path = _ledger(tmp_path)
    wizard = ImportWizard(workspace)
    qtbot.addWidget(wizard)
    wizard.show()
    assert not wizard.button(wizard.WizardButton.NextButton).isEnabled()  # no file yet
    wizard.file_page.file.setText(str(path))  # keyClicks types Latin-1 only
    wizard.next()

    # The mapping: proposed from the headers, one column corrected, saved for next time.
    page = wizard.mapping_page
    assert "GBK" in page.info.text()
    assert page.combos["公民身份号码"].currentData() == "id_number"
    assert page.combos["户籍地"].currentData() == "household_registration_code"
    assert page.combos["序号"].currentData() is None
    assert page.combos[UNKNOWN_HEADER].currentData() is None
    page.combos[UNKNOWN_HEADER].setCurrentIndex(page.combos[UNKNOWN_HEADER].findText("解救日期"))
    assert wizard.state.mapping["rescue_date"] == UNKNOWN_HEADER
    # One field, one column: giving 接收日期's field to 序号 takes it from 接收日期.
    page.set_field("序号", "intake_date")
    assert page.combos["接收日期"].currentData() is None and "接收日期" in page.notes.text()
    page.set_field("接收日期", "intake_date")
    assert page.combos["序号"].currentData() is None
    saved = tmp_path / "村台账.mapping.json"
    page.save_mapping(saved)
    assert ledger_mapping.load(saved) == wizard.state.mapping
    wizard.next()

    # The preview: values as stored, problems on their cells.
    preview = wizard.preview_page
    model = preview.model
    assert [r.number for r in model.rows] == [2, 3, 4, 6, 7, 8, 9]
    column = {name: i + 1 for i, name in enumerate(model.fields)}

    def shown(row: int, name: str) -> str:
        return model.data(model.index(row, column[name]))

    assert shown(0, "birth_date") == "1995-03-08" and shown(0, "rescue_date") == "2023-05-01"
    assert shown(0, "ethnicity") == "汉族（01）" and shown(0, "sex") == "女"
    assert shown(1, "id_number") == OTHER_ID  # typed in full-width digits
    assert shown(1, "household_registration_code") == "河北省石家庄市长安区（130102）"
    assert shown(1, "birth_date") == "1988-12-01"  # from the ID number
    bad_id = model.index(2, column["id_number"])
    assert model.data(bad_id, Qt.ItemDataRole.BackgroundRole) is not None
    assert "校验位" in model.data(bad_id, Qt.ItemDataRole.ToolTipRole)
    preview.table.setCurrentIndex(model.index(3, 0))
    assert "第 6 行" in preview.detail.text() and "不存在" in preview.detail.text()
    assert _cases(workspace) == before
    wizard.next()

    # The dry run: every bad row with its number and column, nothing written.
    dry = wizard.dry_run_page
    qtbot.waitUntil(dry.isComplete, timeout=30_000)
    problems = [(p.row, p.column) for p, hint in dry.model.items if not hint]
    assert problems == [
        (4, "公民身份号码"),
        (6, UNKNOWN_HEADER),
        (7, "民族"),
        (8, "公民身份号码"),
        (9, "户籍地"),
    ]
    assert "2 行可以导入" in dry.status.text() and "5 行有问题" in dry.status.text()
    assert _cases(workspace) == before
    report = tmp_path / "问题清单.xlsx"
    dry.save_problems(report)
    sheet = load_workbook(report)["问题"]
    assert [r[:2] for r in sheet.iter_rows(min_row=2, values_only=True)] == problems
    wizard.next()

    # 可能重复: row 8 repeats row 2's ID number; the user leaves it out.
    assert wizard.currentId() == ImportWizard.DUPLICATES
    duplicates = wizard.duplicates_page
    assert [(c.row, c.other_row) for c in duplicates.model.candidates] == [(8, 2)]
    qtbot.mouseClick(duplicates.skip_rest, Qt.MouseButton.LeftButton)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == ImportWizard.IMPORT, timeout=30_000)

    # The import: only the valid rows; a cancel first, which keeps nothing.
    page_ = wizard.import_page
    assert page_.valid_only.isChecked() and not page_.all_rows.isEnabled()
    commit = wizard.button(wizard.WizardButton.CommitButton)
    assert commit.isVisible() and commit.isEnabled()
    held_count.clear()
    qtbot.mouseClick(commit, Qt.MouseButton.LeftButton)
    assert page_.running and page_.dialog is not None
    qtbot.mouseClick(page_.dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)
    held_count.set()
    qtbot.waitUntil(lambda: not page_.running, timeout=30_000)
    assert "已取消导入" in page_.error.text()
    assert wizard.currentId() == ImportWizard.IMPORT
    assert _cases(workspace) == before

    qtbot.mouseClick(commit, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.currentId() == ImportWizard.DONE, timeout=30_000)
    result = wizard.state.result
    assert result is not None and result.imported == 2 and len(result.case_ids) == 2
    assert "已导入 2 个个案" in wizard.result_page.outcome.text()
    assert not wizard.button(wizard.WizardButton.BackButton).isEnabled()
    assert _cases(workspace) == before + 2
    rows = workspace.call(list_cases, CaseFilter(case_ids=tuple(result.case_ids))).rows
    assert sorted(r.real_name for r in rows) == ["李秀兰", "王建国"]
    stored = sorted(workspace.call(_stored, case_id) for case_id in result.case_ids)
    assert stored[0] == (
        "李秀兰",
        GOOD_ID,
        "01",
        "230102",
        dt.date(2023, 5, 1),
        dt.date(2023, 5, 2),
    )
    assert stored[1][:4] == ("王建国", OTHER_ID, "03", "130102")


def test_a_cancelled_dry_run_can_be_run_again(  # type: ignore[no-untyped-def]
    qtbot: QtBot, ui_db, tmp_path: Path, held_count: threading.Event
) -> None:
    db, lead, _ = ui_db
    wizard = ImportWizard(Workspace(db, lead))
    qtbot.addWidget(wizard)
    wizard.show()
    _through_preview(qtbot, wizard, _ledger(tmp_path))
    held_count.clear()
    wizard.next()
    dry = wizard.dry_run_page
    assert dry.running and not wizard.button(wizard.WizardButton.NextButton).isEnabled()
    qtbot.mouseClick(dry.cancel_button, Qt.MouseButton.LeftButton)
    held_count.set()
    qtbot.waitUntil(lambda: not dry.running, timeout=30_000)
    assert "已取消检查" in dry.error.text() and not dry.isComplete()
    assert dry.again_button.isVisible()
    qtbot.mouseClick(dry.again_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dry.isComplete, timeout=30_000)
    assert wizard.state.dry_run is not None and wizard.state.dry_run.rows_read == 7


def test_a_saved_mapping_and_a_file_that_cannot_be_read(  # type: ignore[no-untyped-def]
    qtbot: QtBot, ui_db, tmp_path: Path
) -> None:
    db, lead, _ = ui_db
    saved = tmp_path / "m.json"
    ledger_mapping.save(
        {"real_name": "姓名", "rescue_date": UNKNOWN_HEADER, "alias": "化名"}, saved
    )
    wizard = ImportWizard(Workspace(db, lead))
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.file_page.file.setText(str(tmp_path / "没有这个文件.xlsx"))
    wizard.next()
    assert wizard.currentId() == ImportWizard.FILE and "不存在" in wizard.file_page.error.text()
    wizard.file_page.file.setText(str(_ledger(tmp_path)))
    wizard.file_page.mapping_file.setText(str(saved))
    wizard.next()
    page = wizard.mapping_page
    assert wizard.state.mapping == {"real_name": "姓名", "rescue_date": UNKNOWN_HEADER}
    assert page.combos["公民身份号码"].currentData() is None  # the saved mapping, not a guess
    assert "化名" in page.notes.text()  # the saved column this file lacks
    page.set_field("姓名", None)
    wizard.next()
    assert wizard.currentId() == ImportWizard.MAPPING and "姓名" in page.error.text()
    # Back to the file page only to look: the corrections stay; another file starts afresh.
    page.set_field("公民身份号码", "id_number")
    wizard.back()
    wizard.next()
    assert page.combos["公民身份号码"].currentData() == "id_number"
    wizard.back()
    wizard.file_page.mapping_file.clear()
    wizard.next()
    assert page.combos["姓名"].currentData() == "real_name"  # proposed from the headers


def test_menu_and_the_imported_cases_in_the_case_list(  # type: ignore[no-untyped-def]
    qtbot: QtBot, ui_db, staff
) -> None:
    db, lead, ids = ui_db
    window = MainWindow(Workspace(db, lead))
    qtbot.addWidget(window)
    window.show()
    window.load_case_list()
    actions = {a.text(): a for a in window.menuBar().actions()[0].menu().actions()}
    assert actions["导入台账…"].shortcut() == QKeySequence("Ctrl+I")
    window.show_imported_cases([ids["李娜"]])
    assert window.tabs.currentWidget() is window.case_list
    assert window.model.rowCount() == 1
    assert window.case_list.only_label.isVisible()
    qtbot.mouseClick(window.case_list.show_all, Qt.MouseButton.LeftButton)
    assert window.model.rowCount() == 3 and not window.case_list.only_label.isVisible()
    stats = MainWindow(Workspace(db, staff.statistician))
    qtbot.addWidget(stats)
    texts = [a.text() for a in stats.menuBar().actions()[0].menu().actions()]
    assert "导入台账…" not in texts


def test_the_idle_lock_closes_the_wizard(qtbot: QtBot, ui_db) -> None:  # type: ignore[no-untyped-def]
    db, lead, _ = ui_db
    watcher = IdleWatcher(5, clock=lambda: 0.0, check_ms=60_000)
    window = MainWindow(Workspace(db, lead), idle_watcher=watcher)
    qtbot.addWidget(window)
    window.show()
    seen: list[str] = []

    def go_idle() -> None:
        seen.append(type(QApplication.activeModalWidget()).__name__)
        watcher.idle.emit()

    # Returns once the lock has closed it; fails, not hangs, if the lock leaves it open.
    in_modal(window, window.open_import_wizard, go_idle, 5000, seen)
    assert seen == ["ImportWizard"] and window.locked


def test_from_the_menu_to_the_imported_cases_in_the_list(  # type: ignore[no-untyped-def]
    qtbot: QtBot, ui_db, tmp_path: Path
) -> None:
    db, lead, _ = ui_db
    window = MainWindow(Workspace(db, lead))
    qtbot.addWidget(window)
    window.show()
    window.load_case_list()
    path = _ledger(tmp_path)
    done: list[str] = []

    def use_the_wizard() -> None:  # runs inside the wizard's exec()
        wizard = QApplication.activeModalWidget()
        assert isinstance(wizard, ImportWizard)
        _through_preview(qtbot, wizard, path)
        wizard.next()
        qtbot.waitUntil(wizard.dry_run_page.isComplete, timeout=30_000)
        wizard.next()
        assert wizard.currentId() == ImportWizard.DUPLICATES  # row 8 repeats row 2
        qtbot.keyClick(wizard.duplicates_page.table, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(wizard.duplicates_page.isComplete)
        qtbot.keyClick(wizard, Qt.Key.Key_Return)  # 下一步: checked again with the decision
        qtbot.waitUntil(lambda: wizard.currentId() == ImportWizard.IMPORT, timeout=30_000)
        qtbot.keyClick(wizard, Qt.Key.Key_Return)  # the default button: 开始导入
        qtbot.waitUntil(lambda: wizard.currentId() == ImportWizard.DONE, timeout=30_000)
        qtbot.mouseClick(wizard.result_page.show_button, Qt.MouseButton.LeftButton)
        done.append("shown")

    actions = {a.text(): a for a in window.menuBar().actions()[0].menu().actions()}
    in_modal(window, actions["导入台账…"].trigger, use_the_wizard, 60_000)
    assert done == ["shown"]
    assert window.tabs.currentWidget() is window.case_list
    assert window.model.rowCount() == 2
    names = {window.model.data(window.model.index(r, 1)) for r in range(2)}
    assert names == {"李秀兰", "王建国"}
    assert "2" in window.case_list.only_label.text()


def _two_sheet_workbook(tmp_path: Path) -> Path:
    """Two sheets of persons and cases, the same header on each (as a station keeps one
    sheet per year), a note sheet the import passes over with a hint, and a visits sheet
    (told by its headers, as the command line tells it)."""
    from openpyxl import Workbook

    header = ["序号", "姓名", "性别", "解救日期", "接收日期"]
    book = Workbook()
    first = book.active
    first.title = "2025年"
    first.append(header)
    first.append(["1", "周七", "女", "2025-01-05", "2025-01-06"])
    first.append(["2", "吴八", "女", "2025-02-05", "2025-02-06"])
    notes = book.create_sheet("说明")
    notes.append(["本台账由村妇联填写"])
    second = book.create_sheet("2026年")
    second.append(header)
    second.append(["1", "郑九", "男", "2026-01-07", "2026-01-08"])
    second.append(["2", "冯十", "女", "2026-03-01", "2026-03-02"])
    second.append(["3", "陈十一", "女", "2026-04-01", "2026-04-02"])
    visits = book.create_sheet("回访")
    visits.append(["姓名", "回访日期", "回访人", "回访方式", "情况", "下次回访日期"])
    visits.append(["周七", "2026-03-01", "村干部", "入户", "稳定", "2026-06-01"])
    path = tmp_path / "两年台账.xlsx"
    book.save(path)
    return path


def test_every_sheet_of_a_workbook_through_the_wizard_as_the_command_line(  # type: ignore[no-untyped-def]
    qtbot: QtBot, ui_db, tmp_path: Path
) -> None:
    db, lead, _ = ui_db
    workspace = Workspace(db, lead)
    before = _cases(workspace)
    path = _two_sheet_workbook(tmp_path)
    # What the command line (`rescuedesk import`) finds in this file, kept nowhere.
    cli = workspace.call(ledger_file.import_file, path, dry_run=True)
    assert (cli.rows_read, cli.imported, cli.visits, cli.rejected) == (6, 5, 1, 0)
    wizard = wizard_at_dry_run(qtbot, workspace, path)
    dry = wizard.dry_run_page
    shown = wizard.state.dry_run
    assert shown is not None
    assert (shown.rows_read, shown.imported, shown.visits, shown.rejected) == (6, 5, 1, 0)
    assert [w.sheet for w in shown.warnings] == [w.sheet for w in cli.warnings] == ["说明"]
    assert "共 6 行：6 行可以导入" in dry.status.text()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == ImportWizard.IMPORT, timeout=30_000)
    qtbot.mouseClick(wizard.button(wizard.WizardButton.CommitButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.currentId() == ImportWizard.DONE, timeout=30_000)
    result = wizard.state.result
    assert result is not None and (result.imported, result.visits) == (5, 1)
    assert _cases(workspace) == before + 5
    rows = workspace.call(list_cases, CaseFilter(case_ids=tuple(result.case_ids))).rows
    assert sorted(r.real_name for r in rows) == sorted(["周七", "吴八", "郑九", "冯十", "陈十一"])
