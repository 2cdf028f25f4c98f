"""Bad input at the command line: exit status 2, one clear line on stderr naming the problem,
no file left half-written, and the audit of what was shown kept.

Each case runs the real ``rescuedesk`` command as another process, on SQLite and on
PostgreSQL where the database matters.
"""

from __future__ import annotations

import io
import os
import shlex
import stat
import subprocess
import sys
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select

from rescuedesk.models import AuditEvent
from rescuedesk.services.office import vault
from tests.conftest import ENGINES
from tests.entry.conftest import ADMIN_PASSWORD, CliResult, office_with_accounts, run_cli

ROOT_PASSWORD = ADMIN_PASSWORD  # the first administrator office_with_accounts adds (root)
SUP_PASSWORD = "主管的-长密码-2026"
LEDGER_HEADER = "姓名,性別,身份證號,出生日期,解救日期,接收日期\n"
LEDGER_ROW = "張小紅,女,,2001-03-04,2024-01-02,2024-01-03\n"


@dataclass(frozen=True)
class Office:
    """A database with demo cases, an administrator (root) and a supervisor (sup)."""

    url: str
    engine: str

    def run(self, *args: str, user: str = "sup", stdin: str | None = None) -> CliResult:
        password = ROOT_PASSWORD if user == "root" else SUP_PASSWORD
        return run_cli(["--db", self.url, "--user", user, *args], password=password, stdin=stdin)

    def audit_events(self, action: str) -> int:
        db = vault.open_database(self.url, "root", ROOT_PASSWORD)
        try:
            with db.read_session() as s:
                return s.scalar(
                    select(func.count(AuditEvent.id)).where(AuditEvent.action == action)
                )
        finally:
            db.dispose()


@pytest.fixture(scope="module", params=ENGINES)
def office(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Office:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('office') / 'office.sqlite3'}"
    else:
        url = request.getfixturevalue("pg_databases").create(f"rd_cli_{uuid.uuid4().hex[:12]}")
    for args in (["db", "upgrade"], ["demo-data", "--persons", "30", "--seed", "5"]):
        result = run_cli(["--db", url, *args])
        assert result.code == 0, result.err
    office_with_accounts(url, {"sup": ("supervisor", "HLJ-HRB", SUP_PASSWORD)})
    return Office(url, request.param)


def assert_one_line(result: CliResult, *needles: str) -> None:
    """Exit 2 and a single line on stderr, no traceback, naming every needle."""
    assert result.code == 2, (result.code, result.err)
    assert "Traceback" not in result.err
    assert len(result.err.strip().splitlines()) == 1, result.err
    for needle in needles:
        assert needle in result.err, (needle, result.err)


# --- the database given with --db ---------------------------------------------------------


def test_missing_database_file_is_refused_not_created(tmp_path: Path) -> None:
    path = tmp_path / "typo.sqlite3"
    result = run_cli(["--db", str(path), "case", "list"])
    assert_one_line(result, str(path), "db upgrade")
    assert not path.exists()


def test_a_new_database_is_still_created_by_db_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    assert run_cli(["--db", str(path), "db", "upgrade"]).code == 0
    assert path.exists()
    assert run_cli(["--db", str(path), "db", "current"]).code == 0


def test_database_that_is_a_directory(tmp_path: Path) -> None:
    result = run_cli(["--db", "sqlite:////", "case", "list"])
    assert_one_line(result, "目录")


@pytest.mark.parametrize(
    ("url", "needle"),
    [("mysql://someone@dbhost/cases", "mysql"), ("postgresql+asyncpg://u@h/db", "asyncpg")],
)
def test_unsupported_kind_of_database(url: str, needle: str) -> None:
    assert_one_line(run_cli(["--db", url, "case", "list"]), needle, "PostgreSQL")


# --- demo data ----------------------------------------------------------------------------


def test_demo_data_has_a_ceiling(tmp_path: Path) -> None:
    path = tmp_path / "demo.sqlite3"
    result = run_cli(["--db", str(path), "demo-data", "--persons", "99999999999"], timeout=60)
    assert_one_line(result, "--persons", "2000000")
    assert not path.exists()


# --- import -------------------------------------------------------------------------------


def test_import_of_a_directory(office: Office, tmp_path: Path) -> None:
    folder = tmp_path / "ledgers"
    folder.mkdir()
    assert_one_line(office.run("import", str(folder)), str(folder), "目录")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_import_of_an_unreadable_file(office: Office, tmp_path: Path) -> None:
    path = tmp_path / "ledger.csv"
    path.write_text(LEDGER_HEADER + LEDGER_ROW, encoding="utf-8")
    path.chmod(0)
    assert_one_line(office.run("import", str(path), "--dry-run"), str(path), "读取")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_output_into_a_read_only_directory(office: Office, tmp_path: Path) -> None:
    folder = tmp_path / "read-only"
    folder.mkdir(mode=0o555)
    result = office.run("ledger", "--out", str(folder / "台账.xlsx"))
    assert_one_line(result, str(folder), "不可写入")
    assert list(folder.iterdir()) == []


