"""`rescuedesk case flag` and `rescuedesk case list --flag` (issue #14 item 6), as
subprocesses on both engines: a flag is set with a reason, the list filters by it, a flag
without a reason or one the command does not know is refused in words."""

from __future__ import annotations

from rescuedesk.db import Database
from rescuedesk.services.demo import demo_data
from rescuedesk.services.office.context import Actor
from tests.entry.conftest import CliRunner, office_with_accounts

PASSWORD = "标记-长密码-2026"
ACCOUNTS = {"sup": ("supervisor", "HLJ-HRB", PASSWORD)}


def test_a_flag_set_from_the_command_line_filters_the_list(db_url: str, cli: CliRunner) -> None:
    db = Database(db_url)
    with db.write_session() as s:
        demo_data.generate(s, Actor.system("t"), 12, seed=3)
    db.dispose()
    office_with_accounts(db_url, ACCOUNTS)

    def run(*args: str):  # type: ignore[no-untyped-def]
        return cli(["--db", db_url, "--user", "sup", "case", *args], password=PASSWORD)

    listed = run("list")
    assert listed.code == 0, listed.err
    rows = [line.split("\t") for line in listed.out.splitlines()]
    harbin = [r[0] for r in rows if "HRB" in r[0] and r[1] != "closed"]  # closed: read-only
    assert harbin
    case_no = harbin[0]
    # Demo data sets no flag by hand: nothing is listed yet.
    assert run("list", "--flag", "forced_begging").out == ""

    no_reason = run("flag", case_no, "--set", "forced_begging")
    assert no_reason.code == 2 and "--reason" in no_reason.err, no_reason.err
    blank = run("flag", case_no, "--set", "forced_begging", "--reason", " ")
    assert blank.code != 0 and "理由" in blank.err, blank.err
    unknown = run("flag", case_no, "--set", "begging", "--reason", "街头乞讨")
    assert unknown.code == 2 and "forced_begging" in unknown.err, unknown.err

    done = run("flag", case_no, "--set", "forced_begging", "--reason", "在火车站被强迫乞讨")
    assert done.code == 0, done.err
    assert "强迫乞讨" in done.out
    flagged = run("list", "--flag", "forced_begging")
    assert flagged.code == 0, flagged.err
    assert [line.split("\t")[0] for line in flagged.out.splitlines()] == [case_no]
    twice = run("flag", case_no, "--set", "forced_begging", "--reason", "再次")
    assert twice.code != 0 and "已经设置" in twice.err, twice.err

    removed = run("flag", case_no, "--remove", "forced_begging", "--reason", "核实后不属实")
    assert removed.code == 0, removed.err
    assert run("list", "--flag", "forced_begging").out == ""
