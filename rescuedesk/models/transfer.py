"""A case passing from one unit to another (issue #14): requested by the sending unit's
supervisor, accepted (with a new caseworker) or rejected by the receiving unit's.

Within one database the case row moves (its unit and caseworker change; number and history
stay). Between two SQLite databases the case travels as an encrypted package: the receiving
side keeps the package's content in ``payload`` until a supervisor accepts it.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from rescuedesk.models.base import Base
from rescuedesk.models.personal import personal
from rescuedesk.models.sealed import Sealed

# requested -> accepted | rejected | cancelled; requested -> exported (sent as a package)
TRANSFER_STATUSES = ("requested", "accepted", "rejected", "cancelled", "exported")


class CaseTransfer(Base):
    __tablename__ = "case_transfer"
    # What waits for a unit's acceptance (the receiving supervisor's list and home page).
    __table_args__ = (Index("ix_case_transfer_to_unit_status", "to_unit_id", "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # None on the receiving side of a package until it is accepted.
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case_file.id"), index=True)
    case_number: Mapped[str] = mapped_column(String(40), nullable=False)
    from_unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    # As the sending side named itself (a package's sender need not be in this directory).
    from_unit_name: Mapped[str] = mapped_column(String(200), nullable=False)
    to_unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), nullable=False)
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="requested")
    requested_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    requested_by_name: Mapped[str] = mapped_column(String(100), nullable=False)
    # Why the case goes (often about the person: sealed like other notes).
    reason: Mapped[str] = mapped_column(Sealed(Text), nullable=False, info=personal())
    consent_overridden: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    # Who had the case when it left: they keep reading what they recorded.
    from_caseworker_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    decision_reason: Mapped[str | None] = mapped_column(Sealed(Text), info=personal())
    new_caseworker_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    # A package's id: the same package is never imported twice.
    package_id: Mapped[str | None] = mapped_column(String(36), unique=True)
    # An imported package's case file (JSON), waiting for acceptance.
    payload: Mapped[str | None] = mapped_column(Sealed(Text), info=personal())
