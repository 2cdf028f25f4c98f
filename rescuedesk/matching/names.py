"""Name keys: what a described person's names are filed under, and what an inquiry's names
look for, with the points each level of likeness is worth.

One function makes the keys for both sides, so the index (which looks keys up) and the
scorer (which compares one pair) cannot disagree. Kinds of key, each by characters (c), by
Mandarin sound (s) and by dialect-folded sound (f):

- ``F``: the full name (surname + given name); ``Fn``: the sound with one syllable left out
  (刘兰兰 -> liu'*'lan'), for "all syllables but one the same".
- ``G``: the given name as written (a pet name is all given name): 兰兰 of 刘兰兰. A name of
  two characters is filed both ways, 红 + 梅 and the given name 红梅 alone: a called name
  红梅 may be the given name of 王红梅.
- ``P``: the character a family may call a full name by (兰兰 -> 兰, 兰芳 -> 芳, 王芳 -> 芳),
  filed for an inquiry's nicknames to find; ``Q``: the cores of a pet name
  (小兰 -> 兰). Worth their own row (小名相符), below the given name: one character shared.
An inquiry's full name looks for ``F``, ``Fn``, ``G`` and, by its cores, ``Q`` (a family's
刘兰芳 and a station's 小芳); its nicknames look for ``G``, ``P`` and ``Q`` — so two full
names sharing only the last character are not a match.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import cached_property, lru_cache

from rescuedesk.reference import name_sounds as ns

SAME_CHARS = 35
SAME_SOUND = 30
FOLDED_SPOKEN = 26  # every merger needed is spoken in either side's region
FOLDED_ELSEWHERE = 18  # a merger outside both known regions, or regions unknown
GIVEN_CHARS = 22
GIVEN_SOUND = 18
GIVEN_FOLDED = 14
ONE_SYLLABLE_OFF = 10
NICK_CHARS = 16  # a nickname's core character is a character of the given name
NICK_SOUND = 13
NICK_FOLDED = 10

# The points a key kind is worth: (lowest, highest); they differ only where the regions
# decide (the index keeps both, the scorer decides).
POINTS: dict[str, tuple[int, int]] = {
    "Fc": (SAME_CHARS, SAME_CHARS),
    "Fs": (SAME_SOUND, SAME_SOUND),
    "Ff": (FOLDED_ELSEWHERE, FOLDED_SPOKEN),
    "Fn": (ONE_SYLLABLE_OFF, ONE_SYLLABLE_OFF),
    "Gc": (GIVEN_CHARS, GIVEN_CHARS),
    "Gs": (GIVEN_SOUND, GIVEN_SOUND),
    "Gf": (GIVEN_FOLDED, GIVEN_FOLDED),
    **{
        k + x: (p, p)
        for k in "PQ"
        for x, p in zip("csf", (NICK_CHARS, NICK_SOUND, NICK_FOLDED), strict=True)
    },
}


@dataclass(frozen=True)
class Name:
    chars: str
    surname: str
    given: str
    pet: bool  # 丫丫, 小红: what a family calls a child

    @property
    def full(self) -> bool:
        return bool(self.surname) or not ns.is_han(self.chars)

    @cached_property
    def readings(self) -> tuple[tuple[str, ...], ...]:
        # Only asked for where a name is not plain (names.stored_keys) or when a folded match
        # is weighed: most names in an index never need it.
        return ns.readings(self.chars, len(self.surname))


@lru_cache(maxsize=65536)
def parse(name: str | None) -> Name | None:
    chars = ns.chars_of(name)
    if not chars:
        return None
    surname, given = ns.split(chars)
    return Name(chars, surname, given, not surname and ns.is_pet_name(chars))


def _sound_keys(kind: str, chars: str) -> set[str]:
    """kind+"c", kind+"s", kind+"f" keys of a part of a name (given name or core)."""
    return {kind + key for key in part_keys(chars)}


@lru_cache(maxsize=65536)
def part_keys(chars: str) -> tuple[str, ...]:
    # Given names and cores repeat across persons far more than full names: cached alone.
    out = {f"c:{chars}"}
    if ns.is_han(chars):
        for said in ns.readings(chars):
            out.add(f"s:{ns.sound_key(said)}")
            out.update(f"f:{ns.sound_key(f)}" for f in ns.folded(said))
    return tuple(out)


def given_cores(given: str) -> frozenset[str]:
    """The character a family calls a given name by: 兰兰 -> 兰, 小兰 -> 兰, 兰芳 -> 芳, 芳 -> 芳.
    Only the last: 红梅 is 小梅 or 梅梅 far more often than 小红, and filing the first too
    doubled the persons a nickname finds (recall@10 of nickname inquiries 67 % against 74 %)."""
    return ns.pet_cores(given) or frozenset(given[-1])


def full_cores(name: Name) -> frozenset[str]:
    """What a family may call someone with this full name (given_cores of the given name)."""
    if not name.full or not ns.is_han(name.chars):
        return frozenset()
    return given_cores(name.given)


def pet_cores(name: Name) -> frozenset[str]:
    if name.full:
        return frozenset()
    cores = set(ns.pet_cores(name.chars))
    if len(name.chars) == 1:
        cores.add(name.chars)
    return frozenset(cores)


def two_as_given(name: Name) -> bool:
    """A full name of two Chinese characters may be a given name alone (红梅 of 王红梅)."""
    return len(name.chars) == 2 and len(name.surname) == 1 and ns.is_han(name.chars)


@lru_cache(maxsize=16384)
def _plain(char: str) -> tuple[tuple[str, str], ...] | None:
    """(reading, folded reading) for each reading of a character, the usual first; None
    when one starts with r (three folds) or has two folded forms (feng), or the character
    has a surname reading."""
    said = ns.char_readings(char)
    if not said or any(r[:1] == "r" for r in said) or char in ns.SURNAME_READINGS:
        return None
    if any(len(ns.fold_forms(r)) > 1 for r in said):
        return None
    return tuple((r, ns.fold_syllable(r)) for r in said)


def _plain_keys(parsed: Name) -> set[str] | None:
    """The keys of a full Chinese name with a one-character surname and no r syllable (most
    names), from cached characters: the same keys as the general way, several times faster
    — the scorer meets each candidate's name once (test_match_index checks both agree)."""
    chars = parsed.chars
    if len(parsed.surname) != 1:
        return None
    infos = [_plain(c) for c in chars]
    if None in infos:
        return None
    head = infos[0][0]  # type: ignore[index]
    end = ns.SYLLABLE_END
    keys = {"Fc:" + chars, "Gc:" + chars[1:]}
    for combo in itertools.islice(itertools.product(*infos[1:]), ns.MAX_READINGS):  # type: ignore[misc]
        said = [head[0], *(c[0] for c in combo)]
        fold = [head[1], *(c[1] for c in combo)]
        keys.add("Fs:" + end.join(said) + end)
        keys.add("Ff:" + end.join(fold) + end)
        keys.add("Gs:" + end.join(said[1:]) + end)
        keys.add("Gf:" + end.join(fold[1:]) + end)
        keys.update(
            "Fn:" + end.join([*said[:i], "*", *said[i + 1 :]]) + end for i in range(len(said))
        )
    if two_as_given(parsed):
        keys.update("G" + k for k in part_keys(chars))
    for core in full_cores(parsed):
        keys.update("P" + k for k in part_keys(core))
    return keys


