"""Blind search tokens: finding people on PostgreSQL without the server seeing a name.

The name columns there are ciphertext, so no index can range over them. Instead each person
has HMAC tokens (security/blind_index.py) of every prefix of their normalised name and
alias, of the full pinyin and of the initials ("张", "张晓", "张晓梅", "z", "zh", ... "zxm"),
and of the whole ID number. Typing computes one token for the text so far and looks it up:
an exact match on an indexed column, as fast as the prefix ranges SQLite uses. ID numbers
get tokens of their prefixes from six characters on. A new person's tokens are written with
its row by bulk.insert_rows (every new person is written there: persons.create_person, the
ledger import, the demo data); a mapper event keeps them when an ORM update changes a name,
an alias or an ID number.

On SQLite (SQLCipher encrypts the whole file) the names are searched in clear, and the keys of
the parts of a name (reference/name_parts.py: 小梅, 梅, xiaomei, mei, xm, li'xiao'mei') are
rows of person_name_part, written at the same two places; on PostgreSQL the same keys are
tokens (security/blind_index.py tokens_for). Persons are never deleted; a purge changes the
name through the ORM, which rewrites both.

What the server learns is in docs/security.md: which people share a prefix token (e.g. a
surname), not what the prefix is.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, and_, bindparam, delete, event, select
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Mapper, Session

from rescuedesk.models import Person, PersonNamePart, PersonSearchToken
from rescuedesk.reference.name_parts import name_keys, query_sound
from rescuedesk.security.blind_index import (
    ID_NUMBER,
    MAX_PREFIX,
    NAME,
    Tokens,
    normalise,
    query_tokens,
    replace_tokens,
    sound_token,
)
from rescuedesk.security.field_crypto import state_of, token

_INDEXED = ("real_name", "alias", "id_number")


def _dialect(session_or_conn: Session | Connection) -> Any:
    if isinstance(session_or_conn, Session):
        return session_or_conn.get_bind().dialect
    return session_or_conn.dialect


def is_sealed(session_or_conn: Session | Connection) -> bool:
    """True where names are ciphertext and search goes through tokens (PostgreSQL)."""
    return bool(_dialect(session_or_conn).name == "postgresql")


def matching_person_ids():  # type: ignore[no-untyped-def]
    """A select of the people whose tokens include any of ``:tokens``."""
    return select(PersonSearchToken.person_id).where(
        PersonSearchToken.token.in_(bindparam("tokens", expanding=True))
    )


def matching_sound_ids():  # type: ignore[no-untyped-def]
    """A select of the people with a run of syllables sounding as ``:sound_token``."""
    return select(PersonSearchToken.person_id).where(
        PersonSearchToken.token == bindparam("sound_token")
    )


def search_params(session: Session, text: str) -> dict[str, Any]:
    key = state_of(_dialect(session)).index_key
    params: dict[str, Any] = {"tokens": query_tokens(key, text)}
    sound = query_sound(text)
    if sound:
        params["sound_token"] = sound_token(key, sound)
    return params


# ---------------------------------------------------------------- SQLite: name parts


def _range(name: str):  # type: ignore[no-untyped-def]
    col = PersonNamePart.part
    return and_(col >= bindparam(f"{name}_lo"), col < bindparam(f"{name}_hi"))


def part_person_ids(name: str = "part"):  # type: ignore[no-untyped-def]
    """A select of the people with a name part beginning with ``:<name>_lo`` (SQLite)."""
    return select(PersonNamePart.person_id).where(_range(name))


def part_params(text: str) -> dict[str, Any]:
    """The ranges of :func:`part_person_ids`: the typed text, and the sound of a character
    query (``sound_lo``/``sound_hi``, when it has one)."""
    typed = normalise(text)
    params: dict[str, Any] = {"part_lo": typed, "part_hi": typed + "\uffff"}
    sound = query_sound(text)
    if sound:
        params.update(sound_lo=sound, sound_hi=sound + "\uffff")
    return params


def _keys_of(name: str | None) -> frozenset[str]:
    found = name_keys(name)
    return found.parts | found.sounds


def part_rows(
    people: Iterable[Sequence[Any]], memo: dict[str, frozenset[str]] | None = None
) -> list[tuple[str, int]]:
    rows: list[tuple[str, int]] = []
    for pid, *names in people:
        keys: set[str] = set()
        for name in names:
            if not name:
                continue
            if memo is None:
                keys |= _keys_of(name)
            elif (found := memo.get(name)) is not None:
                keys |= found
            else:
                keys |= memo.setdefault(name, _keys_of(name))
        rows += [(k, pid) for k in sorted(keys)]
    return rows


def write_parts(
    conn: Connection,
    people: Iterable[Sequence[Any]],
    *,
    new: bool = False,
    memo: dict[str, frozenset[str]] | None = None,
) -> None:
    """The name-part rows of ``people`` ((id, real_name, alias), ...) afresh (SQLite);
    ``new``: see :func:`replace_tokens`; ``memo``: a bulk run's keys of each name."""
    people = list(people)
    if not people:
        return
    if not new:
        conn.execute(
            delete(PersonNamePart).where(PersonNamePart.person_id.in_([p[0] for p in people]))
        )
    rows = part_rows(people, memo)
    if rows:
        # Plain text and integers: the driver's executemany, no parameter dict per row.
        conn.exec_driver_sql("INSERT INTO person_name_part (part, person_id) VALUES (?, ?)", rows)


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


