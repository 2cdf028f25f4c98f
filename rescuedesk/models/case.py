"""The case (个案), its flags, its stage history and what the police told us of the buyers."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from rescuedesk.models.base import (
    Base,
    CaseRecord,
    Timestamped,
    Versioned,
    code_enum,
    search_str,
)
from rescuedesk.models.directory import Unit, User
from rescuedesk.models.enums import CaseFlag, IntakeChannel, Stage
from rescuedesk.models.person import Person
from rescuedesk.models.personal import Purge, personal
from rescuedesk.models.sealed import Sealed

# What a search's gathered page tests and sorts each hit by (case_queries._keyed).
HIT_TESTED = ["intake_date", "unit_id", "caseworker_id", "stage", "rescue_place_code"]
WAITING_CLOSURE = "closure_requested_at IS NOT NULL AND stage != 'closed'"


class Case(Versioned, Timestamped, Base):
    __tablename__ = "case_file"
    __table_args__ = (
        # No (unit, year, serial) constraint: a transferred case keeps its number while its
        # unit changes (0015); the number, which names the unit that drew it, stays unique.
        # The list in intake order (the window's default) walked here, each case's reach,
        # stage and page columns read from the index, not from its row: a supervisor's
        # common text tests thousands of cases for each page (0029). The annual report reads
        # a year of cases from it alone, each one's first of the year found by (intake
        # date, id) and scoped by unit (0026).
        Index(
            "ix_case_file_intake_covering",
            "intake_date",
            "id",
            "person_id",
            "unit_id",
            "caseworker_id",
            "stage",
            "case_number",
            "rescue_date",
            "intake_channel",
        ),
        Index("ix_case_file_stage_closed_at", "stage", "closed_at"),
        Index("ix_case_file_stage_intake_date", "stage", "intake_date"),
        # My cases by stage (home page) are counted from this index alone.
        Index("ix_case_file_caseworker_stage", "caseworker_id", "stage"),
        # A supervisor's list in these sorts takes a page from each unit in reach (0022).
        Index("ix_case_file_unit_case_number", "unit_id", "case_number"),
        Index("ix_case_file_unit_stage_id", "unit_id", "stage", "id"),
        Index("ix_case_file_unit_rescue_date_id", "unit_id", "rescue_date", "id"),
        # ... and in the caseworker sort, user by user (0024).
        Index("ix_case_file_unit_caseworker_id", "unit_id", "caseworker_id", "id"),
        # A supervisor's own cases outside her units, found without reading her cases (0027).
        Index("ix_case_file_caseworker_unit_id", "caseworker_id", "unit_id", "id"),
        # A search's hits (each found person's cases; a place's cases), tested for the reach
        # and sorted by intake date from these indexes alone, not from the rows: 6,300
        # rescued in 哈尔滨 and 5,000 registrants' at 1,000,000 persons, a heap page each on
        # PostgreSQL, 65 of a supervisor's page's 66 ms; lix's 8,900 persons' cases on
        # SQLite, 31 -> 20 ms (0032). SQLite has no INCLUDE: key columns, after the id (a
        # person's cases stay in id order, as the name sort walks them).
        Index("ix_case_file_person_id", "person_id", "id", *HIT_TESTED),
        Index(
            "ix_case_file_rescue_place_code",
            "rescue_place_code",
            postgresql_include=["id", *HIT_TESTED[:-1]],
        ),
        # The closure requests waiting (a supervisor's home page): few among many cases, and
        # closed cases keep their request date, so only a partial index finds them fast.
        Index(
            "ix_case_file_closure_waiting",
            "id",
            sqlite_where=text(WAITING_CLOSURE),
            postgresql_where=text(WAITING_CLOSURE),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # "<unit code>-<year>-<serial>", e.g. "HRB-JZZ-2026-00042": unique, readable, sortable.
    case_number: Mapped[str] = mapped_column(search_str(40), unique=True, nullable=False)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    serial: Mapped[int] = mapped_column(Integer, nullable=False)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), nullable=False)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True, nullable=False)
    caseworker_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    intake_channel: Mapped[IntakeChannel] = mapped_column(code_enum(IntakeChannel), nullable=False)
    referring_police_unit: Mapped[str | None] = mapped_column(String(200), info=personal())
    police_reference: Mapped[str | None] = mapped_column(Sealed(String(100)), info=personal())
    rescue_date: Mapped[dt.date | None] = mapped_column(Date)
    rescue_place: Mapped[str | None] = mapped_column(Sealed(String(300)), info=personal())
    rescue_place_code: Mapped[str | None] = mapped_column(String(6))  # place search
    intake_date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    stage: Mapped[Stage] = mapped_column(code_enum(Stage), nullable=False)
    summary: Mapped[str | None] = mapped_column(Sealed(Text), info=personal())
    closure_reason: Mapped[str | None] = mapped_column(Sealed(Text), info=personal(Purge.OWN_RULE))
    closure_requested_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    closure_requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    purged_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    person: Mapped[Person] = relationship()
    unit: Mapped[Unit] = relationship()
    caseworker: Mapped[User | None] = relationship(foreign_keys=[caseworker_id])
    flag_entries: Mapped[list[CaseFlagEntry]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def flags(self) -> set[CaseFlag]:
        return {f.flag for f in self.flag_entries}


class CaseFlagEntry(Base):
    """One flag on a case; a table rather than a list so lists can filter on it fast.

    Who set it and when; why is said once, in the audit trail, sealed under the person's key
    (services/casefile/flags.py), where a removal and its reason stay too."""

    __tablename__ = "case_flag"

    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), primary_key=True)
    flag: Mapped[CaseFlag] = mapped_column(code_enum(CaseFlag), primary_key=True, index=True)
    set_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))


class StageChange(Base):
    """Append-only history of stages, closure requests, approvals and reopenings."""

    __tablename__ = "stage_change"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True, nullable=False)
    from_stage: Mapped[Stage | None] = mapped_column(code_enum(Stage))
    to_stage: Mapped[Stage] = mapped_column(code_enum(Stage), nullable=False)
    # "advance", "return", "closure_requested", "closure_rejected", "closed", "reopened", "opened"
    action: Mapped[str] = mapped_column(String(32), nullable=False)
    reason: Mapped[str | None] = mapped_column(Sealed(Text), info=personal(Purge.OWN_RULE))
    at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))


class CaseBuyer(CaseRecord, Base):
    """A person of the family that bought the victim, as the police reported.

    Kept so that the placement service can refuse placing a child with them (HLJ 49).
    """

    __tablename__ = "case_buyer"

    name: Mapped[str] = mapped_column(Sealed(String(100)), nullable=False, info=personal())
    id_number: Mapped[str | None] = mapped_column(Sealed(String(18)), info=personal())
    address: Mapped[str | None] = mapped_column(Sealed(String(300)), info=personal())


class CaseAssignment(Base):
    """Someone besides the caseworker who works on a case: a second caseworker, or a
    women's-federation follow-up worker the case was referred to (HLJ 67)."""

    __tablename__ = "case_assignment"
    __table_args__ = (Index("ix_case_assignment_user_active", "user_id", "ended_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True, nullable=False)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), nullable=False)
    # "caseworker" or "follow_up"
    purpose: Mapped[str] = mapped_column(String(32), nullable=False)
    assigned_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    # The last day it gives access; after it the assignment has ended by itself.
    until: Mapped[dt.date | None] = mapped_column(Date)
    # Why the supervisor gave the case (often about the person: sealed like other notes).
    reason: Mapped[str | None] = mapped_column(Sealed(Text), info=personal())
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    ended_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))

    user: Mapped[User] = relationship(foreign_keys=[user_id])
