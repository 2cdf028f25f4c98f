"""indexes for the home page: closure requests and placement plans waiting

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-26 03:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

WAITING_CLOSURE = "closure_requested_at IS NOT NULL AND stage != 'closed'"
PLAN_WAITING = "status = 'planned' AND voided_at IS NULL"

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("case_file", schema=None) as batch_op:
        # (caseworker_id, stage) serves every query the caseworker_id index served, and more.
        batch_op.drop_index("ix_case_file_caseworker_id")
        batch_op.create_index(
            "ix_case_file_caseworker_stage", ["caseworker_id", "stage"], unique=False
        )
    # Partial indexes: what a supervisor's home page waits on, few among many rows.
    where = {"sqlite_where": sa.text(WAITING_CLOSURE), "postgresql_where": sa.text(WAITING_CLOSURE)}
    op.create_index("ix_case_file_closure_waiting", "case_file", ["id"], **where)
    where = {"sqlite_where": sa.text(PLAN_WAITING), "postgresql_where": sa.text(PLAN_WAITING)}
    op.create_index("ix_placement_plan_waiting", "placement", ["case_id"], **where)


def downgrade() -> None:
    op.drop_index("ix_placement_plan_waiting", table_name="placement")
    op.drop_index("ix_case_file_closure_waiting", table_name="case_file")
    with op.batch_alter_table("case_file", schema=None) as batch_op:
        batch_op.drop_index("ix_case_file_caseworker_stage")
        batch_op.create_index("ix_case_file_caseworker_id", ["caseworker_id"], unique=False)
