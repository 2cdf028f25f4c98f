"""Optimal k-anonymity with distinct l-diversity and a suppression limit (ARX-style).

The whole lattice of generalisation levels is searched for the node that meets the privacy
models with the least information loss (loss: the average normalised generalisation of every
released cell, a suppressed row counting as fully generalised), not a greedy walk.
"""

from __future__ import annotations

import itertools
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from rescuedesk.privacy.hierarchies import Hierarchy
from rescuedesk.progress import Progress, tick


class Columns:
    """The raw quasi-identifiers of many rows, compactly: per column, its distinct values
    and one 8-byte index per row (never a tuple or an object per row)."""

    def __init__(self, width: int) -> None:
        self.n = 0
        self.index: list[dict[object, int]] = [{} for _ in range(width)]
        self.base = [array("q") for _ in range(width)]

    def add(self, row: Sequence[object]) -> None:
        for index, base, value in zip(self.index, self.base, row, strict=True):
            base.append(index.setdefault(value, len(index)))
        self.n += 1

    def extend(self, *columns: Sequence[object]) -> None:
        """Many rows at once, given column by column (the same as :meth:`add` of each)."""
        if len({len(c) for c in columns}) > 1 or len(columns) != len(self.base):
            raise ValueError("columns of unequal length or the wrong number of them")
        for index, base, values in zip(self.index, self.base, columns, strict=True):
            base.extend([index.setdefault(v, len(index)) for v in values])
        self.n += len(columns[0]) if columns else 0

    def value(self, j: int, row: int) -> object:
        if not hasattr(self, "_distinct"):
            self._distinct = [list(index) for index in self.index]
        return self._distinct[j][self.base[j][row]]


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
    """Every column at every level as integer codes, computed once.

    Each label is computed once per distinct raw value, not once per row: at a million rows
    the hierarchies' Python functions would otherwise dominate the export."""

    def __init__(self, hierarchies: Sequence[Hierarchy], raw: Sequence[Sequence[object]]) -> None:
        columns = Columns(len(hierarchies))
        for row in raw:
            columns.add(row)
        self._build(hierarchies, columns)

    @classmethod
    def from_columns(cls, hierarchies: Sequence[Hierarchy], columns: Columns) -> Encoded:
        enc = cls.__new__(cls)
        enc._build(hierarchies, columns)
        return enc

    def _build(self, hierarchies: Sequence[Hierarchy], columns: Columns) -> None:
        self.hierarchies = list(hierarchies)
        self.n = columns.n
        self.codes: list[list[np.ndarray]] = []
        self.labels: list[list[np.ndarray]] = []
        self.cardinality: list[list[int]] = []
        for j, h in enumerate(hierarchies):
            distinct = list(columns.index[j])
            base = np.frombuffer(columns.base[j], dtype=np.int64) if self.n else np.zeros(0, int)
            col_codes, col_labels, col_card = [], [], []
            for level in range(h.height):
                labels = [h.label(v, level) for v in distinct]
                uniq, inverse = np.unique(
                    np.array(labels, dtype=object).astype(str), return_inverse=True
                )
                col_codes.append(inverse.astype(np.int64).reshape(-1)[base])
                col_labels.append(uniq)
                col_card.append(len(uniq))
            self.codes.append(col_codes)
            self.labels.append(col_labels)
            self.cardinality.append(col_card)

    def label(self, j: int, level: int, row: int) -> str:
        """Row ``row``'s label of column ``j`` at ``level``."""
        return str(self.labels[j][level][self.codes[j][level][row]])

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


