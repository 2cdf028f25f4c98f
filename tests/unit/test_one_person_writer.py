"""Every new person is written by services/people/bulk.py (issue #12): one place turns a
person's values into rows, with their search keys, blind search tokens and sealed columns, whether
one person is registered (persons.create_person), a ledger is imported or demo data made."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "rescuedesk"
WRITER = Path("services") / "people" / "bulk.py"


def _is_person(node: ast.AST) -> bool:
    return isinstance(node, ast.Name) and node.id == "Person"


def _person_table(node: ast.AST, aliases: set[str]) -> bool:
    """``Person.__table__``, or a name given to it."""
    if isinstance(node, ast.Name):
        return node.id in aliases
    return isinstance(node, ast.Attribute) and node.attr == "__table__" and _is_person(node.value)


def person_inserts(source: str) -> list[int]:
    """Lines that insert a person other than through the bulk writer: ``x.add(Person(...))``,
    ``insert(Person)``, ``Person.__table__.insert()`` (or through a name for the table), and
    ``writes.insert(..., is_person=True)``."""
    tree = ast.parse(source)
    aliases = {
        target.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign) and _person_table(node.value, set())
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func, args = node.func, node.args
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        added = name in ("add", "add_all") and any(
            isinstance(a, ast.Call) and _is_person(a.func) for a in args
        )
        core = name == "insert" and bool(args) and _is_person(args[0])
        table = name == "insert" and isinstance(func, ast.Attribute)
        table = table and _person_table(func.value, aliases)  # type: ignore[union-attr]
        audited = name == "insert" and any(
            k.arg == "is_person" and isinstance(k.value, ast.Constant) and k.value.value
            for k in node.keywords
        )
        if added or core or table or audited:
            lines.append(node.lineno)
    return sorted(lines)


def test_new_persons_are_written_by_the_bulk_writer_only() -> None:
    offenders = {
        str(p.relative_to(PACKAGE)): found
        for p in PACKAGE.rglob("*.py")
        if p.relative_to(PACKAGE) != WRITER
        and (found := person_inserts(p.read_text(encoding="utf-8")))
    }
    assert offenders == {}


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
