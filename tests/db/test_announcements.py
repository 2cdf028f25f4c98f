"""The tracing announcement of a person whose family is sought (issue #15): only under a
tracing consent, a photo only when that consent names 公告中使用照片, published as a tracing
action that keeps the exact text and the photo; when its period ends with no family found,
the 落户 placement plan is proposed, until her identity is known."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import select

from rescuedesk.db import Database
from rescuedesk.errors import ValidationError
from rescuedesk.models import AuditEvent, Case, Consent, TracingAction
from rescuedesk.models.enums import TracingKind
from rescuedesk.services.casefile import photos, records, tasks
from rescuedesk.services.casefile.consents import ConsentRequired
from rescuedesk.services.casefile.tasks import HOUSEHOLD_REGISTRATION_PLAN, Kind
from rescuedesk.services.people import persons
from rescuedesk.services.tracing import announcements
from tests.conftest import Staff
from tests.factories import CASE, new_case, new_person

GUARDIAN = {"given_by": "guardian", "guardian_name": "宜宾市民政局（临时监护）"}


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (300, 400), (180, 30, 40)).save(out, "JPEG")
    return out.getvalue()


def _girl(db: Database, staff: Staff) -> int:
    """An unidentified girl of 12 to 14 with her description; her case's id."""
    pid = new_person(
        db, staff.caseworker, real_name=None, alias="兰兰（化名）", birth_date=None,
        birth_year_earliest=2012, birth_year_latest=2014, called_names=["刘兰兰"],
        height_cm=148, distinguishing_features="左臂有一块褐色胎记", accent_region="四川口音",
        clothing_when_found="红色外套", found_date=dt.date(2026, 3, 5),
        found_place="宜宾市火车站广场",
    )  # fmt: skip
    return new_case(db, staff.caseworker, pid)


def _consent(db: Database, staff: Staff, case_id: int, **values: Any) -> int:
    data = {"purpose": "tracing", "given_on": dt.date(2026, 3, 6), **GUARDIAN, **values}
    with db.write_session() as s:
        return records.add_record(s, staff.caseworker, Consent, case_id, data).record.id


def _photo(db: Database, staff: Staff, case_id: int) -> int:
    with db.write_session() as s:
        return photos.add_photo(s, staff.caseworker, case_id, _jpeg()).record.id


def test_an_announcement_needs_consent_and_a_photo_its_own(db: Database, staff: Staff) -> None:
    cid = _girl(db, staff)
    photo_id = _photo(db, staff, cid)
    with pytest.raises(ConsentRequired, match="寻亲"), db.write_session() as s:
        announcements.preview(s, staff.caseworker, cid)
    _consent(db, staff, cid)
    with db.write_session() as s:
        content = announcements.preview(s, staff.caseworker, cid, period_days=30)
    assert "姓名（自称）：刘兰兰" in content.platform_text()
    assert "目测12至14岁" in content.platform_text() and content.photo is None
    with pytest.raises(ConsentRequired, match="公告中使用照片") as refused, db.write_session() as s:
        announcements.preview(s, staff.caseworker, cid, photo_id=photo_id)
    assert refused.value.field == "photo_id"

    _consent(db, staff, cid, recipients=["public_photo"], given_on=dt.date(2026, 3, 7))
    with db.write_session() as s:
        content = announcements.preview(s, staff.caseworker, cid, photo_id=photo_id)
        stored = photos.photo_content(s, staff.caseworker, photo_id)
    assert content.photo == stored
    with db.read_session() as s:  # each announcement shown is on record, with its photo
        previews = s.scalars(
            select(AuditEvent).where(AuditEvent.action == "preview", AuditEvent.case_id == cid)
        ).all()
    assert len(previews) == 2

    other = _girl(db, staff)  # someone else's photo is not hers to publish
    _consent(db, staff, other, recipients=["public_photo"])
    with pytest.raises(ValidationError, match="没有这张照片"), db.write_session() as s:
        announcements.preview(s, staff.caseworker, other, photo_id=photo_id)
    with db.write_session() as s:
        photos.void_photo(s, staff.caseworker, photo_id, "拍错了人")
    with pytest.raises(ValidationError, match="作废"), db.write_session() as s:
        announcements.preview(s, staff.caseworker, cid, photo_id=photo_id)


