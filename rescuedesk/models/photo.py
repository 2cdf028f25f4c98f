"""A photo of the person (issue #15): what a family recognises first.

Its own table, so no case list, timeline or match ever reads image bytes: lists open the
thumbnail, the viewer the photo. The bytes are a JPEG the service re-encoded (no EXIF, no
GPS); voiding the record or purging the case empties them. The audit trail records the
digest, never the bytes (services/office/audit.py).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from rescuedesk.models.base import Base, CaseRecord, code_enum
from rescuedesk.models.personal import not_personal, personal
from rescuedesk.models.sealed import SealedBytes


class PhotoKind(StrEnum):
    WHEN_FOUND = "when_found"  # 发现时
    CURRENT = "current"  # 近照


class PersonPhoto(CaseRecord, Base):
    __tablename__ = "person_photo"

    taken_on: Mapped[dt.date | None] = mapped_column(Date)
    kind: Mapped[PhotoKind] = mapped_column(
        code_enum(PhotoKind), nullable=False, default=PhotoKind.CURRENT
    )
    # Deferred: loaded only by the viewer, not with the list of thumbnails.
    content: Mapped[bytes | None] = mapped_column(SealedBytes(), deferred=True, info=personal())
    thumbnail: Mapped[bytes | None] = mapped_column(SealedBytes(), info=personal())
    # A digest of the stored JPEG: what the audit trail names instead of the picture.
    sha256: Mapped[str | None] = mapped_column(String(64), info=not_personal())
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    byte_size: Mapped[int | None] = mapped_column(Integer)