@lru_cache(maxsize=65536)
def stored_keys(name: str) -> frozenset[str]:
    """The keys a described person's name is filed under."""
    parsed = parse(name)
    if parsed is None:
        return frozenset()
    fast = _plain_keys(parsed) if not parsed.pet else None
    return _general_keys(parsed) if fast is None else frozenset(fast)


def _general_keys(parsed: Name) -> frozenset[str]:
    keys: set[str] = set()
    if parsed.full:
        keys.add(f"Fc:{parsed.chars}")
        if ns.is_han(parsed.chars):
            for said in parsed.readings:
                keys.add(f"Fs:{ns.sound_key(said)}")
                keys.update(f"Ff:{ns.sound_key(f)}" for f in ns.folded(said))
                keys.update(f"Fn:{ns.sound_key(k)}" for k in _one_off(said))
    if ns.is_han(parsed.chars):
        keys |= _sound_keys("G", parsed.given)
        if two_as_given(parsed):
            keys |= _sound_keys("G", parsed.chars)
        for core in full_cores(parsed):
            keys |= _sound_keys("P", core)
        for core in pet_cores(parsed):
            keys |= _sound_keys("Q", core)
    return frozenset(keys)


@lru_cache(maxsize=65536)
def query_keys(name: str, nickname: bool = False) -> frozenset[str]:
    """The keys an inquiry's name (or nickname) looks for."""
    parsed = parse(name)
    if parsed is None:
        return frozenset()
    keys: set[str] = set()
    as_full = parsed.full and not nickname
    if as_full:
        keys |= {k for k in stored_keys(name) if k.startswith("F")}
    if ns.is_han(parsed.chars):
        keys |= _sound_keys("G", parsed.given if as_full else parsed.chars)
        if as_full and two_as_given(parsed):
            keys |= _sound_keys("G", parsed.chars)
        if as_full:
            for core in full_cores(parsed):
                keys |= {"Q" + k[1:] for k in _sound_keys("G", core)}
        else:
            for core in ns.nickname_cores(parsed.chars):
                base = _sound_keys("G", core)
                keys |= {"P" + k[1:] for k in base} | {"Q" + k[1:] for k in base}
    return frozenset(keys)


def _one_off(said: tuple[str, ...]) -> list[tuple[str, ...]]:
    if len(said) < 2:
        return []
    return [(*said[:i], "*", *said[i + 1 :]) for i in range(len(said))]


def kind_of(key: str) -> str:
    return key[: key.index(":")]
