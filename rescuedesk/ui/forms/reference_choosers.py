"""Choosing a nationality or languages by name (issue #13): 越南, yuenan, Vietnam or VNM.

An editable drop-down of a ranked list (中国 or 汉语 first, then those the work meets most,
then all others by pinyin) whose pop-up narrows to the entries matching what is typed, by
Chinese name, pinyin or its initials, English name or code. Stored values stay codes; what is
typed and matches no entry is handed on as typed (a dialect, or for the service to refuse).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from rescuedesk.reference import languages, nationalities


class Entry(Protocol):
    code: str
    name: str

    def matches(self, typed: str) -> bool: ...


def tr(text: str) -> str:
    return QCoreApplication.translate("fields", text)


class _Matching(QSortFilterProxyModel):
    """The rows of the drop-down whose entry matches what is typed (in any of its spellings)."""

    def __init__(self, entries: Sequence[Entry], parent: QObject) -> None:
        super().__init__(parent)
        self.entries = entries
        self.typed = ""

    def set_typed(self, typed: str) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.10 on; invalidateFilter is deprecated
            self.beginFilterChange()
            self.typed = typed.strip()
            self.endFilterChange()
        else:
            self.typed = typed.strip()
            self.invalidateFilter()

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        if not self.typed:
            return True
        return 0 <= source_row < len(self.entries) and self.entries[source_row].matches(self.typed)


class NameChooser(QComboBox):
    """One code out of a ranked list, chosen or typed by name."""

    def __init__(
        self,
        entries: Sequence[Entry],
        resolve: Callable[[str], str | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.entries = entries
        self.resolve = resolve
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)  # Enter must not add an entry
        self.setMaxVisibleItems(15)
        for entry in entries:
            self.addItem(entry.name, entry.code)
        self.matching = _Matching(entries, self)
        self.matching.setSourceModel(self.model())
        completer = QCompleter(self.matching, self)
        # The proxy does the matching (pinyin, English, codes); the completer only shows it.
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompleter(completer)
        line = self.lineEdit()
        assert line is not None
        line.textEdited.connect(self._typed)
        line.editingFinished.connect(self._settle)

    def _typed(self, text: str) -> None:
        self.matching.set_typed(text)
        completer = self.completer()
        if text.strip() and completer is not None:
            completer.complete()

    def _settle(self) -> None:
        """ "yuenan" or "VNM" typed and left shows as 越南."""
        code = self.code()
        index = self.findData(code) if code else -1
        if index >= 0 and self.currentText() != self.itemText(index):
            self.setCurrentIndex(index)

    def code(self) -> str | None:
        """The code of what is shown; text no entry matches as typed; None when empty."""
        text = self.currentText().strip()
        if not text:
            return None
        if self.currentIndex() >= 0 and text == self.itemText(self.currentIndex()):
            return str(self.currentData())
        return self.resolve(text) or text

    def set_code(self, code: str | None) -> None:
        index = self.findData(code) if code else -1
        if index >= 0:
            self.setCurrentIndex(index)
        else:
            self.setCurrentIndex(-1)
            self.setEditText(code or "")


def nationality_chooser(parent: QWidget | None = None) -> NameChooser:
    chooser = NameChooser(nationalities.ranked(), nationalities.code_for, parent)
    chooser.setObjectName("nationality_chooser")
    line = chooser.lineEdit()
    if line is not None:
        line.setPlaceholderText(tr("输入国名、拼音或代码，如 越南、yuenan、VNM"))
    return chooser


class LanguagesChooser(QWidget):
    """Several languages: picked from the ranked list or typed (a dialect such as 四川话)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chooser = NameChooser(languages.ranked(), languages.code_for)
        self.chooser.setObjectName("language_chooser")
        self.chooser.set_code(None)
        line = self.chooser.lineEdit()
        assert line is not None
        line.setPlaceholderText(tr("输入语言或方言，如 越南语、粤语、四川话"))
        line.returnPressed.connect(self.add_typed)
        self.add_button = QPushButton(tr("添加语言"))
        self.add_button.clicked.connect(self.add_typed)
        self.chosen = QListWidget()
        self.chosen.setObjectName("languages_chosen")
        self.chosen.setFlow(QListWidget.Flow.LeftToRight)
        self.chosen.setWrapping(True)
        self.chosen.setMaximumHeight(56)
        self.chosen.setToolTip(tr("双击一项即移除"))
        self.chosen.itemDoubleClicked.connect(self._remove)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.chooser, 1)
        row.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.chosen)

    def add_typed(self) -> None:
        code = self.chooser.code()
        if code:
            self._add(code)
        self.chooser.set_code(None)

    def _add(self, code: str) -> None:
        if code in self._codes():
            return
        item = QListWidgetItem(languages.name(code))
        item.setData(Qt.ItemDataRole.UserRole, code)
        self.chosen.addItem(item)
        self.changed.emit()

    def _remove(self, item: QListWidgetItem) -> None:
        self.chosen.takeItem(self.chosen.row(item))
        self.changed.emit()

    def _codes(self) -> list[str]:
        return [
            self.chosen.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.chosen.count())
        ]

    def codes(self) -> list[str]:
        """The chosen languages, and one still typed in the box but not yet added."""
        out = self._codes()
        pending = self.chooser.code()
        if pending and pending not in out:
            out.append(pending)
        return out

    def set_codes(self, codes: Any) -> None:
        self.chosen.clear()
        self.chooser.set_code(None)
        for code in codes or []:
            if isinstance(code, str) and code:
                self._add(code)
