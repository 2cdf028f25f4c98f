"""Small-cell suppression for published counts: 1-4 shows as "<5", with secondary
suppression so that no hidden cell can be worked out from the row and column totals.

A table is a matrix of counts with a total for every row and column and a grand total.
Primary: every count from 1 to 4 (zeros are shown: they are structural, not a person).
Secondary: any row or column (its total included) holding exactly one hidden cell has a
second one hidden: its smallest non-zero visible cell, or, if it has none, its total.
"""

from __future__ import annotations

from dataclasses import dataclass, field

THRESHOLD = 5
HIDDEN = "<5"


@dataclass
class CountTable:
    title: str
    row_labels: list[str]
    col_labels: list[str]
    counts: list[list[int]]
    # hidden[r][c] for cells; the last column holds row totals, the last row column totals.
    hidden: list[list[bool]] = field(default_factory=list)
    note: str = ""

    def full(self) -> list[list[int]]:
        """Counts with the row totals as a last column and column totals as a last row."""
        rows = [[*r, sum(r)] for r in self.counts]
        totals = (
            [sum(col) for col in zip(*rows, strict=True)]
            if rows
            else [0] * (len(self.col_labels) + 1)
        )
        return [*rows, totals]

    def shown(self) -> list[list[int | str]]:
        return [
            [HIDDEN if h else v for v, h in zip(row, hrow, strict=True)]
            for row, hrow in zip(self.full(), self.hidden, strict=True)
        ]


def _lines(n_rows: int, n_cols: int) -> list[list[tuple[int, int]]]:
    """Every row and column of the full table (data + totals) as lists of cell positions."""
    rows = [[(r, c) for c in range(n_cols)] for r in range(n_rows)]
    cols = [[(r, c) for r in range(n_rows)] for c in range(n_cols)]
    return rows + cols


def suppress(table: CountTable) -> CountTable:
    full = table.full()
    n_rows, n_cols = len(full), len(full[0])
    hidden = [[0 < v < THRESHOLD for v in row] for row in full]
    changed = True
    while changed:
        changed = False
        for line in _lines(n_rows, n_cols):
            hidden_cells = [p for p in line if hidden[p[0]][p[1]]]
            if len(hidden_cells) != 1:
                continue
            # The last position of a line is its total (last column / last row).
            candidates = [p for p in line[:-1] if not hidden[p[0]][p[1]] and full[p[0]][p[1]]]
            if candidates:
                r, c = min(candidates, key=lambda p: full[p[0]][p[1]])
            else:
                r, c = line[-1]
                if hidden[r][c]:
                    continue
            hidden[r][c] = True
            changed = True
    table.hidden = hidden
    return table


def recoverable(table: CountTable) -> list[tuple[int, int]]:
    """Hidden cells a reader could compute from one visible line (the check the tests run)."""
    full = table.full()
    found = []
    for line in _lines(len(full), len(full[0])):
        hidden_cells = [p for p in line if table.hidden[p[0]][p[1]]]
        if len(hidden_cells) == 1:
            found.append(hidden_cells[0])
    return found
