"""The best candidates for an inquiry among many persons, exactly as ``scorer.score`` ranks
them, without scoring every person in Python.

``build`` files each person's name keys (names.stored_keys) in one dictionary, key -> rows,
and the other factors in numpy columns. ``top`` (1) masks the exclusions, (2) computes every
factor for all rows at once with the scorer's own rules — the name level scattered in from the
keys the inquiry looks for, the marks from the (part, kind) and kind lists — so each row's
points are known exactly, except that a dialect-folded name is worth 18 or 26 by regions the
scorer works out; (3) scores with ``scorer.score`` the rows where that choice could still
change the top n, and (4) the top n, for their reasons. Ties go by person id.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Sequence

import numpy as np

from rescuedesk.matching import marks as mk
from rescuedesk.matching import names as nm
from rescuedesk.matching import scorer as sc
from rescuedesk.reference import dialects

_NONE = -(2**30)
_SEX = {"male": 1, "female": 2}


def _ordinal(day: dt.date | None) -> int:
    return day.toordinal() if day else _NONE


def _code(code: str | None, digits: int) -> int:
    if not code or len(code) != 6 or not code.isdigit():
        return _NONE
    return int(code[:digits])


class CandidateIndex:
    def __init__(self, described: Sequence[sc.Described]) -> None:
        # Sorted by sex, then by earliest birth year (unknown first): an inquiry's sex and
        # its birth year +- 8 are a few contiguous slices, so most rows are never looked at.
        def order(d: sc.Described) -> tuple[int, int]:
            lo = sc.birth_range(d)[0]
            return _SEX.get(d.sex, 0), _NONE if lo is None else lo

        self.described = sorted(described, key=order)
        count = len(self.described)
        self.keys: dict[str, list[int] | np.ndarray] = {}
        self.pairs: dict[tuple[str, str], list[int] | np.ndarray] = {}
        self.kinds: dict[str, list[int] | np.ndarray] = {}
        accents = [None, *dialects.ACCENTS]
        self._accents: list[str | None] = accents
        accent_id = {code: i for i, code in enumerate(accents)}
        columns: dict[str, list[int]] = {
            name: []
            for name in (
                "id", "sex", "lo", "hi", "height", "measured_year", "accent", "found",
                "county", "prefecture", "province",
            )
        }  # fmt: skip
        keys = self.keys
        for row, d in enumerate(self.described):
            filed: set[str] = set()
            for name in d.names:
                filed |= nm.stored_keys(name)
            for key in filed:
                at = keys.get(key)
                if at is None:
                    keys[key] = [row]
                else:
                    at.append(row)  # type: ignore[union-attr]
            if d.features:
                found_marks = mk.marks_of(d.features)
                for pair in {p for p in found_marks if p[0]}:
                    self.pairs.setdefault(pair, []).append(row)  # type: ignore[union-attr]
                for kind in {k for _, k in found_marks}:
                    self.kinds.setdefault(kind, []).append(row)  # type: ignore[union-attr]
        ds = self.described
        ranges = [sc.birth_range(d) for d in ds]
        places = [d.found_place_code for d in ds]
        columns["id"] = [d.person_id for d in ds]
        columns["sex"] = [_SEX.get(d.sex, 0) for d in ds]
        columns["lo"] = [_NONE if lo is None else lo for lo, _ in ranges]
        columns["hi"] = [_NONE if hi is None else hi for _, hi in ranges]
        columns["height"] = [_NONE if d.height_cm is None else d.height_cm for d in ds]
        columns["measured_year"] = [d.measured_on.year if d.measured_on else _NONE for d in ds]
        columns["accent"] = [
            accent_id[sc.effective_accent(d.accent_code, d.accent_text)] for d in ds
        ]
        columns["found"] = [_ordinal(d.found_date) for d in ds]
        columns["county"] = [_code(p, 6) if p and not p.endswith("00") else _NONE for p in places]
        columns["prefecture"] = [_code(p, 4) if p and p[2:4] != "00" else _NONE for p in places]
        columns["province"] = [_code(p, 2) for p in places]
        # One int32 matrix, a row per column: an inquiry gathers its slice in one call.
        self._names = list(columns)
        self._matrix = np.asarray([columns[k] for k in self._names], dtype=np.int32).reshape(
            len(self._names), count
        )
        self.columns = dict(zip(self._names, self._matrix, strict=True))
        c = self.columns
        known = c["lo"] != _NONE
        self._widest = int((c["hi"] - c["lo"])[known].max()) if known.any() else 0
        self._groups = {
            sex: (int(np.searchsorted(c["sex"], sex)), int(np.searchsorted(c["sex"], sex, "right")))
            for sex in (0, 1, 2)
        }

    @classmethod
    def build(cls, described: Sequence[sc.Described]) -> CandidateIndex:
        # A build makes millions of small objects and no cycles: the cyclic collector,
        # which walks the growing heap again and again meanwhile, took a quarter of it.
        collecting = gc.isenabled()
        gc.disable()
        try:
            return cls(described)
        finally:
            if collecting:
                gc.enable()

    def __len__(self) -> int:
        return len(self.described)

    @staticmethod
    def _rows(table: dict, key: object) -> np.ndarray:  # type: ignore[type-arg]
        found = table.get(key)
        if found is None:
            return np.zeros(0, dtype=np.int64)
        if isinstance(found, list):  # made an array the first time it is asked for
            found = table[key] = np.asarray(found, dtype=np.int64)
        return found

    def _slices(self, s: sc.Sought) -> np.ndarray:
        """The rows that can pass the sex and birth-year exclusions (a superset)."""
        sex = _SEX.get(s.sex, 0)
        groups = [self._groups[g] for g in ((0, sex) if sex else (0, 1, 2))]
        lo = self.columns["lo"]
        parts = []
        for start, stop in groups:
            if s.birth_year is None:
                parts.append(np.arange(start, stop))
                continue
            unknown = start + int(np.searchsorted(lo[start:stop], _NONE, "right"))
            first = sc.BIRTH_EXCLUDED_OVER + self._widest
            low = start + int(np.searchsorted(lo[start:stop], s.birth_year - first))
            high = start + int(
                np.searchsorted(lo[start:stop], s.birth_year + sc.BIRTH_EXCLUDED_OVER, "right")
            )
            parts += [np.arange(start, unknown), np.arange(max(low, unknown), high)]
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)

    def _bounds(self, s: sc.Sought, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(excluded, lowest points, highest points) of ``rows``, before the clamp."""
        c = dict(zip(self._names, self._matrix[:, rows], strict=True))
        count = rows.size
        where = np.full(len(self), -1, dtype=np.int64)
        where[rows] = np.arange(count)
        excluded = np.zeros(count, dtype=bool)
        points = np.zeros(count, dtype=np.int64)
        # Sex.
        sex = _SEX.get(s.sex, 0)
        if sex:
            excluded |= (c["sex"] != 0) & (c["sex"] != sex)
            points += (c["sex"] == sex) * sc.SEX_POINTS
        # Birth years.
        known = c["lo"] != _NONE
        if s.birth_year is not None:
            gap = np.maximum(np.maximum(c["lo"] - s.birth_year, s.birth_year - c["hi"]), 0)
            excluded |= known & (gap > sc.BIRTH_EXCLUDED_OVER)
            table = np.zeros(sc.BIRTH_EXCLUDED_OVER + 2, dtype=np.int64)
            table[: len(sc.BIRTH_POINTS)] = sc.BIRTH_POINTS
            points += np.where(known, table[np.clip(gap, 0, len(table) - 1)], 0)
        # Found after going missing.
        if s.missing_date is not None:
            missing = s.missing_date.toordinal()
            has = c["found"] != _NONE
            excluded |= has & (c["found"] < missing - sc.FOUND_BEFORE_DAYS)
            near = has & (c["found"] >= missing - sc.FOUND_BEFORE_DAYS)
            points += (near & (c["found"] - missing <= 365)) * sc.FOUND_WITHIN_YEAR
        # Height, when both were adults when measured.
        when = s.height_measured_on or s.missing_date
        if s.height_cm is not None and when is not None:
            has = (c["height"] != _NONE) & known
            if s.birth_year is not None:
                adult_then: np.ndarray | bool = when.year - s.birth_year >= sc.ADULT_AGE
            else:
                adult_then = when.year - c["hi"] >= sc.ADULT_AGE
            adult_now = (c["measured_year"] != _NONE) & (
                c["measured_year"] - c["hi"] >= sc.ADULT_AGE
            )
            diff = np.minimum(np.abs(c["height"] - s.height_cm), 16)
            table = np.asarray([sc.height_points(d) for d in range(17)], dtype=np.int64)
            points += np.where(has & adult_then & adult_now, table[diff], 0)
        # Accent.
        sought_accent = sc.effective_accent(s.home_dialect_code, s.home_dialect_text)
        table = np.asarray(
            [sc.accent_points(sought_accent, s.home_place_code, a) for a in self._accents]
        )
        points += table[c["accent"]]
        # Place.
        home = s.home_place_code
        if home and len(home) == 6 and home.isdigit():
            county = _NONE - 1 if home.endswith("00") else int(home)
            prefecture = _NONE - 1 if home[2:4] == "00" else int(home[:4])
            points += np.maximum(
                np.maximum(
                    (c["county"] == county) * sc.PLACE_POINTS["county"],
                    (c["prefecture"] == prefecture) * sc.PLACE_POINTS["prefecture"],
                ),
                (c["province"] == int(home[:2])) * sc.PLACE_POINTS["province"],
            )
        points += self._marks(s, where, count)
        low = np.zeros(count, dtype=np.int64)
        high = np.zeros(count, dtype=np.int64)
        wanted: set[str] = set()
        for name in s.names:
            wanted |= nm.query_keys(name, False)
        for name in s.nicknames:
            wanted |= nm.query_keys(name, True)
        for key in wanted:
            at = self._rows(self.keys, key)
            if at.size:
                at = where[at]
                at = at[at >= 0]
                least, most = nm.POINTS[nm.kind_of(key)]
                # A key files a person once: no repeated row, so plain indexing is exact
                # (and many times faster than np.maximum.at).
                low[at] = np.maximum(low[at], least)
                high[at] = np.maximum(high[at], most)
        return excluded, points + low, points + high

    def _marks(self, s: sc.Sought, where: np.ndarray, count: int) -> np.ndarray:
        wanted = mk.marks_of(s.features)
        if not wanted:
            return np.zeros(count, dtype=np.int64)
        pairs = np.zeros(count, dtype=np.int64)
        kinds = np.zeros(count, dtype=np.int64)

        def local(at: np.ndarray) -> np.ndarray:
            at = where[at]
            return at[at >= 0]

        for kind in sorted({k for _, k in wanted}):
            paired = np.zeros(count, dtype=bool)
            for pair in (p for p in wanted if p[0] and p[1] == kind):
                at = local(self._rows(self.pairs, pair))
                paired[at] = True
                pairs[at] += 1
            has = np.zeros(count, dtype=bool)
            has[local(self._rows(self.kinds, kind))] = True
            kinds += has & ~paired
        return np.minimum(
            mk.MAX_POINTS,
            mk.PAIR_POINTS * np.minimum(pairs, mk.MAX_EACH)
            + mk.KIND_POINTS * np.minimum(kinds, mk.MAX_EACH),
        )

    def top(self, sought: sc.Sought, n: int, today: dt.date) -> list[sc.Match]:
        """The best n persons by points (ties by person id), only those >= LISTED_FROM."""
        if n <= 0 or not self.described:
            return []
        rows = self._slices(sought)
        excluded, low, high = self._bounds(sought, rows)
        low = np.clip(low, 0, 100)
        high = np.clip(high, 0, 100)
        keep = ~excluded & (high >= sc.LISTED_FROM)
        rows, low, high = rows[keep], low[keep], high[keep]
        if rows.size == 0:
            return []
        exact = low.copy()
        nth = np.partition(low, rows.size - n)[rows.size - n] if rows.size > n else -1
        scored: dict[int, sc.Match] = {}
        for at in np.flatnonzero((high > low) & (high >= nth)).tolist():
            match = sc.score(sought, self.described[rows[at]], today)
            if match is not None:
                exact[at] = match.points
                scored[at] = match
        listed = np.flatnonzero(exact >= sc.LISTED_FROM)
        if listed.size > n:
            cut = np.partition(-exact[listed], n - 1)[n - 1]
            listed = listed[-exact[listed] <= cut]
        ids = self.columns["id"][rows[listed]]
        order = np.lexsort((ids, -exact[listed]))[:n]
        out: list[sc.Match] = []
        for at in listed[order].tolist():
            match = scored.get(at) or sc.score(sought, self.described[rows[at]], today)
            if match is not None:
                out.append(match)
        return out
