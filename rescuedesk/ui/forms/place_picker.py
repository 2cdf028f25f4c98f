"""A place as people say it: typed (文山州, 百色, wenshan, 宜宾县, 532600) and chosen from a
ranked list, or browsed province → city → county; what is kept is the 6-digit code.

The list is a QCompleter on its own model, attached with ``setWidget`` rather than
``QLineEdit.setCompleter``: the line edit then keeps what was typed while the arrow keys move
through the list, and only a choice (Enter, a click) replaces it with the place's full path.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from rescuedesk.reference import divisions, places

CODE_ROLE = Qt.ItemDataRole.UserRole
LIST_LENGTH = 12


def tr(text: str) -> str:
    # The forms' context, where scripts/update_translations.py puts module-level tr() strings.
    return QCoreApplication.translate("fields", text)


def shown(code: str) -> str:
    """What the box shows for a stored code: its full path, or the code when the table does
    not know it (an old record), so it is never hidden."""
    return places.path(code) or code


def row_text(match: places.PlaceMatch) -> str:
    """A row of the list: the path, and for a former name what it is called today."""
    if match.rank == places.FORMER_NAME:
        return f"{match.path}　（{match.why}）"
    return match.path


def _best(text: str) -> list[places.PlaceMatch]:
    """The places ``text`` names equally well (文山: the prefecture and the city)."""
    found = places.exact(text)
    return [m for m in found if m.rank == found[0].rank] if found else []


def _single(text: str) -> str | None:
    """The code of the one place ``text`` names, if it names one."""
    best = _best(text)
    return best[0].code if len(best) == 1 else None


class PlacePicker(QWidget):
    """``code()`` is the chosen place (None when empty); ``problem()`` says why the text left
    in the box is not a place; ``changed`` fires on every edit and choice."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._code: str | None = None
        self._problem: str | None = None
        self.edit = QLineEdit()
        self.edit.setObjectName("place_text")
        self.edit.setPlaceholderText(tr("地名、简称、拼音或代码，如 文山州、百色、wenshan"))
        self.edit.setClearButtonEnabled(True)
        self.browse_button = QPushButton(tr("浏览…"))
        self.browse_button.setToolTip(tr("按 省 → 市 → 县 选择（F4）"))
        self.browse_button.setAutoDefault(False)  # Enter in the box chooses, not browses
        self.browse_button.clicked.connect(self.browse)
        self.problem_label = QLabel()
        self.problem_label.setObjectName("place_problem")
        self.problem_label.setStyleSheet("color: #b00020")
        self.problem_label.setWordWrap(True)
        self.problem_label.hide()
        self.model = QStandardItemModel(self)
        self.completer = QCompleter(self.model, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setMaxVisibleItems(LIST_LENGTH)
        self.completer.setWidget(self.edit)
        self.completer.activated[QModelIndex].connect(self._activated)
        self.list = self.completer.popup()
        self.list.setObjectName("place_list")
        # Installed after the completer's own filter, so it sees Enter first.
        self.list.installEventFilter(self)
        self.edit.installEventFilter(self)  # Down reopens the list, F4 browses
        self.edit.textEdited.connect(self._typed)
        self.edit.editingFinished.connect(self.commit)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.browse_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.problem_label)
        self.setFocusProxy(self.edit)

    # -- what the form reads and sets ---------------------------------------------------------

    def code(self) -> str | None:
        return self._code

    def problem(self) -> str | None:
        return self._problem

    def value(self) -> str | None:
        """What a service gets: the code, or the text that names no single place as it was
        typed, so that the service refuses it rather than the field being saved empty.
        Changes nothing on screen: the forms ask for it as the user types, to check."""
        text = self.edit.text().strip()
        if not text:
            return None
        if self._code is not None and text == shown(self._code):
            return self._code
        return _single(text) or text

    def set_code(self, code: str | None) -> None:
        """Show a stored code (or nothing); not a user's edit, so ``changed`` stays quiet.
        Text that is no code (a draft kept while it named no place) is shown as typed,
        with its problem."""
        if code and not divisions.is_well_formed(code):
            self._code = None
            self.edit.setText(code)
            self.blockSignals(True)
            self.commit()
            self.blockSignals(False)
            return
        self._code = code or None
        self.edit.setText(shown(code) if code else "")
        self._set_problem(None)

    def choose(self, code: str | None) -> None:
        """The user's choice: kept, shown as its full path, and told."""
        self.set_code(code)
        self.completer.popup().hide()
        self.changed.emit()

    # -- typing and choosing ------------------------------------------------------------------

    def matches(self) -> list[places.PlaceMatch]:
        """The rows of the list, best first."""
        return [self.model.item(row).data(CODE_ROLE + 1) for row in range(self.model.rowCount())]

    def _typed(self, text: str) -> None:
        self._set_problem(None)
        self.model.clear()
        for match in places.resolve(text, limit=LIST_LENGTH * 2):
            item = QStandardItem(row_text(match))
            item.setData(match.code, CODE_ROLE)
            item.setData(match, CODE_ROLE + 1)
            item.setToolTip(tr("{0}（{1}）").format(match.code, match.why))
            item.setEditable(False)
            self.model.appendRow(item)
        if self.model.rowCount():
            self._open_list()
        else:
            self.list.hide()
        self.changed.emit()

    def _activated(self, index: QModelIndex) -> None:
        self.choose(index.data(CODE_ROLE))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        key = event.key()
        if (
            watched is self.list
            and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self.model.rowCount()
        ):
            index = self.list.currentIndex()
            row = index.row() if index.isValid() else 0  # nothing marked: the best one
            self.choose(self.model.item(row).data(CODE_ROLE))
            return True
        if watched is self.edit and key == Qt.Key.Key_F4:
            self.browse()
            return True
        if watched is self.edit and key == Qt.Key.Key_Down and self.model.rowCount():
            self._open_list()  # closed with Escape: the same list again
            return True
        return False

    def _open_list(self) -> None:
        # As wide as its longest row (a former name's note), not only as the box.
        self.list.setMinimumWidth(
            min(self.list.sizeHintForColumn(0) + 2 * self.list.frameWidth() + 24, 640)
        )
        self.completer.complete()
        self.list.setCurrentIndex(self.completer.completionModel().index(0, 0))

    def commit(self) -> None:
        """The text left in the box when the user moves on: a single place it names exactly
        is taken; anything else is shown as a problem, never kept silently or dropped."""
        text = self.edit.text().strip()
        if not text:
            if self._code is not None:
                self._code = None
                self.changed.emit()
            self._set_problem(None)
            return
        if self._code is not None and text == shown(self._code):
            self._set_problem(None)
            return
        single = _single(text)
        if single is not None:
            self.choose(single)
            return
        named = _best(text)
        if named:
            self._set_problem(
                tr("“{0}”可指{1}个地点，请从列表中选择一个。").format(text, len(named))
            )
            return
        near = places.nearest(text)
        if near is not None:
            self._set_problem(
                tr("没有叫“{0}”的地点。是否指 {1}？请从列表中选择。").format(text, near.path)
            )
        else:
            self._set_problem(tr("没有叫“{0}”的地点，请从列表中选择或点“浏览…”。").format(text))

    def _set_problem(self, problem: str | None) -> None:
        self._problem = problem
        self.problem_label.setText(problem or "")
        self.problem_label.setVisible(problem is not None)
        self.edit.setStyleSheet("QLineEdit { border: 1px solid #b00020; }" if problem else "")

    def browse(self) -> None:
        dialog = PlaceBrowser(self._code, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.code() is not None:
            self.choose(dialog.code())
        self.edit.setFocus()


class PlaceBrowser(QDialog):
    """Province, city and county side by side; the place chosen is the one furthest down
    that is marked, so a province or a city can be chosen as well as a county."""

    def __init__(self, code: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("选择地点"))
        self.resize(640, 420)
        self.provinces = QListWidget()
        self.cities = QListWidget()
        self.counties = QListWidget()
        self.lists = (self.provinces, self.cities, self.counties)
        self.chosen = QLabel()
        grid = QGridLayout()
        for column, (title, widget) in enumerate(zip(("省", "市", "县"), self.lists, strict=True)):
            heading = QLabel(tr(title))
            heading.setBuddy(widget)
            grid.addWidget(heading, 0, column)
            grid.addWidget(widget, 1, column)
            widget.itemDoubleClicked.connect(self._double_clicked)
        self.provinces.currentItemChanged.connect(lambda item, _: self._fill(self.cities, item))
        self.cities.currentItemChanged.connect(lambda item, _: self._fill(self.counties, item))
        self.counties.currentItemChanged.connect(lambda *_: self._show_chosen())
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("选择"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.chosen)
        layout.addWidget(buttons)
        self._fill(self.provinces, None)
        if code and divisions.is_known(code):
            self.select(code)
        self.provinces.setFocus()

    def _fill(self, target: QListWidget, parent: QListWidgetItem | None) -> None:
        """The units under ``parent``'s place (the provinces when ``target`` is the first)."""
        below = self.lists[self.lists.index(target) + 1 :]
        for widget in (target, *below):
            widget.blockSignals(True)
            widget.clear()
            widget.blockSignals(False)
        if target is self.provinces:
            codes = divisions.children(None)
        elif parent is None:
            codes = ()
        else:
            codes = divisions.children(parent.data(CODE_ROLE))
        for code in codes:
            item = QListWidgetItem(divisions.name(code) or code)
            item.setData(CODE_ROLE, code)
            item.setToolTip(code)
            target.addItem(item)
        self._show_chosen()

    def select(self, code: str) -> None:
        """Mark ``code`` and the units above it."""
        steps = [divisions.province_code(code), divisions.prefecture_code(code), code]
        for widget in self.lists:
            for row in range(widget.count()):
                if widget.item(row).data(CODE_ROLE) in steps:
                    widget.setCurrentRow(row)  # fills the next list
                    widget.scrollToItem(widget.item(row), QListWidget.ScrollHint.PositionAtCenter)
                    break

    def code(self) -> str | None:
        for widget in reversed(self.lists):
            item = widget.currentItem()
            if item is not None:
                return item.data(CODE_ROLE)
        return None

    def _show_chosen(self) -> None:
        code = self.code()
        self.chosen.setText(tr("选中：{0}").format(shown(code)) if code else "")

    def _double_clicked(self, item: QListWidgetItem) -> None:
        if not divisions.children(item.data(CODE_ROLE)):  # a county: nothing further down
            self.accept()