def test_publishing_keeps_the_exact_text_and_the_photo(db: Database, staff: Staff) -> None:
    cid = _girl(db, staff)
    photo_id = _photo(db, staff, cid)
    _consent(db, staff, cid, recipients=["public_photo"])
    with db.write_session() as s:
        content = announcements.preview(
            s, staff.caseworker, cid, period_days=30, photo_id=photo_id, day=dt.date(2026, 11, 20)
        )
        action = announcements.publish(
            s, staff.caseworker, cid, medium="全国救助寻亲网", published_on=dt.date(2026, 11, 20),
            period_days=30, photo_id=photo_id, kind=TracingKind.NATIONAL_PLATFORM,
        ).record.id  # fmt: skip
        printed = announcements.publish(
            s, staff.caseworker, cid, medium="宜宾日报", published_on=dt.date(2026, 11, 20),
            period_days=30,
        ).record.id  # fmt: skip
    with db.read_session() as s:
        online = s.get(TracingAction, action)
        paper = s.get(TracingAction, printed)
        assert online is not None and paper is not None and online.case_id == cid
        assert online.announcement_text == content.platform_text()
        assert online.announcement_photo_id == photo_id
        assert online.announcement_medium == "全国救助寻亲网"
        assert online.announcement_published_on == dt.date(2026, 11, 20)
        assert paper.announcement_photo_id is None and paper.announcement_text is not None
        assert paper.announcement_text.startswith("寻亲公告")
        assert "照片" not in paper.announcement_text.splitlines()[0]
        for text in (online.announcement_text, paper.announcement_text):
            assert CASE["police_reference"] not in text and "解救" not in text
    with pytest.raises(ValidationError, match="媒体"), db.write_session() as s:
        announcements.publish(
            s, staff.caseworker, cid, medium=" ", published_on=dt.date(2026, 11, 20),
            period_days=30,
        )  # fmt: skip


def test_a_public_photo_is_a_tracing_consent_only(db: Database, staff: Staff) -> None:
    cid = _girl(db, staff)
    with pytest.raises(ValidationError, match="寻亲同意") as refused:
        _consent(db, staff, cid, purpose="data_sharing", recipients=["public_photo", "police"])
    assert refused.value.field == "recipients"


def test_the_ended_announcement_proposes_household_registration(db: Database, staff: Staff) -> None:
    cid = _girl(db, staff)
    _consent(db, staff, cid)
    with db.write_session() as s:
        announcements.publish(
            s, staff.caseworker, cid, medium="宜宾日报", published_on=dt.date(2026, 9, 1),
            period_days=30,
        )  # fmt: skip

    def ended() -> list[tasks.Task]:
        with db.read_session() as s:
            found = tasks.compute(s, staff.caseworker).items
        return [t for t in found if t.kind == Kind.ANNOUNCEMENT_ENDED]

    [task] = ended()
    assert task.case_id == cid and task.due == dt.date(2026, 10, 1)
    assert task.target == HOUSEHOLD_REGISTRATION_PLAN
    assert dict(task.target.prefill) == {"placement_type": "household_registration"}
    with db.write_session() as s:  # her family is found by name: no 落户 to plan
        person_id = s.scalar(select(Case.person_id).where(Case.id == cid))
        assert person_id is not None
        persons.update_person(
            s, staff.caseworker, person_id, None, {"real_name": "刘兰兰", "identity_known": True}
        )
    assert ended() == []


def test_a_confirmed_inquiry_stops_the_household_registration_task(
    db: Database, staff: Staff
) -> None:
    from rescuedesk.services.tracing import decisions, matching
    from tests.db.test_tracing_matching import _inquiry, _unidentified

    her = _unidentified(db, staff)  # her guardian consented to tracing on 2 November
    with db.write_session() as s:
        announcements.publish(
            s, staff.caseworker, her, medium="宜宾日报", published_on=dt.date(2026, 11, 3),
            period_days=10,
        )  # fmt: skip

    def ended() -> list[int]:
        with db.read_session() as s:
            found = tasks.compute(s, staff.caseworker, kinds=(Kind.ANNOUNCEMENT_ENDED,)).items
        return [t.case_id for t in found]

    assert ended() == [her]
    _inquiry(db, staff)
    with db.write_session() as s:
        match_id = matching.match_all(s, staff.caseworker).candidates[0].match_id
    assert ended() == [her]  # proposed only
    with db.write_session() as s:
        decisions.confirm(s, staff.caseworker, match_id, "家属辨认照片，相符")
    assert ended() == []
