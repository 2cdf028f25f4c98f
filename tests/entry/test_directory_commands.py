"""The office's directory from the command line (issue #14, item 7): a database made with
`rescuedesk` alone had no unit, so no supervisor could be added and nothing imported.

`unit add CODE --name NAME --kind KIND --division CODE`, `unit list`, `user list` and
`user disable|enable|reset NAME`, each run as a subprocess on both engines, logged in as
the administrator; a supervisor is refused."""

from __future__ import annotations

import pytest

from tests.entry.conftest import (
    ADMIN,
    ADMIN_PASSWORD,
    CliRunner,
    add_account,
    add_first_admin,
)

ENGINES = pytest.mark.parametrize("empty_db_url", ["sqlite", "postgresql"], indirect=True)
SUP, SUP_PASSWORD, NEW_PASSWORD = "wang", "主管的-长密码-2026", "重设后的-长密码-2027"


def _as_admin(cli: CliRunner, url: str, *args: str, stdin: str | None = None):  # type: ignore[no-untyped-def]
    return cli(["--db", url, "--user", ADMIN, *args], password=ADMIN_PASSWORD, stdin=stdin)


@ENGINES
def test_a_database_made_from_the_command_line_gets_units_and_staff(
    empty_db_url: str, cli: CliRunner
) -> None:
    url = empty_db_url
    assert add_first_admin(url).code == 0

    # Before the unit exists the supervisor cannot be added: the message says which unit.
    refused = add_account(url, SUP, "supervisor", SUP_PASSWORD, unit="HRB-JZZ")
    assert refused.code == 2 and "HRB-JZZ" in refused.err, refused.err

    added = _as_admin(cli, url, "unit", "add", "hrb-jzz", "--name", "哈尔滨市救助管理站",
                      "--kind", "assistance_station", "--division", "230100")  # fmt: skip
    assert added.code == 0, added.err
    assert "HRB-JZZ" in added.out and "黑龙江省哈尔滨市" in added.out, added.out
    # The division may be given by name too: the place resolver names one place.
    by_name = _as_admin(cli, url, "unit", "add", "LA-FL", "--name", "六安市妇联",
                        "--kind", "womens_federation", "--division", "安徽六安")  # fmt: skip
    assert by_name.code == 0, by_name.err

    listed = _as_admin(cli, url, "unit", "list")
    assert listed.code == 0, listed.err
    rows = [line.split("\t") for line in listed.out.splitlines()]
    assert [r[0] for r in rows] == ["HRB-JZZ", "LA-FL"]
    assert rows[0][1:4] == ["哈尔滨市救助管理站", "assistance_station", "230100"]
    assert rows[1][3] == "341500" and "六安市" in rows[1][4]

    assert add_account(url, SUP, "supervisor", SUP_PASSWORD, unit="HRB-JZZ").code == 0
    users = _as_admin(cli, url, "user", "list")
    assert users.code == 0, users.err
    by_user = {line.split("\t")[0]: line.split("\t") for line in users.out.splitlines()}
    assert by_user[SUP][1:4] == ["supervisor", "HRB-JZZ", "启用"], users.out
    assert by_user[ADMIN][1] == "admin"


@ENGINES
def test_disable_enable_and_reset_an_account(empty_db_url: str, cli: CliRunner) -> None:
    url = empty_db_url
    assert add_first_admin(url).code == 0
    unit = _as_admin(cli, url, "unit", "add", "HRB", "--name", "哈尔滨市民政局",
                     "--kind", "civil_affairs_bureau", "--division", "230100")  # fmt: skip
    assert unit.code == 0, unit.err
    assert add_account(url, SUP, "supervisor", SUP_PASSWORD, unit="HRB").code == 0
    as_sup = ["--db", url, "--user", SUP, "case", "list"]
    assert cli(as_sup, password=SUP_PASSWORD).code == 0

    # The supervisor may not manage accounts.
    no = cli(["--db", url, "--user", SUP, "user", "disable", ADMIN], password=SUP_PASSWORD)
    assert no.code == 2 and "管理员" in no.err, no.err

    assert _as_admin(cli, url, "user", "disable", SUP).code == 0
    shut = cli(as_sup, password=SUP_PASSWORD)
    # On PostgreSQL the account's row says why; an encrypted file has no slot for it any
    # more, so its password is simply wrong there (nothing told to whoever tries it).
    why = "停用" if url.startswith("postgresql") else "用户名或密码不正确"
    assert shut.code == 2 and why in shut.err, shut.err
    listed = _as_admin(cli, url, "user", "list").out
    assert f"{SUP}\tsupervisor\tHRB\t停用" in listed, listed

    # Disabling dropped the key slot: enabled again, the old password opens nothing (the
    # data stays out of reach of someone who left) until the administrator sets a new one.
    enabled = _as_admin(cli, url, "user", "enable", SUP)
    assert enabled.code == 0 and "user reset" in enabled.out, enabled.out
    assert cli(as_sup, password=SUP_PASSWORD).code == 2

    reset = _as_admin(cli, url, "user", "reset", SUP, "--password-stdin",
                      stdin=f"{NEW_PASSWORD}\n{NEW_PASSWORD}\n")  # fmt: skip
    assert reset.code == 0, reset.err
    assert cli(as_sup, password=SUP_PASSWORD).code == 2  # the old password no longer opens
    assert cli(as_sup, password=NEW_PASSWORD).code == 0  # the new one opens the data too

    # An administrator cannot shut themselves out.
    self_off = _as_admin(cli, url, "user", "disable", ADMIN)
    assert self_off.code == 2 and "自己" in self_off.err, self_off.err


def test_unit_add_refuses_a_bad_kind_and_an_unknown_place(tmp_path, cli: CliRunner) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'office.sqlite3'}"
    assert add_first_admin(url).code == 0
    bad_kind = _as_admin(cli, url, "unit", "add", "X1", "--name", "某站", "--kind", "station",
                         "--division", "230100")  # fmt: skip
    assert bad_kind.code == 2 and "assistance_station" in bad_kind.err, bad_kind.err
    nowhere = _as_admin(cli, url, "unit", "add", "X1", "--name", "某站",
                        "--kind", "other", "--division", "火星")  # fmt: skip
    assert nowhere.code == 2 and "火星" in nowhere.err, nowhere.err
    assert _as_admin(cli, url, "unit", "list").out == ""
