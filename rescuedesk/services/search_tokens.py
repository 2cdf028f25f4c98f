"""Blind search tokens: finding people on PostgreSQL without the server seeing a name.

The name columns there are ciphertext, so no index can range over them. Instead each person
has HMAC tokens (security/field_crypto.py) of every prefix of their normalised name and
alias, of the full pinyin and of the initials ("张", "张晓", "张晓梅", "z", "zh", ... "zxm"),
and of the whole ID number. Typing computes one token for the text so far and looks it up:
an exact match on an indexed column, as fast as the prefix ranges SQLite uses. ID numbers
get tokens of their prefixes from six characters on. A new person's tokens are written with
its row by bulk.insert_rows (every new person is written there: persons.create_person, the
ledger import, the demo data); a mapper event keeps them when an ORM update changes a name,
an alias or an ID number.

What the server learns is in docs/security.md: which people share a prefix token (e.g. a
surname), not what the prefix is.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, bindparam, delete, event, select
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Mapper, Session

from rescuedesk.models import Person, PersonSearchToken
from rescuedesk.security.field_crypto import FieldState, state_of, token
from rescuedesk.services.pinyin import search_keys

MAX_PREFIX = 32  # longer prefixes add tokens and no selectivity
# ID numbers are found from their first six characters (the division code) on, as on SQLite
# where any prefix works: shorter ones would only match whole provinces.
ID_MIN_PREFIX = 6
NAME, ID_NUMBER = "n", "i"
_INDEXED = ("real_name", "alias", "id_number")


def _dialect(session_or_conn: Session | Connection) -> Any:
    if isinstance(session_or_conn, Session):
        return session_or_conn.get_bind().dialect
    return session_or_conn.dialect


def is_sealed(session_or_conn: Session | Connection) -> bool:
    """True where names are ciphertext and search goes through tokens (PostgreSQL)."""
    return bool(_dialect(session_or_conn).name == "postgresql")


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
    for name in (real_name, alias):
        if name:
            full, initials = search_keys(name)
            for key in (normalise(name), full, initials):
                keys.update(_prefixes(key))
    out = {token(index_key, NAME, k) for k in keys}
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


def matching_person_ids():  # type: ignore[no-untyped-def]
    """A select of the people whose tokens include any of ``:tokens``."""
    return select(PersonSearchToken.person_id).where(
        PersonSearchToken.token.in_(bindparam("tokens", expanding=True))
    )


def search_params(session: Session, text: str) -> dict[str, Any]:
    return {"tokens": query_tokens(state_of(_dialect(session)).index_key, text)}


def identity_tokens(
    session_or_conn: Session | Connection, id_numbers: Iterable[str], pinyins: Iterable[str]
) -> list[bytes]:
    """Tokens of whole ID numbers and of full pinyin of names (the duplicate check's keys):
    every person holding one of them has a token; some without them do (a prefix)."""
    key = state_of(_dialect(session_or_conn)).index_key
    out = [token(key, ID_NUMBER, p) for n in id_numbers if (p := normalise(n).upper()[:MAX_PREFIX])]
    out += [token(key, NAME, p[:MAX_PREFIX]) for p in pinyins if p]
    return out


def id_number_condition(session: Session, number: str):  # type: ignore[no-untyped-def]
    """WHERE clause for "this exact ID number", on either engine (on PostgreSQL a token of
    all 18 characters is the whole number: no other number has it as a prefix)."""
    if not is_sealed(session):
        return Person.id_number == number
    key = state_of(_dialect(session)).index_key
    found = select(PersonSearchToken.person_id).where(
        PersonSearchToken.token == token(key, ID_NUMBER, normalise(number).upper())
    )
    return Person.id.in_(found)


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


def index_bulk(session: Session, rows: Sequence[dict[str, Any]], *, new: bool = False) -> None:
    """Tokens for people written with bulk inserts (demo data, imports): rows carry ids;
    ``new``: see :func:`replace_tokens`."""
    conn = session.connection()
    if not is_sealed(conn):
        return
    people = [(r["id"], r.get("real_name"), r.get("alias"), r.get("id_number")) for r in rows]
    replace_tokens(conn, state_of(conn.dialect), people, new=new)


def _person_tokens(conn: Connection, target: Person) -> None:
    replace_tokens(
        conn,
        state_of(conn.dialect),
        [(target.id, target.real_name, target.alias, target.id_number)],
    )


@event.listens_for(Person, "after_update")
def _after_update(_mapper: Mapper[Any], conn: Connection, target: Person) -> None:
    if not is_sealed(conn):
        return
    attrs = sa_inspect(target).attrs
    if any(attrs[name].history.has_changes() for name in _INDEXED):
        _person_tokens(conn, target)
