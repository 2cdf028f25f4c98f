"""Referrals (转介) to partner agencies; the letter itself is rendered by documents/."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from rescuedesk.models.base import Base, CaseRecord, code_enum
from rescuedesk.models.enums import AgencyType, ReferralStatus
from rescuedesk.models.personal import personal
from rescuedesk.models.sealed import Sealed

# A referral sent and not answered: the home page's overdue replies, few among many.
REPLY_WAITING = "status = 'sent' AND reply_on IS NULL AND voided_at IS NULL"


class Referral(CaseRecord, Base):
    __tablename__ = "referral"
    __table_args__ = (
        Index(
            "ix_referral_reply_waiting",
            "reply_due_on",
            sqlite_where=text(REPLY_WAITING),
            postgresql_where=text(REPLY_WAITING),
        ),
    )

    recipient_type: Mapped[AgencyType] = mapped_column(code_enum(AgencyType), nullable=False)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("partner_agency.id"))
    recipient_name: Mapped[str] = mapped_column(String(200), nullable=False)
    service_requested: Mapped[str] = mapped_column(Sealed(Text), nullable=False, info=personal())
    referred_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    # Unique per unit and year, not across units: see LetterRegister.
    letter_number: Mapped[str | None] = mapped_column(String(40))
    status: Mapped[ReferralStatus] = mapped_column(code_enum(ReferralStatus), nullable=False)
    # When the reply is expected: the letter type's days after referred_on, editable.
    reply_due_on: Mapped[dt.date | None] = mapped_column(Date)
    reply_on: Mapped[dt.date | None] = mapped_column(Date)
    reply: Mapped[str | None] = mapped_column(Sealed(Text), info=personal())
