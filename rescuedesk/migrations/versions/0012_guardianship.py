"""guardianship records (LN 6(二))

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-29 14:00:00

Who is the guardian of a child without one, temporary or long-term, since when. The
guardian's name and the free text are sealed on PostgreSQL (bytea, as in 0007).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def sealed(logical: sa.types.TypeEngine) -> sa.types.TypeEngine:  # type: ignore[type-arg]
    """A column models/sealed.py encrypts on PostgreSQL: bytea there, the type elsewhere."""
    return logical.with_variant(sa.LargeBinary(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "guardianship",
        sa.Column(
            "kind",
            sa.Enum(
                "temporary", "long_term", name="guardianshipkind", native_enum=False, length=32
            ),
            nullable=False,
        ),
        sa.Column("guardian_name", sealed(sa.String(length=100)), nullable=False),
        sa.Column("guardian_relation", sa.String(length=50), nullable=True),
        sa.Column("agency_id", sa.Integer(), nullable=True),
        sa.Column("since", sa.Date(), nullable=False),
        sa.Column("until", sa.Date(), nullable=True),
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
            ["agency_id"],
            ["partner_agency.id"],
            name=op.f("fk_guardianship_agency_id_partner_agency"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case_file.id"], name=op.f("fk_guardianship_case_id_case_file")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["app_user.id"], name=op.f("fk_guardianship_created_by_id_app_user")
        ),
        sa.ForeignKeyConstraint(
            ["voided_by_id"], ["app_user.id"], name=op.f("fk_guardianship_voided_by_id_app_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_guardianship")),
    )
    with op.batch_alter_table("guardianship", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_guardianship_case_id"), ["case_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("guardianship", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_guardianship_case_id"))
    op.drop_table("guardianship")
