"""the case list's walk in intake order reads the index alone (issue #16)

Revision ID: 0029
Revises: 0028
Create Date: 2026-11-30 09:40:00

A supervisor's page of a common text (mei, 梅) walks the cases in intake order and tests
each against her reach and the text until the page is full: at 1,000,000 persons some
thousands of cases a page, each read from its row for its unit and caseworker (the
(intake date, id) index held nothing else). One index now carries what the walk tests and
the page shows: mei for the HLJ-HRB supervisor 26.0 -> 10.7 ms, 梅 62.7 -> 37.2 ms of SQL
(SQLite, warm). It replaces (intake date, id) and the annual report's index (0026), whose
columns it holds too, so a case still writes one intake index.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0029"
down_revision: str | None = "0028"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = [
    "intake_date",
    "id",
    "person_id",
    "unit_id",
    "caseworker_id",
    "stage",
    "case_number",
    "rescue_date",
    "intake_channel",
]
ANNUAL = ["intake_date", "id", "person_id", "unit_id", "rescue_date", "intake_channel"]


def upgrade() -> None:
    op.create_index("ix_case_file_intake_covering", "case_file", COLUMNS)
    op.drop_index("ix_case_file_intake_date_id", table_name="case_file")
    op.drop_index("ix_case_file_intake_annual", table_name="case_file")


def downgrade() -> None:
    op.create_index("ix_case_file_intake_annual", "case_file", ANNUAL)
    op.create_index("ix_case_file_intake_date_id", "case_file", ["intake_date", "id"])
    op.drop_index("ix_case_file_intake_covering", table_name="case_file")
