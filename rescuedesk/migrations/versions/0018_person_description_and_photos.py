"""an unidentified person's description for tracing, and photos (issue #15)

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-29 20:00:00

The estimated age as a range of birth years, the names she gives or answers to, an accent
code; the partial index the matcher blocks on; photos in a table of their own (bytes sealed
on PostgreSQL). ``person.languages`` becomes sealed on PostgreSQL: existing values go to the
clear format (0x00, then the text) as in 0007.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UNIDENTIFIED = "identity_known = false AND merged_into_id IS NULL AND purged_at IS NULL"


def sealed(logical: sa.types.TypeEngine) -> sa.types.TypeEngine:  # type: ignore[type-arg]
    """A column models/sealed.py encrypts on PostgreSQL: bytea there, the type elsewhere."""
    return logical.with_variant(sa.LargeBinary(), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("person") as batch:
        batch.add_column(sa.Column("birth_year_earliest", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("birth_year_latest", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("accent_code", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("called_names", sealed(sa.JSON()), nullable=True))
    op.create_index(
        "ix_person_unidentified_block",
        "person",
        ["sex", "birth_year_latest"],
        sqlite_where=sa.text(UNIDENTIFIED),
        postgresql_where=sa.text(UNIDENTIFIED),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "ALTER TABLE person ALTER COLUMN languages TYPE bytea USING CASE WHEN languages "
            "IS NULL THEN NULL ELSE '\\x00'::bytea || convert_to(languages::text, 'UTF8') END"
        )
    op.create_table(
        "person_photo",
        sa.Column("taken_on", sa.Date(), nullable=True),
        sa.Column(
            "kind",
            sa.Enum("when_found", "current", name="photokind", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("thumbnail", sa.LargeBinary(), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("width", sa.Integer(), nullable=True),
        sa.Column("height", sa.Integer(), nullable=True),
        sa.Column("byte_size", sa.Integer(), nullable=True),
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
            ["case_id"], ["case_file.id"], name=op.f("fk_person_photo_case_id_case_file")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["app_user.id"], name=op.f("fk_person_photo_created_by_id_app_user")
        ),
        sa.ForeignKeyConstraint(
            ["voided_by_id"], ["app_user.id"], name=op.f("fk_person_photo_voided_by_id_app_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_photo")),
    )
    op.create_index(op.f("ix_person_photo_case_id"), "person_photo", ["case_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_person_photo_case_id"), table_name="person_photo")
    op.drop_table("person_photo")
    if op.get_bind().dialect.name == "postgresql":
        # Only values still in the clear format can go back; sealed ones need the key.
        op.execute(
            "ALTER TABLE person ALTER COLUMN languages TYPE json USING "
            "convert_from(substring(languages from 2), 'UTF8')::json"
        )
    op.drop_index("ix_person_unidentified_block", table_name="person")
    with op.batch_alter_table("person") as batch:
        batch.drop_column("called_names")
        batch.drop_column("accent_code")
        batch.drop_column("birth_year_latest")
        batch.drop_column("birth_year_earliest")
