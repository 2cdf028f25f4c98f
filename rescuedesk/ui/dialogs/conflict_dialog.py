"""Another workstation saved the same record: both versions side by side, nothing lost.

Every field where the two versions differ gets a row: this user's value, the saved one, and
a choice. A field only the other side changed starts on theirs, one only this user changed
starts on "mine", and one both changed starts on "mine" and is marked, so merging by default
keeps both people's work. "保留我的" and "采用对方的" choose every row at once.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from rescuedesk.ui.forms.field_editors import display
from rescuedesk.ui.forms.specs import FieldSpec

MINE, THEIRS = "mine", "theirs"


class ConflictDialog(QDialog):
    def __init__(
        self,
        fields: tuple[FieldSpec, ...],
        base: dict[str, Any],
        mine: dict[str, Any],
        theirs: dict[str, Any],
        *,
        theirs_by: str = "",
        agencies: dict[int, str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("保存冲突：该记录已被他人修改"))
        self.setMinimumWidth(720)
        self.mine, self.theirs = mine, theirs
        shown = lambda f, v: display(f, v, agencies)  # noqa: E731
        self.rows: list[tuple[FieldSpec, QComboBox]] = []
        differing = [
            f for f in fields if shown(f, mine.get(f.name)) != shown(f, theirs.get(f.name))
        ]
        self.table = QTableWidget(len(differing), 4)
        self.table.setHorizontalHeaderLabels(
            [self.tr("字段"), self.tr("我的修改"), self.tr("已保存的版本"), self.tr("采用")]
        )
        self.table.verticalHeader().hide()
        both = QColor("#fff3cd")
        for row, spec in enumerate(differing):
            base_text = shown(spec, base.get(spec.name))
            mine_changed = shown(spec, mine.get(spec.name)) != base_text
            theirs_changed = shown(spec, theirs.get(spec.name)) != base_text
            cells = (
                self.tr(spec.label),
                shown(spec, mine.get(spec.name)),
                shown(spec, theirs.get(spec.name)),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if mine_changed and theirs_changed:
                    item.setBackground(both)
                    item.setToolTip(self.tr("双方都修改了这一项"))
                self.table.setItem(row, column, item)
            choice = QComboBox()
            choice.addItem(self.tr("我的"), MINE)
            choice.addItem(self.tr("已保存的"), THEIRS)
            choice.setCurrentIndex(1 if theirs_changed and not mine_changed else 0)
            self.table.setCellWidget(row, 3, choice)
            self.rows.append((spec, choice))
        self.table.resizeColumnsToContents()
        who = self.tr("（{0}保存）").format(theirs_by) if theirs_by else ""
        intro = QLabel(
            self.tr(
                "您编辑期间，这条记录已在另一台工作站被保存{0}。下面列出两边不同的字段："
                "请逐项选择采用哪一边，或全部保留您的修改、全部采用已保存的版本。"
            ).format(who)
        )
        intro.setWordWrap(True)
        keep_mine = QPushButton(self.tr("全部保留我的"))
        keep_mine.clicked.connect(lambda: self._choose_all(MINE))
        take_theirs = QPushButton(self.tr("全部采用已保存的"))
        take_theirs.clicked.connect(lambda: self._choose_all(THEIRS))
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(
            self.tr("按所选合并保存"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton(keep_mine, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(take_theirs, QDialogButtonBox.ButtonRole.ActionRole)
        cancel = buttons.addButton(
            self.tr("取消（继续编辑）"), QDialogButtonBox.ButtonRole.RejectRole
        )
        cancel.setToolTip(self.tr("不保存；您的输入仍留在表单中"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table)
        layout.addWidget(buttons)

    def _choose_all(self, side: str) -> None:
        for _spec, choice in self.rows:
            choice.setCurrentIndex(choice.findData(side))

    def choose(self, field: str, side: str) -> None:
        for spec, choice in self.rows:
            if spec.name == field:
                choice.setCurrentIndex(choice.findData(side))

    def differing_fields(self) -> list[str]:
        return [spec.name for spec, _choice in self.rows]

    def merged(self) -> dict[str, Any]:
        """The values to save over the saved version: mine, except where theirs was chosen."""
        result = dict(self.mine)
        for spec, choice in self.rows:
            if choice.currentData() == THEIRS:
                result[spec.name] = self.theirs.get(spec.name)
        return result
