"""The case list as a Qt model that pages from the database.

Only the row count and the pages the view actually shows are fetched; at 100,000 cases a
screen costs one count and one page of PAGE rows, not the whole table. The count stops at
COUNT_CAP ("1000+"): scrolled to its end, the view asks for more (Qt's fetchMore), and the
count goes on to the next cap.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QObject, QPersistentModelIndex, Qt

from rescuedesk.reference.labels import ENUM_LABELS
from rescuedesk.services.casefile.case_queries import COUNT_CAP, CaseFilter, CaseRow
from rescuedesk.ui.table_models.flat_table_model import FlatTableModel

PAGE = 200
# (filter, sort, descending, offset, limit) -> rows; (filter, cap) -> count, cap + 1 at most
FetchPage = Callable[[CaseFilter, str, bool, int, int], Sequence[CaseRow]]
FetchCount = Callable[[CaseFilter, int], int]

STAGE_LABELS = ENUM_LABELS["Stage"]
SEX_LABELS = ENUM_LABELS["Sex"]


def chinese_date(day: dt.date | None) -> str:
    """2026年11月25日 (or the translation's order of the three numbers)."""
    if day is None:
        return ""
    return QCoreApplication.translate("fields", "{0}年{1}月{2}日").format(
        day.year, day.month, day.day
    )


def translated(labels: dict[str, str]) -> dict[str, str]:
    return {code: QCoreApplication.translate("fields", text) for code, text in labels.items()}


class CaseListTableModel(FlatTableModel):
    CONTEXT = "CaseListTableModel"
    COLUMNS = (
        ("case_number", "个案编号"),
        ("name", "姓名/化名"),
        ("sex", "性别"),
        ("stage", "阶段"),
        ("intake_date", "接收日期"),
        ("caseworker", "个案工作者"),
    )
    # The newest intake first: the order a user starts from, and one every role's first page
    # is read in cheaply (the intake-date index, walked from its end).
    DEFAULT_SORT = ("intake_date", True)

    def __init__(
        self, fetch_page: FetchPage, fetch_count: FetchCount, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._fetch_page = fetch_page
        self._fetch_count = fetch_count
        self._filter = CaseFilter()
        self._sort, self._descending = self.DEFAULT_SORT
        self._count = 0
        self._more = False  # the count stopped at its cap: there are more rows
        self.count_cap = COUNT_CAP
        self._pages: dict[int, Sequence[CaseRow]] = {}
        self.pages_fetched = 0
        self._active = False
        self._sex = translated(SEX_LABELS)
        self._stage = translated(STAGE_LABELS)

    # -- what the view asks --------------------------------------------------
    def row_total(self) -> int:
        return self._count

    def shown_total(self) -> str:
        """The count as the window says it: "1000+" while it stopped at its cap."""
        return f"{self._count}+" if self._more else str(self._count)

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: B008
        """The view reached the last row counted: count on, up to the next cap."""
        if not self.canFetchMore(parent):
            return
        before = self._count
        after = self._counted(before + self.count_cap)
        if after > before:
            self.beginInsertRows(QModelIndex(), before, after - 1)
            self._count = after
            self.endInsertRows()

    def default_sort(self) -> tuple[int, Qt.SortOrder]:
        """The column and order the view's header shows first: the view sorts by its own
        first (the case number, descending) otherwise, which walked the case-number index
        through the other units' cases before a supervisor's (most of the table)."""
        key, descending = self.DEFAULT_SORT
        column = [k for k, _ in self.COLUMNS].index(key)
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        return column, order

    def headers(self) -> list[str]:
        return [title for _, title in self.COLUMNS]

    def cell(self, number: int, column: int, role: int) -> Any:
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.UserRole):
            return None
        row = self.row_at(number)
        if role == Qt.ItemDataRole.UserRole:
            return row.case_id
        key = self.COLUMNS[column][0]
        if key == "name":
            return row.real_name or row.alias or ""
        if key == "sex":
            return self._sex.get(str(row.sex.value if hasattr(row.sex, "value") else row.sex), "")
        if key == "stage":
            return self._stage.get(row.stage.value, row.stage.value)
        if key == "intake_date":
            return chinese_date(row.intake_date)
        value = getattr(row, key)
        return "" if value is None else str(value)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self.COLUMNS[column][0]
        self._sort = "name" if key == "sex" else key
        self._descending = order == Qt.SortOrder.DescendingOrder
        if self._active:  # the view sorts once on creation, before anyone asked for data
            self.refresh()

    # -- what the window asks --------------------------------------------------
    def set_filter(self, f: CaseFilter) -> None:
        self._filter = f
        self.refresh()

    def refresh(self) -> None:
        self._active = True
        self.beginResetModel()
        self._pages.clear()
        try:
            self._count = self._counted(self.count_cap)
        except BaseException:  # the server went away: an empty list, the error to the window
            self._count, self._more = 0, False
            raise
        finally:
            self.endResetModel()

    def _counted(self, cap: int) -> int:
        found = self._fetch_count(self._filter, cap)
        self._more = found > cap
        return min(found, cap)

    def clear(self) -> None:
        """Forget every row (the idle lock): nothing personal stays in memory."""
        self._active = False
        self.beginResetModel()
        self._pages.clear()
        self._count = 0
        self._more = False
        self.endResetModel()

    def row_at(self, row: int) -> CaseRow:
        page = row // PAGE
        if page not in self._pages:
            self._pages[page] = self._fetch_page(
                self._filter, self._sort, self._descending, page * PAGE, PAGE
            )
            self.pages_fetched += 1
        rows = self._pages[page]
        return rows[row - page * PAGE]

    def case_id_at(self, row: int) -> int:
        return self.row_at(row).case_id
