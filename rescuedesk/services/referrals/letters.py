"""Referral letters: templates (shipped, and per-unit edited versions), issuing a letter
(consent, number, referral record, register, audit), reprints and return slips."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import re
import secrets
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rescuedesk import clock
from rescuedesk.documents import letter_content
from rescuedesk.documents.letter_content import LetterContent, compose
from rescuedesk.errors import DomainError, NotFound, ValidationError
from rescuedesk.models import (
    Case,
    LetterRegister,
    LetterTemplate,
    PartnerAgency,
    Person,
    Referral,
    Setting,
    Unit,
    User,
)
from rescuedesk.models.enums import ConsentPurpose, Role, Sex
from rescuedesk.models.photo import PersonPhoto
from rescuedesk.reference import places
from rescuedesk.services.casefile import consents, numbering, records
from rescuedesk.services.office import audit
from rescuedesk.services.office.access import Action, ensure_can_write, ensure_role, get_case
from rescuedesk.services.office.context import Actor
from rescuedesk.services.referrals import replies

TEMPLATE_DIR = Path(__file__).resolve().parents[3] / "resources" / "letter_templates"
NUMBER_KIND = "referral_letter"
CHECKSUM_SETTING = "letter_checksum_key"
SEX_WORDS = {Sex.MALE: "男", Sex.FEMALE: "女", Sex.UNKNOWN: "性别不详"}


@lru_cache(maxsize=1)
def shipped_templates() -> dict[str, dict[str, Any]]:
    templates = {}
    for path in sorted(TEMPLATE_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        templates[data["type"]] = data
    return templates


def letter_types() -> list[tuple[str, str]]:
    return [(code, t["label"]) for code, t in shipped_templates().items()]


def _shipped(letter_type: str) -> dict[str, Any]:
    template = shipped_templates().get(letter_type)
    if template is None:
        codes = "、".join(shipped_templates())
        raise ValidationError(f"没有“{letter_type}”这种转介函（可选：{codes}）。", field="to")
    return template


def load_template(session: Session, unit_id: int, letter_type: str) -> tuple[dict[str, Any], int]:
    """The unit's newest version of a template (version 0: the shipped original)."""
    original = _shipped(letter_type)
    row = session.scalar(
        select(LetterTemplate)
        .where(LetterTemplate.unit_id == unit_id, LetterTemplate.letter_type == letter_type)
        .order_by(LetterTemplate.version.desc())
        .limit(1)
    )
    if row is None:
        return original, 0
    return (original if row.restored_original else _edited(original, row.content)), row.version


def _edited(original: dict[str, Any], content: dict[str, Any]) -> dict[str, Any]:
    """A unit's version of a template: its words, the shipped one's recipient. An edit
    never turns a letter to a school into one to the police, which may be told the case."""
    fixed = {"type": original["type"], "recipient_type": letter_content.recipient_type(original)}
    return {**content, **fixed}


def save_template(
    session: Session,
    actor: Actor,
    unit_id: int,
    letter_type: str,
    content: dict[str, Any],
    *,
    restore_original: bool = False,
) -> int:
    """An administrator saves a new version of the unit's template (or restores the
    original); earlier versions stay, so a letter can be traced to what it was made from."""
    ensure_role(actor, Role.ADMIN, what="修改转介函模板")
    original = _shipped(letter_type)
    content = dict(original) if restore_original else _edited(original, content)
    letter_content.check_template(content)
    _, current = load_template(session, unit_id, letter_type)
    row = LetterTemplate(
        unit_id=unit_id,
        letter_type=letter_type,
        version=current + 1,
        content=content,
        restored_original=restore_original,
        saved_at=clock.now(),
        saved_by_id=actor.user_id,
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor,
        "template_restored" if restore_original else "template_saved",
        "letter_template",
        row.id,
        changes={"type": letter_type, "version": row.version},
    )
    return row.version


def _checksum_key(session: Session) -> bytes:
    row = session.get(Setting, CHECKSUM_SETTING)
    if row is None:
        row = Setting(
            key=CHECKSUM_SETTING, value={"value": secrets.token_hex(32)}, updated_at=clock.now()
        )
        session.add(row)
        session.flush()
    return bytes.fromhex(row.value["value"])


