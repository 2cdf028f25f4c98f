"""drafts of unsaved input; merge records sealed on PostgreSQL

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-26 03:10:00

A draft keeps a user's unsaved input when a colleague takes over their locked window; it
holds personal data, so on PostgreSQL it is sealed like the person's own columns. The merge
records of 0006 keep the absorbed person's names and a reason: sealed too. Existing values
go to the clear format (0x00, then the text) that the first key seals, as in 0007.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEALED = {
    "person_merge": ("absorbed_values", "reason", "unmerge_reason"),
    "draft": ("payload",),
}


def upgrade() -> None:
    op.create_table(
        "draft",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("kept_at", sa.DateTime(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case_file.id"], name=op.f("fk_draft_case_id_case_file")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["app_user.id"], name=op.f("fk_draft_user_id_app_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_draft")),
    )
    with op.batch_alter_table("draft", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_draft_user_id"), ["user_id"], unique=False)
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, columns in SEALED.items():
        changes = ", ".join(
            f"ALTER COLUMN {name} TYPE bytea USING CASE WHEN {name} IS NULL THEN NULL "
            f"ELSE '\\x00'::bytea || convert_to({name}::text, 'UTF8') END"
            for name in columns
        )
        op.execute(f"ALTER TABLE {table} {changes}")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        # Only values still in the clear format can go back; sealed ones need the key.
        op.execute(
            "ALTER TABLE person_merge "
            "ALTER COLUMN absorbed_values TYPE json USING "
            "convert_from(substring(absorbed_values from 2), 'UTF8')::json, "
            "ALTER COLUMN reason TYPE text USING convert_from(substring(reason from 2), 'UTF8'), "
            "ALTER COLUMN unmerge_reason TYPE text USING "
            "convert_from(substring(unmerge_reason from 2), 'UTF8')"
        )
    with op.batch_alter_table("draft", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_draft_user_id"))
    op.drop_table("draft")
