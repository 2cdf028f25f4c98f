"""The keys that find a person by a part of a name (issue #13): 梅 and 小梅 in 李小梅.

One place computes them for both engines. SQLite keeps them in ``person_name_part`` and
searches them by prefix range, like the name columns; PostgreSQL turns the prefixes of the
same keys into blind tokens (security/blind_index.py), so nothing is decrypted on the server.

For a name, split into units (each Chinese character, each run of Latin letters or digits;
the note in brackets of "小红（化名）" left out) and into syllables (pinyin of the
characters, Latin words as written), the keys are:

- ``parts``: the proper suffixes, by units (小梅, 梅), by syllables (xiaomei, mei) and by
  initials of at least two letters (xm; a single initial is already the first letter of a
  syllable part). The whole name is found by the name columns and their tokens already.
- ``sounds``: every suffix of the syllables, the whole name's included, each syllable ended
  by an apostrophe (li'xiao'mei', xiao'mei', mei'): what a character query's homophones are
  found by (小梅 -> xiao'mei' finds 李晓梅), whole syllables only, so that 李 (li') does
  not find 刘 (liu'). A user's pinyin query never contains the apostrophe.

Bounds: suffixes start at most at the first MAX_SUFFIXES units or syllables after the first
(a three-character name has 2), and PostgreSQL keeps the prefixes of a part up to
MAX_PART_PREFIX characters. A three-character Chinese name adds 5 part keys and 3 sound
keys on SQLite; on PostgreSQL about 14 part tokens (小, 小梅, 梅, x ... xiaomei, m, me, mei,
xm, minus those the whole-name prefixes already have) and 6 sound tokens (each run of whole
syllables), about 20 more per name than the ~16 of its prefixes. The worst case (a name of
MAX_SUFFIXES + 1 or more units, each a long syllable) is bounded by
MAX_SUFFIXES * (3 * MAX_PART_PREFIX + MAX_SUFFIXES + 1) per name.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from pypinyin import Style, lazy_pinyin

MAX_SUFFIXES = 8
MAX_PART_PREFIX = 16
SYLLABLE_END = "'"

_NOTE = re.compile(r"[（(【\[].*?[）)】\]]")
_LATIN = re.compile(r"[a-z0-9]+")
# A Latin word, or one letter of any other script (each Chinese character).
_UNIT = re.compile(r"[a-z0-9]+|[^\W_a-z0-9]")


@dataclass(frozen=True)
class NameKeys:
    parts: frozenset[str]
    sounds: frozenset[str]


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", _NOTE.sub("", text)).lower()


def units(text: str) -> list[str]:
    """Characters and Latin words, in order (punctuation and spaces dropped)."""
    return _UNIT.findall(_fold(text))


def syllables(text: str) -> list[str]:
    """Pinyin of each character, and each Latin word as written, lower case."""
    out: list[str] = []
    for piece in lazy_pinyin(_fold(text), style=Style.NORMAL, errors="default"):
        out.extend(_LATIN.findall(piece.lower()))
    return out


def _suffixes(items: list[str]) -> list[list[str]]:
    return [items[k:] for k in range(1, min(len(items), MAX_SUFFIXES + 1))]


@lru_cache(maxsize=8192)
def name_keys(name: str | None) -> NameKeys:
    if not name:
        return NameKeys(frozenset(), frozenset())
    parts: set[str] = {"".join(s) for s in _suffixes(units(name))}
    said = syllables(name)
    for tail in _suffixes(said):
        parts.add("".join(tail))
        initials = "".join(s[0] for s in tail)
        if len(initials) >= 2:
            parts.add(initials)
    sounds = {sound_key_of(tail) for tail in [said, *_suffixes(said)] if tail}
    return NameKeys(frozenset(parts), frozenset(sounds))


def sound_key_of(said: list[str]) -> str:
    return "".join(s + SYLLABLE_END for s in said)


@lru_cache(maxsize=1024)
def query_sound(text: str) -> str | None:
    """The sound key a character query's homophones have (小梅 -> xiao'mei'); None for a
    query with no Chinese character (pinyin, numbers: no homophones to look for)."""
    if not any("\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff" for c in text):
        return None
    said = syllables(text)
    return sound_key_of(said) if said else None


def sound_prefixes(sound: str) -> list[str]:
    """The whole-syllable beginnings of a sound key (li'xiao'mei' -> li', li'xiao', ...)."""
    ends = [i + 1 for i, c in enumerate(sound) if c == SYLLABLE_END]
    return [sound[:end] for end in ends[: MAX_SUFFIXES + 1]]