def checksum(session: Session, unit_code: str, number: str) -> str:
    mac = hmac.new(_checksum_key(session), f"{unit_code}|{number}".encode(), hashlib.sha256)
    return mac.hexdigest()[:10]


def qr_payload(unit_code: str, year: int, serial: int, check: str) -> str:
    # Upper-case letters, digits and ':' only: QR alphanumeric mode, a small, quick code.
    return f"RD1:{unit_code}:{year}:{serial:04d}:{check.upper()}"


def _age_text(person: Person, on: dt.date) -> str:
    age = person.age_on(on)
    if age is None:
        return "年龄不详"
    return f"{age}岁" if person.birth_date else f"约{age}岁"


def _rescue_place(case: Case) -> str:
    """Where the person was rescued as the caseworker wrote it, else the place of its code."""
    return case.rescue_place or places.display(case.rescue_place_code)


def _facts(
    session: Session,
    actor: Actor,
    case,
    template: dict[str, Any],  # type: ignore[no-untyped-def]
    recipient: str,
    service: str,
) -> dict[str, str]:
    person = session.get(Person, case.person_id)
    unit = session.get(Unit, case.unit_id)
    assert person is not None and unit is not None
    worker = session.get(User, actor.user_id) if actor.user_id else None
    if worker is None and case.caseworker_id:
        worker = session.get(User, case.caseworker_id)
    today = clock.today()
    background = (
        "；".join(
            x
            for x in (
                f"{case.rescue_date:%Y年%m月%d日}解救" if case.rescue_date else "",
                f"解救地点{_rescue_place(case)}" if _rescue_place(case) else "",
                f"移交单位{case.referring_police_unit}" if case.referring_police_unit else "",
                f"公安案件编号{case.police_reference}" if case.police_reference else "",
            )
            if x
        )
        or "详见我单位档案"
    )
    return {
        "name": person.real_name or person.alias or "",
        "sex": SEX_WORDS[person.sex],
        "age": _age_text(person, today),
        "birth_date": f"{person.birth_date:%Y年%m月%d日}" if person.birth_date else "",
        "household_registration": places.display(person.household_registration_code),
        "id_number": person.id_number or "",
        "case_background": background,
        "recipient": recipient,
        "service": service,
        "unit": unit.name,
        "caseworker": worker.full_name if worker else "",
        "caseworker_phone": (worker.phone if worker and worker.phone else unit.phone) or "",
    }


def letter_photo(session: Session, case: Case, photo_id: int | None) -> PersonPhoto | None:
    """The person's photo a letter carries: one of hers, not voided (compose then refuses
    it unless the letter is to the police)."""
    if photo_id is None:
        return None
    photo = session.get(PersonPhoto, photo_id)
    owner = session.get(Case, photo.case_id) if photo is not None else None
    if photo is None or owner is None or owner.person_id != case.person_id:
        raise ValidationError("没有这张照片。", field="photo_id")
    if photo.voided_at is not None or photo.content is None:
        raise ValidationError("这张照片已作废，不能随函提供。", field="photo_id")
    return photo


def _case_and_template(
    session: Session, actor: Actor, case_id: int, letter_type: str, *, lock: bool = False
) -> tuple[Case, dict[str, Any], int]:
    """The case a new letter is for, once the actor may write to it, and the unit's template
    of that type with its version."""
    case = get_case(session, case_id, lock=lock)
    ensure_can_write(actor, case, Action.EDIT_CASE)
    template, version = load_template(session, case.unit_id, letter_type)
    return case, template, version


def _recipient_and_service(
    template: dict[str, Any], recipient_name: str | None, service: str | None
) -> tuple[str, str]:
    """Whom the letter is to and what it asks for: the user's words, else the template's."""
    # The type's name in the list of letters, unless it names the letter rather than whom
    # it is to (公安机关（DNA比对）: the letter says 公安机关).
    recipient = (recipient_name or template.get("recipient_label") or template["label"]).strip()
    return recipient, (service or template.get("default_service") or "").strip()


