"""What the program's tables answer alike: rows without children, columns named by headers
translated in the table's own context, and the red that marks a problem.

Each table then says only what is its own: how many rows, what its columns are called, and
what a cell shows for a role.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

# The red of an undecided row, a problem and a refused value, the same in every table.
PROBLEM_RED = "#b00020"


def problem_brush() -> QBrush:
    return QBrush(QColor(PROBLEM_RED))


class FlatTableModel(QAbstractTableModel):
    """A table, not a tree: the subclass gives ``row_total``, ``headers``, ``text`` (or
    ``cell`` when roles other than the text matter), and ``marked`` if some cells show in red."""

    CONTEXT = "fields"  # where the headers are translated (the subclass names its own)

    def row_total(self) -> int:
        raise NotImplementedError

    def headers(self) -> Sequence[str]:
        """The columns' names as written in the source, translated when shown."""
        raise NotImplementedError

    def cell(self, row: int, column: int, role: int) -> Any:
        """What a valid index shows for ``role`` (None: nothing); the red is ``marked``'s.

        By default the cell's ``text``, and the same as its tooltip: a long reason or
        message cut off by the column's width can still be read."""
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.text(row, column)
        return None

    def text(self, row: int, column: int) -> Any:
        """The cell's text (a table that overrides ``cell`` need not say)."""
        raise NotImplementedError

    def marked(self, row: int, column: int) -> bool:
        """Whether the cell's text shows in red (a problem, a decision still to take)."""
        return False

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.row_total()

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers())

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate(self.CONTEXT, self.headers()[section])
        return None

    def data(
        self,
        index: QModelIndex | QPersistentModelIndex,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.ForegroundRole and self.marked(index.row(), index.column()):
            return problem_brush()
        return self.cell(index.row(), index.column(), role)
