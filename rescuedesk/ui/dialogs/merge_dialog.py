"""合并受助人…: two records of one person, side by side; the user chooses the one to keep and
gives a reason. Every case of the other record moves to it (services.people.person_merge), and the
merge can be undone from the case tab."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from rescuedesk.errors import DomainError
from rescuedesk.reference import divisions, places
from rescuedesk.reference.ethnicities import ETHNICITIES
from rescuedesk.reference.labels import enum_label
from rescuedesk.services.people import person_merge
from rescuedesk.services.people.person_merge import PersonCard
from rescuedesk.ui.dialogs.form_parts import error_label, ok_cancel
from rescuedesk.ui.forms.field_editors import tr
from rescuedesk.ui.ops import Workspace, person_changed

ROWS = ("姓名", "化名", "性别", "出生日期", "身份证号", "户籍地", "民族", "个案")


def _values(card: PersonCard) -> list[str]:
    birth = card.birth_date.isoformat() if card.birth_date else ""
    if not birth and card.birth_year_estimated:
        birth = tr("{0}（估计）").format(card.birth_year_estimated)
    code = card.household_registration_code or ""
    # By name, with the code beside it: two records of one place may differ in the code only.
    place = (
        f"{places.display(code)}（{code}）" if divisions.is_known(code) else places.display(code)
    )
    ethnicity = ETHNICITIES.get(card.ethnicity or "", card.ethnicity or "")
    return [
        card.real_name or "",
        card.alias or "",
        tr(enum_label(card.sex)),
        birth,
        card.id_number or "",
        place,
        ethnicity,
        "、".join(card.case_numbers),
    ]


class MergePersonsDialog(QDialog):
    """``cards``: the two records (an audited read:
    services.people.person_merge.persons_for_merge)."""

    def __init__(
        self, workspace: Workspace, cards: Sequence[PersonCard], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.cards = list(cards)
        self.merged = False
        self.setWindowTitle(self.tr("合并受助人"))
        intro = QLabel(
            self.tr(
                "两份档案是同一人时才合并。被合并档案的全部个案、回访和经过都转到保留的档案，"
                "合并记录写明谁在何时合并了什么，以后可以在个案页撤销。"
            )
        )
        intro.setWordWrap(True)
        grid = QGridLayout()
        self.keep_buttons = [
            QRadioButton(self.tr("保留这份（编号 {0}）(&{1})").format(c.person_id, i + 1))
            for i, c in enumerate(self.cards)
        ]
        self.group = QButtonGroup(self)
        for i, button in enumerate(self.keep_buttons):
            self.group.addButton(button, i)
            grid.addWidget(button, 0, i + 1)
        self.cells: list[list[QLabel]] = [[], []]
        for row, title in enumerate(ROWS, start=1):
            grid.addWidget(QLabel(self.tr(title)), row, 0)
            for column, card in enumerate(self.cards):
                value = _values(card)[row - 1]
                label = QLabel(value or "—")
                label.setWordWrap(True)
                self.cells[column].append(label)
                grid.addWidget(label, row, column + 1)
        # Where the two records disagree, in bold: what the user compares.
        for row in range(len(ROWS) - 1):
            a, b = self.cells[0][row].text(), self.cells[1][row].text()
            if a != b and "—" not in (a, b):
                for column in (0, 1):
                    self.cells[column][row].setStyleSheet("font-weight: bold")
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        self.keep_error = error_label()  # the service's word on the choice
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("为什么是同一人，例如：身份证号、照片、本人确认"))
        reason_label = QLabel(self.tr("合并理由(&R)："))
        reason_label.setBuddy(self.reason)
        self.reason_error = error_label()
        self.error = error_label()
        self.buttons = ok_cancel(self, self.tr("合并"), self.merge)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(grid)
        layout.addWidget(self.keep_error)
        layout.addWidget(reason_label)
        layout.addWidget(self.reason)
        layout.addWidget(self.reason_error)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.group.idToggled.connect(lambda _id, on: on and self._check_choice())
        # The record with the ID number is proposed; otherwise the one with more cases.
        proposed = max(
            range(2),
            key=lambda i: (bool(self.cards[i].id_number), len(self.cards[i].case_numbers), -i),
        )
        self.keep_buttons[proposed].setChecked(True)
        self.reason.setFocus()

    @property
    def keep(self) -> PersonCard:
        return self.cards[self.group.checkedId()]

    @property
    def absorb(self) -> PersonCard:
        return self.cards[1 - self.group.checkedId()]

    def choose(self, index: int) -> None:
        self.keep_buttons[index].setChecked(True)

    def _check_choice(self) -> None:
        problem = self.workspace.check(
            person_merge.keep_problem, self.keep.person_id, self.absorb.person_id
        )
        self.keep_error.setText(problem or "")
        self._ok().setEnabled(problem is None)

    def _ok(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def merge(self) -> None:
        self.reason_error.clear()
        self.error.clear()
        try:
            self.workspace.call(
                person_merge.merge_persons,
                self.keep.person_id,
                self.absorb.person_id,
                self.reason.text(),
            )
        except DomainError as exc:
            if exc.field == "reason":
                self.reason_error.setText(exc.message)
                self.reason.setFocus()
            else:
                self.error.setText(exc.message)
            return
        self.merged = True
        # Every open case of either person shows the kept record, and the lists follow.
        self.workspace.changes.tell(
            [person_changed(self.keep.person_id), person_changed(self.absorb.person_id)]
        )
        self.accept()
