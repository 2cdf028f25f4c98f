"""the school-age task walks the estimated birth years in its order (issue #16)

Revision ID: 0030
Revises: 0029
Create Date: 2026-11-30 10:05:00

The home page's task for children of school age with only an estimated birth year lists the
oldest first (ORDER BY birth_year_estimated, person.id) up to its limit. On the year alone
PostgreSQL read every person of the first year in reach to sort them by id: 949 persons and
their cases for the 51 a supervisor's page shows at 200,000 persons, five times as many at
1,000,000. (year, id) gives the order itself and replaces the year's index (SQLite's held
the rowid already).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0030"
down_revision: str | None = "0029"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_person_birth_year_estimated_id", "person", ["birth_year_estimated", "id"])
    op.drop_index("ix_person_birth_year_estimated", table_name="person")


def downgrade() -> None:
    op.create_index("ix_person_birth_year_estimated", "person", ["birth_year_estimated"])
    op.drop_index("ix_person_birth_year_estimated_id", table_name="person")
