"""The problems a dry run found: row number, column, kind (problem or hint) and message, in
the order of the file, as in the FILE.problems.xlsx the command line writes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from rescuedesk.services.ledger.ledger_import import ImportResult, Problem

CONTEXT = "ImportProblemsTableModel"
HEADERS = ("行号", "列", "类型", "说明")


class ImportProblemsTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.items: list[tuple[Problem, bool]] = []  # (problem, is a hint only)

    def set_result(self, result: ImportResult | None) -> None:
        self.beginResetModel()
        if result is None:
            self.items = []
        else:
            items = [(p, False) for p in result.problems] + [(w, True) for w in result.warnings]
            # Stable sort: a row's problems stay before its hints.
            self.items = sorted(items, key=lambda item: item[0].row)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate(CONTEXT, HEADERS[section])
        return None

    def data(
        self,
        index: QModelIndex | QPersistentModelIndex,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if not index.isValid():
            return None
        problem, hint = self.items[index.row()]
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 2 and not hint:
            return QBrush(QColor("#b00020"))
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if index.column() == 0:
            return problem.row
        if index.column() == 1:
            return problem.column
        if index.column() == 2:
            return QCoreApplication.translate(CONTEXT, "提示" if hint else "问题")
        return problem.message
