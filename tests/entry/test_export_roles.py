"""The de-identified export and the annual report, run as the `rescuedesk` command by the
roles that use them, on both engines.

A statistician of a unit and a supervisor get their own unit's cases only (a supervisor of a
county-level station: that station); a statistician without a unit gets every unit's; a
caseworker and an administrator are refused with exit status 2, a message, and no file.
Until now every export in the tests ran as a system actor, which sees everything.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from rescuedesk.db import Database
from rescuedesk.models import Case, Person, Unit
from rescuedesk.services.demo import demo_data
from rescuedesk.services.office.context import Actor
from tests.entry.conftest import ADMIN, ADMIN_PASSWORD, CliResult, CliRunner, office_with_accounts

YEAR = 2025
UNIT = "HLJ-HRB"  # a county-level station (230102): its supervisor's reach is itself
PASSWORD = "统计-春天-长密码-2026"
ACCOUNTS = {  # name: (role, unit, password)
    "stat_hrb": ("statistician", UNIT, PASSWORD),
    "stat_all": ("statistician", None, PASSWORD),
    "sup_hrb": ("supervisor", UNIT, PASSWORD),
    "cw_hrb": ("caseworker", UNIT, PASSWORD),
}


def _counts(url: str) -> dict[str, dict[str | None, int]]:
    """What each scope holds, counted before the accounts encrypt the database."""
    db = Database(url)
    try:
        with db.write_session() as s:
            demo_data.generate(s, Actor.system("t"), 240, seed=7)
        with db.read_session() as s:
            cases = dict(
                s.execute(
                    select(Unit.code, func.count(Case.id))
                    .join(Unit, Unit.id == Case.unit_id)
                    .join(Person, Person.id == Case.person_id)
                    .where(Person.merged_into_id.is_(None))
                    .group_by(Unit.code)
                ).all()
            )
            in_year = Case.intake_date.between(dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31))
            persons = dict(
                s.execute(
                    select(Unit.code, func.count(func.distinct(Case.person_id)))
                    .join(Unit, Unit.id == Case.unit_id)
                    .where(in_year)
                    .group_by(Unit.code)
                ).all()
            )
            persons[None] = s.scalar(
                select(func.count(func.distinct(Case.person_id))).where(in_year)
            )
    finally:
        db.dispose()
    cases[None] = sum(cases.values())
    return {"cases": cases, "persons": persons}


def _export(cli: CliRunner, url: str, user: str, out: Path) -> CliResult:
    password = ADMIN_PASSWORD if user == ADMIN else PASSWORD
    args = ["--db", url, "--user", user, "export", "deidentified", "--k", "2", "--l", "1"]
    args += ["--suppression-limit", "50", "--out", str(out), "--passphrase-stdin"]
    # No OS keyring here: the pseudonym passphrase comes on stdin.
    return cli(args, password=password, stdin="化名口令-研究-2026\n")


def _report(cli: CliRunner, url: str, user: str, out: Path) -> CliResult:
    password = ADMIN_PASSWORD if user == ADMIN else PASSWORD
    args = ["--db", url, "--user", user, "report", "annual", "--year", str(YEAR), "--out", str(out)]
    return cli(args, password=password)


def _grand_total(xlsx: Path) -> int:
    book = load_workbook(io.BytesIO(xlsx.read_bytes()))
    rows = list(book[book.sheetnames[0]].iter_rows(values_only=True))
    total = rows[-1][-1]
    assert isinstance(total, int), total  # a scope this large is never a small cell
    return total


def _refused(result: CliResult, out: Path) -> None:
    assert result.code == 2, (result.code, result.err)
    assert result.err.strip(), "a refusal says why"
    assert "Traceback" not in result.err
    assert not out.exists()


@pytest.mark.slow
def test_exports_and_reports_follow_the_role_and_unit(
    db_url: str, cli: CliRunner, tmp_path: Path
) -> None:
    counts = _counts(db_url)
    assert 0 < counts["cases"][UNIT] < counts["cases"][None]  # the scopes differ
    office_with_accounts(db_url, ACCOUNTS)

    # The de-identified export: rows_in is what the role's scope holds.
    for user, scope in (("stat_hrb", UNIT), ("sup_hrb", UNIT), ("stat_all", None)):
        out = tmp_path / f"{user}.csv"
        result = _export(cli, db_url, user, out)
        assert result.code == 0, result.err
        report = json.loads((tmp_path / f"{user}.csv.report.json").read_text(encoding="utf-8"))
        assert report["rows_in"] == counts["cases"][scope], user
        lines = out.read_text(encoding="utf-8-sig").splitlines()
        assert len(lines) - 1 == report["rows_out"] <= report["rows_in"]
    for user in ("cw_hrb", ADMIN):
        out = tmp_path / f"{user}.csv"
        _refused(_export(cli, db_url, user, out), out)

    # The annual report: the grand total of new registrations is the scope's.
    for user, scope in (("sup_hrb", UNIT), ("stat_hrb", UNIT), ("stat_all", None)):
        out = tmp_path / f"{user}.xlsx"
        result = _report(cli, db_url, user, out)
        assert result.code == 0, result.err
        assert _grand_total(out) == counts["persons"][scope], user
    for user in ("cw_hrb", ADMIN):
        out = tmp_path / f"{user}-report.xlsx"
        _refused(_report(cli, db_url, user, out), out)
