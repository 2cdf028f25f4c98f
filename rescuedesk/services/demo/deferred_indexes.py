"""Indexes built (and on PostgreSQL foreign keys checked) once after a large demo load, not
kept up row by row.

On PostgreSQL the name columns are ciphertext and the search tokens HMACs: every index on
them takes its rows in random order, and keeping thirty-odd such indexes up to date while
a million persons (forty million tokens) are copied in costs the server several times the
copy itself; building each index once at the end sorts its keys once. Measured at 20,000
persons: the tokens alone took 8.5 s into their indexed table, 2.9 s into a bare table with
the indexes built after. A foreign key checks each row copied with a lookup of its own (a
trigger per row and key: the stage changes of 20,000 cases took 6.8 s); added back at the
end, it checks every row in one join.

On SQLite (SQLCipher) the same holds of the indexes: names, pinyin, name parts and dates
come in random order, and once an index outgrows the page cache each row's insert reads,
decrypts, and later encrypts and writes again pages of its own all over the file. Every
index a CREATE INDEX made is dropped and made again from the statement SQLite keeps (the
migrations' own text, partial indexes' WHERE included); the automatic indexes of a table's
own unique and primary keys cannot be dropped and stay. Its foreign keys have no index of
their own: each row's check is a lookup by the parent's rowid, cheap, and they stay.

Safe because the whole demo run is one transaction and both engines' DDL is transactional:
the indexes are dropped and built again, with the same names and definitions (read from
the catalogue, not restated here), inside it; a cancel or a killed run rolls the drop back
with the rows. Unique and primary-key constraints are checked again when built (a duplicate
fails the run, and nothing is kept), and so are the foreign keys. What it costs others: the
tables are locked until the run commits, so another workstation's search waits for the demo
data (on SQLite the run holds the file's write lock throughout anyway). On PostgreSQL an
index a foreign key depends on, and a primary key on one column (ids drawn from the
sequence, appended in order: cheap to keep), stay.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

# A load smaller than this keeps its indexes: building them again costs as much as the
# rows already there, and the lock is not worth seconds.
DEFER_FROM = 20_000

_DEFERRABLE = text(
    """
    SELECT t.relname, ic.relname, pg_get_indexdef(i.indexrelid),
           c.conname, pg_get_constraintdef(c.oid)
    FROM pg_index i
    JOIN pg_class ic ON ic.oid = i.indexrelid
    JOIN pg_class t ON t.oid = i.indrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = current_schema()
    LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.conrelid = i.indrelid
    WHERE t.relname = ANY(:tables)
      AND NOT (i.indisprimary AND i.indnatts = 1)
      AND NOT EXISTS (
          SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = i.indexrelid
      )
    ORDER BY t.relname, ic.relname
    """
)


_FOREIGN_KEYS = text(
    """
    SELECT t.relname, c.conname, pg_get_constraintdef(c.oid)
    FROM pg_constraint c
    JOIN pg_class t ON t.oid = c.conrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = current_schema()
    WHERE c.contype = 'f' AND t.relname = ANY(:tables)
    ORDER BY t.relname, c.conname
    """
)


# SQLite: the indexes a CREATE INDEX made (an automatic index has no statement).
_SQLITE_DEFERRABLE = text(
    """
    SELECT tbl_name, name, sql FROM sqlite_master
    WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (SELECT value FROM json_each(:tables))
    ORDER BY tbl_name, name
    """
)


@dataclass(frozen=True)
class DeferredIndex:
    table: str
    name: str
    definition: str  # CREATE INDEX ..., or the constraint's definition
    constraint: str | None


def deferrable(session: Session, tables: Sequence[str]) -> list[DeferredIndex]:
    """The indexes and foreign keys of ``tables`` that :func:`built_after` would drop and
    build again, in the order they are built."""
    if session.get_bind().dialect.name == "sqlite":
        found = session.execute(_SQLITE_DEFERRABLE, {"tables": json.dumps(list(tables))}).all()
        return [DeferredIndex(table, name, sql, None) for table, name, sql in found]
    rows = session.execute(_DEFERRABLE, {"tables": list(tables)}).all()
    found = [
        DeferredIndex(table, name, condef if conname else indexdef, conname)
        for table, name, indexdef, conname, condef in rows
    ]
    # Foreign keys last: added back after the indexes, each checked over the whole table.
    keys = session.execute(_FOREIGN_KEYS, {"tables": list(tables)}).all()
    return found + [DeferredIndex(table, name, fkdef, name) for table, name, fkdef in keys]


def should_defer(session: Session, persons: int) -> bool:
    """A load of at least DEFER_FROM persons and no smaller than what is there."""
    if persons < DEFER_FROM:
        return False
    existing = session.scalar(text("SELECT count(*) FROM person")) or 0
    return persons >= existing


@contextmanager
def built_after(session: Session, tables: Sequence[str]) -> Iterator[list[DeferredIndex]]:
    """Drop the deferrable indexes and the foreign keys of ``tables`` in the session's
    transaction and build them again when the block ends without an error (with an error
    the transaction is rolled back by the caller, which brings them back as they were)."""
    found = deferrable(session, tables)
    for index in reversed(found):  # the foreign keys first
        if index.constraint:
            session.execute(
                text(f'ALTER TABLE "{index.table}" DROP CONSTRAINT "{index.constraint}"')
            )
        else:
            _run(session, f'DROP INDEX "{index.name}"')
    yield found
    for index in found:
        if index.constraint:
            session.execute(
                text(
                    f'ALTER TABLE "{index.table}" ADD CONSTRAINT "{index.constraint}" '
                    f"{index.definition}"
                )
            )
        else:
            _run(session, index.definition)


def _run(session: Session, statement: str) -> None:
    # As the catalogue states it: no bind parameters to look for in a definition's text.
    session.connection().exec_driver_sql(statement)
