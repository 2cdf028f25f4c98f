"""What a referral letter says, decided before any drawing: the disclosure rules live here.

Minimum necessary disclosure (DOMAIN.md; HLJ 56, 67; GS 22): a letter to anyone but the
police, procuratorate, court or legal aid never says the person was trafficked or rescued,
never carries the police case reference, and carries the resident ID number only when the
template's recipient needs it and the caseworker confirmed it. This is enforced here on the
rendered text, whatever a template says.
"""

from __future__ import annotations

import datetime as dt
import string
from dataclasses import dataclass, field
from typing import Any

from rescuedesk.errors import RuleViolation, ValidationError

LAW_ENFORCEMENT_TYPES = frozenset({"police", "legal_aid", "procuratorate", "court"})
# A photo goes to the police only (issue #15): they compare it, and a family's, with theirs;
# a court or legal aid has no use for a face.
PHOTO_RECIPIENTS = frozenset({"police"})
PHOTO = "photo"  # declared in "discloses"; printed beside the details, never in a paragraph
FORBIDDEN_WORDS = ("拐", "解救", "被害", "受害人", "人口贩卖", "收买", "贩卖")
FIELDS = frozenset(
    {
        "name",
        "sex",
        "age",
        "birth_date",
        "household_registration",
        "id_number",
        "case_background",
        "recipient",
        "service",
        "unit",
        "caseworker",
        "caseworker_phone",
    }
)
ALWAYS = frozenset({"recipient", "service", "unit", "caseworker", "caseworker_phone"})
FIELD_LABELS = {
    "name": "姓名",
    "sex": "性别",
    "age": "年龄",
    "birth_date": "出生日期",
    "household_registration": "户籍地",  # by name (四川省宜宾市叙州区), never the stored code
    "id_number": "身份证号",
    "case_background": "案情摘要",
    PHOTO: "照片",
}


@dataclass
class LetterContent:
    letter_type: str
    title: str
    letterhead: str
    letter_number: str
    date_text: str
    recipient: str
    paragraphs: list[str]
    details: list[tuple[str, str]]
    caseworker: str
    caseworker_phone: str
    service: str
    slip_lines: list[str]
    qr_payload: str
    disclosed: list[str]
    is_copy: bool = False
    warnings: list[str] = field(default_factory=list)
    photo: bytes | None = None

    def all_text(self) -> str:
        return "\n".join(
            [
                self.title,
                self.letterhead,
                self.letter_number,
                self.date_text,
                self.recipient,
                *self.paragraphs,
                *(f"{k}{v}" for k, v in self.details),
                self.caseworker,
                self.caseworker_phone,
                self.service,
                *self.slip_lines,
            ]
        )


# What the recipient ticks on the return slip, unless the template asks something else.
SLIP_CHOICES = "□ 已接收并提供服务    □ 无法提供（原因：________________）"


def chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def letter_number(year: int, serial: int) -> str:
    return f"〔{year}〕转字第{serial:04d}号"


def recipient_type(template: dict[str, Any]) -> str:
    """Whom a template writes to (police, school...): its type, unless the type is one of
    several letters to the same kind of recipient (police_dna_comparison is to the police)."""
    return str(template.get("recipient_type") or template["type"])


def template_fields(template: dict[str, Any]) -> set[str]:
    names = set()
    for paragraph in template.get("paragraphs", []):
        names |= {f for _, f, _, _ in string.Formatter().parse(paragraph) if f}
    return names


def check_template(template: dict[str, Any]) -> None:
    """What an administrator may save: known fields, each declared in ``discloses``."""
    used = template_fields(template)
    unknown = used - FIELDS
    if unknown:
        raise ValidationError(
            f"模板使用了未知字段：{'、'.join(sorted(unknown))}。", field="paragraphs"
        )
    undeclared = used - ALWAYS - set(template.get("discloses", []))
    if undeclared:
        raise ValidationError(
            f"模板使用了未在“披露字段”中声明的字段：{'、'.join(sorted(undeclared))}。",
            field="discloses",
        )
    if not template.get("paragraphs"):
        raise ValidationError("模板没有正文。", field="paragraphs")
    if PHOTO in template.get("discloses", []) and recipient_type(template) not in PHOTO_RECIPIENTS:
        raise ValidationError("只有给公安机关的函可以附照片。", field="discloses")


def forbidden_word(text: str, extra: tuple[str, ...]) -> str | None:
    for word in (*FORBIDDEN_WORDS, *extra):
        if word and word in text:
            return word
    return None


def compose(
    template: dict[str, Any],
    facts: dict[str, str],
    *,
    number: str,
    day: dt.date,
    qr_payload: str,
    include_id_number: bool,
    police_reference: str | None,
    is_copy: bool = False,
    photo: bytes | None = None,
) -> LetterContent:
    """Fill the template with the facts it may disclose; drop what it may not. A photo is
    refused unless the letter is to the police and its template declares one."""
    letter_type = template["type"]
    to = recipient_type(template)
    law = to in LAW_ENFORCEMENT_TYPES and bool(template.get("law_enforcement"))
    allowed = set(template.get("discloses", [])) | ALWAYS
    if photo is not None and (to not in PHOTO_RECIPIENTS or PHOTO not in allowed):
        raise RuleViolation("照片只能随给公安机关的函（如DNA比对函）提供。", field=PHOTO)
    warnings: list[str] = []
    if not law:
        allowed -= {"case_background"}
    if include_id_number:
        if not template.get("may_disclose_id_number"):
            raise RuleViolation("这类转介函不提供身份证号。", field="include_id_number")
        allowed.add("id_number")
    else:
        allowed.discard("id_number")
    allowed.discard(PHOTO)  # not a text: disclosed below when one is given
    values = {k: (v if k in allowed else "") for k, v in facts.items()}
    for name in FIELDS:
        values.setdefault(name, "")
    extra = (police_reference,) if police_reference else ()
    paragraphs: list[str] = []
    for paragraph in template["paragraphs"]:
        text = paragraph.format(**values)
        word = None if law else forbidden_word(text, extra)
        if word:
            warnings.append(f"模板中一段含有不应告知该机构的内容（“{word}”），已删去。")
            continue
        paragraphs.append(text)
    details = [
        (FIELD_LABELS[k], values[k])
        for k in ("name", "sex", "age", "birth_date", "household_registration", "id_number")
        if k in allowed and values[k]
    ]
    content = LetterContent(
        letter_type=letter_type,
        title=template.get("title", "转介函") + ("（副本）" if is_copy else ""),
        letterhead=facts["unit"],
        letter_number=number,
        date_text=chinese_date(day),
        recipient=facts["recipient"],
        paragraphs=paragraphs,
        details=details,
        caseworker=facts["caseworker"],
        caseworker_phone=facts["caseworker_phone"],
        service=facts["service"],
        slip_lines=[
            "回  执",
            f"{facts['unit']}：",
            f"贵单位{number}转介函收悉。",
            template.get("slip_choices") or SLIP_CHOICES,
            "经办人：__________    联系电话：__________",
            "日期：______年____月____日（盖章）",
        ],
        qr_payload=qr_payload,
        disclosed=sorted({k for k in allowed if values.get(k)} | ({PHOTO} if photo else set())),
        is_copy=is_copy,
        warnings=warnings,
        photo=photo,
    )
    if not law:
        word = forbidden_word(content.all_text(), extra)
        if word:  # e.g. in the unit's name or the requested service: refuse, never print
            raise RuleViolation(
                f"转介函中含有不应告知该机构的内容（“{word}”），请修改服务名称或单位信息后再打印。"
            )
    return content
