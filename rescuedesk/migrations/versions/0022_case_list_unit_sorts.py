"""the case list's sorts walked unit by unit (issue #16)

Revision ID: 0022
Revises: 0021
Create Date: 2026-11-30 03:40:00

A supervisor's case list sorted by case number, stage or rescue date read every case in
reach and sorted them (or walked the whole case-number index past the other units' cases):
0.2-0.5 s for the first page of the HLJ-HRB supervisor at 200,000 persons. Each unit's
cases in each of these orders let the list take a page from every unit in reach and merge
them (services/casefile/case_queries).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = {
    "ix_case_file_unit_case_number": ["unit_id", "case_number"],
    "ix_case_file_unit_stage_id": ["unit_id", "stage", "id"],
    "ix_case_file_unit_rescue_date_id": ["unit_id", "rescue_date", "id"],
}


def upgrade() -> None:
    for name, columns in INDEXES.items():
        op.create_index(name, "case_file", columns)


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, table_name="case_file")
