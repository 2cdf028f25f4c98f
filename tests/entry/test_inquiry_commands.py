"""`rescuedesk inquiry add | list | close | match` (issue #15, "Command line"), run as another
process on SQLite and on PostgreSQL: a file of families' inquiries is recorded all or
nothing, every refused row is named with its column, a 查询编号 is recorded once, the ranked
candidates are written in the contract's columns with the girl a family spells with a
dialect homophone first, and only caseworkers and supervisors handle inquiries."""

from __future__ import annotations

import csv
import datetime as dt
import io
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from rescuedesk.db import Database
from rescuedesk.models import Consent, Unit
from rescuedesk.models.enums import Sex
from rescuedesk.models.inquiry import TracingInquiry
from rescuedesk.services.casefile import cases, records
from rescuedesk.services.office import vault
from rescuedesk.services.office.context import Actor
from rescuedesk.services.people import persons
from tests.conftest import ENGINES
from tests.entry.conftest import ADMIN, ADMIN_PASSWORD, CliResult, office_with_accounts, run_cli
from tests.factories import CASE, write_ledger

PASSWORD = "寻亲-长密码-2026"
ACCOUNTS = {
    "cw": ("caseworker", "HLJ-HRB", PASSWORD),
    "sup": ("supervisor", "HLJ-HRB", PASSWORD),
    "fw": ("follow_up_worker", "AH-LA", PASSWORD),
}
HEADER = [
    "查询编号",
    "查询人",
    "与走失者关系",
    "联系电话",
    "走失者姓名",
    "小名",
    "性别",
    "出生年份",
    "走失日期",
    "走失地点",
    "家乡方言",
    "身高",
    "体貌特征",
    "公安机关",
    "公安编号",
    "走失时年龄",
]


def row(number: str, **cells: str) -> list[str]:
    base = {
        "查询编号": number,
        "查询人": "刘大山",
        "与走失者关系": "父亲",
        "联系电话": "13812345678",
        "走失者姓名": "牛兰兰",
        "小名": "兰兰、小兰",
        "性别": "女",
        "出生年份": "2012",
        "走失日期": "2019年5月",
        "走失地点": "四川省宜宾市叙州区柏溪镇",
        "家乡方言": "四川话",
        "身高": "120cm",
        "体貌特征": "左耳后有一颗痣",
        "公安机关": "",
        "公安编号": "",
        "走失时年龄": "",
    }
    base.update(cells)
    return [base[h] for h in HEADER]


# Unidentified girls in care, 12 to 14, with a Sichuan accent and a guardian's consent to
# tracing: the first says she is 刘兰兰; the others are what else a search turns up.
# 兰兰 and 小兰 share her given name; the others share nothing with 牛兰兰 (scorer v3: a
# stranger's name counts against her, so they are not listed).
GIRLS = ("刘兰兰", "王小红", "兰兰", "小兰", "周敏")


def register_girls(url: str) -> str:
    """The girls' cases (before any account: as the system); the first one's number."""
    system = Actor.system("test")
    db = Database(url)
    numbers = []
    try:
        with db.write_session() as s:
            unit = s.scalars(select(Unit.id).where(Unit.code == "HLJ-HRB")).one()
            for name in GIRLS:
                girl: dict[str, Any] = {
                    "alias": f"站字-{name}",
                    "identity_known": False,
                    "sex": Sex.FEMALE,
                    "estimated_age": [12, 14],
                    "accent_code": "xinan.chuanyu",
                    "called_names": [name],
                    "found_date": dt.date(2026, 11, 1),
                }
                person = persons.create_person(s, system, girl).record.id
                case = cases.open_case(s, system, person, CASE, unit_id=unit).record
                consent = {
                    "purpose": "tracing",
                    "given_by": "guardian",
                    "guardian_name": "民政局（临时监护）",
                    "given_on": dt.date(2026, 11, 2),
                }
                records.add_record(s, system, Consent, case.id, consent)
                numbers.append(case.case_number)
    finally:
        db.dispose()
    return numbers[0]


