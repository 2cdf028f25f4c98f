"""each user's audit events in order, for the home page's recent cases (issue #16)

Revision ID: 0023
Revises: 0022
Create Date: 2026-11-30 04:10:00

The home page lists the cases the user opened lately. It grouped every audit event that
names a case (every read of every record by everyone, the table that grows fastest) to find
her ten; on this index it walks her own read events newest first and stops at ten cases.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_audit_event_user_action_id", "audit_event", ["user_id", "action", "id"])


def downgrade() -> None:
    op.drop_index("ix_audit_event_user_action_id", table_name="audit_event")
