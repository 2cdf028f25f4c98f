"""Every new case is written by services/casefile/new_cases.py (issue #12): one place turns a
case's values into rows (its number from the unit's register, the caseworker default, the
automatic flags, the "opened" stage change), whether one case is opened (cases.open_case), a
ledger is imported or demo data made."""

from functools import partial
from pathlib import Path

from tests.unit.one_writer import inserts, offenders

WRITER = Path("services") / "casefile" / "new_cases.py"
BULK = ("insert_rows", "insert_rows_returning_ids", "encode_rows", "uniform")
# A Case object is only built to be added, and the bulk writer given Case is an insert too.
case_inserts = partial(inserts, model="Case", audit_flag="is_case", any_object=True, bulk=BULK)


def test_new_cases_are_written_by_the_one_writer_only() -> None:
    assert offenders(WRITER, case_inserts) == {}


def test_the_check_sees_the_other_ways_to_insert_a_case() -> None:
    source = (
        "session.add(Case(person_id=1))\n"
        "conn.execute(Case.__table__.insert(), rows)\n"
        "TABLE = Case.__table__\n"
        "conn.execute(TABLE.insert().returning(TABLE.c.id), row)\n"
        "writes.insert(session, actor, case, values, is_case=True)\n"
        "ids = bulk.insert_rows_returning_ids(session, Case, rows)\n"
        "session.execute(insert(Case).values(x=1))\n"
        "writes.insert(session, actor, person, values, is_person=True)\n"
        "bulk.insert_rows(session, Person, rows)\n"
        "session.scalars(select(Case).where(Case.id == 1))\n"
    )
    assert case_inserts(source) == [1, 2, 4, 5, 6, 7]
