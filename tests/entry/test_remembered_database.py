"""The command and the GUI open the same database by default (issue #12, item 2).

The first-start wizard remembers its choice in a plain config file (config.py); a
``rescuedesk`` command without --db opens that database, not the default file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rescuedesk import config
from rescuedesk.db import head_revision
from tests.entry.conftest import CliRunner


def _make_database(cli: CliRunner, path: Path, env: dict[str, str]) -> None:
    made = cli(["--db", str(path), "db", "upgrade"], env=env)
    assert made.code == 0, made.err


def test_a_command_without_db_opens_the_database_the_first_start_chose(
    tmp_path: Path, cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir, config_dir = tmp_path / "data", tmp_path / "config"
    env = {"RESCUEDESK_DATA_DIR": str(data_dir), "RESCUEDESK_CONFIG_DIR": str(config_dir)}
    chosen = tmp_path / "shared-drive" / "office.sqlite3"
    _make_database(cli, chosen, env)
    monkeypatch.setenv("RESCUEDESK_CONFIG_DIR", str(config_dir))
    config.remember_db_url(config.sqlite_url(chosen))  # what the wizard's database page calls

    current = cli(["db", "current"], env=env)

    assert current.code == 0, current.err
    assert current.out.strip() == head_revision()
    assert not config.default_sqlite_path().exists()
    assert not (data_dir / "rescuedesk.sqlite3").exists()  # the default file was not made


def test_the_choice_lives_in_the_users_config_folder(
    tmp_path: Path, cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the tests' override the file is where platformdirs puts a user's settings
    (XDG_CONFIG_HOME on Linux), so the GUI and every command find the same one."""
    xdg = tmp_path / "xdg-config"
    env = {"RESCUEDESK_DATA_DIR": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(xdg)}
    monkeypatch.delenv("RESCUEDESK_CONFIG_DIR", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(xdg))
    chosen = tmp_path / "office.sqlite3"
    _make_database(cli, chosen, env)
    config.remember_db_url(config.sqlite_url(chosen))
    assert config.workspace_file().is_relative_to(xdg)

    current = cli(["db", "current"], env={**env, "RESCUEDESK_CONFIG_DIR": ""})

    assert current.code == 0, current.err
    assert current.out.strip() == head_revision()


def test_db_and_the_environment_still_win_over_the_remembered_choice(
    tmp_path: Path, cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    config_dir = tmp_path / "config"
    env = {"RESCUEDESK_DATA_DIR": str(tmp_path / "data"), "RESCUEDESK_CONFIG_DIR": str(config_dir)}
    monkeypatch.setenv("RESCUEDESK_CONFIG_DIR", str(config_dir))
    remembered = tmp_path / "remembered.sqlite3"
    _make_database(cli, remembered, env)
    config.remember_db_url(config.sqlite_url(remembered))
    typo = tmp_path / "typo.sqlite3"

    by_option = cli(["--db", str(typo), "db", "current"], env=env)
    by_env = cli(["db", "current"], env={**env, "RESCUEDESK_DB": str(typo)})

    for result in (by_option, by_env):
        assert result.code == 2 and str(typo) in result.err, result.err
    assert not typo.exists()
