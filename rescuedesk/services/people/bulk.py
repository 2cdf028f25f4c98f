"""The one writer of new persons in bulk (demo data, ledger imports), inside the caller's
transaction (it also writes the rows of the one writer of new cases,
:mod:`rescuedesk.services.casefile.new_cases`); and of a single new person
(:func:`insert_person`, for :func:`persons.create_person`), so that there is one place that
turns a person's values into rows: :func:`person_row` (search keys of the name and alias),
:func:`insert_rows` (column defaults, sealed columns, and the blind search tokens on
PostgreSQL or the name parts on SQLite).

SQLite takes an executemany on the driver's cursor, its values bound by the column types,
and new ids that follow the first row's. PostgreSQL takes COPY, with primary keys drawn from
the table's sequence first, so that the caller still learns the new ids: COPY loads a
hundred thousand rows in the time executemany needs for a few thousand round trips.

The audit of a bulk write is the caller's, one event for the user's action (the import's,
listing the ids it created; the demo data's); a single person gets its own "create" event.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import repeat
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session
from sqlalchemy.sql import sqltypes

from rescuedesk.models import Person
from rescuedesk.models.sealed import Sealed
from rescuedesk.reference.pinyin import search_keys
from rescuedesk.security.blind_index import Tokens
from rescuedesk.services.casefile import writes
from rescuedesk.services.office.context import Actor
from rescuedesk.services.people import search_tokens

SearchKeys = Callable[[str | None], tuple[str | None, str | None]]


def derive_search_keys(values: dict[str, Any], keys: SearchKeys = search_keys) -> None:
    """Set the pinyin search keys of a person's name and alias (new or changed)."""
    values["name_pinyin"], values["name_initials"] = keys(values.get("real_name"))
    values["alias_pinyin"], values["alias_initials"] = keys(values.get("alias"))


def person_row(values: Mapping[str, Any], keys: SearchKeys = search_keys) -> dict[str, Any]:
    """The row of a new person, from its checked values (persons.prepare_person, or demo
    data): the values and the search keys of its name and alias. ``keys``: search_keys, or
    a bulk run's memo of it (its names repeat more than search_keys' cache holds)."""
    row = dict(values)
    derive_search_keys(row, keys)
    return row


def insert_person(session: Session, actor: Actor, values: Mapping[str, Any]) -> Person:
    """Write one new person from its checked values, as the bulk writers write many (the
    same row, sealed columns and search tokens), with its audit event."""
    row = person_row(values)
    [person_id] = insert_rows_returning_ids(session, Person, [row])
    person = session.get(Person, person_id)
    assert person is not None
    writes.insert(session, actor, person, row, is_person=True)
    return person


def _table(model: type) -> Any:
    return model.__table__  # type: ignore[attr-defined]


@cache
def _defaulted(model: type) -> tuple[str, ...]:
    """The columns with a Python-side default (looked up once per model: an import asks
    for every row)."""
    columns = _table(model).columns
    return tuple(c.key for c in columns if c.default is not None and not c.primary_key)


def _default_value(default: Any) -> Any:
    # SQLAlchemy wraps zero-argument callables into fn(context).
    return default.arg(None) if default.is_callable else default.arg


def _columns(model: type, rows: Sequence[dict[str, Any]]) -> dict[str, list[Any]]:
    """The batch column by column: every key of any row and every column with a
    Python-side default (bulk INSERT groups rows by key set, and COPY applies no defaults);
    where a row has no value, the column's default, else NULL. A callable default is called
    once a batch: the batch is written at one instant (a clock's "now"), and an empty list
    is shared down its column, only written, never changed. Column lists are what the
    executemany and COPY below take: building them costs a fraction of a merged dict per
    row (a tenth of a large load's time)."""
    columns = _table(model).columns
    keys: set[str] = set(_defaulted(model))
    for r in rows:
        keys.update(r)
    out: dict[str, list[Any]] = {}
    n = len(rows)
    for key in sorted(keys):
        default = columns[key].default
        fixed = _default_value(default) if default is not None else None
        # map() of dict.get runs its loop in C: a third of a comprehension's time, and this
        # is a value of every column of every row.
        out[key] = list(map(dict.get, rows, repeat(key, n), repeat(fixed, n)))
    return out


def insert_rows(session: Session, model: type, rows: Sequence[dict[str, Any]]) -> None:
    if not rows:
        return
    data = _columns(model, rows)
    _write(session, model, data)
    _index(session, model, data)


