import pytest
from hypothesis import given
from hypothesis import strategies as st

from rescuedesk.privacy.small_cells import HIDDEN, CountTable, recoverable, suppress

counts = st.integers(min_value=1, max_value=6).flatmap(
    lambda cols: st.lists(
        st.lists(st.integers(0, 30), min_size=cols, max_size=cols), min_size=1, max_size=6
    )
)


@given(counts)
def test_no_hidden_cell_can_be_recomputed_and_small_counts_never_show(matrix) -> None:  # type: ignore[no-untyped-def]
    table = suppress(
        CountTable(
            "t",
            [str(i) for i in range(len(matrix))],
            [str(i) for i in range(len(matrix[0]))],
            matrix,
        )
    )
    assert recoverable(table) == []
    for row in table.shown():
        for value in row:
            assert value == HIDDEN or value == 0 or value >= 5


def test_a_worked_example() -> None:
    table = suppress(
        CountTable("t", ["男", "女"], ["0-13", "14-17", "18+"], [[3, 10, 20], [12, 15, 30]])
    )
    shown = table.shown()
    assert shown[0][0] == HIDDEN  # primary
    assert shown[0][1] == HIDDEN  # secondary in the row (smallest other non-zero)
    assert shown[1][0] == HIDDEN or shown[1][1] == HIDDEN  # and in the columns
    assert recoverable(table) == []


def _shown(counts: list[list[int]]) -> list[list[int | str]]:
    rows = [str(i) for i in range(len(counts))]
    cols = [str(i) for i in range(len(counts[0]))]
    return suppress(CountTable("t", rows, cols, counts)).shown()


def test_the_worked_example_exactly() -> None:
    # The secondary cell is the smallest visible one of the line (10, not 20), then 12 and 15
    # protect the columns; nothing more is hidden than that.
    assert _shown([[3, 10, 20], [12, 15, 30]]) == [
        [HIDDEN, HIDDEN, 20, 33],
        [HIDDEN, HIDDEN, 30, 57],
        [15, 25, 50, 90],
    ]


def test_the_threshold_edges() -> None:
    # 0 is shown (structural), 1 and 4 are hidden, 5 is shown; a line already holding two
    # hidden cells needs no more.
    assert _shown([[0, 1, 4, 5, 6]]) == [
        [0, HIDDEN, HIDDEN, 5, 6, 16],
        [0, HIDDEN, HIDDEN, 5, 6, 16],
    ]


def test_a_total_is_hidden_when_its_line_has_no_other_visible_count() -> None:
    # Column 1 holds 0 and the secondary 6: only its total (6) can protect it; row 1 of the
    # totals then needs its own second cell.
    assert _shown([[0, 0, 3], [0, 6, 3]]) == [
        [0, 0, HIDDEN, HIDDEN],
        [0, HIDDEN, HIDDEN, HIDDEN],
        [0, HIDDEN, HIDDEN, 12],
    ]


def test_nothing_small_nothing_hidden() -> None:
    assert _shown([[0, 5], [7, 0]]) == [[0, 5, 5], [7, 0, 7], [7, 5, 12]]


def test_an_empty_table_has_zero_totals() -> None:
    table = CountTable("t", [], ["a", "b"], [])
    assert table.full() == [[0, 0, 0]]
    assert suppress(table).shown() == [[0, 0, 0]]


def test_recoverable_finds_a_lone_hidden_cell_in_a_row_or_a_column() -> None:
    table = CountTable("t", ["a", "b"], ["x", "y"], [[3, 10], [12, 15]])
    table.hidden = [[False] * 3 for _ in range(3)]
    table.hidden[0][0] = True
    assert sorted(recoverable(table)) == [(0, 0), (0, 0)]  # from its row and its column
    table.hidden[0][1] = True
    assert recoverable(table) == [(0, 0), (0, 1)]  # the row is safe, each column is not


def test_the_second_cell_is_the_smallest_count_not_the_first_one() -> None:
    assert _shown([[3, 20, 10], [12, 15, 30]])[0] == [HIDDEN, 20, HIDDEN, 33]


def test_a_table_not_yet_suppressed_cannot_be_shown() -> None:
    # Showing the raw counts of a table nobody ran suppress() on must fail, not print
    # nothing (or everything).
    with pytest.raises(ValueError):
        CountTable("t", ["a"], ["x"], [[3]]).shown()


def test_ragged_counts_are_refused() -> None:
    # A row one count short would otherwise shift every column total after it.
    with pytest.raises(ValueError):
        CountTable("t", ["a", "b"], ["x", "y"], [[6, 7], [8]]).full()
