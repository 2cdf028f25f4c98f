"""Does this unidentified person in care match this family's inquiry? Points with reasons.

Weights (``SCORER_VERSION`` 3; a candidate is listed from ``LISTED_FROM``, "很可能" from
``LIKELY_FROM``; the total is clamped to 0-100):

==========================================================================  ==============
name — the best one of (names and nicknames against real name, called names, alias):
  same characters                                                            35
  same Mandarin sound, other characters (同音)                               30
  same after dialect folding, every merger needed spoken in either side's    26
    region (the inquiry's home place or dialect, the person's accent)
  same after folding, a merger outside both regions (or regions unknown)     18
  given name / nickname only (surname differs or missing — the name may      22 / 18 / 14
    have been changed; a name of two characters may be the given name
    alone, 红梅 — 王红梅): characters / sound / folded
  a nickname's core character is the last character of the given name       16 / 13 / 10
    (小梅, 阿梅, 梅梅, 梅子 — 李小梅, 王梅, 王红梅; 小名相符): chars / sound / folded
  all syllables but one the same sound (at least 2 syllables)                10
  no name shares anything, both sides giving one (not 无名氏): a recorded     -10
    name is evidence, and a stranger's name speaks against her; not excluded,
    for names get changed
sex the same; different, both known: **excluded**                           8
birth year against the estimated range, gap 0 / 1 / 2 / 3 / 4-5;            18/15/12/9/3
  gap over 8: **excluded**
height, only when both were adults when measured: within 3 / 6 / 10 cm;     8 / 5 / 2; -6
  more than 15 cm apart
accent against home: same accent / home province among the accent's         12 / 8
  provinces, or one accent the group of the other (西南官话, 四川口音)
marks: each shared (body part, kind), at most 2 / each shared kind only,    8 / 4
  at most 2 (marks.py)
found after going missing (found more than 30 days before the missing date: 4
  **excluded**), within a year
found place against the missing or home place: county / prefecture /        6 / 4 / 2
  province; with no home place, a province where the home dialect is spoken    2
==========================================================================  ==============

Version 3 (against 2): a recorded name sharing nothing with the family's names and
nicknames costs 10 (before, it cost nothing, and a stranger with the right age, accent and
place outranked a candidate whose name differed by one syllable or was the nickname's core);
a folded name with feng also folds it by the nasal mergers first (凤 feng — 芬 fen, which
f/h alone made hong — hun and never one); an inquiry without a home place but with a home
dialect counts a found place in a province where that dialect is spoken (2, as the same
province).

Version 2 (against 1): the nickname-core row has its own points (it was worth a given name,
22/18/14, and made families' nicknames find hundreds of persons at the level of a given name);
two-character names are also given names; heteronym readings only those names use
(name_sounds.NAME_READINGS). ``today`` is in the signature for the service's sake and for
factors that may depend on the date; none does yet.

Points are absolute, not relative to the best candidate (Primero normalises to the best hit,
which hides that the best is poor). Reasons are Chinese, one for each factor that scored, and
never name the buyer or say how the person came into care: a reason may be read out to a family.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from rescuedesk.matching import marks as mk
from rescuedesk.matching import names as nm
from rescuedesk.reference import dialects, divisions
from rescuedesk.reference import name_sounds as ns

SCORER_VERSION = 3
LISTED_FROM = 25
LIKELY_FROM = 60

SEX_POINTS = 8
NAME_DIFFERS = 10
# What a station writes for a person who gives no name: not a name to compare.
PLACEHOLDER = re.compile("无名|佚名|不详|未知|不明")
BIRTH_POINTS = (18, 15, 12, 9, 3, 3)  # by gap 0..5 years
BIRTH_EXCLUDED_OVER = 8
ADULT_AGE = 18
SAME_ACCENT = 12
ACCENT_NEAR = 8
FOUND_WITHIN_YEAR = 4
FOUND_BEFORE_DAYS = 30
PLACE_POINTS = {"county": 6, "prefecture": 4, "province": 2}
UNSCORED_ACCENTS = frozenset({"none", "putonghua"})


@dataclass(frozen=True)
class Described:
    """An unidentified person in care."""

    person_id: int
    case_id: int | None
    case_number: str | None
    names: tuple[str, ...]
    sex: str
    birth_year_earliest: int | None
    birth_year_latest: int | None
    height_cm: int | None
    measured_on: dt.date | None
    accent_code: str | None
    accent_text: str | None
    features: str | None
    found_date: dt.date | None
    found_place_code: str | None


@dataclass(frozen=True)
class Sought:
    """An inquiry about a missing person."""

    key: str
    names: tuple[str, ...]
    nicknames: tuple[str, ...]
    sex: str
    birth_year: int | None
    height_cm: int | None
    height_measured_on: dt.date | None
    home_dialect_code: str | None
    home_dialect_text: str | None
    home_place_code: str | None
    features: str | None
    missing_date: dt.date | None


@dataclass(frozen=True)
class Match:
    person_id: int
    case_id: int | None
    case_number: str | None
    points: int
    reasons: tuple[str, ...]
    parts: dict[str, int] = field(default_factory=dict, hash=False)


# -- the factors, each also used by the index (one definition, no drift) ----------------


def sex_excluded(one: str, other: str) -> bool:
    return one in ("male", "female") and other in ("male", "female") and one != other


def names_given(names: tuple[str, ...]) -> bool:
    """Is one of these a name (not a station's code or 无名氏)?"""
    for name in names:
        parsed = nm.parse(name)
        if parsed is not None and not PLACEHOLDER.search(parsed.chars):
            return True
    return False


def names_differ(s: Sought, d: Described) -> bool:
    """Both sides give a name (the check that none is shared is the caller's)."""
    return names_given((*s.names, *s.nicknames)) and names_given(d.names)


def birth_range(d: Described) -> tuple[int | None, int | None]:
    lo = d.birth_year_earliest if d.birth_year_earliest is not None else d.birth_year_latest
    hi = d.birth_year_latest if d.birth_year_latest is not None else d.birth_year_earliest
    return lo, hi


def birth_gap(year: int | None, lo: int | None, hi: int | None) -> int | None:
    if year is None or lo is None or hi is None:
        return None
    return max(lo - year, year - hi, 0)


def birth_points(gap: int | None) -> int:
    return BIRTH_POINTS[gap] if gap is not None and gap < len(BIRTH_POINTS) else 0


def height_points(diff: int) -> int:
    if diff <= 3:
        return 8
    if diff <= 6:
        return 5
    if diff <= 10:
        return 2
    return -6 if diff > 15 else 0


def effective_accent(code: str | None, text: str | None) -> str | None:
    found = code if code in dialects.ACCENTS else dialects.accent_of(text)
    return None if found in UNSCORED_ACCENTS else found


def accent_points(sought_code: str | None, home_code: str | None, code: str | None) -> int:
    """The person's accent ``code`` against the inquiry's dialect and home place."""
    if code is None:
        return 0
    if sought_code == code:
        return SAME_ACCENT
    if home_code and home_code[:2] in dialects.ACCENTS[code].provinces:
        return ACCENT_NEAR
    if sought_code and (sought_code.split(".")[0] == code or code.split(".")[0] == sought_code):
        return ACCENT_NEAR
    return 0


def place_level(found: str | None, home: str | None) -> str | None:
    if not found or not home or len(found) != 6 or len(home) != 6:
        return None
    if not (found.isdigit() and home.isdigit()):
        return None
    if found == home and not found.endswith("00"):
        return "county"
    if found[:4] == home[:4] and found[2:4] != "00":
        return "prefecture"
    if found[:2] == home[:2]:
        return "province"
    return None


def found_where_spoken(s: Sought, found: str | None) -> str | None:
    """The label of the inquiry's home dialect when, its home place unknown, the person was
    found in a province where that dialect is spoken (most are found near home)."""
    code = effective_accent(s.home_dialect_code, s.home_dialect_text)
    if code is None or not found or len(found) != 6 or not found.isdigit():
        return None
    return dialects.ACCENTS[code].label if found[:2] in dialects.ACCENTS[code].provinces else None


def found_excluded(found: dt.date | None, missing: dt.date | None) -> bool:
    return bool(found and missing and found < missing - dt.timedelta(days=FOUND_BEFORE_DAYS))


def found_points(found: dt.date | None, missing: dt.date | None) -> int:
    if not found or not missing or found_excluded(found, missing):
        return 0
    return FOUND_WITHIN_YEAR if (found - missing).days <= 365 else 0


def adult_when(measured: dt.date | None, birth_year: int | None) -> bool:
    return (
        measured is not None
        and birth_year is not None
        and (measured.year - birth_year >= ADULT_AGE)
    )


# -- names ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Regions:
    """Where each side speaks: the provinces, and how a reason names them."""

    sought: frozenset[str]
    described: frozenset[str]
    sought_label: str
    described_label: str


def _regions(s: Sought, d: Described) -> _Regions:
    s_code = effective_accent(s.home_dialect_code, s.home_dialect_text)
    d_code = effective_accent(d.accent_code, d.accent_text)
    sought = set(dialects.provinces_of(s_code))
    label = dialects.ACCENTS[s_code].label if s_code else ""
    if s.home_place_code:
        sought.add(s.home_place_code[:2])
        label = label or "走失地" + (divisions.name(s.home_place_code[:2] + "0000") or "")
    d_label = dialects.ACCENTS[d_code].label if d_code else ""
    return _Regions(frozenset(sought), dialects.provinces_of(d_code), label, d_label)


def _fold(one: nm.Name, other: nm.Name, where: _Regions) -> tuple[int, list[str]]:
    """Points of a folded match, and the mergers it needs with where they are spoken."""
    best: tuple[int, list[str]] = (nm.FOLDED_ELSEWHERE, [])
    for a in one.readings:
        for b in other.readings:
            if len(a) != len(b) or not ns.folded(a) & ns.folded(b):
                continue
            found = [ns.rules_between(x, y) for x, y in zip(a, b, strict=True)]
            if any(f is None for f in found):
                continue
            rules = sorted(set().union(*(f for f in found if f is not None)))
            merged = [dialects.MERGERS[r] for r in rules]
            labels = [m.label for m in merged]
            for side, label in ((where.described, where.described_label),
                                (where.sought, where.sought_label)):  # fmt: skip
                if rules and all(set(m.provinces) & side for m in merged):
                    return nm.FOLDED_SPOKEN, [*labels, label]
            if rules and all(set(m.provinces) & (where.sought | where.described) for m in merged):
                return nm.FOLDED_SPOKEN, [*labels, f"{where.described_label}/{where.sought_label}"]
            if not best[1]:
                best = (nm.FOLDED_ELSEWHERE, labels)
    return best


def _name_part(s: Sought, d: Described) -> tuple[int, str | None]:
    where: _Regions | None = None  # only a folded name needs them
    best: tuple[int, str | None] = (0, None)
    entries = [(n, False) for n in s.names] + [(n, True) for n in s.nicknames]
    for text, nickname in entries:
        one = nm.parse(text)
        if one is None:
            continue
        wanted = nm.query_keys(text, nickname)
        for other_text in d.names:
            other = nm.parse(other_text)
            if other is None:
                continue
            kinds = {nm.kind_of(k) for k in wanted & nm.stored_keys(other_text)}
            for kind in sorted(kinds, key=lambda k: -nm.POINTS[k][1]):
                if nm.POINTS[kind][1] <= best[0]:
                    break
                if kind == "Ff" and where is None:
                    where = _regions(s, d)
                points, reason = _name_reason(kind, one, other, nickname, where)
                if points > best[0]:
                    best = (points, reason)
    return best


def _name_reason(
    kind: str,
    one: nm.Name,
    other: nm.Name,
    nickname: bool,
    where: _Regions | None,
) -> tuple[int, str]:
    pair = f"{one.chars}—{other.chars}"
    if kind == "Fc":
        return nm.SAME_CHARS, f"姓名同字：{other.chars}"
    if kind == "Fs":
        return nm.SAME_SOUND, f"同音：{pair}"
    if kind == "Ff":
        assert where is not None
        points, labels = _fold(one, other, where)
        said = "，".join(x for x in labels if x)
        return points, f"方音相近（{said}）：{pair}" if said else f"方音相近：{pair}"
    if kind == "Fn":
        return nm.ONE_SYLLABLE_OFF, f"姓名仅一字读音不同：{pair}"
    points = nm.POINTS[kind][0]
    how = {"c": "相同", "s": "同音", "f": "方音相近"}[kind[1]]
    if kind[0] == "G":
        mine, theirs = _given_pair(kind, one, other, nickname)
        split = mine == one.given and theirs == other.given
        if split and one.surname and other.surname and not nickname:
            if kind[1] == "c":
                return points, f"名相同、姓不同：{other.given}（可能已改姓）"
            return points, f"名{how}、姓不同：{one.given}—{other.given}（可能已改姓）"
        if not (nickname or one.pet or other.pet):
            said = f"{one.given}—{other.given}" if split else pair
            return points, f"名{how}：{said}"
    if kind[1] == "c" and one.chars == other.chars:
        return points, f"小名相符：{other.chars}"
    return points, f"小名{'相符' if kind[1] == 'c' else how}：{pair}"


def _given_pair(kind: str, one: nm.Name, other: nm.Name, nickname: bool) -> tuple[str, str]:
    """Which given names matched: the given names as split, or a name of two characters
    read as a given name alone (红梅 — 王红梅)."""
    mine = [one.chars] if nickname or not one.full else [one.given]
    if not nickname and nm.two_as_given(one):
        mine.append(one.chars)
    theirs = [other.given, *([other.chars] if nm.two_as_given(other) else [])]
    for a in mine:
        for b in theirs:
            if any(k.startswith(kind[1]) for k in set(nm.part_keys(a)) & set(nm.part_keys(b))):
                return a, b
    return mine[0], theirs[0]


# -- the score --------------------------------------------------------------------------


def score(sought: Sought, described: Described, today: dt.date) -> Match | None:
    """None when the two cannot be the same person (sex, birth years, found before missing)."""
    s, d = sought, described
    if sex_excluded(s.sex, d.sex):
        return None
    lo, hi = birth_range(d)
    gap = birth_gap(s.birth_year, lo, hi)
    if gap is not None and gap > BIRTH_EXCLUDED_OVER:
        return None
    if found_excluded(d.found_date, s.missing_date):
        return None
    parts: dict[str, int] = {}
    reasons: list[str] = []

    def add(part: str, points: int, reason: str | None) -> None:
        if points:
            parts[part] = points
        if reason:
            reasons.append(reason)

    points, reason = _name_part(s, d)
    if not points and names_differ(s, d):
        points, reason = -NAME_DIFFERS, "姓名、小名均不相符"
    add("name", points, reason)
    if s.sex == d.sex and s.sex in ("male", "female"):
        add("sex", SEX_POINTS, "性别相同")
    if gap is not None:
        estimate = f"{lo}" if lo == hi else f"{lo}–{hi}"
        said = "在估计范围内" if gap == 0 else f"差{gap}年"
        text = f"年龄相符：查询出生年份{s.birth_year}，估计{estimate}（{said}）"
        add("birth_year", birth_points(gap), text if birth_points(gap) else None)
    add("height", *_height(s, d, hi))
    add("accent", *_accent(s, d))
    add("marks", *_marks(s, d))
    add("found_date", *_found(s, d, today))
    level = place_level(d.found_place_code, s.home_place_code)
    if level:
        label = {"county": "同县（区）", "prefecture": "同市", "province": "同省"}[level]
        add("place", PLACE_POINTS[level], f"发现地与走失地{label}")
    elif not s.home_place_code and (spoken := found_where_spoken(s, d.found_place_code)):
        add("place", PLACE_POINTS["province"], f"发现地在{spoken}通行的省份")
    total = max(0, min(100, sum(parts.values())))
    return Match(d.person_id, d.case_id, d.case_number, total, tuple(reasons), parts)


def _height(s: Sought, d: Described, youngest: int | None) -> tuple[int, str | None]:
    if s.height_cm is None or d.height_cm is None:
        return 0, None
    when = s.height_measured_on or s.missing_date
    if not adult_when(when, s.birth_year if s.birth_year is not None else youngest):
        return 0, "走失时未成年，身高不比对"
    if not adult_when(d.measured_on, youngest):
        return 0, "登记时未成年，身高不比对"
    diff = abs(s.height_cm - d.height_cm)
    points = height_points(diff)
    if points > 0:
        return points, f"身高相近：相差{diff}厘米"
    return points, f"身高相差{diff}厘米" if points else None


def _accent(s: Sought, d: Described) -> tuple[int, str | None]:
    code = effective_accent(d.accent_code, d.accent_text)
    sought_code = effective_accent(s.home_dialect_code, s.home_dialect_text)
    points = accent_points(sought_code, s.home_place_code, code)
    if not points or code is None:
        return 0, None
    label = dialects.ACCENTS[code].label
    if points == SAME_ACCENT:
        return points, f"口音相同：{label}"
    if s.home_place_code and s.home_place_code[:2] in dialects.ACCENTS[code].provinces:
        place = divisions.full_name(s.home_place_code) or divisions.name(
            s.home_place_code[:2] + "0000"
        )
        return points, f"口音相符：{label}—走失地{place}"
    other = dialects.ACCENTS[sought_code].label if sought_code else ""
    return points, f"口音相近：{other}—{label}"


def _marks(s: Sought, d: Described) -> tuple[int, str | None]:
    pairs, kinds = mk.shared(mk.marks_of(s.features), mk.marks_of(d.features))
    points = mk.points(pairs, kinds)
    if not points:
        return 0, None
    said = "、".join([p + k for p, k in pairs] + kinds)
    return points, f"特征相符：{said}"


def _found(s: Sought, d: Described, today: dt.date) -> tuple[int, str | None]:
    found, missing = d.found_date, s.missing_date
    if not found or not missing:
        return 0, None
    points = found_points(found, missing)
    if found < missing:
        return points, "发现日期与走失日期相近"
    months = (found.year - missing.year) * 12 + found.month - missing.month
    months -= found.day < missing.day
    years, months = divmod(max(months, 0), 12)
    gap = (f"{years}年" if years else "") + (f"{months}个月" if months or not years else "")
    return points, f"走失后发现：相隔{gap}"
