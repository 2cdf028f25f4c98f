"""Declarative base, naming convention and the columns every record shares."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    type_coerce,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

from rescuedesk import clock
from rescuedesk.models.personal import Purge, personal
from rescuedesk.models.sealed import Sealed

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


def code_enum(enum_cls: type[enum.Enum]) -> Enum:
    """Store an enum's stable English code (its value) as a short string, no native type.

    A plain string column keeps migrations simple on both engines when codes are added.
    """
    return Enum(
        enum_cls,
        native_enum=False,
        create_constraint=False,
        length=32,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )


def stored_code(column: Any) -> Any:
    """A :func:`code_enum` column read as the code it stores, a plain string: for reads of
    many rows that want the code anyway, no enum object made per row and turned back."""
    return type_coerce(column, String)


def _now() -> dt.datetime:
    return clock.now()


class Versioned:
    """Optimistic locking: every UPDATE checks and bumps ``version``."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.version}


class Timestamped:
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now, nullable=False)
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime, default=_now, onupdate=_now, nullable=False
    )


class CaseRecord(Versioned, Timestamped):
    """A record in a case file: belongs to one case, never deleted, voided with a reason."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)

    @declared_attr
    def case_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("case_file.id"), index=True, nullable=False)

    @declared_attr
    def created_by_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("app_user.id"), nullable=True)

    voided_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    @declared_attr
    def voided_by_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("app_user.id"), nullable=True)

    # May name people; the purge replaces it with 已清除 (a voided record keeps a reason).
    void_reason: Mapped[str | None] = mapped_column(Sealed(Text), info=personal(Purge.OWN_RULE))
    notes: Mapped[str | None] = mapped_column(Sealed(Text), info=personal())

    @property
    def is_voided(self) -> bool:
        return self.voided_at is not None


def counted_by_year(table: str, *columns: str) -> Index:
    """The index the annual report counts a year of a case record table on (services/
    reports/annual_report.py, migration 0026): its date (and what is counted), then the case
    (a supervisor's count joins each record to its case) and voided_at (voided records are
    left out), so that the count reads the year's entries of the index and nothing else."""
    return Index(f"ix_{table}_annual", *columns, "case_id", "voided_at")


def search_str(length: int) -> String:
    """A column searched by prefix: compared in code-point order on both engines.

    PostgreSQL's locale collations may ignore characters such as U+FFFF, which would break
    the ``col >= :p AND col < :p || U+FFFF`` prefix ranges the case list uses; "C" is the
    order SQLite's BINARY collation has too.
    """
    return String(length).with_variant(String(length, collation="C"), "postgresql")
