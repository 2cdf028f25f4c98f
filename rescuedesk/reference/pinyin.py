"""Pinyin search keys for Chinese names (pypinyin): "张晓梅" -> ("zhangxiaomei", "zxm")."""

from __future__ import annotations

import re
from functools import lru_cache

from pypinyin import Style, lazy_pinyin

# "小红（化名）": the note in brackets is not part of the name people search for.
_NOTE = re.compile(r"[（(【\[].*?[）)】\]]")


# Names repeat (a ledger import asks for each row twice): a bounded cache of a pure function.
@lru_cache(maxsize=8192)
def search_keys(name: str | None) -> tuple[str | None, str | None]:
    if not name:
        return None, None
    # Surnames have their own readings (单 = shan, 曾 = zeng); heteronym choice is pypinyin's.
    name = _NOTE.sub("", name)
    syllables = lazy_pinyin(name, style=Style.NORMAL, errors="ignore", v_to_u=False)
    if not syllables:
        return None, None
    full = "".join(s.lower() for s in syllables if s.isascii())
    initials = "".join(s[0].lower() for s in syllables if s and s.isascii())
    return full or None, initials or None


def name_sound(name: str | None) -> str | None:
    """How a name sounds, to match one written with other characters of the same reading
    (王大山, 王大善) or in pinyin ("Wang Dashan"); None for an empty name."""
    if not name:
        return None
    name = _NOTE.sub("", name).strip()
    if name.isascii():
        letters = "".join(c for c in name.lower() if c.isalpha())
        return letters or None
    return search_keys(name)[0]
