"""The problems a dry run found: row number, column, kind (problem or hint) and message, in
the order of the file, as in the FILE.problems.xlsx the command line writes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QObject

from rescuedesk.services.ledger.ledger_import import ImportResult, Problem
from rescuedesk.ui.table_models.flat_table_model import FlatTableModel

CONTEXT = "ImportProblemsTableModel"
HEADERS = ("行号", "列", "类型", "说明")


class ImportProblemsTableModel(FlatTableModel):
    CONTEXT = CONTEXT

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

    def row_total(self) -> int:
        return len(self.items)

    def headers(self) -> tuple[str, ...]:
        return HEADERS

    def marked(self, row: int, column: int) -> bool:
        return column == 2 and not self.items[row][1]  # the kind of a problem, not of a hint

    def text(self, row: int, column: int) -> Any:
        problem, hint = self.items[row]
        if column == 0:
            return problem.row
        if column == 1:
            return problem.column
        if column == 2:
            return QCoreApplication.translate(CONTEXT, "提示" if hint else "问题")
        return problem.message
