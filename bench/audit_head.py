"""What anchoring the audit chain's head costs a commit (issue #11, item 4).

N transactions that each append one audit event, with the head anchored (SQLite: the
``.audit-head`` file replaced with fsync; PostgreSQL: the ``setting`` row in the same
transaction and the workstation's memory of heads) and with the anchor's session hooks
removed. Prints milliseconds per commit and the ratio.

    python -m bench.audit_head [--commits N] [--pg URL-of-an-empty-database]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.orm import Session

from rescuedesk.db import Database, upgrade_to_head
from rescuedesk.security import audit_head, field_slots
from rescuedesk.security.encryption import export_encrypted, new_key, sqlcipher
from rescuedesk.security.field_crypto import new_key as new_field_key
from rescuedesk.services.office import audit
from rescuedesk.services.office.context import Actor

HOOKS = (("before_commit", audit_head._before_commit), ("after_commit", audit_head._after_commit))


def _commits(db: Database, n: int) -> list[float]:
    actor = Actor.system("bench")
    times = []
    for i in range(n):
        start = time.perf_counter()
        with db.write_session() as session:
            audit.record(session, actor, "bench", "database", None, changes={"i": i})
        times.append(time.perf_counter() - start)
    return times


def _measure(db: Database, n: int) -> tuple[float, float]:
    _commits(db, 5)  # warm up, and start the anchor
    anchored = statistics.median(_commits(db, n))
    for name, fn in HOOKS:
        event.remove(Session, name, fn)
    try:
        bare = statistics.median(_commits(db, n))
    finally:
        for name, fn in HOOKS:
            event.listen(Session, name, fn)
    return anchored, bare


def _report(label: str, anchored: float, bare: float) -> None:
    print(
        f"{label}: {anchored * 1000:.2f} ms per commit anchored, {bare * 1000:.2f} ms without "
        f"(+{(anchored - bare) * 1000:.2f} ms, x{anchored / bare:.2f})",
        flush=True,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--commits", type=int, default=200)
    parser.add_argument("--pg", metavar="URL")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_DIR")) as tmp:
        os.environ["RESCUEDESK_DATA_DIR"] = str(Path(tmp) / "data")
        path = Path(tmp) / "bench.sqlite3"
        plain = Database(f"sqlite:///{path}")
        upgrade_to_head(plain)
        _commits(plain, 1)  # a file's anchor starts with its first event, before encryption
        plain.dispose()
        key = new_key()
        encrypted = path.with_name("bench.encrypted.sqlite3")
        export_encrypted(path, encrypted, key)
        db = Database(f"sqlite:///{encrypted}", cipher=sqlcipher(key))
        try:
            _report("SQLite (SQLCipher)", *_measure(db, args.commits))
        finally:
            db.dispose()
        if args.pg:
            pg = Database(args.pg)
            try:
                upgrade_to_head(pg)
                field_slots.install(pg, new_field_key())  # as after a log-in
                _report("PostgreSQL", *_measure(pg, args.commits))
            finally:
                pg.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