def reply_due(session: Session, unit_id: int, letter_type: str, sent_on: dt.date) -> dt.date:
    """When a letter of this type sent on ``sent_on`` should have its reply (the unit's
    template says its days; otherwise its recipient type's)."""
    template, _ = load_template(session, unit_id, letter_type)
    return replies.default_reply_due(sent_on, template.get("consent_recipient"), template)


def preview_letter(
    session: Session,
    actor: Actor,
    case_id: int,
    letter_type: str,
    *,
    recipient_name: str | None = None,
    service: str | None = None,
    include_id_number: bool = False,
    photo_id: int | None = None,
) -> LetterContent:
    """The letter as it would print, without a number and without writing a referral.

    Reading the person's details for it is recorded like any read of the case.
    """
    case, template, _ = _case_and_template(session, actor, case_id, letter_type)
    recipient, service = _recipient_and_service(template, recipient_name, service)
    photo = letter_photo(session, case, photo_id)
    today = clock.today()
    content = compose(
        template,
        _facts(session, actor, case, template, recipient, service),
        number=f"〔{today.year}〕转字第____号（预览）",
        day=today,
        qr_payload="RD1:PREVIEW",
        include_id_number=include_id_number,
        police_reference=case.police_reference,
        photo=photo.content if photo is not None else None,
    )
    audit.record(
        session,
        actor,
        "preview",
        "case_file",
        case.id,
        case_id=case.id,
        person_id=case.person_id,
        changes={"type": letter_type},
    )
    return content


def disclosed_fields(
    session: Session,
    unit_id: int,
    letter_type: str,
    include_id_number: bool,
    *,
    include_photo: bool = False,
) -> list[str]:
    """What a letter of this type will tell the recipient (shown before printing)."""
    template, _ = load_template(session, unit_id, letter_type)
    fields = list(template.get("discloses", []))
    if include_id_number and template.get("may_disclose_id_number"):
        fields.append("id_number")
    if letter_content.recipient_type(template) not in letter_content.LAW_ENFORCEMENT_TYPES:
        fields = [f for f in fields if f != "case_background"]
    if not include_photo:  # a template that may carry a photo prints none unless given one
        fields = [f for f in fields if f != letter_content.PHOTO]
    return [letter_content.FIELD_LABELS.get(f, f) for f in fields]


def check_letter(
    session: Session,
    actor: Actor,
    case_id: int,
    letter_type: str,
    *,
    override_reason: str | None = None,
) -> None:
    """Refuse, before the user picks a file or a printer, what issue_letter would refuse
    for the case alone: the right to write to it and, without a supervisor's reason, the
    consent to share data with this kind of recipient. Writes nothing."""
    case, template, _ = _case_and_template(session, actor, case_id, letter_type)
    if override_reason is None:  # an override is checked, and recorded, by issue_letter
        consents.require_consent(
            session,
            actor,
            case,
            ConsentPurpose.DATA_SHARING,
            recipient=template["consent_recipient"],
        )


def _register(
    session: Session,
    actor: Actor,
    case: Case,
    row: LetterRegister,
    action: str,
    changes: dict[str, Any],
) -> LetterRegister:
    """Enter a letter printed now by the actor in the register, and in the case's history."""
    row.issued_at = clock.now()
    row.issued_by_id = actor.user_id
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor,
        action,
        "letter_register",
        row.id,
        case_id=case.id,
        person_id=case.person_id,
        changes=changes,
    )
    return row


