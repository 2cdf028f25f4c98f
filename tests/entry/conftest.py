"""Tests at the door a user comes through: the `rescuedesk` command run as a subprocess.

Every promise to a user is proved here through the entry point the user takes (the CLI as
another process, the GUI through its log-in dialog), on both engines, never through a
service function alone.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

ADMIN = "root"
ADMIN_PASSWORD = "管理员的-长密码-2026"


@dataclass(frozen=True)
class CliResult:
    code: int
    out: str
    err: str


CliRunner = Callable[..., CliResult]


def run_cli(
    args: Sequence[str],
    *,
    password: str | None = None,
    stdin: str | None = None,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 180,
) -> CliResult:
    """Run ``python -m rescuedesk ARGS`` as a separate process, as a script would."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("RESCUEDESK_")}
    if "RESCUEDESK_DATA_DIR" in os.environ:  # the tests' own (tests/conftest.py)
        full_env["RESCUEDESK_DATA_DIR"] = os.environ["RESCUEDESK_DATA_DIR"]
    if "RESCUEDESK_CONFIG_DIR" in os.environ:  # where the chosen database is remembered
        full_env["RESCUEDESK_CONFIG_DIR"] = os.environ["RESCUEDESK_CONFIG_DIR"]
    # The test server's URL stays available to commands that are given it explicitly.
    full_env["PYTHONIOENCODING"] = "utf-8"
    full_env["QT_QPA_PLATFORM"] = "offscreen"
    if password is not None:
        full_env["RESCUEDESK_PASSWORD"] = password
    full_env.update(env or {})
    proc = subprocess.run(
        [sys.executable, "-m", "rescuedesk", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=full_env,
        cwd=cwd,
        timeout=timeout,
    )
    return CliResult(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def cli() -> CliRunner:
    return run_cli


def add_account(
    url: str,
    name: str,
    role: str,
    password: str,
    *,
    unit: str | None = None,
    by: str | None = ADMIN,
    env: dict[str, str] | None = None,
) -> CliResult:
    """``rescuedesk user add NAME --role ROLE [--unit UNIT] --password-stdin``, logged in as
    the administrator ``by``; ``by=None`` for the first administrator, whom nobody adds."""
    args = ["--db", url, *(["--user", by] if by else []), "user", "add", name, "--role", role]
    args += ["--unit", unit] if unit else []
    return run_cli(
        [*args, "--password-stdin"],
        password=ADMIN_PASSWORD if by else None,
        stdin=password + "\n",
        env=env,
    )


def add_first_admin(
    url: str, password: str = ADMIN_PASSWORD, env: dict[str, str] | None = None
) -> CliResult:
    """The office's first administrator (root) through the command: on an embedded file it
    is the step that encrypts it."""
    return add_account(url, ADMIN, "admin", password, by=None, env=env)


# name: (role, unit code or None, password)
Accounts = Mapping[str, tuple[str, str | None, str]]


def office_with_accounts(url: str, accounts: Accounts) -> None:
    """The first administrator, then ``accounts`` added by it, each through the command;
    every step must succeed."""
    done = add_first_admin(url)
    assert done.code == 0, done.err
    for name, (role, unit, password) in accounts.items():
        done = add_account(url, name, role, password, unit=unit)
        assert done.code == 0, done.err
