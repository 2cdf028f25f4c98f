"""Needs assessment and classified assistance (分类救助, HLJ 61; 临时救助, NH 三.5)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import Date, ForeignKey, Index, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from rescuedesk.models.base import Base, CaseRecord, code_enum, counted_by_year
from rescuedesk.models.enums import AssistanceKind, RiskLevel
from rescuedesk.models.personal import personal
from rescuedesk.models.sealed import Sealed


class NeedsAssessment(CaseRecord, Base):
    __tablename__ = "needs_assessment"
    # A case's live assessments in order, from the index alone: the home page's needs task
    # checks each assessment it walks for a newer one in its case.
    __table_args__ = (
        Index("ix_needs_assessment_case_voided_on", "case_id", "voided_at", "assessed_on", "id"),
        # The home page walks the assessments oldest first, (date, id), for needs with no
        # service, a page at a time after the last one read (0031).
        Index("ix_needs_assessment_assessed_on_id", "assessed_on", "id"),
    )

    assessed_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    assessor_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    # Codes of the needs found: medical, lodging, tracing, return_home, psychological, legal,
    # schooling, training, employment, financial, disability, interpreter.
    needs: Mapped[list[Any]] = mapped_column(default=list)
    risk_level: Mapped[RiskLevel] = mapped_column(code_enum(RiskLevel), nullable=False)
    health_summary: Mapped[str | None] = mapped_column(Sealed(Text), info=personal())
    summary: Mapped[str | None] = mapped_column(Sealed(Text), info=personal())


class Assistance(CaseRecord, Base):
    __tablename__ = "assistance"
    __table_args__ = (counted_by_year("assistance", "start_date", "kind"),)

    kind: Mapped[AssistanceKind] = mapped_column(code_enum(AssistanceKind), nullable=False)
    start_date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    amount: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))  # yuan, cash assistance
    provider: Mapped[str | None] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Sealed(Text), info=personal())
