"""Every new person is written by services/people/bulk.py (issue #12): one place turns a
person's values into rows, with their search keys, blind search tokens and sealed columns, whether
one person is registered (persons.create_person), a ledger is imported or demo data made."""

from functools import partial
from pathlib import Path

from tests.unit.one_writer import inserts, offenders

WRITER = Path("services") / "people" / "bulk.py"
person_inserts = partial(inserts, model="Person", audit_flag="is_person")


def test_new_persons_are_written_by_the_bulk_writer_only() -> None:
    assert offenders(WRITER, person_inserts) == {}


def test_the_check_sees_the_other_ways_to_insert_a_person() -> None:
    source = (
        "session.add(Person(alias='x'))\n"
        "conn.execute(Person.__table__.insert(), rows)\n"
        "TABLE = Person.__table__\n"
        "conn.execute(TABLE.insert().returning(TABLE.c.id), row)\n"
        "writes.insert(session, actor, person, values, is_person=True)\n"
        "writes.insert(session, actor, case, values, is_case=True)\n"
        "session.add(Case(person=Person(alias='y')))\n"
    )
    assert person_inserts(source) == [1, 2, 4, 5]
