"""The audit trail: who read or changed which record, when, and what changed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from rescuedesk.models.base import Base
from rescuedesk.models.sealed import Sealed, SealedJSON


class AuditEvent(Base):
    __tablename__ = "audit_event"
    __table_args__ = (
        Index("ix_audit_event_entity", "entity", "entity_id"),
        # A user's own events newest first (the home page's recent cases, migration 0023).
        Index("ix_audit_event_user_action_id", "user_id", "action", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    # Who acted when no account is known (command line before accounts, demo data).
    actor_label: Mapped[str] = mapped_column(String(100), nullable=False)
    action: Mapped[str] = mapped_column(String(32), nullable=False)
    entity: Mapped[str] = mapped_column(String(64), nullable=False)
    entity_id: Mapped[int | None] = mapped_column(Integer)
    case_id: Mapped[int | None] = mapped_column(Integer, index=True)
    person_id: Mapped[int | None] = mapped_column(Integer, index=True)
    # Version of the record after this change: finds what changed since a stale read.
    version: Mapped[int | None] = mapped_column(Integer)
    # {"field": [old, new], ...} for writes; query parameters and counts for reads.
    changes: Mapped[dict[str, Any]] = mapped_column(SealedJSON(), default=dict)
    reason: Mapped[str | None] = mapped_column(Sealed(Text))
    # The person_key whose key encrypts this event's personal values and reason
    # (services/audit_seal.py); NULL: nothing is encrypted under a person key (every event
    # written before migration 0010, and events that name no person or hold nothing personal).
    person_key_id: Mapped[int | None] = mapped_column(Integer)
    # SHA-256 chain: hash = sha256(prev_hash + canonical form of this event).
    prev_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
