"""The keys that find a person by a part of a name (reference/name_parts.py), and how many
tokens they add on PostgreSQL: the bounds written in the module."""

from __future__ import annotations

from rescuedesk.reference.name_parts import (
    MAX_PART_PREFIX,
    MAX_SUFFIXES,
    name_keys,
    query_sound,
)
from rescuedesk.security.blind_index import tokens_for

KEY = b"k" * 32


def test_the_parts_and_sounds_of_a_chinese_name() -> None:
    keys = name_keys("李小梅")
    assert keys.parts == {"小梅", "梅", "xiaomei", "mei", "xm"}
    assert keys.sounds == {"li'xiao'mei'", "xiao'mei'", "mei'"}


def test_a_note_in_brackets_and_latin_words() -> None:
    assert name_keys("小红（化名）").parts == {"红", "hong"}
    assert name_keys("Tom Smith").parts == {"smith"}
    assert name_keys("阿依古丽·买买提").parts >= {"买买提", "maimaiti", "mmt", "古丽买买提"}


def test_the_sound_of_a_query_is_for_characters_only() -> None:
    assert query_sound("小梅") == "xiao'mei'"
    assert query_sound("xiaomei") is None and query_sound("230111") is None


def test_tokens_stay_bounded() -> None:
    plain = tokens_for(KEY, "张晓梅", None, None)
    without_parts = 3 + len("zhangxiaomei") + 3  # the prefixes the name had before
    assert len(plain) - without_parts <= 21
    long = "".join(chr(0x4E00 + i * 37) for i in range(40))  # 40 characters
    bound = MAX_SUFFIXES * (3 * MAX_PART_PREFIX + MAX_SUFFIXES + 1) + 32 * 3
    assert len(tokens_for(KEY, long, None, None)) <= bound
