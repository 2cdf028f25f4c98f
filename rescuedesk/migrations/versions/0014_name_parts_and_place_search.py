"""name parts and place codes for the case list's search (issue #13)

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-29 16:40:00

The case list finds a person by any part of the name or alias (梅, 小梅, mei, xm of 李小梅)
and by the place rescued or registered in. SQLite: the table person_name_part, filled here
for the persons already there. PostgreSQL: the same keys as blind tokens, added to
person_search_token; they need the names in clear, so a database without a data key yet is
re-tokenised here, and a protected one at the first log-in after the upgrade (the marker
setting below; the server cannot open a name and never sees one). Both engines: indexes on
the two place code columns.
"""

import datetime as dt
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The setting a protected PostgreSQL database keeps until a log-in re-tokenises it
# (security/field_slots.py refresh_tokens).
STALE_TOKENS = "search_tokens_stale"
BATCH = 20_000


def upgrade() -> None:
    op.create_table(
        "person_name_part",
        sa.Column(
            "part",
            sa.String(length=400).with_variant(sa.String(length=400, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("part", "person_id", name=op.f("pk_person_name_part")),
    )
    with op.batch_alter_table("person_name_part", schema=None) as batch_op:
        batch_op.create_index("ix_person_name_part_person_id_part", ["person_id", "part"])
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_person_household_registration_code"), ["household_registration_code"]
        )
    with op.batch_alter_table("case_file", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_file_rescue_place_code"), ["rescue_place_code"])
    if op.get_bind().dialect.name == "postgresql":
        _tokens()
    else:
        _parts()


def _parts() -> None:
    from rescuedesk.reference.name_parts import name_keys

    conn = op.get_bind()
    person = sa.table("person", sa.column("id"), sa.column("real_name"), sa.column("alias"))
    parts = sa.table("person_name_part", sa.column("part"), sa.column("person_id"))
    rows: list[dict[str, object]] = []
    for pid, real, alias in conn.execute(
        sa.select(person.c.id, person.c.real_name, person.c.alias)
    ):
        keys: set[str] = set()
        for name in (real, alias):
            found = name_keys(name)
            keys |= found.parts | found.sounds
        rows += [{"part": k, "person_id": pid} for k in keys]
        if len(rows) >= BATCH:
            conn.execute(parts.insert(), rows)
            rows = []
    if rows:
        conn.execute(parts.insert(), rows)


def _tokens() -> None:
    from rescuedesk.security.blind_index import retoken_all
    from rescuedesk.security.field_crypto import FieldState

    conn = op.get_bind()
    if conn.execute(sa.text("SELECT count(*) FROM field_key_slot")).scalar():
        setting = sa.table(
            "setting",
            sa.column("key"),
            sa.column("value", sa.JSON),
            sa.column("updated_at"),
            sa.column("version"),
        )
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        conn.execute(
            setting.insert(),
            [{"key": STALE_TOKENS, "value": {"since": "0014"}, "updated_at": now, "version": 1}],
        )
    else:  # no data key yet: the names are stored in clear, readable here
        retoken_all(conn, FieldState())


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(sa.text(f"DELETE FROM setting WHERE key = '{STALE_TOKENS}'"))
    with op.batch_alter_table("case_file", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_file_rescue_place_code"))
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_household_registration_code"))
    with op.batch_alter_table("person_name_part", schema=None) as batch_op:
        batch_op.drop_index("ix_person_name_part_person_id_part")
    op.drop_table("person_name_part")
