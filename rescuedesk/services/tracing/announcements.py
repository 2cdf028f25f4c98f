"""Tracing announcements (寻亲公告, issue #15): composed from the recorded description of a
person whose family is sought, and published as a tracing action that keeps the exact text
and the photo it showed.

An announcement makes the person's description public, so it needs her (or her guardian's)
consent to tracing in force, and a photo needs that consent to name ``public_photo``
(公告中使用照片). What it may never say (拐, 解救, 买; the case number, the police reference,
the ID number, the household code) is refused by documents/announcement_content.py. When
its period ends with no family found, the home page proposes the 落户 placement plan
(services/casefile/tasks.py).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from rescuedesk import clock
from rescuedesk.documents.announcement_content import (
    AnnouncementContent,
    Contact,
    Description,
    compose,
)
from rescuedesk.errors import ValidationError
from rescuedesk.models import Case, Person, TracingAction, Unit
from rescuedesk.models.enums import ConsentPurpose, TracingKind, TracingOutcome
from rescuedesk.models.photo import PersonPhoto
from rescuedesk.reference.labels import PUBLIC_PHOTO
from rescuedesk.services.casefile import consents, records
from rescuedesk.services.casefile.consents import ConsentRequired
from rescuedesk.services.office import audit
from rescuedesk.services.office.access import ensure_can_write, get_case
from rescuedesk.services.office.context import Actor
from rescuedesk.services.people.persons import Saved

KINDS = (TracingKind.ANNOUNCEMENT, TracingKind.NATIONAL_PLATFORM, TracingKind.MEDIA)


def description_of(person: Person) -> Description:
    """What the person's record says a family could recognise."""
    earliest = person.birth_year_earliest or person.birth_year_estimated
    latest = person.birth_year_latest or person.birth_year_estimated
    return Description(
        called_names=tuple(person.called_names or ()),
        sex=person.sex.value,
        birth_date=person.birth_date,
        birth_year_earliest=earliest,
        birth_year_latest=latest,
        height_cm=person.height_cm,
        health=person.health_description,
        intellectual_state=person.intellectual_state,
        mental_state=person.mental_state,
        features=person.distinguishing_features,
        clothing=person.clothing_when_found,
        found_date=person.found_date,
        found_place=person.found_place,
    )


def _photo(session: Session, case: Case, photo_id: int | None) -> PersonPhoto | None:
    """The person's photo to publish: one of hers, not voided, under a consent to it."""
    if photo_id is None:
        return None
    photo = session.get(PersonPhoto, photo_id)
    owner = session.get(Case, photo.case_id) if photo is not None else None
    if photo is None or owner is None or owner.person_id != case.person_id:
        raise ValidationError("没有这张照片。", field="photo_id")
    if photo.voided_at is not None or photo.content is None:
        raise ValidationError("这张照片已作废，不能用于公告。", field="photo_id")
    if (
        consents.valid_consent(session, case, ConsentPurpose.TRACING, recipient=PUBLIC_PHOTO)
        is None
    ):
        raise ConsentRequired(
            "受助人（或其监护人）的寻亲同意中没有“公告中使用照片”，公告不能使用照片。",
            field="photo_id",
        )
    return photo


def _compose(
    session: Session,
    actor: Actor,
    case_id: int,
    *,
    day: dt.date,
    period_days: int | None,
    photo_id: int | None,
) -> tuple[Case, AnnouncementContent, PersonPhoto | None]:
    case = get_case(session, case_id)
    ensure_can_write(actor, case)
    if consents.valid_consent(session, case, ConsentPurpose.TRACING, on=day) is None:
        raise ConsentRequired(
            "没有受助人（或其监护人）对“寻亲（发布寻亲公告等）”的有效同意，不能生成寻亲公告。",
            field="consent",
        )
    photo = _photo(session, case, photo_id)
    person = session.get(Person, case.person_id)
    unit = session.get(Unit, case.unit_id)
    assert person is not None and unit is not None
    content = compose(
        description_of(person),
        Contact(unit=unit.name, phone=unit.phone, address=unit.address),
        day=day,
        period_days=period_days,
        photo=photo.content if photo is not None else None,
        never={
            "个案编号": case.case_number,
            "公安案件编号": case.police_reference,
            "身份证号": person.id_number,
            "户籍地代码": person.household_registration_code,
        },
    )
    return case, content, photo


def preview(
    session: Session,
    actor: Actor,
    case_id: int,
    *,
    period_days: int | None = None,
    photo_id: int | None = None,
    day: dt.date | None = None,
) -> AnnouncementContent:
    """The announcement as it would be published (PDF: documents/announcement_pdf.py;
    the platform's text: AnnouncementContent.platform_text), nothing written but the
    audit of reading the person's description."""
    case, content, photo = _compose(
        session, actor, case_id, day=day or clock.today(), period_days=period_days,
        photo_id=photo_id,
    )  # fmt: skip
    audit.record(
        session,
        actor,
        "preview",
        "case_file",
        case.id,
        case_id=case.id,
        person_id=case.person_id,
        changes={"type": "announcement", "photo_sha256": photo.sha256 if photo else None},
    )
    return content


def published_text(content: AnnouncementContent, kind: TracingKind) -> str:
    """What the medium carries: the platform's form, or the announcement as printed."""
    return content.platform_text() if kind == TracingKind.NATIONAL_PLATFORM else content.all_text()


def publish(
    session: Session,
    actor: Actor,
    case_id: int,
    *,
    medium: str,
    published_on: dt.date,
    period_days: int,
    photo_id: int | None = None,
    kind: TracingKind = TracingKind.ANNOUNCEMENT,
) -> Saved:
    """Record that the announcement was published (where, when, for how long) with the
    exact text and the photo it showed: a tracing action of the case, audited with it."""
    if kind not in KINDS:
        raise ValidationError("寻亲公告应为公告、全国救助寻亲网或媒体发布。", field="kind")
    if not medium.strip():
        raise ValidationError("请填写发布的媒体，如全国救助寻亲网或报纸名称。", field="medium")
    if period_days <= 0:
        raise ValidationError("公告期应为正数天。", field="period_days")
    _case, content, photo = _compose(
        session, actor, case_id, day=published_on, period_days=period_days, photo_id=photo_id
    )
    text = published_text(content, kind)
    return records.add_record(
        session,
        actor,
        TracingAction,
        case_id,
        {
            "kind": kind,
            "action_date": published_on,
            "announcement_published_on": published_on,
            "announcement_period_days": period_days,
            "announcement_medium": medium.strip(),
            "outcome": TracingOutcome.PENDING,
        },
        managed={
            "announcement_text": text,
            "announcement_photo_id": photo.id if photo is not None else None,
        },
    )
