"""Settings an administrator keeps for the whole database (retention, idle lock)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from rescuedesk.models.base import Base, Versioned


class Setting(Versioned, Base):
    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[dict[str, Any]] = mapped_column(nullable=False)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
