"""Per-unit, per-year number registers (case numbers; later letter numbers).

The counter row is locked for the transaction (FOR UPDATE on PostgreSQL; SQLite writers are
serialised by BEGIN IMMEDIATE), so two workstations never draw the same number and a
rolled-back draw is not reused by a committed one out of order.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from rescuedesk.models import NumberSequence


def next_value(session: Session, unit_id: int, kind: str, year: int) -> int:
    return draw(session, unit_id, kind, year, 1)


def draw(session: Session, unit_id: int, kind: str, year: int, count: int) -> int:
    """Reserve ``count`` consecutive numbers; return the first (a bulk import draws a batch)."""
    query = (
        select(NumberSequence)
        .where(
            NumberSequence.unit_id == unit_id,
            NumberSequence.kind == kind,
            NumberSequence.year == year,
        )
        .with_for_update()
    )
    row = session.scalar(query)
    if row is None:
        try:
            with session.begin_nested():
                row = NumberSequence(unit_id=unit_id, kind=kind, year=year, last_value=0)
                session.add(row)
        except IntegrityError:
            # Another workstation created the counter first: use theirs.
            row = session.scalar(query.execution_options(populate_existing=True))
            assert row is not None
    first = row.last_value + 1
    row.last_value += count
    session.flush()
    return first
