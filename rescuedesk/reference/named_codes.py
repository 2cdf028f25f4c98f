"""What the nationality and language tables share: a code shown by its everyday Chinese name,
found by what people type (names, pinyin, initials, codes), offered in a ranked list.

Each table (reference/nationalities.py, reference/languages.py) builds its entries from its
own sources; the spelling key, the search text, the ranking and the index of spellings are
these, once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Protocol, TypeVar

from rescuedesk.reference.pinyin import search_keys


class Named(Protocol):
    @property
    def code(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def english(self) -> str: ...
    @property
    def search(self) -> str: ...


N = TypeVar("N", bound=Named)


def key(text: str) -> str:
    """A spelling as compared: no spaces, dots or brackets, lower case."""
    return re.sub(r"[\s·•.'’()（）-]", "", text).lower()


def search_text(chinese: str, words: Iterable[str]) -> str:
    """What a chooser matches typed text against: the words' keys, the pinyin and initials."""
    full, initials = search_keys(chinese)
    keys = [key(w) for w in words if w] + [full or "", initials or ""]
    return " ".join(k for k in keys if k)


def ranked(table: Mapping[str, N], common: Sequence[str]) -> tuple[N, ...]:
    """The common ones in their order, then all others by pinyin."""
    first = [table[c] for c in common]
    rest = sorted(
        (n for c, n in table.items() if c not in common),
        key=lambda n: (search_keys(n.name)[0] or n.english.lower(), n.name),
    )
    return (*first, *rest)


def spelling_index(entries: Sequence[N], own_keys: Callable[[N], Iterable[str]]) -> dict[str, str]:
    """Every accepted spelling -> its code. ``entries`` ranked: the ranked order decides a clash
    (越 is 越南); initials find a name in a list but do not name one when typed; an entry's own
    codes (``own_keys``) always mean it."""
    index: dict[str, str] = {}
    for entry in reversed(entries):
        _full, initials = search_keys(entry.name)
        own = set(own_keys(entry))
        for word in entry.search.split():
            if word == initials and word not in own:
                continue
            index[word] = entry.code
    for entry in entries:
        for word in own_keys(entry):
            index[word] = entry.code
    return index
