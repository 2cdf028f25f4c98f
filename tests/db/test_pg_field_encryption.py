"""Field encryption on PostgreSQL: what a dump or a raw SELECT gives away, and what the
accounts still see (docs/security.md, "PostgreSQL")."""

from __future__ import annotations

import csv
import datetime as dt
import glob
import io
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import event, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from rescuedesk import clock
from rescuedesk.db import Database
from rescuedesk.errors import DomainError
from rescuedesk.ledger.decisions import Decision
from rescuedesk.ledger.mapping import propose
from rescuedesk.ledger.reader import read_rows
from rescuedesk.models import AuditEvent, FieldKeySlot, FollowUpVisit, Person, PersonKey, User
from rescuedesk.models.enums import Role, Sex
from rescuedesk.security import audit_chain, field_slots
from rescuedesk.security.field_crypto import SealedDataError, state_of
from rescuedesk.services.casefile import case_file, case_queries, cases, records, retention
from rescuedesk.services.casefile.case_queries import CaseFilter, list_cases
from rescuedesk.services.ledger import ledger_file
from rescuedesk.services.office import accounts, audit, settings, vault
from rescuedesk.services.office.accounts import AuthenticationError
from rescuedesk.services.office.context import Actor
from rescuedesk.services.people import persons
from tests.conftest import FIXED_NOW, Staff
from tests.db.test_cli import run
from tests.factories import new_case, valid_id

PG = pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
ROOT_PW = "救助站-春天-2026"
NAME = "标记甲乙丙"
ID_NUMBER = valid_id(dt.date(1999, 3, 4), seq=123)
HEALTH = "MARKERQZX-health"
PROBLEMS = "MARKERQZX-visit-problems"
MARKERS = (NAME, ID_NUMBER, HEALTH, PROBLEMS)


def _pg_dump(url: str) -> bytes:
    exe = shutil.which("pg_dump") or next(iter(glob.glob("/usr/lib/postgresql/*/bin/pg_dump")))
    u = make_url(url)
    args = [exe, "--format=plain", "--no-password", f"--host={u.host}", f"--port={u.port}"]
    args += [f"--username={u.username}", u.database or "postgres"]
    return subprocess.run(args, capture_output=True, check=True).stdout


def _found(data: bytes) -> list[str]:
    """Markers present as text, or as the hex a dump shows of bytea in clear format."""
    return [m for m in MARKERS if m.encode() in data or m.encode().hex().encode() in data]


def _raw_columns(db: Database) -> bytes:
    with db.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT real_name, id_number, health_description FROM person "
                "UNION ALL SELECT problems, notes, actions FROM follow_up_visit "
                "UNION ALL SELECT changes, reason, NULL FROM audit_event"
            )
        ).all()
    return b"\n".join(bytes(v) for row in rows for v in row if v is not None)


def _marked_case(db: Database, staff: Staff) -> tuple[int, int]:
    with db.write_session() as s:
        person = persons.create_person(
            s,
            staff.caseworker,
            {
                "real_name": NAME,
                "sex": Sex.FEMALE,
                "id_number": ID_NUMBER,
                "health_description": HEALTH,
            },
        ).record
    case_id = new_case(db, staff.caseworker, person.id)
    with db.write_session() as s:
        records.add_record(
            s,
            staff.caseworker,
            FollowUpVisit,
            case_id,
            {"planned_date": dt.date(2026, 11, 20), "problems": PROBLEMS},
        )
    return person.id, case_id


def _add_account(url: str, capsys, name: str, role: str, password: str, unit: str | None):  # type: ignore[no-untyped-def]
    args = ["--db", url, "--user", "root", "user", "add", name, "--role", role]
    args += ["--unit", unit] if unit else []
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("RESCUEDESK_PASSWORD", ROOT_PW)
        mp.setattr("sys.stdin", io.StringIO(password + "\n"))
        code, _, err = run(capsys, *args, "--password-stdin")
    assert code == 0, err


@pytest.fixture
def office(db_url: str, db: Database, staff: Staff, capsys) -> Iterator[tuple[str, int, int]]:  # type: ignore[no-untyped-def]
    """A PostgreSQL database with a marked person, then its first account (which seals it)."""
    person_id, case_id = _marked_case(db, staff)
    dump = _pg_dump(db_url)
    assert _found(dump) == list(MARKERS)  # the check can fail: readable before sealing
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("sys.stdin", io.StringIO(ROOT_PW + "\n"))
        code, _, err = run(capsys, "--db", db_url, "user", "add", "root", "--role", "admin",
                           "--password-stdin")  # fmt: skip
    assert code == 0, err
    yield db_url, person_id, case_id


def _logged_in(url: str, user: str, password: str) -> tuple[Database, Actor]:
    db = Database(url)
    return db, vault.log_in(db, user, password)


