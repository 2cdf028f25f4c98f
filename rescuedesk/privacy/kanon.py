"""Optimal k-anonymity with distinct l-diversity and a suppression limit (ARX-style).

The whole lattice of generalisation levels is searched for the node that meets the privacy
models with the least information loss (loss: the average normalised generalisation of every
released cell, a suppressed row counting as fully generalised), not a greedy walk.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from rescuedesk.privacy.hierarchies import Hierarchy


@dataclass
class Node:
    levels: tuple[int, ...]
    suppressed: np.ndarray  # bool per row
    class_sizes: np.ndarray  # size of each row's equivalence class
    loss: float
    achieved_k: int
    achieved_l: dict[str, int]


@dataclass
class SearchResult:
    best: Node | None
    evaluated: int
    lattice_size: int
    satisfying: list[tuple[int, ...]] = field(default_factory=list)


class Encoded:
    """Every column at every level as integer codes, computed once."""

    def __init__(self, hierarchies: Sequence[Hierarchy], raw: Sequence[Sequence[object]]) -> None:
        self.hierarchies = list(hierarchies)
        self.n = len(raw)
        self.codes: list[list[np.ndarray]] = []
        self.labels: list[list[np.ndarray]] = []
        self.cardinality: list[list[int]] = []
        for j, h in enumerate(hierarchies):
            col_codes, col_labels, col_card = [], [], []
            for level in range(h.height):
                labels = [h.label(row[j], level) for row in raw]
                uniq, inverse = np.unique(
                    np.array(labels, dtype=object).astype(str), return_inverse=True
                )
                col_codes.append(inverse.astype(np.int64))
                col_labels.append(uniq)
                col_card.append(len(uniq))
            self.codes.append(col_codes)
            self.labels.append(col_labels)
            self.cardinality.append(col_card)

    def key(self, levels: Sequence[int]) -> np.ndarray:
        key = np.zeros(self.n, dtype=np.int64)
        for j, level in enumerate(levels):
            key = key * self.cardinality[j][level] + self.codes[j][level]
        return key

    def cell_loss(self, levels: Sequence[int]) -> float:
        """Average over columns of the normalised generalisation of one cell."""
        total = 0.0
        for j, level in enumerate(levels):
            base = self.cardinality[j][0]
            if level == 0 or base <= 1:
                continue
            # Loss of a column at this level: 1 - (distinct values kept - 1) / (base - 1).
            kept = self.cardinality[j][level]
            total += 1.0 - (kept - 1) / (base - 1)
        return total / len(levels)


def _evaluate(
    enc: Encoded,
    levels: tuple[int, ...],
    k: int,
    l_div: int,
    sensitive: dict[str, np.ndarray],
    limit: int,
) -> Node | None:
    key = enc.key(levels)
    uniq, inverse, counts = np.unique(key, return_inverse=True, return_counts=True)
    bad_class = counts < k
    for values in sensitive.values():
        if l_div > 1:
            pairs = np.unique(np.stack([inverse, values]), axis=1)
            distinct = np.bincount(pairs[0], minlength=len(uniq))
            bad_class |= distinct < l_div
    suppressed = bad_class[inverse]
    n_supp = int(suppressed.sum())
    if n_supp > limit or n_supp == enc.n:
        return None
    kept = ~suppressed
    sizes = counts[inverse]
    achieved_k = int(sizes[kept].min())
    achieved_l = {}
    for name, values in sensitive.items():
        pairs = np.unique(np.stack([inverse[kept], values[kept]]), axis=1)
        distinct = np.bincount(pairs[0], minlength=len(uniq))
        achieved_l[name] = int(distinct[np.unique(inverse[kept])].min())
    loss = (enc.cell_loss(levels) * (enc.n - n_supp) + n_supp) / enc.n
    return Node(levels, suppressed, sizes, loss, achieved_k, achieved_l)


def search(
    enc: Encoded, k: int, l_div: int, sensitive: dict[str, np.ndarray], suppression_limit: float
) -> SearchResult:
    """Exact search of the whole lattice by branch and bound.

    A node's loss is never below its cell loss (a suppressed row costs 1, the most a cell
    can), and the cell loss needs no grouping. So nodes are visited by increasing cell loss
    and the search stops at the first whose cell loss cannot beat the best node found: the
    result is the optimum over every node, evaluated or not.
    """
    heights = [h.height for h in enc.hierarchies]
    lattice = sorted(
        itertools.product(*(range(h) for h in heights)),
        key=lambda levels: (enc.cell_loss(levels), sum(levels)),
    )
    limit = int(suppression_limit * enc.n)
    satisfying: list[tuple[int, ...]] = []
    best: Node | None = None
    evaluated = 0
    for levels in lattice:
        if best is not None and enc.cell_loss(levels) >= best.loss:
            break
        evaluated += 1
        node = _evaluate(enc, levels, k, l_div, sensitive, limit)
        if node is None:
            continue
        satisfying.append(levels)
        if best is None or node.loss < best.loss:
            best = node
    return SearchResult(best, evaluated, len(lattice), satisfying)