def _write(session: Session, model: type, data: dict[str, list[Any]]) -> None:
    write_encoded(session, encode(model, data, session.get_bind().dialect))


@dataclass(frozen=True)
class Encoded:
    """A batch of one table's rows, made without a database: what a demo run's worker
    process sends its writer (services/demo/demo_pipeline.py).

    ``data``: the rows column by column as :func:`_columns` gives them, not yet bound nor
    sealed (the writer does that with its engine's types and key: :func:`write_encoded`).
    ``rows``: bound, on SQLite as the driver takes them, on PostgreSQL as COPY takes them
    (sealed, enums as codes, JSON and bytea as text). ``text``: the rows in COPY's text
    format, UTF-8 (the search tokens, made where they are computed)."""

    table: str
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]] | None = None
    text: bytes | None = None
    data: dict[str, list[Any]] | None = None
    model: type | None = None  # with ``data``

    def __len__(self) -> int:
        if self.data is not None:
            return len(next(iter(self.data.values()), []))
        if self.rows is not None:
            return len(self.rows)
        return self.text.count(b"\n") if self.text else 0

    def with_columns(self, columns: Sequence[str], values: Sequence[tuple[Any, ...]]) -> Encoded:
        """The same rows with ``columns`` added, ``values`` a tuple for each row."""
        if self.data is not None:
            added = dict(zip(columns, map(list, zip(*values, strict=True)), strict=True))
            return Encoded(
                self.table, (*self.columns, *columns), data=self.data | added, model=self.model
            )
        assert self.rows is not None
        rows = [(*r, *v) for r, v in zip(self.rows, values, strict=True)]
        return Encoded(self.table, (*self.columns, *columns), rows)


def encode_rows(
    model: type,
    rows: Sequence[dict[str, Any]],
    dialect: Any = None,
    *,
    text: bool = True,
    keyless: Any = None,
) -> Encoded:
    """:class:`Encoded` of ``rows``: pure computation, so another process can do it. With
    ``dialect``, bound (and sealed under the dialect's field key) for its engine, and on
    PostgreSQL with ``text`` formatted for COPY; without, column by column only (the
    writer binds and seals them). ``keyless``: a PostgreSQL dialect without the key, with
    which a batch that has nothing to seal is formatted for COPY here all the same."""
    data = _columns(model, rows)
    if dialect is None and keyless is not None and not _to_seal(model, data):
        # The stage changes, flags and most records of a demo run (their sealed notes
        # empty): formatted in its worker, not in its writer, which seals the others.
        dialect = keyless
    if dialect is None:
        return Encoded(_table(model).name, tuple(data), data=data, model=model)
    return encode(model, data, dialect, text=text)


def _to_seal(model: type, data: dict[str, list[Any]]) -> bool:
    """Whether a sealed column of the batch holds a value."""
    types = _table(model).columns
    return any(
        isinstance(types[c].type, Sealed) and any(v is not None for v in column)
        for c, column in data.items()
    )


def encode_people(
    rows: Sequence[dict[str, Any]],
    index_key: bytes | None,
    memo: search_tokens.NameMemo,
    dialect: Any = None,
) -> list[Encoded]:
    """New persons' rows (their ids given) and their name index, as :func:`insert_rows`
    writes them: blind search tokens under ``index_key`` on PostgreSQL, name parts on
    SQLite (``index_key`` None). ``memo``: the bulk run's keys of each name (they repeat).
    ``dialect``: as :func:`encode_rows`."""
    people = encode_rows(Person, rows, dialect)
    if index_key is not None:
        key = index_key
        tokens = memo.tokens.get(key) or memo.tokens.setdefault(key, Tokens(key, remember=True))
        make = tokens.copy_rows
        text = "".join(
            [make(r["id"], r.get("real_name"), r.get("alias"), r.get("id_number")) for r in rows]
        )
        return [people, Encoded("person_search_token", ("token", "person_id"), text=text.encode())]
    names = [(r["id"], r.get("real_name"), r.get("alias")) for r in rows]
    parts: list[tuple[Any, ...]] = list(search_tokens.part_rows(names, memo.parts))
    return [people, Encoded("person_name_part", ("part", "person_id"), rows=parts)]


