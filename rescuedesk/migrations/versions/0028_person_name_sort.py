"""the case list in name order walks the persons' (name, alias, id) index (issue #16)

Revision ID: 0028
Revises: 0027
Create Date: 2026-11-30 09:30:00

Sorted by name, a supervisor's page joined every case in her reach to its person and sorted
them all: 8.7 s for the HLJ-HRB supervisor's first page at 1,000,000 persons on SQLite,
20.4 s for the provincial supervisor's. With the persons in (name, alias, id) order the
page walks them, each one's cases in id order, until it is full. The name's own index is
replaced: the new one serves a prefix search of the name as well. (PostgreSQL seals the
names and sorts them on the workstation; its index on the ciphertext serves the same
lookups as before.)
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0028"
down_revision: str | None = "0027"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_person_name_sort", "person", ["real_name", "alias", "id"])
    op.drop_index("ix_person_real_name", table_name="person")


def downgrade() -> None:
    op.create_index("ix_person_real_name", "person", ["real_name"])
    op.drop_index("ix_person_name_sort", table_name="person")