def distinct_per_class(classes: np.ndarray, values: np.ndarray, n_classes: int) -> np.ndarray:
    """How many distinct values each class holds: one 1-D unique of (class, value) packed
    into one integer, several times faster than a unique of pairs along an axis."""
    width = int(values.max()) + 1 if len(values) else 1
    pairs = np.unique(classes.astype(np.int64) * width + values)
    return np.bincount(pairs // width, minlength=n_classes)


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
            bad_class |= distinct_per_class(inverse, values, len(uniq)) < l_div
    suppressed = bad_class[inverse]
    n_supp = int(suppressed.sum())
    if n_supp > limit or n_supp == enc.n:
        return None
    kept = ~suppressed
    sizes = counts[inverse]
    achieved_k = int(sizes[kept].min())
    achieved_l = {}
    for name, values in sensitive.items():
        distinct = distinct_per_class(inverse[kept], values[kept], len(uniq))
        achieved_l[name] = int(distinct[np.unique(inverse[kept])].min())
    loss = (enc.cell_loss(levels) * (enc.n - n_supp) + n_supp) / enc.n
    return Node(levels, suppressed, sizes, loss, achieved_k, achieved_l)


@dataclass(eq=False)
class _Classes:
    """The equivalence classes of an evaluated node, from which any more general node's are
    rolled up (ARX-style) instead of regrouping every row: one row standing for each
    class, the class's size, and its distinct (class, sensitive value) pairs."""

    levels: tuple[int, ...]
    rows: np.ndarray  # one row index per class
    sizes: np.ndarray
    pairs: dict[str, tuple[np.ndarray, np.ndarray]]  # per attribute: class, value


def _roll_up(
    enc: Encoded,
    source: _Classes,
    levels: tuple[int, ...],
    k: int,
    l_div: int,
    limit: int,
) -> tuple[_Classes, tuple[int, float, int, dict[str, int]] | None]:
    """The classes of ``levels`` (at least as general as ``source``) and, when it meets the
    models within the limit, (rows suppressed, loss, achieved k, achieved l): the same
    figures :func:`_evaluate` finds on every row."""
    key = np.zeros(len(source.rows), dtype=np.int64)
    for j, level in enumerate(levels):
        key = key * enc.cardinality[j][level] + enc.codes[j][level][source.rows]
    # Without return_index: that asks numpy for a stable (merge) sort, slower than its
    # default; any row of a class stands for it, as the hierarchies are functions of the
    # finer level (every row of a class has the same codes at every more general level).
    uniq, inverse = np.unique(key, return_inverse=True)
    inverse = inverse.reshape(-1)
    m = len(uniq)
    rows = np.empty(m, dtype=np.int64)
    rows[inverse] = source.rows
    sizes = np.bincount(inverse, weights=source.sizes, minlength=m).astype(np.int64)
    pairs: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    distinct: dict[str, np.ndarray] = {}
    for name, (cls, values) in source.pairs.items():
        width = int(values.max()) + 1 if len(values) else 1
        packed = np.unique(inverse[cls] * width + values)
        pairs[name] = (packed // width, packed % width)
        distinct[name] = np.bincount(pairs[name][0], minlength=m)
    classes = _Classes(levels, rows, sizes, pairs)
    bad = sizes < k
    if l_div > 1:
        for d in distinct.values():
            bad |= d < l_div
    n_supp = int(sizes[bad].sum())
    if n_supp > limit or n_supp == enc.n:
        return classes, None
    kept = ~bad
    achieved_l = {name: int(d[kept].min()) for name, d in distinct.items()}
    loss = (enc.cell_loss(levels) * (enc.n - n_supp) + n_supp) / enc.n
    return classes, (n_supp, loss, int(sizes[kept].min()), achieved_l)


class _Projections:
    """A cheap proof that a node fails, found for most nodes that do (at 50,000 demo rows
    and k = 11, 371 of the 387 failing nodes the search meets), before any roll-up.

    A node is at least as specific as its projection on one or two columns (the others
    generalised to the top), and generalising only merges classes: every row a node keeps
    lies in a class at least as large (and as diverse) in the more general node. So a node
    suppresses at least the rows its projection puts in classes smaller than k, and fails
    when they are more than the limit. A projection's count is one bincount over the rows,
    memoised: the lattice's nodes share a few hundred of them."""

    def __init__(self, enc: Encoded, k: int, limit: int) -> None:
        self.enc, self.k, self.limit = enc, k, limit
        self.top = [h.height - 1 for h in enc.hierarchies]
        self.small: dict[tuple[tuple[int, int], ...], int] = {}

    def fail(self, levels: tuple[int, ...]) -> bool:
        below = [j for j, level in enumerate(levels) if level < self.top[j]]
        for width in (1, 2):
            for columns in itertools.combinations(below, width):
                if self._rows_in_small_classes(tuple((j, levels[j]) for j in columns)) > (
                    self.limit
                ):
                    return True
        return False

    def _rows_in_small_classes(self, projection: tuple[tuple[int, int], ...]) -> int:
        if projection not in self.small:
            enc = self.enc
            key = np.zeros(enc.n, dtype=np.int64)
            span = 1
            for j, level in projection:
                key = key * enc.cardinality[j][level] + enc.codes[j][level]
                span *= enc.cardinality[j][level]
            if span <= max(4 * enc.n, DENSE):
                counts = np.bincount(key, minlength=span)
            else:  # a sparse pairing (county by day): sorting the keys beats a huge table
                counts = np.unique(key, return_counts=True)[1]
            self.small[projection] = int(counts[counts < self.k].sum())
        return self.small[projection]


# Keys up to this many values are counted in a table rather than sorted (32 MB at most).
DENSE = 1 << 22


# Evaluated nodes kept to roll up from, each only when it has at most half as many classes
# as rows: at 1,000,000 rows the cache stays under ~250 MB, and a node with more classes
# saves little over regrouping the rows.
ROLL_UP_CACHE = 16


def search(
    enc: Encoded,
    k: int,
    l_div: int,
    sensitive: dict[str, np.ndarray],
    suppression_limit: float,
    progress: Progress | None = None,
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
    best: tuple[tuple[int, ...], float] | None = None
    evaluated = 0
    rows = np.arange(enc.n, dtype=np.int64)
    cache = [
        _Classes(
            (0,) * len(heights),
            rows,
            np.ones(enc.n, dtype=np.int64),
            {name: (rows, values) for name, values in sensitive.items()},
        )
    ]
    projections = _Projections(enc, k, limit)
    for levels in lattice:
        if best is not None and enc.cell_loss(levels) >= best[1]:
            break
        evaluated += 1
        if evaluated % 16 == 0:  # (nodes evaluated, the lattice): most are never evaluated
            tick(progress, evaluated, len(lattice))
        if projections.fail(levels):
            continue
        # The fewest classes among the evaluated nodes no more general than this one.
        source = min(
            (c for c in cache if all(a <= b for a, b in zip(c.levels, levels, strict=True))),
            key=lambda c: len(c.rows),
        )
        classes, found = _roll_up(enc, source, levels, k, l_div, limit)
        if len(classes.rows) <= enc.n // 2 and len(classes.rows) < len(source.rows):
            cache.append(classes)
            if len(cache) > ROLL_UP_CACHE:
                cache.remove(max(cache[1:], key=lambda c: len(c.rows)))
        if found is None:
            continue
        satisfying.append(levels)
        if best is None or found[1] < best[1]:
            best = (levels, found[1])
    node = _evaluate(enc, best[0], k, l_div, sensitive, limit) if best is not None else None
    return SearchResult(node, evaluated, len(lattice), satisfying)
