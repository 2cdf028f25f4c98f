"""the reply a referral waits for, and indexes for the home page's tasks (issue #14)

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-29 17:00:00

Every referral letter waits for a reply by a date (its type's days after it was sent); a
referral already sent gets that date from the days below. The tasks of the home page are
each found by an index: replies waiting, announcements not answered, birth dates.
"""

import datetime as dt
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REPLY_WAITING = "status = 'sent' AND reply_on IS NULL AND voided_at IS NULL"
VISIT_OPEN = "done_date IS NULL AND voided_at IS NULL"
ANNOUNCEMENT_OPEN = (
    "announcement_published_on IS NOT NULL AND outcome != 'family_found' AND voided_at IS NULL"
)
# As services/referrals/replies.py had them when this was written (a copy: a migration
# never imports the code it outlives).
REPLY_DAYS = {"hospital": 14, "child_welfare": 14, "shelter": 14}
DEFAULT_REPLY_DAYS = 30


def upgrade() -> None:
    with op.batch_alter_table("referral") as batch:
        batch.add_column(sa.Column("reply_due_on", sa.Date(), nullable=True))
    referral = sa.table(
        "referral",
        sa.column("id", sa.Integer),
        sa.column("recipient_type", sa.String),
        sa.column("referred_on", sa.Date),
        sa.column("reply_due_on", sa.Date),
    )
    conn = op.get_bind()
    rows = conn.execute(sa.select(referral.c.id, referral.c.recipient_type, referral.c.referred_on))
    due = [
        {
            "rid": rid,
            "due": referred + dt.timedelta(days=REPLY_DAYS.get(kind, DEFAULT_REPLY_DAYS)),
        }
        for rid, kind, referred in rows
        if referred is not None
    ]
    if due:
        conn.execute(
            referral.update()
            .where(referral.c.id == sa.bindparam("rid"))
            .values(reply_due_on=sa.bindparam("due")),
            due,
        )
    where = {"sqlite_where": sa.text(REPLY_WAITING), "postgresql_where": sa.text(REPLY_WAITING)}
    op.create_index("ix_referral_reply_waiting", "referral", ["reply_due_on"], **where)
    where = {
        "sqlite_where": sa.text(ANNOUNCEMENT_OPEN),
        "postgresql_where": sa.text(ANNOUNCEMENT_OPEN),
    }
    op.create_index(
        "ix_tracing_action_announcement_open",
        "tracing_action",
        ["announcement_published_on"],
        **where,
    )
    op.create_index("ix_person_birth_date", "person", ["birth_date"])
    where = {"sqlite_where": sa.text(VISIT_OPEN), "postgresql_where": sa.text(VISIT_OPEN)}
    op.create_index("ix_follow_up_visit_open", "follow_up_visit", ["planned_date"], **where)
    op.create_index("ix_needs_assessment_assessed_on", "needs_assessment", ["assessed_on"])
    op.create_index("ix_person_birth_year_estimated", "person", ["birth_year_estimated"])


def downgrade() -> None:
    op.drop_index("ix_follow_up_visit_open", table_name="follow_up_visit")
    op.drop_index("ix_person_birth_year_estimated", table_name="person")
    op.drop_index("ix_needs_assessment_assessed_on", table_name="needs_assessment")
    op.drop_index("ix_person_birth_date", table_name="person")
    op.drop_index("ix_tracing_action_announcement_open", table_name="tracing_action")
    op.drop_index("ix_referral_reply_waiting", table_name="referral")
    with op.batch_alter_table("referral") as batch:
        batch.drop_column("reply_due_on")
