"""What a tracing announcement (寻亲公告) says, decided before any drawing.

The fields and their order are those of the national family-tracing platform (全国救助寻亲网,
xunqin.mca.gov.cn): photo, name (as she calls herself), sex, age or estimated age, height,
health, intellectual and mental state, distinguishing features, clothing when found, date
and place found, and how to reach the unit. The same content gives the PDF
(:mod:`rescuedesk.documents.announcement_pdf`) and the text pasted into the platform
(:meth:`AnnouncementContent.platform_text`).

An announcement is public. It never says the person was trafficked, rescued from traffickers
or bought (the letters' FORBIDDEN_WORDS, and 买), and never carries the case number, the
police reference, an ID number or a household-registration code: a description that does
is refused here, naming the field, so that the caseworker mends the record rather than
publish it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from rescuedesk.documents.letter_content import chinese_date, forbidden_word
from rescuedesk.errors import RuleViolation

TITLE = "寻亲公告"
# 买 on its own too: 买来的, 买家 say what 收买 says.
NEVER_WORDS = ("买",)
UNKNOWN = "不详"
SEX_WORDS = {"female": "女", "male": "男"}
# (key, label): the platform's fields in its order.
FIELDS = (
    ("photo", "照片"),
    ("name", "姓名（自称）"),
    ("sex", "性别"),
    ("age", "年龄或目测年龄"),
    ("height", "身高"),
    ("health", "健康状况"),
    ("intellectual_state", "智力状况"),
    ("mental_state", "精神状态"),
    ("features", "体貌特征"),
    ("clothing", "发现时衣着特征"),
    ("found_date", "发现日期"),
    ("found_place", "发现地点"),
    ("contact", "救助管理机构联系方式"),
)
LABELS = dict(FIELDS)


@dataclass(frozen=True)
class Description:
    """An unidentified person as recorded: what a family may recognise."""

    called_names: tuple[str, ...] = ()  # names she gives or answers to, never a station alias
    sex: str = "unknown"  # the Sex code
    birth_date: dt.date | None = None
    birth_year_earliest: int | None = None
    birth_year_latest: int | None = None
    height_cm: int | None = None
    health: str | None = None
    intellectual_state: str | None = None
    mental_state: str | None = None
    features: str | None = None
    clothing: str | None = None
    found_date: dt.date | None = None
    found_place: str | None = None


@dataclass(frozen=True)
class Contact:
    """Where a family turns: the unit, and whom to ask for."""

    unit: str
    phone: str | None = None
    address: str | None = None
    person: str | None = None


@dataclass
class AnnouncementContent:
    title: str
    unit: str
    date_text: str
    opening: str
    fields: list[tuple[str, str]]  # (label, value) in the platform's order, photo left out
    closing: str
    photo: bytes | None = None
    disclosed: list[str] = field(default_factory=list)  # the keys with a value

    def all_text(self) -> str:
        return "\n".join(
            [
                self.title,
                self.unit,
                self.date_text,
                self.opening,
                *(f"{k}：{v}" for k, v in self.fields),
                self.closing,
            ]
        )

    def platform_text(self) -> str:
        """The platform's fields, one a line, as its form asks for them."""
        photo = "见附件" if self.photo else "无"
        return "\n".join([f"{LABELS['photo']}：{photo}", *(f"{k}：{v}" for k, v in self.fields)])


def age_text(description: Description, day: dt.date) -> str:
    """15岁 from a birth date; 目测约15岁 or 目测14至16岁 from the estimated birth years."""
    if description.birth_date is not None:
        b = description.birth_date
        return f"{day.year - b.year - ((day.month, day.day) < (b.month, b.day))}岁"
    earliest, latest = description.birth_year_earliest, description.birth_year_latest
    if earliest is None and latest is None:
        return UNKNOWN
    oldest = day.year - (earliest if earliest is not None else latest)  # type: ignore[operator]
    youngest = day.year - (latest if latest is not None else earliest)  # type: ignore[operator]
    if youngest == oldest:
        return f"目测约{max(oldest, 0)}岁"
    return f"目测{max(youngest, 0)}至{max(oldest, 0)}岁"