def encode(model: type, data: dict[str, list[Any]], dialect: Any, *, text: bool = False) -> Encoded:
    """:func:`encode_rows` of a batch already column by column (:func:`_columns`)."""
    name = _table(model).name
    if dialect.name == "postgresql":
        values = _copy_values(model, data, dialect)
        if text:  # formatted once, by whoever encodes (a demo run's worker), not the writer
            return Encoded(name, tuple(data), text=_copy_text(values))
        return Encoded(name, tuple(data), rows=values)
    return Encoded(name, tuple(data), _bound(dialect, model, data))


def write_encoded(session: Session, encoded: Encoded) -> None:
    """Write rows :func:`encode_rows` made (executemany on SQLite, COPY on PostgreSQL)."""
    conn = session.connection()
    if encoded.data is not None:
        assert encoded.model is not None
        encoded = encode(encoded.model, encoded.data, conn.dialect)
    if not encoded.columns or not (encoded.rows or encoded.text):
        return
    quote = conn.dialect.identifier_preparer.quote
    names = ", ".join(quote(c) for c in encoded.columns)
    if conn.dialect.name != "postgresql":
        marks = ", ".join("?" for _ in encoded.columns)
        sql = f"INSERT INTO {quote(encoded.table)} ({names}) VALUES ({marks})"
        conn.exec_driver_sql(sql, encoded.rows)  # qmark: SQLite only
        return
    dbapi = conn.connection.dbapi_connection
    assert dbapi is not None
    data = encoded.text if encoded.text is not None else _copy_text(encoded.rows or [])
    if dbapi.info.encoding != "utf-8":  # type: ignore[attr-defined]
        data = data.decode("utf-8")  # psycopg encodes text in the connection's encoding
    sql = f"COPY {quote(encoded.table)} ({names}) FROM STDIN"
    with dbapi.cursor() as cur, cur.copy(sql) as copy:  # type: ignore[attr-defined]
        copy.write(data)


def _index(session: Session, model: type, data: dict[str, list[Any]]) -> None:
    # No mapper event sees a Core insert: people written here get their search tokens
    # (PostgreSQL) or name parts (SQLite) here (rows just inserted: nothing old to delete).
    if model is Person and None not in data.get("id", [None]):
        n = len(data["id"])
        people = zip(
            data["id"],
            data.get("real_name", [None] * n),
            data.get("alias", [None] * n),
            data.get("id_number", [None] * n),
            strict=True,
        )
        search_tokens.index_people(session, list(people), new=True)


def insert_rows_returning_ids(
    session: Session, model: type, rows: Sequence[dict[str, Any]]
) -> list[int]:
    if not rows:
        return []
    data = _columns(model, rows)
    if session.get_bind().dialect.name == "postgresql":
        ids = draw_ids(session, model, len(rows))
        data["id"] = ids
        _write(session, model, data)
        _index(session, model, data)
        return ids
    # SQLite: the first row through INSERT ... RETURNING, the others with the ids after it.
    # Its write takes the database's write lock until the transaction ends, so no other
    # connection can take an id above it meanwhile; and an id is the highest one plus one
    # (with or without AUTOINCREMENT): every id after it is free. An INSERT ... RETURNING of
    # many rows goes one statement per row on SQLite, the executemany in one call.
    conn = session.connection()
    first_row = {key: values[0] for key, values in data.items()}
    first = conn.execute(_insert_returning_ids(model), first_row).scalar_one()
    ids = list(range(first, first + len(rows)))
    if len(rows) > 1:
        rest = {key: values[1:] for key, values in data.items()}
        rest["id"] = ids[1:]
        _write(session, model, rest)
    data["id"] = ids
    _index(session, model, data)
    return ids


@cache
def _insert_returning_ids(model: type) -> Any:
    # Built once per model: an import writes its persons one statement at a time on SQLite.
    table = _table(model)
    return table.insert().returning(table.c.id, sort_by_parameter_order=True)


def _bound(dialect: Any, model: type, data: dict[str, list[Any]]) -> list[tuple[Any, ...]]:
    # The column types' own bind processors (dates as text, enums as their codes, JSON as
    # text, sealed columns sealed where the engine seals): what SQLAlchemy would send.
    # Column by column: map() of one processor over a column costs a fraction of a
    # generator expression per row.
    types = _table(model).columns
    values = []
    for c, column in data.items():
        process = types[c].type._cached_bind_processor(dialect)
        values.append(
            column
            if process is None
            else _processed(process, column, isinstance(types[c].type, _PURE))
        )
    return list(zip(*values, strict=True))


