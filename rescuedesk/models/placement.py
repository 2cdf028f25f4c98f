"""Placement (安置) and the placement plan (安置方案)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Date, DateTime, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from rescuedesk.models.base import Base, CaseRecord, code_enum, counted_by_year
from rescuedesk.models.enums import PlacementStatus, PlacementType
from rescuedesk.models.personal import personal
from rescuedesk.models.sealed import Sealed, SealedJSON

PLAN_WAITING = "status = 'planned' AND voided_at IS NULL"


class Placement(CaseRecord, Base):
    __tablename__ = "placement"
    # Plans waiting for a supervisor's approval (home page): few among many placements.
    __table_args__ = (
        Index(
            "ix_placement_plan_waiting",
            "case_id",
            sqlite_where=text(PLAN_WAITING),
            postgresql_where=text(PLAN_WAITING),
        ),
        # Whether a case has a live placement, from the index alone (the home page's
        # announcement task asks it of each open announcement it walks).
        Index("ix_placement_case_voided", "case_id", "voided_at"),
        counted_by_year("placement", "start_date", "placement_type"),
        # The annual report's days from intake to placement: a year's cases' placements,
        # looked up by case, read from the index alone (0026).
        Index("ix_placement_case_started", "case_id", "start_date", "voided_at"),
    )

    placement_type: Mapped[PlacementType] = mapped_column(code_enum(PlacementType), nullable=False)
    status: Mapped[PlacementStatus] = mapped_column(
        code_enum(PlacementStatus), nullable=False, default=PlacementStatus.PLANNED
    )
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("partner_agency.id"))
    institution_name: Mapped[str | None] = mapped_column(String(200))
    # [{"name": ..., "relation": CarerRelation code, "id_number": ..., "phone": ...}]
    carers: Mapped[list[Any]] = mapped_column(SealedJSON(), default=list, info=personal())
    address: Mapped[str | None] = mapped_column(Sealed(String(300)), info=personal())
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    end_reason: Mapped[str | None] = mapped_column(Sealed(Text), info=personal())
    plan: Mapped[str | None] = mapped_column(Sealed(Text), info=personal())
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    approved_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # For household registration: the government body that approved the plan (HLJ 61, GS 23).
    approval_authority: Mapped[str | None] = mapped_column(String(200))
    approval_reference: Mapped[str | None] = mapped_column(String(100))
