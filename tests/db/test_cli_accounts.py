"""Accounts on the command line: user add, log-in with RESCUEDESK_PASSWORD, audit verify."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tests.db.test_cli import run

GOOD = "救助站-春天-2026"


def _add(  # type: ignore[no-untyped-def]
    capsys, monkeypatch, url: str, name: str, role: str, *, stdin: str, unit: str = "", by: str = ""
) -> tuple[int, str, str]:
    """`user add NAME --role ROLE [--unit UNIT] --password-stdin`, as BY when given."""
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    args = ["--user", by] if by else []
    args += ["user", "add", name, "--role", role]
    args += ["--unit", unit] if unit else []
    return run(capsys, "--db", url, *args, "--password-stdin")


def test_accounts_gate_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = str(tmp_path / "office.sqlite3")
    monkeypatch.delenv("RESCUEDESK_PASSWORD", raising=False)
    # Before any account: demo data may be loaded by the OS user.
    assert run(capsys, "--db", url, "demo-data", "--persons", "30")[0] == 0
    code, _, err = _add(
        capsys, monkeypatch, url, "cw", "caseworker", unit="HLJ-HRB", stdin=GOOD + "\n"
    )
    assert code == 2 and "管理员" in err
    code, _, err = _add(capsys, monkeypatch, url, "root", "admin", stdin=f"{GOOD}\n{GOOD}x\n")
    assert code == 2 and "不一致" in err
    code, out, _ = _add(capsys, monkeypatch, url, "root", "admin", stdin=f"{GOOD}\n{GOOD}\n")
    assert code == 0 and "root" in out
    # From now on every command that reads personal data needs a checked log-in.
    code, _, err = run(capsys, "--db", url, "case", "list")
    assert code == 2 and "--user" in err
    monkeypatch.setenv("RESCUEDESK_PASSWORD", GOOD)
    code, _, err = _add(
        capsys, monkeypatch, url, "cw1", "caseworker", by="root", stdin="另一个-长密码-99\n"
    )
    assert code == 2 and "单位" in err
    code, _, err = _add(
        capsys,
        monkeypatch,
        url,
        "cw1",
        "caseworker",
        unit="hlj-hrb",
        by="root",
        stdin="另一个-长密码-99\n",
    )
    assert code == 0, err
    code, _, err = run(capsys, "--db", url, "--user", "root", "case", "list")
    assert code == 2 and "管理员" not in err  # an administrator reads no case files
    monkeypatch.setenv("RESCUEDESK_PASSWORD", "wrong-password")
    code, _, err = run(capsys, "--db", url, "--user", "cw1", "case", "list")
    assert code == 2 and "不正确" in err
    monkeypatch.setenv("RESCUEDESK_PASSWORD", "另一个-长密码-99")
    code, out, _ = run(capsys, "--db", url, "--user", "cw1", "case", "list")
    assert (code, out) == (0, "")  # a new caseworker has no cases of their own yet
    monkeypatch.setenv("RESCUEDESK_PASSWORD", GOOD)
    code, _, err = _add(
        capsys,
        monkeypatch,
        url,
        "sup",
        "supervisor",
        unit="HLJ-HRB",
        by="root",
        stdin="主管的-长密码-2026\n",
    )
    assert code == 0, err
    monkeypatch.setenv("RESCUEDESK_PASSWORD", "主管的-长密码-2026")
    code, out, _ = run(capsys, "--db", url, "--user", "sup", "case", "list")
    assert code == 0 and 0 < len(out.splitlines()) < 30  # the unit's cases only
    assert all(line.startswith("HLJ-HRB-") for line in out.splitlines())
    code, _, err = run(capsys, "--db", url, "--user", "cw1", "audit", "verify")
    assert code == 2  # caseworkers do not read the audit trail
    monkeypatch.setenv("RESCUEDESK_PASSWORD", GOOD)
    code, out, _ = run(capsys, "--db", url, "--user", "root", "audit", "verify")
    assert code == 0 and "完整" in out


def test_audit_verify_exits_1_on_a_broken_chain(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlite3

    url = str(tmp_path / "x.sqlite3")
    assert run(capsys, "--db", url, "demo-data", "--persons", "5")[0] == 0
    assert run(capsys, "--db", url, "audit", "verify")[0] == 0
    conn = sqlite3.connect(tmp_path / "x.sqlite3")
    conn.execute("DROP TRIGGER audit_event_no_update")
    conn.execute("UPDATE audit_event SET reason = 'changed' WHERE id = 2")
    conn.commit()
    conn.close()
    code, _, err = run(capsys, "--db", url, "audit", "verify")
    assert code == 1 and "第 2 条" in err