def _real_xlsx() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["姓名", "性别", "解救日期", "接收日期"])
    for n in range(200):
        sheet.append([f"张{n}", "女", "2024-01-02", "2024-01-03"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("damage", ["not_a_zip", "truncated", "zip_without_workbook"])
def test_import_of_a_damaged_xlsx(office: Office, tmp_path: Path, damage: str) -> None:
    path = tmp_path / "台账.xlsx"
    if damage == "not_a_zip":
        path.write_text("姓名,性别\n张三,女\n", encoding="utf-8")
    elif damage == "truncated":
        path.write_bytes(_real_xlsx()[:3000])
    else:
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("hello.txt", "not a workbook")
    result = office.run("import", str(path), "--dry-run")
    assert_one_line(result, str(path), "XLSX")
    assert not path.with_name(path.name + ".problems.xlsx").exists()


@pytest.mark.parametrize("encoding", ["big5", "gb18030", "utf-8-sig"])
def test_import_csv_in_chinese_encodings(office: Office, tmp_path: Path, encoding: str) -> None:
    text = LEDGER_HEADER + LEDGER_ROW
    if encoding != "big5":  # Big5 is traditional script; the mainland encodings simplified
        text = text.translate(str.maketrans("別證號張紅", "别证号张红"))
    path = tmp_path / "ledger.csv"
    path.write_bytes(text.encode(encoding))
    result = office.run("import", str(path), "--dry-run")
    assert result.code == 0, result.err
    assert "读取 1 行" in result.out and "检查成功 1 行" in result.out, result.out


def test_import_csv_in_no_known_encoding(office: Office, tmp_path: Path) -> None:
    path = tmp_path / "ledger.csv"
    path.write_bytes((LEDGER_HEADER + LEDGER_ROW).encode("utf-16"))
    assert_one_line(office.run("import", str(path), "--dry-run"), str(path), "GB18030", "Big5")


# --- output files -------------------------------------------------------------------------


def _open_case(office: Office) -> str:
    listing = office.run("case", "list", "--stage", "placement", "--limit", "1")
    assert listing.code == 0, listing.err
    return listing.out.split("\t")[0]


@pytest.mark.parametrize("command", ["ledger", "report", "export", "letter"])
def test_output_into_a_missing_directory(office: Office, tmp_path: Path, command: str) -> None:
    missing = tmp_path / "no-such-dir"
    args = {
        "ledger": ["ledger", "--out", str(missing / "台账.xlsx")],
        "report": ["report", "annual", "--year", "2025", "--out", str(missing / "r.pdf")],
        "export": [
            "export",
            "deidentified",
            "--passphrase-stdin",
            "--out",
            str(missing / "e.csv"),
        ],
        "letter": ["letter", "--case", "", "--to", "hospital", "--out", str(missing / "l.pdf")],
    }[command]
    if command == "letter":
        args[2] = _open_case(office)
        args += ["--override-reason", "紧急就医"]
    result = office.run(*args, stdin="化名口令-长-2026\n")
    assert_one_line(result, str(missing))
    assert not missing.exists()


def test_ledger_password_stdin_without_a_password(office: Office, tmp_path: Path) -> None:
    out = tmp_path / "台账.xlsx"
    result = office.run("ledger", "--out", str(out), "--password-stdin", stdin="")
    assert_one_line(result, "密码")
    assert list(tmp_path.iterdir()) == []


# --- backup -------------------------------------------------------------------------------


def test_backup_and_its_keys_are_private(office: Office, tmp_path: Path) -> None:
    out = tmp_path / "copy.bak"
    old = os.umask(0o022)  # the usual umask: files come out 0644 unless made private
    try:
        result = office.run("backup", "--out", str(out), user="root")
    finally:
        os.umask(old)
    assert result.code == 0, result.err
    written = [p for p in tmp_path.iterdir()]
    assert out in written
    if office.engine == "sqlite":
        assert out.with_name(out.name + ".keys") in written
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


# --- a closed pipe ------------------------------------------------------------------------


def test_case_list_into_a_closed_pipe_keeps_the_audit(office: Office) -> None:
    """`rescuedesk case list | head`: the reader goes away; the command ends quietly and the
    audit of the listing stays."""
    before = office.audit_events("list")
    command = shlex.join(
        [sys.executable, "-m", "rescuedesk", "--db", office.url, "--user", "sup", "case", "list"]
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("RESCUEDESK_")}
    env["RESCUEDESK_PASSWORD"] = SUP_PASSWORD
    # head -n 0 exits at once, so the listing is written into a pipe nobody reads.
    proc = subprocess.run(
        ["bash", "-c", f"set -o pipefail; {command} | head -n 0"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.stderr == ""
    assert proc.returncode == 141  # 128 + SIGPIPE, as the shell reports for any Unix tool
    assert office.audit_events("list") == before + 1


@pytest.fixture(autouse=True)
def _no_stray_files(tmp_path: Path) -> Iterator[None]:
    yield
    assert not [p for p in tmp_path.rglob("*.part")]


def test_case_list_limit_names_the_option(tmp_path: Path) -> None:
    result = run_cli(["--db", str(tmp_path / "x.sqlite3"), "case", "list", "--limit", "100000"])
    assert_one_line(result, "--limit", "500")


def test_letter_types_needs_no_database(tmp_path: Path) -> None:
    path = tmp_path / "none.sqlite3"
    result = run_cli(["--db", str(path), "letter-types"])
    assert result.code == 0 and "hospital" in result.out
    assert not path.exists()
