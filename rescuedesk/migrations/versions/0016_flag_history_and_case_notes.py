"""who set a case flag and when; dated case notes (issue #14)

Revision ID: 0016
Revises: 0013
Create Date: 2026-11-29 17:00:00

Why a flag was set is in the audit trail, sealed there under the person's key. A note's text
is about the person: sealed on PostgreSQL (bytea, as in 0007). Flags already set get their
case's registration time; who set them is not known.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def sealed(logical: sa.types.TypeEngine) -> sa.types.TypeEngine:  # type: ignore[type-arg]
    """A column models/sealed.py encrypts on PostgreSQL: bytea there, the type elsewhere."""
    return logical.with_variant(sa.LargeBinary(), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("case_flag") as batch:
        batch.add_column(sa.Column("set_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("set_by_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_case_flag_set_by_id_app_user", "app_user", ["set_by_id"], ["id"]
        )
    op.execute(
        "UPDATE case_flag SET set_at = "
        "(SELECT created_at FROM case_file WHERE case_file.id = case_flag.case_id)"
    )


def downgrade() -> None:
    with op.batch_alter_table("case_flag") as batch:
        batch.drop_constraint("fk_case_flag_set_by_id_app_user", type_="foreignkey")
        batch.drop_column("set_by_id")
        batch.drop_column("set_at")
