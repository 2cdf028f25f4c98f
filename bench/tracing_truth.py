"""A seeded synthetic truth for the family-tracing benchmark (issue #15, plan §10).

Persons in care (``Described``) and the inquiries families make about them (``Sought``),
with the noise real inquiries carry, each drawn independently: a Mandarin homophone for one
character, a dialect merger of the family's home province on one syllable, a nickname instead
of the name, the birth year off by up to 3 years, the height off by up to 5 cm, the place
named at county, prefecture or province level only, a field missing (p = 0.2). The name is
never missing: a family always knows what it called its child, so an inquiry gives the
formal name or, instead of it (p = 0.15), a nickname (小梅, 阿梅, 梅梅, 梅子). An earlier
version dropped both with p = 0.1; sex, age, height and accent alone cannot single out one
person among 100,000, and no family's inquiry looks like that. The noise functions are
small and pure so that tests/unit/test_tracing_truth.py can check each does what it says.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from faker.providers.person.zh_CN import Provider as ZhNames

from rescuedesk.matching.scorer import Described, Sought
from rescuedesk.reference import dialects, divisions
from rescuedesk.reference import name_sounds as ns

# Faker's given-name characters are ~100; these widen the pool to the variety of real names.
GIVEN_CHARS = "".join(
    dict.fromkeys(
        "".join(ZhNames.first_names)
        + "兰岚梅美玲丽莉芳凤红宏花英莹敏君伟文雯娜秀生春珊琴琳霞燕艳萍娟婷婷慧晶静倩雪云"
        "翠桂香菊荣蓉华军建国志新海波涛明亮光辉金银宝福贵喜庆德仁义礼智信忠孝勇刚毅峰山林"
        "松柏杰俊浩然宇航天龙虎豹鹏飞凯旋胜利平安康健佳欣怡悦乐晨曦阳丹彤璐瑶琪瑞祥东南西北"
        "中小大永长昌盛兴旺发达成功学良振家宁远思念恩惠仙玉珍珠宜蕾薇芬芝"
    )
)
SURNAMES: tuple[str, ...] = tuple(ZhNames.last_names)
SURNAME_WEIGHTS: tuple[float, ...] = tuple(ZhNames.last_names.values())
MARK_KINDS = ("胎记", "痣", "疤痕", "烫伤", "六指", "耳洞", "缺牙", "斜视")
MARK_PARTS = ("额头", "眉", "脸", "下巴", "颈", "肩", "背", "臂", "手", "腿", "脚", "腹")
MARK_SYNONYMS = {"胎记": "青记", "痣": "黑痣", "疤痕": "伤疤", "烫伤": "烧伤"}
TODAY = dt.date(2026, 11, 29)


@dataclass(frozen=True)
class Truth:
    """What is really so of a person, before anyone writes it down."""

    name: str
    sex: str
    birth_year: int
    home_code: str  # county
    missing_date: dt.date
    height_then: int
    height_now: int
    found_date: dt.date
    found_code: str
    marks: tuple[tuple[str, str], ...]


@cache
def _counties() -> dict[str, tuple[str, ...]]:
    by_province: dict[str, list[str]] = defaultdict(list)
    for code in divisions.county_codes():
        if code[:2] not in ("71", "81", "82"):
            by_province[code[:2]].append(code)
    return {p: tuple(cs) for p, cs in by_province.items()}


@cache
def readings_of_pool() -> dict[str, tuple[str, ...]]:
    """Usual reading -> the characters of the pool that have it (surnames and given)."""
    out: dict[str, list[str]] = defaultdict(list)
    for char in dict.fromkeys(GIVEN_CHARS + "".join(SURNAMES)):
        said = ns.char_readings(char)
        if said and len(char) == 1:
            out[said[0]].append(char)
    return {k: tuple(v) for k, v in out.items()}


def accent_of_province(province: str) -> str | None:
    """The accent a person from this province most likely has (the first in the table)."""
    for code, accent in dialects.ACCENTS.items():
        if province in accent.provinces:
            return code
    return None


def _stature(sex: str, rng: random.Random) -> float:
    """The height a person grows to."""
    return rng.gauss(158, 6) if sex == "female" else rng.gauss(170, 7)


def _height(stature: float, age: int, rng: random.Random) -> int:
    if age >= 18:
        return round(stature)
    return round(min(stature, 50 + 6.5 * age + rng.gauss(0, 4)))


def make_truth(rng: random.Random) -> Truth:
    sex = "female" if rng.random() < 0.65 else "male"
    surname = rng.choices(SURNAMES, SURNAME_WEIGHTS)[0]
    if rng.random() < 0.1:
        given = rng.choice(GIVEN_CHARS) * 2
    else:
        given = "".join(rng.choices(GIVEN_CHARS, k=1 if rng.random() < 0.3 else 2))
    birth = rng.randint(1975, 2020)
    province = rng.choice(sorted(_counties()))
    home = rng.choice(_counties()[province])
    missing = dt.date(birth, 1, 1) + dt.timedelta(days=rng.randint(365, 365 * 30))
    missing = min(missing, TODAY - dt.timedelta(days=400))
    found = missing + dt.timedelta(days=rng.randint(0, 365 * 12))
    found = min(found, TODAY - dt.timedelta(days=30))
    if rng.random() < 0.4:
        found_code = rng.choice(_counties()[province])
    else:
        found_code = rng.choice(_counties()[rng.choice(sorted(_counties()))])
    sides = ("左", "右", "")
    marks = tuple(
        (rng.choice(sides) + rng.choice(MARK_PARTS), rng.choice(MARK_KINDS))
        for _ in range(rng.choices((0, 1, 2), (5, 3, 2))[0])
    )
    # One stature for both heights: an earlier version drew the grown height afresh for each,
    # so a person missing at 30 and found at 35 could have shrunk by 20 cm — which no real
    # pair of records has. The second draw is still made, so the seeded world is otherwise
    # the one it was.
    stature = _stature(sex, rng)
    height_then = _height(stature, missing.year - birth, rng)
    _stature(sex, rng)
    return Truth(
        name=surname + given,
        sex=sex,
        birth_year=birth,
        home_code=home,
        missing_date=missing,
        height_then=height_then,
        height_now=_height(stature, found.year - birth, rng),
        found_date=found,
        found_code=found_code,
        marks=marks,
    )


def described(truth: Truth, person_id: int, rng: random.Random) -> Described:
    """How the station wrote the person down: the name she says, an estimated age range
    1-5 years wide around the truth, the accent of her home province (p = 0.8)."""
    width = rng.randint(0, 4)
    earliest = truth.birth_year - rng.randint(0, width)
    accent = accent_of_province(truth.home_code[:2]) if rng.random() < 0.8 else None
    return Described(
        person_id=person_id,
        case_id=person_id,
        case_number=f"2026-{person_id:06d}",
        names=(truth.name,),
        sex=truth.sex,
        birth_year_earliest=earliest,
        birth_year_latest=earliest + width,
        height_cm=truth.height_now,
        measured_on=truth.found_date,
        accent_code=accent,
        accent_text=None,
        features=marks_text(truth.marks) or None,
        found_date=truth.found_date,
        found_place_code=truth.found_code,
    )


def marks_text(marks: tuple[tuple[str, str], ...], synonyms: bool = False) -> str:
    said = [
        f"{part}有{MARK_SYNONYMS.get(kind, kind) if synonyms else kind}" for part, kind in marks
    ]
    return "，".join(said)


# -- the noise ------------------------------------------------------------------------


def homophone(name: str, rng: random.Random) -> str:
    """One character replaced by another of the same usual reading (when the pool has one)."""
    pool = readings_of_pool()
    positions = list(range(len(name)))
    rng.shuffle(positions)
    for i in positions:
        said = ns.char_readings(name[i])
        others = [c for c in pool.get(said[0], ()) if c != name[i]] if said else []
        if others:
            return name[:i] + rng.choice(others) + name[i + 1 :]
    return name


def dialect_variant(name: str, province: str, rng: random.Random) -> str:
    """One syllable respelt by a merger spoken in ``province`` (牛 for 刘 in Sichuan): a
    character whose reading the merger makes one with the original's."""
    pool = readings_of_pool()
    mergers = [m for m in dialects.MERGERS.values() if province in m.provinces]
    positions = list(range(len(name)))
    rng.shuffle(positions)
    rng.shuffle(mergers)
    for i in positions:
        said = ns.char_readings(name[i])
        if not said:
            continue
        for merger in mergers:
            target = merger.rewrite(said[0])
            others = [
                c
                for reading, chars in pool.items()
                if reading != said[0] and merger.rewrite(reading) == target
                for c in chars
            ]
            if others:
                return name[:i] + rng.choice(sorted(others)) + name[i + 1 :]
    return name


