"""A dated case note (工作记录): what a caseworker or a visitor wants the file to remember.

Its author is the user who wrote it (``created_by_id``); only they change it
(services/casefile/records.py). The text is about the person: sealed, and cleared by the
retention purge like every personal column.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Text
from sqlalchemy.orm import Mapped, mapped_column

from rescuedesk.models.base import Base, CaseRecord
from rescuedesk.models.personal import personal
from rescuedesk.models.sealed import Sealed


class CaseNote(CaseRecord, Base):
    __tablename__ = "case_note"

    noted_on: Mapped[dt.date] = mapped_column(Date, nullable=False)  # the day it concerns
    body: Mapped[str] = mapped_column(Sealed(Text), nullable=False, info=personal())