def contact_text(contact: Contact) -> str:
    parts = [contact.unit]
    if contact.address:
        parts.append(f"地址：{contact.address}")
    if contact.person:
        parts.append(f"联系人：{contact.person}")
    if contact.phone:
        parts.append(f"电话：{contact.phone}")
    return "，".join(parts)


def _values(description: Description, contact: Contact, day: dt.date) -> dict[str, str]:
    d = description
    return {
        "name": "、".join(n for n in d.called_names if n.strip()),
        "sex": SEX_WORDS.get(d.sex, ""),
        "age": "" if age_text(d, day) == UNKNOWN else age_text(d, day),
        "height": f"{d.height_cm}厘米" if d.height_cm else "",
        "health": d.health or "",
        "intellectual_state": d.intellectual_state or "",
        "mental_state": d.mental_state or "",
        "features": d.features or "",
        "clothing": d.clothing or "",
        "found_date": chinese_date(d.found_date) if d.found_date else "",
        "found_place": d.found_place or "",
        "contact": contact_text(contact),
    }


def _opening(values: dict[str, str], unit: str) -> str:
    when = f"{values['found_date']}，" if values["found_date"] else ""
    where = f"在{values['found_place']}" if values["found_place"] else ""
    sex = f"{values['sex']}性" if values["sex"] else ""
    name = f"（自称{values['name']}）" if values["name"] else ""
    return (
        f"{when}{unit}{where}救助了一名{sex}受助人员{name}。因其无法提供本人及家庭的准确信息，"
        "现发布寻亲公告，请其亲属或知情者见到本公告后与我单位联系。"
    )


def _closing(period_days: int | None) -> str:
    if not period_days:
        return "特此公告。"
    return (
        f"公告期为{period_days}日。公告期满仍未找到其亲属的，我单位将按照有关规定为其办理安置。"
        "特此公告。"
    )


def compose(
    description: Description,
    contact: Contact,
    *,
    day: dt.date,
    period_days: int | None = None,
    photo: bytes | None = None,
    never: Mapping[str, str | None] | None = None,
) -> AnnouncementContent:
    """The announcement of ``day``; ``never``: what must not be published, by what it is
    (个案编号, 公安案件编号, 身份证号, 户籍地代码 → its value). Refuses a description that
    carries any of it or a forbidden word, naming each field that does."""
    values = _values(description, contact, day)
    secrets = {what: value for what, value in (never or {}).items() if value}
    problems: list[str] = []
    for key, label in FIELDS:
        text = values.get(key, "")
        word = forbidden_word(text, NEVER_WORDS)
        if word:
            problems.append(f"“{label}”中有“{word}”")
        problems += [f"“{label}”中有{what}" for what, secret in secrets.items() if secret in text]
    if problems:
        raise RuleViolation(
            f"寻亲公告是公开的，不能发布：{'；'.join(problems)}。请修改记录后再生成公告。"
        )
    content = AnnouncementContent(
        title=TITLE,
        unit=contact.unit,
        date_text=chinese_date(day),
        opening=_opening(values, contact.unit),
        fields=[(label, values[key] or UNKNOWN) for key, label in FIELDS if key != "photo"],
        closing=_closing(period_days),
        photo=photo,
        disclosed=[k for k, _ in FIELDS if (k == "photo" and photo) or values.get(k)],
    )
    # The unit's own name and words around the fields, as a last guard of the whole text.
    whole = content.all_text()
    word = forbidden_word(whole, NEVER_WORDS)
    leaked = [what for what, secret in secrets.items() if secret in whole]
    if word or leaked:
        said = f"“{word}”" if word else "、".join(leaked)
        raise RuleViolation(f"寻亲公告中含有不应公开的内容（{said}），请修改单位信息后再生成。")
    return content
