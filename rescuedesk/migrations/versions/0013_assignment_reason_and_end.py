"""an assignment's reason, its last day and who ended it (issue #14)

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-29 16:40:00

A supervisor assigns a case with a reason and, often, an end date (a women's federation
visits for a year); the reason is sealed on PostgreSQL (bytea, as in 0007).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def sealed(logical: sa.types.TypeEngine) -> sa.types.TypeEngine:  # type: ignore[type-arg]
    """A column models/sealed.py encrypts on PostgreSQL: bytea there, the type elsewhere."""
    return logical.with_variant(sa.LargeBinary(), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("case_assignment") as batch:
        batch.add_column(sa.Column("until", sa.Date(), nullable=True))
        batch.add_column(sa.Column("reason", sealed(sa.Text()), nullable=True))
        batch.add_column(sa.Column("ended_by_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_case_assignment_ended_by_id_app_user", "app_user", ["ended_by_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("case_assignment") as batch:
        batch.drop_constraint("fk_case_assignment_ended_by_id_app_user", type_="foreignkey")
        batch.drop_column("ended_by_id")
        batch.drop_column("reason")
        batch.drop_column("until")
