"""Resident ID numbers (居民身份证号码, GB 11643) through python-stdnum."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

from stdnum import exceptions as stdnum_errors
from stdnum.cn import ric

from rescuedesk.errors import ValidationError
from rescuedesk.models.enums import Sex
from rescuedesk.reference import divisions

FIELD = "id_number"


@dataclass(frozen=True)
class IdNumberInfo:
    number: str
    birth_date: dt.date
    sex: Sex
    place_code: str
    place_known: bool


def normalize_id_number(raw: str) -> str:
    """NFKC (full-width digits and Ｘ), upper case, no spaces or hyphens."""
    text = unicodedata.normalize("NFKC", raw).upper()
    return "".join(text.split()).replace("-", "")


def parse_id_number(raw: str, *, today: dt.date | None = None) -> IdNumberInfo:
    """Validate and decode an ID number; raise ValidationError with a caseworker's message.

    An unknown place code is not an error (codes change over time): ``place_known`` says it.
    """
    if not isinstance(raw, str):
        raise ValidationError("身份证号必须是文字。", field=FIELD)
    number = normalize_id_number(raw)
    if len(number) != 18:
        raise ValidationError(f"身份证号应为18位，这里是{len(number)}位。", field=FIELD)
    if not number[:17].isdigit() or not number[:17].isascii():
        raise ValidationError("身份证号前17位必须是数字。", field=FIELD)
    if not (number[17].isdigit() and number[17].isascii()) and number[17] != "X":
        raise ValidationError("身份证号最后一位必须是数字或X。", field=FIELD)
    if number[17] != ric.calc_check_digit(number):
        raise ValidationError("身份证号校验位不正确，请核对是否有数字录错。", field=FIELD)
    try:
        birth = ric.get_birth_date(number)
    except stdnum_errors.ValidationError:
        raise ValidationError("身份证号中的出生日期不存在。", field=FIELD) from None
    today = today or dt.date.today()
    if birth > today or birth.year < 1900:
        raise ValidationError("身份证号中的出生日期不合理。", field=FIELD)
    sex = Sex.MALE if int(number[16]) % 2 == 1 else Sex.FEMALE
    place = number[:6]
    return IdNumberInfo(number, birth, sex, place, _place_known(number, place))


def _place_known(number: str, place: str) -> bool:
    if divisions.is_known(place):
        return True
    try:
        ric.get_birth_place(number)
    except stdnum_errors.ValidationError:
        return False
    return True


def make_id_number(place_code: str, birth: dt.date, sequence: int, sex: Sex) -> str:
    """Build a valid number (demo data, tests): ``sequence`` 0..499 picks the order code."""
    order = sequence % 500 * 2 + (1 if sex == Sex.MALE else 0)
    body = f"{place_code}{birth:%Y%m%d}{order:03d}"
    return body + ric.calc_check_digit(body + "0")
