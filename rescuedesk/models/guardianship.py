"""Guardianship (监护) of a child without a guardian (LN 6(二)): who, what kind, since when.

Children whose parents or other guardians cannot be found are under the temporary or
long-term guardianship of the civil-affairs department of the place of rescue; a record per
period, so a change from temporary to long-term guardianship is a new record.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from rescuedesk.models.base import Base, CaseRecord, code_enum
from rescuedesk.models.personal import personal
from rescuedesk.models.sealed import Sealed


class GuardianshipKind(StrEnum):
    TEMPORARY = "temporary"  # 临时监护
    LONG_TERM = "long_term"  # 长期监护


class Guardianship(CaseRecord, Base):
    __tablename__ = "guardianship"

    kind: Mapped[GuardianshipKind] = mapped_column(code_enum(GuardianshipKind), nullable=False)
    # A relative's name, or the unit's when civil affairs is the guardian.
    guardian_name: Mapped[str] = mapped_column(Sealed(String(100)), nullable=False, info=personal())
    guardian_relation: Mapped[str | None] = mapped_column(String(50))  # 祖母, 民政部门...
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("partner_agency.id"))
    since: Mapped[dt.date] = mapped_column(Date, nullable=False)
    until: Mapped[dt.date | None] = mapped_column(Date)
