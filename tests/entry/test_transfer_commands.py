"""`rescuedesk case transfer`, `transfer list|accept|reject` (issue #14, a contract): the
Harbin supervisor sends a case to the Lanzhou civil-affairs bureau; without the person's
consent to share with it the request is refused, with a supervisor's reason it goes; the
Lanzhou supervisor accepts it with a new caseworker (who then lists it, number unchanged)
or rejects another with a reason (it stays in Harbin). Only supervisors, never the one who
asked. As subprocesses, both engines."""

from __future__ import annotations

import re

from rescuedesk.db import Database
from rescuedesk.services.demo import demo_data
from rescuedesk.services.office.context import Actor
from tests.entry.conftest import CliResult, CliRunner, office_with_accounts

PASSWORD = "转移-长密码-2026"
ACCOUNTS = {
    "sup": ("supervisor", "HLJ-HRB", PASSWORD),
    "cw": ("caseworker", "HLJ-HRB", PASSWORD),
    "sup_lz": ("supervisor", "GS-LZ", PASSWORD),
    "cw_lz": ("caseworker", "GS-LZ", PASSWORD),
}


def _cases(cli: CliRunner, url: str, user: str, *args: str) -> list[str]:
    done = cli(["--db", url, "--user", user, "case", "list", *args], password=PASSWORD)
    assert done.code == 0, done.err
    return [line.split("\t")[0] for line in done.out.splitlines() if line]


def _transfers(cli: CliRunner, url: str, user: str) -> dict[int, list[str]]:
    done = cli(["--db", url, "--user", user, "transfer", "list"], password=PASSWORD)
    assert done.code == 0, done.err
    return {int(line.split("\t")[0]): line.split("\t") for line in done.out.splitlines()}


def _id(done: CliResult) -> int:
    assert done.code == 0, done.err
    found = re.search(r"转移编号 (\d+)", done.out)
    assert found, done.out
    return int(found.group(1))


def test_a_case_goes_to_another_unit_and_another_is_refused_there(
    db_url: str, cli: CliRunner
) -> None:
    db = Database(db_url)
    with db.write_session() as s:
        # 200: two Harbin cases in placement whatever the seed draws (40 gave one or two)
        demo_data.generate(s, Actor.system("t"), 200, seed=5)
    db.dispose()
    office_with_accounts(db_url, ACCOUNTS)
    harbin = [n for n in _cases(cli, db_url, "sup", "--stage", "placement") if "HRB" in n]
    assert len(harbin) >= 2
    first, second = harbin[:2]
    assert first not in _cases(cli, db_url, "cw_lz")

    def run(user: str, *args: str) -> CliResult:
        return cli(["--db", db_url, "--user", user, *args], password=PASSWORD)

    def send(case_no: str, reason: str, override: str) -> CliResult:
        return run("sup", "case", "transfer", case_no, "--to-unit", "GS-LZ", "--reason", reason,
                   "--override-reason", override)  # fmt: skip

    # Only a supervisor; the reason is required; the unit must exist.
    refused = run("cw", "case", "transfer", first, "--to-unit", "GS-LZ", "--reason", "返乡")
    assert refused.code == 2 and "只有主管" in refused.err, refused.err
    no_reason = run("sup", "case", "transfer", first, "--to-unit", "GS-LZ")
    assert no_reason.code == 2 and "--reason" in no_reason.err
    nowhere = run("sup", "case", "transfer", first, "--to-unit", "XX-YY", "--reason", "返乡")
    assert nowhere.code == 2 and "XX-YY" in nowhere.err, nowhere.err
    # The demo's consents share with hospitals, schools and legal aid, not with Lanzhou.
    no_consent = run("sup", "case", "transfer", first, "--to-unit", "GS-LZ", "--reason", "返乡")
    assert no_consent.code == 2 and "同意" in no_consent.err, no_consent.err
    assert _transfers(cli, db_url, "sup_lz") == {}

    sent = _id(send(first, "返回户籍地甘肃兰州生活", "本人口头同意，书面同意随后补签"))
    twice = run("sup", "case", "transfer", first, "--to-unit", "GS-LZ", "--reason", "再次",
                "--override-reason", "同上")  # fmt: skip
    assert twice.code == 2 and "待接收" in twice.err, twice.err
    waiting = _transfers(cli, db_url, "sup_lz")
    assert waiting[sent][1:3] == ["requested", first]
    assert waiting[sent][5] == "兰州市民政局" and "甘肃兰州" in waiting[sent][7]

    # Not the sender, not a caseworker of the receiving unit: its supervisor accepts.
    by_sender = run("sup", "transfer", "accept", str(sent), "--caseworker", "cw_lz")
    assert by_sender.code == 2 and "接收单位的主管" in by_sender.err, by_sender.err
    by_cw = run("cw_lz", "transfer", "accept", str(sent), "--caseworker", "cw_lz")
    assert by_cw.code == 2 and "主管" in by_cw.err, by_cw.err
    wrong_unit = run("sup_lz", "transfer", "accept", str(sent), "--caseworker", "cw")
    assert wrong_unit.code == 2 and "接收单位" in wrong_unit.err, wrong_unit.err
    accepted = run("sup_lz", "transfer", "accept", str(sent), "--caseworker", "cw_lz")
    assert accepted.code == 0, accepted.err
    assert _cases(cli, db_url, "cw_lz") == [first]  # the same number
    assert first not in _cases(cli, db_url, "sup")
    assert _transfers(cli, db_url, "sup")[sent][1] == "accepted"
    again = run("sup_lz", "transfer", "accept", str(sent), "--caseworker", "cw_lz")
    assert again.code == 2 and "已接收" in again.err, again.err
    # The sending supervisor may no longer change it.
    back = run("sup", "case", "transfer", first, "--to-unit", "HLJ-HRB", "--reason", "退回",
               "--override-reason", "x")  # fmt: skip
    assert back.code == 2 and "无权" in back.err, back.err

    # A rejected transfer: with a reason, and the case stays in Harbin.
    other = _id(send(second, "返乡", "紧急安置"))
    no_why = run("sup_lz", "transfer", "reject", str(other))
    assert no_why.code == 2 and "--reason" in no_why.err
    rejected = run("sup_lz", "transfer", "reject", str(other), "--reason", "户籍不在本市")
    assert rejected.code == 0, rejected.err
    row = _transfers(cli, db_url, "sup")[other]
    assert row[1] == "rejected" and row[-1] == "户籍不在本市"
    assert second in _cases(cli, db_url, "sup")
    assert second not in _cases(cli, db_url, "cw_lz")
