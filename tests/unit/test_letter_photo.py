"""A person's photo goes into a letter to the police only (issue #15): a template for anyone
else may not declare one, and compose refuses one for it, legal aid and court included."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from PIL import Image
from pypdf import PdfReader

from rescuedesk.documents.letter_content import (
    LetterContent,
    check_template,
    compose,
    recipient_type,
)
from rescuedesk.documents.letter_pdf import render_letter
from rescuedesk.errors import RuleViolation, ValidationError
from rescuedesk.models.enums import AgencyType
from rescuedesk.services.referrals.letters import shipped_templates

TEMPLATES = shipped_templates()
FACTS = {
    "name": "兰兰（化名）",
    "sex": "女",
    "age": "约14岁",
    "case_background": "2026年3月5日解救",
    "recipient": "宜宾市公安局叙州区分局",
    "service": "DNA比对",
    "unit": "宜宾市救助管理站",
    "caseworker": "张社工",
    "caseworker_phone": "0831-1234567",
}


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (300, 400), (180, 30, 40)).save(out, "JPEG")
    return out.getvalue()


def _compose(letter_type: str, photo: bytes | None) -> LetterContent:
    return compose(
        TEMPLATES[letter_type],
        FACTS,
        number="〔2026〕转字第0001号",
        day=dt.date(2026, 11, 25),
        qr_payload="RD1:YB:2026:0001:X",
        include_id_number=False,
        police_reference=None,
        photo=photo,
    )


@pytest.mark.parametrize("kind", [k.value for k in AgencyType if k != AgencyType.POLICE])
def test_no_template_but_a_police_one_may_declare_a_photo(kind: str) -> None:
    template = {"type": kind, "paragraphs": ["{recipient}：请{service}。"], "discloses": ["photo"]}
    with pytest.raises(ValidationError, match="公安机关") as refused:
        check_template(template)
    assert refused.value.field == "discloses"
    check_template({**template, "type": "police"})
    check_template({**template, "type": "police_dna_comparison", "recipient_type": "police"})


def test_a_photo_is_no_paragraph_field() -> None:
    with pytest.raises(ValidationError, match="photo"):
        check_template({"type": "police", "paragraphs": ["{photo}"], "discloses": ["photo"]})


@pytest.mark.parametrize("letter_type", sorted(set(TEMPLATES) - {"police_dna_comparison"}))
def test_compose_refuses_a_photo_elsewhere(letter_type: str) -> None:
    with pytest.raises(RuleViolation, match="照片") as refused:
        _compose(letter_type, _jpeg())
    assert refused.value.field == "photo"


def test_the_dna_comparison_letter_prints_the_photo() -> None:
    template = TEMPLATES["police_dna_comparison"]
    check_template(template)
    assert recipient_type(template) == "police" and template["law_enforcement"]
    content = _compose("police_dna_comparison", _jpeg())
    assert "photo" in content.disclosed
    pages = PdfReader(io.BytesIO(render_letter(content))).pages
    assert len(pages) == 1  # the letter and its slip on one sheet
    assert len(list(pages[0].images)) == 1
    without = _compose("police_dna_comparison", None)
    assert "photo" not in without.disclosed
    pages = PdfReader(io.BytesIO(render_letter(without))).pages
    assert list(pages[0].images) == []
