"""Several OS processes write at once: nothing landed is lost, nothing is corrupted."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from rescuedesk.db import Database, sqlite_file
from rescuedesk.models import AuditEvent, Case
from rescuedesk.security import audit_chain, audit_head
from rescuedesk.services.office import audit
from tests.concurrency.worker import BATCH
from tests.conftest import Staff
from tests.factories import new_case

ROOT = Path(__file__).resolve().parents[2]
WORKERS = 4
ATTEMPTS = 12


def _spawn(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.concurrency.worker", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.slow
def test_concurrent_edits_land_or_conflict_and_none_is_lost(db: Database, staff: Staff) -> None:
    case_id = new_case(db, staff.caseworker)
    procs = [_spawn("edit", db.url, str(case_id), str(ATTEMPTS), f"w{i}") for i in range(WORKERS)]
    results = []
    for p in procs:
        out, err = p.communicate(timeout=240)
        assert p.returncode == 0, err
        results += [json.loads(line) for line in out.splitlines()]
    assert len(results) == WORKERS * ATTEMPTS
    assert {r["result"] for r in results} <= {"landed", "conflict"}
    landed = sorted((r for r in results if r["result"] == "landed"), key=lambda r: r["version"])
    assert landed, "no save landed at all"
    assert any(r["result"] == "conflict" for r in results), "the workers never overlapped"
    assert all(r["fields"] == ["summary"] for r in results if r["result"] == "conflict")
    # Versions are unique and consecutive: every landed save is one step of the history.
    assert [r["version"] for r in landed] == list(range(2, 2 + len(landed)))
    with db.read_session() as s:
        case = s.get(Case, case_id)
        assert case is not None
        assert case.version == 1 + len(landed)
        assert case.summary == landed[-1]["token"]
        events = s.scalars(
            select(AuditEvent)
            .where(
                AuditEvent.entity == "case_file",
                AuditEvent.entity_id == case_id,
                AuditEvent.action == "update",
            )
            .order_by(AuditEvent.version)
        ).all()
        chain = audit.readable(s, events)  # the summaries are sealed under the person's key
    # Concurrent appends never forked the audit chain, nor left its anchor ahead of it.
    with db.read_session() as s:
        assert audit_chain.verify_database(s).intact
        assert audit_head.check(s).intact
    # Each landed save changed what the previous landed save wrote: no lost update.
    assert [e.changes["summary"][1] for e in chain] == [r["token"] for r in landed]
    assert [e.changes["summary"][0] for e in chain[1:]] == [r["token"] for r in landed[:-1]]


@pytest.mark.slow
def test_killed_bulk_writer_leaves_every_commit_and_a_sound_file(db: Database) -> None:
    proc = _spawn("bulk", db.url)
    committed: list[dict[str, object]] = []
    assert proc.stdout is not None
    deadline = time.monotonic() + 180
    while len(committed) < 3 and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        committed.append(json.loads(line))
    assert len(committed) == 3, proc.stderr.read() if proc.stderr else ""
    time.sleep(0.3)  # inside the next batch's transaction (a batch takes about a second)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    # Lines printed between our last read and the kill were committed too.
    committed += [json.loads(line) for line in proc.stdout.read().splitlines()]
    path = sqlite_file(db.url)
    if path is not None:
        conn = sqlite3.connect(path)
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        conn.close()
    fresh = Database(db.url)
    with fresh.read_session() as s:
        numbers = set(s.scalars(select(Case.case_number)))
        count = len(numbers)
        assert audit_head.check(s).intact  # killed after a commit: the anchor is not ahead
    fresh.dispose()
    for batch in committed:
        assert batch["last_case"] in numbers
    # Whole batches only: the killed one is absent (or, had it just committed before the
    # kill, wholly present).
    assert count % BATCH == 0
    assert BATCH * len(committed) <= count <= BATCH * (len(committed) + 1)


@pytest.mark.slow
def test_letter_numbers_have_no_gap_or_duplicate_under_concurrent_printing(
    db: Database, staff: Staff
) -> None:
    case_id = new_case(db, staff.caseworker)
    procs = [_spawn("letters", db.url, str(case_id), "8") for _ in range(3)]
    numbers = []
    for p in procs:
        out, err = p.communicate(timeout=240)
        assert p.returncode == 0, err
        numbers += [json.loads(line)["number"] for line in out.splitlines()]
    year = dt.date.today().year  # the workers run on the real clock
    expected = [f"〔{year}〕转字第{i:04d}号" for i in range(1, 25)]
    assert sorted(numbers) == expected
