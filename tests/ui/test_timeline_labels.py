"""Every action the services write to the audit trail reads as Chinese in a case's history
(经过): no raw code such as "print" or "preview个案" (issue #11)."""

from __future__ import annotations

import ast
from pathlib import Path

import rescuedesk
from rescuedesk.models import Base
from rescuedesk.services.casefile.case_file import TimelineEntry
from rescuedesk.ui.widgets.timeline_labels import ACTION_LABELS, ENTITY_LABELS, describe

PACKAGE = Path(rescuedesk.__file__).parent
WRITERS = [*(PACKAGE / "services").rglob("*.py"), *(PACKAGE / "security").rglob("*.py")]


def _strings(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _strings(node.body) + _strings(node.orelse)
    return []


def _passed_to(tree: ast.Module, function: ast.FunctionDef, name: str) -> list[str]:
    """The strings the module's calls of ``function`` give its parameter ``name``."""
    position = [a.arg for a in function.args.args].index(name)
    found: list[str] = []
    for call in ast.walk(tree):
        if not isinstance(call, ast.Call) or ast.unparse(call.func) != function.name:
            continue
        if len(call.args) > position:
            found += _strings(call.args[position])
        found += [s for k in call.keywords if k.arg == name for s in _strings(k.value)]
    return found


def written_audit_actions() -> dict[str, str]:
    """{action: where} for every ``audit.record(session, actor, ACTION, ...)`` call, with an
    action held in a parameter followed to the calls that pass it."""
    actions: dict[str, str] = {}
    for path in WRITERS:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef):
                continue
            for call in ast.walk(function):
                if not (
                    isinstance(call, ast.Call)
                    and ast.unparse(call.func) == "audit.record"
                    and len(call.args) >= 3
                ):
                    continue
                action = call.args[2]
                names = _strings(action)
                if isinstance(action, ast.Name):
                    names = _passed_to(tree, function, action.id)
                assert names, f"{path.name}:{call.lineno}: cannot tell which action it writes"
                for name in names:
                    actions.setdefault(name, f"{path.name}:{call.lineno}")
    return actions


def test_the_scan_finds_the_actions_of_every_kind_of_write() -> None:
    actions = written_audit_actions()
    for known in ("create", "update", "void", "read", "print", "preview", "advance", "merge"):
        assert known in actions


def test_every_audit_action_has_a_chinese_label() -> None:
    missing = {a: where for a, where in written_audit_actions().items() if a not in ACTION_LABELS}
    assert not missing, f"actions without a label in timeline_labels.py: {missing}"
    for action, label in ACTION_LABELS.items():
        assert label and label.isascii() is False, action


def test_every_part_of_a_case_file_has_a_label() -> None:
    tables = {
        table.name
        for table in Base.metadata.sorted_tables
        if "case_id" in table.columns and not table.name.startswith("alembic")
    }
    missing = sorted(t for t in tables | {"case_file", "letter_register"} if t not in ENTITY_LABELS)
    assert not missing, f"case-file entities without a label: {missing}"


def test_a_letter_reads_as_chinese_in_the_history() -> None:
    import datetime as dt

    at = dt.datetime(2026, 11, 25, 9, 30)
    shown = [
        describe(TimelineEntry(at, "李主管", action, entity, None, None))
        for action, entity in (
            ("preview", "case_file"),
            ("print", "letter_register"),
            ("reprint", "letter_register"),
        )
    ]
    assert shown == ["预览转介函", "打印转介函", "补打转介函"]
    assert all(not any(c.isascii() and c.isalpha() for c in text) for text in shown)
