"""the open announcements in the home page's order, with their case (issue #16)

Revision ID: 0021
Revises: 0020
Create Date: 2026-11-30 00:10:00

The home page's "announcement ended" task walks the open announcements oldest first and
checks each case until it has a page: the index now holds the order's tie-breaker (id) and
the case, so the walk stops early instead of PostgreSQL reading every open case of a
province (a hash join over the case table, 54 ms at 100,000 persons).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ANNOUNCEMENT_OPEN = (
    "announcement_published_on IS NOT NULL AND outcome != 'family_found' AND voided_at IS NULL"
)
NAME = "ix_tracing_action_announcement_open"


def _create(columns: list[str]) -> None:
    where = {
        "sqlite_where": sa.text(ANNOUNCEMENT_OPEN),
        "postgresql_where": sa.text(ANNOUNCEMENT_OPEN),
    }
    op.create_index(NAME, "tracing_action", columns, **where)


def upgrade() -> None:
    op.drop_index(NAME, table_name="tracing_action")
    _create(["announcement_published_on", "id", "case_id"])


def downgrade() -> None:
    op.drop_index(NAME, table_name="tracing_action")
    _create(["announcement_published_on"])