@PG
def test_dump_and_raw_columns_hold_no_marker(office: tuple[str, int, int], staff: Staff) -> None:
    url, person_id, case_id = office
    assert _found(_pg_dump(url)) == []
    db, _ = _logged_in(url, "root", ROOT_PW)
    try:
        assert _found(_raw_columns(db)) == []
        with db.write_session() as s:  # the caseworker's services see it all
            view = case_file.open_case_file(s, staff.caseworker, case_id, (FollowUpVisit,))
        assert view.person["real_name"] == NAME and view.person["id_number"] == ID_NUMBER
        assert view.person["health_description"] == HEALTH
        assert [v["problems"] for v in view.parts[FollowUpVisit]] == [PROBLEMS]
        # What was written after sealing is sealed too, audit trail included.
        with db.write_session() as s:
            persons.update_person(s, staff.caseworker, person_id, None, {"alias": NAME + "二"})
        assert _found(_pg_dump(url)) == []
        with db.read_session() as s:  # sealing changed how events are stored, not what they say
            assert audit_chain.verify_database(s).intact
    finally:
        db.dispose()


@PG
def test_search_by_prefix_pinyin_initials_and_id_number(
    office: tuple[str, int, int], staff: Staff
) -> None:
    url, *_ = office
    db, _ = _logged_in(url, "root", ROOT_PW)
    try:
        with db.write_session() as s:
            persons.create_person(s, staff.caseworker, {"real_name": "张晓梅", "alias": "小红"})
        new_case(db, staff.caseworker, _person_named(db, "张晓梅"))

        def names(typed: str) -> list[str]:
            with db.write_session() as s:
                page = list_cases(s, staff.caseworker, CaseFilter(search=typed), sort="name")
            return [r.real_name for r in page.rows]

        for typed in ("zxm", "zhangx", "张晓", "ZHANG XIAO", "xh", "小"):
            assert names(typed) == ["张晓梅"], typed
        assert names(NAME[:2]) == [NAME]
        assert names(ID_NUMBER) == [NAME]
        assert names(ID_NUMBER[:10]) == [NAME]
        assert names("HRB-") and names("nobody") == []
        # The duplicate check reads the blind index too.
        with pytest.raises(DomainError, match="身份证号已登记"), db.write_session() as s:
            persons.create_person(s, staff.caseworker, {"alias": "x", "id_number": ID_NUMBER})
        with db.write_session() as s:  # sorted by name in memory, both ways
            rows = list_cases(s, staff.caseworker, sort="name", descending=True).rows
        assert [r.real_name for r in rows] == sorted([NAME, "张晓梅"], reverse=True)
    finally:
        db.dispose()


@PG
def test_too_many_cases_to_sort_by_name_are_refused_from_a_count(
    office: tuple[str, int, int], staff: Staff, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Names are decrypted on the workstation to sort them, up to NAME_SORT_MAX cases: over
    that, the refusal comes from a capped count, before any case's row is fetched (fetching
    20,001 rows to learn it took 1.0-1.8 s at 1,000,000 persons)."""
    url, *_ = office
    db, _ = _logged_in(url, "root", ROOT_PW)
    try:
        for name in ("甲一", "乙二", "丙三"):
            with db.write_session() as s:
                persons.create_person(s, staff.caseworker, {"real_name": name})
            new_case(db, staff.caseworker, _person_named(db, name))
        monkeypatch.setattr(case_queries, "NAME_SORT_MAX", 2)
        sent: list[str] = []

        def grab(conn, cursor, statement, *_: object) -> None:  # type: ignore[no-untyped-def]
            sent.append(statement)

        event.listen(db.engine, "before_cursor_execute", grab)
        with pytest.raises(DomainError, match="按姓名排序"), db.write_session() as s:
            list_cases(s, staff.caseworker, sort="name")
        event.remove(db.engine, "before_cursor_execute", grab)
        fetched = [q for q in sent if "real_name" in q]
        assert not fetched, fetched[0]
        monkeypatch.setattr(case_queries, "NAME_SORT_MAX", 20)
        with db.write_session() as s:
            assert len(list_cases(s, staff.caseworker, sort="name").rows) >= 3
    finally:
        db.dispose()


def _person_named(db: Database, name: str) -> int:
    with db.read_session() as s:
        return next(p.id for p in s.scalars(select(Person)) if p.real_name == name)


@PG
def test_wrong_password_unwraps_nothing(office: tuple[str, int, int]) -> None:
    url, *_ = office
    db = Database(url)
    try:
        with pytest.raises(AuthenticationError):
            vault.log_in(db, "root", "wrong-password-1")
        assert state_of(db.engine.dialect).keys is None
        with db.read_session() as s:
            root = s.scalar(select(User.id).where(User.username == "root"))
            assert field_slots.unwrap_slot(s, root, "wrong-password-1") is None  # type: ignore[arg-type]
            with pytest.raises(SealedDataError, match="请先登录"):
                s.scalars(select(Person.real_name)).all()
        with pytest.raises(SealedDataError, match="请先登录"), db.write_session() as s:
            s.add(Person(alias="写不进去"))  # never in clear into a protected database
            s.flush()
    finally:
        db.dispose()


def _names_read(url: str, user: str, password: str) -> set[str | None]:
    """The persons' names ``user`` reads after logging in (decrypted with their key slot)."""
    db, _ = _logged_in(url, user, password)
    try:
        with db.read_session() as s:
            return set(s.scalars(select(Person.real_name)))
    finally:
        db.dispose()


