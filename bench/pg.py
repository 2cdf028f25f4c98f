"""A PostgreSQL database of its own for one benchmark run, on the server ``make bench`` starts
(its URL in RESCUEDESK_TEST_PG_URL, as for the tests)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


def admin_url() -> str | None:
    """The server's URL, or None (said on stdout) when no server was set up."""
    admin = os.environ.get("RESCUEDESK_TEST_PG_URL")
    if not admin:
        print("# postgresql: RESCUEDESK_TEST_PG_URL not set (make bench sets it)")
    return admin


@contextmanager
def scratch_database(admin: str, name: str, *, keep: bool = False) -> Iterator[tuple[str, bool]]:
    """(URL, whether it existed) of the database ``name``: created unless it exists, dropped
    afterwards unless ``keep`` (a database kept to be reused by the next run)."""
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            existed = bool(
                conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
            )
            if not existed:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield make_url(admin).set(database=name).render_as_string(hide_password=False), existed
        finally:
            if not keep:
                with engine.connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        engine.dispose()