@dataclass(frozen=True)
class Office:
    url: str
    her_case: str

    def run(self, *args: str, user: str = "cw") -> CliResult:
        return run_cli(["--db", self.url, "--user", user, *args], password=PASSWORD)

    def stored(self, prefix: str) -> dict[str, TracingInquiry]:
        """The inquiries whose number starts with ``prefix``, read as the administrator."""
        db = vault.open_database(self.url, ADMIN, ADMIN_PASSWORD)
        vault.log_in(db, ADMIN, ADMIN_PASSWORD)  # on PostgreSQL: the key to sealed columns
        try:
            with db.read_session() as s:
                found = s.scalars(
                    select(TracingInquiry).where(TracingInquiry.inquiry_number.startswith(prefix))
                ).all()
                s.expunge_all()
                return {i.inquiry_number: i for i in found}
        finally:
            db.dispose()


@pytest.fixture(scope="module", params=ENGINES)
def office(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Office:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('inquiries') / 'office.sqlite3'}"
    else:
        url = request.getfixturevalue("pg_databases").create(f"rd_inq_{uuid.uuid4().hex[:12]}")
    for args in (["db", "upgrade"], ["demo-data", "--persons", "4", "--seed", "15"]):
        result = run_cli(["--db", url, *args])
        assert result.code == 0, result.err
    her_case = register_girls(url)
    office_with_accounts(url, ACCOUNTS)
    return Office(url, her_case)


def listed(result: CliResult, prefix: str) -> dict[str, list[str]]:
    assert result.code == 0, result.err
    rows = [line.split("\t") for line in result.out.splitlines()]
    return {r[0]: r for r in rows if r[0].startswith(prefix)}


def test_a_file_with_a_bad_row_records_nothing_and_names_each_problem(
    office: Office, tmp_path: Path
) -> None:
    rows = [
        row("A-1"),
        row("A-2", 出生年份="1890", 身高="999", 联系电话="无", 性别="不男不女"),
        row("A-3", 走失者姓名="", 小名="", 体貌特征="D8S1179 13 14"),
        row("A-1", 走失者姓名="张小军"),
    ]
    path = write_ledger(tmp_path / "查询.csv", HEADER, rows, "utf-8-sig")
    refused = office.run("inquiry", "add", str(path))
    assert refused.code == 2, (refused.code, refused.err)
    assert "有问题 3 行" in refused.out, refused.out
    for line in (
        "第3行 出生年份：",
        "第3行 身高：",
        "第3行 联系电话：",
        "第3行 性别：",
        "第4行 走失者姓名：须填写走失者姓名或小名",
        "第4行 体貌特征：DNA 数据只由公安机关采集和保存",
        "第5行 查询编号：与第2行的查询编号重复",
    ):
        assert line in refused.out, (line, refused.out)
    assert "--valid-only" in refused.err
    assert office.stored("A-") == {}

    kept = office.run("inquiry", "add", str(path), "--valid-only")
    assert kept.code == 2, (kept.code, kept.err)
    assert "登记成功 1 行" in kept.out, kept.out
    stored = office.stored("A-")
    assert list(stored) == ["A-1"]
    first = stored["A-1"]
    assert first.missing_name == "牛兰兰" and first.missing_nicknames == ["兰兰", "小兰"]
    assert (first.missing_date.isoformat(), first.missing_date_precision) == ("2019-05-01", "month")
    assert first.missing_place_code == "511504"  # 叙州区: the county the text begins with
    assert (first.height_cm, first.birth_year, first.source) == (120, 2012, "family")

    again = office.run("inquiry", "add", str(path), "--valid-only")
    assert again.code == 2
    assert "第2行 查询编号：查询编号已存在" in again.out, again.out
    assert list(office.stored("A-")) == ["A-1"]


