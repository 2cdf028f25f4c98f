"""Dependencies point one way (STYLE.md): only rescuedesk/ui may import Qt, and no module
imports a module of a higher level.

The levels, highest first (a module may import its own level and any level below):

    4  ui/, cli/, __main__.py         the two doors: the GUI and the command line
    3  services/                      one function per user action; sessions, rules, audit
    2  documents/, ledger/, privacy/, security/, reference/, migrations/, matching/
                                      the domain's tools: PDFs, ledger files, de-identification,
                                      cryptographic primitives, reference data, the family-
                                      tracing scorer (pure, no session); the migrations
                                      use models, db and these primitives, never services
    1  models/, db.py, security/field_crypto.py
                                      the ORM and the engine; field_crypto is the cipher the
                                      sealed column types of models/ call at bind time, and
                                      needs nothing but errors (it stays in security/ with the
                                      other primitives, but sits below models)
    0  __init__.py, clock.py, errors.py, config.py, netshare.py, userfiles.py
                                      small shared modules, usable from anywhere

Packages of one level may import each other (documents uses privacy, ledger and privacy use
reference). Imports inside functions count too: a deferred import is still a dependency. A
new top-level module has no level until it is added to LEVELS, and the test says so.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "rescuedesk"

# Longest prefix wins: "rescuedesk.security.field_crypto" before "rescuedesk.security".
LEVELS: dict[str, int] = {
    "rescuedesk": 0,
    "rescuedesk.clock": 0,
    "rescuedesk.errors": 0,
    "rescuedesk.config": 0,
    "rescuedesk.netshare": 0,
    "rescuedesk.userfiles": 0,
    "rescuedesk.progress": 0,  # the long operations' progress callback and its Cancelled
    "rescuedesk.collector": 0,  # the garbage collector held off while many rows are read
    "rescuedesk.models": 1,
    "rescuedesk.db": 1,
    "rescuedesk.security.field_crypto": 1,
    "rescuedesk.documents": 2,
    "rescuedesk.ledger": 2,
    "rescuedesk.privacy": 2,
    "rescuedesk.security": 2,
    "rescuedesk.reference": 2,
    "rescuedesk.migrations": 2,
    "rescuedesk.matching": 2,
    "rescuedesk.services": 3,
    "rescuedesk.ui": 4,
    "rescuedesk.cli": 4,
    "rescuedesk.__main__": 4,
}


def level(module: str) -> int:
    if module == "rescuedesk":  # the package's __init__ (its version)
        return LEVELS[module]
    parts = module.split(".")
    for end in range(len(parts), 1, -1):
        found = LEVELS.get(".".join(parts[:end]))
        if found is not None:
            return found
    raise KeyError(f"{module} has no level: add it to LEVELS")


def module_name(path: Path, root: Path = PACKAGE) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def is_module(name: str, root: Path = PACKAGE) -> bool:
    path = root.parent.joinpath(*name.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def imported_modules(
    source: str, module: str, is_package: bool = False, root: Path = PACKAGE
) -> set[str]:
    """Every rescuedesk module ``source`` imports, at the top or inside a function;
    ``from rescuedesk.x import y`` counts as ``rescuedesk.x.y`` when y is a module."""
    package = module if is_package else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            found.add(target)
            names = (f"{target}.{a.name}" for a in node.names)
            found.update(n for n in names if is_module(n, root))
    return {m for m in found if m == "rescuedesk" or m.startswith("rescuedesk.")}


def upward_imports(module: str, imported: set[str]) -> set[tuple[str, str]]:
    """(importer, imported) pairs where the imported module sits on a higher level."""
    own = level(module)
    return {(module, m) for m in imported if level(m) > own}


def all_upward_imports(root: Path = PACKAGE) -> set[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    for path in root.rglob("*.py"):
        name = module_name(path, root)
        source = path.read_text(encoding="utf-8")
        found = imported_modules(source, name, path.name == "__init__.py", root)
        out |= upward_imports(name, found)
    return out


def test_every_module_has_a_level() -> None:
    for path in PACKAGE.rglob("*.py"):
        level(module_name(path))  # raises for a new top-level module not in LEVELS


def test_a_module_without_a_level_is_reported() -> None:
    with pytest.raises(KeyError, match="add it to LEVELS"):
        level("rescuedesk.somewhere_new")


def test_no_module_imports_a_higher_level() -> None:
    assert all_upward_imports() == set()


def test_the_check_finds_a_planted_violation(tmp_path: Path) -> None:
    """A fake package with one import up (inside a function, relative) and one down."""
    root = tmp_path / "rescuedesk"
    for folder in ("services", "security", "models"):
        (root / folder).mkdir(parents=True)
        (root / folder / "__init__.py").write_text("")
    (root / "__init__.py").write_text("")
    (root / "services" / "persons.py").write_text("from rescuedesk.models import Person\n")
    (root / "security" / "vault.py").write_text(
        "def log_in():\n    from ..services import persons\n"
    )
    (root / "models" / "sealed.py").write_text(
        "from rescuedesk.security.field_crypto import state_of\n"
    )
    assert all_upward_imports(root) == {
        ("rescuedesk.security.vault", "rescuedesk.services"),
        ("rescuedesk.security.vault", "rescuedesk.services.persons"),
    }


def test_the_levels_read_as_documented() -> None:
    assert level("rescuedesk.security.vault") > level("rescuedesk.models.sealed")
    assert level("rescuedesk.security.field_crypto") == level("rescuedesk.models")
    assert level("rescuedesk.migrations.versions.x") < level("rescuedesk.services")
    assert level("rescuedesk") == level("rescuedesk.clock") == 0
    assert level("rescuedesk.cli") == level("rescuedesk.ui.app") > level("rescuedesk.services")


def qt_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return [n for n in names if n.split(".")[0] in {"PySide6", "PyQt5", "PyQt6", "shiboken6"}]


def test_nothing_outside_ui_imports_qt() -> None:
    offenders = {
        str(p.relative_to(PACKAGE)): qt_imports(p)
        for p in PACKAGE.rglob("*.py")
        if "ui" not in p.relative_to(PACKAGE).parts[:1] and qt_imports(p)
    }
    assert offenders == {}


def test_the_check_sees_qt_in_ui() -> None:
    assert qt_imports(PACKAGE / "ui" / "app.py")
