"""Tables of the PostgreSQL field encryption: key slots and blind search tokens.

Both exist on SQLite too (so the schema is one), where they stay empty: SQLCipher encrypts
the whole file and search reads the names themselves.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Index, Integer, LargeBinary
from sqlalchemy.orm import Mapped, mapped_column

from rescuedesk.models.base import Base, search_str


class FieldKeySlot(Base):
    """The database's data key, wrapped for one account under its password (Argon2id +
    AES-GCM). The table lives in the database because every workstation must reach it."""

    __tablename__ = "field_key_slot"

    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), primary_key=True)
    salt: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    nonce: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    wrapped: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    kdf: Mapped[dict[str, Any]] = mapped_column(nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)


class PersonSearchToken(Base):
    """HMAC tokens of a person's name prefixes (as typed, full pinyin, initials) and ID
    number: search as you type finds people by token without the server seeing a name."""

    __tablename__ = "person_search_token"

    token: Mapped[bytes] = mapped_column(LargeBinary, primary_key=True)
    # No foreign key: this is a derived index, written only by services/search_tokens in the
    # transaction that writes the person, and persons are never deleted (models/guards.py).
    # The per-row check cost a third of a 10,000-row import on PostgreSQL (10.2 s -> 6.5 s).
    person_id: Mapped[int] = mapped_column(Integer, primary_key=True, index=True)


class PersonNamePart(Base):
    """SQLite's keys of the parts of a person's name and alias (reference/name_parts.py:
    小梅 and 梅 of 李小梅, xiaomei, mei, xm, and the syllables li'xiao'mei'), searched by
    prefix range like the name columns. Empty on PostgreSQL, where the same keys become
    blind tokens in person_search_token: a clear part there would give the name away."""

    __tablename__ = "person_name_part"
    # (person_id, part): deleting a person's parts, and the probe of one person's parts
    # while the case list walks the cases in sort order (services/casefile/case_queries.py).
    __table_args__ = (Index("ix_person_name_part_person_id_part", "person_id", "part"),)

    part: Mapped[str] = mapped_column(search_str(400), primary_key=True)
    # No foreign key, as person_search_token: a derived index written with its person.
    person_id: Mapped[int] = mapped_column(Integer, primary_key=True)
