"""Per-person keys of the audit trail (crypto-shredding).

Audit events about a person keep the values of personal fields encrypted under that
person's key; purging the person's data deletes the key, and with it every audited value.
The key column is sealed like the person's own columns: on PostgreSQL wrapped under the
database's data key (AES-GCM), on SQLite inside the SQLCipher file.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from rescuedesk.models.base import Base
from rescuedesk.models.sealed import Sealed


class PersonKey(Base):
    __tablename__ = "person_key"

    # Events name the key by this id: a person purged and audited again gets a new key,
    # and the events sealed under the destroyed one still say "cleared", not "damaged".
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # No foreign key: a key outlives nothing, and events never point at it through one.
    person_id: Mapped[int] = mapped_column(Integer, nullable=False, index=True)
    # "<person id>:<base64 of 32 random bytes>": the id binds the key to its row.
    key: Mapped[str] = mapped_column(Sealed(String(64)), nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