def test_a_clean_workbook_is_listed_and_closed_with_a_reason(
    office: Office, tmp_path: Path
) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append([*HEADER, "备注"])
    sheet.append([*row("B-1", 走失日期="2018"), "无关的列"])
    sheet.append(
        row("B-2", 查询人="", 公安机关="宜宾市公安局叙州区分局", 公安编号="叙公刑〔2019〕88号")
    )
    path = tmp_path / "查询.xlsx"
    book.save(path)
    done = office.run("inquiry", "add", str(path))
    assert done.code == 0, (done.out, done.err)
    assert "登记成功 2 行" in done.out and "“备注”" in done.out, done.out
    assert office.stored("B-")["B-2"].source == "police"

    rows = listed(office.run("inquiry", "list"), "B-")
    assert sorted(rows) == ["B-1", "B-2"]
    assert (rows["B-1"][1], rows["B-1"][3], rows["B-1"][4]) == ("open", "牛兰兰", "兰兰、小兰")
    assert rows["B-1"][7] == "2018年"  # a year stays a year

    no_reason = office.run("inquiry", "close", "B-1")
    assert no_reason.code == 2 and "--reason" in no_reason.err
    closed = office.run("inquiry", "close", "B-1", "--reason", "家属已自行找到", user="sup")
    assert closed.code == 0, closed.err
    assert list(listed(office.run("inquiry", "list", "--status", "closed"), "B-")) == ["B-1"]
    twice = office.run("inquiry", "close", "B-1", "--reason", "再次")
    assert twice.code == 2 and "已经关闭" in twice.err, twice.err


@pytest.mark.parametrize("command", [["list"], ["close", "A-1", "--reason", "看看"], ["add"]])
def test_a_follow_up_worker_is_refused_in_one_line(
    office: Office, tmp_path: Path, command: list[str]
) -> None:
    if command == ["add"]:
        command = ["add", str(write_ledger(tmp_path / "q.csv", HEADER, [row("F-1")]))]
    refused = office.run("inquiry", *command, user="fw")
    assert refused.code == 2, (refused.code, refused.err)
    assert refused.err.strip().splitlines() == [
        "rescuedesk: 只有个案工作者和主管可以处理寻亲查询。"
    ]
    assert office.stored("F-") == {}


def read_candidates(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    assert data.startswith("\ufeff查询编号,名次,个案编号,分数,理由\r\n".encode()), data[:60]
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))[1:]


def test_inquiry_match_ranks_the_girl_a_family_spells_with_a_homophone_first(
    office: Office, tmp_path: Path
) -> None:
    # 宜宾 says n for l: the family writes 牛兰兰, and her birth year three years off.
    family = row("M-1", 出生年份="2009", 小名="", 身高="", 体貌特征="")
    assert (
        office.run("inquiry", "add", str(write_ledger(tmp_path / "m.csv", HEADER, [family]))).code
        == 0
    )
    out = tmp_path / "候选.csv"
    done = office.run("inquiry", "match", "--out", str(out), user="sup")
    assert done.code == 0, done.err
    rows = [r for r in read_candidates(out) if r[0] == "M-1"]
    assert [r[1] for r in rows] == [str(i) for i in range(1, len(rows) + 1)]
    assert len(rows) == 3, rows  # her, 兰兰 and 小兰
    first = rows[0]
    assert first[2] == office.her_case, rows
    assert int(first[3]) > int(rows[1][3]), rows
    reasons = first[4].split("；")
    assert any("方音" in r and "牛兰兰" in r for r in reasons), reasons
    assert any("年龄" in r for r in reasons) and any("口音" in r for r in reasons), reasons

    top3 = tmp_path / "前三.csv"
    done = office.run("inquiry", "match", "--top", "3", "--out", str(top3), user="sup")
    assert done.code == 0, done.err
    assert [r[1:3] for r in read_candidates(top3) if r[0] == "M-1"] == [
        ["1", office.her_case],
        ["2", rows[1][2]],
        ["3", rows[2][2]],
    ]
    again = office.run("inquiry", "match", "--out", str(top3), user="sup")
    assert again.code == 2 and "已存在" in again.err, again.err


def test_inquiry_match_refuses_a_follow_up_worker_and_a_bad_top(
    office: Office, tmp_path: Path
) -> None:
    out = tmp_path / "候选.csv"
    refused = office.run("inquiry", "match", "--out", str(out), user="fw")
    assert refused.code == 2, (refused.code, refused.err)
    assert refused.err.strip().splitlines() == [
        "rescuedesk: 只有个案工作者和主管可以处理寻亲查询。"
    ]
    assert not out.exists()
    too_many = office.run("inquiry", "match", "--top", "101", "--out", str(out), user="sup")
    assert too_many.code == 2 and len(too_many.err.strip().splitlines()) == 1, too_many.err
    assert "--top" in too_many.err and not out.exists()
