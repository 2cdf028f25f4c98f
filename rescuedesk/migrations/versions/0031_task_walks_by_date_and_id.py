"""the visits and needs tasks walk their dates in the order shown, (date, id) (issue #16)

Revision ID: 0031
Revises: 0030
Create Date: 2026-11-30 09:40:00

The home page lists the visits due and the newest needs assessments with no service oldest
first, ORDER BY date, id, up to each kind's limit. On the date alone PostgreSQL read every
row of the last date reached to sort that date by id: for a unit supervisor at 200,000
persons, 714 open visits (and each one's case, to check the reach) for the 101 shown, where
390 give them in order; each date holds five times as many rows at 1,000,000 persons. (date,
id) gives the order itself, and the next page of assessments starts at (date, id) in the
index. SQLite's indexes held the rowid already: the same index on both engines.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0031"
down_revision: str | None = "0030"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VISIT_OPEN = "done_date IS NULL AND voided_at IS NULL"  # models/followup.py, as of 0031


def _open_visits(columns: list[str]) -> None:
    where = {"sqlite_where": sa.text(VISIT_OPEN), "postgresql_where": sa.text(VISIT_OPEN)}
    op.create_index("ix_follow_up_visit_open", "follow_up_visit", columns, **where)


def upgrade() -> None:
    op.drop_index("ix_follow_up_visit_open", table_name="follow_up_visit")
    _open_visits(["planned_date", "id"])
    op.create_index("ix_needs_assessment_assessed_on_id", "needs_assessment", ["assessed_on", "id"])
    op.drop_index("ix_needs_assessment_assessed_on", table_name="needs_assessment")


def downgrade() -> None:
    op.create_index("ix_needs_assessment_assessed_on", "needs_assessment", ["assessed_on"])
    op.drop_index("ix_needs_assessment_assessed_on_id", table_name="needs_assessment")
    op.drop_index("ix_follow_up_visit_open", table_name="follow_up_visit")
    _open_visits(["planned_date"])
