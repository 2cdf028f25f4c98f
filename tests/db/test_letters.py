"""Referral letters: what they say, what they never say, numbers, copies and slips."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from rescuedesk.db import Database
from rescuedesk.documents.letter_pdf import render_letter
from rescuedesk.errors import RuleViolation, ValidationError
from rescuedesk.models import AuditEvent, LetterRegister, Referral
from rescuedesk.models.enums import Sex
from rescuedesk.services.casefile.consents import ConsentRequired
from rescuedesk.services.people.identity import make_id_number
from rescuedesk.services.referrals import letters
from tests.conftest import Staff
from tests.factories import consent_to_share, new_case, new_person

TODAY = dt.date(2026, 11, 25)
POLICE_REF = "哈公（刑）字〔2026〕101号"
ID = make_id_number("230102", dt.date(1999, 3, 3), 9, Sex.FEMALE)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def embedded_fonts(data: bytes) -> list[str]:
    names = []
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor")
            if descriptor is not None and any(
                k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")
            ):
                names.append(str(target["/BaseFont"]))
    return names


@pytest.fixture
def case_id(db: Database, staff: Staff) -> int:
    pid = new_person(db, staff.caseworker, real_name="周小燕", birth_date=None, id_number=ID)
    cid = new_case(db, staff.caseworker, pid)  # police reference POLICE_REF
    consent_to_share(
        db, staff.caseworker, cid, ["hospital", "school", "police", "legal_aid"], TODAY
    )
    return cid


def _issue(db: Database, actor, case_id: int, kind: str, **kw):  # type: ignore[no-untyped-def]
    with db.write_session() as s:
        content, row = letters.issue_letter(s, actor, case_id, kind, **kw)
        return content, row.id


def test_hospital_letter_says_what_the_hospital_needs(
    db: Database, staff: Staff, case_id: int
) -> None:
    content, _ = _issue(
        db,
        staff.caseworker,
        case_id,
        "hospital",
        recipient_name="哈尔滨市第一人民医院",
        include_id_number=True,
    )
    pdf = render_letter(content)
    text = pdf_text(pdf)
    for expected in (
        "〔2026〕转字第0001号",
        "哈尔滨市第一人民医院",
        "体检及诊疗",
        "周小燕",
        ID,
        "回",
        "测试cw1",
    ):
        assert expected in text, expected
    for word in ("拐", "解救", POLICE_REF):
        assert word not in text
    assert any("WenQuanYi" in name for name in embedded_fonts(pdf))
    with db.read_session() as s:
        referral = s.scalars(select(Referral)).one()
        assert (referral.letter_number, referral.status.value) == ("〔2026〕转字第0001号", "sent")
        printed = s.scalars(select(AuditEvent).where(AuditEvent.action == "print")).one()
        assert printed.changes["disclosed"] == sorted(content.disclosed)


def test_school_letter_never_mentions_trafficking(db: Database, staff: Staff, case_id: int) -> None:
    with pytest.raises(RuleViolation, match="身份证号"):
        _issue(db, staff.caseworker, case_id, "school", include_id_number=True)
    content, _ = _issue(db, staff.caseworker, case_id, "school", service="插班就读")
    text = pdf_text(render_letter(content))
    assert "插班就读" in text and "周小燕" in text
    for word in ("拐", "解救", "被害", "受害", POLICE_REF, ID):
        assert word not in text


def test_police_letter_may_state_the_background(db: Database, staff: Staff, case_id: int) -> None:
    content, _ = _issue(db, staff.caseworker, case_id, "police")
    text = "".join(pdf_text(render_letter(content)).split())  # PDF text wraps anywhere
    assert "被拐卖" in text or "解救" in text
    assert "".join(POLICE_REF.split()) in text


def test_consent_is_needed_for_the_recipient_type(db: Database, staff: Staff, case_id: int) -> None:
    with pytest.raises(ConsentRequired, match="人社部门"):
        _issue(db, staff.caseworker, case_id, "employment")
    with db.read_session() as s:  # no number was used up for a refused letter
        assert s.scalar(select(LetterRegister.id)) is None
    content, _ = _issue(
        db, staff.supervisor, case_id, "employment", override_reason="本人口头同意，书面同意待补"
    )
    assert content.letter_number == "〔2026〕转字第0001号"


def test_a_bad_template_cannot_leak(db: Database, staff: Staff, case_id: int) -> None:
    with db.read_session() as s:
        unit_id = s.scalar(select(Referral.id))  # nothing yet
    assert unit_id is None
    bad = dict(letters.shipped_templates()["school"])
    bad["paragraphs"] = [*bad["paragraphs"], "该生系被拐卖儿童，{case_background}。"]
    with pytest.raises(ValidationError, match="case_background"), db.write_session() as s:
        letters.save_template(s, staff.admin, staff.unit_id, "school", bad)
    bad["discloses"] = [*bad["discloses"], "case_background"]
    with db.write_session() as s:
        assert letters.save_template(s, staff.admin, staff.unit_id, "school", bad) == 1
    content, row_id = _issue(db, staff.caseworker, case_id, "school")
    text = pdf_text(render_letter(content))
    assert "拐" not in text and POLICE_REF not in text
    assert content.warnings  # the dropped paragraph is reported
    with db.write_session() as s:
        assert s.get(LetterRegister, row_id).template_version == 1  # type: ignore[union-attr]
        assert (
            letters.save_template(
                s, staff.admin, staff.unit_id, "school", {}, restore_original=True
            )
            == 2
        )
        template, version = letters.load_template(s, staff.unit_id, "school")
        assert version == 2 and template == letters.shipped_templates()["school"]


def test_reprint_is_marked_and_slip_is_checked(db: Database, staff: Staff, case_id: int) -> None:
    content, row_id = _issue(db, staff.caseworker, case_id, "hospital")
    with db.write_session() as s:
        copy, copy_row = letters.reprint(s, staff.caseworker, row_id)
        assert copy.title.endswith("（副本）") and copy.letter_number == content.letter_number
        assert copy_row.copy_number == 1 and copy_row.copy_of_id == row_id
    assert "副" in pdf_text(render_letter(copy))
    forged = content.qr_payload[:-1] + ("0" if content.qr_payload[-1] != "0" else "1")
    with pytest.raises(ValidationError, match="伪造"), db.write_session() as s:
        letters.find_by_slip(s, forged)
    with db.write_session() as s:
        referral = letters.record_reply(
            s, staff.caseworker, content.qr_payload, "accepted", "已安排门诊", TODAY
        )
        assert (referral.status.value, referral.reply) == ("accepted", "已安排门诊")


def test_batch_rendering_on_several_processes(db: Database, staff: Staff, case_id: int) -> None:
    from rescuedesk.documents.letter_pdf import render_batch

    contents = []
    for _ in range(24):
        content, _ = _issue(db, staff.caseworker, case_id, "hospital")
        contents.append(content)
    seen: list[int] = []
    pdfs = render_batch(contents, workers=2, progress=lambda done, total: seen.append(done) or True)
    assert len(pdfs) == 24 and seen[-1] == 24
    assert "〔2026〕转字第0024号" in pdf_text(pdfs[-1])


def test_typed_number_finds_the_letter_and_batches_skip_what_cannot_be_sent(
    db: Database, staff: Staff, case_id: int
) -> None:
    other = new_case(db, staff.caseworker)  # no consent at all
    with db.write_session() as s:
        contents, failures = letters.issue_batch(s, staff.caseworker, [case_id, other], "hospital")
    assert [c.letter_number for c in contents] == ["〔2026〕转字第0001号"]
    assert failures and failures[0][0] == other and "同意" in failures[0][1]
    with db.write_session() as s:
        row = letters.find_letter(s, staff.caseworker, "2026年第1号")
        assert row.letter_number == "〔2026〕转字第0001号"
        with pytest.raises(ValidationError):
            letters.find_letter(s, staff.caseworker, "随便写的")
    cancelled = []
    with pytest.raises(InterruptedError), db.write_session() as s:
        letters.issue_batch(
            s,
            staff.caseworker,
            [case_id, case_id],
            "hospital",
            progress=lambda done, total: cancelled.append(done) or done < 1,
        )
    with db.read_session() as s:  # the cancelled batch left nothing behind
        assert s.scalar(select(func.count(LetterRegister.id))) == 1


def test_a_letter_names_places_it_prints(db: Database, staff: Staff) -> None:
    """Places print by name, never as the stored code (issue #13): the 户籍地 on a letter
    that discloses it (the police's, for tracing the family), the rescue place in the
    background when only its code was recorded."""
    pid = new_person(db, staff.caseworker, real_name="刘小芳", household_registration_code="511504")
    cid = new_case(db, staff.caseworker, pid, rescue_place_code="532601")
    consent_to_share(db, staff.caseworker, cid, ["police", "school"], TODAY)
    content, _ = _issue(db, staff.caseworker, cid, "police")
    text = "".join(pdf_text(render_letter(content)).split())  # PDF text wraps anywhere
    assert "户籍地四川省宜宾市叙州区" in text
    assert "解救地点云南省文山壮族苗族自治州文山市" in text
    assert "511504" not in text and "532601" not in text
    school, _ = _issue(db, staff.caseworker, cid, "school")
    assert "叙州区" not in "".join(pdf_text(render_letter(school)).split())  # not disclosed


def test_the_dna_comparison_letter_asks_the_police_and_records_no_dna(
    db: Database, staff: Staff, case_id: int
) -> None:
    """Issue #15: a confirmed match asks the police to compare DNA (HLJ 47; NH 二.2; GS 19);
    the letter, its referral and its reply never hold a DNA profile or sample number."""
    content, row_id = _issue(db, staff.caseworker, case_id, "police_dna_comparison")
    assert content.title == "关于协助进行DNA比对的函"
    text = "".join(pdf_text(render_letter(content)).split())
    assert "DNA样本进行比对" in text and "".join(POLICE_REF.split()) in text
    assert "认定有亲缘关系" in text  # what the slip asks, and all it asks
    assert "photo" not in content.disclosed  # none was given
    with db.read_session() as s:
        row = s.get(LetterRegister, row_id)
        assert row is not None and row.letter_type == "police_dna_comparison"
        referral = s.get(Referral, row.referral_id)
        assert referral is not None and referral.recipient_type.value == "police"

    with pytest.raises(RuleViolation, match="DNA"), db.write_session() as s:
        letters.issue_letter(
            s, staff.caseworker, case_id, "police_dna_comparison", service="比对 DNA样本编号 0042"
        )
    for reply in ("D8S1179 13,14；D21S11 30,31", "采血编号 YB-2026-0042"):
        with pytest.raises(RuleViolation, match="DNA"), db.write_session() as s:
            letters.record_reply(s, staff.caseworker, "2026-1", "done", reply, TODAY)
    with db.write_session() as s:
        letters.record_reply(
            s, staff.caseworker, "2026-1", "done", "已比对，认定存在亲缘关系", TODAY
        )


def test_an_edited_template_keeps_its_recipient(db: Database, staff: Staff, case_id: int) -> None:
    """An administrator's version of the school letter that calls itself a police letter is
    still a school letter: no case background, no photo."""
    edited = dict(letters.shipped_templates()["school"])
    edited.update(recipient_type="police", discloses=[*edited["discloses"], "case_background"])
    edited["paragraphs"] = [*edited["paragraphs"], "背景：{case_background}。"]
    with db.write_session() as s:
        letters.save_template(s, staff.admin, staff.unit_id, "school", edited)
        template, _ = letters.load_template(s, staff.unit_id, "school")
    assert template["recipient_type"] == "school"
    content, _ = _issue(db, staff.caseworker, case_id, "school")
    assert POLICE_REF not in content.all_text() and "解救" not in content.all_text()
    with pytest.raises(ValidationError, match="照片"), db.write_session() as s:
        edited["discloses"] = [*edited["discloses"], "photo"]
        letters.save_template(s, staff.admin, staff.unit_id, "school", edited)


def test_the_police_get_her_photo_and_no_one_else_does(
    db: Database, staff: Staff, case_id: int
) -> None:
    """Issue #15: the photo goes with the DNA comparison letter, is printed again on its
    copy while it is on file, and is refused for a school or legal aid letter."""
    from PIL import Image

    from rescuedesk.services.casefile import photos

    picture = io.BytesIO()
    Image.new("RGB", (300, 400), (180, 30, 40)).save(picture, "JPEG")
    with db.write_session() as s:
        photo = photos.add_photo(s, staff.caseworker, case_id, picture.getvalue()).record
        photo_id, digest = photo.id, photo.sha256
    for kind in ("school", "legal_aid", "police"):  # police.json declares no photo
        with pytest.raises(RuleViolation, match="照片"), db.write_session() as s:
            letters.issue_letter(s, staff.caseworker, case_id, kind, photo_id=photo_id)
    content, row_id = _issue(
        db, staff.caseworker, case_id, "police_dna_comparison", photo_id=photo_id
    )
    assert content.photo is not None and "photo" in content.disclosed
    [image] = PdfReader(io.BytesIO(render_letter(content))).pages[0].images
    assert image.image is not None and image.image.size == (300, 400)
    with db.write_session() as s:
        row = s.get(LetterRegister, row_id)
        assert row is not None and row.photo_id == photo_id
        event = s.scalars(
            select(AuditEvent).where(AuditEvent.action == "print").order_by(AuditEvent.id.desc())
        ).first()
        assert event is not None and digest in str(event.changes)
        copy, _ = letters.reprint(s, staff.caseworker, row_id)
    assert copy.photo == content.photo
    with db.write_session() as s:
        photos.void_photo(s, staff.caseworker, photo_id, "拍错了人")
        copy, _ = letters.reprint(s, staff.caseworker, row_id)
    assert copy.photo is None  # destroyed with the void, never printed again
    with pytest.raises(ValidationError, match="作废"), db.write_session() as s:
        letters.issue_letter(
            s, staff.caseworker, case_id, "police_dna_comparison", photo_id=photo_id
        )
