"""Consent to care, data sharing, tracing and research (PIPL: separate consent per purpose)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Date, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from rescuedesk.models.base import Base, CaseRecord, code_enum
from rescuedesk.models.enums import ConsentGiver, ConsentPurpose
from rescuedesk.models.personal import personal
from rescuedesk.models.sealed import Sealed


class Consent(CaseRecord, Base):
    __tablename__ = "consent"

    purpose: Mapped[ConsentPurpose] = mapped_column(code_enum(ConsentPurpose), nullable=False)
    # For data sharing: the named recipients (agency ids or names) and/or recipient types.
    recipients: Mapped[list[Any]] = mapped_column(default=list, info=personal())
    given_by: Mapped[ConsentGiver] = mapped_column(code_enum(ConsentGiver), nullable=False)
    guardian_name: Mapped[str | None] = mapped_column(Sealed(String(100)), info=personal())
    guardian_relation: Mapped[str | None] = mapped_column(String(50))
    given_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    withdrawn_on: Mapped[dt.date | None] = mapped_column(Date)
    withdrawal_reason: Mapped[str | None] = mapped_column(Sealed(Text), info=personal())
