"""family-tracing inquiries and their matches (issue #15)

Revision ID: 0019
Revises: 0018
Create Date: 2026-11-29 19:40:00

An inquiry belongs to the unit that recorded it; a match pairs it with a person in care.
Names, contacts, places and reasons are sealed on PostgreSQL (bytea, as in 0007).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def sealed(logical: sa.types.TypeEngine) -> sa.types.TypeEngine:  # type: ignore[type-arg]
    """A column models/sealed.py encrypts on PostgreSQL: bytea there, the type elsewhere."""
    return logical.with_variant(sa.LargeBinary(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "tracing_inquiry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("inquiry_number", sa.String(length=40), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("inquirer_name", sealed(sa.String(length=100)), nullable=True),
        sa.Column("inquirer_relation", sealed(sa.String(length=50)), nullable=True),
        sa.Column("inquirer_phone", sealed(sa.String(length=40)), nullable=True),
        sa.Column("police_unit", sa.String(length=200), nullable=True),
        sa.Column("police_reference", sealed(sa.String(length=100)), nullable=True),
        sa.Column("missing_name", sealed(sa.String(length=100)), nullable=True),
        sa.Column("missing_nicknames", sealed(sa.JSON()), nullable=False),
        sa.Column(
            "sex",
            sa.Enum(
                "male",
                "female",
                "unknown",
                name="sex",
                native_enum=False,
                create_constraint=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column("age_then", sa.Integer(), nullable=True),
        sa.Column("missing_date", sa.Date(), nullable=True),
        sa.Column("missing_date_precision", sa.String(length=8), nullable=True),
        sa.Column("missing_place", sealed(sa.String(length=300)), nullable=True),
        sa.Column("missing_place_code", sa.String(length=6), nullable=True),
        sa.Column("home_dialect", sealed(sa.String(length=100)), nullable=True),
        sa.Column("home_dialect_code", sa.String(length=16), nullable=True),
        sa.Column("height_cm", sa.Integer(), nullable=True),
        sa.Column("features", sealed(sa.Text()), nullable=True),
        sa.Column("photo", sa.LargeBinary(), nullable=True),
        sa.Column("photo_thumbnail", sa.LargeBinary(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("close_reason", sealed(sa.Text()), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("purged_at", sa.DateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["unit.id"], name=op.f("fk_tracing_inquiry_unit_id_unit")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["app_user.id"],
            name=op.f("fk_tracing_inquiry_created_by_id_app_user"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tracing_inquiry")),
        sa.UniqueConstraint(
            "unit_id", "inquiry_number", name=op.f("uq_tracing_inquiry_unit_id_inquiry_number")
        ),
    )
    with op.batch_alter_table("tracing_inquiry") as batch:
        batch.create_index("ix_tracing_inquiry_unit_status", ["unit_id", "status"], unique=False)
    op.create_table(
        "inquiry_match",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inquiry_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("reasons", sealed(sa.JSON()), nullable=False),
        sa.Column("scorer_version", sa.Integer(), nullable=False),
        sa.Column("input_digest", sa.String(length=64), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("decision_reason", sealed(sa.Text()), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["inquiry_id"],
            ["tracing_inquiry.id"],
            name=op.f("fk_inquiry_match_inquiry_id_tracing_inquiry"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case_file.id"], name=op.f("fk_inquiry_match_case_id_case_file")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_inquiry_match_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["app_user.id"],
            name=op.f("fk_inquiry_match_decided_by_id_app_user"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inquiry_match")),
        sa.UniqueConstraint(
            "inquiry_id", "person_id", name=op.f("uq_inquiry_match_inquiry_id_person_id")
        ),
    )
    with op.batch_alter_table("inquiry_match") as batch:
        batch.create_index(batch.f("ix_inquiry_match_inquiry_id"), ["inquiry_id"], unique=False)
        batch.create_index(batch.f("ix_inquiry_match_case_id"), ["case_id"], unique=False)
        batch.create_index(batch.f("ix_inquiry_match_person_id"), ["person_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("inquiry_match") as batch:
        batch.drop_index(batch.f("ix_inquiry_match_person_id"))
        batch.drop_index(batch.f("ix_inquiry_match_case_id"))
        batch.drop_index(batch.f("ix_inquiry_match_inquiry_id"))
    op.drop_table("inquiry_match")
    with op.batch_alter_table("tracing_inquiry") as batch:
        batch.drop_index("ix_tracing_inquiry_unit_status")
    op.drop_table("tracing_inquiry")
