"""Unsaved input kept for its author when someone else takes over a locked window (#7)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column

from rescuedesk.models.base import Base
from rescuedesk.models.sealed import SealedJSON


class Draft(Base):
    __tablename__ = "draft"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), nullable=False, index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case_file.id"))
    # What the case tab's forms held: {"sections": [...], "person": {...}, "case": {...}}.
    payload: Mapped[dict[str, Any]] = mapped_column(SealedJSON(), nullable=False)
    kept_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    # A draft is taken back (restored) or dropped once; the row stays, emptied.
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