def issue_letter(
    session: Session,
    actor: Actor,
    case_id: int,
    letter_type: str,
    *,
    recipient_name: str | None = None,
    agency_id: int | None = None,
    service: str | None = None,
    include_id_number: bool = False,
    override_reason: str | None = None,
    reply_due_on: dt.date | None = None,
    photo_id: int | None = None,
) -> tuple[LetterContent, LetterRegister]:
    """Issue a new letter: consent, the next number, the referral, the register, the audit.

    The reply is due on ``reply_due_on``, else after the template's days (reply_due); the
    person's photo ``photo_id`` goes with a letter to the police only."""
    case, template, version = _case_and_template(session, actor, case_id, letter_type, lock=True)
    if agency_id is not None:
        agency = session.get(PartnerAgency, agency_id)
        if agency is None:
            raise ValidationError("合作机构不存在。", field="agency_id")
        recipient_name = recipient_name or agency.name
    recipient, service = _recipient_and_service(template, recipient_name, service)
    if not service:
        raise ValidationError("请填写请求的服务。", field="service")
    photo = letter_photo(session, case, photo_id)
    today = clock.today()
    serial = numbering.next_value(session, case.unit_id, NUMBER_KIND, today.year)
    number = letter_content.letter_number(today.year, serial)
    unit = session.get(Unit, case.unit_id)
    assert unit is not None
    check = checksum(session, unit.code, number)
    content = compose(
        template,
        _facts(session, actor, case, template, recipient, service),
        number=number,
        day=today,
        qr_payload=qr_payload(unit.code, today.year, serial, check),
        include_id_number=include_id_number,
        police_reference=case.police_reference,
        photo=photo.content if photo is not None else None,
    )
    # The referral record; its consent gate refuses or records a supervisor's override.
    referral = records.add_record(
        session,
        actor,
        Referral,
        case_id,
        {
            "recipient_type": template["consent_recipient"],
            "agency_id": agency_id,
            "recipient_name": recipient,
            "service_requested": service,
            "referred_on": today,
            "letter_number": number,
            "status": "sent",
            "reply_due_on": reply_due_on or reply_due(session, case.unit_id, letter_type, today),
        },
        override_reason=override_reason,
    ).record
    row = LetterRegister(
        unit_id=case.unit_id,
        year=today.year,
        serial=serial,
        letter_number=number,
        case_id=case_id,
        referral_id=referral.id,
        letter_type=letter_type,
        template_version=version,
        disclosed=content.disclosed,
        copy_number=0,
        checksum=check,
        photo_id=photo.id if photo is not None else None,
    )
    changes = {
        "letter_number": number,
        "type": letter_type,
        "recipient": recipient,
        "disclosed": content.disclosed,
        "template_version": version,
    }
    # Which picture left the office, by its digest; not under "photo", a personal column
    # name (an inquiry's photo) whose values the audit trail seals.
    if photo is not None:
        changes["photo_sha256"] = photo.sha256
    return content, _register(session, actor, case, row, "print", changes)


def reprint(
    session: Session, actor: Actor, register_id: int
) -> tuple[LetterContent, LetterRegister]:
    """The same letter again, marked 副本, as a row of its own in the register."""
    original = session.get(LetterRegister, register_id)
    if original is None or original.copy_of_id is not None:
        raise NotFound("原转介函不存在。")
    case = get_case(session, original.case_id)
    ensure_can_write(actor, case, Action.EDIT_CASE, allow_closed=True)
    template, _ = load_template(session, case.unit_id, original.letter_type)
    referral = session.get(Referral, original.referral_id)
    assert referral is not None
    unit = session.get(Unit, case.unit_id)
    assert unit is not None
    # The photo the original carried, while it is on file (a voided one is gone).
    photo = session.get(PersonPhoto, original.photo_id) if original.photo_id else None
    content = compose(
        template,
        _facts(session, actor, case, template, referral.recipient_name, referral.service_requested),
        number=original.letter_number,
        day=original.issued_at.date(),
        qr_payload=qr_payload(unit.code, original.year, original.serial, original.checksum),
        include_id_number="id_number" in (original.disclosed or []),
        police_reference=case.police_reference,
        is_copy=True,
        photo=photo.content if photo is not None and photo.voided_at is None else None,
    )
    copies = (
        session.scalar(
            select(func.max(LetterRegister.copy_number)).where(
                LetterRegister.unit_id == original.unit_id,
                LetterRegister.year == original.year,
                LetterRegister.serial == original.serial,
            )
        )
        or 0
    )
    row = LetterRegister(
        unit_id=original.unit_id,
        year=original.year,
        serial=original.serial,
        letter_number=original.letter_number,
        case_id=original.case_id,
        referral_id=original.referral_id,
        letter_type=original.letter_type,
        template_version=original.template_version,
        disclosed=content.disclosed,
        copy_of_id=original.id,
        copy_number=copies + 1,
        checksum=original.checksum,
        photo_id=original.photo_id if content.photo else None,
    )
    changes = {"letter_number": original.letter_number, "copy": row.copy_number}
    return content, _register(session, actor, case, row, "reprint", changes)