def nickname(name: str, rng: random.Random) -> str:
    """What a family calls the child: 小/阿 + the last character, it doubled, or + 子."""
    last = name[-1]
    return rng.choice(("小" + last, "阿" + last, last + last, last + "子"))


def place_code(county: str, rng: random.Random) -> str:
    """The county, or only its prefecture or province."""
    level = rng.choice(("county", "county", "prefecture", "province"))
    if level == "prefecture" and divisions.is_known(county[:4] + "00"):
        return county[:4] + "00"
    if level == "province":
        return county[:2] + "0000"
    return county


def sought(truth: Truth, key: str, rng: random.Random) -> Sought:
    """The family's inquiry about ``truth``, with each kind of noise drawn independently."""

    def kept(value: object, p: float = 0.2) -> object:
        return None if rng.random() < p else value

    name = truth.name
    if rng.random() < 0.3:
        name = homophone(name, rng)
    if rng.random() < 0.3:
        name = dialect_variant(name, truth.home_code[:2], rng)
    names: tuple[str, ...] = (name,)
    nicknames: tuple[str, ...] = ()
    if rng.random() < 0.15:  # the formal name dropped only for a nickname: never both
        names, nicknames = (), (nickname(name, rng),)
    birth = truth.birth_year + rng.randint(-3, 3)
    height = truth.height_then + rng.randint(-5, 5)
    accent = accent_of_province(truth.home_code[:2])
    # An inquiry dates the height it gives by the day she went missing (candidates.sought_of):
    # without that day the height has no date either, as in the database.
    missing = kept(truth.missing_date)
    return Sought(
        key=key,
        names=names,
        nicknames=nicknames,
        sex=truth.sex if rng.random() >= 0.2 else "unknown",
        birth_year=kept(birth),  # type: ignore[arg-type]
        height_cm=kept(height),  # type: ignore[arg-type]
        height_measured_on=missing,  # type: ignore[arg-type]
        home_dialect_code=kept(accent),  # type: ignore[arg-type]
        home_dialect_text=None,
        home_place_code=kept(place_code(truth.home_code, rng)),  # type: ignore[arg-type]
        features=kept(marks_text(truth.marks, synonyms=rng.random() < 0.5) or None),  # type: ignore[arg-type]
        missing_date=missing,  # type: ignore[arg-type]
    )


@dataclass(frozen=True)
class World:
    persons: list[Described]
    inquiries: list[Sought]
    answers: dict[str, int | None]  # inquiry key -> the person sought, None when absent


def world(persons: int, inquiries: int, seed: int = 15, present: float = 0.8) -> World:
    rng = random.Random(seed)
    truths = [make_truth(rng) for _ in range(persons)]
    people = [described(t, i + 1, rng) for i, t in enumerate(truths)]
    asked: list[Sought] = []
    answers: dict[str, int | None] = {}
    here = round(inquiries * present) if persons else 0
    for k in range(inquiries):
        key = f"Q-{k + 1:05d}"
        if k < here:
            person = rng.randrange(persons)
            asked.append(sought(truths[person], key, rng))
            answers[key] = person + 1
        else:
            asked.append(sought(make_truth(rng), key, rng))
            answers[key] = None
    return World(people, asked, answers)
