"""De-identified exports, verified by an independent library (pycanon)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from pathlib import Path

import pandas as pd
import pytest
import pyzipper
from pycanon import anonymity
from sqlalchemy import select

from rescuedesk.db import Database
from rescuedesk.errors import PermissionDenied, RuleViolation
from rescuedesk.models import AuditEvent, Case, Person
from rescuedesk.services.demo import demo_data
from rescuedesk.services.office.context import Actor
from rescuedesk.services.reports.exports import plan_export, write_export
from tests.conftest import Staff

QI = ["sex", "age_band", "nationality", "ethnicity", "origin_region", "rescue_period"]


@pytest.fixture
def demo(db: Database) -> Database:
    with db.write_session() as s:
        demo_data.generate(s, Actor.system("t"), 400, seed=11)
    return db


def _export(db: Database, actor: Actor, out: Path, **kw) -> dict:  # type: ignore[no-untyped-def,type-arg]
    password = kw.pop("password", None)
    with db.write_session() as s:
        plan = plan_export(s, actor, passphrase="口令-test", **kw)
        write_export(s, actor, plan, out, purpose="测试", password=password)
    return json.loads(out.with_name(out.name + ".report.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("k", "l_div", "sensitive"),
    [(11, 2, ["placement_type"]), (5, 2, ["placement_type", "stage"]), (3, 1, ["care"])],
)
def test_export_meets_k_and_l_checked_by_pycanon(
    demo: Database, tmp_path: Path, k: int, l_div: int, sensitive: list[str]
) -> None:
    out = tmp_path / "export.csv"
    report = _export(demo, Actor.system("t"), out, k=k, l_div=l_div, sensitive=sensitive)
    df = pd.read_csv(out, dtype=str, encoding="utf-8-sig")
    assert list(df.columns) == ["pseudonym", *QI[:5], "origin_region_name", QI[5], *sensitive]
    assert anonymity.k_anonymity(df, QI) >= k
    if l_div > 1:
        assert anonymity.l_diversity(df, QI, sensitive) >= l_div
    assert report["achieved_k"] >= k and report["rows_out"] == len(df)
    assert report["rows_suppressed"] <= 0.05 * report["rows_in"]
    assert set(report) >= {
        "quasi_identifiers",
        "sensitive",
        "k",
        "l",
        "suppression_limit",
        "achieved_k",
        "achieved_l",
        "rows_in",
        "rows_out",
        "levels",
        "prosecutor_risk",
        "group_size_histogram",
        "information_loss",
        "sha256",
    }


def test_no_direct_identifier_leaves(demo: Database, tmp_path: Path) -> None:
    out = tmp_path / "export.csv"
    _export(demo, Actor.system("t"), out, k=5, l_div=2)
    text = out.read_text(encoding="utf-8-sig")
    cells = [c for line in text.splitlines() for c in line.split(",")]
    for cell in cells:  # (a hex pseudonym may contain digit runs: look at whole cells)
        assert not re.fullmatch(r"\d{17}[\dX]", cell)  # ID numbers
        assert not re.fullmatch(r"1[3-9]\d{9}", cell)  # mobile phones
    with demo.read_session() as s:
        names = {n for p in s.scalars(select(Person)) for n in (p.real_name, p.alias) if n}
        numbers = set(s.scalars(select(Case.case_number)))
    assert not any(name in text for name in names)
    assert not any(number in text for number in numbers)


def test_no_recognition_field_leaves(demo: Database, tmp_path: Path) -> None:
    """What helps a family recognise someone (issue #15) singles a person out: none of it is
    in the de-identified export, under any choice of sensitive attributes."""
    from rescuedesk.ledger.mapping import RECOGNITION_FIELDS, SYNONYMS
    from rescuedesk.services.reports.exports import SENSITIVE

    out = tmp_path / "export.csv"
    _export(demo, Actor.system("t"), out, k=2, l_div=1, sensitive=list(SENSITIVE))
    df = pd.read_csv(out, dtype=str, encoding="utf-8-sig")
    headers = {h for f in RECOGNITION_FIELDS for h in (f, *SYNONYMS[f])}
    assert list(df.columns) == ["pseudonym", *QI[:5], "origin_region_name", QI[5], *SENSITIVE]
    assert not headers & set(df.columns)
    with demo.read_session() as s:  # the texts and dates (a number may equal a band's)
        described = {
            str(v)
            for p in s.scalars(select(Person).where(Person.identity_known.is_(False)))
            for v in (getattr(p, f) for f in RECOGNITION_FIELDS)
            if isinstance(v, str | dt.date)
        }
    assert len(described) > 20  # the demo describes its unidentified persons
    cells = set(df.to_numpy().ravel())
    assert not described & cells


def test_pseudonyms_stable_per_recipient_and_unlinkable_across(
    demo: Database, tmp_path: Path
) -> None:
    def ids(name: str, recipient: str) -> set[str]:
        out = tmp_path / name
        _export(demo, Actor.system("t"), out, k=3, l_div=1, recipient=recipient)
        return set(pd.read_csv(out, dtype=str, encoding="utf-8-sig")["pseudonym"])

    a1, a2, b = ids("a1.csv", "妇联研究"), ids("a2.csv", "妇联研究"), ids("b.csv", "高校")
    assert a1 == a2
    assert not a1 & b


def test_xlsx_in_an_encrypted_zip_and_the_audit(demo: Database, tmp_path: Path) -> None:
    out = tmp_path / "export.xlsx"
    report = _export(demo, Actor.system("t"), out, k=5, l_div=2, password="zip-密码")
    archive_path = out.with_name("export.xlsx.zip")
    with pyzipper.AESZipFile(archive_path) as archive:
        archive.setpassword("zip-密码".encode())
        data = archive.read("export.xlsx")
    assert data[:2] == b"PK"
    with pytest.raises(RuntimeError), pyzipper.AESZipFile(archive_path) as archive:
        archive.setpassword(b"wrong")
        archive.read("export.xlsx")
    digest = hashlib.sha256(archive_path.read_bytes()).hexdigest()
    assert report["sha256"] == digest
    with demo.read_session() as s:
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "export")).one()
        assert event.changes["sha256"] == digest and event.reason == "测试"


def test_refusals(demo: Database, staff: Staff, tmp_path: Path) -> None:
    with pytest.raises(RuleViolation, match="无法达到"), demo.write_session() as s:
        plan_export(s, Actor.system("t"), k=401, passphrase="x")  # more than there are rows
    with pytest.raises(PermissionDenied), demo.write_session() as s:
        plan_export(s, staff.caseworker, passphrase="x")
    # A statistician may export, but only their unit's cases (none here).
    with pytest.raises(RuleViolation, match="没有可以导出"), demo.write_session() as s:
        plan_export(s, staff.statistician, k=2, l_div=1, passphrase="x")


def test_a_photo_never_leaves_in_a_de_identified_export(demo: Database, tmp_path: Path) -> None:
    from rescuedesk.errors import ValidationError
    from rescuedesk.services.casefile import photos
    from tests.db.test_photos import camera_jpeg

    with demo.write_session() as s:
        case_id = s.scalars(select(Case.id).order_by(Case.id)).first()
        assert case_id is not None
        photo = photos.add_photo(s, Actor.system("t"), case_id, camera_jpeg(400, 300), {})
        thumb = photo.record.thumbnail
    with pytest.raises(ValidationError, match="未知的敏感属性"), demo.write_session() as s:
        plan_export(s, Actor.system("t"), k=5, passphrase="x", sensitive=["photo"])
    out = tmp_path / "export.csv"
    _export(demo, Actor.system("t"), out, k=3, l_div=1, sensitive=["placement_type", "care"])
    data = out.read_bytes()
    header = data.decode("utf-8-sig").splitlines()[0]
    assert not {"photo", "content", "thumbnail", "sha256"} & set(header.split(","))
    assert thumb[:48] not in data and thumb[:48].hex().encode() not in data
