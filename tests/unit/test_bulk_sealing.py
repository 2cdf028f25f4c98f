"""A bulk write's column sealed at once (issue #16: a million persons in minutes) is what a
value sealed alone is: each opens to its value under the key, no two share a nonce, and a
NULL, an empty value and a vouched-public text stay as one value's bind would leave them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String
from sqlalchemy.dialects.postgresql.psycopg import PGDialect_psycopg
from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite

from rescuedesk.models.sealed import Public, Sealed, SealedJSON
from rescuedesk.security.field_crypto import GCM, NONCE_BYTES, FieldKeys, new_key, state_of


def _pg() -> PGDialect_psycopg:
    dialect = PGDialect_psycopg()
    state_of(dialect).keys = FieldKeys(new_key())
    return dialect


def test_a_column_sealed_at_once_opens_as_each_value_sealed_alone() -> None:
    dialect = _pg()
    kind = Sealed(String(100))
    values = ["张晓梅", None, "", Public("account locked"), "张晓梅", "a" * 300, "张晓梅"]
    together = kind.process_bind_column(values, dialect)
    alone = [kind.process_bind_param(v, dialect) for v in values]
    assert len(together) == len(values)
    for value, many, one in zip(values, together, alone, strict=True):
        if value is None or value == "" or isinstance(value, Public):
            assert many == one  # NULL, or clear text that needs no key
            continue
        assert many[0] == GCM and many != one  # a fresh nonce each
        assert kind.process_result_value(many, dialect) == value
    nonces = [b[1 : 1 + NONCE_BYTES] for b in together if b and b[0] == GCM]
    assert len(nonces) == 4 and len(set(nonces)) == 4  # equal names do not look equal


def test_sealed_json_and_other_engines_bind_as_one_value_does() -> None:
    dialect = _pg()
    kind = SealedJSON()
    carers = [[{"name": "父母", "relation": "parent"}], [], None]
    sealed = kind.process_bind_column(carers, dialect)
    assert [kind.process_result_value(v, dialect) for v in sealed] == [carers[0], [], None]
    sqlite = SQLiteDialect_pysqlite()
    assert Sealed(String(10)).process_bind_column(["a", None], sqlite) == ["a", None]


def test_a_batch_with_nothing_to_seal_is_formatted_without_the_key() -> None:
    """A demo run's worker formats for COPY the batches that have no sealed value (it has
    no data key): the same text as the writer's, with its key; a batch with a sealed value
    is left for the writer."""
    from rescuedesk.models import StageChange
    from rescuedesk.models.enums import Stage
    from rescuedesk.services.people import bulk

    at = dt.datetime(2026, 11, 25, 10)
    rows = [
        {
            "case_id": i,
            "from_stage": None,
            "to_stage": Stage.REGISTRATION,
            "action": "opened",
            "at": at,
            "by_id": 3,
        }
        for i in range(1, 4)
    ]
    keyless = PGDialect_psycopg()
    here = bulk.encode_rows(StageChange, rows, keyless=keyless)
    assert here.text is not None and here.data is None
    writer = _pg()
    there = bulk.encode_rows(StageChange, rows)
    assert there.data is not None
    written = bulk.encode(StageChange, there.data, writer)
    assert here.columns == written.columns
    assert here.text == bulk._copy_text(written.rows or [])

    with_reason = [{**rows[0], "reason": "家属要求"}]
    left = bulk.encode_rows(StageChange, with_reason, keyless=keyless)
    assert left.data is not None and left.text is None  # sealed by the writer
