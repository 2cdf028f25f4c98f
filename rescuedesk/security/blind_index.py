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
from rescuedesk.security.field_crypto import FieldState, token

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


def tokens_for(
    index_key: bytes, real_name: str | None, alias: str | None, id_number: str | None
) -> set[bytes]:
    keys: set[str] = set()
    sounds: set[str] = set()
    for name in (real_name, alias):
        if name:
            full, initials = search_keys(name)
            for key in (normalise(name), full, initials):
                keys.update(_prefixes(key))
            parts = name_keys(name)
            for part in parts.parts:
                keys.update(part[:end] for end in range(1, min(len(part), MAX_PART_PREFIX) + 1))
            for sound in parts.sounds:
                sounds.update(sound_prefixes(sound))
    out = {token(index_key, NAME, k) for k in keys}
    out.update(token(index_key, SOUND, s) for s in sounds)
    number = normalise(id_number or "").upper()
    out.update(token(index_key, ID_NUMBER, p) for p in _prefixes(number, ID_MIN_PREFIX))
    return out


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
    conn: Connection, state: FieldState, people: Iterable[Sequence[Any]], *, new: bool = False
) -> None:
    """Write the tokens of ``people`` ((id, real_name, alias, id_number), ...) afresh
    (PostgreSQL only, like the tokens themselves). ``new``: people inserted just now in
    this transaction, who cannot have tokens yet (tokens are written only with their person,
    and a new id comes fresh from the sequence): nothing to delete."""
    people = list(people)
    if not people:
        return
    if not new:
        conn.execute(
            delete(PersonSearchToken).where(PersonSearchToken.person_id.in_([p[0] for p in people]))
        )
    key = state.index_key
    dbapi = conn.connection.dbapi_connection
    assert dbapi is not None
    # COPY: a hundred thousand people have millions of tokens.
    sql = "COPY person_search_token (token, person_id) FROM STDIN"
    with dbapi.cursor() as cur, cur.copy(sql) as copy:  # type: ignore[attr-defined]
        for pid, real, alias, number in people:
            for t in tokens_for(key, real, alias, number):
                copy.write_row((t, pid))
