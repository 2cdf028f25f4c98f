"""The candidate index ranks exactly as scoring every person one by one would."""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
import random
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rescuedesk.matching.index import CandidateIndex
from rescuedesk.matching.scorer import LISTED_FROM, Described, Match, Sought, score

TODAY = dt.date(2026, 11, 29)
# Small pools, so that names, years and places collide often.
NAMES = ["刘兰兰", "牛兰兰", "刘岚岚", "王兰兰", "刘兰芳", "小兰", "兰兰", "丫丫", "王芳", "黄芳",
         "方丽", "任芳", "尹芳", "王南", "王兰", "陈明", "沈城", "小芳", "李小芳", "乐嘉",
         "欧阳娜娜", "小红（化名）", "站字2023-15", "Nguyen Thi Lan", "叶伟凤", "叶伟芬",
         "苏芬", "奉奉", "无名氏", "无名女", "毕不凡", "未知"]  # fmt: skip
SEXES = ["male", "female", "unknown"]
PLACES = [None, "511502", "511503", "511500", "510000", "440305", "230102", "53x102"]
ACCENT_CODES = [None, "xinan.chuanyu", "xinan", "dongbei", "none", "putonghua", "yue"]
ACCENT_TEXTS = [None, "四川口音", "河南口音", "不会说话", "口音不明"]
FEATURES = [None, "左臂有胎记", "右眉有痣，左臂胎记", "脸上有疤", "六指", "聋哑", "胎记、痣、疤"]
years = st.one_of(st.none(), st.integers(1985, 2018))
days = st.one_of(st.none(), st.dates(dt.date(2000, 1, 1), dt.date(2026, 11, 1)))


def some_people(seed: int, count: int) -> list[Described]:
    """Persons from a seed: drawing 14 fields of 40 persons through hypothesis took a
    minute for 300 examples; the inquiry, drawn field by field, still shrinks."""
    rng = random.Random(seed)

    def maybe(value: object) -> object:
        return None if rng.random() < 0.2 else value

    out = []
    for person_id in rng.sample(range(1, 10_000), count):
        lo, hi = sorted((rng.randint(1985, 2018), rng.randint(1985, 2018)))
        day = dt.date(2000, 1, 1) + dt.timedelta(days=rng.randint(0, 9800))
        out.append(
            Described(
                person_id=person_id, case_id=person_id * 10, case_number=f"C-{person_id}",
                names=tuple(rng.sample(NAMES, rng.randint(0, 3))), sex=rng.choice(SEXES),
                birth_year_earliest=maybe(lo), birth_year_latest=maybe(hi),
                height_cm=maybe(rng.randint(100, 185)),
                measured_on=maybe(day + dt.timedelta(days=rng.randint(0, 400))),
                accent_code=rng.choice(ACCENT_CODES), accent_text=rng.choice(ACCENT_TEXTS),
                features=rng.choice(FEATURES), found_date=maybe(day),
                found_place_code=rng.choice(PLACES),
            )  # type: ignore[arg-type]
        )  # fmt: skip
    return out


people = st.builds(some_people, st.integers(0, 2**32), st.integers(0, 40))
sought = st.builds(
    Sought,
    key=st.just("Q-1"),
    names=st.lists(st.sampled_from(NAMES), max_size=2).map(tuple),
    nicknames=st.lists(st.sampled_from(NAMES), max_size=2).map(tuple),
    sex=st.sampled_from(SEXES),
    birth_year=years,
    height_cm=st.one_of(st.none(), st.integers(100, 185)),
    height_measured_on=days,
    home_dialect_code=st.sampled_from(ACCENT_CODES),
    home_dialect_text=st.sampled_from(ACCENT_TEXTS),
    home_place_code=st.sampled_from(PLACES),
    features=st.sampled_from(FEATURES),
    missing_date=days,
)


def brute_force(s: Sought, persons: list[Described], n: int) -> list[Match]:
    found = [m for d in persons if (m := score(s, d, TODAY)) and m.points >= LISTED_FROM]
    return sorted(found, key=lambda m: (-m.points, m.person_id))[:n]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(people, sought, st.integers(1, 12))
def test_top_is_the_brute_force_ranking(persons: list[Described], s: Sought, n: int) -> None:
    index = CandidateIndex.build(persons)
    assert index.top(s, n, TODAY) == brute_force(s, persons, n)


