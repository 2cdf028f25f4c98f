"""The audit trail's hash chain: each event's hash covers the previous hash and the event.

Editing, deleting or reordering an event with raw SQL breaks the chain at that event, and
``verify`` names it. Appends are serialised (SQLite: the write lock of BEGIN IMMEDIATE;
PostgreSQL: a transaction-level advisory lock) so the chain never forks.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event, func, select, text
from sqlalchemy.orm import Session

from rescuedesk.models import AuditEvent
from rescuedesk.progress import Progress, tick

GENESIS = "0" * 64
ADVISORY_LOCK_KEY = 0x52445F4155444954  # "RD_AUDIT"
_TAIL = "rescuedesk_audit_tail"
TAIL = _TAIL  # session.info: (id, hash) of this transaction's newest event
BASE = "rescuedesk_audit_base"  # session.info: (id, hash) of the head before this transaction


# One encoder for every event (json.dumps with these options would build a new one each call).
_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def canonical(e: AuditEvent) -> str:
    """A stable text form of everything an event says, as stored.

    Values sealed under a person key (security/audit_seal.py) enter in their encrypted form,
    so destroying the key leaves the chain verifiable. ``person_key_id`` enters only when
    set: events written before it existed keep the form, and the hash, they were given."""
    body: dict[str, Any] = {
        "id": e.id,
        "at": e.at.isoformat(timespec="microseconds"),
        "user_id": e.user_id,
        "actor_label": e.actor_label,
        "action": e.action,
        "entity": e.entity,
        "entity_id": e.entity_id,
        "case_id": e.case_id,
        "person_id": e.person_id,
        "version": e.version,
        "changes": e.changes,
        "reason": e.reason,
    }
    key_id = getattr(e, "person_key_id", None)  # migration 0002 hashes plain rows
    if key_id is not None:
        body["person_key_id"] = key_id
    return _ENCODER.encode(body)


def link(prev_hash: str, e: AuditEvent) -> str:
    return hashlib.sha256((prev_hash + "\n" + canonical(e)).encode("utf-8")).hexdigest()


def _tail(session: Session) -> tuple[int, str]:
    """(last id, last hash), read once per transaction under the append lock."""
    cached = session.info.get(_TAIL)
    if cached is not None:
        return cached
    conn = session.connection()
    if conn.get_execution_options().get("rescuedesk_readonly"):
        raise RuntimeError(
            "an audited action ran in a read-only session: use Database.write_session()"
        )
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": ADVISORY_LOCK_KEY})
    row = conn.execute(
        select(AuditEvent.id, AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)
    ).first()
    base = (row[0], row[1]) if row else (0, GENESIS)
    session.info[BASE] = base  # audit_head measures its anchor against it before commit
    return base


def lock(session: Session) -> None:
    """Take the append lock now (it is held until the transaction ends)."""
    session.info[_TAIL] = _tail(session)


def seal(session: Session, e: AuditEvent) -> None:
    """Give a new event the next id and its place in the chain."""
    last_id, last_hash = _tail(session)
    e.id = last_id + 1
    e.prev_hash = last_hash
    e.hash = link(last_hash, e)
    session.info[_TAIL] = (e.id, e.hash)


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_soft_rollback")
def _forget_tail(session: Session, *_args: Any) -> None:
    session.info.pop(_TAIL, None)
    session.info.pop(BASE, None)


@dataclass(frozen=True)
class ChainReport:
    events: int
    broken_at: int | None
    reason: str | None

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def verify(
    events: Iterable[AuditEvent], progress: Progress | None = None, total: int = 0
) -> ChainReport:
    """Walk events in id order; name the first one whose link does not hold."""
    prev = GENESIS
    count = 0
    expected_id = 1
    for e in events:
        count += 1
        if count % 10_000 == 0:
            tick(progress, count, total)
        if e.id != expected_id:
            return ChainReport(count, e.id, f"此前缺少编号 {expected_id} 的记录（被删除）")
        if e.prev_hash != prev:
            return ChainReport(count, e.id, "与前一条记录的链接断开（前一条被修改或调换了顺序）")
        if link(prev, e) != e.hash:
            return ChainReport(count, e.id, "记录内容被修改")
        prev = e.hash
        expected_id += 1
    return ChainReport(count, None, None)


# What ``canonical`` and ``verify`` read of an event. The chain is walked over rows of these
# columns, not ORM objects: building an object (its state, the identity map) cost more than
# the hash itself, and a Row answers the same attribute names. The columns' types still
# apply (sealed JSON decoded, dates parsed), so the canonical form is the one sealed.
_CHAIN_COLUMNS = (
    AuditEvent.id,
    AuditEvent.at,
    AuditEvent.user_id,
    AuditEvent.actor_label,
    AuditEvent.action,
    AuditEvent.entity,
    AuditEvent.entity_id,
    AuditEvent.case_id,
    AuditEvent.person_id,
    AuditEvent.version,
    AuditEvent.changes,
    AuditEvent.reason,
    AuditEvent.person_key_id,
    AuditEvent.prev_hash,
    AuditEvent.hash,
)


def verify_database(session: Session, progress: Progress | None = None) -> ChainReport:
    """The whole chain, streamed (a server-side cursor on PostgreSQL, yield_per)."""
    total = session.scalar(select(func.count(AuditEvent.id))) or 0
    tick(progress, 0, total)
    events = session.execute(
        select(*_CHAIN_COLUMNS)
        .order_by(AuditEvent.id)
        .execution_options(yield_per=2000, stream_results=True)
    )
    report = verify(events, progress, total)  # rows: canonical() reads them by name
    tick(progress, total, total)
    return report


# The head is anchored outside the table by session hooks, wherever events are sealed.
from rescuedesk.security import audit_head  # noqa: E402, F401
