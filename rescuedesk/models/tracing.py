"""Family tracing (寻亲). Never any DNA data: only that the police took a sample (HLJ 47)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from rescuedesk.models.base import Base, CaseRecord, code_enum, counted_by_year
from rescuedesk.models.enums import TracingKind, TracingOutcome
from rescuedesk.models.personal import personal
from rescuedesk.models.sealed import Sealed

# Announcements that may end with no family found (the home page's 落户 task, HLJ 61).
ANNOUNCEMENT_OPEN = (
    "announcement_published_on IS NOT NULL AND outcome != 'family_found' AND voided_at IS NULL"
)


class TracingAction(CaseRecord, Base):
    __tablename__ = "tracing_action"
    __table_args__ = (
        Index(
            "ix_tracing_action_announcement_open",
            # In the home page's order, with the case: walked until a page is found (0021).
            "announcement_published_on",
            "id",
            "case_id",
            sqlite_where=text(ANNOUNCEMENT_OPEN),
            postgresql_where=text(ANNOUNCEMENT_OPEN),
        ),
        counted_by_year("tracing_action", "action_date", "outcome"),
    )

    kind: Mapped[TracingKind] = mapped_column(code_enum(TracingKind), nullable=False)
    action_date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    description: Mapped[str | None] = mapped_column(Sealed(Text), info=personal())
    police_unit: Mapped[str | None] = mapped_column(String(200))
    police_reference: Mapped[str | None] = mapped_column(Sealed(String(100)), info=personal())
    announcement_published_on: Mapped[dt.date | None] = mapped_column(Date)
    announcement_period_days: Mapped[int | None] = mapped_column(Integer)
    announcement_medium: Mapped[str | None] = mapped_column(String(200))
    outcome: Mapped[TracingOutcome] = mapped_column(
        code_enum(TracingOutcome), nullable=False, default=TracingOutcome.PENDING
    )
    family_contact: Mapped[str | None] = mapped_column(Sealed(String(300)), info=personal())
    # What an announcement disclosed (issue #15): the exact text published, and the photo
    # it showed, written by services/tracing/announcements.py. A photo deleted for good
    # leaves the record of its publication.
    announcement_text: Mapped[str | None] = mapped_column(Sealed(Text), info=personal())
    announcement_photo_id: Mapped[int | None] = mapped_column(
        ForeignKey("person_photo.id", ondelete="SET NULL")
    )
