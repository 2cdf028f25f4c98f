"""The de-identified export, however it is made fast, writes byte for byte what the plain
way writes: every case read as ORM objects, every row generalised and written on its own
(the export as it was before issue #16 made it column-wise)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

import numpy as np
import pytest
from sqlalchemy import select, update

from rescuedesk.db import Database
from rescuedesk.models import Case, MedicalCare, Person, Placement
from rescuedesk.privacy import hierarchies as hz
from rescuedesk.privacy.kanon import Encoded, search
from rescuedesk.privacy.risk import report
from rescuedesk.services.demo import demo_data
from rescuedesk.services.office.context import Actor
from rescuedesk.services.reports.exports import (
    _csv_bytes,
    plan_export,
    pseudonym,
    pseudonym_key,
    pseudonyms,
)

PASSPHRASE = "口令-reference"


@pytest.fixture
def odd_demo(db: Database) -> Database:
    """Demo persons, and the cases the export must treat with care: a merged person, voided
    placements and care, ages known only by year, unknown, or born after the rescue."""
    with db.write_session() as s:
        demo_data.generate(s, Actor.system("t"), 300, seed=16, today=dt.date(2026, 11, 1))
    with db.write_session() as s:
        ids = list(s.scalars(select(Person.id).order_by(Person.id)))
        s.execute(update(Person).where(Person.id == ids[1]).values(merged_into_id=ids[0]))
        s.execute(
            update(Person)
            .where(Person.id.in_(ids[2:40]))
            .values(birth_date=None, birth_year_estimated=1990)
        )
        s.execute(
            update(Person)
            .where(Person.id.in_(ids[40:50]))
            .values(birth_date=None, birth_year_estimated=None)
        )
        s.execute(
            update(Person).where(Person.id.in_(ids[50:55])).values(birth_date=dt.date(2030, 1, 1))
        )
        voided = dt.datetime(2026, 11, 2, 9, 0)
        for model in (Placement, MedicalCare):
            first = list(s.scalars(select(model.id).order_by(model.id).limit(20)))
            s.execute(update(model).where(model.id.in_(first[::2])).values(voided_at=voided))
    return db


def _reference(
    db: Database, k: int, l_div: int, limit: float, sensitive: list[str]
) -> tuple[bytes, dict[str, Any]]:
    """The CSV and the report, row by row from ORM objects."""
    raw, person_ids, values, groups = [], [], {n: [] for n in sensitive}, []  # type: ignore[var-annotated]
    with db.read_session() as s:
        pairs = s.execute(
            select(Case, Person)
            .join(Person, Person.id == Case.person_id)
            .where(Person.merged_into_id.is_(None))
            .order_by(Case.id)
        ).all()
        for case, person in pairs:
            day = case.rescue_date or case.intake_date
            age = person.age_on(day)
            age = age if age is None or age >= 0 else 0
            nation = person.nationality
            raw.append(
                (
                    person.sex.value,
                    age,
                    nation,
                    person.ethnicity if nation == "CHN" else "FOREIGN",
                    person.household_registration_code,
                    day,
                )
            )
            person_ids.append(person.id)
            placement = s.scalars(
                select(Placement)
                .where(Placement.case_id == case.id, Placement.voided_at.is_(None))
                .order_by(Placement.id.desc())
            ).first()
            care = s.scalars(
                select(MedicalCare.kind).where(
                    MedicalCare.case_id == case.id, MedicalCare.voided_at.is_(None)
                )
            ).all()
            row = {
                "placement_type": placement.placement_type.value if placement else "none",
                "care": "+".join(sorted({c.value for c in care})) or "none",
                "disability": "yes" if person.has_disability else "no",
                "stage": case.stage.value,
            }
            for name in sensitive:
                values[name].append(row[name])
            sex = {"female": "女", "male": "男"}.get(person.sex.value, "不详")
            groups.append(
                f"{sex}·{'中国籍' if nation == 'CHN' else '外国籍'}"
                f"·{'未成年' if age is not None and age < 18 else '成年'}"
            )
    enc = Encoded(hz.QUASI_IDENTIFIERS, raw)
    codes = {n: np.unique(np.array(v), return_inverse=True)[1] for n, v in values.items()}
    result = search(enc, k, l_div, codes, limit)
    node = result.best
    assert node is not None
    risk = report(enc, node, codes, groups, k, l_div, limit)
    risk["lattice"] = {"nodes": result.lattice_size, "evaluated": result.evaluated}
    columns = [h.column for h in hz.QUASI_IDENTIFIERS]
    risk.update(quasi_identifiers=columns, sensitive=sensitive)
    key = pseudonym_key("reference", PASSPHRASE)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    origin = columns.index(hz.ORIGIN.column)
    header = ["pseudonym", *columns[: origin + 1], "origin_region_name", *columns[origin + 1 :]]
    writer.writerow([*header, *sensitive])
    for i, person_id in enumerate(person_ids):
        if node.suppressed[i]:
            continue
        labels = [enc.label(j, level, i) for j, level in enumerate(node.levels)]
        labels.insert(origin + 1, hz.origin_name(labels[origin]))
        writer.writerow([pseudonym(key, person_id), *labels, *(values[n][i] for n in sensitive)])
    return buffer.getvalue().encode("utf-8-sig"), risk


@pytest.mark.parametrize(
    ("k", "l_div", "limit", "sensitive"),
    [
        (11, 2, 0.05, ["placement_type"]),
        (5, 2, 0.05, ["placement_type", "care", "disability", "stage"]),
        (3, 1, 0.10, ["care"]),
    ],
)
def test_the_export_is_what_the_plain_way_writes(
    odd_demo: Database, k: int, l_div: int, limit: float, sensitive: list[str]
) -> None:
    expected, expected_report = _reference(odd_demo, k, l_div, limit, sensitive)
    ticks: list[tuple[int, int]] = []
    with odd_demo.read_session() as s:
        plan = plan_export(
            s,
            Actor.system("t"),
            k=k,
            l_div=l_div,
            suppression_limit=limit,
            sensitive=sensitive,
            recipient="reference",
            passphrase=PASSPHRASE,
        )
    data = _csv_bytes(plan, lambda done, total: ticks.append((done, total)) or True)
    assert data == expected
    assert json.dumps(plan.report, ensure_ascii=False) == json.dumps(
        expected_report, ensure_ascii=False
    )
    rows_out = plan.report["rows_out"]
    assert ticks[-1] == (rows_out, rows_out)
    # The rows as lists (the XLSX's) are the CSV's.
    reread = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert [plan.header, *plan.rows] == reread


def test_pseudonyms_are_hmac_sha256_of_each_id() -> None:
    ids = [1, 7, 42, 99_999, 1_000_000, 123_456_789]
    for key in (b"\x00" * 32, bytes(range(32)), b"k" * 64, b"longer than a block" * 5):
        assert pseudonyms(key, ids) == [pseudonym(key, i) for i in ids]


def test_the_csv_reports_its_progress_and_can_be_cancelled(
    odd_demo: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rescuedesk.progress import Cancelled
    from rescuedesk.services.reports import exports

    with odd_demo.read_session() as s:
        plan = plan_export(s, Actor.system("t"), k=3, l_div=1, passphrase=PASSPHRASE)
    monkeypatch.setattr(exports, "BLOCK", 50)  # several blocks of these few hundred rows
    ticks: list[tuple[int, int]] = []
    _csv_bytes(plan, lambda done, total: ticks.append((done, total)) or True)
    total = plan.report["rows_out"]
    assert ticks == [(d, total) for d in [*range(50, total, 50), total, total]]
    with pytest.raises(Cancelled):
        _csv_bytes(plan, lambda done, total: done < 100)


def test_the_xlsx_holds_the_csv_rows(odd_demo: Database) -> None:
    from openpyxl import load_workbook

    from rescuedesk.services.reports.exports import _xlsx_bytes

    with odd_demo.read_session() as s:
        plan = plan_export(s, Actor.system("t"), k=5, l_div=2, passphrase=PASSPHRASE)
    ticks: list[tuple[int, int]] = []
    data = _xlsx_bytes(plan, lambda done, total: ticks.append((done, total)) or True)
    book = load_workbook(io.BytesIO(data), read_only=True)
    rows = [[c or "" for c in row] for row in book["export"].iter_rows(values_only=True)]
    reread = list(csv.reader(io.StringIO(_csv_bytes(plan).decode("utf-8-sig"))))
    assert rows == reread
    assert ticks[-1] == (plan.report["rows_out"], plan.report["rows_out"])
