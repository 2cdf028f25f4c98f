"""The import wizard's 可能重复 page: after the dry run, the user decides for each row that may
be a person already registered (or a person an earlier row registers): a new person, the same
person (the row's case joins the existing record), or skip the row.

Keyboard: arrows move through the candidates, Alt+1 / Alt+2 / Alt+3 decide, Alt+K skips every
row still undecided. A decision is for a row of one sheet: a workbook with likely duplicates on
several persons-and-cases sheets shows one sheet's at a time (a list to choose the sheet), each
in a table model of its own, so that row 5 of one sheet is never decided for another's row 5.
On 下一步 the whole file is checked again with the decisions (in the
background, nothing written): a decision can reveal a new duplicate (a row that is now a new
person may be repeated further down), which then appears here to be decided too.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from rescuedesk.ledger.decisions import Action, Decision, Key, key_text
from rescuedesk.services.ledger.ledger_file import import_file
from rescuedesk.services.ledger.ledger_import import Candidate, ImportResult
from rescuedesk.ui.dialogs.form_parts import error_label
from rescuedesk.ui.dialogs.import_wizard_pages import ImportState
from rescuedesk.ui.dialogs.import_wizard_run import _failure_text
from rescuedesk.ui.ops import BackgroundOp, Workspace, follow_progress, run_in_background
from rescuedesk.ui.table_models.import_candidates_table_model import (
    ImportCandidatesTableModel,
)

# The choice buttons' ids in their group are the actions' positions here.
ACTIONS = (Action.NEW, Action.SAME, Action.SKIP)


class DuplicatesPage(QWizardPage):
    def __init__(self, state: ImportState, workspace: Workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.state = state
        self.workspace = workspace
        self.op: BackgroundOp | None = None
        # The decisions the last check with decisions was run for (its result: state.decided).
        self._checked: dict[Key, Decision] | None = None
        self._pending: dict[Key, Decision] = {}  # the decisions the running check is for
        self.setTitle(self.tr("可能重复"))
        self.setSubTitle(
            self.tr(
                "这些行可能是已登记的受助人，或文件中前面某行的同一人。请逐行决定：新建受助人、"
                "同一人（个案并入已有档案），或跳过这一行。"
            )
        )
        # One model per sheet with candidates (a model keys its decisions by row number);
        # ``model`` is the one shown.
        self.models: dict[str, ImportCandidatesTableModel] = {}
        self.model = ImportCandidatesTableModel(self)
        self.sheet_label = QLabel(self.tr("工作表(&W)："))
        self.sheet_box = QComboBox()
        self.sheet_label.setBuddy(self.sheet_box)
        self.sheet_box.currentTextChanged.connect(self._sheet_chosen)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.new_button = QRadioButton(self.tr("新建受助人(&1)"))
        self.same_button = QRadioButton(self.tr("同一人（并入已有档案）(&2)"))
        self.skip_button = QRadioButton(self.tr("跳过(&3)"))
        self.choice = QButtonGroup(self)
        for i, button in enumerate((self.new_button, self.same_button, self.skip_button)):
            self.choice.addButton(button, i)
        self.choice.idClicked.connect(self._chosen)
        self.skip_rest = QPushButton(self.tr("未决定的全部跳过(&K)"))
        self.skip_rest.clicked.connect(self.skip_undecided)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setVisible(False)
        self.error = error_label()
        choices = QHBoxLayout()
        choices.addWidget(QLabel(self.tr("选中行的决定：")))
        choices.addWidget(self.new_button)
        choices.addWidget(self.same_button)
        choices.addWidget(self.skip_button)
        choices.addStretch(1)
        choices.addWidget(self.skip_rest)
        sheets = QHBoxLayout()
        sheets.addWidget(self.sheet_label)
        sheets.addWidget(self.sheet_box)
        sheets.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(sheets)
        layout.addWidget(self.table, 1)
        layout.addLayout(choices)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addWidget(self.error)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_choice())
        self._show_sheets()
        self.setTabOrder(self.table, self.new_button)
        self.setTabOrder(self.new_button, self.skip_rest)

    # -- the wizard ----------------------------------------------------------------------
    def isComplete(self) -> bool:
        return self.all_decided() and self.op is None

    def initializePage(self) -> None:
        dry = self.state.dry_run
        assert dry is not None
        self.state.decided = None
        self._checked = None
        self.error.clear()
        self.set_candidates(dry.candidates, self.state.decisions)
        self._remember()
        self._say()
        self._go_to_first_undecided()

    def cleanupPage(self) -> None:
        """Going back: stop a running check; the decisions stay for when the user returns."""
        self.cancel()
        self.op = None
        self.progress.setVisible(False)
        self.state.decided = None
        self._checked = None

    def validatePage(self) -> bool:
        """下一步: check the file again with the decisions; move on when nothing is left."""
        if self.op is not None:
            return False
        decisions = self.decisions()
        if self.state.decided is not None and self._checked == decisions:
            return True  # checked, its remaining problems shown, and the user goes on
        self.start(decisions)
        return False

    # -- the sheets -----------------------------------------------------------------------
    def set_candidates(self, candidates: list[Candidate], decisions: dict[Key, Decision]) -> None:
        """Each sheet's candidates in its own model, with the decisions taken for its rows."""
        by_sheet: dict[str, list[Candidate]] = {}
        for c in candidates:
            by_sheet.setdefault(c.sheet, []).append(c)
        for name in set(self.models) - set(by_sheet):
            self.models.pop(name).deleteLater()
        for name, mine in by_sheet.items():
            model = self.models.get(name) or ImportCandidatesTableModel(self)
            earlier = {
                k[1]: d for k, d in decisions.items() if isinstance(k, tuple) and k[0] == name
            }
            model.set_candidates(mine, earlier)
            self.models[name] = model
        self.models = {name: self.models[name] for name in by_sheet}  # in file order
        self._show_sheets()

    def _show_sheets(self) -> None:
        several = len(self.models) > 1
        self.sheet_label.setVisible(several)
        self.sheet_box.setVisible(several)
        self.sheet_box.blockSignals(True)
        self.sheet_box.clear()
        self.sheet_box.addItems(list(self.models))
        self.sheet_box.blockSignals(False)
        if self.models:
            self.show_sheet(next(iter(self.models)))

    def show_sheet(self, name: str) -> None:
        if self.models.get(name) is None:
            return
        if self.sheet_box.currentText() != name:
            self.sheet_box.setCurrentText(name)  # comes back here through _sheet_chosen
            return
        self._sheet_chosen(name)

    def _sheet_chosen(self, name: str) -> None:
        model = self.models.get(name)
        if model is None or model is self.table.model():
            return
        self.model = model
        self.table.setModel(model)  # a new selection model: follow its current row
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_choice())
        if model.candidates:
            self.select(0)
        self._show_choice()

    def all_decided(self) -> bool:
        return all(m.all_decided() for m in self.models.values())

    def undecided(self) -> int:
        return sum(m.undecided() for m in self.models.values())

    def decisions(self) -> dict[Key, Decision]:
        """Every sheet's decisions, by (sheet, row)."""
        return {
            (name, row): d for name, m in self.models.items() for row, d in m.decisions().items()
        }

    def _where(self, sheet: str, row: int) -> str:
        """A row as the messages name it: its sheet too when there are several."""
        return key_text((sheet, row)) if len(self.models) > 1 else str(row)

    # -- deciding ------------------------------------------------------------------------
    def current(self) -> int:
        return self.table.currentIndex().row()

    def select(self, index: int) -> None:
        self.table.selectionModel().setCurrentIndex(
            self.model.index(index, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )

    def decide(self, index: int, action: Action) -> None:
        """The decision for candidate line ``index`` (and so for its row of the file)."""
        if action == Action.NEW and not self.model.new_allowed(self.model.candidates[index].row):
            return
        self.model.decide(index, action)
        self._decisions_changed()
        if index == self.current():
            self._show_choice()

    def skip_undecided(self) -> None:
        if sum([m.skip_undecided() for m in self.models.values()]):
            self._decisions_changed()
            self._show_choice()
        self.table.setFocus()

    def _chosen(self, button_id: int) -> None:
        index = self.current()
        if index >= 0:
            self.decide(index, ACTIONS[button_id])
        self.table.setFocus()  # back to the list: arrows go on to the next candidate

    def _show_choice(self) -> None:
        index = self.current()
        has_row = index >= 0
        for button in self.choice.buttons():
            button.setEnabled(has_row)
        if has_row:
            self.new_button.setEnabled(self.model.new_allowed(self.model.candidates[index].row))
        action = self.model.action_at(index) if has_row else None
        self.choice.setExclusive(False)  # so that no button at all can be checked
        for i, button in enumerate((self.new_button, self.same_button, self.skip_button)):
            button.setChecked(action == ACTIONS[i])
        self.choice.setExclusive(True)

    def _decisions_changed(self) -> None:
        self._remember()
        self.state.decided = None
        self.error.clear()
        self._say()
        self.completeChanged.emit()

    def _remember(self) -> None:
        self.state.decisions = self.decisions()

    def _say(self, first: str = "") -> None:
        rows = sum(len(m.choices) for m in self.models.values())
        candidates = sum(len(m.candidates) for m in self.models.values())
        text = self.tr("{0} 行可能重复（{1} 个候选），还有 {2} 行未决定。").format(
            rows, candidates, self.undecided()
        )
        self.status.setText(f"{first}{text}")
        self.skip_rest.setEnabled(self.undecided() > 0)

    def _go_to_first_undecided(self) -> None:
        for name, model in self.models.items():
            line = next(
                (i for i, c in enumerate(model.candidates) if model.choices.get(c.row) is None),
                None,
            )
            if line is not None:
                self.show_sheet(name)
                self.select(line)
                break
        else:
            if self.models:
                self.show_sheet(next(iter(self.models)))
        self._show_choice()
        self.table.setFocus()

    # -- checking with the decisions -----------------------------------------------------
    @property
    def running(self) -> bool:
        return self.op is not None

    def start(self, decisions: dict[Key, Decision]) -> None:
        path, mapping = self.state.path, dict(self.state.mapping)

        def work(session, actor, progress):  # type: ignore[no-untyped-def]
            return import_file(
                session,
                actor,
                path,
                mapping=mapping,
                dry_run=True,
                decisions=decisions,
                progress=progress,
            )

        op = BackgroundOp(self.workspace, work)
        follow_progress(op, self.progress)
        op.signals.finished.connect(self._finished)
        op.signals.failed.connect(self._failed)
        self.op = op
        self._pending = decisions
        self.error.clear()
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self.status.setText(self.tr("正在按您的决定重新检查整个文件…"))
        self.completeChanged.emit()
        run_in_background(op)

    def cancel(self) -> None:
        if self.op is not None:
            self.op.cancel()

    def _current_op(self) -> bool:
        return self.op is not None and self.sender() is self.op.signals

    def _failed(self, exc: Exception) -> None:
        if not self._current_op():
            return
        self.op = None
        self.progress.setVisible(False)
        self._say()
        self.error.setText(_failure_text(exc, self.tr("已取消检查。")))
        self.completeChanged.emit()

    def _finished(self, result: ImportResult) -> None:
        if not self._current_op():
            return
        self.op = None
        self.progress.setVisible(False)
        decisions = self._pending
        fresh = list(
            dict.fromkeys(
                (c.sheet, c.row) for c in result.candidates if (c.sheet, c.row) not in decisions
            )
        )
        if fresh:
            # A row decided "new" may be repeated further down: those rows need a decision too.
            self.set_candidates(result.candidates, decisions)
            self._remember()
            self._say(
                self.tr("按这些决定检查后，又有 {0} 行可能重复（第 {1} 行），请决定。").format(
                    len(fresh), "、".join(self._where(*key) for key in fresh)
                )
            )
            self._go_to_first_undecided()
            self.completeChanged.emit()
            return
        self.state.decided = result
        self._checked = decisions
        self._say()
        left = [
            p
            for p in result.problems
            if (p.sheet, p.row) in decisions and decisions[(p.sheet, p.row)].action != Action.SKIP
        ]
        self.completeChanged.emit()
        if left:
            lines = "\n".join(
                self.tr("第 {0} 行：{1}").format(self._where(p.sheet, p.row), p.message)
                for p in left[:10]
            )
            self.error.setText(
                self.tr(
                    "按您的决定，这些行仍不能导入：\n{0}\n可以改变决定；"
                    "再按“下一步”则继续，这些行不导入。"
                ).format(lines)
            )
            return
        self.wizard().next()
