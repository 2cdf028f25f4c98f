"""Medical care, psychological care and rehabilitation; disability assessment."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from rescuedesk.models.base import Base, CaseRecord, code_enum, counted_by_year
from rescuedesk.models.enums import CareKind, DisabilityCategory
from rescuedesk.models.personal import personal
from rescuedesk.models.sealed import Sealed


class MedicalCare(CaseRecord, Base):
    __tablename__ = "medical_care"
    __table_args__ = (counted_by_year("medical_care", "start_date", "kind"),)

    kind: Mapped[CareKind] = mapped_column(code_enum(CareKind), nullable=False)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("partner_agency.id"))
    hospital: Mapped[str | None] = mapped_column(Sealed(String(200)), info=personal())
    start_date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    sessions: Mapped[int | None] = mapped_column(Integer)  # counselling / therapy sessions
    # Admission health check of a child entering an institution (NH 二.5).
    infectious_disease_checked: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    assistive_device: Mapped[str | None] = mapped_column(Sealed(String(200)), info=personal())
    result: Mapped[str | None] = mapped_column(Sealed(Text), info=personal())


class DisabilityAssessment(CaseRecord, Base):
    __tablename__ = "disability_assessment"
    __table_args__ = (counted_by_year("disability_assessment", "assessed_on", "grade"),)

    assessed_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    category: Mapped[DisabilityCategory] = mapped_column(
        code_enum(DisabilityCategory), nullable=False
    )
    grade: Mapped[int] = mapped_column(Integer, nullable=False)  # 1 (most severe) .. 4
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("partner_agency.id"))
    assessed_by: Mapped[str | None] = mapped_column(String(200))
    certificate_number: Mapped[str | None] = mapped_column(
        Sealed(String(40)), info=personal()
    )  # 残疾人证号
