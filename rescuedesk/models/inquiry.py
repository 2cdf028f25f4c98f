"""Family-tracing inquiries (寻亲查询) and the matches proposed for them (issue #15).

An inquiry is a family's (or the police's, or the national platform's) request to find a
missing person: it belongs to the unit that recorded it, not to a case, since the person
sought may be in no case of ours at all. A match pairs an inquiry with an unidentified
person in care; the program proposes it with a score and reasons, a caseworker confirms or
dismisses it. Neither holds any DNA data (HLJ 47; NH 二.2; GS 19).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from rescuedesk.models.base import Base, Timestamped, Versioned, code_enum
from rescuedesk.models.enums import Sex
from rescuedesk.models.personal import Purge, not_personal, personal
from rescuedesk.models.sealed import Sealed, SealedBytes, SealedJSON

# Stable codes, kept as short strings (like the transfer's statuses): new ones need no
# migration on either engine.
INQUIRY_SOURCES = ("family", "police", "platform", "other")
# open -> matched (a match was confirmed) | closed (with a reason); matched -> closed
INQUIRY_STATUSES = ("open", "matched", "closed")
MATCH_STATUSES = ("proposed", "confirmed", "dismissed")
# How exactly the missing date is known: "1998年" is a year, "1998-05" a month.
DATE_PRECISIONS = ("day", "month", "year")


class TracingInquiry(Versioned, Timestamped, Base):
    __tablename__ = "tracing_inquiry"
    __table_args__ = (
        UniqueConstraint("unit_id", "inquiry_number"),
        # A unit's open inquiries: the list's default and the batch match's input.
        Index("ix_tracing_inquiry_unit_status", "unit_id", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), nullable=False)
    # 查询编号: the unit's (or the platform's) reference; says nothing of the person.
    inquiry_number: Mapped[str] = mapped_column(String(40), nullable=False)
    received_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    source: Mapped[str] = mapped_column(String(16), nullable=False, default="family")
    inquirer_name: Mapped[str | None] = mapped_column(Sealed(String(100)), info=personal())
    inquirer_relation: Mapped[str | None] = mapped_column(Sealed(String(50)), info=personal())
    inquirer_phone: Mapped[str | None] = mapped_column(Sealed(String(40)), info=personal())
    # A police unit's name, as on TracingAction (no person in it).
    police_unit: Mapped[str | None] = mapped_column(String(200), info=not_personal())
    police_reference: Mapped[str | None] = mapped_column(Sealed(String(100)), info=personal())
    missing_name: Mapped[str | None] = mapped_column(Sealed(String(100)), info=personal())
    missing_nicknames: Mapped[list[Any]] = mapped_column(
        SealedJSON(), default=list, info=personal()
    )
    sex: Mapped[Sex] = mapped_column(code_enum(Sex), nullable=False, default=Sex.UNKNOWN)
    birth_year: Mapped[int | None] = mapped_column(Integer, info=personal())
    age_then: Mapped[int | None] = mapped_column(Integer, info=personal())
    missing_date: Mapped[dt.date | None] = mapped_column(Date, info=personal())
    missing_date_precision: Mapped[str | None] = mapped_column(String(8))
    missing_place: Mapped[str | None] = mapped_column(Sealed(String(300)), info=personal())
    # GB/T 2260 code of the place, at whatever level the text named (county, city, province).
    missing_place_code: Mapped[str | None] = mapped_column(String(6), info=personal())
    home_dialect: Mapped[str | None] = mapped_column(Sealed(String(100)), info=personal())
    home_dialect_code: Mapped[str | None] = mapped_column(String(16), info=personal())
    height_cm: Mapped[int | None] = mapped_column(Integer, info=personal())
    features: Mapped[str | None] = mapped_column(Sealed(Text), info=personal())
    # A photo the family gave (re-encoded without metadata, as a person's photo is).
    photo: Mapped[bytes | None] = mapped_column(SealedBytes(), info=personal())
    photo_thumbnail: Mapped[bytes | None] = mapped_column(SealedBytes(), info=personal())
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="open")
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    # Why it was closed often names the family ("家属已自行找到"): replaced by 已清除 at purge.
    close_reason: Mapped[str | None] = mapped_column(Sealed(Text), info=personal(Purge.OWN_RULE))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    # Set when the retention period after closing passed and personal data was removed.
    purged_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class InquiryMatch(Versioned, Timestamped, Base):
    """A proposed, confirmed or dismissed pairing of an inquiry with a person in care.

    Proposed rows are rewritten by each run of the matcher; decided ones are kept, and not
    proposed again unless what was compared changed (``input_digest``)."""

    __tablename__ = "inquiry_match"
    __table_args__ = (UniqueConstraint("inquiry_id", "person_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    inquiry_id: Mapped[int] = mapped_column(
        ForeignKey("tracing_inquiry.id"), index=True, nullable=False
    )
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case_file.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True, nullable=False)
    score: Mapped[int] = mapped_column(Integer, nullable=False)
    # Why they may be the same person ("小名读音相同", "口音与走失地相符"): about her.
    reasons: Mapped[list[Any]] = mapped_column(SealedJSON(), default=list, info=personal())
    scorer_version: Mapped[int] = mapped_column(Integer, nullable=False)
    # SHA-256 of the values compared: a decision holds until they change.
    input_digest: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="proposed")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    decision_reason: Mapped[str | None] = mapped_column(Sealed(Text), info=personal(Purge.OWN_RULE))
