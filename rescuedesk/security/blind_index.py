"""Blind index tokens of names and ID numbers: what a person's row is found by on PostgreSQL.

HMAC tokens (security/field_crypto.py) of every prefix of a normalised name and alias, of
the full pinyin and of the initials ("张", "张晓", "张晓梅", "z", "zh", ... "zxm"), and of the
ID number from six characters on; and of the parts of a name (reference/name_parts.py: the
prefixes of 小梅, 梅, xiaomei, mei, xm, in the same domain as the name prefixes, so that one
token of what was typed finds a name by its beginning or by a part) and its whole-syllable
sounds (li'xiao'mei', xiao'mei', ...: the homophones of a character query). The computation
and the COPY that stores them live here, below services, because sealing a database
(field_slots.protect) and migrations 0007 and 0014 write tokens too;
services/people/search_tokens.py keeps them in step with the ORM and queries them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, Integer, LargeBinary, column, delete, select, table

from rescuedesk.models import PersonSearchToken
from rescuedesk.reference.name_parts import MAX_PART_PREFIX, name_keys, sound_prefixes
from rescuedesk.reference.pinyin import search_keys
from rescuedesk.security.field_crypto import TOKEN_BYTES, FieldState, keyed_token, token

MAX_PREFIX = 32  # longer prefixes add tokens and no selectivity
# ID numbers are found from their first six characters (the division code) on, as on SQLite
# where any prefix works: shorter ones would only match whole provinces.
ID_MIN_PREFIX = 6
NAME, ID_NUMBER, SOUND = "n", "i", "s"


def normalise(text: str) -> str:
    """As the user may type it: full-width folded (NFKC), lower case, no spaces."""
    return "".join(unicodedata.normalize("NFKC", text).lower().split())


def _prefixes(key: str | None, shortest: int = 1) -> Iterator[str]:
    if key:
        for end in range(min(shortest, len(key)), min(len(key), MAX_PREFIX) + 1):
            yield key[:end]


def _name_keys(name: str) -> tuple[set[str], set[str]]:
    """The keys of a name's NAME tokens (prefixes of the name, its pinyin and initials, and
    of its parts) and of its SOUND tokens."""
    keys: set[str] = set()
    sounds: set[str] = set()
    full, initials = search_keys(name)
    for key in (normalise(name), full, initials):
        keys.update(_prefixes(key))
    parts = name_keys(name)
    for part in parts.parts:
        keys.update(part[:end] for end in range(1, min(len(part), MAX_PART_PREFIX) + 1))
    for sound in parts.sounds:
        sounds.update(sound_prefixes(sound))
    return keys, sounds


def tokens_for(
    index_key: bytes, real_name: str | None, alias: str | None, id_number: str | None
) -> set[bytes]:
    keys: set[str] = set()
    sounds: set[str] = set()
    for name in (real_name, alias):
        if name:
            more_keys, more_sounds = _name_keys(name)
            keys |= more_keys
            sounds |= more_sounds
    out = {token(index_key, NAME, k) for k in keys}
    out.update(token(index_key, SOUND, s) for s in sounds)
    number = normalise(id_number or "").upper()
    out.update(token(index_key, ID_NUMBER, p) for p in _prefixes(number, ID_MIN_PREFIX))
    return out


class Tokens:
    """:func:`tokens_for` under one key, for a bulk write of many persons: the same tokens,
    cheaper. The HMAC is keyed once (field_crypto.keyed_token); with ``remember``, each
    name's tokens are computed once and kept (packed, 16 bytes a token) for the life of the
    instance: a bulk run's names repeat (the demo data's million persons share some 45,000
    names; their pinyin and ~30 HMACs a name were half its time on PostgreSQL). One instance
    per run, so the memo goes with it, never kept by the program."""

    def __init__(self, index_key: bytes, *, remember: bool = False) -> None:
        self._token = keyed_token(index_key)
        self._names: dict[str, bytes] | None = {} if remember else None

    def of_name(self, name: str) -> bytes:
        """The NAME and SOUND tokens of ``name``, each once, joined."""
        memo = self._names
        if memo is not None and (found := memo.get(name)) is not None:
            return found
        keys, sounds = _name_keys(name)
        make = self._token
        packed = b"".join([make(NAME, k) for k in keys] + [make(SOUND, s) for s in sounds])
        if memo is not None:
            memo[name] = packed
        return packed

    def of_id_number(self, id_number: str | None) -> list[bytes]:
        number = normalise(id_number or "").upper()
        return [self._token(ID_NUMBER, p) for p in _prefixes(number, ID_MIN_PREFIX)]

    def _names_packed(self, real_name: str | None, alias: str | None) -> bytes:
        names = [n for n in (real_name, alias) if n]
        if len(names) == 1:
            return self.of_name(names[0])
        # Two names share tokens (小梅 and 李小梅: 梅, mei, ...); a person has each once.
        shared = {t for n in names for t in _unpack(self.of_name(n))}
        return b"".join(shared)

    def for_person(
        self, real_name: str | None, alias: str | None, id_number: str | None
    ) -> set[bytes]:
        out = set(_unpack(self._names_packed(real_name, alias)))
        out.update(self.of_id_number(id_number))
        return out

    def copy_rows(
        self, person_id: int, real_name: str | None, alias: str | None, id_number: str | None
    ) -> str:
        """The rows (token, person_id) of a person's tokens in COPY's text format: a bytea
        in hex, its backslash doubled, a line each (no characters that need escaping)."""
        hexed = (
            self._names_packed(real_name, alias) + b"".join(self.of_id_number(id_number))
        ).hex()
        end = f"\t{person_id}\n"
        width = 2 * TOKEN_BYTES
        return "".join([f"\\\\x{hexed[i : i + width]}{end}" for i in range(0, len(hexed), width)])


def _unpack(packed: bytes) -> list[bytes]:
    return [packed[i : i + TOKEN_BYTES] for i in range(0, len(packed), TOKEN_BYTES)]


def query_tokens(index_key: bytes, text: str) -> list[bytes]:
    """The tokens to look up for what was typed: as a name prefix, and as the beginning of
    an ID number."""
    typed = normalise(text)
    if not typed:
        return []
    return [token(index_key, NAME, typed), token(index_key, ID_NUMBER, typed.upper())]


def sound_token(index_key: bytes, sound: str) -> bytes:
    """The token of a character query's sound key (name_parts.query_sound)."""
    return token(index_key, SOUND, sound)


