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
from functools import cache
from typing import Any

from sqlalchemy import Connection, text
from sqlalchemy.orm import Session
from sqlalchemy.sql import sqltypes

from rescuedesk.models import Person
from rescuedesk.models.sealed import Sealed
from rescuedesk.reference.pinyin import search_keys
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
    for key in sorted(keys):
        default = columns[key].default
        fixed = _default_value(default) if default is not None else None
        out[key] = [r.get(key, fixed) for r in rows]
    return out


def insert_rows(session: Session, model: type, rows: Sequence[dict[str, Any]]) -> None:
    if not rows:
        return
    data = _columns(model, rows)
    if session.get_bind().dialect.name == "postgresql":
        _copy(session, model, data)
    else:
        _executemany(session, model, data)
    _index(session, model, data)


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
        _copy(session, model, data)
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
        _executemany(session, model, rest)
    data["id"] = ids
    _index(session, model, data)
    return ids


@cache
def _insert_returning_ids(model: type) -> Any:
    # Built once per model: an import writes its persons one statement at a time on SQLite.
    table = _table(model)
    return table.insert().returning(table.c.id, sort_by_parameter_order=True)


def _executemany(session: Session, model: type, data: dict[str, list[Any]]) -> None:
    """An executemany of ``data`` (a batch's columns) on the driver's cursor, each value
    bound by its column's type as an INSERT through SQLAlchemy binds it: the statement
    compiled once, not a parameter set built per row."""
    conn = session.connection()
    columns = list(data)
    table = _table(model)
    quote = conn.dialect.identifier_preparer.quote
    sql = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({', '.join('?' for _ in columns)})"
    )
    conn.exec_driver_sql(sql, _bound(conn, model, data))  # qmark: SQLite only


def _bound(conn: Connection, model: type, data: dict[str, list[Any]]) -> list[tuple[Any, ...]]:
    # The column types' own bind processors (dates as text, enums as their codes, JSON as
    # text, sealed columns sealed where the engine seals): what SQLAlchemy would send.
    # Column by column: map() of one processor over a column costs a fraction of a
    # generator expression per row.
    types = _table(model).columns
    values = []
    for c, column in data.items():
        process = types[c].type._cached_bind_processor(conn.dialect)
        values.append(
            column
            if process is None
            else _processed(process, column, isinstance(types[c].type, _PURE))
        )
    return list(zip(*values, strict=True))


# Types whose bind processor gives equal text for equal values (a date's, an enum's code):
# a column of them repeats a few values (dates of a few years, one created_at a batch).
_PURE = (sqltypes.Date, sqltypes.DateTime, sqltypes.Enum, sqltypes.Boolean)


def _processed(process: Callable[[Any], Any], values: list[Any], pure: bool) -> list[Any]:
    """``process`` of each value; for a pure type, once per distinct value when they repeat
    (a date's formatting was a tenth of a large SQLite write). Datetimes with a zone are
    left to the processor: two equal instants in other zones are written differently."""
    if pure:
        distinct = set(values)
        if len(distinct) * 2 <= len(values) and not any(
            getattr(v, "tzinfo", None) is not None for v in distinct
        ):
            done = {v: process(v) for v in distinct}
            return [done[v] for v in values]
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
    # psycopg would write an Enum's name; the column holds its code. JSON goes in as text.
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def _copy_column(values: list[Any]) -> list[Any]:
    # Most columns hold only text, numbers, dates or None: as they are, not a call per value.
    if not any(issubclass(k, enum.Enum | list | dict) for k in set(map(type, values))):
        return values
    return list(map(_copy_value, values))


def _sealed_column(kind: Sealed, values: list[Any], dialect: Any) -> list[Any]:
    # Each value sealed apart (a fresh nonce: equal values must not look equal); a NULL is
    # a NULL, without the call (most of a record's sealed notes are empty).
    seal = kind.process_bind_param
    return [None if v is None else seal(v, dialect) for v in values]


def _copy(session: Session, model: type, data: dict[str, list[Any]]) -> None:
    columns = list(data)
    names = ", ".join(f'"{c}"' for c in columns)
    conn = session.connection()
    dbapi = conn.connection.dbapi_connection
    assert dbapi is not None
    # COPY bypasses the column types: encrypt the sealed columns here, as an INSERT would.
    types = _table(model).columns
    sql = f'COPY "{_table(model).name}" ({names}) FROM STDIN'
    values = [
        _sealed_column(kind, column, conn.dialect)
        if isinstance(kind := types[c].type, Sealed)
        else _copy_column(column)
        for c, column in data.items()
    ]
    with dbapi.cursor() as cur, cur.copy(sql) as copy:  # type: ignore[attr-defined]
        for row in zip(*values, strict=True):
            copy.write_row(row)
