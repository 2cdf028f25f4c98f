"""Referral letters: the unit's letter register and its edited template copies."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from rescuedesk.models.base import Base


class LetterRegister(Base):
    """Every letter issued: its number is the unit's, per year, never reused.

    A reprint is a row of its own pointing at the original (``copy_of_id``, ``copy_number``
    1, 2, ...), so the register shows every sheet that left the office.
    """

    __tablename__ = "letter_register"
    __table_args__ = (UniqueConstraint("unit_id", "year", "serial", "copy_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), nullable=False)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    serial: Mapped[int] = mapped_column(Integer, nullable=False)
    letter_number: Mapped[str] = mapped_column(String(40), nullable=False)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True, nullable=False)
    referral_id: Mapped[int | None] = mapped_column(ForeignKey("referral.id"))
    letter_type: Mapped[str] = mapped_column(String(32), nullable=False)
    template_version: Mapped[int] = mapped_column(Integer, nullable=False)
    disclosed: Mapped[list[Any]] = mapped_column(default=list)
    issued_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    copy_of_id: Mapped[int | None] = mapped_column(ForeignKey("letter_register.id"))
    copy_number: Mapped[int] = mapped_column(Integer, nullable=False, default=0)  # 0: original
    checksum: Mapped[str] = mapped_column(String(16), nullable=False)
    # The person's photo a letter to the police carried (issue #15), printed again on a copy.
    photo_id: Mapped[int | None] = mapped_column(ForeignKey("person_photo.id", ondelete="SET NULL"))


class LetterTemplate(Base):
    """A unit's edited copy of a shipped template; every save is a new version."""

    __tablename__ = "letter_template"
    __table_args__ = (UniqueConstraint("unit_id", "letter_type", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), nullable=False)
    letter_type: Mapped[str] = mapped_column(String(32), nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    content: Mapped[dict[str, Any]] = mapped_column(nullable=False)
    # True when this version puts the shipped original back.
    restored_original: Mapped[bool] = mapped_column(default=False)
    saved_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    saved_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
