"""a supervisor's own cases outside her units found in an index (issue #16)

Revision ID: 0027
Revises: 0026
Create Date: 2026-11-30 07:15:00

A supervisor's page takes her own cases outside her units beside her units' (0022). A
supervisor who carries cases of her own carries them in her unit, so the lookup "mine, not
in my units" read every one of her cases row by row to find the few outside: the HLJ-HRB
supervisor of the 1,000,000-person benchmark owns 35,657 cases, and each of her sorted
first pages took 200-250 ms on PostgreSQL for it. (caseworker, unit, id) answers the lookup
from the index alone.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0027"
down_revision: str | None = "0026"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_case_file_caseworker_unit_id", "case_file", ["caseworker_id", "unit_id", "id"]
    )


def downgrade() -> None:
    op.drop_index("ix_case_file_caseworker_unit_id", table_name="case_file")
