"""case transfers between units (issue #14)

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-29 17:00:00

A case passes to another unit keeping its number: the number register's uniqueness of
(unit, year, serial) no longer holds once a case has moved (the receiving unit's own register
may draw the same serial), so only the case number, which names the unit that drew it,
stays unique. The reasons are sealed on PostgreSQL (bytea, as in 0007).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def sealed(logical: sa.types.TypeEngine) -> sa.types.TypeEngine:  # type: ignore[type-arg]
    """A column models/sealed.py encrypts on PostgreSQL: bytea there, the type elsewhere."""
    return logical.with_variant(sa.LargeBinary(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "case_transfer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("case_number", sa.String(length=40), nullable=False),
        sa.Column("from_unit_id", sa.Integer(), nullable=True),
        sa.Column("from_unit_name", sa.String(length=200), nullable=False),
        sa.Column("to_unit_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=True),
        sa.Column("requested_by_name", sa.String(length=100), nullable=False),
        sa.Column("reason", sealed(sa.Text()), nullable=False),
        sa.Column("consent_overridden", sa.Boolean(), nullable=False),
        sa.Column("from_caseworker_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decision_reason", sealed(sa.Text()), nullable=True),
        sa.Column("new_caseworker_id", sa.Integer(), nullable=True),
        sa.Column("package_id", sa.String(length=36), nullable=True),
        sa.Column("payload", sealed(sa.Text()), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case_file.id"], name=op.f("fk_case_transfer_case_id_case_file")
        ),
        sa.ForeignKeyConstraint(
            ["from_unit_id"], ["unit.id"], name=op.f("fk_case_transfer_from_unit_id_unit")
        ),
        sa.ForeignKeyConstraint(
            ["to_unit_id"], ["unit.id"], name=op.f("fk_case_transfer_to_unit_id_unit")
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_id"],
            ["app_user.id"],
            name=op.f("fk_case_transfer_requested_by_id_app_user"),
        ),
        sa.ForeignKeyConstraint(
            ["from_caseworker_id"],
            ["app_user.id"],
            name=op.f("fk_case_transfer_from_caseworker_id_app_user"),
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["app_user.id"], name=op.f("fk_case_transfer_decided_by_id_app_user")
        ),
        sa.ForeignKeyConstraint(
            ["new_caseworker_id"],
            ["app_user.id"],
            name=op.f("fk_case_transfer_new_caseworker_id_app_user"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_transfer")),
        sa.UniqueConstraint("package_id", name=op.f("uq_case_transfer_package_id")),
    )
    op.create_index(op.f("ix_case_transfer_case_id"), "case_transfer", ["case_id"], unique=False)
    op.create_index(
        "ix_case_transfer_to_unit_status", "case_transfer", ["to_unit_id", "status"], unique=False
    )
    with op.batch_alter_table("case_file") as batch:
        batch.drop_constraint("uq_case_file_unit_id_year_serial", type_="unique")


def downgrade() -> None:
    with op.batch_alter_table("case_file") as batch:
        batch.create_unique_constraint(
            "uq_case_file_unit_id_year_serial", ["unit_id", "year", "serial"]
        )
    op.drop_index("ix_case_transfer_to_unit_status", table_name="case_transfer")
    op.drop_index(op.f("ix_case_transfer_case_id"), table_name="case_transfer")
    op.drop_table("case_transfer")
