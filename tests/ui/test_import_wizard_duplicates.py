"""The import wizard's 可能重复 page as a caseworker uses it: a homophone of a registered woman
and a row with a registered ID number; one joins the existing record, the other is skipped,
and what is stored is what was decided."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from rescuedesk.ledger.decisions import Decision
from rescuedesk.models.enums import Sex
from rescuedesk.services.casefile import cases
from rescuedesk.services.casefile.case_queries import CaseFilter, count_cases, list_cases
from rescuedesk.services.ledger.ledger_import import Candidate
from rescuedesk.services.people.identity import make_id_number
from rescuedesk.ui.dialogs.import_wizard import ImportWizard
from rescuedesk.ui.ops import Workspace
from rescuedesk.ui.table_models.import_candidates_table_model import (
    ImportCandidatesTableModel,
)
from tests.factories import write_ledger
from tests.ui.conftest import wizard_at_dry_run

HEADER = ["姓名", "性别", "公民身份号码", "出生日期", "户籍地", "解救日期", "接收日期"]
# ui_db registers 张晓梅, 李娜 and 王秀英 (born 1995-01-01 in 230102, ID numbers 0, 1, 2).
NA_ID = make_id_number("230102", dt.date(1995, 1, 1), 1, Sex.FEMALE)
ROWS = [
    ["章小梅", "女", "", "1995年1月1日", "230102", "2025.5.1", "2025.5.2"],  # 2: homophone
    ["李娜", "女", NA_ID, "", "", "2025.6.1", "2025.6.2"],  # 3: the same ID number
    ["赵敏", "女", "", "1990-03-03", "130102", "2025.7.1", "2025.7.2"],  # 4: nobody's
]


def _ledger(tmp_path: Path) -> Path:
    return write_ledger(tmp_path / "乡台账.csv", HEADER, ROWS)


def _person_of(session, actor, case_id: int) -> int:  # type: ignore[no-untyped-def]
    return cases.read_case(session, actor, case_id).person_id


def test_deciding_the_likely_duplicates(qtbot: QtBot, ui_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db, lead, ids = ui_db
    workspace = Workspace(db, lead)
    mei = workspace.call(_person_of, ids["张晓梅"])
    na = workspace.call(_person_of, ids["李娜"])
    before = workspace.call(count_cases, CaseFilter())
    wizard = wizard_at_dry_run(qtbot, workspace, _ledger(tmp_path))
    assert "1 行可以导入" in wizard.dry_run_page.status.text()
    wizard.next()

    # One line per candidate; a likely duplicate starts undecided, so Next waits.
    assert wizard.currentId() == ImportWizard.DUPLICATES
    page = wizard.duplicates_page
    model = page.model
    shown = [
        [model.data(model.index(r, c)) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]
    assert [line[:4] for line in shown] == [
        [2, "章小梅", f"已登记：张晓梅（编号 {mei}）", 90],
        [3, "李娜", f"已登记：李娜（编号 {na}）", 100],
    ]
    assert "姓名同音" in shown[0][4] and shown[1][4] == "身份证号相同"
    assert shown[0][5] and shown[0][6] == "未决定"
    assert not wizard.button(wizard.WizardButton.NextButton).isEnabled()
    assert "2 行未决定" in page.status.text()

    # By keyboard: the first line is selected; Alt+2 = the same person, Down, Alt+3 = skip.
    assert page.current() == 0 and page.table.hasFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: model.choices[2] == Decision.same_person(mei))  # an animated click
    assert page.same_button.isChecked() and page.table.hasFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    assert page.current() == 1
    assert not page.new_button.isEnabled()  # a registered ID number is never a new person
    page.decide(1, Decision.new().action)  # refused the same way
    assert model.choices[3] is None
    qtbot.keyClick(page.table, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: model.choices[3] == Decision.skip())
    assert model.data(model.index(1, 6)) == "跳过"
    next_button = wizard.button(wizard.WizardButton.NextButton)
    assert next_button.isEnabled()

    # Next checks the file again with the decisions, then the import page counts them.
    qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.currentId() == ImportWizard.IMPORT, timeout=30_000)
    plan = wizard.state.plan
    assert plan is not None and (plan.imported, plan.attached, plan.skipped) == (2, 1, 1)
    assert "1 行的个案并入已有档案，跳过 1 行" in wizard.import_page.summary.text()
    assert wizard.import_page.all_rows.isChecked()
    assert workspace.call(count_cases, CaseFilter()) == before  # nothing written yet
    qtbot.mouseClick(wizard.button(wizard.WizardButton.CommitButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.currentId() == ImportWizard.DONE, timeout=30_000)

    result = wizard.state.result
    assert result is not None and (result.imported, result.attached, result.skipped) == (2, 1, 1)
    assert "并入已有档案" in wizard.result_page.outcome.text()
    rows = workspace.call(list_cases, CaseFilter(case_ids=tuple(result.case_ids))).rows
    by_name = {r.real_name: r.person_id for r in rows}
    assert by_name["张晓梅"] == mei  # row 2's case joined the registered woman
    assert set(by_name) == {"张晓梅", "赵敏"}  # row 3 (李娜) was skipped
    assert workspace.call(count_cases, CaseFilter()) == before + 2
    assert len(workspace.call(list_cases, CaseFilter(search="李娜")).rows) == 1


def test_skip_every_undecided_row_and_go_back(qtbot: QtBot, ui_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db, lead, _ = ui_db
    wizard = wizard_at_dry_run(qtbot, Workspace(db, lead), _ledger(tmp_path))
    wizard.next()
    page = wizard.duplicates_page
    qtbot.keyClick(page.table, Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: page.model.all_decided())
    assert page.model.decisions() == {2: Decision.skip(), 3: Decision.skip()}
    assert not page.skip_rest.isEnabled()
    # Back and forth keeps the decisions; the import page sees them after the check.
    wizard.back()
    assert wizard.currentId() == ImportWizard.DRY_RUN
    wizard.next()
    assert page.model.decisions() == {2: Decision.skip(), 3: Decision.skip()}
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == ImportWizard.IMPORT, timeout=30_000)
    assert wizard.state.plan is not None and wizard.state.plan.skipped == 2


def test_a_weaker_candidate_starts_as_a_new_person(qapp) -> None:  # type: ignore[no-untyped-def]
    model = ImportCandidatesTableModel()
    weak = Candidate(row=5, score=50, reasons=["姓名同音"], name="汪芳", other_row=4)
    likely = Candidate(row=6, score=70, reasons=["姓名相同"], name="王芳", person_id=9)
    model.set_candidates([weak, likely])
    assert model.choices == {5: Decision.new(), 6: None}
    # A decision taken before stays when the same candidates come back.
    model.set_candidates([weak, likely], {6: Decision.same_person(9)})
    assert model.choices[6] == Decision.same_person(9)
    model.set_candidates([weak, likely], {6: Decision.same_person(8)})  # no longer a candidate
    assert model.choices[6] is None


def test_two_sheets_with_a_duplicate_on_the_same_row(qtbot: QtBot, ui_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Row 2 of each sheet is a likely duplicate: each is decided for its own sheet."""
    from openpyxl import Workbook

    db, lead, ids = ui_db
    workspace = Workspace(db, lead)
    na = workspace.call(_person_of, ids["李娜"])
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for name, row in (("一组", ROWS[0]), ("二组", ROWS[1])):
        sheet = book.create_sheet(name)
        sheet.append(HEADER)
        sheet.append(row)
    path = tmp_path / "两组台账.xlsx"
    book.save(path)
    wizard = ImportWizard(workspace)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.file_page.file.setText(str(path))
    wizard.next()
    wizard.next()
    wizard.next()
    qtbot.waitUntil(wizard.dry_run_page.isComplete, timeout=30_000)
    wizard.next()
    page = wizard.duplicates_page
    assert list(page.models) == ["一组", "二组"] and page.sheet_box.isVisibleTo(page)
    assert page.model is page.models["一组"]
    page.decide(0, Decision.skip().action)
    assert page.undecided() == 1 and not page.isComplete()  # 二组's row 2 still waits
    page.show_sheet("二组")
    assert page.model is page.models["二组"] and page.model.candidates[0].row == 2
    page.decide(0, Decision.same_person(na).action)
    assert wizard.state.decisions == {
        ("一组", 2): Decision.skip(),
        ("二组", 2): Decision.same_person(na),
    }
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == ImportWizard.IMPORT, timeout=30_000)
    plan = wizard.state.plan
    assert plan is not None and (plan.imported, plan.attached, plan.skipped) == (1, 1, 1)


def test_a_row_of_another_sheet_is_named_with_its_sheet(qapp) -> None:  # type: ignore[no-untyped-def]
    """二组's row 3 may be 一组's row 2, its row 4 its own row 2: "same" says which sheet's."""
    model = ImportCandidatesTableModel()
    earlier_sheet = Candidate(
        row=3,
        score=60,
        reasons=["姓名同音"],
        name="王芳",
        other_row=2,
        sheet="二组",
        other_sheet="一组",
    )
    own_sheet = Candidate(
        row=4,
        score=60,
        reasons=["姓名同音"],
        name="赵敏",
        other_row=2,
        sheet="二组",
        other_sheet="二组",
    )
    model.set_candidates([earlier_sheet, own_sheet])
    assert "一组" in model.index(0, 2).data() and "二组" not in model.index(1, 2).data()
    model.decide(0, Decision.same_as_row(2).action)
    model.decide(1, Decision.same_as_row(2).action)
    assert model.decisions() == {3: Decision.same_as_row(2, "一组"), 4: Decision.same_as_row(2)}
