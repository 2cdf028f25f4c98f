"""k-anonymity and l-diversity hold on what is released, worked out again from the labels
themselves; the edges of k, l and the suppression limit; the loss measure's exact values."""

from __future__ import annotations

import itertools
from collections import defaultdict

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rescuedesk.privacy import hierarchies as hz
from rescuedesk.privacy.kanon import Encoded, _evaluate, search

QIS = (hz.SEX, hz.AGE, hz.NATIONALITY)

rows_st = st.lists(
    st.tuples(
        st.sampled_from(["male", "female"]),
        st.integers(0, 70) | st.none(),
        st.sampled_from(["CHN", "CHN", "VNM", "MMR"]),
        st.integers(0, 2),
    ),
    min_size=1,
    max_size=40,
)


def _split(rows: list[tuple]) -> tuple[list[tuple], np.ndarray]:  # type: ignore[type-arg]
    return [r[:3] for r in rows], np.array([r[3] for r in rows], dtype=np.int64)


def _classes(raw: list[tuple], levels: tuple[int, ...], rows: list[int]) -> dict:  # type: ignore[type-arg]
    """Released rows grouped by what a reader sees: their labels at the chosen levels."""
    groups: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i in rows:
        groups[
            tuple(h.label(raw[i][j], lv) for j, (h, lv) in enumerate(zip(QIS, levels, strict=True)))
        ].append(i)
    return groups


@settings(max_examples=60, deadline=None)
@given(rows_st, st.integers(1, 4), st.integers(1, 3), st.sampled_from([0.0, 0.1, 0.5]))
def test_the_released_rows_are_k_anonymous_and_l_diverse(rows, k, l_div, limit) -> None:  # type: ignore[no-untyped-def]
    raw, sens = _split(rows)
    enc = Encoded(QIS, raw)
    result = search(enc, k, l_div, {"s": sens}, limit)
    lattice = list(itertools.product(*(range(h.height) for h in QIS)))
    assert result.lattice_size == len(lattice)
    exhaustive = {
        lv: node
        for lv in lattice
        if (node := _evaluate(enc, lv, k, l_div, {"s": sens}, int(limit * enc.n))) is not None
    }
    assert set(result.satisfying) <= set(exhaustive)
    assert len(result.satisfying) <= result.evaluated <= result.lattice_size
    if result.best is None:
        assert exhaustive == {}
        return
    best = result.best
    assert best.loss == pytest.approx(min(n.loss for n in exhaustive.values()))
    kept = [i for i in range(len(raw)) if not best.suppressed[i]]
    assert kept, "a node that releases nothing is no answer"
    assert len(raw) - len(kept) <= int(limit * len(raw))
    groups = _classes(raw, best.levels, kept)
    for members in groups.values():
        assert len(members) >= k
        assert len({int(sens[i]) for i in members}) >= l_div
        for i in members:
            assert best.class_sizes[i] == len(members)
    assert best.achieved_k == min(len(m) for m in groups.values())
    assert best.achieved_l == {"s": min(len({int(sens[i]) for i in m}) for m in groups.values())}
    # Suppression is by whole classes: no released row shares its labels with a hidden one.
    hidden = _classes(raw, best.levels, [i for i in range(len(raw)) if best.suppressed[i]])
    assert not set(hidden) & set(groups)


@settings(max_examples=60, deadline=None)
@given(rows_st, st.lists(st.integers(0, 3), min_size=3, max_size=3))
def test_equal_keys_exactly_for_equal_labels(rows, levels) -> None:  # type: ignore[no-untyped-def]
    raw, _ = _split(rows)
    enc = Encoded(QIS, raw)
    levels = tuple(min(lv, h.height - 1) for lv, h in zip(levels, QIS, strict=True))
    key = enc.key(levels)
    labels = [
        tuple(h.label(r[j], lv) for j, (h, lv) in enumerate(zip(QIS, levels, strict=True)))
        for r in raw
    ]
    for a, b in itertools.combinations(range(len(raw)), 2):
        assert (key[a] == key[b]) == (labels[a] == labels[b])
    for j, h in enumerate(QIS):
        for lv in range(h.height):
            assert enc.cardinality[j][lv] == len({h.label(r[j], lv) for r in raw})
            assert list(enc.labels[j][lv][enc.codes[j][lv]]) == [h.label(r[j], lv) for r in raw]


def test_cell_loss_values() -> None:
    # sex: 2 values; age: 3, 4, 20, 30 (4 values, 3 bands, 2 of child/adult); one nationality.
    raw = [("male", 3, "CHN"), ("female", 4, "CHN"), ("male", 20, "CHN"), ("female", 30, "CHN")]
    enc = Encoded(QIS, raw)
    assert enc.cell_loss((0, 0, 0)) == 0.0
    assert enc.cell_loss((1, 0, 0)) == pytest.approx(1 / 3)
    assert enc.cell_loss((0, 1, 0)) == pytest.approx((1 - 2 / 3) / 3)
    assert enc.cell_loss((0, 2, 0)) == pytest.approx((1 - 1 / 3) / 3)
    assert enc.cell_loss((1, 3, 0)) == pytest.approx(2 / 3)
    # A column with one value loses nothing however far it is generalised.
    assert enc.cell_loss((0, 0, 2)) == 0.0


