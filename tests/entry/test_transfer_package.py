"""`rescuedesk transfer export|import FILE` (issue #14, a contract): between two embedded
databases a case travels as an encrypted package. Harbin exports it (never without a
password; the file shows nothing of her), Lanzhou imports it into its own database (a wrong
password, or the same package twice, is refused) and accepts it with a new caseworker: her
record already there (same ID number) is used, no second one made. Another package is
rejected there. As subprocesses, on two SQLite files."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from sqlalchemy import select

from rescuedesk.db import Database
from rescuedesk.models import Case, Person, Unit
from rescuedesk.models.enums import Sex, Stage, UnitKind
from rescuedesk.security.encryption import KeySlots, keyslot_path, open_cipher
from rescuedesk.services.demo import demo_data
from rescuedesk.services.office import directory
from rescuedesk.services.office.context import Actor
from rescuedesk.services.people import persons
from tests.entry.conftest import (
    ADMIN,
    ADMIN_PASSWORD,
    CliResult,
    CliRunner,
    office_with_accounts,
)

PASSWORD = "转移包-长密码-2026"
PACKAGE_PASSWORD = "甘肃兰州-转移包的密码-2026"


def _case(db: Database, offset: int) -> tuple[str, str, str]:
    """(case number, name, ID number) of a Harbin woman's case in placement with a known ID."""
    with db.read_session() as s:
        number, name, id_number = s.execute(
            select(Case.case_number, Person.real_name, Person.id_number)
            .join(Person, Person.id == Case.person_id)
            .join(Unit, Unit.id == Case.unit_id)
            .where(Unit.code == "HLJ-HRB", Case.stage == Stage.PLACEMENT,
                   Person.id_number.is_not(None), Person.real_name.is_not(None),
                   Person.sex == Sex.FEMALE)
            .order_by(Case.case_number).offset(offset).limit(1)
        ).one()  # fmt: skip
    return number, name, id_number


