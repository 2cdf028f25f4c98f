"""The five long operations show their progress on stderr (issue #16), run as the
`rescuedesk` command by the roles that use them, on both engines: the de-identified export
and the annual report (a statistician), the ledger (a unit's supervisor), a backup and
`audit verify` (the administrator). stderr is not a terminal here, so each prints whole
lines (a line every tenth), ending at 100 %; the output is still the whole of it.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from rescuedesk.db import Database
from rescuedesk.models import Case, Person, Unit
from rescuedesk.services.demo import demo_data
from rescuedesk.services.office.context import Actor
from tests.entry.conftest import ADMIN, ADMIN_PASSWORD, CliResult, CliRunner, office_with_accounts

UNIT = "HLJ-HRB"
YEAR = 2025
PASSWORD = "进度-统计-长密码-2026"
ACCOUNTS = {
    "stat_all": ("statistician", None, PASSWORD),
    "sup_hrb": ("supervisor", UNIT, PASSWORD),
}


def _progress(result: CliResult, doing: str) -> list[tuple[int, int]]:
    """The (done, total) of each progress line ``doing`` printed on stderr."""
    found = [
        (int(m[1]), int(m[2]))
        for m in re.finditer(rf"^{doing} (\d+)/(\d+)（(\d+)%）$", result.err, re.MULTILINE)
    ]
    assert found, result.err
    assert "\r" not in result.err  # not a terminal: lines, not rewrites
    return found


def _ends_whole(lines: list[tuple[int, int]]) -> None:
    done, total = lines[-1]
    assert done == total > 0, lines


@pytest.mark.slow
def test_long_operations_print_progress_and_write_everything(
    db_url: str, cli: CliRunner, tmp_path: Path
) -> None:
    db = Database(db_url)
    try:
        with db.write_session() as s:
            demo_data.generate(s, Actor.system("t"), 120, seed=16)
        with db.read_session() as s:
            cases = s.scalar(
                select(func.count(Case.id))
                .join(Person, Person.id == Case.person_id)
                .where(Person.merged_into_id.is_(None))
            )
            unit_cases = s.scalar(
                select(func.count(Case.id))
                .join(Unit, Unit.id == Case.unit_id)
                .where(Unit.code == UNIT)
            )
    finally:
        db.dispose()
    office_with_accounts(db_url, ACCOUNTS)

    def run(user: str, *args: str, stdin: str | None = None) -> CliResult:
        password = ADMIN_PASSWORD if user == ADMIN else PASSWORD
        return cli(["--db", db_url, "--user", user, *args], password=password, stdin=stdin)

    out = tmp_path / "export.csv"
    done = run(
        "stat_all",
        *("export", "deidentified", "--k", "2", "--l", "1", "--suppression-limit", "50"),
        *("--out", str(out), "--passphrase-stdin"),
        stdin="化名口令-研究-2026\n",
    )
    assert done.code == 0, done.err
    lines = _progress(done, "导出中")
    assert (cases, cases) in lines  # every case read
    report = json.loads((tmp_path / "export.csv.report.json").read_text(encoding="utf-8"))
    assert report["rows_in"] == cases
    assert len(out.read_text(encoding="utf-8-sig").splitlines()) - 1 == report["rows_out"]
    _ends_whole(lines)

    out = tmp_path / "annual.xlsx"
    done = run("stat_all", "report", "annual", "--year", str(YEAR), "--out", str(out))
    assert done.code == 0, done.err
    _ends_whole(_progress(done, "统计中"))
    assert out.stat().st_size > 0

    out = tmp_path / "ledger.xlsx"
    done = run("sup_hrb", "ledger", "--out", str(out))
    assert done.code == 0, done.err
    lines = _progress(done, "导出台账中")
    assert lines[-1] == (unit_cases, unit_cases)
    book = load_workbook(io.BytesIO(out.read_bytes()), read_only=True)
    assert sum(1 for _ in book["台账"].iter_rows(min_row=2)) == unit_cases

    out = tmp_path / ("backup.sqlite3" if db_url.startswith("sqlite") else "backup.dump")
    done = run(ADMIN, "backup", "--out", str(out))
    assert done.code == 0, done.err
    _ends_whole(_progress(done, "备份中"))
    assert out.stat().st_size > 0
    if db_url.startswith("sqlite"):  # the copy's check: a stage of its own after the 100 %
        lines = done.err.splitlines()
        whole = max(i for i, line in enumerate(lines) if line.startswith("备份中 "))
        assert "（100%）" in lines[whole] and lines[whole + 1 :] == ["校验备份中…"], done.err

    done = run(ADMIN, "audit", "verify")
    assert done.code == 0, done.err
    lines = _progress(done, "校验中")
    _ends_whole(lines)
    events = int(re.search(r"共 (\d+) 条", done.out)[1])  # type: ignore[index]
    assert lines[-1] == (events, events)
