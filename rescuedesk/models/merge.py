"""Two records of one person, merged: what moved, so that the merge can be undone exactly."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Integer, Text
from sqlalchemy.orm import Mapped, mapped_column

from rescuedesk.models.base import Base
from rescuedesk.models.sealed import Sealed, SealedJSON


class PersonMerge(Base):
    """``absorbed`` was found to be the same person as ``kept``: its cases moved to ``kept``.

    The absorbed person's row stays (``Person.merged_into_id``); ``case_ids`` are the cases
    that moved and ``absorbed_values`` the absorbed record's values that differed from the
    kept one, so nothing the two records said is lost and an un-merge restores them exactly.
    """

    __tablename__ = "person_merge"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kept_person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True, nullable=False)
    absorbed_person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id"), index=True, nullable=False
    )
    case_ids: Mapped[list[Any]] = mapped_column(default=list)
    # {"field": [kept value, absorbed value]} for the fields on which the records differed.
    # The absorbed record's names and numbers: sealed on PostgreSQL like the person itself.
    absorbed_values: Mapped[dict[str, Any]] = mapped_column(SealedJSON(), default=dict)
    reason: Mapped[str] = mapped_column(Sealed(Text), nullable=False)
    merged_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    merged_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    unmerged_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    unmerged_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    unmerge_reason: Mapped[str | None] = mapped_column(Sealed(Text))
