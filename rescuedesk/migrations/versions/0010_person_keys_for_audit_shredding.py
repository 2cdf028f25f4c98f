"""per-person keys that seal personal values in the audit trail (crypto-shredding)

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-28 09:00:00

``person_key`` holds one random key per person (sealed on PostgreSQL like the person's own
columns: ``bytea``, empty here); ``audit_event.person_key_id`` names the key that encrypts an
event's personal values. Existing events keep NULL: they stay as they were written (the
append-only chain forbids rewriting them) and verify exactly as before.

The column is added with a plain ALTER TABLE, not a batch copy: on SQLite a copy would drop
the append-only triggers of audit_event.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pg = op.get_bind().dialect.name == "postgresql"
    op.create_table(
        "person_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.LargeBinary() if pg else sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_key")),
    )
    op.create_index(op.f("ix_person_key_person_id"), "person_key", ["person_id"], unique=False)
    op.add_column("audit_event", sa.Column("person_key_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    # Dropping the keys would make every event sealed under them unreadable for good.
    if op.get_bind().execute(sa.text("SELECT 1 FROM person_key LIMIT 1")).first():
        raise RuntimeError(
            "person_key holds keys of audited values: a downgrade below 0009 would destroy "
            "them; restore the backup taken before the upgrade instead"
        )
    op.drop_column("audit_event", "person_key_id")
    op.drop_index(op.f("ix_person_key_person_id"), table_name="person_key")
    op.drop_table("person_key")
