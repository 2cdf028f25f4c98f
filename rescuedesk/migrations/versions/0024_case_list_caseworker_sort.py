"""the case list sorted by caseworker, walked caseworker by caseworker (issue #16)

Revision ID: 0024
Revises: 0023
Create Date: 2026-11-30 04:10:00

A supervisor's case list sorted by caseworker read every case in reach and sorted it by
the caseworker's name (0.1-1.2 s for the first page at 200,000 persons, on both engines).
The users in name order, and each unit's cases of each caseworker in id order, let the list
walk each unit in reach caseworker by caseworker and stop when the page is full, as 0022
does for the other sorts (services/casefile/case_queries); a unit's cases of no caseworker
are walked in id order on the same index.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = {
    "ix_app_user_full_name_id": ("app_user", ["full_name", "id"]),
    "ix_case_file_unit_caseworker_id": ("case_file", ["unit_id", "caseworker_id", "id"]),
}


def upgrade() -> None:
    for name, (table, columns) in INDEXES.items():
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, (table, _) in INDEXES.items():
        op.drop_index(name, table_name=table)
