"""A ledger names nationality and language as people write them (越南, 越南语), issue #13:
the import stores the codes, the export prints the names, and reading it back keeps the codes."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import select

from rescuedesk.db import Database
from rescuedesk.ledger.mapping import FIELDS, propose
from rescuedesk.ledger.normalize import normalise_row
from rescuedesk.ledger.reader import read_rows
from rescuedesk.models import Person
from tests.conftest import Staff
from tests.factories import import_ledger, write_ledger

HEADER = ["姓名", "性别", "国籍", "语言", "解救日期", "接收日期"]


def test_nationality_and_languages_by_name_round_trip(
    db: Database, staff: Staff, tmp_path: Path
) -> None:
    from rescuedesk.services.ledger.ledger_export import export_ledger

    rows = [
        ["阮氏梅", "女", "越南", "越南语、粤语", "2024-03-01", "2024-03-02"],
        ["Aye Aye", "女", "Myanmar", "my", "2024-04-01", "2024-04-02"],
        ["Noy", "女", "LA", "老挝语", "2024-05-01", "2024-05-02"],
        ["无名", "女", "火星", "", "2024-05-01", "2024-05-02"],  # no country
    ]
    path = write_ledger(tmp_path / "台账.csv", HEADER, rows)
    result = import_ledger(db, staff.caseworker, path, valid_only=True)
    assert result.imported == 3
    assert [(p.row, p.column) for p in result.problems] == [(5, "国籍")]
    assert "火星" in result.problems[0].message

    def stored(database: Database) -> list[tuple[str, str, list[str]]]:
        with database.read_session() as s:
            found = s.execute(select(Person.real_name, Person.nationality, Person.languages))
            return sorted((n or "", c, list(langs)) for n, c, langs in found)

    assert stored(db) == [
        ("Aye Aye", "MMR", ["my"]),
        ("Noy", "LAO", ["lo"]),
        ("阮氏梅", "VNM", ["vi", "yue"]),
    ]

    out = tmp_path / "台账导出.xlsx"
    with db.write_session() as s:
        export_ledger(s, staff.caseworker, out)
    sheet = load_workbook(out)["台账"]
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    printed = {
        row[header.index("姓名")]: (row[header.index("国籍")], row[header.index("语言")])
        for row in sheet.iter_rows(min_row=2, values_only=True)
    }
    assert printed["阮氏梅"] == ("越南", "越南语、粤语")
    assert printed["Noy"] == ("老挝", "老挝语")

    # Read back as the import reads a file: the names give the same codes.
    headers, rows_read = read_rows(out)
    mapping = propose(headers)
    back = {
        values["real_name"]: (values["nationality"], values.get("languages") or [])
        for values in (normalise_row(raw, mapping, FIELDS)[0] for _n, raw in rows_read)
    }
    assert {n: back[n] for n, _c, _l in stored(db)} == {n: (c, langs) for n, c, langs in stored(db)}
