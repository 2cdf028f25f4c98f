"""The likely duplicates (可能重复) a dry run found, one line per candidate, with the decision
the user took for the candidate's row of the file.

A decision belongs to a row of the file, not to a candidate: "new" and "skip" apply to every
candidate of the row, "same" names one of them (the others of the row then show that the row
went to another candidate).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject

from rescuedesk.ledger.decisions import Action, Decision
from rescuedesk.services.ledger.ledger_import import Candidate
from rescuedesk.services.people.duplicates import THRESHOLD
from rescuedesk.ui.table_models.flat_table_model import FlatTableModel

CONTEXT = "ImportCandidatesTableModel"
HEADERS = ("行号", "文件中的姓名", "可能是", "分数", "理由", "已有个案", "决定")
DECISION_COLUMN = len(HEADERS) - 1
UNDECIDED = "未决定"
LABELS = {
    Action.NEW: "新建受助人",
    Action.SAME: "同一人（并入已有档案）",
    Action.SKIP: "跳过",
}
OTHER_CANDIDATE = "同一人（并入本行的另一候选）"


def _t(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def same_as(candidate: Candidate) -> Decision:
    """ "The same person" as this candidate: the registered person, or an earlier row's
    (of an earlier sheet named, so that it is not taken for this sheet's row)."""
    if candidate.other_row is not None:
        other = candidate.other_sheet
        return Decision.same_as_row(
            candidate.other_row, other if other != candidate.sheet else None
        )
    assert candidate.person_id is not None
    return Decision.same_person(candidate.person_id)


def default_decision(candidates: Iterable[Candidate]) -> Decision | None:
    """Nothing for a likely duplicate (the user must decide), "new" for a weaker one."""
    return None if max(c.score for c in candidates) >= THRESHOLD else Decision.new()


class ImportCandidatesTableModel(FlatTableModel):
    CONTEXT = CONTEXT

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.candidates: list[Candidate] = []
        self.choices: dict[int, Decision | None] = {}  # file row -> decision (None: undecided)

    # -- contents ------------------------------------------------------------------------
    def set_candidates(
        self, candidates: list[Candidate], earlier: dict[int, Decision] | None = None
    ) -> None:
        """Show these candidates; a row decided before keeps its decision if it still fits."""
        earlier = earlier or {}
        self.beginResetModel()
        self.candidates = sorted(candidates, key=lambda c: (c.row, -c.score))
        self.choices = {}
        for row in dict.fromkeys(c.row for c in self.candidates):
            mine = self.of_row(row)
            before = earlier.get(row)
            fits = before is not None and (
                before.action != Action.SAME or any(same_as(c) == before for c in mine)
            )
            if fits and before is not None and not self.new_allowed(row):
                fits = before.action != Action.NEW
            self.choices[row] = before if fits else default_decision(mine)
        self.endResetModel()

    def of_row(self, row: int) -> list[Candidate]:
        return [c for c in self.candidates if c.row == row]

    def new_allowed(self, row: int) -> bool:
        """A row whose ID number is already registered cannot be a new person."""
        return not any(c.certain for c in self.of_row(row))

    def decide(self, index: int, action: Action) -> None:
        """The decision for the file row of candidate line ``index``."""
        candidate = self.candidates[index]
        if action == Action.SAME:
            decision: Decision = same_as(candidate)
        elif action == Action.NEW:
            decision = Decision.new()
        else:
            decision = Decision.skip()
        self.choices[candidate.row] = decision
        self._changed(candidate.row)

    def skip_undecided(self) -> int:
        rows = [row for row, d in self.choices.items() if d is None]
        for row in rows:
            self.choices[row] = Decision.skip()
            self._changed(row)
        return len(rows)

    def _changed(self, row: int) -> None:
        for i, c in enumerate(self.candidates):
            if c.row == row:
                index = self.index(i, DECISION_COLUMN)
                self.dataChanged.emit(index, index)

    def action_at(self, index: int) -> Action | None:
        """The decision shown on candidate line ``index``: SAME only for the chosen one."""
        candidate = self.candidates[index]
        decision = self.choices.get(candidate.row)
        if decision is None:
            return None
        if decision.action == Action.SAME and decision != same_as(candidate):
            return None
        return decision.action

    def all_decided(self) -> bool:
        return all(d is not None for d in self.choices.values())

    def undecided(self) -> int:
        return sum(d is None for d in self.choices.values())

    def decisions(self) -> dict[int, Decision]:
        return {row: d for row, d in self.choices.items() if d is not None}

    # -- Qt ------------------------------------------------------------------------------
    def row_total(self) -> int:
        return len(self.candidates)

    def headers(self) -> tuple[str, ...]:
        return HEADERS

    def decision_text(self, index: int) -> str:
        action = self.action_at(index)
        if action is not None:
            return _t(LABELS[action])
        decided = self.choices.get(self.candidates[index].row) is not None
        return _t(OTHER_CANDIDATE if decided else UNDECIDED)

    def marked(self, row: int, column: int) -> bool:
        """The decision of a row still undecided."""
        return column == DECISION_COLUMN and self.choices.get(self.candidates[row].row) is None

    def text(self, row: int, column: int) -> Any:
        c = self.candidates[row]
        if column == 0:
            return c.row
        if column == 1:
            return c.row_name
        if column == 2:
            if c.other_row is not None and c.other_sheet != c.sheet:
                return _t("文件“{0}”表第 {1} 行：{2}").format(c.other_sheet, c.other_row, c.name)
            if c.other_row is not None:
                return _t("文件第 {0} 行：{1}").format(c.other_row, c.name)
            return _t("已登记：{0}（编号 {1}）").format(c.name, c.person_id)
        if column == 3:
            return c.score
        if column == 4:
            return "、".join(c.reasons)
        if column == 5:
            return "、".join(c.case_numbers)
        return self.decision_text(row)
