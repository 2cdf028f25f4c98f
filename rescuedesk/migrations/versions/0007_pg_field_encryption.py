"""PostgreSQL field encryption: sensitive columns become bytea, key slots, search tokens

Revision ID: 0007
Revises: 0005
Create Date: 2026-11-27

On PostgreSQL every sealed column (models/sealed.py) turns into ``bytea``. Existing values
are kept in the clear format (a 0x00 byte, then the UTF-8 text): no key exists yet at this
point (key slots are new here, and migrations run before anyone logs in). The first
administrator to log in afterwards generates the key and seals every value
(security/field_slots.py); until then the database is no better protected than before.
SQLite only gains the two (empty) tables: SQLCipher encrypts the whole file there.

Follows 0006 (person merge).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_RECORD = ("void_reason TEXT", "notes TEXT")
# Frozen here (not read from the models) so that later model changes cannot alter this step.
SEALED: dict[str, tuple[str, ...]] = {
    "person": (
        'real_name VARCHAR(100) COLLATE "C"',
        'alias VARCHAR(100) COLLATE "C"',
        'name_pinyin VARCHAR(300) COLLATE "C"',
        'name_initials VARCHAR(100) COLLATE "C"',
        'alias_pinyin VARCHAR(300) COLLATE "C"',
        'alias_initials VARCHAR(100) COLLATE "C"',
        'id_number VARCHAR(18) COLLATE "C"',
        "phone VARCHAR(40)",
        "current_address VARCHAR(300)",
        "build VARCHAR(50)",
        "distinguishing_features TEXT",
        "accent_region VARCHAR(100)",
        "health_description TEXT",
        "intellectual_state VARCHAR(100)",
        "mental_state VARCHAR(100)",
        "clothing_when_found TEXT",
        "found_place VARCHAR(300)",
        "disability_description TEXT",
    ),
    "audit_event": ("changes JSON", "reason TEXT"),
    "case_file": (
        "police_reference VARCHAR(100)",
        "rescue_place VARCHAR(300)",
        "summary TEXT",
        "closure_reason TEXT",
    ),
    "stage_change": ("reason TEXT",),
    "assistance": ("description TEXT", *_RECORD),
    "case_buyer": ("name VARCHAR(100)", "id_number VARCHAR(18)", "address VARCHAR(300)", *_RECORD),
    "consent": ("guardian_name VARCHAR(100)", "withdrawal_reason TEXT", *_RECORD),
    "disability_assessment": ("certificate_number VARCHAR(40)", *_RECORD),
    "employment": ("employer VARCHAR(200)", *_RECORD),
    "follow_up_visit": ("visitor_name VARCHAR(100)", "problems TEXT", "actions TEXT", *_RECORD),
    "legal_aid": ("outcome TEXT", *_RECORD),
    "medical_care": (
        "hospital VARCHAR(200)",
        "assistive_device VARCHAR(200)",
        "result TEXT",
        *_RECORD,
    ),
    "needs_assessment": ("health_summary TEXT", "summary TEXT", *_RECORD),
    "placement": ("carers JSON", "address VARCHAR(300)", "end_reason TEXT", "plan TEXT", *_RECORD),
    "referral": ("service_requested TEXT", "reply TEXT", *_RECORD),
    "schooling": ("school_name VARCHAR(200)", *_RECORD),
    "tracing_action": (
        "description TEXT",
        "police_reference VARCHAR(100)",
        "family_contact VARCHAR(300)",
        *_RECORD,
    ),
    "training": _RECORD,
}


def _columns(table: str) -> list[tuple[str, str]]:
    return [tuple(spec.split(" ", 1)) for spec in SEALED[table]]  # type: ignore[misc]


def upgrade() -> None:
    op.create_table(
        "field_key_slot",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("salt", sa.LargeBinary(), nullable=False),
        sa.Column("nonce", sa.LargeBinary(), nullable=False),
        sa.Column("wrapped", sa.LargeBinary(), nullable=False),
        sa.Column("kdf", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["app_user.id"], name=op.f("fk_field_key_slot_user_id_app_user")
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_field_key_slot")),
    )
    op.create_table(
        "person_search_token",
        sa.Column("token", sa.LargeBinary(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_person_search_token_person_id_person")
        ),
        sa.PrimaryKeyConstraint("token", "person_id", name=op.f("pk_person_search_token")),
    )
    op.create_index(op.f("ix_person_search_token_person_id"), "person_search_token", ["person_id"])
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in SEALED:
        # One ALTER per table: PostgreSQL rewrites the table once. Row triggers (the audit
        # trail's append-only guard) do not fire on ALTER TABLE.
        changes = ", ".join(
            f"ALTER COLUMN {name} TYPE bytea USING CASE WHEN {name} IS NULL THEN NULL "
            f"ELSE '\\x00'::bytea || convert_to({name}::text, 'UTF8') END"
            for name, _ in _columns(table)
        )
        op.execute(f"ALTER TABLE {table} {changes}")
    _fill_tokens()


def _fill_tokens() -> None:
    # Existing people need their search tokens (under the public key of a database with
    # no key yet) or the case list would find no one by name after the upgrade.
    from rescuedesk.security.blind_index import tokens_for
    from rescuedesk.security.field_crypto import FieldState

    conn = op.get_bind()
    person = sa.table(
        "person",
        sa.column("id", sa.Integer),
        sa.column("real_name", sa.LargeBinary),
        sa.column("alias", sa.LargeBinary),
        sa.column("id_number", sa.LargeBinary),
    )
    state = FieldState()
    rows = []
    for pid, *values in conn.execute(
        sa.select(person.c.id, person.c.real_name, person.c.alias, person.c.id_number)
    ):
        real, alias, number = (
            None if v is None else state.open(bytes(v)).decode("utf-8") for v in values
        )
        rows += [
            {"token": t, "person_id": pid} for t in tokens_for(state.index_key, real, alias, number)
        ]
    if rows:
        tokens = sa.table(
            "person_search_token", sa.column("token", sa.LargeBinary), sa.column("person_id")
        )
        conn.execute(tokens.insert(), rows)


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "postgresql":
        if conn.execute(sa.text("SELECT count(*) FROM field_key_slot")).scalar():
            raise RuntimeError(
                "数据库的敏感字段已加密，不能降级到加密之前的版本（SQL 无法解密）；请从升级前的备份恢复。"
            )
        for table in SEALED:
            changes = ", ".join(
                f"ALTER COLUMN {name} TYPE {ddl} USING "
                f"convert_from(substring({name} from 2), 'UTF8')::{ddl.split(' COLLATE')[0]}"
                for name, ddl in _columns(table)
            )
            op.execute(f"ALTER TABLE {table} {changes}")
    op.drop_index(op.f("ix_person_search_token_person_id"), table_name="person_search_token")
    op.drop_table("person_search_token")
    op.drop_table("field_key_slot")