def test_ties_go_by_person_id_and_n_is_respected() -> None:
    twin = Described(
        person_id=0, case_id=None, case_number=None, names=("刘兰兰",), sex="female",
        birth_year_earliest=2010, birth_year_latest=2012, height_cm=None, measured_on=None,
        accent_code=None, accent_text=None, features=None, found_date=None,
        found_place_code=None,
    )  # fmt: skip
    persons = [Described(**{**twin.__dict__, "person_id": i}) for i in (9, 3, 5, 1)]
    s = Sought("Q", ("刘兰兰",), (), "female", 2011, None, None, None, None, None, None, None)
    top = CandidateIndex.build(persons).top(s, 3, TODAY)
    assert [m.person_id for m in top] == [1, 3, 5]
    assert {m.points for m in top} == {35 + 8 + 18}
    assert CandidateIndex.build([]).top(s, 3, TODAY) == []
    assert CandidateIndex.build(persons).top(s, 0, TODAY) == []


def test_the_matching_package_imports_only_reference_data() -> None:
    """Pure: no session, no service, no model — the standard library, numpy, pypinyin, and
    the collector's pause (itself the standard library's gc alone)."""
    package = Path(__file__).resolve().parents[2] / "rescuedesk" / "matching"
    allowed = ("rescuedesk.matching", "rescuedesk.reference", "rescuedesk.collector")
    for path in package.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                module = node.module
            elif isinstance(node, ast.Import):
                module = node.names[0].name
            else:
                continue
            if module.startswith("rescuedesk"):
                assert module.startswith(allowed), (path.name, module)
            else:
                assert module.split(".")[0] in {
                    "__future__", "collections", "dataclasses", "datetime", "functools", "gc",
                    "itertools", "re", "unicodedata", "numpy", "pypinyin", "math",
                }, (path.name, module)  # fmt: skip


def test_usual_names_filed_at_once_get_the_keys_of_names_stored_keys() -> None:
    """The index files most names with numpy from a table of characters; each must be
    found under exactly the keys names.stored_keys gives it, and under no other."""
    from bench import tracing_truth
    from rescuedesk.matching import names as nm

    rng = random.Random(15)
    sample = [tracing_truth.make_truth(rng).name for _ in range(2000)]
    sample += ["王红华", "刘兰兰", "单田芳", "任芳", "乐嘉", "欧阳娜娜", "吕小龙", "王长乐", "红梅",
               "王小梅", "李兰儿", "荣蓉", "王芳芳", "柏林", "Nguyen Thi Lan", "小红"]  # fmt: skip
    blank = Described(
        person_id=0, case_id=None, case_number=None, names=(), sex="female",
        birth_year_earliest=None, birth_year_latest=None, height_cm=None, measured_on=None,
        accent_code=None, accent_text=None, features=None, found_date=None,
        found_place_code=None,
    )  # fmt: skip
    persons = [dataclasses.replace(blank, person_id=i, names=(n,)) for i, n in enumerate(sample)]
    index = CandidateIndex.build(persons)
    filed: dict[int, set[str]] = {}
    every = {k for name in sample for k in nm.stored_keys(name)}
    for key in every:
        for row in index._name_rows(key).tolist():
            filed.setdefault(row, set()).add(key)
    for row, d in enumerate(index.described):
        assert filed.get(row, set()) == set(nm.stored_keys(d.names[0])), d.names[0]
    # And nothing else is filed: as many entries as the keys found above.
    entries = index._key_rows.size
    entries += sum(len(rows) for rows in index._overflow.values())
    assert entries == sum(len(keys) for keys in filed.values())
    from rescuedesk.matching.index import _Postings

    index._postings = {kind: _Postings() for kind in nm.POINTS}
    usual = index._file_usual(sample, np.arange(len(sample)))
    assert usual.mean() > 0.8  # most went the fast way


def test_plain_names_get_the_same_keys_the_general_way() -> None:
    """names._plain_keys is the scorer's shortcut for most names; it must give their keys as
    the general way does."""
    from bench import tracing_truth
    from rescuedesk.matching import names as nm

    rng = random.Random(15)
    sample = [tracing_truth.make_truth(rng).name for _ in range(2000)]
    sample += ["王红华", "刘兰兰", "单田芳", "任芳", "乐嘉", "欧阳娜娜", "吕小龙", "王长乐", "红梅",
               "王小梅", "柏林", "李兰儿"]  # fmt: skip
    plain = 0
    for name in sample:
        parsed = nm.parse(name)
        assert parsed is not None
        fast = nm._plain_keys(parsed)
        if fast is not None:
            plain += 1
            assert frozenset(fast) == nm._general_keys(parsed), name
    assert plain > len(sample) * 0.8
