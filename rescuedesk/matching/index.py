"""The best candidates for an inquiry among many persons, exactly as ``scorer.score`` ranks
them, without scoring every person in Python.

``build`` files each person's name keys (names.stored_keys) packed into int64s in one sorted
array (key -> rows by two binary searches), the usual names all at once with numpy from a
table of their characters, the rest one by one; the other factors go in narrow numpy
columns. ``top`` (1) takes the rows the sex and birth year leave (contiguous ranges: rows are
sorted by sex and birth year), (2) computes every factor for those rows at once with the
scorer's own rules — the name level scattered in from the keys the inquiry looks for, the
marks from the (part, kind) lists and a bit mask of kinds a row — so each row's
points are known exactly, except that a dialect-folded name is worth 18 or 26 by regions the
scorer works out; (3) scores with ``scorer.score`` the rows where that choice could still
change the top n, and (4) the top n, for their reasons. Ties go by person id.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence

import numpy as np

from rescuedesk.collector import paused as collector_paused
from rescuedesk.matching import marks as mk
from rescuedesk.matching import names as nm
from rescuedesk.matching import scorer as sc
from rescuedesk.reference import dialects
from rescuedesk.reference import name_sounds as ns
from rescuedesk.reference.dialects import R_RULES

_NONE = -(2**30)
_FAR = 20_000  # an unknown birth year as an int16 range no year is near: never excluded
_SEX = {"male": 1, "female": 2}

# A name key is packed into an int64 per kind (names.kind_of): its characters 15 bits each
# (at most 4), or its syllables by the index's own numbering 12 bits each (at most 5). A key
# that does not fit (a Latin name, five characters) is kept as text in ``_overflow``.
_CHAR_BITS = 15
_MAX_CHARS = 4
_SYL_BITS = 12
_MAX_SYLS = 5
_KIND_SHIFT = 60  # above the 60 bits of a packed key
_WILDCARD = 1  # the syllable number of "*" (names: one syllable left out)
_PREFIXES = frozenset("小阿老")
_MAYBE_PLACEHOLDER = re.compile(r"[无佚不未\uf900-\ufaff]")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")  # the characters _char_code packs


def _char_code(char: str) -> int:
    """1.. for a character of the ranges names.chars_of keeps, 0 for any other."""
    cp = ord(char)
    if 0x3400 <= cp <= 0x9FFF:
        return cp - 0x3400 + 1
    if 0xF900 <= cp <= 0xFAFF:
        return 0x6C01 + cp - 0xF900
    return 0


def _pack_chars(text: str) -> int | None:
    if not text or len(text) > _MAX_CHARS:
        return None
    value = 0
    for i, char in enumerate(text):
        code = _char_code(char)
        if not code:
            return None
        value |= code << (_CHAR_BITS * i)
    return value


def _pack_columns(codes: np.ndarray, bits: int) -> np.ndarray:
    """Row-wise packing of an (n, k) matrix of codes, as _pack_chars / _pack_syllables do."""
    out = np.zeros(codes.shape[0], dtype=np.int64)
    for i in range(codes.shape[1]):
        out |= codes[:, i].astype(np.int64) << (bits * i)
    return out


def _ordinal(day: dt.date | None) -> int:
    return day.toordinal() if day else _NONE


def _code(code: str | None, digits: int) -> int:
    if not code or len(code) != 6 or not code.isdigit():
        return _NONE
    return int(code[:digits])


class _Postings:
    """value -> rows for one kind of key, as two sorted arrays (built once, by numpy)."""

    def __init__(self) -> None:
        self.parts: list[tuple[np.ndarray, np.ndarray]] = []
        self.values = np.zeros(0, dtype=np.int64)
        self.rows = np.zeros(0, dtype=np.int64)

    def add(self, values: np.ndarray, rows: np.ndarray) -> None:
        if values.size:
            self.parts.append((values, rows))

    def close(self) -> None:
        if not self.parts:
            return
        values = np.concatenate([v for v, _ in self.parts])
        rows = np.concatenate([r for _, r in self.parts]).astype(np.int64)
        order = np.lexsort((rows, values))
        values, rows = values[order], rows[order]
        keep = np.ones(values.size, dtype=bool)  # a person filed twice (two names) once
        keep[1:] = (values[1:] != values[:-1]) | (rows[1:] != rows[:-1])
        self.values, self.rows, self.parts = values[keep], rows[keep], []

    def get(self, value: int) -> np.ndarray:
        start = int(np.searchsorted(self.values, value, "left"))
        stop = int(np.searchsorted(self.values, value, "right"))
        return self.rows[start:stop]


class CandidateIndex:
    def __init__(self, described: Sequence[sc.Described]) -> None:
        # Sorted by sex, then by earliest birth year (unknown first): an inquiry's sex and
        # its birth year +- 8 are a few contiguous slices, so most rows are never looked at.
        ranges = [sc.birth_range(d) for d in described]
        order = sorted(
            range(len(described)),
            key=lambda i: (
                _SEX.get(described[i].sex, 0),
                _NONE if ranges[i][0] is None else ranges[i][0],
            ),
        )
        self.described = [described[i] for i in order]
        ranges = [ranges[i] for i in order]
        count = len(self.described)
        self._syllables: dict[str, int] = {"*": _WILDCARD}
        self._postings: dict[str, _Postings] = {kind: _Postings() for kind in nm.POINTS}
        self._overflow: dict[str, list[int] | np.ndarray] = {}
        self._named = np.zeros(count, dtype=bool)  # scorer.names_given of the row's names
        self._file_names()
        # One sorted array of every kind's keys, the kind in the top bits: an inquiry looks
        # all its keys up in one call.
        for postings in self._postings.values():
            postings.close()
        self._kind_number = {kind: i for i, kind in enumerate(self._postings)}
        self._keys = np.concatenate(
            [
                p.values.astype(np.uint64) | np.uint64(i << _KIND_SHIFT)
                for i, p in enumerate(self._postings.values())
            ]
        )
        self._key_rows = np.concatenate([p.rows for p in self._postings.values()])
        self._postings = {}
        # Marks: (part, kind) pairs are few a person and rare, filed by pair; the kinds are
        # common (a birthmark in one of seven) and go in a bit mask a row.
        self.pairs: dict[tuple[str, str], list[int] | np.ndarray] = {}
        self._kind_bit = {kind: 1 << i for i, kind in enumerate(mk.KINDS)}
        kind_bits = np.zeros(count, dtype=np.int32)
        by_text: dict[str, list[int]] = {}
        for row, d in enumerate(self.described):
            if d.features:
                by_text.setdefault(d.features, []).append(row)
        for text, rows in by_text.items():
            found_marks = mk.marks_of(text)
            for pair in {p for p in found_marks if p[0]}:
                self.pairs.setdefault(pair, []).extend(rows)  # type: ignore[union-attr]
            bits = 0
            for _, kind in found_marks:
                bits |= self._kind_bit[kind]
            kind_bits[rows] = bits
        self._kind_bits = kind_bits
        accents = [None, *dialects.ACCENTS]
        self._accents: list[str | None] = accents
        accent_id = {code: i for i, code in enumerate(accents)}
        columns: dict[str, list[int]] = {}
        ds = self.described
        codes: dict[str | None, tuple[int, int, int]] = {}
        for d in ds:
            p = d.found_place_code
            if p not in codes:
                codes[p] = (
                    _code(p, 6) if p and not p.endswith("00") else _NONE,
                    _code(p, 4) if p and p[2:4] != "00" else _NONE,
                    _code(p, 2),
                )
        places = [codes[d.found_place_code] for d in ds]
        columns["id"] = [d.person_id for d in ds]
        columns["sex"] = [_SEX.get(d.sex, 0) for d in ds]
        columns["lo"] = [_NONE if lo is None else lo for lo, _ in ranges]
        columns["hi"] = [_NONE if hi is None else hi for _, hi in ranges]
        columns["height"] = [_NONE if d.height_cm is None else d.height_cm for d in ds]
        columns["measured_year"] = [d.measured_on.year if d.measured_on else _NONE for d in ds]
        accent_of = {}
        for d in ds:
            pair = (d.accent_code, d.accent_text)
            if pair not in accent_of:
                accent_of[pair] = accent_id[sc.effective_accent(*pair)]
        columns["accent"] = [accent_of[d.accent_code, d.accent_text] for d in ds]
        columns["found"] = [_ordinal(d.found_date) for d in ds]
        columns["county"] = [p[0] for p in places]
        columns["prefecture"] = [p[1] for p in places]
        columns["province"] = [p[2] for p in places]
        # One int32 matrix, a row per column: an inquiry gathers its slice in one call.
        self._names = list(columns)
        self._matrix = np.asarray([columns[k] for k in self._names], dtype=np.int32).reshape(
            len(self._names), count
        )
        self.columns = dict(zip(self._names, self._matrix, strict=True))
        c = self.columns
        known = c["lo"] != _NONE
        self._widest = int((c["hi"] - c["lo"])[known].max()) if known.any() else 0
        # Narrow columns in the forms _bounds reads them with the fewest passes.
        unknown = c["lo"] == _NONE
        self._lo = np.where(unknown, -_FAR, c["lo"]).astype(np.int16)
        self._hi = np.where(unknown, _FAR, c["hi"]).astype(np.int16)
        self._sex_accent = (c["sex"] * len(accents) + c["accent"]).astype(np.int16)
        self._found = np.where(c["found"] == _NONE, 2**30, c["found"]).astype(np.int32)
        self._height = np.where(c["height"] == _NONE, 0, c["height"]).astype(np.int16)
        self._adult_height = (
            (c["height"] != _NONE)
            & ~unknown
            & (c["measured_year"] != _NONE)
            & (c["measured_year"] - c["hi"] >= sc.ADULT_AGE)
        )
        self._province = c["province"]
        table = np.zeros(self._widest + 12, dtype=np.int16)  # by gap + widest + 1 (_bounds)
        table[1 : self._widest + 2] = sc.BIRTH_POINTS[0]
        for gap, points in enumerate(sc.BIRTH_POINTS):
            table[self._widest + 1 + gap] = points
        self._birth_table = table
        self._birth_excluded = np.zeros(self._widest + 12, dtype=bool)
        self._birth_excluded[self._widest + 1 + sc.BIRTH_EXCLUDED_OVER + 1 :] = True
        self._height_table = np.asarray([sc.height_points(d) for d in range(17)], dtype=np.int16)
        self._groups = {
            sex: (int(np.searchsorted(c["sex"], sex)), int(np.searchsorted(c["sex"], sex, "right")))
            for sex in (0, 1, 2)
        }

    # -- name keys --------------------------------------------------------------------

    def _syllable(self, said: str, add: bool) -> int | None:
        number = self._syllables.get(said)
        if number is None and add:
            number = self._syllables[said] = len(self._syllables) + 1
        return number

    def _packed(self, key: str, add: bool) -> int | None:
        """The key as an int of its kind; None when it does not fit (or, asked without
        ``add``, names a syllable no person's key has)."""
        kind, payload = key[:2], key[3:]
        if kind[1] == "c":
            return _pack_chars(payload)
        said = payload.split(ns.SYLLABLE_END)[:-1]
        if not said or len(said) > _MAX_SYLS:
            return None
        value = 0
        for i, syllable in enumerate(said):
            number = self._syllable(syllable, add)
            if number is None or number >= 1 << _SYL_BITS:
                return None
            value |= number << (_SYL_BITS * i)
        return value

    def _file_names(self) -> None:
        """File every name's keys: the usual names (surname of one character, one or two
        characters of given name, one reading each, not a pet name) all at once with numpy
        from a table of their characters — the same keys names.stored_keys makes, which the
        others go through one by one (test_match_index checks both ways agree)."""
        texts: list[str] = []
        owners: list[int] = []
        for row, d in enumerate(self.described):
            for name in d.names:
                texts.append(name)
                owners.append(row)
        usual = [i for i, t in enumerate(texts) if 2 <= len(t) <= 3 and self._plain_text(t)]
        fast = self._file_usual([texts[i] for i in usual], np.asarray(owners)[usual])
        skipped = set(np.asarray(usual, dtype=np.int64)[fast].tolist()) if usual else set()
        values: dict[str, list[int]] = {kind: [] for kind in self._postings}
        filed: dict[str, list[int]] = {kind: [] for kind in self._postings}
        # Which rows have a name (scorer.names_given): a usual name is one unless it may be
        # 无名氏 or the like (or holds a compatibility character NFKC could turn into one).
        for i in np.asarray(usual, dtype=np.int64)[fast].tolist() if usual else []:
            row = owners[i]
            if not self._named[row] and (
                not _MAYBE_PLACEHOLDER.search(texts[i]) or sc.names_given((texts[i],))
            ):
                self._named[row] = True
        for i, (text, row) in enumerate(zip(texts, owners, strict=True)):
            if i in skipped:
                continue
            keys = nm.stored_keys(text)
            if not self._named[row] and sc.names_given((text,)):
                self._named[row] = True
            for key in keys:
                value = self._packed(key, add=True)
                if value is None:
                    self._overflow.setdefault(key, []).append(row)  # type: ignore[union-attr]
                else:
                    values[nm.kind_of(key)].append(value)
                    filed[nm.kind_of(key)].append(row)
        for kind, postings in self._postings.items():
            postings.add(
                np.asarray(values[kind], dtype=np.int64), np.asarray(filed[kind], dtype=np.int64)
            )

    @staticmethod
    def _plain_text(text: str) -> bool:
        return _HAN.fullmatch(text) is not None

    def _file_usual(self, texts: list[str], rows: np.ndarray) -> np.ndarray:
        """File the usual names among ``texts``; the mask of those filed."""
        done = np.zeros(len(texts), dtype=bool)
        if not texts:
            return done
        lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        points = np.asarray(texts, dtype="<U3").view(np.uint32).reshape(len(texts), 3)
        chars, at = np.unique(points, return_inverse=True)
        at = at.reshape(points.shape)
        # What each character is: its code, reading, folded readings, and what it rules out.
        table = [self._char_info(chr(cp)) if cp else None for cp in chars.tolist()]
        code = np.asarray([t[0] if t else 0 for t in table], dtype=np.int64)
        said = np.asarray([t[1] if t else 0 for t in table], dtype=np.int64)
        folds = [np.asarray([t[2][r] if t else 0 for t in table], dtype=np.int64) for r in range(3)]
        single = np.asarray([bool(t and t[3]) for t in table])
        surname_ok = np.asarray([bool(t and t[4]) for t in table])
        prefix = np.isin(chars, [ord(c) for c in _PREFIXES])
        er = chars == ord("儿")
        compound = {ord(x[0]) * 65536 + ord(x[1]) for x in ns.COMPOUND_SURNAMES}
        for length in (2, 3):
            pick = np.flatnonzero(lengths == length)
            if not pick.size:
                continue
            a = at[pick, :length]
            ok = single[a].all(axis=1) & surname_ok[a[:, 0]] & (code[a] > 0).all(axis=1)
            ok &= ~prefix[a[:, 0]] & ~er[a[:, -1]] & ~prefix[a[:, 1]]
            if length == 2:
                ok &= a[:, 0] != a[:, 1]
            else:
                first_two = points[pick, 0].astype(np.int64) * 65536 + points[pick, 1]
                ok &= ~np.isin(first_two, list(compound))
            pick, a = pick[ok], a[ok]
            done[pick] = True
            self._file_matrix(a, rows[pick], code, said, folds)
        return done

    def _char_info(self, char: str) -> tuple[int, int, list[int], bool, bool] | None:
        """(code, reading number, folded reading numbers by r rule, one reading with one
        folded form, may be a surname read as usual)."""
        readings = ns.char_readings(char)
        if not readings or not _char_code(char):
            return None
        usual = readings[0]
        folds = [self._syllable(ns.fold_syllable(usual, r), True) or 0 for r in R_RULES]
        return (
            _char_code(char),
            self._syllable(usual, True) or 0,
            folds,
            len(readings) == 1 and len(ns.fold_forms(usual)) == 1,
            char not in ns.SURNAME_READINGS,
        )

    def _file_matrix(
        self,
        a: np.ndarray,
        rows: np.ndarray,
        code: np.ndarray,
        said: np.ndarray,
        folds: list[np.ndarray],
    ) -> None:
        add = self._postings
        chars, sound = code[a], said[a]
        length = a.shape[1]
        add["Fc"].add(_pack_columns(chars, _CHAR_BITS), rows)
        add["Gc"].add(_pack_columns(chars[:, 1:], _CHAR_BITS), rows)
        add["Fs"].add(_pack_columns(sound, _SYL_BITS), rows)
        add["Gs"].add(_pack_columns(sound[:, 1:], _SYL_BITS), rows)
        for i in range(length):
            one_off = sound.copy()
            one_off[:, i] = _WILDCARD
            add["Fn"].add(_pack_columns(one_off, _SYL_BITS), rows)
        for fold in folds:
            folded = fold[a]
            add["Ff"].add(_pack_columns(folded, _SYL_BITS), rows)
            add["Gf"].add(_pack_columns(folded[:, 1:], _SYL_BITS), rows)
            if length == 2:  # the two characters as a given name alone
                add["Gf"].add(_pack_columns(folded, _SYL_BITS), rows)
            add["Pf"].add(folded[:, -1], rows)
        if length == 2:
            add["Gc"].add(_pack_columns(chars, _CHAR_BITS), rows)
            add["Gs"].add(_pack_columns(sound, _SYL_BITS), rows)
        add["Pc"].add(chars[:, -1], rows)  # the last character (names.given_cores)
        add["Ps"].add(sound[:, -1], rows)

    @classmethod
    def build(cls, described: Sequence[sc.Described]) -> CandidateIndex:
        # A build makes millions of small objects and no cycles: the cyclic collector,
        # which walks the growing heap again and again meanwhile, took a quarter of it.
        with collector_paused():
            return cls(described)

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

    def _ranges(self, s: sc.Sought) -> list[tuple[int, int]]:
        """The rows that can pass the sex and birth-year exclusions (a superset), as
        ascending ranges: the sex groups (a known sex rules the other out), within each
        the unknown birth years and those within reach of the inquiry's."""
        sex = _SEX.get(s.sex, 0)
        groups = [self._groups[g] for g in ((0, sex) if sex else (0, 1, 2))]
        lo = self.columns["lo"]
        out: list[tuple[int, int]] = []
        for start, stop in groups:
            if s.birth_year is None:
                out.append((start, stop))
                continue
            unknown = start + int(np.searchsorted(lo[start:stop], _NONE, "right"))
            first = sc.BIRTH_EXCLUDED_OVER + self._widest
            low = start + int(np.searchsorted(lo[start:stop], s.birth_year - first))
            high = start + int(
                np.searchsorted(lo[start:stop], s.birth_year + sc.BIRTH_EXCLUDED_OVER, "right")
            )
            out += [(start, unknown), (max(low, unknown), high)]
        return [(a, b) for a, b in out if b > a]

    def _bounds(
        self, s: sc.Sought, ranges: list[tuple[int, int]]
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(rows, excluded, lowest points, highest points) of the rows in ``ranges``, before
        the clamp: each factor in a few passes over narrow columns, as the scorer rules."""

        def cut(column: np.ndarray) -> np.ndarray:
            return np.concatenate([column[a:b] for a, b in ranges])

        rows = np.concatenate([np.arange(a, b) for a, b in ranges])
        count = rows.size
        # Sex and accent in one table (a different sex is already left out by the ranges).
        sex = _SEX.get(s.sex, 0)
        sought_accent = sc.effective_accent(s.home_dialect_code, s.home_dialect_text)
        accent = [sc.accent_points(sought_accent, s.home_place_code, a) for a in self._accents]
        table = np.asarray(
            [(g == sex and sex > 0) * sc.SEX_POINTS + a for g in range(3) for a in accent],
            dtype=np.int16,
        )
        points = table[cut(self._sex_accent)]
        excluded = np.zeros(count, dtype=bool)
        # Birth years: the gap, offset so an unknown year, in range, 1, 2 ... read one table.
        if s.birth_year is not None:
            year = s.birth_year
            gap = np.maximum(cut(self._lo) - year, year - cut(self._hi))
            at = np.clip(gap + (self._widest + 1), 0, self._birth_table.size - 1)
            points += self._birth_table[at]
            excluded |= self._birth_excluded[at]
        # Found after going missing (an unknown found date is far in the future).
        if s.missing_date is not None:
            missing = s.missing_date.toordinal()
            found = cut(self._found)
            excluded |= found < missing - sc.FOUND_BEFORE_DAYS
            near = (found >= missing - sc.FOUND_BEFORE_DAYS) & (found - missing <= 365)
            points += near.astype(np.int16) * sc.FOUND_WITHIN_YEAR
        # Height, when both were adults when measured.
        when = s.height_measured_on or s.missing_date
        if s.height_cm is not None and when is not None:
            if s.birth_year is None:
                adult = cut(self._adult_height) & (cut(self._hi) <= when.year - sc.ADULT_AGE)
            elif when.year - s.birth_year >= sc.ADULT_AGE:
                adult = cut(self._adult_height)
            else:
                adult = None
            if adult is not None:
                diff = np.minimum(np.abs(cut(self._height) - s.height_cm), 16)
                points += np.where(adult, self._height_table[diff], 0).astype(np.int16)
        # Place: only where the province is the same can the prefecture or county be.
        home = s.home_place_code
        if not home and sought_accent is not None:
            spoken = [int(p) for p in dialects.ACCENTS[sought_accent].provinces]
            points += np.isin(cut(self._province), spoken) * np.int16(sc.PLACE_POINTS["province"])
        if home and len(home) == 6 and home.isdigit():
            same = np.flatnonzero(cut(self._province) == int(home[:2]))
            if same.size:
                county = _NONE - 1 if home.endswith("00") else int(home)
                prefecture = _NONE - 1 if home[2:4] == "00" else int(home[:4])
                at = rows[same]
                points[same] += np.maximum(
                    np.maximum(
                        (self.columns["county"][at] == county) * sc.PLACE_POINTS["county"],
                        (self.columns["prefecture"][at] == prefecture)
                        * sc.PLACE_POINTS["prefecture"],
                    ),
                    sc.PLACE_POINTS["province"],
                ).astype(np.int16)

        def local(at: np.ndarray) -> np.ndarray:
            """Positions among ``rows`` (ascending) of the rows ``at`` that are there."""
            where = np.searchsorted(rows, at)
            inside = where < count
            where, at = where[inside], at[inside]
            return where[rows[where] == at]

        points += self._marks(s, local, cut(self._kind_bits))
        if sc.names_given((*s.names, *s.nicknames)):
            low = np.where(cut(self._named), -sc.NAME_DIFFERS, 0).astype(np.int16)
        else:
            low = np.zeros(count, dtype=np.int16)
        high = low.copy()
        wanted: set[str] = set()
        for name in s.names:
            wanted |= nm.query_keys(name, False)
        for name in s.nicknames:
            wanted |= nm.query_keys(name, True)
        packed: list[int] = []
        levels: list[tuple[int, int]] = []
        found: dict[tuple[int, int], list[np.ndarray]] = {}
        for key in wanted:
            kind = nm.kind_of(key)
            value = self._packed(key, add=False)
            if value is None:
                at = self._rows(self._overflow, key)
                if at.size:
                    found.setdefault(nm.POINTS[kind], []).append(at)
            else:
                packed.append(value | (self._kind_number[kind] << _KIND_SHIFT))
                levels.append(nm.POINTS[kind])
        if packed:
            asked = np.asarray(packed, dtype=np.uint64)
            starts = np.searchsorted(self._keys, asked, "left")
            stops = np.searchsorted(self._keys, asked, "right")
            for i in np.flatnonzero(stops > starts).tolist():
                found.setdefault(levels[i], []).append(self._key_rows[starts[i] : stops[i]])
        for (least, most), parts in found.items():
            at = local(np.concatenate(parts) if len(parts) > 1 else parts[0])
            # Repeated rows (two keys of one level) take the same value: plain indexing is
            # exact, and many times faster than np.maximum.at.
            low[at] = np.maximum(low[at], least)
            high[at] = np.maximum(high[at], most)
        return rows, excluded, points + low, points + high

    def _name_rows(self, key: str) -> np.ndarray:
        value = self._packed(key, add=False)
        if value is None:
            return self._rows(self._overflow, key)
        value |= self._kind_number[nm.kind_of(key)] << _KIND_SHIFT
        start = int(np.searchsorted(self._keys, np.uint64(value), "left"))
        stop = int(np.searchsorted(self._keys, np.uint64(value), "right"))
        return self._key_rows[start:stop]

    def _marks(
        self, s: sc.Sought, local: Callable[[np.ndarray], np.ndarray], kind_bits: np.ndarray
    ) -> np.ndarray:
        count = kind_bits.size
        wanted = mk.marks_of(s.features)
        if not wanted:
            return np.zeros(count, dtype=np.int16)
        pairs = np.zeros(count, dtype=np.int16)
        kinds = np.zeros(count, dtype=np.int16)
        for kind in sorted({k for _, k in wanted}):
            paired = np.zeros(count, dtype=bool)
            for pair in (p for p in wanted if p[0] and p[1] == kind):
                at = local(self._rows(self.pairs, pair))
                paired[at] = True
                pairs[at] += 1
            has = (kind_bits & self._kind_bit[kind]) != 0
            kinds += has & ~paired
        return np.minimum(
            mk.MAX_POINTS,
            mk.PAIR_POINTS * np.minimum(pairs, mk.MAX_EACH)
            + mk.KIND_POINTS * np.minimum(kinds, mk.MAX_EACH),
        ).astype(np.int16)

    def top(self, sought: sc.Sought, n: int, today: dt.date) -> list[sc.Match]:
        """The best n persons by points (ties by person id), only those >= LISTED_FROM."""
        if n <= 0 or not self.described:
            return []
        ranges = self._ranges(sought)
        if not ranges:
            return []
        rows, excluded, low, high = self._bounds(sought, ranges)
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
