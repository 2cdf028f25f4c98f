"""The dialect table: its province codes exist in the divisions the program uses, every group a
merger names is a group of the accent picker, and free text finds its accent."""

from __future__ import annotations

import pytest

from rescuedesk.reference import dialects, divisions
from rescuedesk.reference.name_sounds import fold_syllable

CODES = [
    "xinan.chuanyu",
    "xinan.yungui",
    "xinan.guiliu",
    "xinan",
    "xiang",
    "gan",
    "min.nan",
    "kejia",
    "yue",
    "wu",
    "jianghuai",
    "zhongyuan",
    "dongbei",
    "jilu",
    "jin",
    "lanyin",
    "putonghua",
    "none",
]


def test_the_accent_codes_are_the_agreed_ones() -> None:
    assert list(dialects.ACCENTS) == CODES
    assert [c for c, _ in dialects.accent_choices()] == CODES
    assert all(label for _, label in dialects.accent_choices())


def test_every_province_code_exists_in_the_divisions() -> None:
    rows = [*dialects.ACCENTS.values(), *dialects.MERGERS.values()]
    for row in rows:
        for province in row.provinces:
            assert divisions.is_known(province + "0000"), (row, province)


def test_groups_are_consistent() -> None:
    groups = {a.group for a in dialects.ACCENTS.values()}
    for merger in dialects.MERGERS.values():
        assert set(merger.groups) <= groups, merger.id
        # A merger is spoken in at least one province of each group it names.
        for group in merger.groups:
            spoken = {p for a in dialects.ACCENTS.values() if a.group == group for p in a.provinces}
            assert spoken & set(merger.provinces), (merger.id, group)


def test_every_rule_is_in_the_fold() -> None:
    assert set(dialects.MERGERS) == {*dialects.R_RULES, *dialects.FOLD_ORDER}


@pytest.mark.parametrize(
    ("text", "code"),
    [("四川口音", "xinan.chuanyu"), ("四川话", "xinan.chuanyu"), ("川音", "xinan.chuanyu"),
     ("重庆人", "xinan.chuanyu"), ("西南官话", "xinan"), ("云南口音", "xinan.yungui"),
     ("贵州口音", "xinan.yungui"), ("广西口音", "xinan.guiliu"), ("河南口音", "zhongyuan"),
     ("不会说话", "none"), ("闽南话", "min.nan"), ("粤语", "yue"), ("湖南话", "xiang"),
     ("东北口音", "dongbei"), ("xinan.chuanyu", "xinan.chuanyu"), ("口音不明", None),
     ("", None), (None, None)],
)  # fmt: skip
def test_free_text_finds_its_accent(text: str | None, code: str | None) -> None:
    assert dialects.accent_of(text) == code


def test_a_merger_rewrites_only_its_side() -> None:
    assert dialects.MERGERS["n_l"].rewrite("niu") == "liu"
    assert dialects.MERGERS["n_l"].rewrite("liu") == "liu"
    assert fold_syllable("fang") == fold_syllable("huang")
