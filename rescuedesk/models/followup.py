"""Follow-up visits (回访) after return (HLJ 67; GS 24; LN 13)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from rescuedesk.models.base import Base, CaseRecord, code_enum, counted_by_year
from rescuedesk.models.enums import VisitMode, Wellbeing
from rescuedesk.models.personal import personal
from rescuedesk.models.sealed import Sealed

# Visits still to be made: the home page's tasks walk them by date, oldest first.
VISIT_OPEN = "done_date IS NULL AND voided_at IS NULL"


class FollowUpVisit(CaseRecord, Base):
    __tablename__ = "follow_up_visit"
    __table_args__ = (
        Index("ix_follow_up_visit_due", "done_date", "planned_date"),
        Index(
            "ix_follow_up_visit_open",
            # In the home page's order, (date, id): walked until a page is found (0031).
            "planned_date",
            "id",
            sqlite_where=text(VISIT_OPEN),
            postgresql_where=text(VISIT_OPEN),
        ),
        counted_by_year("follow_up_visit", "planned_date", "done_date"),
    )

    planned_date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    done_date: Mapped[dt.date | None] = mapped_column(Date)
    visitor_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), index=True)
    visitor_name: Mapped[str | None] = mapped_column(
        Sealed(String(100)), info=personal()
    )  # e.g. village cadre
    mode: Mapped[VisitMode | None] = mapped_column(code_enum(VisitMode))
    living: Mapped[Wellbeing | None] = mapped_column(code_enum(Wellbeing))
    health: Mapped[Wellbeing | None] = mapped_column(code_enum(Wellbeing))
    safety: Mapped[Wellbeing | None] = mapped_column(code_enum(Wellbeing))
    family: Mapped[Wellbeing | None] = mapped_column(code_enum(Wellbeing))
    school_work: Mapped[Wellbeing | None] = mapped_column(code_enum(Wellbeing))
    social_acceptance: Mapped[Wellbeing | None] = mapped_column(code_enum(Wellbeing))
    problems: Mapped[str | None] = mapped_column(Sealed(Text), info=personal())
    actions: Mapped[str | None] = mapped_column(Sealed(Text), info=personal())
    next_planned_date: Mapped[dt.date | None] = mapped_column(Date)
