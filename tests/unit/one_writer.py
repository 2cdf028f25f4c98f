"""Finding the lines that insert rows of one model other than through its one writer (issue
#12): shared by the checks that new persons and new cases each have a single writer."""

from __future__ import annotations

import ast
from collections.abc import Callable, Sequence
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "rescuedesk"


def _is_model(node: ast.AST, model: str) -> bool:
    return isinstance(node, ast.Name) and node.id == model


def _model_table(node: ast.AST, model: str, aliases: set[str]) -> bool:
    """``Model.__table__``, or a name given to it."""
    if isinstance(node, ast.Name):
        return node.id in aliases
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "__table__"
        and _is_model(node.value, model)
    )


def inserts(
    source: str,
    model: str,
    audit_flag: str,
    *,
    any_object: bool = False,
    bulk: Sequence[str] = (),
) -> list[int]:
    """Lines that insert a ``model`` row: an object added (``x.add(Model(...))``; with
    ``any_object`` every ``Model(...)`` built, since one is only built to be added),
    ``insert(Model)``, ``Model.__table__.insert()`` (or through a name for the table), one of
    the ``bulk`` functions given ``Model``, and ``writes.insert(..., <audit_flag>=True)``."""
    tree = ast.parse(source)
    aliases = {
        target.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign) and _model_table(node.value, model, set())
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func, args = node.func, node.args
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if any_object:
            built = _is_model(func, model)
        else:
            built = name in ("add", "add_all") and any(
                isinstance(a, ast.Call) and _is_model(a.func, model) for a in args
            )
        core = name == "insert" and bool(args) and _is_model(args[0], model)
        table = name == "insert" and isinstance(func, ast.Attribute)
        table = table and _model_table(func.value, model, aliases)  # type: ignore[union-attr]
        in_bulk = name in bulk and any(_is_model(a, model) for a in args)
        audited = name == "insert" and any(
            k.arg == audit_flag and isinstance(k.value, ast.Constant) and k.value.value
            for k in node.keywords
        )
        if built or core or table or in_bulk or audited:
            lines.append(node.lineno)
    return sorted(lines)


def offenders(writer: Path, find: Callable[[str], list[int]]) -> dict[str, list[int]]:
    """Every module but the writer (a path below rescuedesk/) where ``find`` sees an insert."""
    return {
        str(p.relative_to(PACKAGE)): found
        for p in PACKAGE.rglob("*.py")
        if p.relative_to(PACKAGE) != writer and (found := find(p.read_text(encoding="utf-8")))
    }
