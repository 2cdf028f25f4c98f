"""The audit chain's report names the event and how many it read, for each kind of break,
including a rewritten link (prev_hash). Written to kill mutants of audit_chain.verify."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from rescuedesk.db import Database
from rescuedesk.models import AuditEvent
from rescuedesk.security import audit_chain
from rescuedesk.services.office import audit
from rescuedesk.services.office.context import Actor
from tests.db.test_audit_chain import _drop_guard, _report, busy  # noqa: F401  (fixture)


def test_intact_chain_counts_every_event(busy: Database) -> None:  # noqa: F811
    with busy.read_session() as s:
        total = s.scalar(select(func.count(AuditEvent.id)))
    assert _report(busy) == audit_chain.ChainReport(total, None, None)


def test_a_rewritten_link_is_named(busy: Database) -> None:  # noqa: F811
    _drop_guard(busy.engine)
    with busy.engine.begin() as conn:
        conn.exec_driver_sql(
            "UPDATE audit_event SET prev_hash = (SELECT hash FROM audit_event WHERE id = 3)"
            " WHERE id = 5"
        )
    report = _report(busy)
    assert (report.events, report.broken_at) == (5, 5)
    assert report.reason and report.reason != "记录内容被修改"


def test_an_edit_and_a_deletion_report_how_far_they_read(busy: Database) -> None:  # noqa: F811
    _drop_guard(busy.engine)
    with busy.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM audit_event WHERE id = 7")
    assert (_report(busy).events, _report(busy).broken_at) == (7, 8)
    with busy.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE audit_event SET actor_label = 'nobody' WHERE id = 5")
    assert (_report(busy).events, _report(busy).broken_at) == (5, 5)


def test_an_audited_action_in_a_read_only_session_is_refused(busy: Database) -> None:  # noqa: F811
    """A read-only session cannot append to the chain (it would be rolled back silently)."""
    with pytest.raises(RuntimeError), busy.read_session() as s:
        audit.record(s, Actor.system("test"), "verify", "database", None)
    assert _report(busy).intact
