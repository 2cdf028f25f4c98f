"""what a tracing announcement published, and a police letter's photo (issue #15)

Revision ID: 0020
Revises: 0019
Create Date: 2026-11-29 20:10:00

An announcement is a tracing action; it now keeps the exact text published (sealed on
PostgreSQL, bytea as in 0007) and the photo it showed; a letter to the police keeps the
photo it carried, for its copies. A photo deleted for good leaves both, without it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PHOTO_FK = "fk_tracing_action_announcement_photo_id_person_photo"
LETTER_PHOTO_FK = "fk_letter_register_photo_id_person_photo"


def sealed(logical: sa.types.TypeEngine) -> sa.types.TypeEngine:  # type: ignore[type-arg]
    """A column models/sealed.py encrypts on PostgreSQL: bytea there, the type elsewhere."""
    return logical.with_variant(sa.LargeBinary(), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("tracing_action") as batch:
        batch.add_column(sa.Column("announcement_text", sealed(sa.Text()), nullable=True))
        batch.add_column(sa.Column("announcement_photo_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            PHOTO_FK, "person_photo", ["announcement_photo_id"], ["id"], ondelete="SET NULL"
        )
    with op.batch_alter_table("letter_register") as batch:
        batch.add_column(sa.Column("photo_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            LETTER_PHOTO_FK, "person_photo", ["photo_id"], ["id"], ondelete="SET NULL"
        )


def downgrade() -> None:
    with op.batch_alter_table("letter_register") as batch:
        batch.drop_constraint(LETTER_PHOTO_FK, type_="foreignkey")
        batch.drop_column("photo_id")
    with op.batch_alter_table("tracing_action") as batch:
        batch.drop_constraint(PHOTO_FK, type_="foreignkey")
        batch.drop_column("announcement_photo_id")
        batch.drop_column("announcement_text")
