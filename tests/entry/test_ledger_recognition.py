"""The ledger carries what helps a family recognise someone (issue #15, the command-line
contract): `rescuedesk ledger` writes 估计出生年份, 身高, 体型, 体貌特征, 衣着, 口音, 语言,
发现日期, 发现地点, 智力状况, 精神状况 after 户籍地代码, `rescuedesk import` reads them back
under those headers and the usual variants, and a value it cannot read refuses the row,
naming its column.

The real ``rescuedesk`` command runs as another process, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import unicodedata
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from rescuedesk.ledger.mapping import RECOGNITION_FIELDS, SYNONYMS
from tests.conftest import ENGINES
from tests.entry.conftest import (
    ADMIN,
    ADMIN_PASSWORD,
    CliResult,
    add_account,
    add_first_admin,
    office_with_accounts,
    run_cli,
)
from tests.factories import write_ledger

CONTRACT = [
    "估计出生年份",
    "身高",
    "体型",
    "体貌特征",
    "衣着",
    "口音",
    "语言",
    "发现日期",
    "发现地点",
    "智力状况",
    "精神状况",
]
SUP_PASSWORD = "主管的-长密码-2026"


@dataclass(frozen=True)
class Office:
    url: str

    def run(self, *args: str) -> CliResult:
        return run_cli(["--db", self.url, "--user", "sup", *args], password=SUP_PASSWORD)


def _new_url(request: pytest.FixtureRequest, tmp_path: Path, name: str) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / f'{name}.sqlite3'}"
    return request.getfixturevalue("pg_databases").create(f"rd_{name}_{uuid.uuid4().hex[:12]}")


def _empty_office(url: str) -> Office:
    """A database made with the command alone: one unit, its supervisor."""
    for args in (["db", "upgrade"],):
        assert run_cli(["--db", url, *args]).code == 0
    assert add_first_admin(url).code == 0
    added = run_cli(
        ["--db", url, "--user", ADMIN, "unit", "add", "HRB-JZZ", "--name", "哈尔滨市救助管理站",
         "--kind", "assistance_station", "--division", "230102"],
        password=ADMIN_PASSWORD,
    )  # fmt: skip
    assert added.code == 0, added.err
    assert add_account(url, "sup", "supervisor", SUP_PASSWORD, unit="HRB-JZZ").code == 0
    return Office(url)


@pytest.fixture(params=ENGINES)
def offices(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Office, Office]]:
    """(an office with demo cases, an empty office) on the same engine."""
    source = _new_url(request, tmp_path, "demo")
    for args in (["db", "upgrade"], ["demo-data", "--persons", "80", "--seed", "15"]):
        result = run_cli(["--db", source, *args])
        assert result.code == 0, result.err
    office_with_accounts(source, {"sup": ("supervisor", "HLJ-HRB", SUP_PASSWORD)})
    yield Office(source), _empty_office(_new_url(request, tmp_path, "fresh"))


def _sheet(path: Path) -> tuple[list[str], list[dict[str, object]]]:
    rows = list(load_workbook(path, read_only=True)["台账"].values)
    header = [str(h) for h in rows[0]]
    return header, [dict(zip(header, row, strict=True)) for row in rows[1:]]


def _described(rows: list[dict[str, object]]) -> list[tuple[object, ...]]:
    """Who each row is and how she is described, in an order both databases share."""

    def who(row: dict[str, object]) -> tuple[str, ...]:  # the import reads names as NFKC
        return tuple(unicodedata.normalize("NFKC", str(row[k] or "")) for k in ("姓名", "化名"))

    return sorted((*who(r), *(str(r[k] or "") for k in ["性别", *CONTRACT])) for r in rows)


def test_recognition_columns_round_trip(offices: tuple[Office, Office], tmp_path: Path) -> None:
    demo, fresh = offices
    first = tmp_path / "台账.xlsx"
    exported = demo.run("ledger", "--out", str(first))
    assert exported.code == 0, exported.err
    header, rows = _sheet(first)
    after = header.index("户籍地代码") + 1
    assert header[after : after + len(CONTRACT)] == CONTRACT
    assert header.count("语言") == 1
    unidentified = [r for r in rows if r["化名"] and not r["姓名"]]
    assert unidentified and all(r["身高"] and r["体貌特征"] and r["发现日期"] for r in unidentified)

    imported = fresh.run("import", str(first))
    assert imported.code == 0, (imported.out, imported.err)
    second = tmp_path / "再导出.xlsx"
    assert fresh.run("ledger", "--out", str(second)).code == 0
    again = _sheet(second)[1]
    assert len(again) == len(rows)
    assert _described(again) == _described(rows)


# Each header of each field, spread over files so that every variant is read once: file i
# heads each field with its i-th name (its first when it has fewer).
VARIANTS = max(len(SYNONYMS[f]) for f in RECOGNITION_FIELDS)
VALUES = {
    "birth_year_estimated": ("2008-2010", 2009),
    "height_cm": ("1米52", 152),
    "build": ("偏瘦", "偏瘦"),
    "distinguishing_features": ("左臂有一块胎记", "左臂有一块胎记"),
    "clothing_when_found": ("红色外套、蓝色运动鞋", "红色外套、蓝色运动鞋"),
    "accent_region": ("四川口音", "四川口音"),
    "languages": ("汉语", "汉语（普通话）"),  # read as zh, printed by its name
    "found_date": ("2026年3月5日", "2026-03-05"),
    "found_place": ("宜宾市火车站广场", "宜宾市火车站广场"),
    "intellectual_state": ("轻度智力障碍", "轻度智力障碍"),
    "mental_state": ("沉默寡言", "沉默寡言"),
}
# A ledger kept in traditional script heads its columns so.
TRADITIONAL = [
    "出生年份",
    "身高",
    "體型",
    "體貌特徵",
    "衣著",
    "口音",
    "語言",
    "發現日期",
    "發現地點",
    "智力狀況",
    "精神狀態",
]


@pytest.fixture(params=ENGINES)
def fresh(request: pytest.FixtureRequest, tmp_path: Path) -> Office:
    return _empty_office(_new_url(request, tmp_path, "fresh"))


def test_every_header_variant_is_read(fresh: Office, tmp_path: Path) -> None:
    heads = [
        [SYNONYMS[f][i] if i < len(SYNONYMS[f]) else SYNONYMS[f][0] for f in RECOGNITION_FIELDS]
        for i in range(VARIANTS)
    ]
    heads.append(TRADITIONAL)
    typed = [VALUES[f][0] for f in RECOGNITION_FIELDS]
    book = Workbook()
    book.remove(book.active)
    for i, head in enumerate(heads):  # a sheet each: one import reads them all
        sheet = book.create_sheet(f"台账{i}")
        sheet.append(["化名", "性别", *head, "接收日期"])
        sheet.append([f"无名氏{i:02d}", "女", *typed, "2026-03-06"])
    path = tmp_path / "台账.xlsx"
    book.save(path)
    result = fresh.run("import", str(path))
    assert result.code == 0, (result.out, result.err)
    assert f"个案 {len(heads)}" in result.out, result.out
    out = tmp_path / "导出.xlsx"
    assert fresh.run("ledger", "--out", str(out)).code == 0
    rows = {r["化名"]: r for r in _sheet(out)[1]}
    assert sorted(rows) == [f"无名氏{i:02d}" for i in range(len(heads))]
    expected = [VALUES[f][1] for f in RECOGNITION_FIELDS]
    for alias, row in rows.items():
        printed = [row[h] for h in CONTRACT]
        printed[CONTRACT.index("发现日期")] = str(printed[CONTRACT.index("发现日期")])[:10]
        assert printed == expected, alias


BAD = [
    # (the row's recognition cells that differ from VALUES, the column named, words said)
    ({"height_cm": "高个"}, "身高", "厘米"),
    ({"height_cm": "300"}, "身高", "30到250厘米"),
    ({"birth_year_estimated": "十五岁"}, "估计出生年份", "年份范围"),
    ({"birth_year_estimated": "1990-2010"}, "估计出生年份", "超过15年"),
    ({"found_date": "去年冬天"}, "发现日期", "去年冬天"),
    ({"build": "偏" * 51}, "体型", "太长"),
]


def test_a_bad_value_refuses_its_row_naming_the_column(fresh: Office, tmp_path: Path) -> None:
    header = ["化名", "性别", *CONTRACT, "接收日期"]
    rows = [["无名氏甲", "女", *(VALUES[f][0] for f in RECOGNITION_FIELDS), "2026-03-06"]]
    for i, (cells, _column, _words) in enumerate(BAD):
        typed = [cells.get(f, VALUES[f][0]) for f in RECOGNITION_FIELDS]
        rows.append([f"无名氏{i}", "女", *typed, "2026-03-06"])
    path = write_ledger(tmp_path / "台账.csv", header, rows)
    result = fresh.run("import", str(path))
    assert result.code == 2, (result.out, result.err)
    assert f"有问题 {len(BAD)} 行" in result.out, result.out
    problems = list(load_workbook(path.with_name(path.name + ".problems.xlsx"))["问题"].values)
    found = {row: (column, message) for row, column, message, _sheet in problems[1:]}
    assert sorted(found) == [i + 3 for i in range(len(BAD))]  # row 2 is the good one
    for i, (_cells, column, words) in enumerate(BAD):
        assert found[i + 3][0] == column and words in found[i + 3][1], found[i + 3]
    # Refused: nothing was stored, the good row neither.
    out = tmp_path / "台账.xlsx"
    assert fresh.run("ledger", "--out", str(out)).code == 0
    assert _sheet(out)[1] == []
