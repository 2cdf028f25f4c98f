"""Families' inquiries (issue #15) through the service, on both engines: who may handle them,
what the audit trail keeps of them (which fields, never a family's name or telephone), and
the retention purge of a closed inquiry and of the matches of a purged case."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from sqlalchemy import select

from rescuedesk import clock
from rescuedesk.db import Database
from rescuedesk.errors import (
    ConflictError,
    NotFound,
    PermissionDenied,
    RuleViolation,
    ValidationError,
)
from rescuedesk.models import AuditEvent, Case
from rescuedesk.models.inquiry import InquiryMatch, TracingInquiry
from rescuedesk.services.casefile import cases, retention
from rescuedesk.services.office import settings
from rescuedesk.services.tracing import inquiries
from tests.conftest import FIXED_NOW, Staff
from tests.factories import new_case

FAMILY = {
    "inquiry_number": "Q-2026-014",
    "inquirer_name": "刘大山",
    "inquirer_relation": "父亲",
    "inquirer_phone": "13812345678",
    "missing_name": "牛兰兰",
    "missing_nicknames": "兰兰，小兰",
    "sex": "女",
    "birth_year": "2012年",
    "missing_date": "2019.5",
    "missing_place": "宜宾县",
    "home_dialect": "四川话",
    "height_cm": "1.2米",
    "features": "左耳后有一颗痣",
}
PERSONAL = ("刘大山", "13812345678", "牛兰兰", "左耳后", "宜宾")


def _add(db: Database, staff: Staff, **changes: str) -> int:
    with db.write_session() as s:
        return inquiries.add_inquiry(s, staff.caseworker, {**FAMILY, **changes}).id


def _trail(db: Database) -> str:
    with db.read_session() as s:
        events = s.scalars(select(AuditEvent).where(AuditEvent.entity == inquiries.ENTITY))
        return json.dumps([[e.action, e.changes, e.reason] for e in events], ensure_ascii=False)


def test_an_inquiry_is_stored_as_the_family_gave_it(db: Database, staff: Staff) -> None:
    inquiry_id = _add(db, staff)
    with db.read_session() as s:
        i = s.get(TracingInquiry, inquiry_id)
        assert i is not None
        assert i.missing_nicknames == ["兰兰", "小兰"]
        assert (i.birth_year, i.height_cm, i.source, i.status) == (2012, 120, "family", "open")
        assert (i.missing_date, i.missing_date_precision) == (dt.date(2019, 5, 1), "month")
        assert i.missing_place_code == "511504"  # 宜宾县, today 叙州区
        assert (i.home_dialect, i.home_dialect_code) == ("四川话", "xinan.chuanyu")
        assert i.received_on == FIXED_NOW.date() and i.unit_id == staff.unit_id


def test_every_problem_is_named_and_a_number_is_the_units_once(db: Database, staff: Staff) -> None:
    with pytest.raises(ValidationError) as caught, db.write_session() as s:
        inquiries.add_inquiry(
            s,
            staff.caseworker,
            {**FAMILY, "missing_name": "", "missing_nicknames": "", "height_cm": "3米"},
        )
    assert {e.field for e in caught.value.errors} == {"missing_name", "height_cm"}
    _add(db, staff)
    with pytest.raises(ValidationError, match="查询编号已存在"), db.write_session() as s:
        inquiries.add_inquiry(s, staff.caseworker, FAMILY)
    # Another unit may use the same number for its own inquiry.
    with db.write_session() as s:
        assert inquiries.add_inquiry(s, staff.other_unit_caseworker, FAMILY).id


def test_only_caseworkers_and_supervisors_of_the_unit_handle_inquiries(
    db: Database, staff: Staff
) -> None:
    inquiry_id = _add(db, staff)
    for outsider in (staff.admin, staff.statistician):
        with pytest.raises(PermissionDenied), db.write_session() as s:
            inquiries.list_inquiries(s, outsider)
        with pytest.raises(PermissionDenied), db.write_session() as s:
            inquiries.add_inquiry(s, outsider, {**FAMILY, "inquiry_number": "X-1"})
    with pytest.raises(NotFound), db.write_session() as s:
        inquiries.close_inquiry(s, staff.other_unit_caseworker, inquiry_id, "不是本单位的")
    with db.write_session() as s:
        assert inquiries.list_inquiries(s, staff.other_unit_caseworker) == []
        assert [r.id for r in inquiries.list_inquiries(s, staff.caseworker2)] == [inquiry_id]
        assert [r.id for r in inquiries.list_inquiries(s, staff.supervisor)] == [inquiry_id]


def test_edits_keep_the_precision_and_refuse_a_stale_form(db: Database, staff: Staff) -> None:
    inquiry_id = _add(db, staff)
    with db.write_session() as s:
        edited = inquiries.edit_inquiry(
            s, staff.caseworker, inquiry_id, {"height_cm": "125"}, expected_version=1
        )
        assert (edited.height_cm, edited.missing_date_precision) == (125, "month")
    with pytest.raises(ConflictError) as stale, db.write_session() as s:
        inquiries.edit_inquiry(s, staff.caseworker2, inquiry_id, {"features": "x"}, 1)
    assert stale.value.fields == ["height_cm"]
    with pytest.raises(ValidationError, match="DNA"), db.write_session() as s:
        inquiries.edit_inquiry(s, staff.caseworker, inquiry_id, {"features": "采血编号 A-778"})


def test_the_trail_says_what_was_done_never_the_familys_details(db: Database, staff: Staff) -> None:
    inquiry_id = _add(db, staff)
    with db.write_session() as s:
        inquiries.edit_inquiry(s, staff.caseworker, inquiry_id, {"inquirer_phone": "13900001111"})
        rows = inquiries.list_inquiries(s, staff.caseworker)
        assert rows[0].inquirer_phone == "13900001111"
        inquiries.close_inquiry(s, staff.caseworker, inquiry_id, "刘大山来电说已找到")
    trail = _trail(db)
    for action in ('"create"', '"update"', '"list"', '"close"', "inquirer_phone"):
        assert action in trail, (action, trail)
    for value in (*PERSONAL, "13900001111", "已找到"):
        assert value not in trail, (value, trail)


def _jpeg_with_gps() -> bytes:
    from PIL import Image

    image = Image.new("RGB", (2000, 1000), (200, 120, 90))
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (45.0, 45.0, 0.0)}  # GPS: where the family lives
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_the_familys_photo_is_kept_without_its_metadata(db: Database, staff: Staff) -> None:
    inquiry_id = _add(db, staff)
    raw = _jpeg_with_gps()
    with db.write_session() as s:
        inquiries.set_photo(s, staff.caseworker, inquiry_id, raw)
    with pytest.raises(ValidationError), db.write_session() as s:
        inquiries.set_photo(s, staff.caseworker, inquiry_id, b"not an image")
    with db.read_session() as s:
        i = s.get(TracingInquiry, inquiry_id)
        assert i is not None and i.photo and i.photo_thumbnail
        assert i.photo != raw and b"Exif" not in i.photo and len(i.photo) < len(raw) * 4
        from PIL import Image

        assert Image.open(io.BytesIO(i.photo)).size == (1600, 800)
    assert '"sha256"' in _trail(db)


def test_a_closed_inquiry_is_purged_after_the_retention_period(db: Database, staff: Staff) -> None:
    inquiry_id = _add(db, staff)
    case_id = new_case(db, staff.caseworker)
    with db.write_session() as s:
        person_id = s.get(Case, case_id).person_id  # type: ignore[union-attr]
        s.add(
            InquiryMatch(
                inquiry_id=inquiry_id,
                case_id=case_id,
                person_id=person_id,
                score=80,
                reasons=["小名读音相同"],
                scorer_version=1,
                status="dismissed",
                decision_reason="年龄不符",
            )
        )
        settings.set_value(s, staff.admin, "retention_years", 5)
    with pytest.raises(RuleViolation, match="保存期限"), db.write_session() as s:
        inquiries.purge_inquiry(s, staff.supervisor, inquiry_id, "到期")  # still open
    with db.write_session() as s:
        inquiries.set_photo(s, staff.caseworker, inquiry_id, _jpeg_with_gps())
        inquiries.close_inquiry(s, staff.caseworker, inquiry_id, "家属撤回")
    with pytest.raises(RuleViolation, match="2031年11月25日"), db.write_session() as s:
        inquiries.purge_inquiry(s, staff.supervisor, inquiry_id, "到期")
    clock.set_clock(lambda: FIXED_NOW + dt.timedelta(days=5 * 366))
    with pytest.raises(PermissionDenied), db.write_session() as s:
        inquiries.purge_inquiry(s, staff.caseworker, inquiry_id, "到期")
    with pytest.raises(ValidationError, match="姓名"), db.write_session() as s:
        inquiries.purge_inquiry(s, staff.supervisor, inquiry_id, "牛兰兰的查询到期")
    with db.write_session() as s:
        inquiries.purge_inquiry(s, staff.supervisor, inquiry_id, "保存期满")
    with db.read_session() as s:
        i = s.get(TracingInquiry, inquiry_id)
        assert i is not None and i.purged_at is not None
        assert (i.missing_name, i.inquirer_phone, i.features, i.missing_place) == (None,) * 4
        assert (i.photo, i.photo_thumbnail) == (None, None)
        assert (i.missing_nicknames, i.close_reason, i.inquiry_number) == (
            [],
            "已清除",
            "Q-2026-014",
        )
        match = s.scalars(select(InquiryMatch)).one()
        assert (match.reasons, match.decision_reason, match.score) == ([], "已清除", 80)


def test_a_purged_case_leaves_its_matches_without_reasons(db: Database, staff: Staff) -> None:
    inquiry_id = _add(db, staff)
    case_id = new_case(db, staff.caseworker)
    with db.write_session() as s:
        person_id = s.get(Case, case_id).person_id  # type: ignore[union-attr]
        s.add(
            InquiryMatch(
                inquiry_id=inquiry_id,
                case_id=case_id,
                person_id=person_id,
                score=75,
                reasons=["姓名读音相近（n/l 不分）", "口音与走失地相符"],
                scorer_version=1,
                status="confirmed",
                decision_reason="照片相符，已请公安比对",
            )
        )
        settings.set_value(s, staff.admin, "retention_years", 5)
        cases.request_closure(s, staff.caseworker, case_id, "已回归家庭")
        cases.approve_closure(s, staff.supervisor, case_id)
    clock.set_clock(lambda: FIXED_NOW + dt.timedelta(days=5 * 366))
    with db.write_session() as s:
        retention.purge_case(s, staff.supervisor, case_id, "保存期满")
    with db.read_session() as s:
        match = s.scalars(select(InquiryMatch)).one()
        assert (match.reasons, match.decision_reason) == ([], "已清除")
        assert (match.score, match.status) == (75, "confirmed")
        assert s.get(TracingInquiry, inquiry_id).missing_name == "牛兰兰"  # type: ignore[union-attr]
