"""Blind index tokens computed fast (issue #16): the same bytes as one HMAC per token, and a
bulk run's memo of each name's tokens that changes nothing but the time."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from rescuedesk.security.blind_index import ID_NUMBER, NAME, SOUND, Tokens, tokens_for
from rescuedesk.security.field_crypto import TOKEN_BYTES, keyed_token, token

KEYS = [b"k" * 32, bytes(32), bytes(range(32)), b"short", b"x" * 64, b"y" * 100]
VALUES = ["", "张", "张晓梅", "zhangxiaomei", "li'xiao'mei'", "230102199001011234", "a" * 200]


@pytest.mark.parametrize("key", KEYS)
def test_a_keyed_token_is_the_hmac_of_its_value(key: bytes) -> None:
    fast = keyed_token(key)
    for kind in (NAME, ID_NUMBER, SOUND):
        for value in VALUES:
            msg = kind.encode() + b"\x1f" + value.encode("utf-8")
            expected = hmac.new(key, msg, hashlib.sha256).digest()[:TOKEN_BYTES]
            assert fast(kind, value) == expected == token(key, kind, value)


PEOPLE = [
    ("张晓梅", None, "230102199001011234"),
    (None, "小红（化名）", None),
    ("李小梅", "小梅", None),  # two names that share tokens: each token once
    ("Tom Smith", None, "X1234567"),
    ("张晓梅", None, "230102199001015678"),  # the same name again, from the memo
    (None, None, None),
]


@pytest.mark.parametrize("remember", [False, True])
def test_tokens_of_a_person_do_not_depend_on_the_memo(remember: bool) -> None:
    key = b"k" * 32
    tokens = Tokens(key, remember=remember)
    for _ in range(2):
        for real, alias, number in PEOPLE:
            expected = tokens_for(key, real, alias, number)
            assert tokens.for_person(real, alias, number) == expected
            # COPY's text format: bytea in hex (its backslash doubled), a row per token.
            rows = tokens.copy_rows(7, real, alias, number).splitlines()
            assert sorted(rows) == sorted(f"\\\\x{t.hex()}\t7" for t in expected)