def retoken_all(conn: Connection, state: FieldState, batch: int = 20_000) -> int:
    """Write every person's tokens afresh under ``state``'s key (migration 0014 added the
    keys of name parts; a protected database does this at the first log-in after it). The
    names are opened here, in the program: the server sees only ciphertext and tokens.
    Returns the number of persons."""
    person = table(
        "person",
        column("id", Integer),
        column("real_name", LargeBinary),
        column("alias", LargeBinary),
        column("id_number", LargeBinary),
    )
    conn.execute(delete(PersonSearchToken))
    rows = conn.execute(
        select(person.c.id, person.c.real_name, person.c.alias, person.c.id_number).order_by(
            person.c.id
        )
    ).all()
    people = [
        (pid, *(None if v is None else state.open(bytes(v)).decode("utf-8") for v in values))
        for pid, *values in rows
    ]
    for start in range(0, len(people), batch):
        replace_tokens(conn, state, people[start : start + batch], new=True)
    return len(people)


def replace_tokens(
    conn: Connection,
    state: FieldState,
    people: Iterable[Sequence[Any]],
    *,
    new: bool = False,
    tokens: Tokens | None = None,
) -> None:
    """Write the tokens of ``people`` ((id, real_name, alias, id_number), ...) afresh
    (PostgreSQL only, like the tokens themselves). ``new``: people inserted just now in
    this transaction, who cannot have tokens yet (tokens are written only with their person,
    and a new id comes fresh from the sequence): nothing to delete. ``tokens``: a bulk run's
    own :class:`Tokens` (under ``state``'s key), which remembers its names."""
    people = list(people)
    if not people:
        return
    if not new:
        conn.execute(
            delete(PersonSearchToken).where(PersonSearchToken.person_id.in_([p[0] for p in people]))
        )
    tokens = tokens if tokens is not None else Tokens(state.index_key)
    dbapi = conn.connection.dbapi_connection
    assert dbapi is not None
    # COPY: a hundred thousand people have millions of tokens. Its text written here, a
    # block per person, costs a fraction of a write_row per token.
    sql = "COPY person_search_token (token, person_id) FROM STDIN"
    with dbapi.cursor() as cur, cur.copy(sql) as copy:  # type: ignore[attr-defined]
        for pid, real, alias, number in people:
            copy.write(tokens.copy_rows(pid, real, alias, number))
