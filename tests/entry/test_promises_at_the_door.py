"""docs/security.md names, for each promise, the test that proves it at the user's door.

A promise is proved only through the entry point the user takes (issue #11): this test fails
when a test named there does not exist, or when its file goes through no door — the
`rescuedesk` command as another process, the log-in dialog, or `vault.log_in`."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "security.md"
SECTION = "## Promises and the tests at the door"
CITED = re.compile(r"`(tests/[\w/]+\.py)::(\w+)`")
# "log_in: LogIn" is the fixture of tests/ui/conftest.py that types into the real LoginDialog
# (checked below), so a GUI test that takes it goes through the log-in dialog.
DOORS = ("run_cli", "cli: CliRunner", "LoginDialog", "vault.log_in", "subprocess", "log_in: LogIn")
UI_CONFTEST = ROOT / "tests" / "ui" / "conftest.py"


def _cited() -> list[tuple[str, str]]:
    text = DOC.read_text(encoding="utf-8")
    assert SECTION in text, f"{DOC.name} has lost its section {SECTION!r}"
    section = text.split(SECTION, 1)[1].split("\n## ", 1)[0]
    return CITED.findall(section)


def test_the_promises_name_their_tests() -> None:
    assert len(_cited()) >= 20


def test_every_named_test_exists_and_goes_through_a_door() -> None:
    for path, name in _cited():
        source = (ROOT / path).read_text(encoding="utf-8")
        assert re.search(rf"^def {name}\(", source, re.M), f"{path}::{name} does not exist"
        assert any(door in source for door in DOORS), (
            f"{path} proves a promise without going through a door a user takes "
            "(the command as a process, the log-in dialog or vault.log_in)"
        )


def test_the_log_in_fixture_types_into_the_log_in_dialog() -> None:
    source = UI_CONFTEST.read_text(encoding="utf-8")
    fixture = source.split("def log_in(", 1)[1].split("\n@", 1)[0]
    assert "LoginDialog(" in fixture and ".setText(" in fixture