def _original(session: Session, unit_id: int, number: str, missing: str) -> LetterRegister:
    """A unit's letter by its number: the original, not a reprinted copy."""
    row = session.scalar(
        select(LetterRegister).where(
            LetterRegister.unit_id == unit_id,
            LetterRegister.letter_number == number,
            LetterRegister.copy_number == 0,
        )
    )
    if row is None:
        raise NotFound(missing)
    return row


def find_by_slip(session: Session, scanned: str) -> LetterRegister:
    """The letter a returned slip belongs to; a forged or mistyped checksum is refused."""
    parts = scanned.strip().upper().split(":")
    if len(parts) != 5 or parts[0] != "RD1" or not (parts[2].isdigit() and parts[3].isdigit()):
        raise ValidationError("回执二维码内容无法识别。", field="slip")
    _, unit_code, year, serial, check = parts
    number = letter_content.letter_number(int(year), int(serial))
    unit = session.scalar(select(Unit).where(Unit.code == unit_code))
    if unit is None or not hmac.compare_digest(checksum(session, unit.code, number).upper(), check):
        raise ValidationError("回执校验码不符：这张回执可能是伪造的或填写有误。", field="slip")
    return _original(session, unit.id, number, f"登记簿中没有转介函 {number}。")


def find_letter(session: Session, actor: Actor, scanned_or_typed: str) -> LetterRegister:
    """A returned slip's letter from its QR code, or from the number typed by hand
    (〔2026〕转字第0001号, or 2026-1) within the actor's unit."""
    text = scanned_or_typed.strip()
    if text.upper().startswith("RD1:"):
        return find_by_slip(session, text)
    digits = [int(d) for d in re.findall(r"\d+", text)]
    if len(digits) != 2 or actor.unit_id is None:
        raise ValidationError(
            "请扫描回执二维码，或输入转介函编号，如〔2026〕转字第0001号。", field="slip"
        )
    number = letter_content.letter_number(digits[0], digits[1])
    return _original(session, actor.unit_id, number, f"本单位登记簿中没有转介函 {number}。")


def record_reply(
    session: Session, actor: Actor, scanned: str, status: str, reply: str, reply_on: dt.date
) -> Referral:
    """Enter the reply from a returned slip on the referral it answers."""
    row = find_letter(session, actor, scanned)
    return records.update_record(
        session,
        actor,
        Referral,
        row.referral_id,
        None,
        {"status": status, "reply": reply, "reply_on": reply_on},
    ).record


def issue_each(
    session: Session,
    actor: Actor,
    case_ids: list[int],
    letter_type: str,
    *,
    service: str | None = None,
    progress: Any = None,
) -> tuple[list[tuple[int, LetterContent, LetterRegister]], list[tuple[int, str]]]:
    """A letter for each case, in the caller's transaction: (case id, letter, register row)
    for each issued, (case id, why not) for each case that cannot have one (no consent,
    closed, not the actor's), skipped; ``progress`` returning False raises InterruptedError."""
    issued: list[tuple[int, LetterContent, LetterRegister]] = []
    failures: list[tuple[int, str]] = []
    for done, case_id in enumerate(case_ids, start=1):
        try:
            with session.begin_nested():
                content, row = issue_letter(session, actor, case_id, letter_type, service=service)
            issued.append((case_id, content, row))
        except DomainError as exc:
            failures.append((case_id, exc.message))
        if progress is not None and not progress(done, len(case_ids)):
            raise InterruptedError("cancelled")
    return issued, failures


def issue_batch(
    session: Session,
    actor: Actor,
    case_ids: list[int],
    letter_type: str,
    *,
    service: str | None = None,
    progress: Any = None,
) -> tuple[list[LetterContent], list[tuple[int, str]]]:
    """Letters for several cases in one transaction: a case that cannot have one (no
    consent, closed, not the actor's) is reported and skipped; a cancel keeps nothing."""
    issued, failures = issue_each(
        session, actor, case_ids, letter_type, service=service, progress=progress
    )
    return [content for _, content, _ in issued], failures