# Types whose bind processor gives equal text for equal values (a date's, an enum's code):
# a column of them repeats a few values (dates of a few years, one created_at a batch).
_PURE = (sqltypes.Date, sqltypes.DateTime, sqltypes.Enum, sqltypes.Boolean)


# Processed values of the pure types, by processor, kept across batches: a large load's
# dates (a few thousand days) and codes repeat from batch to batch. Bounded: a processor's
# memo is emptied when it holds _MEMO_MAX values.
_MEMO: dict[Callable[[Any], Any], dict[Any, Any]] = {}
_MEMO_MAX = 1 << 16


def _processed(process: Callable[[Any], Any], values: list[Any], pure: bool) -> list[Any]:
    """``process`` of each value; for a pure type, once per distinct value (a date's
    formatting was a tenth of a large SQLite write). Datetimes with a zone are left to the
    processor: two equal instants in other zones are written differently."""
    if pure:
        distinct = set(values)
        if not any(getattr(v, "tzinfo", None) is not None for v in distinct):
            done = _MEMO.setdefault(process, {})
            if len(done) + len(distinct) > _MEMO_MAX:
                done.clear()
            for v in distinct.difference(done):
                done[v] = process(v)
            return list(map(done.__getitem__, values))
    return list(map(process, values))


def draw_ids(session: Session, model: type, n: int) -> list[int]:
    """``n`` new ids from the table's sequence (PostgreSQL), for rows written later by COPY."""
    if n <= 0:
        return []
    return list(
        session.execute(
            text("SELECT nextval(pg_get_serial_sequence(:t, 'id')) FROM generate_series(1, :n)"),
            {"t": _table(model).name, "n": n},
        ).scalars()
    )


def _copy_value(value: Any) -> Any:
    # psycopg would write an Enum's name; the column holds its code. JSON goes in as text,
    # bytes as bytea's hex input form.
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bytes):
        return "\\x" + value.hex()
    return value


def _copy_column(values: list[Any]) -> list[Any]:
    # Most columns hold only text, numbers, dates or None: as they are, not a call per value.
    if not any(issubclass(k, enum.Enum | list | dict | bytes) for k in set(map(type, values))):
        return values
    return list(map(_copy_value, values))


def _sealed_column(kind: Sealed, values: list[Any], dialect: Any) -> list[Any]:
    # Each value sealed apart (a fresh nonce: equal values must not look equal); a NULL is
    # a NULL (most of a record's sealed notes are empty). The column at once: a call per
    # value through the type, the field state and the key cost twice the encryption.
    if all(v is None for v in values):
        return values
    return kind.process_bind_column(values, dialect)


def _copy_values(model: type, data: dict[str, list[Any]], dialect: Any) -> list[tuple[Any, ...]]:
    # COPY bypasses the column types: encrypt the sealed columns here, as an INSERT would.
    types = _table(model).columns
    values = [
        _hexed(_sealed_column(kind, column, dialect))
        if isinstance(kind := types[c].type, Sealed)
        else _copy_column(column)
        for c, column in data.items()
    ]
    return list(zip(*values, strict=True))


def _hexed(values: list[Any]) -> list[Any]:
    # bytea in its hex input form: the text COPY takes without a connection's escaping.
    return [v if v is None else "\\x" + v.hex() for v in values]


@cache
def _row_formatter() -> tuple[Callable[..., None], Any]:
    # psycopg's own (compiled) COPY row formatter, as Copy.write_row uses it; not part of
    # its documented API, so where it lives is looked up in both places it has lived.
    # Imported on first use: an embedded database never loads psycopg.
    try:
        from psycopg._copy_base import format_row_text
    except ImportError:  # psycopg < 3.2
        from psycopg.copy import format_row_text  # type: ignore[attr-defined,no-redef]
    from psycopg.adapt import Transformer

    return format_row_text, Transformer()  # the global adapters: text, UTF-8, no connection


def _copy_text(rows: Sequence[tuple[Any, ...]]) -> bytes:
    """``rows`` in COPY's text format (what Copy.write_row sends for them)."""
    format_row_text, transformer = _row_formatter()
    out = bytearray()
    for row in rows:
        format_row_text(row, transformer, out)
    return bytes(out)
