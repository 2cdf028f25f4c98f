"""Return to society: schooling, vocational training, employment, legal aid."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from rescuedesk.models.base import Base, CaseRecord, code_enum, counted_by_year
from rescuedesk.models.enums import ActivityStatus, EmploymentKind, LegalAidKind, SchoolingKind
from rescuedesk.models.personal import personal
from rescuedesk.models.sealed import Sealed


class Schooling(CaseRecord, Base):
    __tablename__ = "schooling"
    __table_args__ = (counted_by_year("schooling", "start_date", "kind"),)

    kind: Mapped[SchoolingKind] = mapped_column(code_enum(SchoolingKind), nullable=False)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("partner_agency.id"))
    school_name: Mapped[str] = mapped_column(Sealed(String(200)), nullable=False, info=personal())
    grade_level: Mapped[str | None] = mapped_column(String(50))
    start_date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[ActivityStatus] = mapped_column(code_enum(ActivityStatus), nullable=False)


class Training(CaseRecord, Base):
    __tablename__ = "training"
    __table_args__ = (counted_by_year("training", "start_date"),)

    provider: Mapped[str] = mapped_column(String(200), nullable=False)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("partner_agency.id"))
    course: Mapped[str] = mapped_column(String(200), nullable=False)
    start_date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    subsidy_amount: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    status: Mapped[ActivityStatus] = mapped_column(code_enum(ActivityStatus), nullable=False)
    certificate: Mapped[str | None] = mapped_column(String(200))


class Employment(CaseRecord, Base):
    __tablename__ = "employment"
    __table_args__ = (counted_by_year("employment", "start_date"),)

    kind: Mapped[EmploymentKind] = mapped_column(code_enum(EmploymentKind), nullable=False)
    employer: Mapped[str | None] = mapped_column(Sealed(String(200)), info=personal())
    job_title: Mapped[str | None] = mapped_column(String(100))
    place_code: Mapped[str | None] = mapped_column(String(6))
    start_date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[ActivityStatus] = mapped_column(code_enum(ActivityStatus), nullable=False)


class LegalAid(CaseRecord, Base):
    __tablename__ = "legal_aid"
    __table_args__ = (counted_by_year("legal_aid", "applied_on", "kind"),)

    kind: Mapped[LegalAidKind] = mapped_column(code_enum(LegalAidKind), nullable=False)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("partner_agency.id"))
    provider: Mapped[str | None] = mapped_column(String(200))
    green_channel: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    applied_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    accepted_on: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[ActivityStatus] = mapped_column(code_enum(ActivityStatus), nullable=False)
    outcome: Mapped[str | None] = mapped_column(Sealed(Text), info=personal())