def _people(*spec: tuple[str, int, int]) -> tuple[Encoded, np.ndarray]:
    raw = [(sex, age, "CHN") for sex, age, _ in spec]
    return Encoded(QIS, raw), np.array([s for _, _, s in spec], dtype=np.int64)


def test_a_class_of_exactly_k_is_released_one_smaller_is_not() -> None:
    # Three women of 30, two men of 30.
    enc, sens = _people(*[("female", 30, 0)] * 3, *[("male", 30, 1)] * 2)
    node = _evaluate(enc, (0, 0, 0), 2, 1, {"s": sens}, 0)
    assert node is not None
    assert node.achieved_k == 2 and node.achieved_l == {"s": 1}
    assert list(node.class_sizes) == [3, 3, 3, 2, 2]
    assert not node.suppressed.any()
    assert node.loss == 0.0
    # k = 3: the two men must go, within a limit of two rows but not of one.
    assert _evaluate(enc, (0, 0, 0), 3, 1, {"s": sens}, 1) is None
    node = _evaluate(enc, (0, 0, 0), 3, 1, {"s": sens}, 2)
    assert node is not None
    assert list(node.suppressed) == [False, False, False, True, True]
    assert node.achieved_k == 3
    assert node.loss == pytest.approx(2 / 5)  # two rows fully lost, three intact
    # Nothing may be released when every row would be suppressed, whatever the limit.
    assert _evaluate(enc, (0, 0, 0), 4, 1, {"s": sens}, 5) is None


def test_l_diversity_at_its_edge() -> None:
    # Women: sensitive values 0, 1, 1; men: 2, 2.
    enc, sens = _people(
        ("female", 30, 0), ("female", 30, 1), ("female", 30, 1), ("male", 30, 2), ("male", 30, 2)
    )
    node = _evaluate(enc, (0, 0, 0), 2, 2, {"s": sens}, 2)
    assert node is not None
    assert list(node.suppressed) == [False, False, False, True, True]
    assert node.achieved_l == {"s": 2}
    assert _evaluate(enc, (0, 0, 0), 2, 3, {"s": sens}, 5) is None
    # l = 1 asks nothing of the sensitive values; l = 2 is met once sex is hidden.
    assert _evaluate(enc, (0, 0, 0), 2, 1, {"s": sens}, 0) is not None
    node = _evaluate(enc, (1, 0, 0), 2, 2, {"s": sens}, 0)
    assert node is not None and node.achieved_l == {"s": 3}
    # Every sensitive column is checked, not just the first.
    other = np.array([5, 5, 5, 6, 7], dtype=np.int64)
    assert _evaluate(enc, (1, 0, 0), 2, 2, {"s": sens, "t": other}, 0) is not None
    # Women fail on "t", men on "s": together nothing is left.
    assert _evaluate(enc, (0, 0, 0), 2, 2, {"t": other, "s": sens}, 5) is None
    node = _evaluate(enc, (0, 0, 0), 2, 2, {"t": other}, 5)
    assert node is not None and list(node.suppressed) == [True, True, True, False, False]


def test_search_prefers_suppression_within_the_limit_to_generalising() -> None:
    # Twenty women of 30 and one man of 30: hiding the man (1 row of 21) costs 1/21, hiding
    # sex for everyone costs 1/3. With no suppression allowed, sex must go.
    enc, sens = _people(*[("female", 30, 0)] * 20, ("male", 30, 0))
    result = search(enc, 2, 1, {"s": sens}, 0.05)
    assert result.best is not None
    assert result.best.levels == (0, 0, 0)
    assert result.best.loss == pytest.approx(1 / 21)
    assert result.satisfying[0] == (0, 0, 0)
    result = search(enc, 2, 1, {"s": sens}, 0.04)  # 0.04 * 21 = 0.84: no row may go
    assert result.best is not None
    assert result.best.levels == (1, 0, 0)
    assert not result.best.suppressed.any()
    # The branch and bound stops once no node left can beat the best.
    assert result.evaluated < result.lattice_size == 2 * 4 * 3


def test_the_loss_of_a_node_that_both_generalises_and_suppresses() -> None:
    # Ages 30 and 31 banded together lose the age column entirely (1/3 of a cell); the three
    # men, suppressed at k = 4, count as fully lost: (4 * 1/3 + 3) / 7.
    enc, sens = _people(*[("female", 30, 0)] * 3, ("female", 31, 0), *[("male", 30, 0)] * 3)
    node = _evaluate(enc, (0, 1, 0), 4, 1, {"s": sens}, 3)
    assert node is not None
    assert list(node.suppressed) == [False] * 4 + [True] * 3
    assert node.loss == pytest.approx(13 / 21)
