"""Units, partner agencies, users and the per-unit number registers."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from rescuedesk.models.base import Base, Timestamped, Versioned, code_enum
from rescuedesk.models.enums import AgencyType, Role, UnitKind


class Unit(Versioned, Timestamped, Base):
    """The user's organisation (a civil-affairs bureau, station, women's federation...)."""

    __tablename__ = "unit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Short letters/digits used in case and letter numbers, e.g. "HRB-JZZ".
    code: Mapped[str] = mapped_column(String(16), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    kind: Mapped[UnitKind] = mapped_column(code_enum(UnitKind), nullable=False)
    division_code: Mapped[str] = mapped_column(String(6), nullable=False)
    address: Mapped[str | None] = mapped_column(String(300))
    phone: Mapped[str | None] = mapped_column(String(40))
    active: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)


class PartnerAgency(Versioned, Timestamped, Base):
    """An agency that receives referrals; it does not use the program."""

    __tablename__ = "partner_agency"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    agency_type: Mapped[AgencyType] = mapped_column(code_enum(AgencyType), nullable=False)
    division_code: Mapped[str | None] = mapped_column(String(6))
    address: Mapped[str | None] = mapped_column(String(300))
    contact_person: Mapped[str | None] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(40))
    notes: Mapped[str | None] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)


class User(Versioned, Timestamped, Base):
    """A member of staff. Passwords and fine-grained permissions come with accounts."""

    __tablename__ = "app_user"
    # The case list sorted by caseworker walks the users in name order (0024).
    __table_args__ = (Index("ix_app_user_full_name_id", "full_name", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    full_name: Mapped[str] = mapped_column(String(100), nullable=False)
    # Administrators, statisticians and auditors need not belong to a unit.
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    role: Mapped[Role] = mapped_column(code_enum(Role), nullable=False)
    phone: Mapped[str | None] = mapped_column(String(40))
    active: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    # Argon2id; NULL for staff recorded in the directory who have no log-in.
    password_hash: Mapped[str | None] = mapped_column(String(200))
    failed_logins: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    password_changed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    unit: Mapped[Unit | None] = relationship()

    @property
    def has_account(self) -> bool:
        return self.password_hash is not None


class NumberSequence(Base):
    """Per-unit, per-year counters (case numbers, referral letter numbers): never reused."""

    __tablename__ = "number_sequence"
    __table_args__ = (UniqueConstraint("unit_id", "kind", "year"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), nullable=False)
    kind: Mapped[str] = mapped_column(String(32), nullable=False)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    last_value: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
