"""The tables of family tracing (issue #15): a unit's inquiries, the ranked candidates of one
inquiry, and the inquiries one person may be sought by.

Reasons come as the matcher gives them: empty where the actor may not read the case, and
the row then says whom to ask (its caseworker) instead.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QIcon

from rescuedesk.services.tracing.inquiries import InquiryRow
from rescuedesk.services.tracing.matching import Candidate
from rescuedesk.ui.table_models.flat_table_model import FlatTableModel

CONTEXT = "MatchTableModel"
SEX = {"female": "女", "male": "男", "unknown": "不详"}
INQUIRY_STATUS = {"open": "查找中", "matched": "已确认相符", "closed": "已关闭"}
MATCH_STATUS = {"proposed": "待确认", "confirmed": "已确认", "dismissed": "已排除"}


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def reasons_text(candidate: Candidate) -> str:
    if candidate.readable:
        return "；".join(candidate.reasons)
    who = candidate.caseworker or tr("个案所属单位")
    return tr("无权查看此个案，理由不显示；请联系：{0}").format(who)


class InquiryTableModel(FlatTableModel):
    CONTEXT = CONTEXT
    HEADERS = ("查询编号", "收到日期", "查询人", "走失者", "性别", "出生年份", "走失地点", "状态",
               "候选人")  # fmt: skip

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[InquiryRow] = []
        self.counts: dict[int, int] = {}  # inquiry id -> candidates of its last run here

    def set_rows(self, rows: list[InquiryRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def set_count(self, inquiry_id: int, count: int) -> None:
        self.counts[inquiry_id] = count
        for i, row in enumerate(self.rows):
            if row.id == inquiry_id:
                cell = self.index(i, len(self.HEADERS) - 1)
                self.dataChanged.emit(cell, cell)

    def row_total(self) -> int:
        return len(self.rows)

    def headers(self) -> tuple[str, ...]:
        return self.HEADERS

    def marked(self, row: int, column: int) -> bool:
        return column == 7 and self.rows[row].status == "matched"

    def text(self, row: int, column: int) -> Any:
        r = self.rows[row]
        if column == 0:
            return r.inquiry_number
        if column == 1:
            return r.received_on.isoformat()
        if column == 2:
            relation = f"（{r.inquirer_relation}）" if r.inquirer_relation else ""
            return f"{r.inquirer_name or ''}{relation}"
        if column == 3:
            nick = f"（{'、'.join(r.nicknames)}）" if r.nicknames else ""
            return f"{r.missing_name or ''}{nick}"
        if column == 4:
            return tr(SEX.get(r.sex, r.sex))
        if column == 5:
            return str(r.birth_year) if r.birth_year else ""
        if column == 6:
            return r.missing_place or ""
        if column == 7:
            return tr(INQUIRY_STATUS.get(r.status, r.status))
        count = self.counts.get(r.id)
        return "" if count is None else str(count)


class MatchTableModel(FlatTableModel):
    """The candidates of one inquiry, best first."""

    CONTEXT = CONTEXT
    HEADERS = ("名次", "个案编号", "分数", "理由", "状态")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.candidates: list[Candidate] = []
        self.thumbnails: dict[int, QIcon] = {}  # case id -> its photo, where shown

    def set_candidates(self, candidates: list[Candidate]) -> None:
        self.beginResetModel()
        self.candidates = sorted(candidates, key=lambda c: c.rank)
        self.endResetModel()

    def clear(self) -> None:
        self.thumbnails = {}
        self.set_candidates([])

    def candidate(self, row: int) -> Candidate:
        return self.candidates[row]

    def row_total(self) -> int:
        return len(self.candidates)

    def headers(self) -> tuple[str, ...]:
        return self.HEADERS

    def marked(self, row: int, column: int) -> bool:
        return column == 4 and self.candidates[row].status == "proposed"

    def cell(self, row: int, column: int, role: int) -> Any:
        c = self.candidates[row]
        if role == Qt.ItemDataRole.DecorationRole and column == 1 and c.case_id is not None:
            return self.thumbnails.get(c.case_id)
        return super().cell(row, column, role)

    def text(self, row: int, column: int) -> Any:
        c = self.candidates[row]
        if column == 0:
            return c.rank
        if column == 1:
            return c.case_number or tr("（已清除）")
        if column == 2:
            return c.score
        if column == 3:
            return reasons_text(c)
        return tr(MATCH_STATUS.get(c.status, c.status))


class PersonMatchTableModel(FlatTableModel):
    """The open inquiries one person scores for (the case's 寻亲 page)."""

    CONTEXT = CONTEXT
    HEADERS = ("查询编号", "分数", "理由", "状态")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.candidates: list[Candidate] = []

    def set_candidates(self, candidates: list[Candidate]) -> None:
        self.beginResetModel()
        self.candidates = sorted(candidates, key=lambda c: -c.score)
        self.endResetModel()

    def row_total(self) -> int:
        return len(self.candidates)

    def headers(self) -> tuple[str, ...]:
        return self.HEADERS

    def text(self, row: int, column: int) -> Any:
        c = self.candidates[row]
        if column == 0:
            return c.inquiry_number
        if column == 1:
            return c.score
        if column == 2:
            return reasons_text(c)
        return tr(MATCH_STATUS.get(c.status, c.status))
