"""`rescuedesk case assign|unassign` (issue #14, a contract): the Harbin supervisor gives a
case to the Lu'an women's federation follow-up worker, who then lists exactly that case and
nothing else; the end of the assignment takes it away again. As subprocesses, both engines."""

from __future__ import annotations

from rescuedesk.db import Database
from rescuedesk.services.demo import demo_data
from rescuedesk.services.office.context import Actor
from tests.entry.conftest import CliRunner, office_with_accounts

PASSWORD = "分派-长密码-2026"
ACCOUNTS = {
    "sup": ("supervisor", "HLJ-HRB", PASSWORD),
    "fw": ("follow_up_worker", "AH-LA", PASSWORD),
    "cw": ("caseworker", "HLJ-HRB", PASSWORD),
}


def _cases(cli: CliRunner, url: str, user: str, *args: str) -> list[str]:
    done = cli(["--db", url, "--user", user, "case", "list", *args], password=PASSWORD)
    assert done.code == 0, done.err
    return [line.split("\t")[0] for line in done.out.splitlines() if line]


def test_a_follow_up_worker_of_another_unit_gets_exactly_the_assigned_case(
    db_url: str, cli: CliRunner
) -> None:
    db = Database(db_url)
    with db.write_session() as s:
        demo_data.generate(s, Actor.system("t"), 40, seed=5)
    db.dispose()
    office_with_accounts(db_url, ACCOUNTS)
    # A case home and visited (回访): what a women's federation takes over.
    harbin = [n for n in _cases(cli, db_url, "sup", "--stage", "follow_up") if "HRB" in n]
    assert harbin
    assert _cases(cli, db_url, "fw") == []  # before: an empty program
    case_no = harbin[0]

    def as_(user: str, *args: str):  # type: ignore[no-untyped-def]
        return cli(["--db", db_url, "--user", user, "case", *args], password=PASSWORD)

    # A caseworker may not assign; the reason is required.
    refused = as_("cw", "assign", case_no, "--user", "fw", "--reason", "回访")
    assert refused.code == 2 and "无权" in refused.err, refused.err
    no_reason = as_("sup", "assign", case_no, "--user", "fw")
    assert no_reason.code == 2 and "--reason" in no_reason.err
    bad_day = as_("sup", "assign", case_no, "--user", "fw", "--until", "2027.2.30",
                  "--reason", "回访")  # fmt: skip
    assert bad_day.code == 2 and "2027.2.30" in bad_day.err, bad_day.err

    done = as_("sup", "assign", case_no, "--user", "fw", "--until", "2099年6月30日",
               "--reason", "返乡后由户籍地妇联回访")  # fmt: skip
    assert done.code == 0, done.err
    assert "2099-06-30" in done.out
    assert _cases(cli, db_url, "fw") == [case_no]
    again = as_("sup", "assign", case_no, "--user", "fw", "--reason", "再次")
    assert again.code == 2 and "已经负责" in again.err, again.err

    ended = as_("sup", "unassign", case_no, "--user", "fw", "--reason", "回访结束")
    assert ended.code == 0, ended.err
    assert _cases(cli, db_url, "fw") == []
    twice = as_("sup", "unassign", case_no, "--user", "fw")
    assert twice.code == 2 and "没有被分派" in twice.err, twice.err
