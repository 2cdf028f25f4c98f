"""the annual report counts a year on indexes of its dates (issue #16)

Revision ID: 0026
Revises: 0025
Create Date: 2026-11-30 06:30:00

The annual report counts one year of cases, persons and service records, tables that grow
year after year: it read each service table whole (no index on the dates it counts by), and
looked every case and person of the year up in its table, a page of sealed text per row
(SQLCipher decrypts each page; at 200,000 persons a year is 33,000 cases on nearly every
page of the case and person tables). Each count now reads the year's entries of an index
that holds everything it needs:

- each case record table counted: (date, what is counted, case, voided_at);
- the year's cases: (intake date, id, person, unit, rescue date, intake channel), and the
  persons they are of: (id, sex, nationality, birth date and year, 户籍地);
- closures by (stage, closed_at); placements by (case, start date, voided_at).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0026"
down_revision: str | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COUNTED = {  # table: (date, what is counted)
    "assistance": ["start_date", "kind"],
    "tracing_action": ["action_date", "outcome"],
    "placement": ["start_date", "placement_type"],
    "medical_care": ["start_date", "kind"],
    "disability_assessment": ["assessed_on", "grade"],
    "schooling": ["start_date", "kind"],
    "training": ["start_date"],
    "employment": ["start_date"],
    "legal_aid": ["applied_on", "kind"],
    "follow_up_visit": ["planned_date", "done_date"],
}
INDEXES = {
    **{
        f"ix_{table}_annual": (table, [*columns, "case_id", "voided_at"])
        for table, columns in COUNTED.items()
    },
    "ix_case_file_intake_annual": (
        "case_file",
        ["intake_date", "id", "person_id", "unit_id", "rescue_date", "intake_channel"],
    ),
    "ix_person_annual": (
        "person",
        [
            "id",
            "sex",
            "nationality",
            "birth_date",
            "birth_year_estimated",
            "household_registration_code",
        ],
    ),
    "ix_case_file_stage_closed_at": ("case_file", ["stage", "closed_at"]),
    "ix_placement_case_started": ("placement", ["case_id", "start_date", "voided_at"]),
}


def upgrade() -> None:
    for name, (table, columns) in INDEXES.items():
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, (table, _) in INDEXES.items():
        op.drop_index(name, table_name=table)
