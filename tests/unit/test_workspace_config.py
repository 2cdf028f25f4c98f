"""Where the database is found (config.py) and what db.py may import (issue #12, item 2)."""

from __future__ import annotations

import ast
import configparser
from pathlib import Path

import pytest

from rescuedesk import config

PACKAGE = Path(__file__).resolve().parents[2] / "rescuedesk"


@pytest.fixture(autouse=True)
def _config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("RESCUEDESK_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("RESCUEDESK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv(config.DB_ENV, raising=False)
    return tmp_path / "config"


def test_the_remembered_url_is_a_plain_file_without_the_password() -> None:
    config.remember_db_url("postgresql+psycopg://desk:s3cret@db.example:5432/office")

    parser = configparser.ConfigParser(interpolation=None)
    parser.read(config.workspace_file(), encoding="utf-8")
    stored = parser["database"]["url"]
    assert "s3cret" not in stored and stored.startswith("postgresql+psycopg://desk@db.example")
    assert config.remembered_db_url() == stored


def test_explicit_then_environment_then_remembered_then_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    default = config.sqlite_url(config.default_sqlite_path())
    assert config.chosen_db_url(None) is None  # a first start: the wizard asks
    assert config.resolve_db_url(None) == default
    config.default_sqlite_path().parent.mkdir(parents=True)
    config.default_sqlite_path().touch()
    assert config.chosen_db_url(None) == default
    config.remember_db_url(config.sqlite_url(tmp_path / "remembered.sqlite3"))
    assert config.resolve_db_url(None).endswith("remembered.sqlite3")
    monkeypatch.setenv(config.DB_ENV, str(tmp_path / "env.sqlite3"))
    assert config.resolve_db_url(None).endswith("env.sqlite3")
    assert config.resolve_db_url(str(tmp_path / "given.sqlite3")).endswith("given.sqlite3")


def test_a_percent_sign_in_the_url_is_kept_as_it_is() -> None:
    url = "postgresql+psycopg://desk@db.example/office%25two"
    config.remember_db_url(url)
    assert config.remembered_db_url() == url


def _imported_modules(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def test_db_imports_nothing_from_security() -> None:
    """The caller that knows the SQLCipher key hands db.py the way to open the file."""
    imported = _imported_modules(PACKAGE / "db.py")
    assert [
        n for n in imported if n.startswith(("rescuedesk.security", "rescuedesk.services"))
    ] == []