@PG
def test_new_account_gets_a_slot_and_a_reset_rewraps(office: tuple[str, int, int], capsys) -> None:  # type: ignore[no-untyped-def]
    url, *_ = office
    _add_account(url, capsys, "cw9", "caseworker", "社工的-长密码-9", "HRB")
    assert NAME in _names_read(url, "cw9", "社工的-长密码-9")
    admin_db, root = _logged_in(url, "root", ROOT_PW)
    try:
        with admin_db.write_session() as s:
            cw9 = s.scalar(select(User).where(User.username == "cw9"))
            accounts.reset_password(s, root, cw9.id, "新的-社工-密码-10")  # type: ignore[union-attr]
        with admin_db.read_session() as s:
            assert field_slots.unwrap_slot(s, cw9.id, "社工的-长密码-9") is None  # type: ignore[union-attr]
            assert field_slots.unwrap_slot(s, cw9.id, "新的-社工-密码-10") is not None  # type: ignore[union-attr]
    finally:
        admin_db.dispose()
    assert NAME in _names_read(url, "cw9", "新的-社工-密码-10")


@PG
def test_a_flipped_ciphertext_byte_is_a_clear_error(
    office: tuple[str, int, int], staff: Staff
) -> None:
    url, person_id, case_id = office
    db, _ = _logged_in(url, "root", ROOT_PW)
    try:
        with db.engine.begin() as conn:
            conn.execute(
                text(
                    "UPDATE person SET health_description = set_byte(health_description, 20, "
                    "get_byte(health_description, 20) # 1) WHERE id = :id"
                ),
                {"id": person_id},
            )
        with pytest.raises(SealedDataError, match="已损坏或被篡改"), db.write_session() as s:
            case_file.open_case_file(s, staff.caseworker, case_id, ())
    finally:
        db.dispose()


@PG
def test_upgraded_database_sealed_by_first_admin_log_in(db: Database, staff: Staff) -> None:
    """Accounts made before field encryption: the first administrator's log-in seals the
    data; other accounts need a new password (their slot) before they can read."""
    _marked_case(db, staff)
    with db.write_session() as s:
        accounts.create_account(
            s, None, {"username": "root", "full_name": "管理员", "role": Role.ADMIN}, ROOT_PW
        )
    with db.write_session() as s:
        root = accounts.authenticate(s, "root", ROOT_PW).raise_if_refused()
        cw = accounts.create_account(
            s,
            root,
            {
                "username": "cw8",
                "full_name": "社工",
                "role": Role.CASEWORKER,
                "unit_id": staff.unit_id,
            },
            "社工的-长密码-8",
        ).record.id
    assert _found(_pg_dump(db.url)) == list(MARKERS)
    vault.log_in(db, "root", ROOT_PW)
    assert _found(_pg_dump(db.url)) == []
    other = Database(db.url)
    try:
        with pytest.raises(AuthenticationError, match="重设密码"):
            vault.log_in(other, "cw8", "社工的-长密码-8")
        with db.write_session() as s:
            accounts.reset_password(s, root, cw, "新的-社工-密码-8")
        vault.log_in(other, "cw8", "新的-社工-密码-8")
        with other.read_session() as s:
            assert NAME in set(s.scalars(select(Person.real_name)))
            assert s.scalar(select(FieldKeySlot.user_id).where(FieldKeySlot.user_id == cw))
    finally:
        other.dispose()