_MEMO = "rescuedesk_name_memo"


@dataclass
class NameMemo:
    """Each distinct name's keys, computed once in a bulk run (:func:`remembering_names`)."""

    parts: dict[str, frozenset[str]] = field(default_factory=dict)
    tokens: dict[bytes, Tokens] = field(default_factory=dict)  # by index key


@contextmanager
def remembering_names(session: Session) -> Iterator[None]:
    """Within it, the bulk writes of persons in ``session`` (:func:`index_bulk`) compute
    each distinct name's keys once: its name parts on SQLite, its tokens on PostgreSQL. A
    bulk run's names repeat (the demo data's million persons share some 45,000 names, more
    than the bounded caches of name_keys and search_keys hold); the memo is the run's, gone
    when it ends, not kept by the program."""
    session.info[_MEMO] = NameMemo()
    try:
        yield
    finally:
        session.info.pop(_MEMO, None)


def index_bulk(session: Session, rows: Sequence[dict[str, Any]], *, new: bool = False) -> None:
    """Tokens for people written with bulk inserts (demo data, imports): rows carry ids;
    ``new``: see :func:`replace_tokens`."""
    people = [(r["id"], r.get("real_name"), r.get("alias"), r.get("id_number")) for r in rows]
    index_people(session, people, new=new)


def index_people(
    session: Session,
    people: Sequence[tuple[int, str | None, str | None, str | None]],
    *,
    new: bool = False,
) -> None:
    """:func:`index_bulk` of ``people`` ((id, real_name, alias, id_number), ...)."""
    conn = session.connection()
    memo: NameMemo | None = session.info.get(_MEMO)
    if not is_sealed(conn):
        write_parts(
            conn,
            [p[:3] for p in people],
            new=new,
            memo=memo.parts if memo is not None else None,
        )
        return
    state = state_of(conn.dialect)
    tokens = None
    if memo is not None:
        key = state.index_key
        tokens = memo.tokens.get(key) or memo.tokens.setdefault(key, Tokens(key, remember=True))
    replace_tokens(conn, state, people, new=new, tokens=tokens)


def _person_tokens(conn: Connection, target: Person) -> None:
    replace_tokens(
        conn,
        state_of(conn.dialect),
        [(target.id, target.real_name, target.alias, target.id_number)],
    )


@event.listens_for(Person, "after_update")
def _after_update(_mapper: Mapper[Any], conn: Connection, target: Person) -> None:
    attrs = sa_inspect(target).attrs
    if not any(attrs[name].history.has_changes() for name in _INDEXED):
        return
    if is_sealed(conn):
        _person_tokens(conn, target)
    else:
        write_parts(conn, [(target.id, target.real_name, target.alias)])
