"""Family tracing (寻亲). Never any DNA data: only that the police took a sample (HLJ 47)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from rescuedesk.models.base import Base, CaseRecord, code_enum
from rescuedesk.models.enums import TracingKind, TracingOutcome
from rescuedesk.models.personal import personal
from rescuedesk.models.sealed import Sealed


class TracingAction(CaseRecord, Base):
    __tablename__ = "tracing_action"

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
