"""One account used in several places at once on PostgreSQL (issue #11, item 3): two
workstations, or the GUI and a command, logging in and saving at the same moment.

Log-in locks the account's row and appends to the audit trail; a save appends to the audit
trail, whose new event refers to the same account row. Before the fix the two took those
locks in opposite orders and PostgreSQL killed one of them with DeadlockDetected.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from rescuedesk.db import Database
from rescuedesk.models import AuditEvent, Case
from rescuedesk.models.enums import Role
from rescuedesk.security import audit_chain
from rescuedesk.services.office import accounts, audit, vault
from tests.conftest import Staff
from tests.factories import new_case

ROOT = Path(__file__).resolve().parents[2]
PG = pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
ROOT_PW = "救助站-春天-2026"
LEAD_PW = "主管的-长密码-2026"
WORKERS = 8
ROUNDS = 10
WORKER = (sys.executable, "-m", "tests.concurrency.worker")


def _office(db: Database, staff: Staff) -> int:
    """A sealed database with a case and one supervisor account, "lead"."""
    case_id = new_case(db, staff.caseworker)
    with db.write_session() as s:
        accounts.create_account(
            s, None, {"username": "root", "full_name": "管理员", "role": Role.ADMIN}, ROOT_PW
        )
    vault.protect_new_account(db, "root", ROOT_PW)
    root = vault.log_in(db, "root", ROOT_PW)
    with db.write_session() as s:
        data = {
            "username": "lead",
            "full_name": "李主管",
            "role": Role.SUPERVISOR,
            "unit_id": staff.unit_id,
        }
        accounts.create_account(s, root, data, LEAD_PW)
    return case_id


@pytest.mark.slow  # 80 log-ins of one account take turns on its row, each with Argon2 work
@PG
def test_one_account_logging_in_and_saving_in_eight_places(db: Database, staff: Staff) -> None:
    case_id = _office(db, staff)
    with db.read_session() as s:
        start = s.get(Case, case_id).version  # type: ignore[union-attr]
    procs = [
        subprocess.Popen(
            [*WORKER, "login_save", db.url, "lead", LEAD_PW, str(case_id), str(ROUNDS), f"w{i}"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(WORKERS)
    ]
    results = []
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
        results += [json.loads(line) for line in out.splitlines()]
    errors = [r["error"] for r in results if r["result"] == "error"]
    assert errors == [], f"{len(errors)} failed, e.g. {errors[:3]}"
    logins = [r for r in results if r["step"] == "login"]
    saves = sorted((r for r in results if r["step"] == "save"), key=lambda r: r["version"])
    assert len(logins) == len(saves) == WORKERS * ROUNDS
    # Every save is one step of the history: no two made the same version, none is lost.
    assert [r["version"] for r in saves] == list(range(start + 1, start + 1 + len(saves)))
    with db.read_session() as s:
        case = s.get(Case, case_id)
        assert case is not None and case.version == start + len(saves)
        events = s.scalars(
            select(AuditEvent)
            .where(
                AuditEvent.entity == "case_file",
                AuditEvent.entity_id == case_id,
                AuditEvent.action == "update",
            )
            .order_by(AuditEvent.version)
        ).all()
        chain = audit.readable(s, events)
        logged_in = s.scalars(select(AuditEvent.id).where(AuditEvent.action == "login")).all()
        assert audit_chain.verify_database(s).intact
    # Each save changed what the previous one wrote (nothing overwritten unseen).
    assert [e.changes["summary"][1] for e in chain] == [r["token"] for r in saves]
    assert [e.changes["summary"][0] for e in chain[1:]] == [r["token"] for r in saves[:-1]]
    assert len(logged_in) == 1 + WORKERS * ROUNDS  # root's, then every worker's