@PG
def test_annual_report_and_deidentified_export_after_sealing(
    db_url: str, db: Database, capsys, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    assert run(capsys, "--db", db_url, "demo-data", "--persons", "60")[0] == 0
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("sys.stdin", io.StringIO(ROOT_PW + "\n"))
        assert run(capsys, "--db", db_url, "user", "add", "root", "--role", "admin",
                   "--password-stdin")[0] == 0  # fmt: skip
    _add_account(db_url, capsys, "stat", "statistician", "统计员的-长密码-3", None)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("RESCUEDESK_PASSWORD", "统计员的-长密码-3")
        code, _, err = run(capsys, "--db", db_url, "--user", "stat", "report", "annual",
                           "--year", "2025", "--out", str(tmp_path / "r.xlsx"))  # fmt: skip
        assert code == 0, err
        mp.setattr("sys.stdin", io.StringIO("口令-test\n"))
        out = str(tmp_path / "d.csv")
        code, _, err = run(capsys, "--db", db_url, "--user", "stat", "export", "deidentified",
                           "--k", "2", "--passphrase-stdin", "--out", out)  # fmt: skip
        assert code == 0, err
    assert (tmp_path / "r.xlsx").stat().st_size > 0 and (tmp_path / "d.csv").stat().st_size > 0


@PG
def test_person_keys_are_wrapped_and_a_purge_shreds_a_sealed_database(
    office: tuple[str, int, int], staff: Staff
) -> None:
    """Person keys (the first made before the database was sealed) are wrapped under the
    data key; a purge then leaves neither the person nor their key in a dump."""
    url, person_id, case_id = office
    db, _ = _logged_in(url, "root", ROOT_PW)
    try:
        with db.engine.connect() as conn:
            stored = conn.execute(
                text("SELECT key FROM person_key WHERE person_id = :p"), {"p": person_id}
            ).scalars()
            assert [bytes(k)[:1] for k in stored] == [b"\x01"]  # AES-GCM, not the clear 0x00
        with db.read_session() as s:
            key_text = s.scalars(
                select(PersonKey.key).where(PersonKey.person_id == person_id)
            ).one()
            assert any(NAME in str(e.changes) for e in _about(s, person_id))
        key_b64 = key_text.partition(":")[2].encode()
        assert key_b64 not in _pg_dump(url)
        with db.write_session() as s:
            cases.request_closure(s, staff.caseworker, case_id, "已回归家庭")
            cases.approve_closure(s, staff.supervisor, case_id)
            settings.set_value(s, staff.admin, "retention_years", 5)
        clock.set_clock(lambda: FIXED_NOW + dt.timedelta(days=5 * 366))
        with db.write_session() as s:
            retention.purge_case(s, staff.supervisor, case_id, "保存期满")
        dump = _pg_dump(url)
        assert _found(dump) == [] and key_b64 not in dump
        with db.read_session() as s:
            assert s.scalars(select(PersonKey).where(PersonKey.person_id == person_id)).all() == []
            after = _about(s, person_id)
            assert audit_chain.verify_database(s).intact
        assert after and not any(NAME in str(e.changes) for e in after)
        assert any(e.cleared for e in after)
    finally:
        db.dispose()


def _about(s: Session, person_id: int) -> list[audit.AuditEntry]:
    events = s.scalars(select(AuditEvent).where(AuditEvent.person_id == person_id)).all()
    return audit.readable(s, events)


@PG
def test_ledger_duplicates_are_found_in_a_sealed_database(
    office: tuple[str, int, int], staff: Staff, tmp_path: Path
) -> None:
    """Ciphertext never equals ciphertext: the import finds duplicates through the blind
    index, in the database and among the rows of the file, and indexes whom it registers."""
    url, person_id, _ = office
    db, _ = _logged_in(url, "root", ROOT_PW)
    path = tmp_path / "台账.csv"
    with path.open("w", encoding="gb18030", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["姓名", "性别", "公民身份号码", "出生日期", "解救日期", "接收日期"])
        writer.writerow([NAME, "女", ID_NUMBER, "", "2025.5.1", "2025.5.2"])  # 2: in the DB
        writer.writerow(["王芳", "女", "", "1990-01-01", "2025.5.1", "2025.5.2"])  # 3: new
        writer.writerow(["汪芳", "女", "", "1990-08-08", "2025.7.1", "2025.7.2"])  # 4: as 3
    try:
        headers, rows = read_rows(path)
        with db.write_session() as s:
            plan = ledger_file.import_sheet(
                s, staff.caseworker, rows, propose(headers), source=path, dry_run=True
            )
        found = {c.row: (c.person_id, c.other_row, c.score) for c in plan.candidates}
        assert found == {2: (person_id, None, 100), 4: (None, 3, 60)}
        headers, rows = read_rows(path)
        decided = {2: Decision.skip(), 4: Decision.new()}
        with db.write_session() as s:
            result = ledger_file.import_sheet(
                s, staff.caseworker, rows, propose(headers), source=path, decisions=decided
            )
        assert (result.imported, result.skipped, result.refused) == (2, 1, False)
        with db.write_session() as s:
            page = list_cases(s, staff.caseworker, CaseFilter(search="wangf"), sort="name")
        assert sorted(r.real_name for r in page.rows) == ["汪芳", "王芳"]
    finally:
        db.dispose()
