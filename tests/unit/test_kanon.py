"""The lattice search finds the optimum: checked against evaluating every node."""

from __future__ import annotations

import datetime as dt
import itertools
import random

import numpy as np
import pytest

from rescuedesk.privacy import hierarchies as hz
from rescuedesk.privacy.kanon import Encoded, _evaluate, search


def _data(seed: int, n: int) -> tuple[list[tuple], np.ndarray]:  # type: ignore[type-arg]
    rng = random.Random(seed)
    rows = [
        (
            rng.choice(["male", "female"]),
            rng.randint(1, 60),
            rng.choice(["CHN"] * 9 + ["VNM"]),
            rng.choice(["01"] * 8 + ["02", "05"]),
            rng.choice(["230102", "230103", "620102", "341502", "110105"]),
            dt.date(2020, 1, 1) + dt.timedelta(days=rng.randint(0, 2000)),
        )
        for _ in range(n)
    ]
    sensitive = np.array([rng.randint(0, 3) for _ in range(n)], dtype=np.int64)
    return rows, sensitive


@pytest.mark.parametrize(
    ("seed", "k", "l_div", "limit"), [(1, 5, 1, 0.0), (2, 11, 2, 0.05), (3, 3, 2, 0.10)]
)
def test_search_equals_exhaustive_optimum(seed: int, k: int, l_div: int, limit: float) -> None:
    rows, sensitive = _data(seed, 300)
    enc = Encoded(hz.QUASI_IDENTIFIERS, rows)
    result = search(enc, k, l_div, {"s": sensitive}, limit)
    losses = []
    for levels in itertools.product(*(range(h.height) for h in hz.QUASI_IDENTIFIERS)):
        node = _evaluate(enc, levels, k, l_div, {"s": sensitive}, int(limit * enc.n))
        if node is not None:
            losses.append(node.loss)
    assert result.best is not None and losses
    assert result.best.loss == pytest.approx(min(losses))
    assert result.evaluated < result.lattice_size  # branch and bound skipped nodes
    kept = ~result.best.suppressed
    assert result.best.class_sizes[kept].min() >= k


@pytest.mark.parametrize(("seed", "k", "l_div", "limit"), [(4, 11, 2, 0.05), (5, 3, 1, 0.0)])
def test_a_node_its_projections_condemn_fails(seed: int, k: int, l_div: int, limit: float) -> None:
    """The search skips a node whose one- or two-column projection puts more rows in classes
    smaller than k than the limit allows: such a node never meets the models."""
    from rescuedesk.privacy.kanon import _Projections

    rows, sensitive = _data(seed, 400)
    enc = Encoded(hz.QUASI_IDENTIFIERS, rows)
    projections = _Projections(enc, k, int(limit * enc.n))
    condemned = 0
    for levels in itertools.product(*(range(h.height) for h in hz.QUASI_IDENTIFIERS)):
        if projections.fail(levels):
            condemned += 1
            assert _evaluate(enc, levels, k, l_div, {"s": sensitive}, int(limit * enc.n)) is None
    assert condemned > 100  # the proof is not empty


def test_columns_extended_column_wise_equal_columns_added_row_by_row() -> None:
    from rescuedesk.privacy.kanon import Columns

    rows, _ = _data(6, 200)
    by_row, by_column = Columns(6), Columns(6)
    for row in rows:
        by_row.add(row)
    by_column.extend(*(list(c) for c in zip(*rows[:120], strict=True)))
    by_column.extend(*(list(c) for c in zip(*rows[120:], strict=True)))
    assert by_column.n == by_row.n == 200
    assert by_column.index == by_row.index and by_column.base == by_row.base
    with pytest.raises(ValueError):
        by_column.extend([1], [2, 3], [4], [5], [6], [7])