def test_a_case_travels_to_another_database_as_an_encrypted_package(
    tmp_path: Path, sqlite_template: Path, cli: CliRunner
) -> None:
    harbin_path, lanzhou_path = tmp_path / "harbin.sqlite3", tmp_path / "lanzhou.sqlite3"
    shutil.copyfile(sqlite_template, harbin_path)
    shutil.copyfile(sqlite_template, lanzhou_path)
    harbin, lanzhou = f"sqlite:///{harbin_path}", f"sqlite:///{lanzhou_path}"
    system = Actor.system("t")
    db = Database(harbin)
    with db.write_session() as s:
        # 600: two Harbin women's cases in placement whatever the seed draws (40 gave one)
        demo_data.generate(s, system, 600, seed=5)
    first, name, id_number = _case(db, 0)
    second, _other_name, _ = _case(db, 1)
    db.dispose()
    # Lanzhou's own database: its unit, and the woman already registered there once.
    db = Database(lanzhou)
    with db.write_session() as s:
        unit = {"code": "GS-LZ", "name": "兰州市民政局",
                "kind": UnitKind.CIVIL_AFFAIRS_BUREAU, "division_code": "620102"}  # fmt: skip
        directory.create_unit(s, system, unit)
        persons.create_person(s, system, {"real_name": name, "id_number": id_number,
                                          "sex": Sex.FEMALE})  # fmt: skip
    db.dispose()
    office_with_accounts(harbin, {"sup": ("supervisor", "HLJ-HRB", PASSWORD)})
    office_with_accounts(lanzhou, {"sup_lz": ("supervisor", "GS-LZ", PASSWORD),
                                   "cw_lz": ("caseworker", "GS-LZ", PASSWORD)})  # fmt: skip

    def run(url: str, user: str, *args: str, stdin: str | None = None) -> CliResult:
        return cli(["--db", url, "--user", user, *args], password=PASSWORD, stdin=stdin)

    def request(case_no: str) -> int:
        done = run(harbin, "sup", "case", "transfer", case_no, "--to-unit", "GS-LZ",
                   "--reason", "返回户籍地", "--override-reason", "本人书面同意见卷宗")  # fmt: skip
        assert done.code == 0, done.err
        return int(re.search(r"转移编号 (\d+)", done.out).group(1))  # type: ignore[union-attr]

    def imported(done: CliResult) -> int:
        assert done.code == 0, done.err
        return int(re.search(r"转移编号 (\d+)", done.out).group(1))  # type: ignore[union-attr]

    sent = request(first)
    package = tmp_path / "张-转移包.rdtransfer"
    plain = run(harbin, "sup", "transfer", "export", str(package), "--id", str(sent))
    assert plain.code == 2 and "--password-stdin" in plain.err and not package.exists()
    done = run(harbin, "sup", "transfer", "export", str(package), "--id", str(sent),
               "--password-stdin", stdin=PACKAGE_PASSWORD + "\n")  # fmt: skip
    assert done.code == 0, done.err
    raw = package.read_bytes()
    for secret in (name, id_number, first, "返回户籍地"):
        assert secret.encode() not in raw
    # Harbin no longer has it to work on; its list shows where it went.
    cases = run(harbin, "sup", "case", "list")
    assert first not in cases.out
    listed = run(harbin, "sup", "transfer", "list")
    assert f"{sent}\texported\t{first}" in listed.out, listed.out

    wrong = run(lanzhou, "sup_lz", "transfer", "import", str(package), "--password-stdin",
                stdin="不是这个密码-2026\n")  # fmt: skip
    assert wrong.code == 2 and "密码不对" in wrong.err, wrong.err
    waiting = imported(run(lanzhou, "sup_lz", "transfer", "import", str(package),
                           "--password-stdin", stdin=PACKAGE_PASSWORD + "\n"))  # fmt: skip
    twice = run(lanzhou, "sup_lz", "transfer", "import", str(package), "--password-stdin",
                stdin=PACKAGE_PASSWORD + "\n")  # fmt: skip
    assert twice.code == 2 and "已经导入过" in twice.err, twice.err
    listed = run(lanzhou, "sup_lz", "transfer", "list")
    assert f"{waiting}\trequested\t{first}\t{name}\t哈尔滨市救助管理站" in listed.out, listed.out
    assert first not in run(lanzhou, "sup_lz", "case", "list").out  # not before acceptance

    accepted = run(lanzhou, "sup_lz", "transfer", "accept", str(waiting), "--caseworker", "cw_lz")
    assert accepted.code == 0, accepted.err
    theirs = run(lanzhou, "cw_lz", "case", "list").out.splitlines()
    assert [line.split("\t")[0] for line in theirs] == [first]
    # Her one record in Lanzhou, now with the case: no second person was made.
    key = KeySlots(keyslot_path(lanzhou_path)).unlock(ADMIN, ADMIN_PASSWORD)
    assert key is not None
    conn = open_cipher(lanzhou_path, key)
    try:
        people = conn.execute("SELECT id FROM person WHERE id_number = ?", (id_number,))
        [(person_id,)] = people.fetchall()
        [(owner,)] = conn.execute(
            "SELECT person_id FROM case_file WHERE case_number = ?", (first,)
        ).fetchall()
        records = conn.execute(
            "SELECT count(*) FROM stage_change WHERE case_id = "
            "(SELECT id FROM case_file WHERE case_number = ?)",
            (first,),
        ).fetchone()[0]
    finally:
        conn.close()
    assert owner == person_id
    assert records >= 3  # the stage history came with it

    # A second package, rejected in Lanzhou: no case is written there.
    other = request(second)
    package2 = tmp_path / "second.rdtransfer"
    done = run(harbin, "sup", "transfer", "export", str(package2), "--id", str(other),
               "--password-stdin", stdin=PACKAGE_PASSWORD + "\n")  # fmt: skip
    assert done.code == 0, done.err
    waiting2 = imported(run(lanzhou, "sup_lz", "transfer", "import", str(package2),
                            "--password-stdin", stdin=PACKAGE_PASSWORD + "\n"))  # fmt: skip
    rejected = run(
        lanzhou, "sup_lz", "transfer", "reject", str(waiting2), "--reason", "户籍不在本市"
    )
    assert rejected.code == 0, rejected.err
    assert second not in run(lanzhou, "sup_lz", "case", "list").out
    listed = run(lanzhou, "sup_lz", "transfer", "list").out
    assert f"{waiting2}\trejected\t{second}" in listed and "户籍不在本市" in listed

    # Told of the refusal, Harbin takes its transfer back: the case is its own again, with
    # the caseworker it had; a withdrawn transfer cannot be withdrawn twice.
    assert second not in run(harbin, "sup", "case", "list").out
    back = run(harbin, "sup", "transfer", "withdraw", str(other), "--reason", "兰州拒收，留本站")
    assert back.code == 0, back.err
    again = run(harbin, "sup", "case", "list")
    assert second in again.out, again.out
    row = next(line for line in again.out.splitlines() if line.startswith(second)).split("\t")
    assert row[3], row  # its caseworker again
    listed = run(harbin, "sup", "transfer", "list").out
    assert f"{other}\tcancelled\t{second}" in listed and "兰州拒收，留本站" in listed
    twice = run(harbin, "sup", "transfer", "withdraw", str(other), "--reason", "再撤")
    assert twice.code == 2 and "撤回" in twice.err, twice.err
