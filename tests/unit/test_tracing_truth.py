"""The noise of the tracing benchmark's synthetic truth does what it says (bench/tracing_truth)."""

from __future__ import annotations

import random

import pytest

from bench import tracing_truth as truth
from rescuedesk.reference import name_sounds as ns
from rescuedesk.reference.dialects import MERGERS


def reading(name: str) -> list[str]:
    return [ns.char_readings(c)[0] for c in name]


@pytest.mark.parametrize("seed", range(20))
def test_a_homophone_changes_one_character_and_keeps_the_sound(seed: int) -> None:
    rng = random.Random(seed)
    name = truth.make_truth(rng).name
    noisy = truth.homophone(name, rng)
    assert len(noisy) == len(name)
    assert sum(a != b for a, b in zip(name, noisy, strict=True)) <= 1
    assert reading(noisy) == reading(name)


def test_a_homophone_is_found_when_the_pool_has_one() -> None:
    assert truth.homophone("刘兰", random.Random(1)) != "刘兰"


@pytest.mark.parametrize("seed", range(20))
def test_a_dialect_variant_is_one_merger_of_the_home_province(seed: int) -> None:
    rng = random.Random(seed)
    noisy = truth.dialect_variant("刘兰芳", "51", rng)
    changed = [i for i, (a, b) in enumerate(zip("刘兰芳", noisy, strict=True)) if a != b]
    assert len(changed) == 1
    i = changed[0]
    before, after = reading("刘兰芳")[i], reading(noisy)[i]
    assert before != after
    spoken = [m for m in MERGERS.values() if "51" in m.provinces]
    assert any(m.rewrite(before) == m.rewrite(after) for m in spoken)


def test_no_dialect_variant_where_no_merger_is_spoken() -> None:
    assert truth.dialect_variant("刘兰芳", "11", random.Random(3)) == "刘兰芳"


@pytest.mark.parametrize("seed", range(10))
def test_a_nickname_is_a_pet_name_of_the_last_character(seed: int) -> None:
    nick = truth.nickname("刘兰芳", random.Random(seed))
    assert nick in ("小芳", "阿芳", "芳芳", "芳子")
    assert ns.nickname_cores(nick) == {"芳"}


@pytest.mark.parametrize("seed", range(20))
def test_a_place_is_the_county_its_prefecture_or_its_province(seed: int) -> None:
    said = truth.place_code("511502", random.Random(seed))
    assert said in ("511502", "511500", "510000")


def test_the_world_is_seeded_and_has_present_and_absent_inquiries() -> None:
    one, two = truth.world(300, 50, seed=15), truth.world(300, 50, seed=15)
    assert one == two
    present = [k for k, v in one.answers.items() if v is not None]
    assert len(present) == 40 and len(one.inquiries) == 50
    ids = {d.person_id for d in one.persons}
    assert all(one.answers[k] in ids for k in present)


def test_inquiry_noise_stays_within_its_bounds() -> None:
    rng = random.Random(7)
    t = truth.make_truth(rng)
    asked = [truth.sought(t, f"Q{i}", rng) for i in range(400)]
    years = [s.birth_year for s in asked if s.birth_year is not None]
    assert {y - t.birth_year for y in years} <= set(range(-3, 4))
    heights = [s.height_cm for s in asked if s.height_cm is not None]
    assert {h - t.height_then for h in heights} <= set(range(-5, 6))
    # Each field goes missing now and then, but never both the name and the nickname: a
    # family knows what it called its child; the formal name is dropped for a nickname.
    assert all(s.names or s.nicknames for s in asked)
    assert all(not (s.names and s.nicknames) for s in asked)
    nicknamed = sum(bool(s.nicknames) for s in asked) / len(asked)
    no_year = 1 - len(years) / len(asked)
    assert 0.08 < nicknamed < 0.22 and 0.12 < no_year < 0.3
    assert {s.sex for s in asked} == {t.sex, "unknown"}


def test_a_described_person_has_an_age_range_around_the_truth() -> None:
    rng = random.Random(5)
    for i in range(200):
        t = truth.make_truth(rng)
        d = truth.described(t, i + 1, rng)
        assert d.birth_year_earliest is not None and d.birth_year_latest is not None
        assert d.birth_year_earliest <= t.birth_year <= d.birth_year_latest
        assert d.birth_year_latest - d.birth_year_earliest <= 4
