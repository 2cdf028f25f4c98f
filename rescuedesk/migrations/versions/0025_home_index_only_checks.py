"""the home page's per-row checks from indexes alone (issue #16)

Revision ID: 0025
Revises: 0024
Create Date: 2026-11-30 06:00:00

The home page's tasks walk their own index oldest first and check each row they meet:
whether the announcement's case has a live placement, whether the assessment has a newer
live one in its case. Each check was a probe of the case index and a read of every row it
found (for voided_at, assessed_on); with those columns in the index it is answered from the
index alone.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0025"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = {
    "ix_placement_case_voided": ("placement", ["case_id", "voided_at"]),
    "ix_needs_assessment_case_voided_on": (
        "needs_assessment",
        ["case_id", "voided_at", "assessed_on", "id"],
    ),
}


def upgrade() -> None:
    for name, (table, columns) in INDEXES.items():
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, (table, _) in INDEXES.items():
        op.drop_index(name, table_name=table)
