"""A transaction that loses a deadlock on PostgreSQL is run again (Database.run_write), and a
lock conflict is reported as one, never as a damaged database (issue #11, item 3)."""

from __future__ import annotations

import threading

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from rescuedesk import cli
from rescuedesk.db import Database
from rescuedesk.errors import DatabaseBusy

PG = pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)


def _crossing(db: Database, attempts: int) -> tuple[list[object], list[str]]:
    """Two threads take two advisory locks in opposite orders, meeting in the middle on
    their first run: PostgreSQL must abort one of them (40P01)."""
    meet = threading.Barrier(2, timeout=30)
    runs: list[str] = []
    results: list[object] = []

    def worker(name: str, first: int, second: int) -> None:
        def work(session: Session) -> str:
            runs.append(name)
            session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": first})
            if runs.count(name) == 1:
                meet.wait()
            session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": second})
            return name

        try:
            results.append(db.run_write(work, attempts=attempts))
        except Exception as exc:
            results.append(exc)

    threads = [
        threading.Thread(target=worker, args=("a", 1, 2)),
        threading.Thread(target=worker, args=("b", 2, 1)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results, runs


@PG
def test_the_loser_of_a_deadlock_is_run_again_and_lands(db: Database) -> None:
    results, runs = _crossing(db, attempts=3)
    assert sorted(map(str, results)) == ["a", "b"]
    assert len(runs) == 3  # one of the two ran twice


@PG
def test_a_deadlock_that_outlasts_the_retries_says_busy(db: Database) -> None:
    results, _ = _crossing(db, attempts=1)
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], DatabaseBusy)
    assert "数据库正忙" in errors[0].message


def test_the_command_reports_a_lock_conflict_as_busy_not_damaged(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    lost = OperationalError("UPDATE …", {}, psycopg.errors.DeadlockDetected("deadlock detected"))

    def dispatch(_args: object) -> int:
        raise lost

    monkeypatch.setattr(cli, "_dispatch", dispatch)
    assert cli.main(["case", "list"]) == 2
    err = capsys.readouterr().err
    assert "数据库正忙" in err and "损坏" not in err and "备份" not in err
