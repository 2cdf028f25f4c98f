"""Child processes for the concurrency tests (run with ``python -m tests.concurrency.worker``).

``edit URL CASE_ID ATTEMPTS TAG``: read the case, pause, save a new summary with the version
read; print one JSON line per attempt: landed or conflict.
``bulk URL``: write demo data in committed batches forever, printing each committed batch.
``login_save URL USER PASSWORD CASE_ID ROUNDS TAG``: log in as USER and save the case's
summary, ROUNDS times, as a workstation would; print one JSON line per log-in and per save:
landed (with the version the save made) or error (with what was raised).
"""

from __future__ import annotations

import json
import random
import sys
import time

from rescuedesk.db import Database
from rescuedesk.errors import ConflictError
from rescuedesk.models import Case
from rescuedesk.services.casefile import cases
from rescuedesk.services.demo import demo_data
from rescuedesk.services.office.context import Actor


def edit(url: str, case_id: int, attempts: int, tag: str) -> None:
    db = Database(url)
    actor = Actor.system(f"worker-{tag}")
    rng = random.Random(tag)
    for i in range(attempts):
        with db.read_session() as s:
            version = s.get(Case, case_id).version  # type: ignore[union-attr]
        time.sleep(rng.random() * 0.02)  # the caseworker types
        token = f"{tag}-{i}"
        try:
            with db.write_session() as s:
                saved = cases.update_case(s, actor, case_id, version, {"summary": token})
                new_version = saved.record.version
            print(
                json.dumps({"token": token, "result": "landed", "version": new_version}), flush=True
            )
        except ConflictError as exc:
            print(
                json.dumps({"token": token, "result": "conflict", "fields": exc.fields}), flush=True
            )
    db.dispose()


BATCH = 1000


def bulk(url: str) -> None:
    db = Database(url)
    actor = Actor.system("bulk-writer")
    batch = 0
    while True:
        batch += 1
        with db.write_session() as s:
            demo_data.generate(s, actor, BATCH, seed=batch)
            numbers = [n for (n,) in s.query(Case.case_number).order_by(Case.id.desc()).limit(1)]
        print(json.dumps({"batch": batch, "last_case": numbers[0]}), flush=True)


def letters_worker(url: str, case_id: int, count: int) -> None:
    from rescuedesk.services.referrals.letters import issue_letter

    db = Database(url)
    actor = Actor.system("letters")
    for _ in range(count):
        with db.write_session() as s:
            content, _row = issue_letter(s, actor, case_id, "other", override_reason="并发测试")
        print(json.dumps({"number": content.letter_number}), flush=True)
    db.dispose()


def login_save(url: str, username: str, password: str, case_id: int, rounds: int, tag: str) -> None:
    from rescuedesk.services.office import vault

    db = Database(url)
    rng = random.Random(tag)
    for i in range(rounds):
        token = f"{tag}-{i}"
        try:
            actor = vault.log_in(db, username, password)
            print(json.dumps({"step": "login", "result": "landed"}), flush=True)
        except Exception as exc:  # any failure is what the test counts
            print(json.dumps({"step": "login", "result": "error", "error": repr(exc)}), flush=True)
            continue
        time.sleep(rng.random() * 0.01)
        try:
            with db.write_session() as s:
                # No version check: every save must land, each on top of the one before.
                saved = cases.update_case(s, actor, case_id, None, {"summary": token})
                new_version = saved.record.version
            print(
                json.dumps(
                    {"step": "save", "token": token, "result": "landed", "version": new_version}
                ),
                flush=True,
            )
        except Exception as exc:
            print(json.dumps({"step": "save", "result": "error", "error": repr(exc)}), flush=True)
    db.dispose()


if __name__ == "__main__":
    command, url, *rest = sys.argv[1:]
    if command == "edit":
        edit(url, int(rest[0]), int(rest[1]), rest[2])
    elif command == "bulk":
        bulk(url)
    elif command == "letters":
        letters_worker(url, int(rest[0]), int(rest[1]))
    elif command == "login_save":
        login_save(url, rest[0], rest[1], int(rest[2]), int(rest[3]), rest[4])
    else:
        raise SystemExit(f"unknown command {command}")
