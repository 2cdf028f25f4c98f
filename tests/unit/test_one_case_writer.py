"""Every new case is written by services/casefile/new_cases.py (issue #12): one place turns a
case's values into rows (its number from the unit's register, the caseworker default, the
automatic flags, the "opened" stage change), whether one case is opened (cases.open_case), a
ledger is imported or demo data made."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "rescuedesk"
WRITER = Path("services") / "casefile" / "new_cases.py"
BULK = ("insert_rows", "insert_rows_returning_ids", "uniform")


def _is_case(node: ast.AST) -> bool:
    return isinstance(node, ast.Name) and node.id == "Case"


def _case_table(node: ast.AST, aliases: set[str]) -> bool:
    """``Case.__table__``, or a name given to it."""
    if isinstance(node, ast.Name):
        return node.id in aliases
    return isinstance(node, ast.Attribute) and node.attr == "__table__" and _is_case(node.value)


def case_inserts(source: str) -> list[int]:
    """Lines that insert a case other than through the one writer: ``Case(...)`` built
    (an ORM object is only built to be added), ``insert(Case)``, ``Case.__table__.insert()``
    (or through a name for the table), the bulk writer given ``Case``
    (``bulk.insert_rows(session, Case, rows)``) and ``writes.insert(..., is_case=True)``."""
    tree = ast.parse(source)
    aliases = {
        target.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign) and _case_table(node.value, set())
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func, args = node.func, node.args
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        built = _is_case(func)
        core = name == "insert" and bool(args) and _is_case(args[0])
        table = name == "insert" and isinstance(func, ast.Attribute)
        table = table and _case_table(func.value, aliases)  # type: ignore[union-attr]
        in_bulk = name in BULK and any(_is_case(a) for a in args)
        audited = name == "insert" and any(
            k.arg == "is_case" and isinstance(k.value, ast.Constant) and k.value.value
            for k in node.keywords
        )
        if built or core or table or in_bulk or audited:
            lines.append(node.lineno)
    return sorted(lines)


def test_new_cases_are_written_by_the_one_writer_only() -> None:
    offenders = {
        str(p.relative_to(PACKAGE)): found
        for p in PACKAGE.rglob("*.py")
        if p.relative_to(PACKAGE) != WRITER
        and (found := case_inserts(p.read_text(encoding="utf-8")))
    }
    assert offenders == {}


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
