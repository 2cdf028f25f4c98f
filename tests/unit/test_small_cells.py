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
