"""who set a case flag and when; dated case notes (issue #14)

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-29 17:00:00

Why a flag was set is in the audit trail, sealed there under the person's key. A note's text
is about the person: sealed on PostgreSQL (bytea, as in 0007). Flags already set get their
case's registration time; who set them is not known.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
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
    op.create_table(
        "case_note",
        sa.Column("noted_on", sa.Date(), nullable=False),
        sa.Column("body", sealed(sa.Text()), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("voided_at", sa.DateTime(), nullable=True),
        sa.Column("void_reason", sealed(sa.Text()), nullable=True),
        sa.Column("notes", sealed(sa.Text()), nullable=True),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("voided_by_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case_file.id"], name=op.f("fk_case_note_case_id_case_file")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["app_user.id"], name=op.f("fk_case_note_created_by_id_app_user")
        ),
        sa.ForeignKeyConstraint(
            ["voided_by_id"], ["app_user.id"], name=op.f("fk_case_note_voided_by_id_app_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_note")),
    )
    with op.batch_alter_table("case_note") as batch:
        batch.create_index(batch.f("ix_case_note_case_id"), ["case_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("case_note") as batch:
        batch.drop_index(batch.f("ix_case_note_case_id"))
    op.drop_table("case_note")
    with op.batch_alter_table("case_flag") as batch:
        batch.drop_constraint("fk_case_flag_set_by_id_app_user", type_="foreignkey")
        batch.drop_column("set_by_id")
        batch.drop_column("set_at")
